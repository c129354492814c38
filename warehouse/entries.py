"""Feeds and their entries: every sighting of an entry in a feed, stored once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from extractors.feedlist import Feed
from extractors.records import FeedEntry
from warehouse.db import insert_rows


def sync_feeds(con: duckdb.DuckDBPyConnection, feeds: Sequence[Feed]) -> None:
    """Make sure every configured feed has a row; the feeds file stays the home of the list."""
    now = dt.datetime.now(dt.UTC)
    insert_rows(
        con,
        "feeds",
        [
            {"feed_id": f.name, "url": f.url, "language": f.language, "outlet": f.outlet, "added_at": now}
            for f in feeds
        ],
    )
    for f in feeds:
        con.execute(
            "UPDATE feeds SET language = ?, outlet = ? WHERE feed_id = ? AND "
            "(language IS DISTINCT FROM ? OR outlet IS DISTINCT FROM ?)",
            [f.language, f.outlet, f.name, f.language, f.outlet],
        )


def write_entries(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    feed_id: str,
    entries: Sequence[FeedEntry],
    canonical: Sequence[str | None],
) -> int:
    """Insert entries not yet seen in this feed; return how many were new."""
    now = dt.datetime.now(dt.UTC)
    return insert_rows(
        con,
        "entries",
        [
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
                "first_seen_at": now,
                "first_run_id": run_id,
            }
            for e, c in zip(entries, canonical, strict=True)
        ],
    )
