"""`parley sql`: ad-hoc, read-only SQL with table, CSV or JSON-lines output."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from flows.cli import app
from warehouse.db import connect


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        con.execute(
            "INSERT INTO feeds (feed_id, url, language, added_at) VALUES "
            "('wire-world', 'https://wire.example/world.rss', 'en', now()), "
            "('daily', 'https://daily.example/feed', NULL, now())"
        )
    return db


def test_csv_output_has_a_header_and_one_line_per_row(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(
        app,
        ["sql", "SELECT feed_id, language FROM feeds ORDER BY feed_id", "--db", str(db), "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["feed_id,language", "daily,", "wire-world,en"]


def test_jsonl_output_is_one_object_per_row(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(
        app, ["sql", "SELECT feed_id FROM feeds ORDER BY feed_id", "--db", str(db), "--format", "jsonl"]
    )
    assert [json.loads(line) for line in result.output.splitlines()] == [
        {"feed_id": "daily"},
        {"feed_id": "wire-world"},
    ]


def test_queries_are_read_only(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(app, ["sql", "DELETE FROM feeds", "--db", str(db)])
    assert result.exit_code != 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM feeds").fetchall() == [(2,)]
