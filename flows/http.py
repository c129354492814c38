"""Polite, defensive HTTP for feeds and pages: the only place Parley talks to the network.

Every fetch goes through one :class:`Fetcher`, which

* names Parley and a contact URL in its User-Agent and sends conditional-GET validators;
* limits concurrent requests per host (``per_host_limit``) and spaces their starts
  (``min_host_delay_s``), because a monitor that hammers a publisher gets blocked;
* resolves the host itself and refuses private, loopback and link-local addresses unless
  allow-listed (SSRF guard), at connect time, dialling the address it checked (no DNS rebinding);
* follows at most ``max_redirects`` redirects by hand, reporting permanent ones and loops;
* streams the body under a wire-size cap and decodes gzip/deflate/brotli under a
  decompressed-size cap, so a 50 MB body or a zip bomb costs only the cap;
* honours robots.txt for article pages (cached per host).

Network and HTTP failures never raise: they come back as a :class:`FetchResult` whose
``error_kind`` is a stable slug (``timeout``, ``connect``, ``dns``, ``too_large``,
``decompression_bomb``, ``redirect_loop``, ``too_many_redirects``, ``http_status``,
``refused_address``, ``bad_scheme``, ``bad_url``, ``bad_encoding``, ``protocol``,
``network``, ``robots_disallowed``, ``internal``).

The layers below live beside it: :mod:`flows.http_guard` (SSRF guard, guarded sockets),
:mod:`flows.http_body` (size caps, decoding), :mod:`flows.http_limits` (deadline, host gates)
and :mod:`flows.robots` (robots.txt cache).
"""

from __future__ import annotations

import dataclasses
import email.utils
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Literal

import httpx

from extractors.records import FetchResult
from flows.config import Settings
from flows.http_body import DRAIN_BYTES, drain, read_body
from flows.http_guard import AddressGuard, IPAddress, guarded_transport
from flows.http_limits import DEADLINE, Clock, FetchFailure, HostGate
from flows.robots import ROBOTS_MAX_BYTES, ROBOTS_RETRY_S, ROBOTS_TOKEN, ROBOTS_TTL_S, RobotsCache

__all__ = [
    "DRAIN_BYTES",
    "ROBOTS_MAX_BYTES",
    "ROBOTS_RETRY_S",
    "ROBOTS_TOKEN",
    "ROBOTS_TTL_S",
    "Fetcher",
    "IPAddress",
    "Kind",
]

Kind = Literal["feed", "page"]
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})


