"""``parley export``: every table out as Parquet, CSV or JSON lines, read back and compared."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from flows.cli_ops import register
from tests.parley_runs import backfill_demo_site, count_rows
from warehouse.db import connect
from warehouse.export import base_tables, export_tables

pytestmark = pytest.mark.slow

READERS = {"parquet": "read_parquet", "csv": "read_csv_auto", "jsonl": "read_json_auto"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db, _ = backfill_demo_site(tmp_path_factory.mktemp("export"))
    with duckdb.connect(str(db)) as con:  # three articles first seen long ago, for --since
        old = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY url LIMIT 3").fetchall()]
        con.execute(
            "UPDATE articles SET first_seen_at = TIMESTAMPTZ '2024-03-01 00:00:00+00' "
            "WHERE article_id IN (?, ?, ?)",
            old,
        )
    return db


def _counts(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        return count_rows(con, base_tables(con))


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_every_table_round_trips(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    with connect(demo_db, read_only=True) as con:
        written = export_tables(con, tmp_path, fmt)
    counts = _counts(demo_db)
    assert {w.table for w in written} == set(counts) and "_parley_migrations" not in counts
    assert {"articles", "talks", "quotes", "pages", "runs", "cluster_members"} <= set(counts)
    with duckdb.connect() as con:
        for item in written:
            assert item.path.name == f"{item.table}.{fmt}" and item.rows == counts[item.table]
            if item.rows:
                read = con.execute(f"SELECT count(*) FROM {READERS[fmt]}(?)", [str(item.path)]).fetchall()[0][
                    0
                ]
                assert read == counts[item.table], item.table
        talks = con.execute(
            f"SELECT sentence, start_char, end_char FROM {READERS[fmt]}(?)", [str(tmp_path / f"talks.{fmt}")]
        ).fetchall()
    with duckdb.connect(str(demo_db), read_only=True) as con:
        stored = con.execute("SELECT sentence, start_char, end_char FROM talks").fetchall()
    assert sorted(talks) == sorted(stored)


def test_text_formats_carry_raw_pages_as_base64(demo_db: Path, tmp_path: Path) -> None:
    with connect(demo_db, read_only=True) as con:
        export_tables(con, tmp_path, "jsonl")
        stored = dict(con.execute("SELECT page_sha, body_gz FROM pages").fetchall())
    lines = (tmp_path / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(stored) == 12
    for line in lines:
        row = json.loads(line)
        assert "body_gz" not in row
        assert gzip.decompress(base64.b64decode(row["body_gz_base64"])) == gzip.decompress(
            stored[row["page_sha"]]
        )


def test_since_keeps_recent_rows_and_the_fields_of_recent_articles(demo_db: Path, tmp_path: Path) -> None:
    with connect(demo_db, read_only=True) as con:
        written = {
            w.table: w.rows for w in export_tables(con, tmp_path, "parquet", since=dt.date(2025, 1, 1))
        }
        recent_talks = con.execute(
            """SELECT count(*) FROM talks t JOIN articles a USING (article_id, version)
               WHERE a.first_seen_at >= DATE '2025-01-01'"""
        ).fetchall()[0][0]
    counts = _counts(demo_db)
    assert written["articles"] == 9 and counts["articles"] == 12
    assert written["talks"] == recent_talks < counts["talks"]
    assert written["negotiation_articles"] == 9
    assert written["feeds"] == counts["feeds"]  # no date of its own: written whole
    assert written["pages"] == 12  # pages are dated by their own fetch time


def test_cli_export(demo_db: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--format", "csv", "--out", str(out), "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert (out / "articles.csv").read_text(encoding="utf-8").startswith("article_id,version,is_current,")
    assert "talks" in result.output
    bad = runner.invoke(app, ["export", "--format", "xlsx", "--out", str(out), "--db", str(demo_db)])
    assert bad.exit_code == 2 and "parquet" in bad.output
