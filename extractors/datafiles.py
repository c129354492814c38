"""Reading Parley's TOML data files, so every loader fails the same way: ``ConfigError("file.toml:LINE: …")``.

The loaders (cues, gazetteer, roles, talk rules, languages, boilerplate rules, URL policy) keep their own
validation; this module only reads the file, parses it and finds the line an entry stands on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from extractors.errors import ConfigError

__all__ = ["DATA_DIR", "line_of", "load_toml", "parse_toml", "read_data_text", "require_table"]

DATA_DIR = Path(__file__).resolve().parent / "data"

_DECODE_LINE = re.compile(r"line (\d+)")


def read_data_text(path: Path) -> str:
    """The UTF-8 text of a data file.

    Args:
        path: The file.

    Returns:
        Its text.

    Raises:
        ConfigError: ``"name: cannot read: …"`` when the file is missing, unreadable or not UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc}") from exc


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """Parse a TOML document, naming the file and the line of a syntax error.

    Args:
        text: The TOML document.
        origin: The file name used in error messages.

    Returns:
        The parsed document.

    Raises:
        ConfigError: ``"origin:LINE: …"`` when the text is not TOML (``origin:?:`` if no line is known).
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _DECODE_LINE.search(str(exc))
        raise ConfigError(f"{origin}:{line.group(1) if line else '?'}: {exc}") from exc


def load_toml(path: Path) -> dict[str, Any]:
    """Read and parse a data file.

    Args:
        path: The TOML file.

    Returns:
        The parsed document.

    Raises:
        ConfigError: the file is unreadable or not TOML, naming the file (and the line when known).
    """
    return parse_toml(read_data_text(path), path.name)


def require_table(data: Mapping[str, Any], key: str, origin: str) -> dict[str, Any]:
    """A table the file must have.

    Args:
        data: The parsed document (or an enclosing table).
        key: The table's name.
        origin: The file name used in error messages.

    Returns:
        The table.

    Raises:
        ConfigError: ``"origin: missing table [key]"``.
    """
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: missing table [{key}]")
    return value


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in a file's text (0 when absent), for messages.

    Args:
        text: The file's text.
        needle: What the entry looks like in the file.

    Returns:
        The line number, or 0.
    """
    index = text.find(needle)
    return 0 if index < 0 else text.count("\n", 0, index) + 1
