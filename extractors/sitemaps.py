"""Where a site keeps its past: robots.txt sitemap lines, sitemaps, news sitemaps, archived feeds.

Pure readers for ``parley backfill``: bytes or text in, typed records out, no network.
The backfill flow fetches; these functions say what a document lists and what to fetch next.
Sitemaps follow sitemaps.org 0.9 (``urlset`` and ``sitemapindex``, optionally gzipped) with
Google's news extension (``news:publication_date``); feed history follows RFC 5005
(archived feeds linked by ``prev-archive``, paged feeds linked by ``next``).
Bad input never raises: it comes back as :class:`Problem` values.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree

from extractors.records import Problem

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
HISTORY_NS = "http://purl.org/syndication/history/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file
_GZIP_MAGIC = b"\x1f\x8b"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")

SitemapKind = Literal["urlset", "index", "unknown"]


@dataclass(frozen=True)
class SitemapUrl:
    """One ``<url>`` of a urlset, or one child ``<sitemap>`` of an index."""

    loc: str
    lastmod: dt.datetime | None = None  # timezone-aware UTC
    published: dt.datetime | None = None  # news:publication_date, timezone-aware UTC
    title: str | None = None  # news:title

    @property
    def when(self) -> dt.datetime | None:
        """The date a window filter uses: publication date first (it is what news sitemaps promise)."""
        return self.published or self.lastmod


@dataclass(frozen=True)
class Sitemap:
    """A sitemap document read into its entries (pages for a urlset, child sitemaps for an index)."""

    url: str
    kind: SitemapKind
    entries: tuple[SitemapUrl, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class FeedPaging:
    """A feed document's RFC 5005 history links: where older entries are, and what the document is."""

    url: str
    older: str | None = None  # prev-archive (archived feeds) or next (paged feeds), absolute
    is_archive: bool = False  # <fh:archive/>: an archive document, stable once published
    is_complete: bool = False  # <fh:complete/>: this document holds every entry; there is no history
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class DateWindow:
    """A half-open UTC interval [since, until); either end may be open."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        """True when neither end is set (everything is inside)."""
        return self.since is None and self.until is None

    def contains(self, when: dt.datetime | None) -> bool:
        """Whether a date is inside; an undated item is inside only an open window."""
        if when is None:
            return self.is_open
        when = _as_utc(when)
        return (self.since is None or when >= self.since) and (self.until is None or when < self.until)

    def entirely_before(self, when: dt.datetime | None) -> bool:
        """True when ``when`` is known and earlier than the window's start (nothing older can match)."""
        return when is not None and self.since is not None and _as_utc(when) < self.since


@dataclass(frozen=True)
class UrlList:
    """The URLs of a backfill file, in order and without repeats, and the lines that were not URLs."""

    urls: tuple[str, ...]
    problems: tuple[Problem, ...] = ()


def date_window(since: dt.date | dt.datetime | None, until: dt.date | dt.datetime | None) -> DateWindow:
    """Turn CLI dates into a window: a date ``until`` includes that whole day (UTC).

    Args:
        since: first day (or instant) to include.
        until: last day to include, or an instant to stop before.

    Returns:
        The half-open window.
    """
    start = _day_start(since) if since is not None else None
    end = None
    if until is not None:
        end = _as_utc(until) if isinstance(until, dt.datetime) else _day_start(until) + dt.timedelta(days=1)
    return DateWindow(start, end)


def robots_sitemaps(text: str, robots_url: str) -> tuple[str, ...]:
    """The ``Sitemap:`` lines of a robots.txt, made absolute, in order and without repeats.

    Args:
        text: the robots.txt body.
        robots_url: where it was fetched from (relative sitemap URLs resolve against it).

    Returns:
        The sitemap URLs (http and https only).
    """
    found: dict[str, None] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        name, sep, value = line.partition(":")
        if not sep or name.strip().lower() != "sitemap" or not value.strip():
            continue
        url = urljoin(robots_url, value.strip())
        if urlsplit(url).scheme in {"http", "https"}:
            found[url] = None
    return tuple(found)


