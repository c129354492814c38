"""The main job: one poll-and-process cycle as a Prefect flow.

feed → entries → pages → articles → fields → warehouse. Tasks are batch-sized (one for
all feeds, one per batch of pages), because a Prefect task costs tens of milliseconds
of bookkeeping and a run may see thousands of pages. Each batch is one warehouse
transaction: a crash loses at most the batch in flight, and the next run picks it up.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run

from extractors.dedupe import DedupeSettings
from extractors.document import build_document
from extractors.feedlist import Feed, parse_feed_list
from extractors.polling import read_poll
from extractors.schedule import Limits
from flows.config import Settings, load_settings
from flows.http import Fetcher
from flows.run_status import RunStatus
from flows.summary import RunSummary, markdown_table
from warehouse import articles, batches, entries, feed_state, polls, runs
from warehouse.db import connect, transaction


@task(cache_policy=NONE)
def poll_feeds(
    settings: Settings, run_id: str, feeds: Sequence[Feed], force: bool = False
) -> tuple[list[tuple[str, str]], Counter[str]]:
    """Fetch every due feed conditionally, store entries and feed state; return (link, canonical) pairs."""
    now = dt.datetime.now(dt.UTC)
    with connect(settings.db_path) as con:
        targets = feed_state.poll_targets(con, [(f.name, f.url) for f in feeds], now, force=force)
    due = [t for t in targets if t.due]
    with Fetcher(settings) as fetcher:
        results = fetcher.fetch_many(
            [t.url for t in due], kind="feed", validators=[(t.etag, t.last_modified) for t in due]
        )
    limits = Limits(settings.min_interval_s, settings.max_interval_s, settings.max_backoff_s)
    read = [
        read_poll(r, polls.stored_state(t), now=now, jitter=random.random(), limits=limits)
        for t, r in zip(due, results, strict=True)
    ]
    with connect(settings.db_path) as con, transaction(con):
        counts = polls.store_polls(con, run_id, due, read)
    counts.update(feeds_polled=len(due), feeds_not_due=len(targets) - len(due))
    return [link for poll in read for link in poll.links], counts


@task(cache_policy=NONE)
def select_pending(settings: Settings, links: list[tuple[str, str]], limit: int) -> list[str]:
    """Links whose article is not stored yet, at most ``limit`` of them."""
    with connect(settings.db_path) as con:
        return articles.pending_links(con, links)[:limit]


@task(cache_policy=NONE)
def process_batch(settings: Settings, run_id: str, links: Sequence[str]) -> Counter[str]:
    """Fetch a batch of pages, extract and key them, and store the batch in one transaction."""
    with Fetcher(settings) as fetcher:
        results = fetcher.fetch_many(list(links), kind="page")
    docs = [
        (
            build_document(
                r.body, url=r.url, final_url=r.final_url, content_type=r.headers.get("content-type")
            ),
            r,
        )
        for r in results
        if r.ok
    ]
    with connect(settings.db_path) as con, transaction(con):
        return batches.store_page_batch(con, run_id, results, docs, dedupe_settings(settings))


@flow(name="poll_and_process")
def poll_and_process(
    feeds_file: str | None = None,
    db_path: str | None = None,
    max_pages: int | None = None,
    allow_private: list[str] | None = None,
    force: bool = False,
) -> RunSummary:
    """Poll every configured feed once and process what is new.

    Args:
        feeds_file: the feeds TOML (default: the configured ``feeds_file``).
        db_path: the DuckDB file (default: the configured ``db_path``).
        max_pages: at most this many new pages this run (default: ``max_pages_per_run``).
        allow_private: hosts/networks the SSRF guard lets through (the demo's 127.0.0.1).
        force: poll every feed that is not retired, due or not.
    """
    settings = settings_for(db_path, allow_private)
    run_id = str(flow_run.id or uuid.uuid4())
    path = Path(feeds_file or settings.feeds_file)
    feed_list = parse_feed_list(path.read_text(encoding="utf-8"), str(path))
    with connect(settings.db_path) as con:
        runs.start_run(con, run_id, "poll", str(path))
        entries.sync_feeds(con, feed_list.feeds)
        runs.record_errors(con, run_id, "config", feed_list.problems)
    counts: Counter[str] = Counter()
    status = RunStatus()
    try:
        with status.watch():
            links, counts = poll_feeds(settings, run_id, feed_list.feeds, force)
            pending = select_pending(settings, links, max_pages or settings.max_pages_per_run)
            for start in range(0, len(pending), settings.batch_size):
                counts += process_batch(settings, run_id, pending[start : start + settings.batch_size])
    finally:
        summary = _finish(settings, run_id, counts, status.value)
    return summary


def _finish(settings: Settings, run_id: str, counts: Counter[str], status: str) -> RunSummary:
    """Close the run row (completed, interrupted or failed) and publish the summary as a Prefect artifact."""
    with connect(settings.db_path) as con:
        errors = runs.count_errors(con, run_id)
        summary = RunSummary.from_counts(run_id, counts, errors)
        runs.finish_run(con, run_id, status=status, counts=summary.as_dict(), error_count=errors)
    create_markdown_artifact(
        markdown_table(summary), key="parley-run-summary", description="Parley run summary"
    )
    return summary


def settings_for(db_path: str | None, allow_private: list[str] | None) -> Settings:
    """Configured settings with a run's own database and SSRF allow-list applied."""
    settings = load_settings()
    if db_path:
        settings = settings.replace(db_path=db_path)
    if allow_private:
        settings = settings.replace(allow_private=tuple(allow_private))
    return settings


def dedupe_settings(settings: Settings) -> DedupeSettings:
    """The near-duplicate knobs of the configuration."""
    return DedupeSettings(
        threshold=settings.near_dup_threshold,
        containment_threshold=settings.near_dup_containment,
        shingle_words=settings.shingle_words,
        num_perm=settings.minhash_permutations,
        bands=settings.lsh_bands,
    )
