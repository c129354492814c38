"""Feed bytes → normalised entries: the pure heart of polling (no network, no database).

A feed is read with feedparser from bytes the flow fetched itself, then every
entry is normalised (UTC dates, absolute http(s) links, plain-text title and
summary) and given an identity that survives the feed's own sloppiness: GUID,
else link, else a hash of link, date and title — chosen per feed, because
feeds that repeat or omit GUIDs do so for every item. Whatever is wrong comes
back as :class:`~extractors.records.Problem` values; :func:`parse_feed` never raises.
The identity choice lives in :mod:`extractors.entry_identity`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from extractors.entry_identity import EntryDraft, assign_identity
from extractors.records import FeedEntry, ParsedFeed, Problem

MAX_FEED_BYTES = 32 * 1024 * 1024  # the fetcher caps feeds at 10 MB; this guards direct callers
MAX_SUMMARY_CHARS = 20_000
MAX_TAGS = 50
FUTURE_TOLERANCE = dt.timedelta(minutes=15)  # clock skew we forgive before calling a date "future"
_UPDATE_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}
_MAX_TTL_MINUTES = 525600
_TAG_RE = re.compile(r"<[^>]*>")
# Markup whose content is not text. An unclosed one runs to the end (as in a browser), which also
# keeps the scan linear: a lazy ".*?</script>" would rescan the rest after every unclosed opening.
_HIDDEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template)\b[^>]*>(?:(?!</\1).)*(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_SPACE_RE = re.compile(r"\s+")
_UNSTORABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # controls, lone surrogates
_CHARREF_RE = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


def parse_feed(
    data: bytes,
    *,
    url: str,
    headers: Mapping[str, str] | None = None,
    fetched_at: dt.datetime,
) -> ParsedFeed:
    """Read a feed document into normalised entries; never raises.

    Args:
        data: The response body, as fetched (already decompressed).
        url: The URL the body came from (after redirects); relative links resolve against it.
        headers: The HTTP response headers (content-type and charset matter to decoding).
        fetched_at: When the body was fetched; the date of undated entries and the
            limit beyond which a date is "in the future".

    Returns:
        The feed with its entries and any problems (``feed_bozo``, ``not_a_feed``,
        ``feed_empty``, ``future_date``, ``identity_degraded`` …).
    """
    now = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=dt.UTC)
    now = now.astimezone(dt.UTC)
    try:
        return _parse(data, url, {str(k).lower(): str(v) for k, v in (headers or {}).items()}, now)
    except Exception as exc:  # a parser bug must not stop the poll of every other feed
        return ParsedFeed(
            url=url,
            title=None,
            language=None,
            entries=(),
            bozo=True,
            problems=(Problem("feed_parse_error", f"{type(exc).__name__}: {exc}"[:500], url),),
        )


def body_sha256(data: bytes) -> str:
    """Hash of a feed body, stored to notice "new" validators on an unchanged feed (and the reverse)."""
    return hashlib.sha256(data).hexdigest()


def entry_rows(
    feed_id: str,
    entries: Sequence[FeedEntry],
    canonical: Sequence[str | None],
    *,
    first_seen_at: dt.datetime,
    run_id: str,
) -> list[dict[str, Any]]:
    """The ``entries`` table's column values for each entry (pure, so the sweep can run it too).

    Args:
        feed_id: The feed's name in the feeds file.
        entries: The parsed entries.
        canonical: The canonical URL of each entry's link (None without a link).
        first_seen_at: When this poll saw the entries.
        run_id: The run that saw them.

    Returns:
        One dict per entry; keys are column names, values str/bool/datetime/list/None.
    """
    return [
        {
            "feed_id": feed_id,
            "entry_key": e.entry_key,
            "key_kind": e.key_kind,
            "guid": e.guid,
            "link": e.link,
            "canonical_url": c,
            "title": e.title,
            "summary": e.summary,
            "published": e.published,
            "published_is_fallback": e.published_is_fallback,
            "updated": e.updated,
            "authors": list(e.authors),
            "categories": list(e.categories),
            "language": e.language,
            "missing_link_reason": e.missing_link_reason,
            "first_seen_at": first_seen_at,
            "first_run_id": run_id,
        }
        for e, c in zip(entries, canonical, strict=True)
    ]


def sweep_target(data: bytes, headers: dict[str, str], url: str) -> dict[str, Any]:
    """Run Parley's whole ingestion path on one corpus file, for ``parley eval sweep``.

    Parse, normalise, key (entry keys, canonical URLs, article ids) and build the warehouse
    rows, then check what the warehouse relies on: unique keys and strict UTF-8 values.

    Args:
        data: The file's bytes.
        headers: The HTTP headers the corpus says the file is served with.
        url: The URL the corpus says the file is served from.

    Returns:
        A summary the sweep records: ``bozo`` and the entries as rows.
    """
    from extractors.urls import article_id, canonical_url  # only here: parse_feed does not need them

    fetched_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    parsed = parse_feed(data, url=url, headers=headers, fetched_at=fetched_at)
    canonical = [canonical_url(e.link) if e.link else None for e in parsed.entries]
    ids = [article_id(c) for c in canonical if c]
    rows = entry_rows("sweep", parsed.entries, canonical, first_seen_at=fetched_at, run_id="sweep")
    keys = [r["entry_key"] for r in rows]
    if len(keys) != len(set(keys)):
        raise AssertionError(f"duplicate entry keys in {url}")
    payload = {"feed": [parsed.title, parsed.language, parsed.ttl_minutes], "rows": rows, "ids": ids}
    json.dumps(payload, default=str, ensure_ascii=False).encode("utf-8")  # strict: no lone surrogates
    return {"bozo": parsed.bozo, "entries": rows, "problems": [p.kind for p in parsed.problems]}


# --------------------------------------------------------------------------- reading


def _parse(data: bytes, url: str, headers: dict[str, str], now: dt.datetime) -> ParsedFeed:
    if not data or not data.strip():
        return ParsedFeed(url, None, None, (), problems=(Problem("feed_empty", "empty response body", url),))
    if len(data) > MAX_FEED_BYTES:
        msg = f"{len(data)} bytes exceeds {MAX_FEED_BYTES}"
        return ParsedFeed(url, None, None, (), problems=(Problem("feed_too_large", msg, url),))
    # GUIDs must not depend on where the feed lives (feedparser would resolve "123" against the
    # feed URL, and a moved feed would re-key every entry), so parse without a base and resolve links here.
    base = urljoin(url, headers.pop("content-location", "")) or url
    result = read_with_feedparser(data, headers)
    problems: list[Problem] = []
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        problems.append(Problem("feed_bozo", f"{type(exc).__name__}: {exc}"[:500], url))
    feed = result.get("feed") or {}
    raw_entries = result.get("entries") or []
    if not result.get("version") and not raw_entries:
        problems.append(Problem("not_a_feed", _not_a_feed_reason(headers), url))
    language = _language(feed.get("language")) or _language(headers.get("content-language"))
    drafts: list[EntryDraft] = []
    for raw in raw_entries:
        # a plain dict: FeedParserDict's aliasing lookups cost more than all our normalising
        draft = _draft(dict(raw) if isinstance(raw, dict) else {}, base, now, language, problems)
        if draft is None:
            problems.append(Problem("empty_entry", "entry has no id, link, title or summary", url))
        else:
            drafts.append(draft)
    entries = assign_identity(drafts, url, problems)
    return ParsedFeed(
        url=url,
        title=_plain(feed.get("title"), _detail_type(feed.get("title_detail"))),
        language=language,
        entries=entries,
        bozo=bool(result.get("bozo")),
        ttl_minutes=_ttl_minutes(feed),
        problems=tuple(problems),
    )


def read_with_feedparser(data: bytes, headers: Mapping[str, str]) -> Any:
    """feedparser's reading of a body, with the options Parley relies on (the bench times it alone).

    Summaries are kept as plain text, never as HTML, so feedparser need not rewrite URLs inside
    them nor sanitise markup (script/style blocks are dropped by ``_plain``): a third of its time.
    Character references to code points no text may hold are dropped first (feedparser crashes
    on surrogates).
    """
    return feedparser.parse(
        io.BytesIO(_CHARREF_RE.sub(_valid_charref, data)),
        response_headers=dict(headers),
        resolve_relative_uris=False,
        sanitize_html=False,
    )


def _valid_charref(match: re.Match[bytes]) -> bytes:
    """Drop character references to code points no text may hold (feedparser crashes on surrogates)."""
    ref = match.group(1)
    code = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
    if (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or (0xE000 <= code <= 0x10FFFF and code not in (0xFFFE, 0xFFFF))
    ):
        return match.group(0)
    return b""


def _not_a_feed_reason(headers: Mapping[str, str]) -> str:
    ctype = headers.get("content-type", "")
    return f"no RSS/Atom/RDF root element (content-type {ctype or 'missing'})"


def _draft(
    raw: Mapping[str, Any], base: str, now: dt.datetime, feed_language: str | None, problems: list[Problem]
) -> EntryDraft | None:
    guid = _clean(raw.get("id"))
    link, missing_reason = _link(raw, base, guid)
    title = _plain(raw.get("title"), _detail_type(raw.get("title_detail")))
    summary = _plain(raw.get("summary"), _detail_type(raw.get("summary_detail")))
    if summary and len(summary) > MAX_SUMMARY_CHARS:
        summary = summary[:MAX_SUMMARY_CHARS]
    if not (guid or link or title or summary):
        return None
    where = link or base
    published = _utc(raw.get("published_parsed")) or _utc(raw.get("created_parsed"))
    updated = _utc(raw.get("updated_parsed"))
    published = published or updated
    date_for_hash = published.isoformat() if published else ""
    is_fallback = published is None
    if published is not None and published > now + FUTURE_TOLERANCE:
        problems.append(Problem("future_date", f"published {published.isoformat()} is after fetch", where))
        published, is_fallback = now, True
    if updated is not None and updated > now + FUTURE_TOLERANCE:
        updated = None
    return EntryDraft(
        guid=guid,
        link=link,
        title=title,
        summary=summary,
        published=published or now,
        published_is_fallback=is_fallback,
        updated=updated,
        authors=_authors(raw),
        categories=_categories(raw),
        language=_entry_language(raw) or feed_language,
        missing_link_reason=missing_reason,
        date_for_hash=date_for_hash,
    )


def _link(raw: Mapping[str, Any], base: str, guid: str | None) -> tuple[str | None, str | None]:
    """Return (absolute http(s) link, None) or (None, why there is none)."""
    href = _clean(raw.get("link"))
    # feedparser copies a permalink GUID into `link`; "12345" is no link, only a URL GUID is
    from_guid = href is not None and href == guid and bool(raw.get("guidislink"))
    if from_guid and urlsplit(href or "").scheme.lower() not in ("http", "https"):
        return None, "no link element, and the GUID is not a URL"
    if href is None:
        for candidate in raw.get("links") or []:
            href = _clean(candidate.get("href")) if isinstance(candidate, Mapping) else None
            if href:
                break
    if href is None:
        return None, "no link element"
    try:
        absolute = urljoin(base, href)
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError as exc:
        return None, f"unparseable link {href[:200]!r}: {exc}"
    if scheme not in ("http", "https"):
        return None, f"link scheme {scheme or 'missing'!r} is not http(s)"
    return absolute, None


def _utc(parsed: Any) -> dt.datetime | None:
    """Turn feedparser's UTC struct_time into an aware datetime; impossible dates become None."""
    if not isinstance(parsed, time.struct_time | tuple) or len(parsed) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in parsed[:6])
        return dt.datetime(year, month, day, hour, minute, min(second, 59), tzinfo=dt.UTC)
    except (ValueError, TypeError, OverflowError):
        return None


