"""When to poll a feed next: adaptive to its publishing pace, polite to what it asks, patient when it fails.

Pure arithmetic over what the last fetch said (status, headers, the feed's own ``<ttl>``)
and what Parley has seen of the feed (entries per week, consecutive failures). The
caller supplies ``now`` and the random ``jitter`` draw, so every decision is reproducible.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WEEK_S = 7 * 24 * 3600.0
DEFAULT_INTERVAL_S = 3600.0  # a feed we know nothing about yet
RATE_WINDOW = dt.timedelta(days=28)  # entries older than this say little about today's pace
_MAX_AGE_RE = re.compile(r"(?:^|,)\s*(s-maxage|max-age)\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
_NO_STORE_RE = re.compile(r"(?:^|,)\s*(no-cache|no-store)\s*(?:,|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """Configured bounds (settings ``min_interval_s``, ``max_interval_s``, ``max_backoff_s``)."""

    min_interval_s: float = 300.0
    max_interval_s: float = 86_400.0
    max_backoff_s: float = 172_800.0


@dataclass(frozen=True)
class NextPoll:
    """The decision after one poll."""

    due_at: dt.datetime | None  # None once the feed is retired
    interval_s: float
    reason: str  # adaptive | default | ttl | cache-control | expires | backoff | retry-after | retired
    consecutive_failures: int
    retired: bool = False


def plan_next_poll(
    *,
    now: dt.datetime,
    status: int | None,
    error_kind: str | None,
    consecutive_failures: int,
    entries_per_week: float | None,
    ttl_minutes: int | None = None,
    headers: Mapping[str, str] | None = None,
    retry_after_s: float | None = None,
    jitter: float = 0.5,
    limits: Limits = Limits(),  # a frozen value: safe as a default
) -> NextPoll:
    """Decide when to poll a feed again after a fetch.

    Args:
        now: When the fetch finished (timezone-aware).
        status: The HTTP status, or None when no answer came.
        error_kind: The fetch's error slug, or None on success (2xx or 304).
        consecutive_failures: Failures in a row *before* this fetch.
        entries_per_week: The feed's observed publishing rate, when known.
        ttl_minutes: The feed's ``<ttl>``/``sy:updatePeriod``, when given.
        headers: The response headers (Cache-Control, Expires, Date).
        retry_after_s: The server's Retry-After, in seconds.
        jitter: A uniform draw in [0, 1) spreading retries of many failing feeds.
        limits: The configured bounds.

    Returns:
        When to poll next and why; a 410 Gone retires the feed.
    """
    if status == 410:
        return NextPoll(None, 0.0, "retired", consecutive_failures + 1, retired=True)
    if error_kind is not None:
        failures = consecutive_failures + 1
        wait = backoff_s(failures, jitter=jitter, limits=limits)
        reason = "backoff"
        if retry_after_s is not None and retry_after_s > wait:
            wait, reason = min(retry_after_s, limits.max_backoff_s), "retry-after"
        return NextPoll(now + dt.timedelta(seconds=wait), wait, reason, failures)
    interval, reason = success_interval_s(
        entries_per_week=entries_per_week,
        ttl_minutes=ttl_minutes,
        hint_s=server_hint_s(headers or {}, now),
        limits=limits,
    )
    return NextPoll(now + dt.timedelta(seconds=interval), interval, reason, 0)


def success_interval_s(
    *,
    entries_per_week: float | None,
    ttl_minutes: int | None,
    hint_s: tuple[float, str] | None,
    limits: Limits,
) -> tuple[float, str]:
    """Interval after a successful poll: half the feed's mean gap between entries, never under its asks.

    Args:
        entries_per_week: Observed publishing rate (None: unknown, 0: silent).
        ttl_minutes: The feed's own refresh hint.
        hint_s: ``(seconds, "cache-control" | "expires")`` from the response headers.
        limits: The configured bounds, which win over everything.

    Returns:
        ``(seconds, reason)``.
    """
    if entries_per_week is None:
        interval, reason = DEFAULT_INTERVAL_S, "default"
    elif entries_per_week <= 0:
        interval, reason = limits.max_interval_s, "adaptive"
    else:
        interval, reason = WEEK_S / entries_per_week / 2, "adaptive"
    if ttl_minutes is not None and ttl_minutes * 60.0 > interval:
        interval, reason = ttl_minutes * 60.0, "ttl"
    if hint_s is not None and hint_s[0] > interval:
        interval, reason = hint_s
    bounded = min(max(interval, limits.min_interval_s), limits.max_interval_s)
    return bounded, reason


def backoff_s(failures: int, *, jitter: float, limits: Limits = Limits()) -> float:
    """Exponential backoff with "equal jitter": half the step fixed, half random; capped, never infinite.

    Args:
        failures: Consecutive failures including the latest (≥ 1).
        jitter: A uniform draw in [0, 1).
        limits: ``min_interval_s`` is the first step, ``max_backoff_s`` the cap.

    Returns:
        Seconds to wait before the next attempt.
    """
    exponent = min(max(failures, 1) - 1, 32)  # 2**32 steps is far past any cap
    step = min(limits.min_interval_s * 2.0**exponent, limits.max_backoff_s)
    return step / 2 + step / 2 * min(max(jitter, 0.0), 1.0)


def server_hint_s(headers: Mapping[str, str], now: dt.datetime) -> tuple[float, str] | None:
    """How long the server says the response stays fresh (Cache-Control max-age, else Expires).

    Args:
        headers: Response headers with lower-case names.
        now: When the response arrived.

    Returns:
        ``(seconds, "cache-control" | "expires")``, or None when the server says nothing useful.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    control = lower.get("cache-control", "")
    if _NO_STORE_RE.search(control):
        return None
    ages = [int(m.group(2)) for m in _MAX_AGE_RE.finditer(control)]
    if ages:
        return float(max(ages)), "cache-control"
    expires = _http_date(lower.get("expires"))
    if expires is None:
        return None
    origin = _http_date(lower.get("date")) or now  # Expires is relative to the server's clock
    seconds = (expires - origin).total_seconds()
    return (seconds, "expires") if seconds > 0 else None


