"""One batch of fetched pages into the warehouse: ledger, errors, articles, fields and story clusters.

The poll flow and the backfill call this inside one transaction per batch, so a crash
loses at most the batch in flight and a rerun picks it up by its keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import duckdb

from extractors.dedupe import DedupeSettings
from extractors.document import Document
from extractors.records import FetchResult
from warehouse import articles, runs
from warehouse.clusters import assign_clusters


def store_page_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    results: Sequence[FetchResult],
    docs: Sequence[tuple[Document, FetchResult]],
    dedupe: DedupeSettings,
) -> Counter[str]:
    """Store one batch; the caller holds the transaction. Returns the batch's summary counts."""
    runs.record_fetches(con, run_id, results, [None] * len(results))
    for result in results:
        runs.record_errors(con, run_id, "page", result.problems)
    for doc, _ in docs:
        runs.record_errors(con, run_id, "text", doc.article.problems + doc.fields.problems)
    stored = articles.store_documents(con, run_id, docs)
    clustered = assign_clusters(
        con, [(d.article_id, d.article.text, d.article.published) for d in stored.stored], dedupe
    )
    return Counter(
        pages_fetched=len(results),
        pages_failed=sum(1 for r in results if not r.ok and not r.not_modified),
        new_articles=stored.new_articles,
        new_versions=stored.new_versions,
        duplicates=stored.duplicates,
        near_duplicates=sum(1 for c in clustered if c.joined_existing and c.newly_assigned),
        negotiation_articles=sum(1 for d in stored.stored if d.fields.is_negotiation),
        field_rows=stored.field_rows,
    )
