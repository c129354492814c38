"""The SSRF guard: Parley's sockets connect only to public addresses, or to ones the settings allow.

The check runs in the connection layer, at connect time, on the address actually dialled: no
DNS rebinding between check and use, and the URL keeps its host name, so TLS (SNI,
certificate) and the connection pool work per host even when many hosts share one CDN
address. The same layer caps every socket read and write at the fetch's deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

from flows.http_limits import FetchFailure, capped

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressGuard:
    """Resolves host names and refuses private, loopback and link-local addresses unless allow-listed."""

    def __init__(self, allow_private: Iterable[str]) -> None:
        self._allow_hosts, self._allow_nets = _allow_list(allow_private)

    def vet(self, host: str, port: int) -> IPAddress:
        """Resolve ``host`` and return an address we may connect to, or refuse.

        Args:
            host: The host name or literal address from the URL.
            port: The port to connect to (passed to the resolver).

        Returns:
            The first address the host resolves to, every one of them having passed.

        Raises:
            FetchFailure: ``dns`` when the host does not resolve, ``refused_address`` when any
                of its addresses is non-public and not allow-listed.
        """
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                raise FetchFailure("dns", f"cannot resolve {host}: {exc}") from exc
            addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not addresses:
            raise FetchFailure("dns", f"{host} resolves to no address")
        host_allowed = host.lower().rstrip(".") in self._allow_hosts
        for address in addresses:
            if not (host_allowed or _is_public(address) or any(address in net for net in self._allow_nets)):
                raise FetchFailure(
                    "refused_address", f"{host} resolves to non-public {address} (not allow-listed)"
                )
        return addresses[0]


def guarded_transport(limits: httpx.Limits, vet: Callable[[str, int], IPAddress]) -> httpx.HTTPTransport:
    """httpx's own transport over our guarded sockets (httpx 0.28 takes no network backend).

    Args:
        limits: The connection pool's limits.
        vet: Turns (host, port) into the address to dial, or raises :class:`FetchFailure`.

    Returns:
        A transport whose every connection went through ``vet`` and honours the fetch deadline.
    """
    transport = httpx.HTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.ConnectionPool(  # the arguments httpx itself passes, plus our backend
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_GuardedBackend(vet),
    )
    return transport


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write also stops at the fetch's deadline.

    httpx's timeouts are per socket operation, so a server dripping its headers one byte
    a second never trips them; capping each operation makes the total limit real.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, capped(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, capped(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, capped(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Sockets that connect only to an address the SSRF guard accepted, and honour the deadline."""

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
        address = str(self._vet(host, port))  # raises FetchFailure("refused_address" | "dns")
        stream = super().connect_tcp(address, port, capped(timeout), local_address, socket_options)
        return _DeadlineStream(stream)


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
