"""Article text and page metadata from HTML: trafilatura for the body, our rules for the boilerplate.

The pipeline is decode → parse → drop what the markup marks as not-article → trafilatura (news
settings: one paragraph per line, no comments, fast mode with its second opinions only when the fast
text looks failed) → strip boilerplate lines and headline repeats; pages that show mojibake are
repaired and read again. Every step that changes or loses something records it (a RemovedLine or
a Problem), and nothing raises.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import html as lxml_html
from trafilatura.utils import load_html

from extractors.boilerplate import RULES_PATH, strip_boilerplate
from extractors.charset import decode_page, repair_mojibake, suspect_mojibake
from extractors.html_clean import clean_tree
from extractors.records import ArticleText, Problem, RemovedLine

EXTRACTOR_VERSION = (
    f"parley-text/1 trafilatura/{trafilatura.__version__} "
    f"rules/{hashlib.sha256(RULES_PATH.read_bytes()).hexdigest()[:12]}"
)

MAX_PAGE_BYTES = 8_000_000  # beyond this a "page" is a dump or an attack; read only its start
DOUBTFUL_CHARS = 500  # a fast extraction shorter than this gets trafilatura's second opinions
DOUBTFUL_SHORT_SHARE = 0.6  # …and so does one whose lines are mostly one to three words (a menu)
HUGE_PAGE_TAGS = 60_000  # news pages have a few thousand tags; on 100k+ trafilatura takes minutes
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"RIFF", b"OggS")
_NON_HTML_TYPES = re.compile(
    r"^\s*(?:image|audio|video|font)/|application/(?:pdf|zip|octet-stream|gzip)", re.I
)
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|article|span|a|br|meta|title)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TITLE_XPATHS = (
    "/html/head/meta[@property='og:title']/@content",
    "/html/head/meta[@name='twitter:title']/@content",
    "/html/head/title/text()",
)


def extract_article(data: bytes | str, url: str, *, content_type: str | None = None) -> ArticleText:
    """Read an article page into clean text plus metadata, recording every removal and problem.

    Args:
        data: The page body as fetched (bytes are decoded here) or already decoded.
        url: The URL the page was fetched from (used for site rules and relative links).
        content_type: The HTTP Content-Type header, if known.

    Returns:
        The article; on bad input an ArticleText with whatever could be read and its problems.
    """
    return _extract(data, url, content_type, with_metadata=True)


def extract_article_text(html: str, url: str) -> str:
    """Return the article text exactly as Parley stores it (the benchmark entry point).

    Args:
        html: The page's HTML.
        url: The page's URL.

    Returns:
        Clean article text, one paragraph per line; "" when the page has none.
    """
    return _extract(html, url, None, with_metadata=False).text


# --------------------------------------------------------------------------- pipeline


@dataclass
class _Run:
    """What one extraction has gathered so far."""

    url: str
    problems: list[Problem] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)

    def problem(self, kind: str, message: str) -> None:
        self.problems.append(Problem(kind, message, self.url or None))


def _extract(data: bytes | str, url: str, content_type: str | None, *, with_metadata: bool) -> ArticleText:
    run = _Run(url=url if isinstance(url, str) else "")
    try:
        return _pipeline(data, run, content_type, with_metadata=with_metadata)
    except Exception as err:  # the contract is "never raises": a bug here becomes a recorded problem
        run.problem("extract_error", f"{type(err).__name__}: {err}")
        return ArticleText(
            text="",
            removed=tuple(run.removed),
            extractor_version=EXTRACTOR_VERSION,
            problems=tuple(run.problems),
        )


def _pipeline(data: bytes | str, run: _Run, content_type: str | None, *, with_metadata: bool) -> ArticleText:
    page = _read(data, run, content_type)
    if page is None:
        return ArticleText(text="", extractor_version=EXTRACTOR_VERSION, problems=tuple(run.problems))
    read_problems = list(run.problems)
    article = _from_page(page, run, with_metadata=with_metadata)
    if suspect_mojibake(f"{article.title or ''}\n{article.text}"):
        # checking the short text first keeps clean pages fast; the page is repaired, not the text,
        # because parsing may already have dropped the C1 bytes that some mis-decodings leave behind
        fixed, count = repair_mojibake(page)
        if count:
            retry = _Run(url=run.url, problems=read_problems)
            retry.problem("mojibake_repaired", f"{count} mis-decoded character runs repaired")
            article = _from_page(fixed, retry, with_metadata=with_metadata)
    return article


def _from_page(page: str, run: _Run, *, with_metadata: bool) -> ArticleText:
    domain = urlsplit(run.url).hostname if run.url else None
    tree = _parse(page)
    meta = _Metadata()
    headlines: frozenset[str] = frozenset()
    if tree is None:
        run.problem("not_html", "no HTML markup found; the body is read as plain text")
        text = _plain_text(page)
    else:
        tags = page.count("<")
        huge = tags > HUGE_PAGE_TAGS
        if huge:
            run.problem("page_huge", f"about {tags} tags: baseline text only, metadata as declared")
        if with_metadata:
            meta = _metadata(tree, run, declared_only=huge)
        headlines = _headlines(tree)
        run.removed.extend(clean_tree(tree, page))
        text = _baseline_text(tree) if huge else _main_text(tree, run)
    text, removed = strip_boilerplate(text, domain=domain, headlines=headlines)
    run.removed.extend(removed)
    if not text.strip():
        run.problem("empty_text", "no article text found")
    return ArticleText(
        text=text,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        site_name=meta.site_name,
        language=meta.language,
        canonical_url=meta.canonical_url,
        removed=tuple(run.removed),
        extractor_version=EXTRACTOR_VERSION,
        problems=tuple(run.problems),
    )


def _read(data: bytes | str, run: _Run, content_type: str | None) -> str | None:
    """Turn the body into text, or record why there is no page to read."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if not raw.strip():
            run.problem("empty_body", "the page body is empty")
            return None
        if (content_type and _NON_HTML_TYPES.search(content_type)) or raw.startswith(_BINARY_MAGIC):
            run.problem("not_html", f"binary body ({content_type or 'by its first bytes'}); not read")
            return None
        if len(raw) > MAX_PAGE_BYTES:
            run.problem("page_truncated", f"{len(raw)} bytes; only the first {MAX_PAGE_BYTES} read")
            raw = raw[:MAX_PAGE_BYTES]
        decoded = decode_page(raw, content_type, run.url or None)
        run.problems.extend(decoded.problems)
        text = decoded.text
    elif isinstance(data, str):
        text = data
        if len(text) > MAX_PAGE_BYTES:
            run.problem("page_truncated", f"{len(text)} characters; only the first {MAX_PAGE_BYTES} read")
            text = text[:MAX_PAGE_BYTES]
    else:
        run.problem("not_html", f"body of type {type(data).__name__} is not bytes or text")
        return None
    if not text.strip():
        run.problem("empty_body", "the page body is empty")
        return None
    head = text[:4096]
    if "\x00" in head or len(_CONTROL.findall(head)) > len(head) // 20:
        run.problem("not_html", "the body is binary, not text; not read")
        return None
    return text


