"""``parley backfill`` end to end: a real site on 127.0.0.1, the real Prefect flow, a real DuckDB file.

The site is written here: robots.txt → a sitemap index → monthly urlsets and a news sitemap;
a feed whose RFC 5005 archives reach back month by month; article pages with distinct prose.
The server records every request, so the tests can say what was (not) fetched.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from flows.backfill import BackfillResult, backfill
from flows.cli_ops import register
from tests.http_server import Server, serve
from tests.parley_runs import backfill_urls_command, child_env

pytestmark = pytest.mark.slow

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
# (slug, published day, headline, lead sentence)
STORIES = [
    (
        "april-water",
        "2025-04-14",
        "Egypt and Sudan revisit Nile water accord",
        "Egyptian and Sudanese irrigation ministers met in Khartoum to revisit the water accord.",
    ),
    (
        "may-border",
        "2025-05-20",
        "Armenia and Azerbaijan border commissions meet",
        "The border commissions of Armenia and Azerbaijan met on the frontier to mark two more villages.",
    ),
    (
        "june-grain",
        "2025-06-11",
        "Black Sea grain corridor talks in Istanbul",
        "Turkish officials hosted a new round of talks in Istanbul on shipping grain across the Black Sea.",
    ),
    (
        "june-fish",
        "2025-06-25",
        "Norway and Iceland settle mackerel quotas",
        "Norway and Iceland agreed mackerel quotas for next season after talks in Reykjavik.",
    ),
    (
        "july-truce",
        "2025-07-08",
        "Sudan truce talks open in Jeddah",
        "Delegations of Sudan's army and the Rapid Support Forces opened truce talks in Jeddah.",
    ),
    (
        "july-trade",
        "2025-07-18",
        "US and China trade talks in Geneva",
        "American and Chinese negotiators met in Geneva for two days of talks on tariffs.",
    ),
]


def _page(headline: str, day: str, lead: str, slug: str) -> bytes:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{headline}</title>
<meta property="article:published_time" content="{day}T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article><h1>{headline}</h1>
<p>{lead}</p><p>Officials from both sides described the {slug.replace("-", " ")} meeting as businesslike
and saidworking groups would continue the discussion over the coming weeks.</p>
<p>Neither delegation published a statement, and no date was set for the next session.</p>
<p>Follow us on Facebook and X for the latest updates.</p></article></main>
<footer>© 2025 Example Herald</footer></body></html>""".encode()


def _urlset(base: str, stories: list[tuple[str, str, str, str]]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}/world/{s}.html</loc><lastmod>{d}T09:00:00Z</lastmod></url>"
        for s, d, _, _ in stories
    )
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def _rss(base: str, title: str, stories: list[tuple[str, str, str, str]], links: str, archive: bool) -> bytes:
    items = "".join(
        f"<item><title>{h}</title><link>{base}/world/{s}.html</link><guid>herald-{s}</guid>"
        f"<pubDate>{dt.date.fromisoformat(d):%a, %d %b %Y} 08:00:00 GMT</pubDate></item>"
        for s, d, h, _ in stories
    )
    marker = "<fh:archive/>" if archive else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        f'xmlns:fh="http://purl.org/syndication/history/1.0"><channel><title>{title}</title>'
        f"<link>{base}/</link><description>World news</description>{marker}{links}{items}</channel></rss>"
    ).encode()


