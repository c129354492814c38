"""robots.txt for article pages: fetched once per host and trusted for a day (RFC 9309 error rules).

The cache does not fetch by itself: the :class:`~flows.http.Fetcher` hands it a fetch
function, so robots.txt goes through the same guard, caps and politeness as every page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.robotparser import RobotFileParser

import httpx

from extractors.records import FetchResult
from flows.http_limits import FetchFailure

ROBOTS_TOKEN = "Parley"
ROBOTS_TTL_S = 24 * 3600.0
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_RETRY_S = 600.0  # a robots.txt that errors is asked again after this long

RobotsFetch = Callable[[str, int], FetchResult]  # (url, byte cap) -> result; may raise FetchFailure


class RobotsCache:
    """Per-origin robots.txt rules, loaded on first use and refreshed when they expire; thread-safe."""

    def __init__(self, fetch: RobotsFetch) -> None:
        self._fetch = fetch
        self._rules: dict[str, tuple[float, RobotFileParser | None]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def allows(self, url: str) -> bool:
        """True when the host's robots.txt (fetched once per host per day) lets Parley fetch ``url``.

        Args:
            url: An absolute http(s) URL.

        Returns:
            Whether :data:`ROBOTS_TOKEN` may fetch it.
        """
        parts = httpx.URL(url)
        origin = f"{parts.scheme}://{parts.netloc.decode('ascii')}"
        with self._locks_lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            cached = self._rules.get(origin)
            if cached is None or cached[0] <= time.monotonic():
                cached = self._rules[origin] = self._load(origin)
        parser = cached[1]
        return parser is None or parser.can_fetch(ROBOTS_TOKEN, url)

    def _load(self, origin: str) -> tuple[float, RobotFileParser | None]:
        """The host's rules and how long to trust them; None means everything is allowed.

        No robots.txt (4xx) allows everything; a server error disallows everything for a
        while (RFC 9309); an unreachable host is retried at the next page, whose own fetch
        will then report the network error.
        """
        now = time.monotonic()
        try:
            result = self._fetch(f"{origin}/robots.txt", ROBOTS_MAX_BYTES)
        except FetchFailure:
            return now, None
        if result.status is not None and 400 <= result.status < 500 and result.status != 429:
            return now + ROBOTS_TTL_S, None
        parser = RobotFileParser()
        if result.status is not None and result.status < 300:
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
            return now + ROBOTS_TTL_S, parser
        parser.parse(["User-agent: *", "Disallow: /"])
        return now + ROBOTS_RETRY_S, parser
