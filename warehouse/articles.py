"""Pages and articles: raw bytes kept, one row per article version, every URL remembered.

Exact dedupe happens here, as storage semantics: an article is keyed by its canonical
URL; a page whose normalised text is already stored under another URL is the same
article seen again (its URL is added, no row is written); the same URL with changed
text becomes a new version and the old one stops being current.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
import pyarrow as pa

from extractors.document import Document
from extractors.records import FetchResult
from warehouse.db import insert_rows
from warehouse.fields import write_fields

# A page that answered like this will not answer differently tomorrow: do not ask again each run.
PERMANENT_STATUSES = (404, 410, 451)
PERMANENT_ERRORS = ("bad_scheme", "refused_address", "robots_disallowed", "too_large")
# Identical short texts at different URLs (paywall stubs, "page not found" bodies) are not one article.
MIN_TWIN_CHARS = 400


@dataclass(frozen=True)
class StoreCounts:
    """What one batch added, for the run summary."""

    new_articles: int = 0
    new_versions: int = 0
    duplicates: int = 0
    field_rows: int = 0
    stored: tuple[Document, ...] = ()  # documents written as a new article or a new version


def pending_links(con: duckdb.DuckDBPyConnection, links: Sequence[tuple[str, str]]) -> list[str]:
    """Links (given with their canonical form) that are neither stored nor known to fail for good."""
    if not links:
        return []
    con.register("_parley_links", _pairs_table(links))
    try:
        rows = con.execute(
            f"""SELECT l.link FROM _parley_links l
                WHERE NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.url IN (l.link, l.canonical))
                  AND NOT EXISTS (
                      SELECT 1 FROM fetches f WHERE f.url = l.link AND f.kind = 'page'
                      AND (f.status IN {PERMANENT_STATUSES} OR f.error_kind IN {PERMANENT_ERRORS}))
                ORDER BY l.ord""",
        ).fetchall()
    finally:
        con.unregister("_parley_links")
    seen: set[str] = set()
    out = []
    for (link,) in rows:
        if link not in seen:
            seen.add(link)
            out.append(link)
    return out


def store_documents(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    docs: Sequence[tuple[Document, FetchResult]],
) -> StoreCounts:
    """Store raw pages, articles (new, new version or duplicate), removed lines and fields.

    The caller wraps this in one transaction per batch.
    """
    outcomes: Counter[str] = Counter()
    field_rows = 0
    stored: list[Document] = []
    for doc, fetch in docs:
        placed = _place_article(con, run_id, doc, store_page(con, run_id, fetch))
        _remember_urls(con, doc, owner=placed.owner)
        outcomes[placed.outcome] += 1
        if placed.outcome != "duplicate":
            _store_removed_lines(con, doc, placed.version)
            field_rows += write_fields(con, doc.article_id, placed.version, doc.fields)
            stored.append(doc)
    return StoreCounts(
        new_articles=outcomes["new"],
        new_versions=outcomes["version"],
        duplicates=outcomes["duplicate"],
        field_rows=field_rows,
        stored=tuple(stored),
    )


def store_page(con: duckdb.DuckDBPyConnection, run_id: str, fetch: FetchResult) -> str:
    """Keep the raw bytes (gzip) and headers of a fetched page; return its sha256."""
    page_sha = hashlib.sha256(fetch.body).hexdigest()
    insert_rows(
        con,
        "pages",
        [
            {
                "page_sha": page_sha,
                "url": fetch.url,
                "final_url": fetch.final_url,
                "fetched_at": fetch.fetched_at,
                "status": fetch.status,
                "content_type": fetch.headers.get("content-type"),
                "headers": json.dumps(fetch.headers, sort_keys=True),
                "body_gz": gzip.compress(fetch.body),
                "bytes": len(fetch.body),
                "run_id": run_id,
            }
        ],
    )
    return page_sha


@dataclass(frozen=True)
class _Placement:
    """Where a fetched document went: a new article, a new version, or an article already stored."""

    version: int
    outcome: Literal["new", "version", "duplicate"]
    owner: str  # the article id that owns the document's URLs


def _place_article(con: duckdb.DuckDBPyConnection, run_id: str, doc: Document, page_sha: str) -> _Placement:
    """Decide new / new version / duplicate and write the article row when there is one."""
    current = con.execute(
        "SELECT version, content_hash FROM articles WHERE article_id = ? AND is_current", [doc.article_id]
    ).fetchall()
    if current and current[0][1] == doc.content_hash:
        return _Placement(int(current[0][0]), "duplicate", doc.article_id)
    if not current:
        twin = con.execute(
            "SELECT article_id, version FROM articles WHERE content_hash = ? AND is_current LIMIT 1",
            [doc.content_hash],
        ).fetchall()
        if twin and len(doc.article.text) >= MIN_TWIN_CHARS:
            return _Placement(int(twin[0][1]), "duplicate", str(twin[0][0]))
    version = int(current[0][0]) + 1 if current else 1
    if current:
        con.execute("UPDATE articles SET is_current = false WHERE article_id = ?", [doc.article_id])
    a = doc.article
    insert_rows(
        con,
        "articles",
        [
            {
                "article_id": doc.article_id,
                "version": version,
                "is_current": True,
                "canonical_url": doc.canonical_url,
                "url": doc.final_url,
                "page_sha": page_sha,
                "title": a.title,
                "author": a.author,
                "site_name": a.site_name,
                "published": a.published,
                "language": a.language,
                "text": a.text,
                "content_hash": doc.content_hash,
                "extractor_version": a.extractor_version,
                "first_seen_at": dt.datetime.now(dt.UTC),
                "run_id": run_id,
            }
        ],
    )
    return _Placement(version, "new" if version == 1 else "version", doc.article_id)


def _remember_urls(con: duckdb.DuckDBPyConnection, doc: Document, *, owner: str) -> None:
    """Map every URL the article was reached by to the article that owns it."""
    now = dt.datetime.now(dt.UTC)
    urls = dict.fromkeys([doc.url, doc.final_url, doc.canonical_url])
    insert_rows(con, "article_urls", [{"url": u, "article_id": owner, "first_seen_at": now} for u in urls])


def _store_removed_lines(con: duckdb.DuckDBPyConnection, doc: Document, version: int) -> None:
    """The boilerplate audit trail of one article version."""
    insert_rows(
        con,
        "removed_lines",
        [
            {
                "article_id": doc.article_id,
                "version": version,
                "line_no": r.line_no,
                "text": r.text,
                "rule_id": r.rule_id,
                "kind": r.kind,
                "extractor_version": doc.article.extractor_version,
            }
            for r in doc.article.removed
        ],
    )


def _pairs_table(links: Sequence[tuple[str, str]]) -> pa.Table:
    """The links to check, in order, as an Arrow table DuckDB can join against."""
    return pa.table(
        {
            "ord": list(range(len(links))),
            "link": [link for link, _ in links],
            "canonical": [canonical for _, canonical in links],
        }
    )