def _by_month(month: str) -> list[tuple[str, str, str, str]]:
    return [s for s in STORIES if s[1].startswith(month)]


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("PARLEY_MIN_HOST_DELAY_S", "0")
    with serve() as server:
        base = server.url("")
        routes = server.routes
        for slug, day, headline, lead in STORIES:
            routes[f"/world/{slug}.html"] = (200, HTML, _page(headline, day, lead, slug))
        routes["/robots.txt"] = (
            200,
            {"Content-Type": "text/plain"},
            f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n"
            f"Sitemap: {base}/news-sitemap.xml\n".encode(),
        )
        months = [
            ("2025-04", "2025-04-30"),
            ("2025-05", "2025-05-31"),
            ("2025-06", "2025-06-30"),
            ("2025-07", "2025-07-20"),
        ]
        index = "".join(
            f"<sitemap><loc>{base}/sitemaps/{m}.xml</loc><lastmod>{last}T23:00:00Z</lastmod></sitemap>"
            for m, last in months
        )
        routes["/sitemap_index.xml"] = (
            200,
            XML,
            (
                f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}'
                "</sitemapindex>"
            ).encode(),
        )
        for month, _ in months:
            routes[f"/sitemaps/{month}.xml"] = (200, XML, _urlset(base, _by_month(month)))
        july = _by_month("2025-07")
        routes["/news-sitemap.xml"] = (
            200,
            XML,
            (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                + "".join(
                    f"<url><loc>{base}/world/{s}.html</loc><news:news><news:publication_date>{d}"
                    "</news:publication_date></news:news></url>"
                    for s, d, _, _ in july
                )
                + "</urlset>"
            ).encode(),
        )
        link = '<atom:link rel="prev-archive" href="{}"/>'
        routes["/feeds/world.xml"] = (
            200,
            XML,
            _rss(base, "Herald", july, link.format("archive/2025-06.xml"), False),
        )
        for month, older in (("2025-06", "2025-05"), ("2025-05", "2025-04"), ("2025-04", None)):
            links = link.format(f"{base}/feeds/archive/{older}.xml") if older else ""
            routes[f"/feeds/archive/{month}.xml"] = (
                200,
                XML,
                _rss(base, f"Herald {month}", _by_month(month), links, True),
            )
        yield server


def _feeds_file(tmp_path: Path, server: Server) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(
        f'[[feed]]\nname = "herald-world"\nurl = "{server.url("/feeds/world.xml")}"\nlanguage = "en"\n'
        f'outlet = "Example Herald"\n',
        encoding="utf-8",
    )
    return path


