"""``parley reprocess``: derived rows rebuilt from stored raw pages, with the site gone (no network).

The warehouse is filled once by a real sitemap backfill of the bundled demo site; each test
works on a copy, makes its rows look like an older extractor's output, and reprocesses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from flows.cli_ops import register
from flows.reprocess import reprocess
from tests.parley_runs import backfill_demo_site
from warehouse.fields import FIELD_TABLES

pytestmark = pytest.mark.slow

DERIVED = ("articles", "removed_lines", "negotiation_articles", *FIELD_TABLES)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db, result = backfill_demo_site(tmp_path_factory.mktemp("reprocess"))
    assert result.summary.new_articles == 12
    return db


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "work.duckdb"
    shutil.copy(demo_db, copy)
    return copy


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every derived table's rows minus the extraction timestamp, in key order."""
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for table in DERIVED:
            columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] != "extracted_at"]
            out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return out


def _versions(db: Path, table: str) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[0] for r in con.execute(f"SELECT DISTINCT extractor_version FROM {table}").fetchall()}


def test_fields_stage_replaces_stale_field_rows_atomically(db: Path) -> None:
    original = _rows(db)
    assert original["talks"] and original["quotes"]
    with duckdb.connect(str(db)) as con:
        for table in (*FIELD_TABLES, "negotiation_articles"):
            con.execute(f"UPDATE {table} SET extractor_version = 'negotiation-0.0.1'")
        con.execute("""INSERT INTO talks SELECT article_id, version, 99, parties, mediators, 'Atlantis',
                       venue, date, round, status, sentence, start_char, end_char, 'negotiation-0.0.1'
                       FROM talks LIMIT 1""")
        con.execute("DELETE FROM quotes WHERE ordinal = 0")
    result = reprocess(stage="fields", db_path=str(db), batch_size=5)
    assert result.counts["reprocessed"] == 12
    assert result.counts["field_rows_after"] == sum(len(original[t]) for t in FIELD_TABLES)
    assert _rows(db) == original  # exactly the rows today's extractor writes, nothing stale left over
    assert _versions(db, "talks") == {r[-1] for r in original["talks"]}


def test_text_stage_rebuilds_text_removed_lines_and_fields_from_raw_pages(db: Path) -> None:
    original = _rows(db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "UPDATE articles SET text = 'stale text', content_hash = 'stale', extractor_version = 'text-0'"
        )
        con.execute("DELETE FROM removed_lines")
        con.execute("DELETE FROM talks")
    result = reprocess(stage="text", db_path=str(db))  # the demo site is no longer served: no network needed
    assert result.counts["reprocessed"] == 12 and result.counts["text_changed"] == 12
    assert result.counts["skipped_no_page"] == 0
    assert _rows(db) == original
    again = reprocess(stage="text", db_path=str(db))
    assert again.counts["text_changed"] == 0 and _rows(db) == original  # idempotent


def test_since_limits_reprocess_to_recent_article_versions(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        old = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY url LIMIT 4").fetchall()]
        con.execute(
            "UPDATE articles SET first_seen_at = TIMESTAMPTZ '2024-01-01 00:00:00+00' "
            f"WHERE article_id IN ({', '.join('?' * len(old))})",
            old,
        )
        con.execute("UPDATE negotiation_articles SET extractor_version = 'negotiation-0.0.1'")
    runner = CliRunner()
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    result = runner.invoke(app, ["reprocess", "--stage", "fields", "--since", "2025-01-01", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "reprocessed" in result.output
    with duckdb.connect(str(db), read_only=True) as con:
        stale = {
            r[0]
            for r in con.execute(
                "SELECT article_id FROM negotiation_articles WHERE extractor_version = 'negotiation-0.0.1'"
            ).fetchall()
        }
        kinds = con.execute("SELECT kind, status FROM runs ORDER BY started_at").fetchall()
    assert stale == set(old)  # only versions first seen since the day were touched
    assert kinds[-1] == ("reprocess", "completed")
    bad = runner.invoke(app, ["reprocess", "--stage", "everything", "--db", str(db)])
    assert bad.exit_code == 2
