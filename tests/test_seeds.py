"""The seed data stays honest: feed lists well formed, demo feeds and pages consistent, expectations real.

These are meta-tests over data files (``seeds/``), not over Parley's code: a typo in a hand-written
page, feed or expectation fails here, before it can make a pipeline test fail for the wrong reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pycountry
import pytest

from extractors.feedlist import parse_feed_list

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEMO = SEEDS / "demo"
SEED_ARTICLE = ROOT / ".." / "shared" / "seeds" / "000_1df419df4b49f9f7.txt"
BASE = "http://parley-demo.invalid/"
FEED_FILES = [SEEDS / "feeds.toml", DEMO / "feeds.toml"]
PAGES = sorted(DEMO.glob("articles/**/*.html"))
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
# Elements HTML lets an author leave unclosed; the demo pages close them anyway, but the checker tolerates it.
OPTIONAL_END = frozenset(["p", "li", "option", "tr", "td", "th"])
# The vocabularies of ../shared/eval/negotiation/README.md, which expected.toml follows.
OUTCOME_TYPES = frozenset(
    [
        "prisoner_exchange",
        "remains_exchange",
        "hostage_release",
        "ceasefire",
        "agreement",
        "memorandum",
        "no_breakthrough",
        "next_round_agreed",
        "other",
    ]
)
PROPOSAL_TYPES = frozenset(["leaders_summit", "ceasefire", "peace_plan", "prisoner_exchange", "other"])
STATUSES = frozenset(["held", "ongoing", "scheduled", "proposed", "cancelled"])


def load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def rel(path: Path) -> str:
    return path.relative_to(DEMO).as_posix()


def demo_path(url: str) -> Path:
    """The file a placeholder URL names (query and fragment dropped, as the demo server does)."""
    assert url.startswith(BASE), url
    return DEMO / urlsplit(url).path.lstrip("/")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(path: Path) -> str:
    """All visible text of a page, whitespace squashed (what a reader could see, boilerplate included)."""
    tree = lxml.html.fromstring(path.read_bytes())
    for node in tree.xpath("//script | //style | //head"):
        node.drop_tree()
    return squash(tree.text_content())


def article_text(path: Path) -> str:
    """The text inside <article>, one paragraph per line."""
    tree = lxml.html.fromstring(path.read_bytes())
    return "\n".join(squash(p.text_content()) for p in tree.xpath("//article//p"))


def parsed_feeds() -> dict[str, Any]:
    demo = load_toml(DEMO / "feeds.toml")["feed"]
    return {feed["name"]: feedparser.parse(demo_path(feed["url"]).read_bytes()) for feed in demo}


EXPECTED = load_toml(DEMO / "expected.toml")


# --------------------------------------------------------------------------- feed lists


@pytest.mark.parametrize("path", FEED_FILES, ids=lambda p: p.relative_to(SEEDS).as_posix())
def test_feed_list_is_well_formed(path: Path) -> None:
    data = load_toml(path)
    assert set(data) == {"feed"}
    feeds = data["feed"]
    assert feeds, "an empty feed list"
    names = [feed["name"] for feed in feeds]
    assert [n for n, c in Counter(names).items() if c > 1] == []
    assert len({feed["url"] for feed in feeds}) == len(feeds), "the same URL listed twice"
    for feed in feeds:
        assert set(feed) <= {"name", "url", "language", "outlet", "region"}, feed
        assert {"name", "url", "language", "outlet"} <= set(feed), feed
        assert SLUG.match(feed["name"]), feed["name"]
        parts = urlsplit(feed["url"])
        assert parts.scheme in {"http", "https"} and parts.netloc, feed["url"]
        assert pycountry.languages.get(alpha_2=feed["language"]) is not None, feed["language"]
        assert feed["outlet"].strip() == feed["outlet"] and feed["outlet"], feed
        if "region" in feed:
            assert SLUG.match(feed["region"]), feed["region"]


@pytest.mark.parametrize("path", FEED_FILES, ids=lambda p: p.relative_to(SEEDS).as_posix())
def test_feed_list_loads_without_problems(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = parse_feed_list(text, path.name)
    assert result.problems == ()
    assert len(result.feeds) == len(re.findall(r"^\[\[feed\]\]$", text, re.MULTILINE))


def test_default_feed_list_is_real_public_feeds() -> None:
    feeds = load_toml(SEEDS / "feeds.toml")["feed"]
    assert 15 <= len(feeds) <= 40
    hosts = {urlsplit(feed["url"]).hostname for feed in feeds}
    placeholders = (".invalid", ".example", ".test", "localhost")
    assert not any(host is None or host.endswith(placeholders) for host in hosts)
    assert len({feed["outlet"] for feed in feeds}) >= 15, "too few distinct outlets"
    assert {"en", "fr", "de"} <= {feed["language"] for feed in feeds}


# --------------------------------------------------------------------------- demo feeds


def test_demo_feed_urls_name_files_of_the_demo() -> None:
    for feed in load_toml(DEMO / "feeds.toml")["feed"]:
        assert demo_path(feed["url"]).is_file(), feed["url"]


def test_demo_feeds_parse_cleanly_and_cover_rss_and_atom() -> None:
    feeds = parsed_feeds()
    assert len(feeds) >= 4
    for name, parsed in feeds.items():
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries, name
        for entry in parsed.entries:
            assert entry.get("id"), (name, entry.get("title"))
            assert entry.get("title") and entry.get("link"), name
            assert entry.get("published_parsed")[:2] == (2025, 7), (name, entry.get("published"))
    versions = {parsed.version for parsed in feeds.values()}
    assert "rss20" in versions and "atom10" in versions


def test_demo_feed_links_point_at_pages_except_the_deliberate_404() -> None:
    missing = {m["url"] for m in EXPECTED["missing"]}
    for parsed in parsed_feeds().values():
        for entry in parsed.entries:
            target = demo_path(entry.link)
            if entry.link.split("?")[0] in missing:
                assert not target.exists(), entry.link
            else:
                assert target.is_file(), entry.link
    for url in missing:
        assert not demo_path(url).exists()


def test_demo_feeds_carry_tracking_params_and_a_story_seen_twice() -> None:
    links = [entry.link for parsed in parsed_feeds().values() for entry in parsed.entries]
    assert any("utm_" in urlsplit(link).query for link in links)
    stripped = Counter(link.split("?")[0] for link in links)
    assert max(stripped.values()) == 2


# --------------------------------------------------------------------------- demo pages


class _TagBalance(HTMLParser):
    """Collects tag-nesting errors: a page whose tags do not balance is a typo, not a test case."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] += 1
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> does not close <{self.stack[-1:]}>")
            return
        self.stack.pop()


