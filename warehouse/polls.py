"""Storing one cycle of feed polls: the fetch ledger, entries, errors and feed state, in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import duckdb

from extractors.polling import FeedPoll, StoredFeedState
from warehouse import entries, feed_state, runs


def stored_state(target: feed_state.PollTarget) -> StoredFeedState:
    """The part of a feed's stored state that reading its next poll needs."""
    return StoredFeedState(
        body_sha256=target.body_sha256,
        consecutive_failures=target.consecutive_failures,
        entries_per_week=target.entries_per_week,
        ttl_minutes=target.ttl_minutes,
    )


def store_polls(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    targets: Sequence[feed_state.PollTarget],
    polls: Sequence[FeedPoll],
) -> Counter[str]:
    """Write every poll of a cycle; the caller holds the transaction. Returns the summary counts."""
    counts: Counter[str] = Counter()
    runs.record_fetches(con, run_id, [p.result for p in polls], [t.feed_id for t in targets])
    updates = []
    for target, poll in zip(targets, polls, strict=True):
        counts[f"feeds_{poll.status}"] += 1
        runs.record_errors(con, run_id, "feed", poll.result.problems, feed_id=target.feed_id)
        parsed = poll.parsed
        if parsed is not None:
            runs.record_errors(con, run_id, "feed", parsed.problems, feed_id=target.feed_id)
            canonical = dict(poll.links)
            keys = [canonical.get(e.link) if e.link else None for e in parsed.entries]
            counts["entries_seen"] += len(parsed.entries)
            counts["entries_new"] += entries.write_entries(con, run_id, target.feed_id, parsed.entries, keys)
        updates.append(
            feed_state.PollUpdate.from_fetch(
                target,
                poll.result,
                poll.outcome.next_poll,
                polled_at=poll.result.fetched_at,
                body_sha256=poll.outcome.body_sha256,
                entries_per_week=poll.outcome.entries_per_week,
                ttl_minutes=parsed.ttl_minutes if parsed else None,
            )
        )
    feed_state.record_polls(con, updates)
    return counts