def _parse(page: str) -> lxml_html.HtmlElement | None:
    """Parse the page, or return None when it has no markup to speak of."""
    if not _MARKUP.search(page, 0, 100_000):
        return None
    tree = load_html(page)
    if tree is None:
        # trafilatura refuses fragments; a fragment is still markup we can read
        try:
            tree = lxml_html.document_fromstring(f"<html><body><div>{page}</div></body></html>")
        except (ValueError, lxml_html.etree.ParserError):
            return None
    return tree


def _main_text(tree: lxml_html.HtmlElement, run: _Run) -> str:
    """Run trafilatura with news settings; fall back to its baseline when it finds nothing.

    Its fast mode goes first; its slower second opinions (readability, jusText) are asked only
    when the fast text looks like a failure: short, or mostly one-to-three-word lines (a menu).
    """
    text = _trafilatura(tree, run, fast=True)
    if _doubtful(text):
        text = _trafilatura(tree, run, fast=False)
    if text.strip():
        return _tidy(text)
    run.problem("extract_fallback", "trafilatura found no main text; baseline extraction used")
    return _baseline_text(tree)


def _trafilatura(tree: lxml_html.HtmlElement, run: _Run, *, fast: bool) -> str:
    document = trafilatura.bare_extraction(
        tree,
        url=run.url or None,
        fast=fast,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    return getattr(document, "text", None) or ""


def _doubtful(text: str) -> bool:
    """Say whether a fast extraction looks failed: too short, or mostly lines of one to three words."""
    if len(text) < DOUBTFUL_CHARS:
        return True
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(line.split()) <= 3)
    return len(lines) >= 10 and short > len(lines) * DOUBTFUL_SHORT_SHARE


