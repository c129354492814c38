"""Feeds and their entries: every sighting of an entry in a feed, stored once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from extractors.feedlist import Feed
from extractors.feeds import entry_rows
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
    rows = entry_rows(feed_id, entries, canonical, first_seen_at=dt.datetime.now(dt.UTC), run_id=run_id)
    return insert_rows(con, "entries", rows)
