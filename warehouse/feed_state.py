"""Per-feed polling state in DuckDB (validators, schedule, health, moves) and every SQL statement for it.

How the poll flow uses it (one short transaction before fetching, one after)::

    with connect(db) as con:
        targets = feed_state.poll_targets(con, [(feed.name, feed.url) for feed in feeds], now)
    due = [t for t in targets if t.due]                      # retired and not-yet-due feeds are skipped
    results = fetcher.fetch_many(...)                         # send t.url, t.etag, t.last_modified
    for target, result in zip(due, results):
        sha = extractors.feeds.body_sha256(result.body) if result.ok else None  # 304: not ok
        changed = sha is not None and sha != target.body_sha256   # validators can lie; the hash cannot
        parsed = parse_feed(...) if changed else None
        rate = entries_per_week(<non-fallback published dates of parsed>, now) if parsed else None
        nxt = extractors.schedule.plan_next_poll(now=now, status=result.status, error_kind=result.error_kind,
                  consecutive_failures=target.consecutive_failures,
                  entries_per_week=rate if rate is not None else target.entries_per_week,
                  ttl_minutes=parsed.ttl_minutes if parsed else target.ttl_minutes,
                  headers=result.headers, retry_after_s=result.retry_after_s,
                  jitter=random.random(), limits=...)
        updates.append(feed_state.PollUpdate.from_fetch(target, result, nxt, polled_at=now, body_sha256=sha,
                  entries_per_week=rate, ttl_minutes=parsed.ttl_minutes if parsed else None))
    with connect(db) as con, transaction(con):
        feed_state.record_polls(con, updates)

A permanent redirect (301/308 only, ending in success) moves ``fetch_url`` and is logged in
``feed_redirects``; editing a feed's URL in the feeds file starts its state afresh; a 410
retires the feed until :func:`revive` (``parley feeds revive NAME``) clears it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from extractors.schedule import NextPoll

_COLUMNS = (
    "feed_id",
    "file_url",
    "fetch_url",
    "etag",
    "last_modified",
    "body_sha256",
    "last_polled_at",
    "last_status",
    "last_success_at",
    "last_changed_at",
    "last_error_at",
    "last_error_kind",
    "last_error",
    "consecutive_failures",
    "next_due_at",
    "interval_s",
    "schedule_reason",
    "entries_per_week",
    "ttl_minutes",
    "polls",
    "not_modified_polls",
    "retired",
    "retired_at",
    "retired_reason",
)
_SELECT_STATE = f"SELECT {', '.join(_COLUMNS)} FROM feed_state"
_TS = pa.timestamp("us", tz="UTC")
_ARROW_TYPES = {
    "last_status": pa.int32(), "consecutive_failures": pa.int32(), "ttl_minutes": pa.int32(),
    "polls": pa.int32(), "not_modified_polls": pa.int32(), "interval_s": pa.float64(),
    "entries_per_week": pa.float64(), "retired": pa.bool_(), "last_polled_at": _TS, "last_success_at": _TS,
    "last_changed_at": _TS, "last_error_at": _TS, "next_due_at": _TS, "retired_at": _TS,
}  # fmt: skip
_SCHEMA = pa.schema([(c, _ARROW_TYPES.get(c, pa.string())) for c in _COLUMNS])
# One statement for the whole batch through Arrow: executemany costs ~3 ms per row in DuckDB.
_UPSERT_STATE = f"INSERT OR REPLACE INTO feed_state ({', '.join(_COLUMNS)}) SELECT * FROM _parley_feed_state"
_INSERT_REDIRECT = (
    "INSERT INTO feed_redirects (feed_id, moved_at, from_url, to_url, hops) VALUES (?, ?, ?, ?, ?)"
)


class FetchOutcome(Protocol):
    """What :func:`PollUpdate.from_fetch` needs of a fetch (``flows.http.FetchResult`` fits)."""

    @property
    def status(self) -> int | None: ...
    @property
    def ok(self) -> bool: ...
    @property
    def not_modified(self) -> bool: ...
    @property
    def etag(self) -> str | None: ...
    @property
    def last_modified(self) -> str | None: ...
    @property
    def error_kind(self) -> str | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def permanent_redirect_to(self) -> str | None: ...
    @property
    def redirects(self) -> tuple[tuple[int, str, str], ...]: ...


@dataclass(frozen=True)
class PollTarget:
    """One feed as the next poll should see it."""

    feed_id: str
    url: str  # where to fetch: the file's URL, or where a permanent redirect moved it
    file_url: str
    etag: str | None
    last_modified: str | None
    body_sha256: str | None
    consecutive_failures: int
    entries_per_week: float | None
    ttl_minutes: int | None
    next_due_at: dt.datetime | None
    due: bool
    retired: bool


@dataclass(frozen=True)
class PollUpdate:
    """What one poll changed; :func:`record_polls` merges it into the stored state."""

    feed_id: str
    file_url: str
    polled_at: dt.datetime
    status: int | None
    ok: bool  # the server answered usefully: 2xx, or 304 Not Modified
    not_modified: bool
    etag: str | None
    last_modified: str | None
    body_sha256: str | None  # None: no body this time (304 or failure) — keep the stored one
    error_kind: str | None
    error: str | None
    moved_to: str | None
    hops: tuple[tuple[int, str, str], ...]
    next_poll: NextPoll
    entries_per_week: float | None = None  # None: unknown this time — keep the stored rate
    ttl_minutes: int | None = None

    @classmethod
    def from_fetch(
        cls,
        target: PollTarget,
        result: FetchOutcome,
        next_poll: NextPoll,
        *,
        polled_at: dt.datetime,
        body_sha256: str | None,
        entries_per_week: float | None = None,
        ttl_minutes: int | None = None,
    ) -> PollUpdate:
        """Build the update for ``target`` from a fetch result and the schedule's decision."""
        return cls(
            feed_id=target.feed_id,
            file_url=target.file_url,
            polled_at=polled_at,
            status=result.status,
            ok=result.ok or result.not_modified,
            not_modified=result.not_modified,
            etag=result.etag,
            last_modified=result.last_modified,
            body_sha256=body_sha256,
            error_kind=result.error_kind,
            error=result.error,
            moved_to=result.permanent_redirect_to,
            hops=result.redirects,
            next_poll=next_poll,
            entries_per_week=entries_per_week,
            ttl_minutes=ttl_minutes,
        )