def _baseline_text(tree: lxml_html.HtmlElement) -> str:
    """trafilatura's baseline: JSON-LD article body, <article>, or the page's paragraphs."""
    _, text, _ = trafilatura.baseline(tree)
    return _tidy(text)


def _headlines(tree: lxml_html.HtmlElement) -> frozenset[str]:
    """The headline as the page states it: og/twitter title, <title> with and without site name, <h1>.

    An <h1> counts only when it is the page's only one: some templates use <h1> for every section.
    """
    found: set[str] = set()
    for xpath in _TITLE_XPATHS:
        for value in tree.xpath(xpath):
            title = str(value)
            found.add(title)
            for separator in (" | ", " - ", " – ", " — ", " :: ", " « "):
                if separator in title:
                    found.update((title.split(separator)[0], title.rsplit(separator, 1)[0]))
    h1 = list(itertools.islice(tree.iter("h1"), 2))
    if len(h1) == 1:
        found.add(h1[0].text_content())
    return frozenset(found)


def _plain_text(page: str) -> str:
    return _tidy(page)


def _tidy(text: str) -> str:
    """One paragraph per line: drop blank lines and surrounding whitespace."""
    lines = (line.strip() for line in _BLANK_LINES.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class _Metadata:
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None


_LANG_XPATHS = (
    "/html/@lang",
    "/html/@xml:lang",
    "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)
_CANONICAL_XPATHS = (
    "//link[contains(concat(' ', normalize-space(translate(@rel,'CANONICAL','canonical')), ' '),"
    " ' canonical ')]/@href",
    "//meta[@property='og:url']/@content",
)
_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _metadata(tree: lxml_html.HtmlElement, run: _Run, *, declared_only: bool = False) -> _Metadata:
    """Title, author, date and site via trafilatura/htmldate; language and canonical URL as the page says."""
    found = None
    try:
        if not declared_only:
            found = trafilatura.extract_metadata(tree, default_url=run.url or None)
    except Exception as err:  # trafilatura's metadata code has its own bugs; the text is still worth having
        run.problem("metadata_error", f"{type(err).__name__}: {err}")
    published = None
    date_text = getattr(found, "date", None)
    if date_text:
        try:
            published = dt.date.fromisoformat(date_text[:10])
        except ValueError:
            run.problem("bad_date", f"unreadable publication date {date_text!r}")
    return _Metadata(
        title=getattr(found, "title", None) or None,
        author=getattr(found, "author", None) or None,
        published=published,
        site_name=getattr(found, "sitename", None) or None,
        language=_language(tree),
        canonical_url=_canonical(tree, run.url),
    )


def _language(tree: lxml_html.HtmlElement) -> str | None:
    for xpath in _LANG_XPATHS:
        for value in tree.xpath(xpath):
            code = str(value).strip().split(",")[0].strip()
            if _LANG_CODE.match(code):
                return code.replace("_", "-").split("-")[0].lower()
    return None


def _canonical(tree: lxml_html.HtmlElement, url: str) -> str | None:
    """The page's canonical URL as written (relative ones resolved against the page URL)."""
    for xpath in _CANONICAL_XPATHS:
        for value in tree.xpath(xpath):
            href = str(value).strip()
            if href:
                return urljoin(url, href) if url else href
    return None
