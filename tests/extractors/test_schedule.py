"""Poll scheduling: adaptive intervals, the feed's own asks, backoff and retirement."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from extractors.schedule import (
    DEFAULT_INTERVAL_S,
    Limits,
    backoff_s,
    entries_per_week,
    plan_next_poll,
    server_hint_s,
    success_interval_s,
)

NOW = dt.datetime(2025, 7, 24, 12, 0, tzinfo=dt.UTC)
LIMITS = Limits(min_interval_s=300, max_interval_s=86_400, max_backoff_s=172_800)


def _ok(**kw: object) -> float:
    args: dict[str, object] = {
        "entries_per_week": None,
        "ttl_minutes": None,
        "hint_s": None,
        "limits": LIMITS,
    }
    args.update(kw)
    return success_interval_s(**args)[0]  # type: ignore[arg-type]


def test_busy_feed_is_polled_at_half_its_gap_between_entries() -> None:
    assert _ok(entries_per_week=168.0) == 1800.0  # one an hour → every 30 minutes
    assert _ok(entries_per_week=14.0) == 21_600.0  # two a day → every 6 hours


def test_interval_is_bounded_by_the_configured_min_and_max() -> None:
    assert _ok(entries_per_week=100_000.0) == 300.0
    assert _ok(entries_per_week=0.5) == 86_400.0
    assert _ok(entries_per_week=0.0) == 86_400.0
    assert _ok(ttl_minutes=60 * 24 * 30) == 86_400.0  # a month-long ttl still polls daily


def test_unknown_feed_gets_the_default() -> None:
    assert success_interval_s(entries_per_week=None, ttl_minutes=None, hint_s=None, limits=LIMITS) == (
        DEFAULT_INTERVAL_S,
        "default",
    )


def test_never_shorter_than_ttl_or_cache_hints() -> None:
    assert success_interval_s(entries_per_week=168.0, ttl_minutes=120, hint_s=None, limits=LIMITS) == (
        7200.0,
        "ttl",
    )
    assert success_interval_s(
        entries_per_week=168.0, ttl_minutes=60, hint_s=(10_800.0, "cache-control"), limits=LIMITS
    ) == (10_800.0, "cache-control")
    assert _ok(entries_per_week=14.0, ttl_minutes=15) == 21_600.0  # a short ttl does not speed us up


def test_cache_control_and_expires_are_read() -> None:
    assert server_hint_s({"Cache-Control": "public, max-age=600"}, NOW) == (600.0, "cache-control")
    assert server_hint_s({"cache-control": "max-age=60, s-maxage=900"}, NOW) == (900.0, "cache-control")
    assert server_hint_s({"cache-control": "no-cache, max-age=600"}, NOW) is None
    expires = {"expires": "Thu, 24 Jul 2025 13:00:00 GMT", "date": "Thu, 24 Jul 2025 12:30:00 GMT"}
    assert server_hint_s(expires, NOW) == (1800.0, "expires")  # against the server's own clock
    assert server_hint_s({"expires": "Thu, 24 Jul 2025 12:30:00 GMT"}, NOW) == (1800.0, "expires")
    assert server_hint_s({"expires": "0"}, NOW) is None
    assert server_hint_s({"expires": "Thu, 01 Jan 1970 00:00:00 GMT"}, NOW) is None


def test_success_resets_failures_and_uses_the_adaptive_interval() -> None:
    nxt = plan_next_poll(now=NOW, status=200, error_kind=None, consecutive_failures=7, entries_per_week=168.0)
    assert nxt.consecutive_failures == 0 and nxt.reason == "adaptive"
    assert nxt.due_at == NOW + dt.timedelta(minutes=30)


def test_not_modified_is_a_success() -> None:
    nxt = plan_next_poll(
        now=NOW, status=304, error_kind=None, consecutive_failures=2, entries_per_week=14.0,
        headers={"Cache-Control": "max-age=30000"},
    )  # fmt: skip
    assert nxt.consecutive_failures == 0 and nxt.interval_s == 30_000.0 and nxt.reason == "cache-control"


def test_failures_back_off_exponentially_up_to_the_cap() -> None:
    waits = [backoff_s(n, jitter=1.0, limits=LIMITS) for n in range(1, 12)]
    assert waits[:4] == [300.0, 600.0, 1200.0, 2400.0]
    assert waits[-1] == 172_800.0 and max(waits) == 172_800.0
    assert backoff_s(10_000, jitter=1.0, limits=LIMITS) == 172_800.0  # never overflows, never gives up


def test_jitter_spreads_the_retry_between_half_and_full_step() -> None:
    assert backoff_s(3, jitter=0.0, limits=LIMITS) == 600.0
    assert backoff_s(3, jitter=0.5, limits=LIMITS) == 900.0


def test_a_failure_counts_and_schedules_a_retry() -> None:
    nxt = plan_next_poll(
        now=NOW,
        status=500,
        error_kind="http_status",
        consecutive_failures=2,
        entries_per_week=168.0,
        jitter=1.0,
    )
    assert nxt.consecutive_failures == 3 and nxt.reason == "backoff"
    assert nxt.due_at == NOW + dt.timedelta(seconds=1200) and not nxt.retired


def test_retry_after_wins_when_longer_but_stays_capped() -> None:
    longer = plan_next_poll(
        now=NOW, status=429, error_kind="http_status", consecutive_failures=0, entries_per_week=None,
        retry_after_s=7200.0, jitter=0.0,
    )  # fmt: skip
    assert (longer.interval_s, longer.reason) == (7200.0, "retry-after")
    huge = plan_next_poll(
        now=NOW, status=503, error_kind="http_status", consecutive_failures=0, entries_per_week=None,
        retry_after_s=10.0**9, jitter=0.0,
    )  # fmt: skip
    assert huge.interval_s == LIMITS.max_backoff_s


def test_gone_retires_the_feed() -> None:
    nxt = plan_next_poll(
        now=NOW, status=410, error_kind="http_status", consecutive_failures=0, entries_per_week=9.0
    )
    assert nxt.retired and nxt.due_at is None and nxt.reason == "retired"


def test_entries_per_week_from_a_document() -> None:
    hourly = [NOW - dt.timedelta(hours=h) for h in range(1, 49)]  # 48 entries over two days
    assert entries_per_week(hourly, NOW) == 168.0
    burst = [NOW - dt.timedelta(minutes=m) for m in range(10)]  # a burst counts over at least a day
    assert entries_per_week(burst, NOW) == 70.0
    assert entries_per_week([NOW - dt.timedelta(days=90)], NOW) == 0.0
    assert entries_per_week([], NOW) is None
    assert entries_per_week([NOW + dt.timedelta(days=3)], NOW) is None  # only future dates: no evidence


@given(
    rate=st.none() | st.floats(min_value=0, max_value=1e9, allow_nan=False),
    ttl=st.none() | st.integers(min_value=0, max_value=10**7),
    hint=st.none() | st.floats(min_value=0, max_value=1e10, allow_nan=False),
)
def test_success_interval_always_within_limits(
    rate: float | None, ttl: int | None, hint: float | None
) -> None:
    interval, _ = success_interval_s(
        entries_per_week=rate,
        ttl_minutes=ttl,
        hint_s=None if hint is None else (hint, "expires"),
        limits=LIMITS,
    )
    assert LIMITS.min_interval_s <= interval <= LIMITS.max_interval_s


@given(failures=st.integers(min_value=1, max_value=10**6), jitter=st.floats(min_value=0, max_value=1))
def test_backoff_is_positive_capped_and_monotone(failures: int, jitter: float) -> None:
    wait = backoff_s(failures, jitter=jitter, limits=LIMITS)
    assert 0 < wait <= LIMITS.max_backoff_s
    assert backoff_s(failures + 1, jitter=1.0, limits=LIMITS) >= backoff_s(
        failures, jitter=1.0, limits=LIMITS
    )
