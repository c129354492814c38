"""``parley serve`` for real: a child process starts its own local Prefect server, registers the
scheduled poll deployment and runs it against a tiny site on 127.0.0.1 until it is interrupted.

While it serves, the test also checks the missed-run collapse against that same server.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from flows.demo_site import serve_directory
from tests.parley_runs import REPO, child_env, parley_command
from warehouse.db import connect

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2025-07-2{n}T09:00:00Z"></head><body>
<nav><a href="/">Home</a></nav><main><article><h1>{title}</h1>
<p>{body}</p><p>Officials said further meetings were planned for the coming weeks, without giving dates.</p>
<p>The talks were described by both delegations as constructive but difficult.</p>
</article></main><footer>© 2025 Harbour Gazette</footer></body></html>"""
STORIES = [
    (
        "Fishing quota talks resume in Reykjavik",
        "Delegations from Iceland and Norway resumed talks on mackerel quotas in Reykjavik on Monday.",
    ),
    (
        "Port workers and employers meet again",
        "Union leaders and the port authority met for a second day of talks over night-shift pay.",
    ),
]


def _site(root: Path, base: str, tmp_path: Path) -> Path:
    """Write the Harbour Gazette's pages and RSS feed served at ``base``; return a feeds file listing it."""
    (root / "news").mkdir(parents=True)
    items = []
    for n, (title, body) in enumerate(STORIES, start=1):
        (root / "news" / f"story-{n}.html").write_text(
            PAGE.format(title=title, body=body, n=n), encoding="utf-8"
        )
        items.append(
            f"<item><title>{title}</title><link>{base}/news/story-{n}.html</link><guid>hg-{n}</guid>"
            f"<pubDate>Mon, 2{n} Jul 2025 09:00:00 GMT</pubDate></item>"
        )
    (root / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        f"<link>{base}/</link><description>News</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        f'[[feed]]\nname = "harbour"\nurl = "{base}/feed.xml"\nlanguage = "en"\n', encoding="utf-8"
    )
    return feeds


def _serve_command(feeds: Path, db: Path, *options: str) -> list[str]:
    """``parley serve`` every six seconds on the test site's feeds file."""
    return parley_command(
        "serve", *options, "--every", "0.1", "--feeds", feeds, "--db", db, "--allow-private", "127.0.0.1"
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Path, subprocess.Popen[str], Path]]:
    site = tmp_path / "site"
    with serve_directory(site) as base:
        feeds = _site(site, base, tmp_path)
        db = tmp_path / "serve.duckdb"
        log = tmp_path / "serve.log"
        env = child_env(
            tmp_path / "prefect-home",
            {
                "PREFECT_RUNNER_POLL_FREQUENCY": "1",
                "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
                "PARLEY_MIN_HOST_DELAY_S": "0",
                "COLUMNS": "200",
            },
        )
        with log.open("w") as out:
            process = subprocess.Popen(
                _serve_command(feeds, db, "--name", "test-poll"),
                cwd=tmp_path,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                yield db, log, process, tmp_path
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=30)


def _completed_poll_runs(db: Path) -> int:
    if not db.exists():
        return 0
    with connect(db, read_only=True, wait_s=30) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "runs" not in tables:
            return 0
        rows = con.execute(
            "SELECT count(*) FROM runs WHERE kind = 'poll' AND status = 'completed'"
        ).fetchall()
    return int(rows[0][0])


def _api_url(log: Path, process: subprocess.Popen[str], deadline: float) -> str:
    while time.monotonic() < deadline:
        found = re.search(r"Prefect server ready at (http://127\.0\.0\.1:\d+/api)", log.read_text())
        if found:
            return found[1]
        assert process.poll() is None, f"parley serve exited early:\n{log.read_text()}"
        time.sleep(0.5)
    raise AssertionError(f"the local Prefect server never came up:\n{log.read_text()}")


def test_serve_runs_the_scheduled_poll_and_stops_its_server(
    served: tuple[Path, Path, subprocess.Popen[str], Path],
) -> None:
    db, log, process, _ = served
    deadline = time.monotonic() + 180
    api = _api_url(log, process, deadline)

    _check_missed_runs_collapse(api)

    runs = 0
    while time.monotonic() < deadline and runs < 2:
        assert process.poll() is None, f"parley serve exited early:\n{log.read_text()}"
        runs = _completed_poll_runs(db)
        time.sleep(1)
    assert runs >= 2, f"expected two scheduled poll runs, saw {runs}:\n{log.read_text()}"
    with connect(db, read_only=True, wait_s=30) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    assert articles == len(STORIES)  # the second scheduled run added nothing: same pages, same keys

    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2, trust_env=False)


def _check_missed_runs_collapse(api: str) -> None:
    """Three missed runs of a deployment nobody served: start-up keeps the newest, cancels the rest."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.states import Scheduled

    from flows.serve import collapse_missed_runs

    with temporary_settings(updates={PREFECT_API_URL: api}):
        with get_client(sync_client=True) as client:
            flow_id = client.create_flow_from_name("poll_and_process")
            deployment_id = client.create_deployment(flow_id=flow_id, name="missed-runs")
            now = dt.datetime.now(dt.UTC)
            created = [
                client.create_flow_run_from_deployment(
                    deployment_id, state=Scheduled(scheduled_time=now - dt.timedelta(minutes=minutes))
                )
                for minutes in (45, 30, 15)
            ]
        assert collapse_missed_runs("poll_and_process/missed-runs") == 2
        with get_client(sync_client=True) as client:
            states = {run.id: client.read_flow_run(run.id).state_type for run in created}
    assert states[created[-1].id] == StateType.SCHEDULED  # the newest missed run is the catch-up
    assert [states[run.id] for run in created[:-1]] == [StateType.CANCELLED, StateType.CANCELLED]


def test_team_setup_server_work_pool_and_worker(tmp_path: Path) -> None:
    """A real `prefect server`, a process work pool, `parley serve --work-pool` and `prefect worker start`."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import local_prefect_server

    site = tmp_path / "site"
    with serve_directory(site) as base, local_prefect_server(tmp_path / "team-server") as api:
        feeds = _site(site, base, tmp_path)
        db = tmp_path / "team.duckdb"
        with temporary_settings(updates={PREFECT_API_URL: api}), get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name="parley-team", type="process"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            {
                "PYTHONPATH": str(REPO),
                "PREFECT_API_URL": api,
                "PREFECT_HOME": str(tmp_path / "client-home"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_WORKER_QUERY_SECONDS": "1",
                "PREFECT_WORKER_PREFETCH_SECONDS": "5",
                "COLUMNS": "200",
                "PARLEY_MIN_HOST_DELAY_S": "0",
            }
        )
        registered = subprocess.run(
            _serve_command(feeds, db, "--work-pool", "parley-team"),
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert registered.returncode == 0, registered.stdout + registered.stderr
        assert "prefect worker start --pool parley-team" in registered.stdout
        log = tmp_path / "worker.log"
        with log.open("w") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", "prefect", "worker", "start", "--pool", "parley-team"],
                env=env,
                cwd=tmp_path,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            deadline = time.monotonic() + 150
            while time.monotonic() < deadline and _completed_poll_runs(db) < 1:
                assert worker.poll() is None, log.read_text()
                time.sleep(1)
            assert _completed_poll_runs(db) >= 1, log.read_text()
        finally:
            os.killpg(worker.pid, signal.SIGINT)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == len(STORIES)