def entries_per_week(published: Iterable[dt.datetime], now: dt.datetime) -> float | None:
    """Publishing rate seen in one feed document: recent entries over the span they cover.

    Args:
        published: The entries' own dates (leave out fetch-time fallbacks).
        now: The fetch time.

    Returns:
        Entries per week, 0.0 when nothing is recent, None when the feed gave no dates.
    """
    dates = [d for d in published if d <= now]
    if not dates:
        return None
    recent = [d for d in dates if now - d <= RATE_WINDOW]
    if not recent:
        return 0.0
    span_s = max((now - min(recent)).total_seconds(), 24 * 3600.0)  # a burst in one hour is not 1000/week
    return len(recent) * WEEK_S / span_s


def _http_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class PollOutcome:
    """What one feed poll means for its schedule and whether its entries need reading."""

    body_sha256: str | None  # None when no body came (304, failure)
    changed: bool  # a body arrived that differs from the stored one: parse it
    next_poll: NextPoll
    entries_per_week: float | None


def plan_after_fetch(
    *,
    now: dt.datetime,
    status: int | None,
    error_kind: str | None,
    body_sha256: str | None,
    stored_sha256: str | None,
    published: Iterable[dt.datetime] | None,
    consecutive_failures: int,
    stored_rate: float | None,
    ttl_minutes: int | None,
    headers: Mapping[str, str] | None,
    retry_after_s: float | None,
    jitter: float,
    limits: Limits,
) -> PollOutcome:
    """Decide, after a feed fetch, whether it changed and when to poll it next.

    Validators can lie in both directions (same ETag on a changed feed, new ETag on an
    unchanged one), so "changed" is decided by the body's hash, not by the status.

    Args:
        now: When the fetch finished.
        status: HTTP status, None when no answer came.
        error_kind: The fetch's error slug, None on 2xx or 304.
        body_sha256: Hash of the body that arrived, None when none did.
        stored_sha256: Hash of the body seen last time.
        published: Real (non-fallback) entry dates of the parsed feed, when it was parsed.
        consecutive_failures: Failures in a row before this fetch.
        stored_rate: The feed's previously observed entries per week.
        ttl_minutes: The feed's own minimum interval, when stated.
        headers: Response headers (Cache-Control, Expires).
        retry_after_s: The server's Retry-After.
        jitter: A uniform draw in [0, 1).
        limits: Configured bounds.

    Returns:
        The outcome; ``changed`` tells the caller to store the entries.
    """
    rate = entries_per_week(published, now) if published is not None else None
    next_poll = plan_next_poll(
        now=now,
        status=status,
        error_kind=error_kind,
        consecutive_failures=consecutive_failures,
        entries_per_week=rate if rate is not None else stored_rate,
        ttl_minutes=ttl_minutes,
        headers=headers,
        retry_after_s=retry_after_s,
        jitter=jitter,
        limits=limits,
    )
    changed = body_sha256 is not None and body_sha256 != stored_sha256
    return PollOutcome(body_sha256=body_sha256, changed=changed, next_poll=next_poll, entries_per_week=rate)
