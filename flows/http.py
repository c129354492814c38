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
"""

from __future__ import annotations

import dataclasses
import email.utils
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Literal, Protocol
from urllib.robotparser import RobotFileParser

import brotli
import httpcore
import httpx

from extractors.records import FetchResult
from flows.config import Settings

Kind = Literal["feed", "page"]
ROBOTS_TOKEN = "Parley"
ROBOTS_TTL_S = 24 * 3600.0
ROBOTS_MAX_BYTES = 512 * 1024
DRAIN_BYTES = 64 * 1024  # unwanted bodies up to this size are read to keep the connection alive
ROBOTS_RETRY_S = 600.0  # a robots.txt that errors is asked again after this long
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class _Failure(Exception):
    """Internal: carries an error slug out of the fetch loop (never escapes the module)."""

    def __init__(self, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


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
            transport=_guarded_transport(limits, self._vetted_address),
        )
        self._allow_hosts, self._allow_nets = _allow_list(settings.allow_private)
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

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
            if kind == "page" and self.settings.respect_robots and not self._robots_allow(url):
                raise _Failure("robots_disallowed", f"robots.txt disallows {ROBOTS_TOKEN} from {url}")
            limit = self.settings.max_feed_bytes if kind == "feed" else self.settings.max_page_bytes
            result = self._fetch(url, limit, etag, last_modified, started)
        except _Failure as exc:
            result = _failed(url, url, started, exc.kind, str(exc), exc.status)
        except Exception as exc:  # a bug here must not stop the poll of every other feed
            result = _failed(url, url, started, "internal", f"{type(exc).__name__}: {exc}")
        finally:
            _DEADLINE.at = None
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
        clock = _Clock(self.settings.total_timeout_s)
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
                        raise _Failure(
                            "redirect_loop", f"redirect loop: {' -> '.join([*chain, target])}", status
                        )
                    if len(hops) > self.settings.max_redirects:
                        raise _Failure(
                            "too_many_redirects", f"more than {self.settings.max_redirects} redirects"
                        )
                    chain.append(target)
                    current = target
                    _drain(response, clock)
                    continue
                if status >= 300:  # 304 and errors: nothing to keep; drain so the connection is reused
                    body, wire = b"", _drain(response, clock)
                else:
                    body, wire = _read(response, limit, self.settings.max_decompressed_bytes, clock)
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
    def _exchange(self, url: str, extra: dict[str, str], clock: _Clock) -> Iterator[httpx.Response]:
        """Send one request under the host's gate (the socket layer vets the address); map errors to slugs."""
        target = httpx.URL(url) if url.startswith(("http://", "https://")) else None
        if target is None:
            raise _Failure("bad_scheme", f"only http and https are fetched: {url[:200]}")
        host = target.host
        if not host:
            raise _Failure("bad_url", f"no host in {url[:200]}")
        port = target.port or (443 if target.scheme == "https" else 80)
        with self._gate(f"{host}:{port}"):
            clock.start()  # waiting for the host's turn is politeness, not the server's slowness
            remaining = clock.remaining()
            _DEADLINE.at = time.monotonic() + remaining  # every socket read/write of this fetch stops there
            if remaining <= 0:
                raise _Failure("timeout", f"total time limit of {clock.limit_s}s reached")
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
                raise _Failure("timeout", f"{type(exc).__name__} after {clock.elapsed():.1f}s") from exc
            except httpx.ConnectError as exc:
                raise _Failure("connect", f"cannot connect to {host}:{port}: {exc}") from exc
            except httpx.RemoteProtocolError as exc:
                raise _Failure("protocol", str(exc) or type(exc).__name__) from exc
            except httpx.TransportError as exc:
                raise _Failure("network", f"{type(exc).__name__}: {exc}") from exc
            try:
                yield response
            except httpx.TimeoutException as exc:
                status = response.status_code
                raise _Failure("timeout", f"{type(exc).__name__} while reading the body", status) from exc
            except httpx.TransportError as exc:
                message = f"{type(exc).__name__} while reading the body: {exc}"
                raise _Failure("network", message, response.status_code) from exc
            finally:
                response.close()

    # ----------------------------------------------------------------------- address guard

    def _vetted_address(self, host: str, port: int) -> IPAddress:
        """Resolve ``host`` and return an address we may connect to, or refuse (SSRF guard)."""
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                raise _Failure("dns", f"cannot resolve {host}: {exc}") from exc
            addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not addresses:
            raise _Failure("dns", f"{host} resolves to no address")
        host_allowed = host.lower().rstrip(".") in self._allow_hosts
        for address in addresses:
            if not (host_allowed or _is_public(address) or any(address in net for net in self._allow_nets)):
                raise _Failure(
                    "refused_address", f"{host} resolves to non-public {address} (not allow-listed)"
                )
        return addresses[0]

    # ----------------------------------------------------------------------- politeness

    @contextmanager
    def _gate(self, host_key: str) -> Iterator[None]:
        with self._gates_lock:
            gate = self._gates.get(host_key)
            if gate is None:
                gate = self._gates[host_key] = _HostGate(
                    self.settings.per_host_limit, self.settings.min_host_delay_s
                )
        with gate.slot():
            yield

    def _robots_allow(self, url: str) -> bool:
        """True when the host's robots.txt (fetched once per host per day) lets Parley fetch ``url``."""
        parts = httpx.URL(url)
        origin = f"{parts.scheme}://{parts.netloc.decode('ascii')}"
        with self._gates_lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            cached = self._robots.get(origin)
            if cached is None or cached[0] <= time.monotonic():
                cached = self._robots[origin] = self._load_robots(origin)
        parser = cached[1]
        return parser is None or parser.can_fetch(ROBOTS_TOKEN, url)

    def _load_robots(self, origin: str) -> tuple[float, RobotFileParser | None]:
        """The host's rules and how long to trust them; None means everything is allowed.

        No robots.txt (4xx) allows everything; a server error disallows everything for a
        while (RFC 9309); an unreachable host is retried at the next page, whose own fetch
        will then report the network error.
        """
        now = time.monotonic()
        try:
            result = self._fetch(f"{origin}/robots.txt", ROBOTS_MAX_BYTES, None, None, now)
        except _Failure:
            return now, None
        if result.status is not None and 400 <= result.status < 500 and result.status != 429:
            return now + ROBOTS_TTL_S, None
        parser = RobotFileParser()
        if result.status is not None and result.status < 300:
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
            return now + ROBOTS_TTL_S, parser
        parser.parse(["User-agent: *", "Disallow: /"])
        return now + ROBOTS_RETRY_S, parser


