"""Feed polling state in a real DuckDB file: validators, failures, moves, retirement, health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from extractors.schedule import NextPoll, plan_next_poll
from warehouse import feed_state
from warehouse.db import connect, transaction

NOW = dt.datetime(2025, 7, 24, 12, 0, tzinfo=dt.UTC)
URL = "https://news.example/world/rss.xml"


@dataclass(frozen=True)
class Fetched:
    """The fields of a fetch that feed_state reads (flows.http.FetchResult has them all)."""

    status: int | None = 200
    ok: bool = True
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    error_kind: str | None = None
    error: str | None = None
    permanent_redirect_to: str | None = None
    redirects: tuple[tuple[int, str, str], ...] = field(default=())


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "parley.duckdb") as opened:
        yield opened


def _poll(
    con: duckdb.DuckDBPyConnection,
    fetched: Fetched,
    at: dt.datetime,
    *,
    sha: str | None = None,
    url: str = URL,
    rate: float | None = None,
) -> tuple[feed_state.PollTarget, NextPoll]:
    (target,) = feed_state.poll_targets(con, [("world", url)], at, force=True)
    nxt = plan_next_poll(
        now=at, status=fetched.status, error_kind=fetched.error_kind,
        consecutive_failures=target.consecutive_failures, entries_per_week=rate, jitter=0.0,
    )  # fmt: skip
    update = feed_state.PollUpdate.from_fetch(
        target, fetched, nxt, polled_at=at, body_sha256=sha, entries_per_week=rate
    )
    with transaction(con):
        feed_state.record_polls(con, [update])
    return target, nxt


def test_a_new_feed_is_due_with_no_validators(con: duckdb.DuckDBPyConnection) -> None:
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW)
    assert target.due and not target.retired
    assert (target.url, target.etag, target.last_modified, target.body_sha256) == (URL, None, None, None)


def test_validators_and_hash_are_kept_and_sent_next_time(con: duckdb.DuckDBPyConnection) -> None:
    _poll(con, Fetched(etag='"v1"', last_modified="Wed, 23 Jul 2025 10:00:00 GMT"), NOW, sha="aa", rate=168.0)
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW)
    assert (target.etag, target.last_modified, target.body_sha256) == (
        '"v1"',
        "Wed, 23 Jul 2025 10:00:00 GMT",
        "aa",
    )
    assert not target.due and target.next_due_at == NOW + dt.timedelta(minutes=30)
    later = feed_state.poll_targets(con, [("world", URL)], NOW + dt.timedelta(minutes=31))
    assert later[0].due and later[0].entries_per_week == 168.0


def test_304_keeps_validators_and_counts(con: duckdb.DuckDBPyConnection) -> None:
    _poll(con, Fetched(etag='"v1"'), NOW, sha="aa")
    _poll(con, Fetched(status=304, ok=False, not_modified=True, etag='"v1"'), NOW + dt.timedelta(hours=1))
    _poll(con, Fetched(status=304, ok=False, not_modified=True, etag=None), NOW + dt.timedelta(hours=2))
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW)
    assert target.etag == '"v1"' and target.body_sha256 == "aa"
    (health,) = feed_state.feed_health(con, ["world"], NOW + dt.timedelta(hours=2))
    assert health.polls == 3 and health.not_modified_share == pytest.approx(2 / 3)
    assert health.last_success_at == NOW + dt.timedelta(hours=2)


def test_failures_count_up_and_success_resets(con: duckdb.DuckDBPyConnection) -> None:
    for hour in range(3):
        _poll(
            con,
            Fetched(status=500, ok=False, error_kind="http_status", error="HTTP 500"),
            NOW + dt.timedelta(hours=hour),
        )
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW)
    assert target.consecutive_failures == 3
    (health,) = feed_state.feed_health(con, ["world"], NOW)
    assert (health.last_error_kind, health.last_error) == ("http_status", "HTTP 500")
    assert health.last_success_at is None
    _poll(con, Fetched(), NOW + dt.timedelta(hours=5), sha="bb")
    (health,) = feed_state.feed_health(con, ["world"], NOW)
    assert health.consecutive_failures == 0 and health.last_error_kind == "http_status"  # history kept


def test_a_failure_does_not_forget_the_validators(con: duckdb.DuckDBPyConnection) -> None:
    _poll(con, Fetched(etag='"v1"'), NOW, sha="aa")
    _poll(
        con,
        Fetched(status=None, ok=False, error_kind="timeout", error="ReadTimeout"),
        NOW + dt.timedelta(hours=1),
    )
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW)
    assert (target.etag, target.body_sha256) == ('"v1"', "aa")


def test_permanent_redirect_moves_the_feed_and_is_logged(con: duckdb.DuckDBPyConnection) -> None:
    new = "https://feeds.news.example/world.xml"
    hops = ((301, URL, new),)
    _poll(con, Fetched(permanent_redirect_to=new, redirects=hops), NOW, sha="aa")
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW, force=True)
    assert target.url == new and target.file_url == URL
    assert feed_state.redirects(con, "world") == [(NOW, URL, new)]
    _poll(con, Fetched(permanent_redirect_to=new, redirects=hops), NOW + dt.timedelta(hours=1), sha="aa")
    assert len(feed_state.redirects(con, "world")) == 1  # the same move is logged once


def test_editing_the_url_in_the_feeds_file_starts_afresh(con: duckdb.DuckDBPyConnection) -> None:
    _poll(con, Fetched(etag='"v1"', permanent_redirect_to="https://elsewhere.example/x"), NOW, sha="aa")
    (target,) = feed_state.poll_targets(con, [("world", "https://news.example/new.xml")], NOW)
    assert target.url == "https://news.example/new.xml" and target.etag is None and target.due


def test_gone_retires_until_revived(con: duckdb.DuckDBPyConnection) -> None:
    _poll(con, Fetched(status=410, ok=False, error_kind="http_status", error="HTTP 410"), NOW)
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW + dt.timedelta(days=30), force=True)
    assert target.retired and not target.due
    (health,) = feed_state.feed_health(con, ["world"], NOW)
    assert health.retired and health.next_due_at is None
    feed_state.revive(con, "world")
    (target,) = feed_state.poll_targets(con, [("world", URL)], NOW)
    assert target.due and not target.retired and target.consecutive_failures == 0


def test_health_of_a_feed_never_polled_and_items_per_day(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "INSERT INTO entries (feed_id, entry_key, key_kind, first_seen_at, first_run_id) "
        "SELECT 'world', 'k' || i, 'guid', ?::TIMESTAMPTZ - INTERVAL (i) HOUR, 'r' FROM range(14) t(i)",
        [NOW],
    )
    world, quiet = feed_state.feed_health(con, ["world", "quiet"], NOW)
    assert world.items_per_day == 2.0 and world.polls == 0 and world.not_modified_share is None
    assert quiet.items_per_day == 0.0 and quiet.last_success_at is None


def test_batch_of_many_feeds_in_one_call(con: duckdb.DuckDBPyConnection) -> None:
    feeds = [(f"feed-{i}", f"https://host{i % 7}.example/{i}.xml") for i in range(300)]
    targets = feed_state.poll_targets(con, feeds, NOW)
    nxt = plan_next_poll(now=NOW, status=200, error_kind=None, consecutive_failures=0, entries_per_week=None)
    updates = [
        feed_state.PollUpdate.from_fetch(
            t, Fetched(etag=f'"{t.feed_id}"'), nxt, polled_at=NOW, body_sha256="x"
        )
        for t in targets
    ]
    with transaction(con):
        feed_state.record_polls(con, updates)
    again = feed_state.poll_targets(con, feeds, NOW)
    assert [t.etag for t in again] == [f'"feed-{i}"' for i in range(300)]
    assert not any(t.due for t in again)
