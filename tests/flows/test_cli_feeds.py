"""``parley feeds``: real feeds files, a real DuckDB file, the real commands."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.feedlist import parse_feed_list
from extractors.schedule import plan_next_poll
from flows import cli_feeds
from flows.cli_feeds import app
from warehouse import feed_state
from warehouse.db import connect, transaction

FEEDS = """# Parley test feeds: a comment at the top that edits must keep.

[[feed]]
name = "world-desk"
url = "https://news.example/world/rss.xml"
language = "en"
outlet = "News Example"

# --------------------------------------------------------------- second section

[[feed]]
name = "monde"
url = "https://exemple.fr/international/rss.xml"
language = "fr"
"""

OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Reader export</title></head><body>
  <outline text="Diplomacy">
    <outline type="rss" text="UN News: Peace and Security" xmlUrl="https://news.un.example/peace.xml"/>
    <outline type="rss" text="World desk again" xmlUrl="https://news.example/world/rss.xml"/>
    <outline type="rss" title="Agence  Exemple" text="ignored"
             xmlUrl="https://agence.example/rss" language="fr"/>
    <outline text="a folder without a feed"/>
  </outline>
</body></opml>"""

runner = CliRunner()


@pytest.fixture
def feeds_file(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(FEEDS, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_feeds.console, "width", 220)


def _names(path: Path) -> list[str]:
    return [f.name for f in parse_feed_list(path.read_text(encoding="utf-8"), str(path)).feeds]


def test_list_shows_every_feed(feeds_file: Path) -> None:
    result = runner.invoke(app, ["list", "--feeds", str(feeds_file)])
    assert result.exit_code == 0, result.output
    assert "world-desk" in result.output and "https://exemple.fr/international/rss.xml" in result.output


def test_add_appends_and_keeps_comments(feeds_file: Path) -> None:
    args = [
        "add",
        "https://wire.example/rss",
        "--name",
        "wire",
        "--language",
        "en",
        "--feeds",
        str(feeds_file),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _names(feeds_file) == ["world-desk", "monde", "wire"]
    text = feeds_file.read_text(encoding="utf-8")
    assert text.startswith("# Parley test feeds") and "second section" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["https://other.example/rss", "--name", "monde"], "already exists"),
        (["https://news.example/world/rss.xml", "--name", "again"], "already listed"),
        (["ftp://files.example/rss", "--name", "ftp-feed"], "refusing to write"),
        (["https://x.example/rss", "--name", "Not A Slug"], "refusing to write"),
    ],
)
def test_add_refuses_what_the_poller_would_refuse(feeds_file: Path, args: list[str], message: str) -> None:
    before = feeds_file.read_text(encoding="utf-8")
    result = runner.invoke(app, ["add", *args, "--feeds", str(feeds_file)])
    assert result.exit_code == 1 and message in result.output
    assert feeds_file.read_text(encoding="utf-8") == before


def test_remove_takes_out_one_table_and_keeps_the_next_sections_comment(feeds_file: Path) -> None:
    result = runner.invoke(app, ["remove", "world-desk", "--feeds", str(feeds_file)])
    assert result.exit_code == 0, result.output
    text = feeds_file.read_text(encoding="utf-8")
    assert _names(feeds_file) == ["monde"]
    assert "second section" in text and "News Example" not in text
    assert runner.invoke(app, ["remove", "nope", "--feeds", str(feeds_file)]).exit_code == 1


def test_import_opml_adds_only_new_urls(feeds_file: Path, tmp_path: Path) -> None:
    opml = tmp_path / "reader.opml"
    opml.write_bytes(OPML)
    result = runner.invoke(app, ["import-opml", str(opml), "--language", "en", "--feeds", str(feeds_file)])
    assert result.exit_code == 0, result.output
    feeds = parse_feed_list(feeds_file.read_text(encoding="utf-8"), "feeds.toml").feeds
    assert [(f.name, f.url, f.language) for f in feeds[2:]] == [
        ("un-news-peace-and-security", "https://news.un.example/peace.xml", "en"),
        ("agence-exemple", "https://agence.example/rss", "fr"),
    ]
    assert feeds[3].outlet == "Agence Exemple"
    again = runner.invoke(app, ["import-opml", str(opml), "--feeds", str(feeds_file)])
    assert "imported 0 feeds" in again.output


