"""The benchmarks still run and report their figures (they are never timed here).

Speed is measured by ``bench/``; these tests only make sure a refactor has not broken a
benchmark script, so that the figures in the README stay reproducible with their commands.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_feed_bench_reports_each_cycle_the_feedparser_share_and_the_host_limit() -> None:
    done = run_bench("feeds_bench.py", "--feeds", "24", "--hosts", "3")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "cold:" in out and "warm:" in out
    assert "of which feedparser.parse" in out
    assert "answers {'304': 24}" in out  # the warm cycle is all conditional-GET hits
    assert "max concurrent requests seen by one host:" in out
    assert "cold CPU per feed" in out


def test_dedupe_bench_runs_on_a_small_corpus() -> None:
    done = run_bench("dedupe_bench.py", "--docs", "400", "--batch", "100", "--sample", "200")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "precision" in done.stdout.lower()
