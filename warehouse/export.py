"""``parley export``: every table to Parquet, CSV or JSON lines with DuckDB's COPY.

One file per table (``<out>/<table>.<ext>``). ``since`` keeps rows whose own date — or, for
derived rows, their article version's first sighting — falls on or after that day; tables
with no date (feeds, feed state, the dedupe index) are written whole. Raw page bodies are
binary: Parquet keeps them as BLOB, CSV and JSON lines carry them base64-encoded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import MIGRATIONS_TABLE
from warehouse.fields import FIELD_TABLES

FORMATS: dict[str, tuple[str, str]] = {
    "parquet": ("parquet", "FORMAT parquet, COMPRESSION zstd"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "jsonl": ("jsonl", "FORMAT json"),
}
# The column a table's rows are dated by, for --since.
DATE_COLUMNS = {
    "runs": "started_at",
    "fetches": "fetched_at",
    "entries": "first_seen_at",
    "pages": "fetched_at",
    "article_urls": "first_seen_at",
    "articles": "first_seen_at",
    "errors": "occurred_at",
    "cluster_members": "assigned_at",
    "feed_redirects": "moved_at",
}
# Derived per-article-version rows are dated by their article version's first sighting.
ARTICLE_DATED = ("removed_lines", "negotiation_articles", *FIELD_TABLES)


@dataclass(frozen=True)
class Exported:
    """One written file."""

    table: str
    rows: int
    path: Path


def export_tables(
    con: duckdb.DuckDBPyConnection, out: Path, fmt: str, *, since: dt.date | None = None
) -> list[Exported]:
    """Write every base table to ``out`` in one format.

    Args:
        con: an open (read-only is enough) warehouse connection.
        out: an existing folder; files in it named like the tables are overwritten.
        fmt: ``parquet``, ``csv`` or ``jsonl``.
        since: keep only rows dated on or after this day (UTC), where a table has a date.

    Returns:
        What was written, table by table.
    """
    ext, options = FORMATS[fmt]
    written = []
    for table in base_tables(con):
        query = _select(con, table, binary_as_text=fmt != "parquet", since=since)
        path = out / f"{table}.{ext}"
        con.execute(f"COPY ({query}) TO {_literal(str(path))} ({options})", [since] * query.count("?"))
        rows = con.execute(f"SELECT count(*) FROM ({query})", [since] * query.count("?")).fetchall()[0][0]
        written.append(Exported(table, int(rows), path))
    return written


def base_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's tables (views are derived and the migration ledger is internal)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows if r[0] != MIGRATIONS_TABLE]


def _select(
    con: duckdb.DuckDBPyConnection, table: str, *, binary_as_text: bool, since: dt.date | None
) -> str:
    """SELECT of one table's rows for export, with BLOBs base64-encoded for text formats."""
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    parts = [
        f"base64(t.{name}) AS {name}_base64" if binary_as_text and kind == "BLOB" else f"t.{name}"
        for name, kind in columns
    ]
    query = f"SELECT {', '.join(parts)} FROM {table} t"
    if since is None:
        return query
    if table in DATE_COLUMNS:
        return f"{query} WHERE t.{DATE_COLUMNS[table]} >= ?::DATE"
    if table in ARTICLE_DATED:
        return (
            f"{query} WHERE EXISTS (SELECT 1 FROM articles a WHERE a.article_id = t.article_id "
            "AND a.version = t.version AND a.first_seen_at >= ?::DATE)"
        )
    return query


def _literal(text: str) -> str:
    """A SQL string literal (COPY's target cannot be a parameter)."""
    return "'" + text.replace("'", "''") + "'"
