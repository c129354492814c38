"""Running Parley for the flow tests: the real CLI in child processes, demo backfills and row counts.

Shared so every test starts ``parley`` the same way (own Prefect home, no team server, the repo on
the path) and counts stored rows the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pytest

from flows.backfill import BackfillResult, backfill
from flows.demo_site import DEMO_ROOT, rebase, serve_directory

REPO = Path(__file__).resolve().parent.parent

# `parley` in a child process: the lead's app plus the operations commands (serve, backfill, …).
CLI = (
    "import sys\n"
    "from flows.prefect_env import configure_prefect_env\n"
    "configure_prefect_env()\n"
    "from flows.cli import app\n"
    "from flows.cli_ops import register\n"
    "if 'backfill' not in {c.name for c in app.registered_commands}:\n"
    "    register(app)\n"
    "app(sys.argv[1:], prog_name='parley')\n"
)


def parley_command(*args: str | Path) -> list[str]:
    """The argv that runs ``parley ARGS`` in a child process of this interpreter."""
    return [sys.executable, "-c", CLI, *(str(a) for a in args)]


def backfill_urls_command(urls: Path, db: Path) -> list[str]:
    """``parley backfill --urls URLS --db DB`` allowed to fetch from the test site on 127.0.0.1."""
    return parley_command("backfill", "--urls", urls, "--db", db, "--allow-private", "127.0.0.1")


def child_env(prefect_home: Path, settings: dict[str, str]) -> dict[str, str]:
    """This process's environment for a child ``parley``: its own Prefect home, never a team server.

    Args:
        prefect_home: The child's PREFECT_HOME (one per child: they must not share a local server).
        settings: Further variables (PARLEY_* settings, COLUMNS, PREFECT_* tuning).

    Returns:
        The environment.
    """
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update({"PYTHONPATH": str(REPO), "PREFECT_HOME": str(prefect_home), **settings})
    return env


def count_rows(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, int]:
    """How many rows each table holds."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}


def backfill_demo_site(folder: Path) -> tuple[Path, BackfillResult]:
    """Serve the bundled demo site on 127.0.0.1 and backfill its sitemaps into ``folder/demo.duckdb``.

    Args:
        folder: Where the feeds file and the warehouse go.

    Returns:
        The warehouse file and the backfill's result.
    """
    db = folder / "demo.duckdb"
    with pytest.MonkeyPatch.context() as mp, serve_directory() as base:
        mp.setenv("PARLEY_MIN_HOST_DELAY_S", "0")
        feeds = folder / "feeds.toml"
        feeds.write_text(
            rebase((DEMO_ROOT / "feeds.toml").read_text(encoding="utf-8"), base), encoding="utf-8"
        )
        result = backfill(
            source="sitemap",
            feeds_file=str(feeds),
            db_path=str(db),
            allow_private=["127.0.0.1"],
            show_progress=False,
        )
    return db, result
