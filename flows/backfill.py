"""``parley backfill``: fill a hole in the archive from a feed's history, a site's sitemaps, or a URL file.

Discovery (one task) lists candidate article URLs inside the date window; only those whose
article is not stored yet are fetched, in the poll flow's own batches (``flows.poll.process_batch``:
one warehouse transaction each). Nothing is remembered about the backfill itself beyond its
runs row: interrupted, the same command rediscovers the same URLs and skips every one whose
batch was committed, so a rerun continues where it stopped and a finished backfill re-run
fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from extractors.errors import ConfigError
from extractors.feedlist import Feed, parse_feed_list
from extractors.feeds import parse_feed
from extractors.records import Problem
from extractors.sitemaps import (
    DateWindow,
    children_in_window,
    date_window,
    feed_paging,
    pages_in_window,
    parse_sitemap,
    parse_url_list,
    robots_sitemaps,
    site_root,
)
from extractors.urls import canonical_url
from flows.config import Settings
from flows.http import Fetcher
from flows.poll import process_batch, settings_for
from flows.run_status import RunStatus
from flows.summary import RunSummary, markdown_table
from warehouse import articles, entries, runs
from warehouse.db import connect, transaction

Source = Literal["feed-history", "sitemap", "urls"]
SOURCES: tuple[str, ...] = ("feed-history", "sitemap", "urls")
MAX_DOCUMENTS = 500  # feed-history pages or sitemap files read per feed/site, against endless chains
# urls_in_window: distinct candidates; already_done: stored, or known to fail for good;
# left_for_later: over --limit, fetched by the next run.
DISCOVERY_KEYS = (
    "documents_read",
    "urls_discovered",
    "urls_in_window",
    "already_done",
    "to_fetch",
    "left_for_later",
)


@dataclass(frozen=True)
class BackfillResult:
    """What a backfill found and did: discovery counts beside the usual run summary."""

    summary: RunSummary
    source: str
    discovery: dict[str, int] = field(default_factory=dict)
    status: str = "completed"  # completed | interrupted | failed


@dataclass(frozen=True)
class Discovered:
    """Candidate article links from discovery, with their canonical form, and what it counted."""

    links: list[tuple[str, str]]
    counts: Counter[str]


@task(cache_policy=NONE)
def discover(
    settings: Settings,
    run_id: str,
    source: Source,
    feeds: Sequence[Feed],
    window: DateWindow,
    urls_file: str | None,
    max_documents: int,
) -> Discovered:
    """List candidate article URLs inside the window from the chosen source."""
    if source == "urls":
        if not urls_file:
            raise ConfigError("--source urls needs --urls FILE")
        path = Path(urls_file)
        parsed = parse_url_list(path.read_text(encoding="utf-8"), str(path))
        with connect(settings.db_path) as con:
            runs.record_errors(con, run_id, "config", parsed.problems)
        found = list(parsed.urls)
        counts = Counter(urls_discovered=len(found))
    elif source == "feed-history":
        found, counts = _feed_history(settings, run_id, feeds, window, max_documents)
    else:
        found, counts = _sitemaps(settings, run_id, feeds, window, max_documents)
    counts["urls_in_window"] = len(found)
    return Discovered([(url, canonical_url(url)) for url in found], counts)


@task(cache_policy=NONE)
def select_missing(settings: Settings, links: list[tuple[str, str]]) -> list[str]:
    """The discovered links whose article is not stored yet (and not known to fail for good)."""
    with connect(settings.db_path) as con:
        return articles.pending_links(con, links)


@flow(name="backfill")
def backfill(
    source: Source = "sitemap",
    feeds: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    urls_file: str | None = None,
    feeds_file: str | None = None,
    db_path: str | None = None,
    limit: int | None = None,
    max_documents: int = MAX_DOCUMENTS,
    allow_private: list[str] | None = None,
    show_progress: bool = True,
) -> BackfillResult:
    """Fetch the articles a source lists for a date window that are not stored yet.

    Args:
        source: ``feed-history`` (RFC 5005 archives and pages), ``sitemap`` (robots.txt → sitemaps)
            or ``urls`` (one URL a line in ``urls_file``).
        feeds: feed names from the feeds file (default: every feed); unused for ``urls``.
        since: first day to include (UTC), by publication date, else lastmod.
        until: last day to include (UTC).
        urls_file: the URL file for ``source="urls"``.
        feeds_file: the feeds TOML (default: the configured ``feeds_file``).
        db_path: the DuckDB file (default: the configured ``db_path``).
        limit: fetch at most this many pages this run (the rest wait for the next run).
        max_documents: read at most this many history pages or sitemap files per feed or site.
        allow_private: hosts/networks the SSRF guard lets through (local test sites).
        show_progress: draw a progress bar (a line per batch when the output is not a terminal).

    Returns:
        Discovery counts and the run summary.
    """
    if source not in SOURCES:
        raise ConfigError(f"unknown backfill source {source!r}; choose one of {', '.join(SOURCES)}")
    settings = settings_for(db_path, allow_private)
    run_id = str(flow_run.id or uuid.uuid4())
    selected = _select_feeds(settings, feeds_file, feeds) if source != "urls" else []
    window = date_window(since, until)
    with connect(settings.db_path) as con:
        runs.start_run(con, run_id, "backfill", feeds_file or urls_file)
        if selected:
            entries.sync_feeds(con, selected)
    counts: Counter[str] = Counter()
    status = RunStatus()
    try:
        with status.watch():
            found = discover(settings, run_id, source, selected, window, urls_file, max_documents)
            counts.update(found.counts)
            pending = select_missing(settings, found.links)
            todo = pending[:limit] if limit else pending
            counts.update(
                already_done=len(found.links) - len(pending),
                to_fetch=len(todo),
                left_for_later=len(pending) - len(todo),
            )
            with _progress(show_progress, len(todo), settings.batch_size) as advance:
                for start in range(0, len(todo), settings.batch_size):
                    batch = todo[start : start + settings.batch_size]
                    counts += process_batch(settings, run_id, batch)
                    advance(len(batch))
    finally:
        result = _finish(settings, run_id, source, counts, status.value)
    return result


def _select_feeds(settings: Settings, feeds_file: str | None, names: list[str] | None) -> list[Feed]:
    """The named feeds from the feeds file (all of them when no names are given)."""
    path = Path(feeds_file or settings.feeds_file)
    feed_list = parse_feed_list(path.read_text(encoding="utf-8"), str(path))
    if not names:
        return list(feed_list.feeds)
    by_name = {f.name: f for f in feed_list.feeds}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(f"{path}: no feed named {', '.join(unknown)} (known: {', '.join(sorted(by_name))})")
    return [by_name[n] for n in names]


def _feed_history(
    settings: Settings, run_id: str, feeds: Sequence[Feed], window: DateWindow, max_documents: int
) -> tuple[list[str], Counter[str]]:
    """Walk each feed's RFC 5005 chain (prev-archive, else next) back until the window is passed."""
    counts: Counter[str] = Counter()
    found: dict[str, None] = {}
    with Fetcher(settings) as fetcher:
        for feed in feeds:
            url: str | None = feed.url
            visited: set[str] = set()
            while url and url not in visited and len(visited) < max_documents:
                visited.add(url)
                result = fetcher.fetch(url, kind="feed")
                counts["documents_read"] += 1
                with connect(settings.db_path) as con, transaction(con):
                    runs.record_fetches(con, run_id, [result], [feed.name])
                    runs.record_errors(con, run_id, "feed", result.problems, feed_id=feed.name)
                    if not result.ok or result.not_modified:
                        break
                    parsed = parse_feed(
                        result.body,
                        url=result.final_url or url,
                        headers=result.headers,
                        fetched_at=result.fetched_at,
                    )
                    runs.record_errors(con, run_id, "feed", parsed.problems, feed_id=feed.name)
                    canon = [canonical_url(e.link) if e.link else None for e in parsed.entries]
                    counts["entries_seen"] += len(parsed.entries)
                    counts["entries_new"] += entries.write_entries(
                        con, run_id, feed.name, parsed.entries, canon
                    )
                dated = [(e, None if e.published_is_fallback else e.published) for e in parsed.entries]
                for entry, when in dated:
                    counts["urls_discovered"] += 1
                    if entry.link and window.contains(when):
                        found[entry.link] = None
                if dated and all(window.entirely_before(when) for _, when in dated):
                    break  # this page is already older than the window: older pages can only be older
                url = feed_paging(result.body, result.final_url or url).older
    return list(found), counts


