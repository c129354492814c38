"""Serve the bundled demo site (``seeds/demo``) on 127.0.0.1, as a real HTTP server.

The demo's files name their own address as ``http://parley-demo.invalid``; the server
rewrites that base to its real ``http://127.0.0.1:PORT`` in every text response, so
feeds, canonical links and sitemaps point back at it whatever port it got.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PLACEHOLDER_BASE = "http://parley-demo.invalid"
DEMO_ROOT = Path(__file__).resolve().parent.parent / "seeds" / "demo"
_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@contextmanager
def serve_directory(root: Path = DEMO_ROOT, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``root`` for the duration of the block; yield the base URL.

    ``port`` 0 takes an ephemeral port. A preferred port that is taken falls back to an
    ephemeral one, so the demo never fails for want of a port.
    """
    try:
        server = ThreadingHTTPServer((host, port), _handler_for(root.resolve()))
    except OSError:
        server = ThreadingHTTPServer((host, 0), _handler_for(root.resolve()))
    server.daemon_threads = True
    base = f"http://{host}:{server.server_address[1]}"
    server.base_url = base  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="parley-demo-site", daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def rebase(text: str, base: str) -> str:
    """Point the demo's placeholder URLs at a real server."""
    return text.replace(PLACEHOLDER_BASE, base)


def _handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    class DemoHandler(BaseHTTPRequestHandler):
        server_version = "ParleyDemo/1"

        def do_GET(self) -> None:
            path = (root / unquote(urlsplit(self.path).path).lstrip("/")).resolve()
            if path.is_dir():
                path = path / "index.html"
            if (root not in path.parents and path != root) or not path.is_file():
                self._send(404, b"not found", "text/plain; charset=utf-8")
                return
            body = path.read_bytes()
            ctype = (
                _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            )
            if ctype.startswith(("text/", "application/xml", "application/rss", "application/atom")):
                base = self.server.base_url  # type: ignore[attr-defined]
                body = rebase(body.decode("utf-8"), base).encode("utf-8")
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            if self.headers.get("If-None-Match") == etag:  # a polite client's conditional GET
                self._send(304, b"", ctype, etag)
                return
            self._send(200, body, ctype, etag)

        def _send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: the run summary reports what matters."""

    return DemoHandler
