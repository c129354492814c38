"""The main job end to end: real HTTP server, real Prefect flow, real DuckDB file.

The site served here is built in the test: two feeds (RSS and Atom) that both list the
seed article — whose exact text is read from ../shared — plus a second article, a page
that 404s and a feed that 500s.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flows.demo_site import serve_directory
from flows.poll import poll_and_process
from tests.parley_runs import count_rows
from warehouse.fields import FIELD_TABLES

pytestmark = pytest.mark.slow

SEED = "seeds/000_1df419df4b49f9f7.txt"
SUBHEADINGS = {
    "New Round of Talks in Istanbul",
    "Ukraine Pushes for Leaders’ Summit",
    "Russia Lowers Expectations",
    "History of Stalled Progress",
    "Trump’s Deadline Adds Pressure",
    "Turkey’s Role as Mediator",
    "Looking Ahead",
}

OTHER_ARTICLE = """
<p>Farmers in the northern valley began the grape harvest two weeks early this year after an unusually warm
spring, the regional agriculture office said on Tuesday.</p>
<p>Growers said the early start had shortened the picking season and left some vineyards short of hands,
while cooperatives expected a smaller but sweeter crop.</p>
<p>The office said rainfall over the summer had been a third below the long-term average.</p>
"""


def _page(title: str, body_html: str, canonical: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<link rel="canonical" href="{canonical}">
<meta property="article:published_time" content="2025-07-23T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<main><article><h1>{html.escape(title)}</h1>{body_html}</article></main>
<footer><p>© 2025 Test Courier. All rights reserved.</p></footer></body></html>"""


def _seed_body(text: str) -> str:
    parts = []
    for line in text.splitlines():
        if not line.strip():
            continue
        tag = "h2" if line in SUBHEADINGS else "p"
        parts.append(f"<{tag}>{html.escape(line)}</{tag}>")
    return "\n".join(parts)


@pytest.fixture
def site(tmp_path: Path, shared: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    seed_text = (shared / SEED).read_text(encoding="utf-8")
    base_holder: dict[str, str] = {}
    with serve_directory(root) as base:
        base_holder["base"] = base
        (root / "news" / "istanbul-talks.html").write_text(
            _page(
                "Russia and Ukraine meet again in Istanbul",
                _seed_body(seed_text),
                f"{base}/news/istanbul-talks.html",
            ),
            encoding="utf-8",
        )
        (root / "news" / "harvest.html").write_text(
            _page("Early grape harvest in the northern valley", OTHER_ARTICLE, f"{base}/news/harvest.html"),
            encoding="utf-8",
        )
        (root / "world.xml").write_text(
            f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Courier: World</title><link>{base}/</link>
<description>World</description>
<item><title>Russia and Ukraine meet again in Istanbul</title>
<link>{base}/news/istanbul-talks.html?utm_source=rss</link>
<guid>tc-1001</guid><pubDate>Wed, 23 Jul 2025 09:00:00 GMT</pubDate></item>
<item><title>Early grape harvest</title><link>{base}/news/harvest.html</link>
<guid>tc-1002</guid><pubDate>Tue, 22 Jul 2025 08:00:00 GMT</pubDate></item>
<item><title>A page that went missing</title><link>{base}/news/missing.html</link>
<guid>tc-1003</guid><pubDate>Tue, 22 Jul 2025 07:00:00 GMT</pubDate></item>
</channel></rss>""",
            encoding="utf-8",
        )
        (root / "top.atom").write_text(
            f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Test Courier: Top stories</title><id>urn:tc:top</id>
<updated>2025-07-23T09:00:00Z</updated>
<entry><title>Istanbul talks resume</title><id>urn:tc:top:1001</id><updated>2025-07-23T09:00:00Z</updated>
<link href="{base}/news/istanbul-talks.html"/></entry></feed>""",
            encoding="utf-8",
        )
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(
            f"""
[[feed]]
name = "courier-world"
url = "{base}/world.xml"
language = "en"

[[feed]]
name = "courier-top"
url = "{base}/top.atom"
language = "en"

[[feed]]
name = "broken-feed"
url = "{base}/no-such-feed.xml"
language = "en"

[[feed]]
name = "Not A Slug"
url = "ftp://example.org/feed"
""",
            encoding="utf-8",
        )
        yield base, feeds


def _run(feeds: Path, db: Path) -> None:
    poll_and_process(feeds_file=str(feeds), db_path=str(db), allow_private=["127.0.0.1"], force=True)


def _counts(db: Path) -> dict[str, int]:
    tables = ["entries", "articles", "pages", "removed_lines", "negotiation_articles", *FIELD_TABLES]
    with duckdb.connect(str(db), read_only=True) as con:
        return count_rows(con, [*tables, "article_urls"])


def test_seed_article_flows_from_feeds_to_duckdb(site: tuple[str, Path], tmp_path: Path) -> None:
    _, feeds = site
    db = tmp_path / "parley.duckdb"
    _run(feeds, db)

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT article_id, version, text FROM articles WHERE canonical_url LIKE '%istanbul-talks%'"
        ).fetchall()
        assert len(rows) == 1, "the seed article, listed by two feeds, is stored once"
        article_id, version, text = rows[0]
        assert "Read: Nokia" not in text
        assert "Follow us on" not in text
        assert "The third round of peace negotiations is being held at the historic Ciragan Palace" in text

        removed = con.execute(
            "SELECT text, rule_id, kind FROM removed_lines WHERE article_id = ?", [article_id]
        ).fetchall()
        kinds = {text.split(":")[0].split(" ")[0]: (rule, kind) for text, rule, kind in removed}
        assert kinds["Read"][1] == "related_link" and kinds["Read"][0]
        assert kinds["Follow"][1] == "social_promo" and kinds["Follow"][0]

        talk = con.execute(
            "SELECT parties, mediators, sentence, start_char, end_char FROM talks "
            "WHERE article_id = ? AND version = ? AND ordinal = 0",
            [article_id, version],
        ).fetchall()[0]
        parties, mediators, sentence, start, end = talk
        assert set(parties) == {"Russia", "Ukraine"}
        assert mediators == ["Turkey"]
        assert text[start:end] == sentence
        assert "Turkey" in sentence or "Istanbul" in sentence

        sightings = con.execute(
            "SELECT feed_id FROM entries WHERE canonical_url LIKE '%istanbul-talks%' ORDER BY feed_id"
        ).fetchall()
        assert [s[0] for s in sightings] == ["courier-top", "courier-world"]

        errors = con.execute("SELECT stage, coalesce(feed_id, url), kind FROM errors").fetchall()
        assert any(stage == "feed" and who == "broken-feed" for stage, who, _ in errors)
        assert any(stage == "page" and who.endswith("/news/missing.html") for stage, who, _ in errors)
        assert any(stage == "config" for stage, _, _ in errors), "the bad feed line is reported"


def test_second_run_adds_no_entry_article_or_field_rows(site: tuple[str, Path], tmp_path: Path) -> None:
    _, feeds = site
    db = tmp_path / "parley.duckdb"
    _run(feeds, db)
    first = _counts(db)
    _run(feeds, db)
    assert _counts(db) == first
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchall()[0][0] == 2
        assert con.execute("SELECT count(DISTINCT run_id) FROM fetches").fetchall()[0][0] == 2
        # the second poll was conditional: both healthy feeds answered 304 Not Modified
        not_modified = con.execute(
            "SELECT feed_id FROM fetches WHERE kind = 'feed' AND not_modified ORDER BY feed_id"
        ).fetchall()
        assert [r[0] for r in not_modified] == ["courier-top", "courier-world"]
