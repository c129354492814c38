"""The fault matrix: what the web can throw at the poller, served for real from 127.0.0.1.

Every case is fetched with the production :class:`Fetcher` and read with the production
:func:`parse_feed`; each must end as its own error kind or problem, and a healthy feed
fetched in the same batch must come through untouched.
"""

from __future__ import annotations

import datetime as dt
import gzip
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import brotli
import duckdb
import pytest

from extractors.feeds import parse_feed
from extractors.records import FetchResult
from extractors.schedule import plan_next_poll
from flows.config import Settings, load_settings
from flows.http import Fetcher
from tests.http_server import Raw, Request, Response, Server, closed_port, serve

NOW = dt.datetime(2025, 7, 24, 12, 0, tzinfo=dt.UTC)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Diplomacy desk</title><link>https://news.example/</link>
<item><title>Delegations meet in Istanbul for a third round</title>
<link>https://news.example/2025/07/23/istanbul-talks</link><guid>istanbul-3</guid>
<pubDate>Wed, 23 Jul 2025 16:40:00 +0300</pubDate></item>
<item><title>Prisoner exchange agreed</title>
<link>https://news.example/2025/07/23/exchange</link><guid>exchange-1</guid>
<pubDate>Wed, 23 Jul 2025 18:05:00 +0300</pubDate></item>
</channel></rss>"""

XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _bomb(encoding: str, size: int) -> bytes:
    """A small body that inflates to ``size`` zero bytes."""
    if encoding == "br":
        return bytes(brotli.compress(b"\0" * size, quality=5))
    wbits = 31 if encoding == "gzip" else 15
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = b"\0" * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()


def _drip(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        for byte in RSS[:60]:
            time.sleep(1.0)
            yield bytes([byte])

    return 200, XML, body()


def _header_drip(request: Request) -> Raw:
    def chunks() -> Iterator[bytes]:
        yield b"HTTP/1.1 200 OK\r\n"
        for _ in range(60):
            time.sleep(1.0)
            yield b"X"  # a header name that never ends, one byte a second

    return Raw(chunks())


def _stall(request: Request) -> Response:
    time.sleep(3.0)
    return 200, XML, RSS


def _huge(request: Request) -> Response:
    return 200, XML, (b"<!-- padding -->" * 65536 for _ in range(50))  # 50 MB, no Content-Length


def _conditional(request: Request) -> Response:
    if request.headers.get("if-none-match") == '"v1"':
        return 304, {"ETag": '"v1"'}, b""
    return 200, {**XML, "ETag": '"v1"', "Last-Modified": "Wed, 23 Jul 2025 16:00:00 GMT"}, RSS


ROUTES = {
    "/ok.xml": (200, XML, RSS),
    "/500": (500, {}, b"oops"),
    "/404": (404, {}, b"gone fishing"),
    "/410": (410, {}, b""),
    "/429": (429, {"Retry-After": "3600"}, b""),
    "/503": (503, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}, b""),
    "/chain/1": (301, {"Location": "/chain/2"}, b""),
    "/chain/2": (308, {"Location": "/chain/3"}, b""),
    "/chain/3": (301, {"Location": "/ok.xml"}, b""),
    "/temporary": (302, {"Location": "/chain/1"}, b""),
    "/loop/a": (302, {"Location": "/loop/b"}, b""),
    "/loop/b": (301, {"Location": "/loop/a"}, b""),
    **{f"/hop/{i}": (302, {"Location": f"/hop/{i + 1}"}, b"") for i in range(10)},
    "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
    "/to-private": (302, {"Location": "http://10.1.2.3/feed"}, b""),
    "/stall": _stall,
    "/drip": _drip,
    "/header-drip": _header_drip,
    "/huge": _huge,
    "/huge-declared": (200, {**XML, "Content-Length": str(50 * 1024 * 1024)}, iter([RSS])),
    "/bomb.gz": (200, {**XML, "Content-Encoding": "gzip"}, _bomb("gzip", 64 << 20)),
    "/bomb.deflate": (200, {**XML, "Content-Encoding": "deflate"}, _bomb("deflate", 64 << 20)),
    "/bomb.br": (200, {**XML, "Content-Encoding": "br"}, _bomb("br", 64 << 20)),
    "/feed.gz": (200, {**XML, "Content-Encoding": "gzip"}, gzip.compress(RSS)),
    "/feed.br": (200, {**XML, "Content-Encoding": "br"}, bytes(brotli.compress(RSS))),
    "/feed.raw-deflate": (200, {**XML, "Content-Encoding": "deflate"}, zlib.compress(RSS)[2:-4]),
    "/bad-gzip": (200, {**XML, "Content-Encoding": "gzip"}, b"\x1f\x8bthis is not gzip"),
    "/conditional": _conditional,
}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve(dict(ROUTES)) as running:
        yield running


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings().replace(
        allow_private=("127.0.0.1",),
        min_host_delay_s=0.0,
        per_host_limit=8,
        connect_timeout_s=2.0,
        read_timeout_s=2.0,  # longer than the drip's 1 s between bytes: only the total limit stops it
        total_timeout_s=3.0,
        max_decompressed_bytes=8 << 20,
    )


@pytest.fixture(scope="module")
def fetcher(settings: Settings) -> Iterator[Fetcher]:
    with Fetcher(settings) as running:
        yield running


# (path, expected error_kind, expected status) — all fetched in ONE batch with a healthy feed
FAULTS = [
    ("/500", "http_status", 500),
    ("/404", "http_status", 404),
    ("/410", "http_status", 410),
    ("/429", "http_status", 429),
    ("/503", "http_status", 503),
    ("/loop/a", "redirect_loop", 301),
    ("/hop/0", "too_many_redirects", None),
    ("/to-file", "bad_scheme", None),
    ("/to-private", "refused_address", None),
    ("/stall", "timeout", None),
    ("/drip", "timeout", 200),
    ("/header-drip", "timeout", None),
    ("/huge", "too_large", 200),
    ("/huge-declared", "too_large", 200),
    ("/bomb.gz", "decompression_bomb", 200),
    ("/bomb.deflate", "decompression_bomb", 200),
    ("/bomb.br", "decompression_bomb", 200),
    ("/bad-gzip", "bad_encoding", 200),
]


@pytest.fixture(scope="module")
def batch(server: Server, fetcher: Fetcher) -> dict[str, FetchResult]:
    paths = ["/ok.xml", *(path for path, _, _ in FAULTS), "/ok.xml?again"]
    refused = f"http://127.0.0.1:{closed_port()}/feed.xml"
    results = fetcher.fetch_many([server.url(p) for p in paths] + [refused], kind="feed")
    return {**dict(zip(paths, results, strict=False)), "refused": results[-1]}


@pytest.mark.parametrize(("path", "kind", "status"), FAULTS, ids=[f[0] for f in FAULTS])
def test_each_fault_has_its_own_error_kind(
    batch: dict[str, FetchResult], path: str, kind: str, status: int | None
) -> None:
    result = batch[path]
    assert result.error_kind == kind, result.error
    assert result.status == status
    assert not result.ok
    assert result.problems[0].kind == kind
    assert result.problems[0].url == result.url
    assert result.body == b""


def test_connection_refused_is_a_connect_error(batch: dict[str, FetchResult]) -> None:
    result = batch["refused"]
    assert (result.error_kind, result.status) == ("connect", None)


def test_healthy_feeds_in_the_same_batch_are_untouched(batch: dict[str, FetchResult]) -> None:
    for key in ("/ok.xml", "/ok.xml?again"):
        result = batch[key]
        assert result.ok and result.error_kind is None and result.body == RSS
        parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
        assert [e.guid for e in parsed.entries] == ["istanbul-3", "exchange-1"]
        assert parsed.problems == ()


def test_retry_after_seconds_and_dates_are_read(batch: dict[str, FetchResult]) -> None:
    assert batch["/429"].retry_after_s == 3600.0
    assert (batch["/503"].retry_after_s or 0) > 365 * 24 * 3600  # an HTTP-date far ahead
    assert batch["/500"].retry_after_s is None


def test_retry_after_and_gone_drive_the_schedule(batch: dict[str, FetchResult]) -> None:
    r429 = batch["/429"]
    nxt = plan_next_poll(
        now=NOW, status=r429.status, error_kind=r429.error_kind, consecutive_failures=0,
        entries_per_week=None, retry_after_s=r429.retry_after_s, jitter=0.0,
    )  # fmt: skip
    assert nxt.reason == "retry-after" and nxt.interval_s == 3600.0
    gone = batch["/410"]
    retired = plan_next_poll(
        now=NOW, status=gone.status, error_kind=gone.error_kind, consecutive_failures=0, entries_per_week=None
    )
    assert retired.retired and retired.due_at is None


def test_a_permanent_chain_reports_the_new_url(server: Server, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/chain/1"), kind="feed")
    assert result.ok and result.body == RSS
    assert result.final_url == server.url("/ok.xml")
    assert result.permanent_redirect_to == server.url("/ok.xml")
    assert [hop[0] for hop in result.redirects] == [301, 308, 301]


def test_a_temporary_hop_first_means_the_stored_url_stays(server: Server, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/temporary"), kind="feed")
    assert result.ok and result.final_url == server.url("/ok.xml")
    assert result.permanent_redirect_to is None


@pytest.mark.parametrize("path", ["/feed.gz", "/feed.br", "/feed.raw-deflate"])
def test_compressed_feeds_are_decoded(server: Server, fetcher: Fetcher, path: str) -> None:
    result = fetcher.fetch(server.url(path), kind="feed")
    assert result.ok and result.body == RSS
    assert result.wire_bytes < len(RSS)


def test_conditional_get_sends_validators_and_reads_304(server: Server, fetcher: Fetcher) -> None:
    first = fetcher.fetch(server.url("/conditional"), kind="feed")
    assert first.ok and first.etag == '"v1"' and first.last_modified == "Wed, 23 Jul 2025 16:00:00 GMT"
    again = fetcher.fetch(
        server.url("/conditional"), kind="feed", etag=first.etag, last_modified=first.last_modified
    )
    assert again.not_modified and again.status == 304 and not again.ok
    assert again.body == b"" and again.error_kind is None and again.problems == ()
    assert again.etag == '"v1"' and again.last_modified == first.last_modified
    sent = [r for r in server.requests if r.path == "/conditional"][-1]
    assert sent.headers["if-none-match"] == '"v1"'
    assert sent.headers["if-modified-since"] == "Wed, 23 Jul 2025 16:00:00 GMT"


def test_user_agent_names_parley_and_its_contact(
    server: Server, fetcher: Fetcher, settings: Settings
) -> None:
    fetcher.fetch(server.url("/ok.xml?ua"), kind="feed")
    sent = [r for r in server.requests if r.path == "/ok.xml?ua"][-1]
    assert sent.headers["user-agent"].startswith("Parley/")
    assert settings.contact_url in sent.headers["user-agent"]
    assert "br" in sent.headers["accept-encoding"]


def test_private_addresses_are_refused_unless_allow_listed(server: Server) -> None:
    with Fetcher(load_settings().replace(allow_private=())) as strict:
        result = strict.fetch(server.url("/ok.xml?strict"), kind="feed")
    assert result.error_kind == "refused_address"
    assert server.hits("/ok.xml?strict") == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/feed",  # a name that resolves to loopback
        "http://2130706433/feed",  # 127.0.0.1 spelled as one integer
        "http://127.1/feed",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",  # IPv4-mapped IPv6
        "http://0.0.0.0/feed",
        "http://10.0.0.1/feed",
        "http://192.168.1.1/feed",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata, link-local
        "http://[fe80::1]/feed",
    ],
)
def test_the_ssrf_guard_checks_resolved_addresses(url: str) -> None:
    with Fetcher(load_settings().replace(allow_private=())) as strict:
        result = strict.fetch(url, kind="feed")
    assert result.error_kind == "refused_address", result.error


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://x/"])
def test_only_http_and_https(fetcher: Fetcher, url: str) -> None:
    assert fetcher.fetch(url, kind="feed").error_kind == "bad_scheme"


def test_unresolvable_host_is_a_dns_error(fetcher: Fetcher) -> None:
    assert fetcher.fetch("http://no-such-host.invalid/feed", kind="feed").error_kind == "dns"


def test_per_host_limit_holds_across_a_batch(settings: Settings) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.05)
        return 200, XML, RSS

    with serve({"/slow": slow}) as one, serve({"/slow": slow}) as two:
        urls = [s.url(f"/slow?{i}") for i in range(12) for s in (one, two)]
        with Fetcher(settings.replace(per_host_limit=2), max_workers=12) as limited:
            results = limited.fetch_many(urls, kind="feed")
    assert all(r.ok for r in results)
    assert [r.url for r in results] == urls  # input order kept
    assert 1 <= one.max_in_flight <= 2 and 1 <= two.max_in_flight <= 2


def test_robots_txt_is_honoured_for_pages_and_fetched_once(settings: Settings) -> None:
    robots = b"User-agent: *\nDisallow: /private/\n\nUser-agent: Parley\nDisallow: /no-parley/\n"
    page = (200, {"Content-Type": "text/html"}, b"<html><body><p>Talks.</p></body></html>")
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, robots),
        "/news/1": page,
        "/no-parley/2": page,
    }
    with serve(routes) as site, Fetcher(settings) as fetcher:
        allowed = fetcher.fetch(site.url("/news/1"), kind="page")
        refused = fetcher.fetch(site.url("/no-parley/2"), kind="page")
        feed_ignores_robots = fetcher.fetch(site.url("/no-parley/2"), kind="feed")
        assert site.hits("/robots.txt") == 1
        assert site.hits("/no-parley/2") == 1
    assert allowed.ok
    assert refused.error_kind == "robots_disallowed"
    assert feed_ignores_robots.ok


def test_robots_server_error_means_disallow_and_404_means_allow(settings: Settings) -> None:
    page = (200, {"Content-Type": "text/html"}, b"<p>x</p>")
    down_routes = {"/robots.txt": (503, {}, b""), "/a": page}
    with serve(down_routes) as down, serve({"/a": page}) as absent, Fetcher(settings) as fetcher:
        assert fetcher.fetch(down.url("/a"), kind="page").error_kind == "robots_disallowed"
        assert fetcher.fetch(absent.url("/a"), kind="page").ok


def test_page_size_cap_is_smaller_than_the_feed_cap(settings: Settings) -> None:
    body = b"<p>" + b"x" * 2_000_000 + b"</p>"
    capped = settings.replace(max_page_bytes=1_000_000, respect_robots=False)
    with serve({"/big": (200, {"Content-Type": "text/html"}, body)}) as site, Fetcher(capped) as fetcher:
        assert fetcher.fetch(site.url("/big"), kind="page").error_kind == "too_large"
        assert fetcher.fetch(site.url("/big"), kind="feed").ok


# --------------------------------------------------------------------------- what the body says


def _served(
    body: bytes, headers: dict[str, str], fetcher: Fetcher, path: str = "/feed"
) -> tuple[FetchResult, str]:
    with serve({path: (200, headers, body)}) as site:
        result = fetcher.fetch(site.url(path), kind="feed")
        return result, site.url(path)


def test_wrong_charset_is_flagged_and_entries_kept(fetcher: Fetcher) -> None:
    body = RSS.replace(b"Istanbul", "İstanbul – Genève".encode())
    result, _ = _served(body, {"Content-Type": "text/xml; charset=us-ascii"}, fetcher)
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert "feed_bozo" in [p.kind for p in parsed.problems]
    assert len(parsed.entries) == 2 and all(e.title for e in parsed.entries)


def test_missing_charset_defaults_to_the_xml_declaration(fetcher: Fetcher) -> None:
    body = RSS.replace(b"Istanbul", "Genève".encode())
    result, _ = _served(body, {"Content-Type": "application/rss+xml"}, fetcher)
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert parsed.entries[0].title == "Delegations meet in Genève for a third round"
    assert parsed.problems == ()


def test_html_served_instead_of_a_feed(fetcher: Fetcher) -> None:
    body = b"<!doctype html><html><head><title>Home</title></head><body><a href='/x'>x</a></body></html>"
    result, _ = _served(body, {"Content-Type": "text/html; charset=utf-8"}, fetcher)
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert parsed.entries == ()
    assert "not_a_feed" in [p.kind for p in parsed.problems]


def test_empty_200(fetcher: Fetcher) -> None:
    result, _ = _served(b"", XML, fetcher)
    assert result.ok and result.body == b""
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert [p.kind for p in parsed.problems] == ["feed_empty"] and parsed.entries == ()


def test_invalid_xml_is_bozo_but_its_entries_are_used(fetcher: Fetcher) -> None:
    body = RSS.replace(
        b"Prisoner exchange agreed</title>", b"Prisoner exchange &nbsp; agreed</title"
    ).replace(b"</channel></rss>", b"")
    result, _ = _served(body, XML, fetcher)
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert parsed.bozo and "feed_bozo" in [p.kind for p in parsed.problems]
    assert parsed.entries[0].guid == "istanbul-3"


def test_duplicate_guids_degrade_identity_to_links(fetcher: Fetcher) -> None:
    body = RSS.replace(b"<guid>exchange-1</guid>", b"<guid>istanbul-3</guid>")
    result, _ = _served(body, XML, fetcher)
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert [e.key_kind for e in parsed.entries] == ["link", "link"]
    assert len({e.entry_key for e in parsed.entries}) == 2
    assert "identity_degraded" in [p.kind for p in parsed.problems]


def test_relative_links_resolve_against_the_final_url(server: Server, fetcher: Fetcher) -> None:
    body = RSS.replace(b"https://news.example/2025/07/23/", b"../articles/")
    server.routes["/feeds/world/rss.xml"] = (200, XML, body)
    server.routes["/old-feed"] = (301, {"Location": "/feeds/world/rss.xml"}, b"")
    result = fetcher.fetch(server.url("/old-feed"), kind="feed")
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    assert parsed.entries[0].link == server.url("/feeds/articles/istanbul-talks")


def test_dates_in_the_future_are_clamped_and_flagged(fetcher: Fetcher) -> None:
    body = RSS.replace(b"Wed, 23 Jul 2025 16:40:00 +0300", b"Fri, 23 Jul 2055 16:40:00 +0300")
    result, _ = _served(body, XML, fetcher)
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers, fetched_at=NOW)
    future, normal = parsed.entries
    assert future.published == NOW and future.published_is_fallback
    assert normal.published == dt.datetime(2025, 7, 23, 15, 5, tzinfo=dt.UTC)
    assert [p.kind for p in parsed.problems] == ["future_date"]


# --------------------------------------------------------------------------- the whole flow


@pytest.mark.slow
def test_the_poll_flow_goes_on_and_records_each_fault_against_its_feed(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.poll import poll_and_process

    for key, value in {"READ_TIMEOUT_S": "1", "TOTAL_TIMEOUT_S": "3", "MIN_HOST_DELAY_S": "0"}.items():
        monkeypatch.setenv(f"PARLEY_{key}", value)

    page = "<html><body><article><p>Delegations met in Istanbul on Wednesday.</p></article></body></html>"
    server.routes["/flow/a.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
    healthy = RSS.replace(
        b"https://news.example/2025/07/23/istanbul-talks", server.url("/flow/a.html").encode()
    )
    healthy = healthy.replace(
        b"https://news.example/2025/07/23/exchange", server.url("/flow/missing").encode()
    )
    server.routes["/flow/feed.xml"] = (200, XML, healthy)
    server.routes["/flow/html"] = (200, {"Content-Type": "text/html"}, b"<html><body>Home</body></html>")
    server.routes["/flow/empty"] = (200, XML, b"")
    expected = {  # feed name → (path, the error kind recorded against it)
        "server-error": ("/500", "http_status"),
        "gone": ("/410", "http_status"),
        "rate-limited": ("/429", "http_status"),
        "loop": ("/loop/a", "redirect_loop"),
        "huge": ("/huge", "too_large"),
        "bomb": ("/bomb.gz", "decompression_bomb"),
        "stalled": ("/stall", "timeout"),
        "html-page": ("/flow/html", "not_a_feed"),
        "empty": ("/flow/empty", "feed_empty"),
    }
    feeds = [("healthy", server.url("/flow/feed.xml"))]
    feeds += [(name, server.url(path)) for name, (path, _) in expected.items()]
    feeds.append(("refused", f"http://127.0.0.1:{closed_port()}/feed.xml"))
    expected["refused"] = ("", "connect")
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(
        "".join(f'[[feed]]\nname = "{n}"\nurl = "{u}"\n\n' for n, u in feeds), encoding="utf-8"
    )
    db = tmp_path / "parley.duckdb"
    poll_and_process(feeds_file=str(feeds_file), db_path=str(db), allow_private=["127.0.0.1"])

    with duckdb.connect(str(db), read_only=True) as con:
        errors = con.execute("SELECT feed_id, kind FROM errors WHERE stage = 'feed'").fetchall()
        entries = con.execute("SELECT feed_id, guid FROM entries ORDER BY guid").fetchall()
        status = con.execute("SELECT status FROM runs").fetchall()
    recorded: dict[str | None, set[str]] = {}
    for feed_id, kind in errors:
        recorded.setdefault(feed_id, set()).add(kind)
    for name, (_, kind) in expected.items():
        assert kind in recorded.get(name, set()), f"{name}: expected {kind}, recorded {recorded.get(name)}"
    assert "healthy" not in recorded
    assert entries == [("healthy", "exchange-1"), ("healthy", "istanbul-3")]
    assert status == [("completed",)]
