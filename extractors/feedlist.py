"""The feed list: declarative records of what Parley polls (``seeds/feeds.toml``).

A bad entry (no URL, a duplicate name, a non-http scheme) becomes a :class:`Problem`
naming file and line, and the other feeds are still polled; only a file that is not
TOML at all is fatal.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from urllib.parse import urlsplit

from extractors.errors import ConfigError
from extractors.records import Problem

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_TABLE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*feed[ \t]*\]\]", re.MULTILINE)


@dataclass(frozen=True)
class Feed:
    """One feed to poll, as the feeds file declares it."""

    name: str
    url: str
    language: str | None = None
    outlet: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class FeedList:
    """The valid feeds of a file, and one problem per entry that was not."""

    feeds: tuple[Feed, ...]
    problems: tuple[Problem, ...] = ()


def parse_feed_list(text: str, origin: str = "feeds.toml") -> FeedList:
    """Read a feeds file's text into feeds.

    Args:
        text: TOML with one ``[[feed]]`` table per feed (name, url, optional language, outlet, region).
        origin: the file name used in messages.

    Returns:
        The valid feeds in file order, and a problem for each entry that was skipped.

    Raises:
        ConfigError: the text is not TOML.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: {exc}") from exc
    lines = [text.count("\n", 0, m.start()) + 1 for m in _TABLE_HEADER.finditer(text)]
    feeds: list[Feed] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    raw_entries = data.get("feed", [])
    if not isinstance(raw_entries, list):
        raise ConfigError(f"{origin}: 'feed' must be an array of tables ([[feed]])")
    for index, raw in enumerate(raw_entries):
        where = f"{origin}:{lines[index]}" if index < len(lines) else f"{origin}: feed #{index + 1}"
        feed, message = _feed_from_table(raw)
        if feed is not None and feed.name in seen:
            message = f"duplicate feed name {feed.name!r}"
            feed = None
        if feed is None:
            problems.append(Problem(kind="config", message=f"{where}: {message}"))
            continue
        seen.add(feed.name)
        feeds.append(feed)
    return FeedList(feeds=tuple(feeds), problems=tuple(problems))


def render_feed_list(feeds: tuple[Feed, ...] | list[Feed]) -> str:
    """Write feeds back as TOML (used by ``parley feeds add/remove/import-opml``)."""
    chunks = []
    for feed in feeds:
        lines = ["[[feed]]", f"name = {_toml_str(feed.name)}", f"url = {_toml_str(feed.url)}"]
        for key in ("language", "outlet", "region"):
            value = getattr(feed, key)
            if value:
                lines.append(f"{key} = {_toml_str(value)}")
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n"


def _feed_from_table(raw: object) -> tuple[Feed | None, str]:
    """Validate one [[feed]] table; return the feed or why it was refused."""
    if not isinstance(raw, dict):
        return None, "not a table"
    name, url = raw.get("name"), raw.get("url")
    if not isinstance(name, str) or not _NAME.match(name):
        return None, f"name must be a lowercase slug, got {name!r}"
    if not isinstance(url, str) or not url.strip():
        return None, f"feed {name!r} has no url"
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None, f"feed {name!r}: url must be http(s) with a host, got {url!r}"
    unknown = set(raw) - {"name", "url", "language", "outlet", "region"}
    if unknown:
        return None, f"feed {name!r}: unknown keys {sorted(unknown)}"
    extras = {key: raw.get(key) for key in ("language", "outlet", "region")}
    for key, value in extras.items():
        if value is not None and not isinstance(value, str):
            return None, f"feed {name!r}: {key} must be a string"
    return Feed(name=name, url=url.strip(), **extras), ""


def _toml_str(value: str) -> str:
    """A TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