class Fetcher:
    """A pooled HTTP client with Parley's politeness and safety rules; use as a context manager."""

    def __init__(self, settings: Settings, *, max_workers: int = 16) -> None:
        self.settings = settings
        self.max_workers = max_workers
        limits = httpx.Limits(max_connections=max(4, max_workers * 2), max_keepalive_connections=max_workers)
        self._client = httpx.Client(
            headers={
                "User-Agent": settings.user_agent_header,
                "Accept-Encoding": "gzip, deflate, br",
            },
            follow_redirects=False,
            trust_env=False,  # we connect to the address we vetted; an env proxy would bypass the guard
            transport=guarded_transport(limits, AddressGuard(settings.allow_private).vet),
        )
        self._gates: dict[str, HostGate] = {}
        self._gates_lock = threading.Lock()
        self._robots = RobotsCache(self._fetch_robots)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    def fetch(
        self, url: str, *, kind: Kind, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch one URL politely; never raises for network or HTTP trouble.

        Args:
            url: The http(s) URL.
            kind: ``"feed"`` or ``"page"``: picks the size cap, and pages obey robots.txt.
            etag: The ETag stored from the last successful fetch (sent as If-None-Match).
            last_modified: The Last-Modified stored likewise (sent as If-Modified-Since).

        Returns:
            The result; check ``ok``, ``not_modified`` and ``error_kind``.
        """
        started = time.monotonic()
        try:
            if kind == "page" and self.settings.respect_robots and not self._robots.allows(url):
                raise FetchFailure("robots_disallowed", f"robots.txt disallows {ROBOTS_TOKEN} from {url}")
            limit = self.settings.max_feed_bytes if kind == "feed" else self.settings.max_page_bytes
            result = self._fetch(url, limit, etag, last_modified, started)
        except FetchFailure as exc:
            result = _failed(url, url, started, exc.kind, str(exc), exc.status)
        except Exception as exc:  # a bug here must not stop the poll of every other feed
            result = _failed(url, url, started, "internal", f"{type(exc).__name__}: {exc}")
        finally:
            DEADLINE.at = None
        return dataclasses.replace(result, kind=kind)

    def fetch_many(
        self,
        urls: Sequence[str],
        *,
        kind: Kind,
        validators: Sequence[tuple[str | None, str | None]] | None = None,
    ) -> list[FetchResult]:
        """Fetch many URLs concurrently (per-host limits still hold); results keep the input order.

        Args:
            urls: The URLs to fetch.
            kind: As for :meth:`fetch`.
            validators: Optional ``(etag, last_modified)`` per URL, for conditional GETs.

        Returns:
            One result per URL, in the order given.
        """
        url_list = list(urls)
        pairs = list(validators) if validators is not None else [(None, None)] * len(url_list)
        if len(pairs) != len(url_list):
            raise ValueError("validators must have one (etag, last_modified) pair per URL")
        with ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="parley-fetch") as pool:
            futures = {
                i: pool.submit(
                    self.fetch, url_list[i], kind=kind, etag=pairs[i][0], last_modified=pairs[i][1]
                )
                for i in _interleave_by_host(url_list)
            }
            return [futures[i].result() for i in range(len(url_list))]

    # ----------------------------------------------------------------------- one fetch

    def _fetch(
        self, url: str, limit: int, etag: str | None, last_modified: str | None, started: float
    ) -> FetchResult:
        clock = Clock(self.settings.total_timeout_s)
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current, chain, hops = url, [url], []
        all_permanent = True
        while True:
            with self._exchange(current, conditional, clock) as response:
                status = response.status_code
                headers = {k.lower(): v for k, v in response.headers.items()}
                if status in _REDIRECTS and "location" in headers:
                    target = _join(current, headers["location"])
                    hops.append((status, current, target))
                    all_permanent = all_permanent and status in _PERMANENT
                    if target in chain:
                        raise FetchFailure(
                            "redirect_loop", f"redirect loop: {' -> '.join([*chain, target])}", status
                        )
                    if len(hops) > self.settings.max_redirects:
                        raise FetchFailure(
                            "too_many_redirects", f"more than {self.settings.max_redirects} redirects"
                        )
                    chain.append(target)
                    current = target
                    drain(response, clock)
                    continue
                if status >= 300:  # 304 and errors: nothing to keep; drain so the connection is reused
                    body, wire = b"", drain(response, clock)
                else:
                    body, wire = read_body(response, limit, self.settings.max_decompressed_bytes, clock)
            return _answer(
                url,
                current,
                status,
                headers,
                body,
                wire,
                started,
                tuple(hops),
                all_permanent,
                etag,
                last_modified,
            )

    @contextmanager
    def _exchange(self, url: str, extra: dict[str, str], clock: Clock) -> Iterator[httpx.Response]:
        """Send one request under the host's gate (the socket layer vets the address); map errors to slugs."""
        target = httpx.URL(url) if url.startswith(("http://", "https://")) else None
        if target is None:
            raise FetchFailure("bad_scheme", f"only http and https are fetched: {url[:200]}")
        host = target.host
        if not host:
            raise FetchFailure("bad_url", f"no host in {url[:200]}")
        port = target.port or (443 if target.scheme == "https" else 80)
        with self._gate(f"{host}:{port}"):
            clock.start()  # waiting for the host's turn is politeness, not the server's slowness
            remaining = clock.remaining()
            DEADLINE.at = time.monotonic() + remaining  # every socket read/write of this fetch stops there
            if remaining <= 0:
                raise FetchFailure("timeout", f"total time limit of {clock.limit_s}s reached")
            timeout = httpx.Timeout(
                connect=min(self.settings.connect_timeout_s, remaining),
                read=min(self.settings.read_timeout_s, remaining),
                write=min(self.settings.read_timeout_s, remaining),
                pool=remaining,
            )
            request = self._client.build_request("GET", target, headers=extra, timeout=timeout)
            try:
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise FetchFailure("timeout", f"{type(exc).__name__} after {clock.elapsed():.1f}s") from exc
            except httpx.ConnectError as exc:
                raise FetchFailure("connect", f"cannot connect to {host}:{port}: {exc}") from exc
            except httpx.RemoteProtocolError as exc:
                raise FetchFailure("protocol", str(exc) or type(exc).__name__) from exc
            except httpx.TransportError as exc:
                raise FetchFailure("network", f"{type(exc).__name__}: {exc}") from exc
            try:
                yield response
            except httpx.TimeoutException as exc:
                status = response.status_code
                raise FetchFailure("timeout", f"{type(exc).__name__} while reading the body", status) from exc
            except httpx.TransportError as exc:
                message = f"{type(exc).__name__} while reading the body: {exc}"
                raise FetchFailure("network", message, response.status_code) from exc
            finally:
                response.close()

    # ----------------------------------------------------------------------- politeness

    @contextmanager
    def _gate(self, host_key: str) -> Iterator[None]:
        with self._gates_lock:
            gate = self._gates.get(host_key)
            if gate is None:
                gate = self._gates[host_key] = HostGate(
                    self.settings.per_host_limit, self.settings.min_host_delay_s
                )
        with gate.slot():
            yield

    def _fetch_robots(self, url: str, limit: int) -> FetchResult:
        """How :class:`RobotsCache` fetches robots.txt: through the same guard and host gate as a page."""
        return self._fetch(url, limit, None, None, time.monotonic())


# --------------------------------------------------------------------------- helpers


def _answer(
    url: str,
    final_url: str,
    status: int,
    headers: dict[str, str],
    body: bytes,
    wire: int,
    started: float,
    hops: tuple[tuple[int, str, str], ...],
    all_permanent: bool,
    etag: str | None,
    last_modified: str | None,
) -> FetchResult:
    not_modified = status == 304
    success = not_modified or 200 <= status < 300
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        headers=headers,
        body=body,
        duration_ms=(time.monotonic() - started) * 1000,
        etag=headers.get("etag") or (etag if not_modified else None),
        last_modified=headers.get("last-modified") or (last_modified if not_modified else None),
        not_modified=not_modified,
        permanent_redirect_to=final_url if hops and all_permanent and success else None,
        retry_after_s=_retry_after(headers.get("retry-after")) if status in (429, 503) else None,
        error_kind=None if success else "http_status",
        error=None if success else f"HTTP {status}",
        wire_bytes=wire,
        redirects=hops,
    )


def _failed(
    url: str, final_url: str, started: float, kind: str, message: str, status: int | None = None
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        headers={},
        body=b"",
        duration_ms=(time.monotonic() - started) * 1000,
        error_kind=kind,
        error=message[:1000],
    )


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _join(base: str, location: str) -> str:
    return str(httpx.URL(base).join(location))


def _interleave_by_host(urls: list[str]) -> list[int]:
    """Submission order that round-robins hosts, so one slow host does not queue up every worker."""
    by_host: dict[str, list[int]] = {}
    for i, url in enumerate(urls):
        try:
            host = httpx.URL(url).netloc.decode("ascii")
        except Exception:
            host = ""
        by_host.setdefault(host, []).append(i)
    order: list[int] = []
    queues = list(by_host.values())
    while queues:
        order.extend(q.pop(0) for q in queues)
        queues = [q for q in queues if q]
    return order
