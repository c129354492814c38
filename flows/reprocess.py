"""``parley reprocess``: re-run extraction over stored raw pages after rules or extractors change.

No network: the text stage re-reads ``pages.body_gz`` through the same pure pipeline the poll
flow uses (``extractors.document.build_document``); the fields stage re-reads stored text.
Each batch is read with one short connection, computed with the file closed (analysts can
query meanwhile), and written in one transaction that swaps old derived rows for new ones.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run

from extractors.document import Document, build_document
from extractors.negotiation import extract_fields
from extractors.records import NegotiationFields
from flows.config import Settings
from flows.poll import settings_for
from flows.run_status import RunStatus
from warehouse import runs
from warehouse.db import connect, transaction
from warehouse.fields import replace_fields
from warehouse.reprocess import ArticleKey, article_keys, count_field_rows, load_articles, replace_text

Stage = Literal["text", "fields"]
STAGES: tuple[str, ...] = ("text", "fields")


@dataclass(frozen=True)
class ReprocessResult:
    """What a reprocess changed."""

    run_id: str
    stage: str
    counts: dict[str, int]


@task(cache_policy=NONE)
def reprocess_batch(
    settings: Settings, run_id: str, stage: Stage, keys: Sequence[ArticleKey]
) -> Counter[str]:
    """Re-extract one batch and replace its derived rows in one transaction."""
    with connect(settings.db_path) as con:
        stored = load_articles(con, keys, with_pages=stage == "text")
    counts: Counter[str] = Counter(articles=len(stored))
    updates: list[tuple[ArticleKey, NegotiationFields, Document | None]] = []
    for article in stored:
        key = (article.article_id, article.version)
        if stage == "text":
            if article.body is None:
                counts["skipped_no_page"] += 1
                continue
            rebuilt = build_document(
                article.body, url=article.url, final_url=article.final_url, content_type=article.content_type
            )
            counts["text_changed"] += rebuilt.content_hash != article.content_hash
            updates.append((key, rebuilt.fields, rebuilt))
        else:
            fields = extract_fields(article.text, article.published, language=article.language)
            updates.append((key, fields, None))
    with connect(settings.db_path) as con, transaction(con):
        counts["field_rows_before"] += count_field_rows(con, [k for k, _, _ in updates])
        for key, fields, doc in updates:
            if doc is not None:
                replace_text(con, key, doc)
                runs.record_errors(con, run_id, "text", doc.article.problems)
            counts["field_rows_after"] += replace_fields(con, key[0], key[1], fields)
            counts["negotiation_articles"] += fields.is_negotiation
            runs.record_errors(con, run_id, stage, fields.problems)
    counts["reprocessed"] += len(updates)
    return counts


@flow(name="reprocess")
def reprocess(
    stage: Stage = "fields",
    since: dt.date | None = None,
    db_path: str | None = None,
    batch_size: int | None = None,
) -> ReprocessResult:
    """Re-run a stage of extraction over stored article versions, replacing their derived rows.

    Args:
        stage: ``text`` (raw page → text, removed lines and fields) or ``fields`` (stored text → fields).
        since: only article versions first stored on or after this day (UTC).
        db_path: the DuckDB file (default: the configured ``db_path``).
        batch_size: article versions per transaction (default: the configured ``batch_size``).

    Returns:
        The counts of what was reprocessed and changed.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)}")
    settings = settings_for(db_path, None)
    size = batch_size or settings.batch_size
    run_id = str(flow_run.id or uuid.uuid4())
    with connect(settings.db_path) as con:
        runs.start_run(con, run_id, "reprocess", None)
        keys = article_keys(con, since)
    counts: Counter[str] = Counter()
    status = RunStatus()
    try:
        with status.watch():
            for start in range(0, len(keys), size):
                counts += reprocess_batch(settings, run_id, stage, keys[start : start + size])
    finally:
        totals = {
            k: int(counts.get(k, 0))
            for k in (
                "articles",
                "reprocessed",
                "skipped_no_page",
                "text_changed",
                "negotiation_articles",
                "field_rows_before",
                "field_rows_after",
            )
        }
        with connect(settings.db_path) as con:
            errors = runs.count_errors(con, run_id)
            runs.finish_run(con, run_id, status=status.value, counts=totals, error_count=errors)
    rows = "\n".join(f"| {k.replace('_', ' ')} | {v} |" for k, v in totals.items())
    create_markdown_artifact(
        f"### Parley reprocess ({stage}) `{run_id}`\n\n| step | count |\n|---|---:|\n{rows}\n",
        key="parley-reprocess-summary",
        description="Parley reprocess summary",
    )
    return ReprocessResult(run_id=run_id, stage=stage, counts=totals)
