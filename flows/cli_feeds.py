"""``parley feeds …``: manage the feed list (a TOML file, the list's home) and see each feed's health.

add/remove/import-opml edit the feeds file in place, keeping its comments; every edit is
re-read with the same loader the poller uses before it is written, so the CLI cannot
save a file the poller would refuse. ``status`` reads the polling state from DuckDB.
"""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from extractors.errors import ConfigError
from extractors.feedlist import Feed, FeedList, parse_feed_list, render_feed_list

app = typer.Typer(help="Manage the feed list and see how each feed is doing.", no_args_is_help=True)
console = Console()

FeedsOption = Annotated[
    Path | None, typer.Option("--feeds", help="Feeds TOML (default: configured feeds_file).")
]
DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: configured db_path).")]


@app.command("list")
def list_feeds(feeds: FeedsOption = None) -> None:
    """List the feeds in the feeds file."""
    path = _feeds_path(feeds)
    feed_list = _load(path)
    table = Table("name", "url", "language", "outlet", title=f"{path} — {len(feed_list.feeds)} feeds")
    for feed in feed_list.feeds:
        table.add_row(feed.name, feed.url, feed.language or "", feed.outlet or "")
    console.print(table)
    _warn(feed_list)


@app.command()
def add(
    url: Annotated[str, typer.Argument(help="The feed's http(s) URL.")],
    name: Annotated[str, typer.Option(help="A unique lowercase slug, e.g. bbc-world.")],
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code of the feed's articles.")] = None,
    outlet: Annotated[str | None, typer.Option(help="The publisher's name.")] = None,
    region: Annotated[str | None, typer.Option(help="The region the outlet mostly covers.")] = None,
    feeds: FeedsOption = None,
) -> None:
    """Add a feed to the feeds file."""
    path = _feeds_path(feeds)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    current = _load(path)
    if any(f.name == name for f in current.feeds):
        _fail(f"{path}: a feed named {name!r} already exists")
    if any(f.url == url for f in current.feeds):
        _fail(f"{path}: {url} is already listed")
    feed = Feed(name=name, url=url, language=language, outlet=_one_line(outlet), region=_one_line(region))
    _save(path, _append_feeds(text, [feed]), expect=len(current.feeds) + 1)
    console.print(f"added {name} → {url}")


@app.command()
def remove(name: Annotated[str, typer.Argument(help="The feed's name.")], feeds: FeedsOption = None) -> None:
    """Remove a feed from the feeds file (its stored entries and articles stay in the warehouse)."""
    path = _feeds_path(feeds)
    current = _load(path)
    if not any(f.name == name for f in current.feeds):
        _fail(f"{path}: no feed named {name!r}")
    _save(path, _without_feed(path.read_text(encoding="utf-8"), name), expect=len(current.feeds) - 1)
    console.print(f"removed {name}")


@app.command("import-opml")
def import_opml(
    opml: Annotated[Path, typer.Argument(help="An OPML file (e.g. exported from a feed reader).")],
    language: Annotated[str | None, typer.Option(help="Language for outlines that do not give one.")] = None,
    feeds: FeedsOption = None,
) -> None:
    """Add every feed of an OPML file that the feeds file does not list yet (by URL)."""
    path = _feeds_path(feeds)
    current = _load(path) if path.exists() else FeedList(feeds=())
    try:
        root = ET.fromstring(opml.read_bytes())
    except (ET.ParseError, OSError) as exc:
        _fail(f"{opml}: not readable as OPML: {exc}")
    names = {f.name for f in current.feeds}
    urls = {f.url for f in current.feeds}
    new: list[Feed] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url or url in urls:
            continue
        title = _one_line(outline.get("title") or outline.get("text")) or url
        name = _unique_slug(title, names)
        names.add(name)
        urls.add(url)
        new.append(Feed(name=name, url=url, language=outline.get("language") or language, outlet=title))
    if new:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        _save(path, _append_feeds(text, new), expect=len(current.feeds) + len(new))
    console.print(f"imported {len(new)} feeds into {path} (already listed or without xmlUrl: skipped)")