def _sitemaps(
    settings: Settings, run_id: str, feeds: Sequence[Feed], window: DateWindow, max_documents: int
) -> tuple[list[str], Counter[str]]:
    """Read robots.txt → sitemap indexes → urlsets of each feed's site; keep pages inside the window."""
    counts: Counter[str] = Counter()
    found: dict[str, None] = {}
    roots = list(dict.fromkeys(site_root(feed.url) for feed in feeds))
    with Fetcher(settings) as fetcher:
        for root in roots:
            robots = fetcher.fetch(f"{root}/robots.txt", kind="feed")
            counts["documents_read"] += 1
            text = robots.body.decode("utf-8", "replace") if robots.ok else ""
            listed = robots_sitemaps(text, f"{root}/robots.txt")
            queue = list(listed or (f"{root}/sitemap.xml",))
            visited: set[str] = set()
            problems: list[Problem] = []
            fetched = [robots]
            while queue and len(visited) < max_documents:
                url = queue.pop(0)
                if url in visited:
                    continue
                visited.add(url)
                result = fetcher.fetch(url, kind="feed")
                fetched.append(result)
                counts["documents_read"] += 1
                problems += result.problems
                if not result.ok or result.not_modified:
                    continue
                sitemap = parse_sitemap(result.body, result.final_url or url)
                problems += sitemap.problems
                queue += children_in_window(sitemap, window)
                counts["urls_discovered"] += len(sitemap.entries) if sitemap.kind == "urlset" else 0
                for entry in pages_in_window(sitemap, window):
                    found[entry.loc] = None
            with connect(settings.db_path) as con, transaction(con):
                runs.record_fetches(con, run_id, fetched, [None] * len(fetched))
                runs.record_errors(con, run_id, "sitemap", problems)
    return list(found), counts


