"""One feed poll read end to end, without I/O: changed or not, its entries, and when to come back.

The flow fetches; this decides. Keeping the decision pure means the schedule, the
body-hash change test and the entry keys are tested without a server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from extractors.feeds import body_sha256, parse_feed
from extractors.records import FetchResult, ParsedFeed
from extractors.schedule import Limits, PollOutcome, plan_after_fetch
from extractors.urls import canonical_url


@dataclass(frozen=True)
class StoredFeedState:
    """What the warehouse remembers of a feed that matters to reading its next poll."""

    body_sha256: str | None = None
    consecutive_failures: int = 0
    entries_per_week: float | None = None
    ttl_minutes: int | None = None


@dataclass(frozen=True)
class FeedPoll:
    """A fetched feed, read: the parsed document when it changed, its links, and the schedule."""

    result: FetchResult
    parsed: ParsedFeed | None  # None: failed, 304, or the same body as last time
    outcome: PollOutcome
    links: tuple[tuple[str, str], ...]  # (link, canonical URL) of every entry with a link

    @property
    def status(self) -> str:
        """failed | unchanged | changed, for the run summary."""
        if self.result.error_kind:
            return "failed"
        return "unchanged" if self.parsed is None else "changed"


def read_poll(
    result: FetchResult, state: StoredFeedState, *, now: dt.datetime, jitter: float, limits: Limits
) -> FeedPoll:
    """Read one feed fetch against what was stored last time.

    Args:
        result: The fetch (2xx, 304 or a failure).
        state: The feed's stored body hash, failure count, publishing rate and ttl.
        now: The poll time.
        jitter: A uniform draw in [0, 1) for backoff.
        limits: Configured scheduling bounds.

    Returns:
        The poll, parsed only when the body changed.
    """
    sha = body_sha256(result.body) if result.ok else None
    parsed = None
    if sha is not None and sha != state.body_sha256:
        parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=now)
    outcome = plan_after_fetch(
        now=now,
        status=result.status,
        error_kind=result.error_kind,
        body_sha256=sha,
        stored_sha256=state.body_sha256,
        published=[e.published for e in parsed.entries if not e.published_is_fallback] if parsed else None,
        consecutive_failures=state.consecutive_failures,
        stored_rate=state.entries_per_week,
        ttl_minutes=parsed.ttl_minutes if parsed and parsed.ttl_minutes else state.ttl_minutes,
        headers=result.headers,
        retry_after_s=result.retry_after_s,
        jitter=jitter,
        limits=limits,
    )
    links: list[tuple[str, str]] = []
    for entry in parsed.entries if parsed else ():
        if entry.link:
            links.append((entry.link, canonical_url(entry.link)))
    return FeedPoll(result=result, parsed=parsed, outcome=outcome, links=tuple(links))