def _stored_slugs(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT url FROM articles ORDER BY url").fetchall()
    return [r[0].rsplit("/", 1)[1].removesuffix(".html") for r in rows]


def _page_hits(server: Server) -> int:
    return sum(1 for r in server.requests if r.path.startswith("/world/"))


def _sitemap_backfill(
    feeds: Path, db: Path, since: dt.date | None = None, until: dt.date | None = None
) -> BackfillResult:
    return backfill(
        source="sitemap",
        since=since,
        until=until,
        feeds_file=str(feeds),
        db_path=str(db),
        allow_private=["127.0.0.1"],
        show_progress=False,
    )


def test_sitemap_backfill_fetches_only_the_window_and_reruns_fetch_nothing(
    site: Server, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    feeds = _feeds_file(tmp_path, site)
    june = (dt.date(2025, 6, 1), dt.date(2025, 7, 10))
    result = _sitemap_backfill(feeds, db, *june)
    assert _stored_slugs(db) == ["july-truce", "june-fish", "june-grain"]
    # April and May sitemaps were last changed before June: never opened.
    assert site.hits("/sitemaps/2025-04.xml") == site.hits("/sitemaps/2025-05.xml") == 0
    assert site.hits("/sitemaps/2025-06.xml") == 1
    assert result.discovery["to_fetch"] == 3 and result.summary.new_articles == 3
    assert _page_hits(site) == 3

    again = _sitemap_backfill(feeds, db, *june)
    assert again.discovery["already_done"] == 3 and again.discovery["to_fetch"] == 0
    assert _page_hits(site) == 3 and again.summary.pages_fetched == 0

    everything = _sitemap_backfill(feeds, db)
    assert everything.discovery["to_fetch"] == 3  # only what was missing
    assert len(_stored_slugs(db)) == len(STORIES)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchall() == [(6, 6)]
        statuses = con.execute("SELECT kind, status FROM runs").fetchall()
    assert statuses == [("backfill", "completed")] * 3


def test_feed_history_walks_archives_back_to_the_window_and_stops(site: Server, tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    result = backfill(
        source="feed-history",
        feeds=["herald-world"],
        since=dt.date(2025, 6, 1),
        feeds_file=str(_feeds_file(tmp_path, site)),
        db_path=str(db),
        allow_private=["127.0.0.1"],
        show_progress=False,
    )
    assert _stored_slugs(db) == ["july-trade", "july-truce", "june-fish", "june-grain"]
    # May is entirely older than the window, so the walk stops there: April is never asked for.
    assert site.hits("/feeds/archive/2025-05.xml") == 1 and site.hits("/feeds/archive/2025-04.xml") == 0
    assert result.discovery["documents_read"] == 3
    with duckdb.connect(str(db), read_only=True) as con:
        entries = con.execute("SELECT count(*) FROM entries WHERE feed_id = 'herald-world'").fetchall()[0][0]
    assert entries == 5  # every sighting in the documents read, May included
    assert result.summary.entries_new == 5


def test_url_file_backfill_resumes_in_steps_and_remembers_dead_pages(site: Server, tmp_path: Path) -> None:
    db = tmp_path / "u.duckdb"
    urls = tmp_path / "urls.txt"
    wanted = [site.url(f"/world/{s}.html") for s, _, _, _ in STORIES[:4]] + [site.url("/world/gone.html")]
    urls.write_text("# outage of 3 June\n" + "\n".join(wanted) + "\nnot a url\n", encoding="utf-8")
    first = backfill(
        source="urls",
        urls_file=str(urls),
        db_path=str(db),
        limit=2,
        allow_private=["127.0.0.1"],
        show_progress=False,
    )
    assert first.discovery["to_fetch"] == 2 and first.discovery["left_for_later"] == 3
    assert _stored_slugs(db) == ["april-water", "may-border"]
    second = backfill(
        source="urls", urls_file=str(urls), db_path=str(db), allow_private=["127.0.0.1"], show_progress=False
    )
    assert second.discovery["to_fetch"] == 3 and second.summary.pages_failed == 1
    assert len(_stored_slugs(db)) == 4
    third = backfill(
        source="urls", urls_file=str(urls), db_path=str(db), allow_private=["127.0.0.1"], show_progress=False
    )
    assert third.discovery["to_fetch"] == 0  # the 404 is known for good: not asked again
    assert site.hits("/world/gone.html") == 1
    with duckdb.connect(str(db), read_only=True) as con:
        errors = con.execute("SELECT stage, url, message FROM errors ORDER BY stage").fetchall()
    assert errors[0][:2] == ("config", None) and "urls.txt:7" in errors[0][2]
    assert any(stage == "page" and url and url.endswith("/gone.html") for stage, url, _ in errors)


def test_cli_backfill_prints_progress_and_counts(site: Server, tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # keep Typer in multi-command mode
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "\n".join(site.url(f"/world/{s}.html") for s, _, _, _ in STORIES) + "\n", encoding="utf-8"
    )
    db = tmp_path / "cli.duckdb"
    runner = CliRunner()
    result = runner.invoke(
        app, ["backfill", "--urls", str(urls), "--db", str(db), "--allow-private", "127.0.0.1"]
    )
    assert result.exit_code == 0, result.output
    assert "backfill 6/6 pages (100%)" in result.output and "pages/s" in result.output
    assert "to fetch" in result.output and "new articles" in result.output
    bad = runner.invoke(app, ["backfill", "--source", "carrier-pigeon", "--db", str(db)])
    assert bad.exit_code == 2 and "feed-history" in bad.output


def test_ctrl_c_stops_cleanly_and_the_same_command_continues(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) in a real `parley backfill` process: finished batches stay; a rerun does the rest."""
    pages = 60
    with serve() as server:
        for n in range(pages):
            server.routes[f"/notes/{n}.html"] = (
                200,
                HTML,
                _page(
                    f"Council note {n}",
                    "2025-07-01",
                    f"Council note {n} covers road {n * 7 % 61} and park {n}.",
                    f"note-{n}-about-bridge-{n * 13 % 47}",
                ),
            )
        urls = tmp_path / "urls.txt"
        urls.write_text(
            "\n".join(server.url(f"/notes/{n}.html") for n in range(pages)) + "\n", encoding="utf-8"
        )
        db = tmp_path / "c.duckdb"
        env = child_env(
            tmp_path / "prefect",
            {"PARLEY_MIN_HOST_DELAY_S": "0.01", "PARLEY_BATCH_SIZE": "10", "COLUMNS": "200"},
        )
        command = backfill_urls_command(urls, db)
        first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert first.stderr is not None
        for line in first.stderr:
            if line.startswith("backfill 20/"):
                first.send_signal(signal.SIGINT)
                break
        out, err = first.communicate(timeout=120)
        assert first.returncode == 130 and "run the same command to continue" in out, out + err[-3000:]
        with duckdb.connect(str(db), read_only=True) as con:
            stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
            status = con.execute("SELECT status FROM runs").fetchall()
        assert 20 <= stored < pages and status == [("interrupted",)]
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr[-2000:]
        assert f"backfill: {pages - stored} pages to fetch" in again.stderr
    assert len(_stored_slugs(db)) == pages
