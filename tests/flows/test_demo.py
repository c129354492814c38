"""`parley demo` end to end, judged against seeds/demo/expected.toml (hand-written from the pages' prose)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.demo import run_demo
from flows.demo_site import DEMO_ROOT
from flows.summary import RunSummary
from tests.parley_runs import count_rows
from warehouse.fields import FIELD_TABLES
from warehouse.queries import example_queries, run_query

pytestmark = pytest.mark.slow

EXPECTED: dict[str, Any] = tomllib.loads((DEMO_ROOT / "expected.toml").read_text(encoding="utf-8"))
PAGES = {page["path"]: page for page in EXPECTED["page"]}
TABLES = ["entries", "articles", "removed_lines", *FIELD_TABLES, "cluster_members"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary, dict[str, int], RunSummary]:
    db = tmp_path_factory.mktemp("demo") / "parley.duckdb"
    first, _ = run_demo(db)
    counts = _counts(db)
    second, _ = run_demo(db)
    return db, first, counts, second


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return count_rows(con, TABLES)


def _article(con: duckdb.DuckDBPyConnection, path: str) -> tuple[str, str]:
    rows = con.execute(
        "SELECT article_id, text FROM articles_current WHERE canonical_url LIKE ?", [f"%/{path}"]
    ).fetchall()
    assert len(rows) == 1, f"{path}: expected one current article, found {len(rows)}"
    return rows[0][0], rows[0][1]


def test_summary_counts_match_the_site(demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary]) -> None:
    _, summary, _, _ = demo_db
    expected = EXPECTED["summary"]
    assert summary.feeds_polled == expected["feeds"]
    assert summary.entries_new == expected["entries"]
    assert summary.new_articles == expected["articles"]
    assert summary.pages_failed == expected["http_errors"]
    assert summary.near_duplicates == expected["near_duplicate_pairs"]
    assert summary.negotiation_articles == expected["negotiation_articles"]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_keeps_its_article_and_loses_its_boilerplate(
    demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary], path: str
) -> None:
    db = demo_db[0]
    page = PAGES[path]
    with duckdb.connect(str(db), read_only=True) as con:
        article_id, text = _article(con, path)
        removed = con.execute(
            "SELECT text, kind FROM removed_lines WHERE article_id = ?", [article_id]
        ).fetchall()
        flagged = con.execute(
            "SELECT is_negotiation FROM negotiation_articles WHERE article_id = ?", [article_id]
        ).fetchall()
    for sentence in page.get("keep", []):
        assert sentence in text, f"{path}: lost a sentence of the article"
    for line in page.get("boilerplate", []):
        assert line["text"] not in text, f"{path}: boilerplate kept: {line['text']}"
        # trafilatura drops some lines itself; those Parley removed are audited under the right kind
        audited = [kind for r_text, kind in removed if line["text"][:30] in r_text]
        assert all(kind == line["kind"] for kind in audited), f"{path}: {line['text']} audited as {audited}"
    assert flagged == [(page["is_negotiation"],)]


def test_the_republished_story_is_one_cluster_of_two(
    demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary],
) -> None:
    db = demo_db[0]
    pair = EXPECTED["duplicate"][0]
    with duckdb.connect(str(db), read_only=True) as con:
        original, _ = _article(con, pair["original"])
        copy, _ = _article(con, pair["copy"])
        clusters = con.execute(
            "SELECT cluster_id, (SELECT count(*) FROM cluster_members c WHERE c.cluster_id = m.cluster_id) "
            "FROM cluster_members m WHERE article_id IN (?, ?)",
            [original, copy],
        ).fetchall()
    assert len(clusters) == 2
    assert clusters[0][0] == clusters[1][0]
    assert clusters[0][1] == 2


def test_every_field_kind_is_stored_with_its_sentence(
    demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary],
) -> None:
    db = demo_db[0]
    with duckdb.connect(str(db), read_only=True) as con:
        for table in ("talks", "participants", "quotes", "outcomes", "deadlines", "proposals"):
            rows = con.execute(
                f"SELECT f.sentence, f.start_char, f.end_char, a.text FROM {table} f "
                "JOIN articles a USING (article_id, version)"
            ).fetchall()
            assert rows, f"no {table} on the demo"
            for sentence, start, end, text in rows:
                assert sentence and sentence in text, f"{table}: its sentence is not in the stored text"
                assert 0 <= start < end <= len(text), f"{table}: offsets outside the text"
                # the span is the value itself (a name, a quotation) or its sentence: either way it
                # lies on that sentence in the stored text
                where = [i for i in range(len(text)) if text.startswith(sentence, i)]
                assert any(s < end and start < s + len(sentence) for s in where), (
                    f"{table}: span off its sentence"
                )


def test_the_missing_page_is_an_error_against_its_url(
    demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary],
) -> None:
    db = demo_db[0]
    missing = EXPECTED["missing"][0]["url"].split("/", 3)[3]
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT stage, kind FROM errors WHERE url LIKE ?", [f"%/{missing}"]).fetchall()
    assert rows and rows[0][0] == "page"


def test_a_second_demo_run_changes_nothing(
    demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary],
) -> None:
    db, _, counts, second = demo_db
    assert _counts(db) == counts
    assert (second.entries_new, second.new_articles, second.field_rows) == (0, 0, 0)


def test_every_worked_example_runs_on_the_demo_database(
    demo_db: tuple[Path, RunSummary, dict[str, int], RunSummary],
) -> None:
    db = demo_db[0]
    with duckdb.connect(str(db), read_only=True) as con:
        for query in example_queries():
            result = run_query(con, query.sql)
            assert result.columns, query.name
            if query.name != "Errors of the latest run, by feed or URL":  # the rerun recorded none
                assert result.rows, f"{query.name} returned nothing on the demo"
