"""Response bodies read safely: streamed under a wire-size cap, decoded under a decompressed-size cap.

gzip, deflate and brotli are decoded chunk by chunk with a budget, so a 50 MB body or a
zip bomb costs only the cap; unwanted short bodies are drained so keep-alive can reuse
the connection.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli
import httpx

from flows.http_limits import Clock, FetchFailure

DRAIN_BYTES = 64 * 1024  # unwanted bodies up to this size are read to keep the connection alive


def read_body(
    response: httpx.Response, wire_limit: int, decoded_limit: int, clock: Clock
) -> tuple[bytes, int]:
    """Stream the body under the caps and the deadline.

    Args:
        response: A streamed response whose body has not been read.
        wire_limit: The most bytes to accept on the wire (and decoded, for an unencoded body).
        decoded_limit: The most bytes the decompressed body may reach.
        clock: The fetch's total time limit.

    Returns:
        ``(decoded body, wire bytes)``.

    Raises:
        FetchFailure: ``too_large``, ``decompression_bomb``, ``timeout`` or ``bad_encoding``.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > wire_limit:
        raise FetchFailure(
            "too_large", f"content-length {declared} exceeds the {wire_limit}-byte cap", response.status_code
        )
    decoders = _decoders(response.headers.get("content-encoding", ""))
    wire, size, parts = 0, 0, []
    try:
        for chunk in response.iter_raw():  # as the network delivers, so the deadline is checked often
            wire += len(chunk)
            if wire > wire_limit:
                raise FetchFailure(
                    "too_large", f"body exceeds the {wire_limit}-byte cap", response.status_code
                )
            if clock.remaining() <= 0:
                raise FetchFailure(
                    "timeout", "total time limit reached while reading the body", response.status_code
                )
            data = chunk
            for decoder in decoders:
                data = decoder.decode(data, decoded_limit - size)
                if len(data) > decoded_limit - size:
                    msg = f"decompressed body exceeds {decoded_limit} bytes ({wire} on the wire)"
                    raise FetchFailure("decompression_bomb", msg, response.status_code)
            size += len(data)
            if not decoders and size > wire_limit:
                raise FetchFailure(
                    "too_large", f"body exceeds the {wire_limit}-byte cap", response.status_code
                )
            parts.append(data)
    except (zlib.error, brotli.error) as exc:
        raise FetchFailure("bad_encoding", f"cannot decode the body: {exc}", response.status_code) from exc
    return b"".join(parts), wire


def drain(response: httpx.Response, clock: Clock) -> int:
    """Read a short unwanted body (redirect, 304, error page) so keep-alive can reuse the connection.

    Args:
        response: A streamed response whose body is not wanted.
        clock: The fetch's total time limit; draining stops when it runs out.

    Returns:
        The bytes read (0 when the declared length made closing cheaper).
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN_BYTES:
        return 0  # closing is cheaper than reading it
    read = 0
    for chunk in response.iter_raw():
        read += len(chunk)
        if read > DRAIN_BYTES or clock.remaining() <= 0:
            break
    return read


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
            raise FetchFailure("bad_encoding", f"unsupported content-encoding {token!r}")
    return decoders