@app.command("export-opml")
def export_opml(
    out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
    feeds: FeedsOption = None,
) -> None:
    """Write the feed list as OPML 2.0, for feed readers and other monitors."""
    feed_list = _load(_feeds_path(feeds))
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = "Parley feeds"
    body = ET.SubElement(root, "body")
    for feed in feed_list.feeds:
        attrs = {"type": "rss", "text": feed.outlet or feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.language:
            attrs["language"] = feed.language
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    xml = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    if out is None:
        typer.echo(xml, nl=False)
    else:
        out.write_text(xml, encoding="utf-8")
        console.print(f"wrote {len(feed_list.feeds)} feeds to {out}")


@app.command()
def status(feeds: FeedsOption = None, db: DbOption = None) -> None:
    """Per feed: last success, last error, consecutive failures, next poll, items per day, share of 304s.

    With ``--feeds``, the feeds of that file; otherwise every feed the warehouse has seen (a demo's
    or a backfill's too) and the configured feeds file's, so status works from any folder.
    """
    from flows.config import load_settings
    from warehouse import feed_state
    from warehouse.db import connect

    settings = load_settings()
    names: list[str] = []
    if feeds is not None:
        names = [f.name for f in _load(feeds).feeds]
    elif Path(settings.feeds_file).exists():
        names = [f.name for f in _load(Path(settings.feeds_file)).feeds]
    path = db or Path(settings.db_path)
    now = dt.datetime.now(dt.UTC)
    with connect(path, on_wait=lambda message: console.print(f"[yellow]{message}")) as con:
        if feeds is None:
            names += [name for name in feed_state.known_feeds(con) if name not in names]
        health = feed_state.feed_health(con, names, now)
    table = Table(title=f"{path} — {len(health)} feeds", title_justify="left", box=box.SIMPLE_HEAD)
    # Feed names are what users type into other commands, so they are never cut; the figures stay
    # on one line, and the error, the only long cell, comes last and folds.
    longest = max((len(h.feed_id) for h in health), default=4)
    table.add_column("feed", no_wrap=True, min_width=min(longest, 40))
    for header in ("last success", "failures", "next poll", "items/day", "304 share"):
        words = header.split()
        table.add_column("\n".join(words), no_wrap=True, min_width=max(len(w) for w in words))
    table.add_column("last\nerror", overflow="fold", min_width=10)
    for h in health:
        error = (
            f"{_ago(h.last_error_at, now)} {h.last_error_kind}: {h.last_error or ''}"
            if h.last_error_at
            else "—"
        )
        due = "retired" if h.retired else _when(h.next_due_at, now)
        share = f"{h.not_modified_share:.0%}" if h.not_modified_share is not None else "—"
        failures = f"[red]{h.consecutive_failures}" if h.consecutive_failures else "0"
        table.add_row(
            h.feed_id,
            _ago(h.last_success_at, now),
            failures,
            due,
            f"{h.items_per_day:.1f}",
            share,
            error[:200],
        )
    console.print(table)


@app.command()
def revive(name: Annotated[str, typer.Argument(help="The feed's name.")], db: DbOption = None) -> None:
    """Poll a retired (410 Gone) or failing feed again at the next run."""
    from flows.config import load_settings
    from warehouse import feed_state
    from warehouse.db import connect

    with connect(db or Path(load_settings().db_path)) as con:
        feed_state.revive(con, name)
    console.print(f"{name} will be polled at the next run")


# --------------------------------------------------------------------------- helpers


def _feeds_path(feeds: Path | None) -> Path:
    if feeds is not None:
        return feeds
    from flows.config import load_settings

    return Path(load_settings().feeds_file)


def _load(path: Path) -> FeedList:
    if not path.exists():
        _fail(f"{path}: no such feeds file")
    try:
        return parse_feed_list(path.read_text(encoding="utf-8"), str(path))
    except ConfigError as exc:
        _fail(str(exc))


def _save(path: Path, text: str, *, expect: int) -> None:
    """Write ``text`` only if the poller's own loader reads it back with the expected feeds."""
    try:
        checked = parse_feed_list(text, str(path))
    except ConfigError as exc:
        _fail(f"refusing to write {path}: {exc}")
    if len(checked.feeds) != expect:
        detail = "; ".join(p.message for p in checked.problems) or "feed count changed unexpectedly"
        _fail(f"refusing to write {path}: {detail}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _append_feeds(text: str, feeds: list[Feed]) -> str:
    """The file with feeds appended after everything already there (comments kept)."""
    head = text.rstrip("\n")
    return (head + "\n\n" if head else "") + render_feed_list(feeds)


def _without_feed(text: str, name: str) -> str:
    """The file without the ``[[feed]]`` table named ``name``; comments above the next table stay."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip().replace(" ", "") == "[[feed]]"] + [len(lines)]
    for start, end in itertools.pairwise(starts):
        block = lines[start:end]
        if not any(_is_name_line(line, name) for line in block):
            continue
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # a comment heading the next table belongs to it
        while end < len(lines) and not lines[end].strip():
            end += 1
        return "".join(lines[:start] + lines[end:])
    return text


def _is_name_line(line: str, name: str) -> bool:
    key, _, value = line.partition("=")
    return key.strip() == "name" and value.strip().strip("\"'") == name


def _unique_slug(title: str, taken: set[str]) -> str:
    """A feed name from an OPML title: lowercase ASCII words joined by hyphens, made unique."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in title.lower()).split()
    base = "-".join(words)[:60].strip("-") or "feed"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _ago(when: dt.datetime | None, now: dt.datetime) -> str:
    return "never" if when is None else f"{_span((now - when).total_seconds())} ago"


def _when(when: dt.datetime | None, now: dt.datetime) -> str:
    if when is None:
        return "now"
    seconds = (when - now).total_seconds()
    return "now (overdue)" if seconds <= 0 else f"in {_span(seconds)}"


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}" if unit == "d" else f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def _warn(feed_list: FeedList) -> None:
    for problem in feed_list.problems:
        console.print(f"[yellow]skipped: {problem.message}")


def _fail(message: str) -> NoReturn:
    console.print(f"[red]{message}")
    raise typer.Exit(1)