def site_root(url: str) -> str:
    """The ``scheme://host[:port]`` origin of a URL, where robots.txt and /sitemap.xml live."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def parse_sitemap(body: bytes, url: str, *, max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """Read a sitemap index or urlset (plain or gzipped) into its entries.

    Args:
        body: the document as fetched.
        url: where it came from (relative locations resolve against it).
        max_bytes: refuse to inflate a gzipped sitemap past this size.

    Returns:
        The sitemap; ``kind`` is ``unknown`` with a problem when it is not one.
    """
    data, problems = _inflate(body, url, max_bytes)
    if data is None:
        return Sitemap(url, "unknown", problems=tuple(problems))
    root = _xml_root(data)
    if root is None:
        return Sitemap(
            url, "unknown", problems=(*problems, Problem("sitemap_parse", "not an XML document", url))
        )
    name = etree.QName(root).localname
    if name not in {"urlset", "sitemapindex"}:
        problems.append(Problem("sitemap_parse", f"root element <{name}> is not a sitemap", url))
        return Sitemap(url, "unknown", problems=tuple(problems))
    kind: SitemapKind = "urlset" if name == "urlset" else "index"
    item = "url" if kind == "urlset" else "sitemap"
    entries: list[SitemapUrl] = []
    seen: set[str] = set()
    for element in root:
        if not isinstance(element.tag, str) or etree.QName(element).localname != item:
            continue
        entry = _entry(element, url, problems)
        if entry is not None and entry.loc not in seen:
            seen.add(entry.loc)
            entries.append(entry)
    return Sitemap(url, kind, tuple(entries), tuple(problems))


def pages_in_window(sitemap: Sitemap, window: DateWindow) -> list[SitemapUrl]:
    """The page entries of a urlset whose publication date (else lastmod) is inside the window."""
    if sitemap.kind != "urlset":
        return []
    return [entry for entry in sitemap.entries if window.contains(entry.when)]


def children_in_window(index: Sitemap, window: DateWindow) -> list[str]:
    """Child sitemaps of an index worth opening: a child last modified before the window cannot list
    anything changed inside it; an undated child must be opened."""
    if index.kind != "index":
        return []
    return [entry.loc for entry in index.entries if not window.entirely_before(entry.lastmod)]


def feed_paging(body: bytes, url: str) -> FeedPaging:
    """Read a feed document's history links (RFC 5005) without reading its entries.

    Args:
        body: the feed document (Atom, or RSS with ``atom:link`` elements).
        url: where it came from (relative links resolve against it or its ``xml:base``).

    Returns:
        Where older entries live: ``prev-archive`` for archived feeds, else ``next`` for paged feeds.
    """
    root = _xml_root(body)
    if root is None:
        return FeedPaging(url, problems=(Problem("feed_parse", "not an XML document", url),))
    container = root
    if etree.QName(root).localname == "rss":
        channel = next(
            (c for c in root if isinstance(c.tag, str) and etree.QName(c).localname == "channel"), None
        )
        container = channel if channel is not None else root
    base = urljoin(url, root.get(f"{{{XML_NS}}}base") or "")
    links: dict[str, str] = {}
    is_archive = is_complete = False
    for child in container:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.namespace == HISTORY_NS:
            is_archive |= qname.localname == "archive"
            is_complete |= qname.localname == "complete"
        elif qname.localname == "link" and qname.namespace == ATOM_NS:
            rel = (child.get("rel") or "alternate").strip().lower()
            href = (child.get("href") or "").strip()
            if href and rel not in links:
                links[rel] = urljoin(base, href)
    older = None if is_complete else links.get("prev-archive") or links.get("next")
    if older is not None and (older == url or urlsplit(older).scheme not in {"http", "https"}):
        older = None
    return FeedPaging(url, older, is_archive, is_complete)


def parse_url_list(text: str, origin: str = "urls.txt") -> UrlList:
    """Read a backfill URL file: one http(s) URL a line; blank lines and ``#`` comments are skipped.

    Args:
        text: the file's content.
        origin: the file name used in messages.

    Returns:
        The URLs in file order without repeats; every other line becomes a problem naming its line.
    """
    urls: dict[str, None] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = urlsplit(line)
        if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in line):
            problems.append(Problem("bad_url", f"{origin}:{number}: not an http(s) URL: {line[:200]!r}"))
            continue
        urls[line] = None
    return UrlList(tuple(urls), tuple(problems))


def parse_w3c_datetime(value: str | None) -> dt.datetime | None:
    """A sitemap date (W3C datetime: ``2025``, ``2025-07``, ``2025-07-23``, or with time and zone) in UTC.

    Args:
        value: the element text.

    Returns:
        The instant in UTC (a date alone is its midnight UTC), or None when unreadable.
    """
    if not value:
        return None
    text = value.strip()
    partial = _PARTIAL_DATE.match(text)
    try:
        if partial:
            return dt.datetime(int(partial[1]), int(partial[2] or 1), 1, tzinfo=dt.UTC)
        parsed = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return _as_utc(parsed)


def _entry(element: etree._Element, base: str, problems: list[Problem]) -> SitemapUrl | None:
    """One <url> or <sitemap> element, or None (with a problem) when it has no usable <loc>."""
    loc = lastmod = published = title = None
    for child in element.iter():
        if not isinstance(child.tag, str) or child is element:
            continue
        qname = etree.QName(child)
        text = (child.text or "").strip()
        if qname.localname == "loc" and qname.namespace in {SITEMAP_NS, None} and loc is None:
            loc = text
        elif qname.localname == "lastmod" and qname.namespace in {SITEMAP_NS, None}:
            lastmod = _date(text, "lastmod", base, problems)
        elif qname.namespace == NEWS_NS and qname.localname == "publication_date":
            published = _date(text, "news:publication_date", base, problems)
        elif qname.namespace == NEWS_NS and qname.localname == "title":
            title = text or None
    if not loc:
        problems.append(Problem("sitemap_entry", "an entry without <loc> was skipped", base))
        return None
    absolute = urljoin(base, loc)
    if urlsplit(absolute).scheme not in {"http", "https"}:
        problems.append(Problem("sitemap_entry", f"not an http(s) location: {loc[:200]!r}", base))
        return None
    return SitemapUrl(absolute, lastmod, published, title)


def _date(text: str, what: str, base: str, problems: list[Problem]) -> dt.datetime | None:
    parsed = parse_w3c_datetime(text)
    if parsed is None and text:
        problems.append(Problem("sitemap_date", f"unreadable {what} {text[:60]!r}", base))
    return parsed


def _inflate(body: bytes, url: str, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The document's bytes, gunzipped when they are gzip (``sitemap.xml.gz``), within ``max_bytes``."""
    if not body.startswith(_GZIP_MAGIC):
        return body, []
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        return None, [Problem("sitemap_gzip", f"broken gzip data: {exc}", url)]
    if len(data) > max_bytes:
        return None, [Problem("too_large", f"gzipped sitemap inflates past {max_bytes} bytes", url)]
    if not inflater.eof:
        return None, [Problem("sitemap_gzip", "truncated gzip data", url)]
    return data, []


def _xml_root(data: bytes) -> etree._Element | None:
    """Parse XML without entities, DTD fetching or network access; None when it is not XML."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        recover=True,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data.lstrip(b"\xef\xbb\xbf \t\r\n"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def _as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _day_start(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return _as_utc(value)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