def test_there_are_about_a_dozen_pages() -> None:
    assert 10 <= len(PAGES) <= 16


@pytest.mark.parametrize("path", PAGES, ids=rel)
def test_page_is_valid_enough_html_in_news_page_shape(path: Path) -> None:
    raw = path.read_bytes()
    assert 2_000 <= len(raw) <= 6_500, f"{len(raw)} bytes"
    text = raw.decode("utf-8")
    checker = _TagBalance()
    checker.feed(text)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert checker.counts["html"] == checker.counts["head"] == checker.counts["body"] == 1
    assert checker.counts["article"] == 1 and checker.counts["h1"] == 1
    assert checker.counts["nav"] >= 1 and checker.counts["footer"] >= 1

    tree = lxml.html.fromstring(raw)
    url = BASE + rel(path)
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert tree.xpath("//meta[@property='og:url']/@content") == [url]
    assert tree.xpath("/html/@lang")[0].startswith("en")
    assert squash(tree.findtext(".//title") or "")
    assert tree.xpath("//meta[@name='description']/@content")
    assert tree.xpath("//meta[@name='author']/@content")
    (stamp,) = tree.xpath("//meta[@property='article:published_time']/@content")
    published = dt.datetime.fromisoformat(stamp)
    assert (published.year, published.month) == (2025, 7) and published.tzinfo is not None
    hrefs = " ".join(tree.xpath("//a/@href"))
    for share in ("facebook.com/sharer", "x.com/intent", "wa.me/"):
        assert share in hrefs
    assert "http://parley-demo.invalid" not in hrefs.replace(BASE, "")  # the base always ends with "/"
    assert len(article_text(path).split()) >= 120
    assert re.search(r"(©|&copy;) ?2025", page_text(path) + text)


