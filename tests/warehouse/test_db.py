"""The warehouse file: migrations once, bulk inserts that ignore what is there, and a lock we wait on."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from extractors.errors import WarehouseBusy
from warehouse.db import connect, insert_rows, migrations


def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    with connect(db) as con:
        names = [r[0] for r in con.execute("SELECT name FROM _parley_migrations ORDER BY name").fetchall()]
    assert names == [name for name, _ in migrations()]
    assert names[0] == "0001_initial"


def test_insert_rows_skips_existing_keys(tmp_path: Path) -> None:
    row = {
        "article_id": "a1",
        "version": 1,
        "ordinal": 0,
        "parties": ["Armenia", "Azerbaijan"],
        "sentence": "Armenia and Azerbaijan met.",
        "start_char": 0,
        "end_char": 27,
        "extractor_version": "t",
    }
    with connect(tmp_path / "w.duckdb") as con:
        assert insert_rows(con, "talks", [row]) == 1
        assert insert_rows(con, "talks", [row, {**row, "ordinal": 1}]) == 1
        assert con.execute("SELECT parties FROM talks WHERE ordinal = 0").fetchall() == [
            (["Armenia", "Azerbaijan"],)
        ]


def test_logs_without_keys_append(tmp_path: Path) -> None:
    err = {
        "run_id": "r",
        "occurred_at": dt.datetime.now(dt.UTC),
        "stage": "feed",
        "kind": "timeout",
        "message": "m",
    }
    with connect(tmp_path / "w.duckdb") as con:
        insert_rows(con, "errors", [err, err])
        assert con.execute("SELECT count(*) FROM errors").fetchall()[0][0] == 2


def test_a_second_process_waits_then_gets_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            print("holding", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        messages: list[str] = []
        with (
            pytest.raises(WarehouseBusy, match="held by another process"),
            connect(db, read_only=True, wait_s=0.5, on_wait=messages.append),
        ):
            pass
        assert messages and "busy" in messages[0]
    finally:
        holder.communicate("")
    with connect(db, read_only=True) as con:  # released: readers get in again
        assert con.execute("SELECT 1").fetchall() == [(1,)]


def test_a_file_that_is_not_a_database_is_a_warehouse_error(tmp_path: Path) -> None:
    from extractors.errors import WarehouseError

    bad = tmp_path / "not.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(WarehouseError), connect(bad):
        pass
    assert duckdb  # imported for the real engine, not a stand-in
