"""``parley demo``: the real flow against the bundled demo site, served on 127.0.0.1."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flows.config import load_settings
from flows.demo_site import DEMO_ROOT, rebase, serve_directory
from flows.poll import poll_and_process
from flows.summary import RunSummary
from warehouse.db import connect
from warehouse.queries import QueryResult, example_queries, run_query

DEMO_EXAMPLES = 3


def run_demo(db_path: Path, root: Path = DEMO_ROOT) -> tuple[RunSummary, list[tuple[str, QueryResult]]]:
    """Serve the demo site, poll its feeds into ``db_path``, and run the first worked examples."""
    # The same port each time when it is free: the demo's URLs, and so its keys, then stay the
    # same from run to run, and a second `parley demo` shows that rerunning changes nothing.
    port = load_settings().demo_port
    with serve_directory(root, port=port) as base, tempfile.TemporaryDirectory(prefix="parley-demo-") as tmp:
        feeds_file = Path(tmp) / "feeds.toml"
        feeds_file.write_text(
            rebase((root / "feeds.toml").read_text(encoding="utf-8"), base), encoding="utf-8"
        )
        summary = poll_and_process(
            feeds_file=str(feeds_file), db_path=str(db_path), allow_private=["127.0.0.1"], force=True
        )
    with connect(db_path, read_only=True) as con:
        examples = [(q.name, run_query(con, q.sql)) for q in example_queries()[:DEMO_EXAMPLES]]
    return summary, examples