@pytest.mark.parametrize("path", PAGES, ids=rel)
def test_page_carries_in_article_boilerplate(path: Path) -> None:
    body = article_text(path)
    assert re.search(r"^(Read|ALSO READ|READ MORE):", body, re.MULTILINE | re.IGNORECASE)
    assert re.search(r"^Follow .* on .*(Facebook|X|YouTube)", body, re.MULTILINE)
    assert re.search(r"(Sign up|Subscribe)\b.*newsletter", page_text(path))


def test_sitemaps_and_robots_list_every_page() -> None:
    sitemap = lxml.etree.fromstring((DEMO / "sitemap.xml").read_bytes())
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    locs = sitemap.xpath("//s:url/s:loc/text()", namespaces=ns)
    assert sorted(locs) == sorted(BASE + rel(p) for p in PAGES)
    for lastmod in sitemap.xpath("//s:url/s:lastmod/text()", namespaces=ns):
        assert dt.datetime.fromisoformat(lastmod).tzinfo is not None
    assert len(sitemap.xpath("//s:lastmod", namespaces=ns)) == len(locs)
    news = lxml.etree.fromstring((DEMO / "sitemap-news.xml").read_bytes())
    for url in news.xpath("//s:url", namespaces=ns):
        assert demo_path(url.xpath("s:loc/text()", namespaces=ns)[0]).is_file()
        dt.datetime.fromisoformat(url.xpath(".//n:publication_date/text()", namespaces=ns)[0])
    robots = (DEMO / "robots.txt").read_text(encoding="utf-8")
    sitemaps = re.findall(r"^Sitemap: (\S+)$", robots, re.MULTILINE)
    assert sitemaps and all(demo_path(url).is_file() for url in sitemaps)
    assert re.search(r"^Disallow: /articles", robots, re.MULTILINE) is None


# --------------------------------------------------------------------------- expected.toml


def test_expectations_cover_every_page_exactly_once() -> None:
    paths = [page["path"] for page in EXPECTED["page"]]
    assert sorted(paths) == sorted(rel(p) for p in PAGES)
    for page in EXPECTED["page"]:
        assert page["url"] == BASE + page["path"]


def test_expected_summary_matches_the_feeds_and_pages() -> None:
    summary = EXPECTED["summary"]
    feeds = parsed_feeds()
    links = [entry.link.split("?")[0] for parsed in feeds.values() for entry in parsed.entries]
    assert summary["feeds"] == len(feeds)
    assert summary["entries"] == len(links)
    assert summary["distinct_links"] == len(set(links))
    assert summary["articles"] == len(PAGES)
    assert summary["http_errors"] == len(EXPECTED["missing"])
    assert summary["negotiation_articles"] == sum(page["is_negotiation"] for page in EXPECTED["page"])
    assert summary["near_duplicate_pairs"] == len(EXPECTED["duplicate"])
    assert 3 <= len(PAGES) - summary["negotiation_articles"] <= 5


def test_expected_feeds_match_where_pages_are_listed() -> None:
    listed: dict[str, set[str]] = {}
    for name, parsed in parsed_feeds().items():
        for entry in parsed.entries:
            listed.setdefault(entry.link.split("?")[0], set()).add(name)
    for page in EXPECTED["page"]:
        assert set(page["feeds"]) == listed.get(page["url"], set()), page["path"]
    for missing in EXPECTED["missing"]:
        assert listed[missing["url"]] == {missing["feed"]}


