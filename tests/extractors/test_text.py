"""Article text and metadata from whole pages: the seed, metadata fields, encodings and bad input."""

from __future__ import annotations

import datetime as dt
import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.records import ArticleText
from extractors.text import EXTRACTOR_VERSION, extract_article, extract_article_text

URL = "https://www.example-news.com/world/2025/07/23/istanbul-talks"
SEED = "seeds/000_1df419df4b49f9f7.txt"
REPO = Path(__file__).resolve().parents[2]

PARAGRAPHS = [
    "Russia and Ukraine returned to the negotiating table in Istanbul on Wednesday, the first direct "
    "talks in seven weeks, as pressure grew from Washington for a ceasefire.",
    "Turkish Foreign Minister Hakan Fidan opened the session at Ciragan Palace and urged both sides to "
    "build on the documents exchanged at their previous meeting in June.",
    "“Naturally, no one expects an easy road,” Kremlin spokesman Dmitry Peskov told reporters in Moscow.",
    "Ukraine’s delegation, led by Rustem Umerov, said Kyiv was ready for a meeting of presidents.",
]

META_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Russia and Ukraine resume talks in Istanbul | Example News</title>
<meta property="og:title" content="Russia and Ukraine resume talks in Istanbul">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Marlow">
<meta property="article:published_time" content="2025-07-23T14:05:00+03:00">
<link rel="canonical" href="/world/2025/07/23/istanbul-talks">
<meta property="og:url" content="https://www.example-news.com/ignored-when-canonical-exists">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article>
<h1>Russia and Ukraine resume talks in Istanbul</h1>
<p class="byline">By Jane Marlow</p>
{paragraphs}
</article>
<footer><p>© 2025 Example News. All rights reserved.</p></footer>
</body></html>"""


def _page(paragraphs: list[str]) -> str:
    return META_PAGE.format(paragraphs="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs))


def _seed_page(seed: str) -> str:
    """The seed article as a publisher would serve it: headings, paragraphs, a teaser link, a promo line."""
    blocks = []
    for line in seed.split("\n"):
        escaped = html.escape(line, quote=False)
        if line.startswith("Read: "):
            title = html.escape(line.removeprefix("Read: "), quote=False)
            blocks.append(f'<p><strong>Read:</strong> <a href="/tech/nokia">{title}</a></p>')
        elif len(line.split()) <= 6 and not line.endswith("."):
            blocks.append(f"<h2>{escaped}</h2>")
        else:
            blocks.append(f"<p>{escaped}</p>")
    return META_PAGE.replace("{paragraphs}", "\n".join(blocks))


def test_seed_page_keeps_every_paragraph_and_drops_both_boilerplate_lines(shared: Path) -> None:
    seed = (shared / SEED).read_text(encoding="utf-8")
    article = extract_article(_seed_page(seed).encode("utf-8"), URL, content_type="text/html; charset=utf-8")
    boilerplate = {
        "Read: Nokia Seeks New Manufacturing Partner for Mobile Comeback",
        "Follow us on Instagram, YouTube, Facebook,, X and TikTok for latest updates",
    }
    kept = article.text.split("\n")
    for line in seed.split("\n"):
        if line not in boilerplate:
            assert line in kept, line
    assert not boilerplate & set(kept)
    audit = {(r.text, r.rule_id, r.kind) for r in article.removed}
    assert (
        "Read: Nokia Seeks New Manufacturing Partner for Mobile Comeback",
        "html.read_link",
        "related_link",
    ) in audit
    assert (
        "Follow us on Instagram, YouTube, Facebook,, X and TikTok for latest updates",
        "social.follow_us",
        "social_promo",
    ) in audit
    assert article.problems == ()
    # the warehouse keys the audit on (line_no, rule_id): page-level removals count down from -1
    assert len({r.line_no for r in article.removed}) == len(article.removed)


def test_metadata_comes_from_the_page() -> None:
    article = extract_article(_page(PARAGRAPHS), URL)
    assert article.text.split("\n")[-len(PARAGRAPHS) :] == PARAGRAPHS
    assert article.title == "Russia and Ukraine resume talks in Istanbul"
    assert article.author == "Jane Marlow"
    assert article.published == dt.date(2025, 7, 23)
    assert article.site_name == "Example News"
    assert article.language == "en"
    assert article.canonical_url == "https://www.example-news.com/world/2025/07/23/istanbul-talks"
    assert article.extractor_version == EXTRACTOR_VERSION
    assert "trafilatura/2.3.1" in EXTRACTOR_VERSION


def test_og_url_is_the_canonical_url_when_no_link_rel_canonical() -> None:
    page = _page(PARAGRAPHS).replace('<link rel="canonical" href="/world/2025/07/23/istanbul-talks">', "")
    assert (
        extract_article(page, URL).canonical_url
        == "https://www.example-news.com/ignored-when-canonical-exists"
    )


def test_the_text_entry_point_returns_exactly_the_stored_text() -> None:
    page = _page([*PARAGRAPHS, "Follow us on Telegram for the latest updates"])
    article = extract_article(page, URL)
    assert extract_article_text(page, URL) == article.text
    assert article.text == "\n".join(PARAGRAPHS)
    # line numbers count the lines trafilatura wrote: the headline (0), the four paragraphs, the promo (5)
    assert [(r.line_no, r.rule_id, r.kind) for r in article.removed] == [
        (0, "text.title_repeat", "title"),
        (5, "social.follow_us", "social_promo"),
    ]


def test_an_h1_is_the_headline_only_when_it_is_the_only_one() -> None:
    sections = "".join(f"<h1>Section {n}</h1><p>{p}</p>" for n, p in enumerate(PARAGRAPHS))
    article = extract_article(f"<html><body><article>{sections}</article></body></html>", URL)
    assert article.text.split("\n")[0] == "Section 0"
    assert article.removed == ()
    single = f"<html><body><article><h1>Section 0</h1><p>{PARAGRAPHS[0]}</p></article></body></html>"
    assert extract_article_text(single, URL) == PARAGRAPHS[0]


def test_a_first_line_that_is_not_the_headline_stays() -> None:
    page = _page(PARAGRAPHS).replace(
        "<h1>Russia and Ukraine resume talks in Istanbul</h1>", "<h2>Talks resume</h2>"
    )
    article = extract_article(page, URL)
    assert article.text.split("\n")[0] == "Talks resume"
    assert article.removed == ()


def test_page_without_main_text_falls_back_to_the_baseline_and_says_so() -> None:
    text = "The talks in Istanbul resumed on Wednesday after seven weeks of silence between the delegations."
    page = f'<html><body><div id="comments"><p>{text}</p></div></body></html>'
    article = extract_article(page, URL)
    assert article.text == text
    assert [p.kind for p in article.problems] == ["extract_fallback"]


def test_a_fast_extraction_that_reads_like_a_menu_gets_a_second_opinion() -> None:
    from extractors.text import _doubtful

    menu = "\n".join(["Home", "World", "Europe", "Politics", "Business", "Sport"] * 4)
    assert _doubtful(menu + "\n" + PARAGRAPHS[0])
    assert _doubtful(PARAGRAPHS[0])  # too short to trust
    assert not _doubtful("\n".join(PARAGRAPHS * 2 + ["Talks resume", "Kremlin view"]))


# --------------------------------------------------------------------------- encodings


def test_windows_1252_bytes_declared_as_utf8_are_read_right() -> None:
    data = _page(PARAGRAPHS).encode("windows-1252")
    article = extract_article(data, URL, content_type="text/html; charset=utf-8")
    assert PARAGRAPHS[2] in article.text
    assert {p.kind for p in article.problems} >= {"charset_mismatch"}


def test_utf8_bytes_declared_as_latin1_are_read_right() -> None:
    data = _page(PARAGRAPHS).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode("utf-8")
    article = extract_article(data, URL)
    assert PARAGRAPHS[3] in article.text
    assert [p.kind for p in article.problems] == ["charset_mismatch"]


def _as_browsers_misread(text: str) -> str:
    """UTF-8 bytes read as windows-1252 the WHATWG way (its five unassigned bytes become C1 controls)."""
    return "".join(bytes([b]).decode("windows-1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_double_encoded_text_is_repaired_and_recorded() -> None:
    mangled = [_as_browsers_misread(p) for p in PARAGRAPHS[2:]]
    assert "â€" in mangled[0]
    article = extract_article(_page(PARAGRAPHS[:2] + mangled), URL)
    assert PARAGRAPHS[3] in article.text
    assert "â€" not in article.text
    assert "mojibake_repaired" in {p.kind for p in article.problems}


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "content_type", "kind"),
    [
        (b"", None, "empty_body"),
        (b" \r\n\t ", "text/html", "empty_body"),
        ("", None, "empty_body"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", "not_html"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "text/html", "not_html"),
        (bytes(range(256)) * 40, None, "not_html"),
        (b"\x00\x01\x02<html>", "text/html", "not_html"),
        (12345, None, "not_html"),
    ],
)
def test_bad_bodies_give_a_recorded_problem_not_an_exception(
    data: object, content_type: str | None, kind: str
) -> None:
    article = extract_article(data, URL, content_type=content_type)  # type: ignore[arg-type]
    assert isinstance(article, ArticleText)
    assert article.text == ""
    assert kind in {p.kind for p in article.problems}


def test_plain_text_body_is_read_as_text() -> None:
    article = extract_article("\n".join(PARAGRAPHS).encode("utf-8"), URL, content_type="text/plain")
    assert article.text == "\n".join(PARAGRAPHS)
    assert [p.kind for p in article.problems] == ["not_html"]


def test_fragment_is_read() -> None:
    assert extract_article_text(f"<p>{PARAGRAPHS[0]}</p>", URL) == PARAGRAPHS[0]


def test_unknown_declared_charset_is_recorded() -> None:
    article = extract_article(
        _page(PARAGRAPHS).encode("utf-8"), URL, content_type="text/html; charset=x-klingon"
    )
    assert PARAGRAPHS[0] in article.text
    assert "charset_unknown" in {p.kind for p in article.problems}


def test_a_five_megabyte_page_is_read_degraded() -> None:
    filler = '<div class="x"><p>Filler paragraph with a few words in it.</p></div>' * 75_000
    page = (
        f"<html><body>{filler}<article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>"
    )
    assert len(page) > 5_000_000
    article = extract_article(page.encode("utf-8"), URL)
    assert PARAGRAPHS[0] in article.text
    assert "page_huge" in {p.kind for p in article.problems}


def test_non_text_url_does_not_break_extraction() -> None:
    article = extract_article(_page(PARAGRAPHS), None)  # type: ignore[arg-type]
    assert PARAGRAPHS[0] in article.text


def test_importing_feeds_does_not_import_trafilatura() -> None:
    code = (
        "import sys, extractors.feeds; assert 'trafilatura' not in sys.modules; "
        "extractors.extract_article_text; assert 'trafilatura' in sys.modules"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
