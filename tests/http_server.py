"""A real HTTP server on 127.0.0.1 for tests and benchmarks: scripted routes, no mocks.

Routes map a path (with its query string, or without: the path alone also matches) to
``(status, headers, body)`` or to a callable ``(Request) -> (status, headers, body)``.
A body is bytes (sent with Content-Length, keep-alive) or an iterable of byte chunks
(sent as they come, then the connection closes — a generator that sleeps makes a slow drip).
A :class:`Raw` answer is written byte for byte, status line and headers included.
The server records every request and the most requests it ever had in flight at once.

    with serve({"/feed.xml": (200, {"Content-Type": "application/rss+xml"}, RSS)}) as server:
        fetch(server.url("/feed.xml"))
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Body = bytes | Iterable[bytes]
Response = tuple[int, dict[str, str], Body]


@dataclass(frozen=True)
class Raw:
    """A response written byte for byte, status line included (for malformed or dripping headers)."""

    chunks: Iterable[bytes]


Route = Response | Raw | Callable[["Request"], Response | Raw]


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]  # lower-case names


class Server:
    """A running server: its address, its (mutable) routes and what it has seen."""

    def __init__(self, httpd: ThreadingHTTPServer, routes: dict[str, Route]) -> None:
        self._httpd = httpd
        self.routes = routes
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.bytes_sent = 0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        """The absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        """How many requests asked for ``path``."""
        return sum(1 for r in self.requests if r.path == path)


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # the name http.server dispatches to
            request = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
            with server.lock:
                server.requests.append(request)
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                self._respond(request)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                with server.lock:
                    server.in_flight -= 1

        def _respond(self, request: Request) -> None:
            route = server.routes.get(request.path) or server.routes.get(request.path.split("?")[0])
            if route is None:
                route = (404, {"Content-Type": "text/plain"}, b"not found")
            answer = route(request) if callable(route) else route
            if isinstance(answer, Raw):
                self.close_connection = True
                for chunk in answer.chunks:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    self._count(len(chunk))
                return
            status, headers, body = answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if isinstance(body, bytes):
                if not any(name.lower() == "content-length" for name in headers):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self._count(len(body))
                return
            self.send_header("Connection", "close")
            self.close_connection = True
            self.end_headers()
            for chunk in body:
                self.wfile.write(chunk)
                self.wfile.flush()
                self._count(len(chunk))

        def _count(self, n: int) -> None:
            with server.lock:
                server.bytes_sent += n

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


@contextmanager
def serve(routes: dict[str, Route] | None = None) -> Iterator[Server]:
    """Run a threaded HTTP server on 127.0.0.1 with an ephemeral port until the block ends."""
    routes = {} if routes is None else routes
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.request_queue_size = 128
    server = Server(httpd, routes)
    httpd.RequestHandlerClass = _handler(server)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for connection-refused cases)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
