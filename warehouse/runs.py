"""The run ledger: runs, every fetch attempt, and every error, against its feed or URL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import duckdb

from extractors.records import FetchResult, Problem
from warehouse.db import insert_rows


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, kind: str, feeds_file: str | None) -> None:
    """Record that a run began, so a crashed run is visible as 'running' forever after."""
    insert_rows(
        con,
        "runs",
        [
            {
                "run_id": run_id,
                "kind": kind,
                "started_at": _now(),
                "status": "running",
                "feeds_file": feeds_file,
            }
        ],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, *, status: str, counts: dict[str, int], error_count: int
) -> None:
    """Close a run with its per-stage counts."""
    con.execute(
        """UPDATE runs SET finished_at = now(), status = ?, counts = ?, error_count = ?,
               duration_s = epoch(now()) - epoch(started_at)
           WHERE run_id = ?""",
        [status, json.dumps(counts, sort_keys=True), error_count, run_id],
    )


def record_fetches(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    results: Sequence[FetchResult],
    feed_ids: Sequence[str | None],
) -> None:
    """Append one ledger row per HTTP attempt (the ledger only ever grows)."""
    insert_rows(
        con,
        "fetches",
        [
            {
                "run_id": run_id,
                "fetched_at": r.fetched_at,
                "kind": r.kind,
                "feed_id": feed_id,
                "url": r.url,
                "final_url": r.final_url,
                "status": r.status,
                "not_modified": r.not_modified,
                "bytes": len(r.body),
                "duration_ms": r.duration_ms,
                "error_kind": r.error_kind,
                "error": r.error,
            }
            for r, feed_id in zip(results, feed_ids, strict=True)
        ],
    )


def record_errors(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    stage: str,
    problems: Sequence[Problem],
    *,
    feed_id: str | None = None,
) -> int:
    """Store problems as error rows against their feed or URL; return how many."""
    now = _now()
    return insert_rows(
        con,
        "errors",
        [
            {
                "run_id": run_id,
                "occurred_at": now,
                "stage": stage,
                "feed_id": feed_id,
                "url": p.url,
                "kind": p.kind,
                "message": p.message,
            }
            for p in problems
        ],
    )


def count_errors(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Errors recorded for one run."""
    return int(con.execute("SELECT count(*) FROM errors WHERE run_id = ?", [run_id]).fetchall()[0][0])


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first, for ``parley runs``."""
    cursor = con.execute(
        """SELECT run_id, kind, started_at, finished_at, status, error_count, duration_s, counts
           FROM runs ORDER BY started_at DESC LIMIT ?""",
        [limit],
    )
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
