"""The shared data-file reader: every loader's file and syntax errors name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.datafiles import DATA_DIR, line_of, load_toml, parse_toml, require_table
from extractors.errors import ConfigError


def test_a_syntax_error_names_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"^rules\.toml:3: "):
        parse_toml('a = 1\nb = "x"\n[c\n', "rules.toml")


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^gone\.toml: cannot read: "):
        load_toml(tmp_path / "gone.toml")


def test_a_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b'name = "Gen\xe8ve"\n')
    with pytest.raises(ConfigError, match=r"^latin\.toml: cannot read: "):
        load_toml(path)


def test_a_required_table_must_be_a_table() -> None:
    assert require_table({"meeting": {"words": []}}, "meeting", "t.toml") == {"words": []}
    with pytest.raises(ConfigError, match=r"^t\.toml: missing table \[venue\]$"):
        require_table({"venue": ["Doha"]}, "venue", "t.toml")


def test_line_of_counts_from_one_and_says_zero_when_absent() -> None:
    text = 'names = [\n  "fbclid",\n  "gclid",\n]\n'
    assert line_of(text, '"gclid"') == 3
    assert line_of(text, "names") == 1
    assert line_of(text, "utm_") == 0


def test_parley_own_files_parse() -> None:
    for path in sorted(DATA_DIR.rglob("*.toml")):
        assert isinstance(load_toml(path), dict), path.name