@dataclass(frozen=True)
class FeedHealth:
    """One line of ``parley feeds status``."""

    feed_id: str
    fetch_url: str | None
    last_success_at: dt.datetime | None
    last_error_at: dt.datetime | None
    last_error_kind: str | None
    last_error: str | None
    consecutive_failures: int
    next_due_at: dt.datetime | None
    items_per_day: float
    polls: int
    not_modified_share: float | None  # share of polls answered 304; None before the first poll
    retired: bool


def poll_targets(
    con: duckdb.DuckDBPyConnection, feeds: Sequence[tuple[str, str]], now: dt.datetime, *, force: bool = False
) -> list[PollTarget]:
    """Pair each configured feed with its stored state and say whether it is due.

    Args:
        con: An open warehouse connection.
        feeds: ``(feed_id, url)`` as the feeds file lists them.
        now: The poll time.
        force: Treat every feed that is not retired as due (``parley run --force``).

    Returns:
        One target per feed, in the order given.
    """
    states = _load(con, [feed_id for feed_id, _ in feeds])
    targets = []
    for feed_id, url in feeds:
        row = states.get(feed_id)
        if row is None or row["file_url"] != url:  # new feed, or its URL was edited: start afresh
            targets.append(PollTarget(feed_id, url, url, None, None, None, 0, None, None, None, True, False))
            continue
        due_at = row["next_due_at"]
        retired = bool(row["retired"])
        targets.append(
            PollTarget(
                feed_id=feed_id,
                url=row["fetch_url"],
                file_url=url,
                etag=row["etag"],
                last_modified=row["last_modified"],
                body_sha256=row["body_sha256"],
                consecutive_failures=int(row["consecutive_failures"]),
                entries_per_week=row["entries_per_week"],
                ttl_minutes=row["ttl_minutes"],
                next_due_at=due_at,
                due=not retired and (force or due_at is None or due_at <= now),
                retired=retired,
            )
        )
    return targets


def record_polls(con: duckdb.DuckDBPyConnection, updates: Sequence[PollUpdate]) -> None:
    """Merge poll outcomes into ``feed_state`` and log feed moves; call inside one transaction.

    Args:
        con: An open warehouse connection.
        updates: One update per polled feed (a feed at most once).
    """
    if not updates:
        return
    states = _load(con, [u.feed_id for u in updates])
    rows, moves = [], []
    for update in updates:
        old = states.get(update.feed_id)
        if old is not None and old["file_url"] != update.file_url:
            old = None
        new = _merge(old, update)
        if update.moved_to and update.ok and update.moved_to != (old or {}).get("fetch_url", update.file_url):
            from_url = (old or {}).get("fetch_url", update.file_url)
            hops = json.dumps([list(hop) for hop in update.hops])
            moves.append([update.feed_id, update.polled_at, from_url, update.moved_to, hops])
        rows.append(new)
    con.register("_parley_feed_state", pa.Table.from_pylist(rows, schema=_SCHEMA))
    try:
        con.execute(_UPSERT_STATE)
    finally:
        con.unregister("_parley_feed_state")
    if moves:
        con.executemany(_INSERT_REDIRECT, moves)


def revive(con: duckdb.DuckDBPyConnection, feed_id: str) -> None:
    """Un-retire a feed and make it due now (the operator says it is back)."""
    con.execute(
        "UPDATE feed_state SET retired = false, retired_at = NULL, retired_reason = NULL, "
        "consecutive_failures = 0, next_due_at = NULL WHERE feed_id = ?",
        [feed_id],
    )


def forget(con: duckdb.DuckDBPyConnection, feed_id: str) -> None:
    """Drop a feed's polling state (its entries and articles stay)."""
    con.execute("DELETE FROM feed_state WHERE feed_id = ?", [feed_id])