@pytest.mark.parametrize("page", EXPECTED["page"], ids=lambda p: p["path"])
def test_expected_text_is_really_on_the_page(page: dict[str, Any]) -> None:
    path = DEMO / page["path"]
    body = article_text(path)
    visible = page_text(path)
    for sentence in page["keep"]:
        assert sentence in body
    kinds = {line["kind"] for line in page["boilerplate"]}
    assert {"related_link", "social_promo"} <= kinds <= {"related_link", "social_promo", "newsletter"}
    for line in page["boilerplate"] + [{"text": t} for t in page.get("may_drop", [])]:
        assert line["text"] in visible
    for quote in page.get("quotes", []):
        assert f"“{quote['text']}" in body
        assert quote["speaker"].split()[-1] in body
    for person in page.get("participants", []):
        assert person["name"] in body
    for talk in page.get("talks", []):
        for place in filter(None, [talk.get("city"), talk.get("venue")]):
            assert place in body
    tree = lxml.html.fromstring(path.read_bytes())
    assert squash(tree.findtext(".//h1") or "") == page["title"]
    assert page["title"] in squash(tree.findtext(".//title") or "")
    assert tree.xpath("//meta[@name='author']/@content") == [page["author"]]
    published = tree.xpath("//meta[@property='article:published_time']/@content")[0]
    assert dt.datetime.fromisoformat(published).astimezone(dt.UTC).date().isoformat() == page["published"]


@pytest.mark.parametrize("page", EXPECTED["page"], ids=lambda p: p["path"])
def test_expected_fields_follow_the_eval_schema(page: dict[str, Any]) -> None:
    lists = ("talks", "participants", "quotes", "outcomes", "deadlines", "proposals")
    if not page["is_negotiation"]:
        assert all(not page.get(key) for key in lists), page["path"]
        return
    assert page["talks"] and page["quotes"]
    for talk in page["talks"]:
        assert talk["status"] in STATUSES
        assert len(talk["parties"]) >= 2
        if "date" in talk:
            dt.date.fromisoformat(talk["date"])
    assert {o["type"] for o in page["outcomes"]} <= OUTCOME_TYPES
    assert {p["type"] for p in page["proposals"]} <= PROPOSAL_TYPES
    for deadline in page["deadlines"]:
        assert "days" in deadline or "date" in deadline


def test_expected_duplicate_pair_is_a_near_duplicate_and_nothing_else_is() -> None:
    def shingles(path: Path) -> set[tuple[str, ...]]:
        tokens = words(article_text(path))
        return {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}

    def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
        return len(a & b) / len(a | b)

    (pair,) = EXPECTED["duplicate"]
    original, copy = DEMO / pair["original"], DEMO / pair["copy"]
    assert jaccard(shingles(original), shingles(copy)) >= 0.7
    assert lxml.html.fromstring(original.read_bytes()).findtext(".//h1") != lxml.html.fromstring(
        copy.read_bytes()
    ).findtext(".//h1")
    for one, other in itertools.combinations(PAGES, 2):
        if {one, other} != {original, copy}:
            assert jaccard(shingles(one), shingles(other)) < 0.2, (rel(one), rel(other))


# --------------------------------------------------------------------------- the seed story, retold


def _seed_text() -> str:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"the shared seed article is not beside the repository ({SEED_ARTICLE})")
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("index", [0, 1], ids=["original", "republished"])
def test_seed_story_keeps_every_quotation_of_the_seed(index: int) -> None:
    seed = _seed_text()
    (pair,) = EXPECTED["duplicate"]
    body = article_text(DEMO / (pair["original"], pair["copy"])[index])
    quotations = re.findall(r"“([^”]+)”", seed)
    assert len(quotations) == 5
    for quotation in quotations:
        assert quotation in body


def test_seed_story_is_told_in_our_own_words() -> None:
    seed = _seed_text()
    (pair,) = EXPECTED["duplicate"]

    (page,) = [page for page in EXPECTED["page"] if page["path"] == pair["original"]]
    # Quotations are facts and stay verbatim; the promo lines are the same *kind* of boilerplate on purpose.
    promo = [line["text"] for line in page["boilerplate"]]
    promo += re.findall(r"^(?:Read|Follow us on):? .*$", seed, re.MULTILINE)

    def eight_grams(text: str) -> set[tuple[str, ...]]:
        for line in promo:
            text = text.replace(line, " ")
        tokens = words(re.sub(r"“[^”]+”", " ", text))
        return {tuple(tokens[i : i + 8]) for i in range(len(tokens) - 7)}

    borrowed = eight_grams(seed) & eight_grams(article_text(DEMO / pair["original"]))
    assert borrowed == set()