def test_export_then_import_round_trips(feeds_file: Path, tmp_path: Path) -> None:
    opml = tmp_path / "out.opml"
    assert runner.invoke(app, ["export-opml", "--out", str(opml), "--feeds", str(feeds_file)]).exit_code == 0
    fresh = tmp_path / "fresh.toml"
    fresh.write_text("", encoding="utf-8")
    assert runner.invoke(app, ["import-opml", str(opml), "--feeds", str(fresh)]).exit_code == 0
    urls = [f.url for f in parse_feed_list(fresh.read_text(encoding="utf-8"), "fresh.toml").feeds]
    assert urls == ["https://news.example/world/rss.xml", "https://exemple.fr/international/rss.xml"]


def test_import_of_broken_opml_fails_cleanly(feeds_file: Path, tmp_path: Path) -> None:
    opml = tmp_path / "broken.opml"
    opml.write_bytes(b"<opml><body><outline")
    result = runner.invoke(app, ["import-opml", str(opml), "--feeds", str(feeds_file)])
    assert result.exit_code == 1 and "not readable as OPML" in result.output


def test_status_shows_health_columns(feeds_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    now = dt.datetime.now(dt.UTC)
    with connect(db) as con:
        targets = feed_state.poll_targets(con, [("world-desk", "https://news.example/world/rss.xml")], now)
        fails = plan_next_poll(now=now, status=503, error_kind="http_status", consecutive_failures=1,
                               entries_per_week=None, jitter=0.0)  # fmt: skip
        failing = feed_state.PollUpdate(
            feed_id="world-desk", file_url=targets[0].file_url, polled_at=now, status=503, ok=False,
            not_modified=False, etag=None, last_modified=None, body_sha256=None, error_kind="http_status",
            error="HTTP 503", moved_to=None, hops=(), next_poll=fails,
        )  # fmt: skip
        with transaction(con):
            feed_state.record_polls(con, [failing])
    result = runner.invoke(app, ["status", "--feeds", str(feeds_file), "--db", str(db)])
    assert result.exit_code == 0, result.output
    header = " ".join(result.output.split("world-desk")[0].split())  # headers may take two lines
    for column in ("last", "success", "error", "failures", "next", "poll", "items/day", "304", "share"):
        assert f" {column} " in f" {header} ", header
    world = next(line for line in result.output.splitlines() if "world-desk" in line)
    assert "http_status: HTTP 503" in world and "never" in world and " 2 " in world
    monde = next(line for line in result.output.splitlines() if "monde" in line)
    assert "never" in monde and "now" in monde


def test_status_without_a_feeds_file_reports_every_feed_the_warehouse_knows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no seeds/feeds.toml here: as after `parley demo` in a new folder
    db = tmp_path / "parley.duckdb"
    now = dt.datetime.now(dt.UTC)
    with connect(db) as con:
        targets = feed_state.poll_targets(con, [("harbour-desk", "https://news.example/harbour.xml")], now)
        ok = plan_next_poll(now=now, status=200, error_kind=None, consecutive_failures=0,
                            entries_per_week=7.0, jitter=0.0)  # fmt: skip
        polled = feed_state.PollUpdate(
            feed_id="harbour-desk", file_url=targets[0].file_url, polled_at=now, status=200, ok=True,
            not_modified=False, etag='"v1"', last_modified=None, body_sha256="ab", error_kind=None,
            error=None, moved_to=None, hops=(), next_poll=ok,
        )  # fmt: skip
        with transaction(con):
            feed_state.record_polls(con, [polled])
    result = runner.invoke(app, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    harbour = next(line for line in result.output.splitlines() if "harbour-desk" in line)
    assert re.search(r"\b\d+s ago\b", harbour) and "0%" in harbour, harbour
