"""Feed polling benchmark: 1,000 feeds on local servers, a cold cycle then a warm (304) cycle.

Runs Parley's real poll path — ``feed_state.poll_targets`` → ``Fetcher.fetch_many`` (with
stored validators) → ``parse_feed`` for changed bodies → ``plan_next_poll`` →
``feed_state.record_polls`` into a DuckDB file — against feeds served by a separate
process (several hosts = several ports on 127.0.0.1), so the CPU time measured here is
Parley's alone. Reports feeds/s per cycle, bytes on the wire (warm must be < 2% of cold),
Parley's CPU time per feed, and the most concurrent requests any one host saw.

    PYTHONPATH=. python bench/feeds_bench.py [--feeds 1000] [--hosts 8] [--items 25] [--changed 0.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import multiprocessing as mp
import random
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from extractors.feeds import body_sha256, parse_feed, read_with_feedparser
from extractors.records import FetchResult
from extractors.schedule import Limits, entries_per_week, plan_next_poll
from flows.config import Settings, load_settings
from flows.http import Fetcher
from warehouse import feed_state
from warehouse.db import connect, transaction


def feed_body(feed: int, version: int, items: int) -> bytes:
    """A realistic RSS document: ``items`` stories with titles, summaries, dates, categories."""
    stories = []
    for i in range(items):
        n = version * items + i
        stories.append(
            f"<item><title>Feed {feed}: delegations resume talks, round {n}, as mediators push</title>"
            f"<link>https://news{feed % 50}.example/{feed}/2025/07/story-{n}</link>"
            f'<guid isPermaLink="false">feed-{feed}-story-{n}</guid>'
            f"<pubDate>Wed, {1 + n % 28:02d} Jul 2025 {n % 24:02d}:15:00 GMT</pubDate>"
            "<description>&lt;p&gt;Negotiators met on Wednesday for another round of direct talks, officials "
            "said, with a prisoner exchange and a leaders' summit on the agenda.&lt;/p&gt;</description>"
            "<category>World</category><dc:creator>Staff reporter</dc:creator></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Desk {feed}</title><link>https://news{feed % 50}.example/</link><ttl>15</ttl>"
        + "".join(stories)
        + "</channel></rss>"
    ).encode()


def serve_feeds(n_feeds: int, n_hosts: int, items: int, pipe: Connection) -> None:
    """Child process: serve every feed with ETag/304 support; report ports, then stats on "stop"."""
    from tests.http_server import Request, Response, serve  # the tests' real server

    versions = dict.fromkeys(range(n_feeds), 0)
    cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    def route(feed: int) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            key = (feed, versions[feed])
            if key not in cache:
                body = feed_body(feed, versions[feed], items)
                cache[key] = (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
            body, etag = cache[key]
            if request.headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}, body

        return answer

    from contextlib import ExitStack

    with ExitStack() as stack:
        servers = [stack.enter_context(serve()) for _ in range(n_hosts)]
        for feed in range(n_feeds):
            servers[feed % n_hosts].routes[f"/feed/{feed}.xml"] = route(feed)
        pipe.send([s.port for s in servers])
        while True:
            message = pipe.recv()
            if message[0] == "change":
                for feed in message[1]:
                    versions[feed] += 1
                pipe.send("ok")
            elif message[0] == "stats":
                pipe.send([(s.max_in_flight, s.bytes_sent, len(s.requests)) for s in servers])
            else:
                return


def poll_cycle(
    settings: Settings, db: Path, feeds: list[tuple[str, str]]
) -> tuple[list[FetchResult], float, dict[str, float]]:
    """One poll of every feed through the real path; return results, wall seconds, CPU seconds per phase."""
    limits = Limits(settings.min_interval_s, settings.max_interval_s, settings.max_backoff_s)
    wall = time.perf_counter()
    cpu: dict[str, float] = {}
    mark = time.process_time()

    def lap(phase: str) -> None:
        nonlocal mark
        now_cpu = time.process_time()
        cpu[phase] = now_cpu - mark
        mark = now_cpu

    now = dt.datetime.now(dt.UTC)
    with connect(db) as con:
        targets = feed_state.poll_targets(con, feeds, now, force=True)
    lap("state read")
    with Fetcher(settings, max_workers=settings.per_host_limit * 8) as fetcher:
        results = fetcher.fetch_many(
            [t.url for t in targets], kind="feed", validators=[(t.etag, t.last_modified) for t in targets]
        )
    lap("fetch")
    updates = []
    for target, result in zip(targets, results, strict=True):
        sha = body_sha256(result.body) if result.ok else None
        parsed = None
        if sha is not None and sha != target.body_sha256:
            parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=now)
        dates = [e.published for e in parsed.entries if not e.published_is_fallback] if parsed else []
        rate = entries_per_week(dates, now) if parsed else None
        nxt = plan_next_poll(
            now=now, status=result.status, error_kind=result.error_kind,
            consecutive_failures=target.consecutive_failures,
            entries_per_week=rate if rate is not None else target.entries_per_week,
            ttl_minutes=parsed.ttl_minutes if parsed else target.ttl_minutes, headers=result.headers,
            retry_after_s=result.retry_after_s, jitter=random.random(), limits=limits,
        )  # fmt: skip
        ttl = parsed.ttl_minutes if parsed else None
        update = feed_state.PollUpdate.from_fetch(
            target, result, nxt, polled_at=now, body_sha256=sha, entries_per_week=rate, ttl_minutes=ttl
        )
        updates.append(update)
    lap("parse+schedule")
    with connect(db) as con, transaction(con):
        feed_state.record_polls(con, updates)
    lap("state write")
    return results, time.perf_counter() - wall, cpu


def feedparser_cpu(results: list[FetchResult]) -> float:
    """CPU seconds feedparser alone spends reading the bodies a cycle parsed (same options as Parley)."""
    bodies = [(r.body, r.headers) for r in results if r.ok and r.body]
    start = time.process_time()
    for body, headers in bodies:
        read_with_feedparser(body, {k.lower(): v for k, v in headers.items()})
    return time.process_time() - start


def _wire(results: list[FetchResult]) -> tuple[int, int]:
    """(body bytes, header bytes) received, headers estimated from the status line and header lines."""
    body = sum(r.wire_bytes for r in results)
    headers = sum(
        17 + sum(len(k) + len(v) + 4 for k, v in r.headers.items()) + 2 for r in results if r.status
    )
    return body, headers


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--items", type=int, default=25, help="stories per feed")
    parser.add_argument("--changed", type=float, default=0.0, help="share of feeds that change before warm")
    parser.add_argument("--per-host-limit", type=int, default=None, help="default: the configured value")
    args = parser.parse_args()

    settings = load_settings().replace(allow_private=("127.0.0.1",), min_host_delay_s=0.0)
    if args.per_host_limit:
        settings = settings.replace(per_host_limit=args.per_host_limit)
    ctx = mp.get_context("spawn")  # the server must not share this process's CPU accounting
    ours, theirs = ctx.Pipe()
    server = ctx.Process(target=serve_feeds, args=(args.feeds, args.hosts, args.items, theirs), daemon=True)
    server.start()
    ports = ours.recv()
    feeds = [
        (f"feed-{i}", f"http://127.0.0.1:{ports[i % args.hosts]}/feed/{i}.xml") for i in range(args.feeds)
    ]
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        with connect(db):
            pass  # migrations applied outside the timed cycles
        cold, cold_wall, cold_cpu = poll_cycle(settings, db, feeds)
        changed = random.Random(0).sample(range(args.feeds), int(args.feeds * args.changed))
        ours.send(("change", changed))
        ours.recv()
        warm, warm_wall, warm_cpu = poll_cycle(settings, db, feeds)
        library_cpu = {"cold": feedparser_cpu(cold), "warm": feedparser_cpu(warm)}
    ours.send(("stats",))
    stats = ours.recv()
    ours.send(("stop",))
    server.join(timeout=10)

    cold_body, cold_head = _wire(cold)
    warm_body, warm_head = _wire(warm)
    share = (warm_body + warm_head) / (cold_body + cold_head)
    max_in_flight = max(s[0] for s in stats)
    print("$ PYTHONPATH=. python bench/feeds_bench.py " + " ".join(sys.argv[1:]))
    print(
        f"feeds {args.feeds} on {args.hosts} hosts (ports), {args.items} items each, per_host_limit "
        f"{settings.per_host_limit}, min_host_delay_s 0, changed before warm {len(changed)}"
    )
    for name, results, wall, cpu, body, head in (
        ("cold", cold, cold_wall, cold_cpu, cold_body, cold_head),
        ("warm", warm, warm_wall, warm_cpu, warm_body, warm_head),
    ):
        statuses: dict[str, int] = {}
        for r in results:
            key = str(r.status) if r.error_kind is None else r.error_kind
            statuses[key] = statuses.get(key, 0) + 1
        n = len(results)
        print(
            f"{name}: {n / wall:7.1f} feeds/s  wall {wall:6.2f}s  "
            f"Parley CPU {sum(cpu.values()) * 1000 / n:5.2f} ms/feed  bytes {body + head:>11,} "
            f"(bodies {body:,}, headers ~{head:,})  answers {statuses}"
        )
        print("      CPU ms/feed by phase: " + ", ".join(f"{k} {v * 1000 / n:.2f}" for k, v in cpu.items()))
        total, library = sum(cpu.values()), library_cpu[name]
        print(
            f"      of which feedparser.parse {library * 1000 / n:.2f} ms/feed (timed again alone, same "
            f"bodies), Parley's code around it {(total - library) * 1000 / n:.2f} ms/feed"
        )
    cold_ms = sum(cold_cpu.values()) * 1000 / len(cold)
    print(f"warm/cold bytes: {share:.2%}  (target < 2%)")
    print(f"cold CPU per feed {cold_ms:.2f} ms: target < 5 ms {'met' if cold_ms < 5 else 'missed'}")
    print(
        f"max concurrent requests seen by one host: {max_in_flight} (limit {settings.per_host_limit}); "
        f"per host: {[s[0] for s in stats]}"
    )
    ok = (
        share < 0.02
        and max_in_flight <= settings.per_host_limit
        and all(r.error_kind is None for r in cold + warm)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