def redirects(con: duckdb.DuckDBPyConnection, feed_id: str) -> list[tuple[dt.datetime, str, str]]:
    """The feed's moves, oldest first: (moved_at, from_url, to_url)."""
    rows = con.execute(
        "SELECT moved_at, from_url, to_url FROM feed_redirects WHERE feed_id = ? ORDER BY moved_at",
        [feed_id],
    ).fetchall()
    return [(_utc(r[0]) or dt.datetime.min.replace(tzinfo=dt.UTC), r[1], r[2]) for r in rows]


def known_feeds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every feed the warehouse has recorded, by name: what ``parley feeds status`` reports by default."""
    rows = con.execute(
        "SELECT feed_id FROM feeds UNION SELECT feed_id FROM feed_state ORDER BY feed_id"
    ).fetchall()
    return [str(row[0]) for row in rows]


def feed_health(
    con: duckdb.DuckDBPyConnection, feed_ids: Sequence[str], now: dt.datetime, *, window_days: int = 7
) -> list[FeedHealth]:
    """Health of each feed for ``parley feeds status``; feeds never polled come back empty.

    Args:
        con: An open warehouse connection.
        feed_ids: The feeds to report, in the order to report them.
        now: The reference time for items per day.
        window_days: How far back items per day looks.

    Returns:
        One :class:`FeedHealth` per feed id.
    """
    states = _load(con, list(feed_ids))
    since = now - dt.timedelta(days=window_days)
    counts = dict(
        con.execute(
            "SELECT feed_id, count(*) FROM entries WHERE first_seen_at >= ? GROUP BY feed_id", [since]
        ).fetchall()
    )
    out = []
    for feed_id in feed_ids:
        row = states.get(feed_id) or {}
        polls = int(row.get("polls") or 0)
        out.append(
            FeedHealth(
                feed_id=feed_id,
                fetch_url=row.get("fetch_url"),
                last_success_at=row.get("last_success_at"),
                last_error_at=row.get("last_error_at"),
                last_error_kind=row.get("last_error_kind"),
                last_error=row.get("last_error"),
                consecutive_failures=int(row.get("consecutive_failures") or 0),
                next_due_at=row.get("next_due_at"),
                items_per_day=int(counts.get(feed_id, 0)) / window_days,
                polls=polls,
                not_modified_share=(int(row.get("not_modified_polls") or 0) / polls) if polls else None,
                retired=bool(row.get("retired")),
            )
        )
    return out


# --------------------------------------------------------------------------- helpers


def _load(con: duckdb.DuckDBPyConnection, feed_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not feed_ids:
        return {}
    # fetchall, never fetchone: DuckDB 2.0 keeps a half-read result open and refuses other work.
    rows = con.execute(
        f"{_SELECT_STATE} WHERE feed_id IN (SELECT unnest(?::VARCHAR[]))", [feed_ids]
    ).fetchall()
    states = {}
    for row in rows:
        state = dict(zip(_COLUMNS, row, strict=True))
        for key, value in state.items():
            if isinstance(value, dt.datetime):
                state[key] = _utc(value)
        states[state["feed_id"]] = state
    return states


def _merge(old: dict[str, Any] | None, u: PollUpdate) -> dict[str, Any]:
    """The stored state after one poll: validators only from answers, failures reset by success."""
    new: dict[str, Any] = dict.fromkeys(_COLUMNS)
    new.update(old or {"fetch_url": u.file_url, "polls": 0, "not_modified_polls": 0, "retired": False})
    new["feed_id"], new["file_url"] = u.feed_id, u.file_url
    new["last_polled_at"], new["last_status"] = u.polled_at, u.status
    new["polls"] = int(new["polls"] or 0) + 1
    new["consecutive_failures"] = u.next_poll.consecutive_failures
    new["next_due_at"], new["interval_s"] = u.next_poll.due_at, u.next_poll.interval_s
    new["schedule_reason"] = u.next_poll.reason
    if u.ok:
        new["last_success_at"] = u.polled_at
        if u.not_modified:
            new["not_modified_polls"] = int(new["not_modified_polls"] or 0) + 1
            new["etag"] = u.etag or new["etag"]
            new["last_modified"] = u.last_modified or new["last_modified"]
        else:
            new["etag"], new["last_modified"] = u.etag, u.last_modified
        if u.body_sha256 is not None:
            if u.body_sha256 != new["body_sha256"]:
                new["last_changed_at"] = u.polled_at
            new["body_sha256"] = u.body_sha256
        if u.moved_to:
            new["fetch_url"] = u.moved_to
    else:
        new["last_error_at"], new["last_error_kind"], new["last_error"] = u.polled_at, u.error_kind, u.error
    if u.entries_per_week is not None:
        new["entries_per_week"] = u.entries_per_week
    if u.ttl_minutes is not None:
        new["ttl_minutes"] = u.ttl_minutes
    if u.next_poll.retired:
        new["retired"], new["retired_at"] = True, u.polled_at
        new["retired_reason"] = f"HTTP {u.status}" if u.status else (u.error_kind or "retired")
    return new


def _utc(value: Any) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        return None
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
