"""Reading stored raw pages back and swapping derived rows in place: the SQL of ``parley reprocess``.

An article version keeps its identity (article_id, version) across a reprocess; what it
derived from its raw page — text, title, content hash, removed lines, fields — is replaced
inside the caller's batch transaction, so a reader sees either the old rows or the new ones.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from extractors.document import Document
from warehouse.db import insert_rows
from warehouse.fields import FIELD_TABLES

ArticleKey = tuple[str, int]  # (article_id, version)


@dataclass(frozen=True)
class StoredArticle:
    """An article version as stored, with its raw page when the page is kept."""

    article_id: str
    version: int
    url: str
    final_url: str | None
    content_type: str | None
    body: bytes | None  # the raw page, gunzipped; None when no page row is kept
    text: str
    published: dt.date | None
    language: str | None
    content_hash: str
    text_version: str
    fields_version: str | None


def article_keys(con: duckdb.DuckDBPyConnection, since: dt.date | None = None) -> list[ArticleKey]:
    """Every stored article version (first seen on or after ``since``), in a stable order.

    Args:
        con: an open warehouse connection.
        since: only versions first stored on or after this day (UTC).

    Returns:
        (article_id, version) pairs ordered by first sighting.
    """
    rows = con.execute(
        """SELECT article_id, version FROM articles
           WHERE ?::DATE IS NULL OR first_seen_at >= ?::DATE
           ORDER BY first_seen_at, article_id, version""",
        [since, since],
    ).fetchall()
    return [(str(a), int(v)) for a, v in rows]


def load_articles(
    con: duckdb.DuckDBPyConnection, keys: Sequence[ArticleKey], *, with_pages: bool
) -> list[StoredArticle]:
    """Read a batch of article versions, with their raw pages when asked (the text stage needs them)."""
    if not keys:
        return []
    con.register("_parley_keys", _keys_table(keys))
    try:
        body = "p.body_gz" if with_pages else "NULL::BLOB"
        rows = con.execute(
            f"""SELECT a.article_id, a.version, coalesce(p.url, a.url), p.final_url, p.content_type, {body},
                       a.text, a.published, a.language, a.content_hash, a.extractor_version,
                       n.extractor_version
                FROM _parley_keys k
                JOIN articles a ON a.article_id = k.article_id AND a.version = k.version
                LEFT JOIN pages p ON p.page_sha = a.page_sha
                LEFT JOIN negotiation_articles n ON n.article_id = a.article_id AND n.version = a.version
                ORDER BY k.ord""",
        ).fetchall()
    finally:
        con.unregister("_parley_keys")
    return [
        StoredArticle(
            article_id=r[0],
            version=int(r[1]),
            url=r[2],
            final_url=r[3],
            content_type=r[4],
            body=gzip.decompress(r[5]) if r[5] is not None else None,
            text=r[6],
            published=r[7],
            language=r[8],
            content_hash=r[9],
            text_version=r[10],
            fields_version=r[11],
        )
        for r in rows
    ]


def replace_text(con: duckdb.DuckDBPyConnection, key: ArticleKey, doc: Document) -> None:
    """Swap an article version's text-stage output (text, metadata, hash, removed lines) for a new one.

    The caller holds the batch transaction and replaces the fields next (their offsets point into the text).
    """
    article_id, version = key
    a = doc.article
    con.execute(
        """UPDATE articles SET title = ?, author = ?, site_name = ?, published = ?, language = ?, text = ?,
                  content_hash = ?, extractor_version = ?
           WHERE article_id = ? AND version = ?""",
        [
            a.title,
            a.author,
            a.site_name,
            a.published,
            a.language,
            a.text,
            doc.content_hash,
            a.extractor_version,
            article_id,
            version,
        ],
    )
    con.execute("DELETE FROM removed_lines WHERE article_id = ? AND version = ?", [article_id, version])
    insert_rows(
        con,
        "removed_lines",
        [
            {
                "article_id": article_id,
                "version": version,
                "line_no": r.line_no,
                "text": r.text,
                "rule_id": r.rule_id,
                "kind": r.kind,
                "extractor_version": a.extractor_version,
            }
            for r in a.removed
        ],
    )


def count_field_rows(con: duckdb.DuckDBPyConnection, keys: Sequence[ArticleKey]) -> int:
    """Field rows currently stored for these article versions (to report what a reprocess changed)."""
    if not keys:
        return 0
    con.register("_parley_keys", _keys_table(keys))
    try:
        union = " UNION ALL ".join(
            f"SELECT count(*) AS n FROM {table} t JOIN _parley_keys k USING (article_id, version)"
            for table in FIELD_TABLES
        )
        return int(con.execute(f"SELECT sum(n) FROM ({union})").fetchall()[0][0] or 0)
    finally:
        con.unregister("_parley_keys")


def _keys_table(keys: Sequence[ArticleKey]) -> pa.Table:
    return pa.table(
        {
            "ord": list(range(len(keys))),
            "article_id": [k[0] for k in keys],
            "version": pa.array([k[1] for k in keys], type=pa.int32()),
        }
    )
