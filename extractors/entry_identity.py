"""Which key identifies a feed entry across polls: GUID, else link, else a hash, chosen per feed.

Feeds that repeat or omit GUIDs (or links) do so for every item, so the choice is made for the
whole document: when more than :data:`BAD_IDENTITY_SHARE` of the entries have a blank or clashing
GUID the feed is keyed by link, and likewise down to a content hash, with an ``identity_degraded``
problem saying so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from extractors.records import FeedEntry, Problem

BAD_IDENTITY_SHARE = 0.1  # more than this share of blank/clashing GUIDs (or links) and the feed degrades


@dataclass(frozen=True)
class EntryDraft:
    """An entry before identity is assigned (identity needs the whole feed)."""

    guid: str | None
    link: str | None
    title: str | None
    summary: str | None
    published: dt.datetime
    published_is_fallback: bool
    updated: dt.datetime | None
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    language: str | None
    missing_link_reason: str | None
    date_for_hash: str  # the feed's own date (never the fetch time), so the hash is stable across polls


def assign_identity(drafts: list[EntryDraft], url: str, problems: list[Problem]) -> tuple[FeedEntry, ...]:
    """Key every entry by the feed's most trustworthy identity, falling back per entry; drop duplicates.

    Args:
        drafts: The feed's entries in document order, before identity.
        url: The feed URL, named in the ``identity_degraded`` problem.
        problems: The feed's problem list; a degraded identity is appended to it.

    Returns:
        The keyed entries, the first of any repeated key kept.
    """
    guid_bad = _clashing(drafts, lambda d: d.guid)
    link_bad = _clashing(drafts, lambda d: d.link)
    n = len(drafts)
    order = ["guid", "link", "hash"]
    if n and len(guid_bad) / n > BAD_IDENTITY_SHARE:
        order = ["link", "hash"] if len(link_bad) / n <= BAD_IDENTITY_SHARE else ["hash"]
        msg = f"{len(guid_bad)}/{n} entries have blank or repeated GUIDs; keyed by {order[0]}"
        problems.append(Problem("identity_degraded", msg, url))
    entries: dict[str, FeedEntry] = {}
    for i, d in enumerate(drafts):
        kind, key = _key(d, i, order, guid_bad, link_bad)
        if key in entries:
            continue  # the same item listed twice in one document
        entries[key] = FeedEntry(
            entry_key=key,
            key_kind=kind,
            guid=d.guid,
            link=d.link,
            title=d.title,
            summary=d.summary,
            published=d.published,
            published_is_fallback=d.published_is_fallback,
            updated=d.updated,
            authors=d.authors,
            categories=d.categories,
            language=d.language,
            missing_link_reason=d.missing_link_reason,
        )
    return tuple(entries.values())


def _key(d: EntryDraft, i: int, order: list[str], guid_bad: set[int], link_bad: set[int]) -> tuple[str, str]:
    for kind in order:
        if kind == "guid" and d.guid and i not in guid_bad:
            return "guid", d.guid
        if kind == "link" and d.link and i not in link_bad:
            return "link", d.link
    content = "\x1f".join((d.link or "", d.date_for_hash, d.title or "", "" if d.link else d.summary or ""))
    return "hash", hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def _clashing(drafts: list[EntryDraft], field: Any) -> set[int]:
    """Indexes whose value is blank or shared with a *different* entry (same value, other content)."""
    bad = {i for i, d in enumerate(drafts) if not field(d)}
    signatures: dict[str, set[tuple[str | None, str | None, str | None, str]]] = {}
    for d in drafts:
        if value := field(d):
            signatures.setdefault(value, set()).add((d.guid, d.link, d.title, d.date_for_hash))
    counts = Counter(field(d) for d in drafts if field(d))
    for i, d in enumerate(drafts):
        value = field(d)
        if value and counts[value] > 1 and len(signatures[value]) > 1:
            bad.add(i)
    return bad