def _finish(
    settings: Settings, run_id: str, source: str, counts: Counter[str], status: str
) -> BackfillResult:
    """Close the runs row (completed, interrupted or failed) and publish the summary as an artifact."""
    discovery = {key: int(counts.pop(key, 0)) for key in DISCOVERY_KEYS}
    with connect(settings.db_path) as con:
        errors = runs.count_errors(con, run_id)
        summary = RunSummary.from_counts(run_id, counts, errors)
        runs.finish_run(
            con,
            run_id,
            status=status,
            counts={**discovery, **summary.as_dict()},
            error_count=errors,
        )
    if status == "completed":
        rows = "\n".join(f"| {key.replace('_', ' ')} | {value} |" for key, value in discovery.items())
        discovery_table = f"\n#### Backfill discovery ({source})\n\n| step | count |\n|---|---:|\n{rows}\n"
        create_markdown_artifact(
            markdown_table(summary) + discovery_table,
            key="parley-backfill-summary",
            description="Parley backfill summary",
        )
    return BackfillResult(summary=summary, source=source, discovery=discovery, status=status)


class _RateColumn(ProgressColumn):
    """Pages per second over the run so far."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} pages/s" if speed else "– pages/s", style="progress.data.speed")


@contextmanager
def _progress(show: bool, total: int, batch_size: int) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``: a rich bar with rate and ETA on a terminal, else a plain line per batch."""
    console = Console(stderr=True)
    if not show:
        yield lambda n: None
        return
    if console.is_terminal:
        columns = (
            TextColumn("[bold]backfill"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("pages"),
            _RateColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, speed_estimate_period=60) as bar:
            task_id = bar.add_task("backfill", total=total)
            yield lambda n: bar.advance(task_id, n)
        return
    started = time.monotonic()
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        elapsed = max(time.monotonic() - started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0.0
        console.print(
            f"backfill {done}/{total} pages ({100 * done / max(total, 1):.0f}%) "
            f"{rate:.1f} pages/s ETA {dt.timedelta(seconds=round(eta))}",
            highlight=False,
        )

    console.print(f"backfill: {total} pages to fetch in batches of {batch_size}", highlight=False)
    yield advance
