"""The bounds on one fetch (total time, per-host politeness) and how a fetch that trips one is reported.

A fetch's total time limit is kept by a :class:`Clock` and enforced down at the socket by a
per-thread deadline (:data:`DEADLINE`, read through :func:`capped`); requests to one host
pass a :class:`HostGate`. Trouble anywhere below the :class:`~flows.http.Fetcher` travels as a
:class:`FetchFailure` carrying a stable error slug, which the fetcher turns into a result.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class FetchFailure(Exception):
    """Carries an error slug out of the fetch loop (the Fetcher turns it into a result; never escapes it)."""

    def __init__(self, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


class Clock:
    """One fetch's total time limit, started when its first request is sent (not while queued for a host)."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self._started: float | None = None

    def start(self) -> None:
        if self._started is None:
            self._started = time.monotonic()

    def elapsed(self) -> float:
        return 0.0 if self._started is None else time.monotonic() - self._started

    def remaining(self) -> float:
        return self.limit_s - self.elapsed()


DEADLINE = threading.local()  # .at: the monotonic time the current thread's fetch must end by


def capped(timeout: float | None) -> float | None:
    """A socket timeout cut to what is left of the current fetch's total time.

    Args:
        timeout: The timeout the HTTP stack asked for (None: wait for ever).

    Returns:
        The smaller of it and the time left before :data:`DEADLINE` (at least a millisecond).
    """
    deadline: float | None = getattr(DEADLINE, "at", None)
    if deadline is None:
        return timeout
    remaining = max(deadline - time.monotonic(), 0.001)
    return remaining if timeout is None else min(timeout, remaining)


class HostGate:
    """At most ``limit`` requests in flight to one host, their starts spaced by ``delay_s``."""

    def __init__(self, limit: int, delay_s: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, limit))
        self._delay_s = delay_s
        self._lock = threading.Lock()
        self._next_start = 0.0

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self._delay_s
            if start > now:
                time.sleep(start - now)
            yield