class _Clock:
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


_DEADLINE = threading.local()  # .at: the monotonic time the current thread's fetch must end by


def _capped(timeout: float | None) -> float | None:
    """A socket timeout cut to what is left of the current fetch's total time."""
    deadline: float | None = getattr(_DEADLINE, "at", None)
    if deadline is None:
        return timeout
    remaining = max(deadline - time.monotonic(), 0.001)
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write also stops at the fetch's deadline.

    httpx's timeouts are per socket operation, so a server dripping its headers one byte
    a second never trips them; capping each operation makes the total limit real.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _capped(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _capped(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _capped(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Sockets that connect only to an address the SSRF guard accepted, and honour the deadline.

    The guard runs here, at connect time, on the address actually dialled: no DNS rebinding
    between check and use, and the URL keeps its host name, so TLS (SNI, certificate) and the
    connection pool work per host even when many hosts share one CDN address.
    """

    def __init__(self, vet: Callable[[str, int], IPAddress]) -> None:
        self._vet = vet

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        address = str(self._vet(host, port))  # raises _Failure("refused_address" | "dns")
        stream = super().connect_tcp(address, port, _capped(timeout), local_address, socket_options)
        return _DeadlineStream(stream)


def _guarded_transport(limits: httpx.Limits, vet: Callable[[str, int], IPAddress]) -> httpx.HTTPTransport:
    """httpx's own transport over our guarded sockets (httpx 0.28 takes no network backend)."""
    transport = httpx.HTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.ConnectionPool(  # the arguments httpx itself passes, plus our backend
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_GuardedBackend(vet),
    )
    return transport


class _HostGate:
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


# --------------------------------------------------------------------------- body decoding


class _Decoder(Protocol):
    def decode(self, data: bytes, budget: int) -> bytes: ...


class _Zlib:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it), decoded under a budget."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._started = False

    def decode(self, data: bytes, budget: int) -> bytes:
        try:
            out = self._obj.decompress(data, budget + 1)
        except zlib.error:
            if self._gzip or self._started:
                raise
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._obj.decompress(data, budget + 1)
        self._started = True
        return out


class _Brotli:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def decode(self, data: bytes, budget: int) -> bytes:
        return bytes(self._obj.process(data, output_buffer_limit=budget + 1))


def _decoders(content_encoding: str) -> list[_Decoder]:
    decoders: list[_Decoder] = []
    for token in reversed([t.strip().lower() for t in content_encoding.split(",") if t.strip()]):
        if token in ("gzip", "x-gzip", "deflate"):
            decoders.append(_Zlib(token))
        elif token == "br":
            decoders.append(_Brotli())
        elif token != "identity":
            raise _Failure("bad_encoding", f"unsupported content-encoding {token!r}")
    return decoders


def _read(response: httpx.Response, wire_limit: int, decoded_limit: int, clock: _Clock) -> tuple[bytes, int]:
    """Stream the body under the caps and the deadline; return (decoded body, wire bytes)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > wire_limit:
        raise _Failure(
            "too_large", f"content-length {declared} exceeds the {wire_limit}-byte cap", response.status_code
        )
    decoders = _decoders(response.headers.get("content-encoding", ""))
    wire, size, parts = 0, 0, []
    try:
        for chunk in response.iter_raw():  # as the network delivers, so the deadline is checked often
            wire += len(chunk)
            if wire > wire_limit:
                raise _Failure("too_large", f"body exceeds the {wire_limit}-byte cap", response.status_code)
            if clock.remaining() <= 0:
                raise _Failure(
                    "timeout", "total time limit reached while reading the body", response.status_code
                )
            data = chunk
            for decoder in decoders:
                data = decoder.decode(data, decoded_limit - size)
                if len(data) > decoded_limit - size:
                    msg = f"decompressed body exceeds {decoded_limit} bytes ({wire} on the wire)"
                    raise _Failure("decompression_bomb", msg, response.status_code)
            size += len(data)
            if not decoders and size > wire_limit:
                raise _Failure("too_large", f"body exceeds the {wire_limit}-byte cap", response.status_code)
            parts.append(data)
    except (zlib.error, brotli.error) as exc:
        raise _Failure("bad_encoding", f"cannot decode the body: {exc}", response.status_code) from exc
    return b"".join(parts), wire


def _drain(response: httpx.Response, clock: _Clock) -> int:
    """Read a short unwanted body (redirect, 304, error page) so keep-alive can reuse the connection."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN_BYTES:
        return 0  # closing is cheaper than reading it
    read = 0
    for chunk in response.iter_raw():
        read += len(chunk)
        if read > DRAIN_BYTES or clock.remaining() <= 0:
            break
    return read


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


def _is_public(address: IPAddress) -> bool:
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    address = mapped or address
    return address.is_global and not address.is_multicast


def _allow_list(
    entries: Iterable[str],
) -> tuple[frozenset[str], tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]]:
    """Split the allow-list setting into host names and networks (CIDR or single addresses)."""
    hosts, nets = set(), []
    for entry in entries:
        try:
            nets.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            hosts.add(entry.strip().lower().rstrip("."))
    return frozenset(hosts), tuple(nets)


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