def _authors(raw: Mapping[str, Any]) -> tuple[str, ...]:
    names: list[str | None] = []
    for author in raw.get("authors") or []:
        if isinstance(author, Mapping):
            names.append(_clean(author.get("name")) or _clean(author.get("email")))
    if not any(names):
        names.append(_plain(raw.get("author"), "text/plain"))
    return _unique(names)


def _categories(raw: Mapping[str, Any]) -> tuple[str, ...]:
    terms = [
        _clean(tag.get("term")) or _clean(tag.get("label"))
        for tag in (raw.get("tags") or [])
        if isinstance(tag, Mapping)
    ]
    return _unique(terms)[:MAX_TAGS]


def _entry_language(raw: Mapping[str, Any]) -> str | None:
    for key in ("title_detail", "summary_detail"):
        detail = raw.get(key)
        if isinstance(detail, Mapping) and (lang := _language(detail.get("language"))):
            return lang
    return None


def _language(value: Any) -> str | None:
    """Normalise a language tag to lower-case BCP 47 ("en_US" → "en-us"); junk becomes None."""
    if not isinstance(value, str):
        return None
    tag = value.strip().lower().replace("_", "-")
    return tag if _LANG_RE.match(tag) else None


def _ttl_minutes(feed: Mapping[str, Any]) -> int | None:
    """The longest refresh interval the feed asks for, from <ttl> or sy:updatePeriod/Frequency."""
    found: list[int] = []
    ttl = _int(feed.get("ttl"))
    if ttl is not None and ttl > 0:
        found.append(ttl)
    period = _UPDATE_PERIOD_MINUTES.get(str(feed.get("sy_updateperiod", "")).strip().lower())
    if period is not None:
        frequency = _int(feed.get("sy_updatefrequency")) or 1
        found.append(max(1, period // max(1, frequency)))
    return min(max(found), _MAX_TTL_MINUTES) if found else None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _detail_type(detail: Any) -> str:
    return str(detail.get("type", "text/plain")) if isinstance(detail, Mapping) else "text/plain"


def _plain(value: Any, content_type: str) -> str | None:
    """Plain text of a title or summary: tags dropped and entities decoded when the feed said HTML."""
    if not isinstance(value, str):
        return None
    text = value
    if content_type in _HTML_TYPES or "<" in text:
        text = html.unescape(_TAG_RE.sub(" ", _HIDDEN_RE.sub(" ", text)))
    return _clean(text)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACE_RE.sub(" ", _UNSTORABLE_RE.sub("", value)).strip()
    return text or None


def _unique(values: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
