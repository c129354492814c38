"""Several processes, one DuckDB file: writers wait their turn or stop with WarehouseBusy, analysts'
``parley sql`` slips in between a run's batches, and nothing is ever written twice or half.

DuckDB lets one process hold a file at a time (not even a read-only second opener gets in),
so every Parley process holds it only for one short batch and retries while someone else does.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.errors import WarehouseBusy
from flows.demo_site import serve_directory
from tests.parley_runs import backfill_urls_command, child_env, parley_command
from warehouse.db import connect

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

HOLDER = (
    "import sys, time\n"
    "from extractors.feedlist import Feed\n"
    "from warehouse.db import connect, transaction\n"
    "from warehouse.entries import sync_feeds\n"
    "with connect(sys.argv[1]) as con, transaction(con):\n"
    "    sync_feeds(con, [Feed(name='held-feed', url='https://example.org/feed.xml')])\n"
    "    print('holding', flush=True)\n"
    "    time.sleep(float(sys.argv[2]))\n"
)
PAGES = 80


def _env(tmp_path: Path, tag: str) -> dict[str, str]:
    return child_env(
        tmp_path / f"prefect-{tag}",
        {
            "COLUMNS": "200",
            "PARLEY_MIN_HOST_DELAY_S": "0.02",
            "PARLEY_PER_HOST_LIMIT": "2",
            "PARLEY_BATCH_SIZE": "10",
            "PARLEY_RESPECT_ROBOTS": "false",
        },
    )


def test_second_process_waits_with_a_message_or_stops_with_warehouse_busy(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    with connect(db):
        pass  # create the file with its schema
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "4"],
        env=_env(tmp_path, "h"),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        # A writer that will not wait long stops with a clear error, and touches nothing.
        with pytest.raises(WarehouseBusy, match="held by another process"), connect(db, wait_s=0.3):
            pass
        # An analyst's query in a real second process says why it pauses, then answers once the batch commits.
        sql = subprocess.run(
            parley_command("sql", "SELECT feed_id FROM feeds", "--db", db, "--wait", "60"),
            env=_env(tmp_path, "s"),
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        holder.wait(timeout=30)
    assert holder.returncode == 0
    assert sql.returncode == 0, sql.stdout + sql.stderr
    assert "is busy (another Parley process is writing); waiting" in sql.stdout
    assert "held-feed" in sql.stdout  # it saw the committed batch, not a half-written one


def test_analyst_queries_and_a_second_writer_during_a_backfill(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    for n in range(PAGES):
        (site / "news" / f"{n}.html").write_text(
            f"<!doctype html><html lang='en'><head><title>Bulletin {n}</title></head><body><article>"
            f"<h1>Harbour bulletin number {n}</h1><p>Ferry timetable {n} changes on route {n * 7 % 97} from "
            f"pier {n % 13} were announced for district {n * 31 % 101}.</p>"
            f"<p>Passengers on line {n * 3 % 89} "
            f"should allow {n % 9 + 2} extra minutes at terminal {n * 11 % 53}.</p></article></body></html>",
            encoding="utf-8",
        )
    db = tmp_path / "shared.duckdb"
    with serve_directory(site) as base:
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(f"{base}/news/{n}.html" for n in range(PAGES)) + "\n", encoding="utf-8")
        command = backfill_urls_command(urls, db)
        first = subprocess.Popen(
            command, env=_env(tmp_path, "a"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert first.stderr is not None
        for line in first.stderr:  # wait until the first run has committed a batch
            if line.startswith("backfill 10/"):
                break
        second = subprocess.Popen(
            command, env=_env(tmp_path, "b"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        answers: list[int] = []
        while first.poll() is None and len(answers) < 3:
            query = subprocess.run(
                parley_command("sql", "SELECT count(*) AS n FROM articles", "--db", db, "--wait", "60"),
                env=_env(tmp_path, "q"),
                capture_output=True,
                text=True,
                timeout=90,
            )
            assert query.returncode == 0, query.stdout + query.stderr
            if first.poll() is None:  # answered while the run was still going
                answers.append(int(re.findall(r"│\s*(\d+)\s*│", query.stdout)[-1]))
            time.sleep(0.5)
        first_err = first.communicate(timeout=180)[1]
        second_err = second.communicate(timeout=180)[1]
    assert first.returncode == 0, first_err[-3000:]
    assert second.returncode == 0, second_err[-3000:]
    assert answers, "no analyst query finished while the backfill was running"
    assert answers == sorted(answers) and all(0 < n <= PAGES for n in answers)
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT url) FROM articles), "
            "(SELECT count(*) FROM pages), (SELECT count(*) FROM removed_lines), "
            "(SELECT count(DISTINCT (article_id, version, line_no, rule_id)) FROM removed_lines), "
            "(SELECT count(*) FROM runs WHERE status = 'completed')"
        ).fetchall()
    articles, distinct_urls, pages, removed, distinct_removed, completed = rows[0]
    assert articles == distinct_urls == pages == PAGES  # every page once, although two writers fetched them
    assert removed == distinct_removed and completed == 2
