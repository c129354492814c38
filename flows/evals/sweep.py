"""``parley eval sweep``: does Parley's feed ingestion survive every file of feedparser's corpus?

Runs ../shared/eval/feedparser/sweep.py (read at run time, never copied) with
``extractors.feeds:sweep_target`` — parse, normalise, entry keys, canonical URLs and
warehouse rows — so the sweep exercises the code the poller runs. The sweep isolates
each file in a forked child (time and memory limits); we pre-import the target in the
parent so 2,107 children do not each pay for the imports. The last line printed is
``N/2107 survived``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SWEEP = REPO / ".." / "shared" / "eval" / "feedparser" / "sweep.py"
TARGET = "extractors.feeds:sweep_target"
# Import and warm the target once, then run sweep.py as __main__: its forked children inherit both.
_BOOTSTRAP = (
    "import runpy, sys\n"
    "from extractors.feeds import sweep_target\n"
    "sweep_target(b'<rss version=\"2.0\"><channel><item><link>http://a.example/x</link></item></channel></rss>',"
    " {}, 'http://a.example/feed')\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def run(out_dir: Path | None = None, *, only: str | None = None) -> int:
    """Run the sweep and print what failed, then ``N/TOTAL survived``.

    Args:
        out_dir: Where to keep the per-file results (default: a temporary folder, removed after).
        only: A substring of corpus paths to restrict the sweep to (for quick checks).

    Returns:
        0 when every file survived, 1 when some did not, 2 when the corpus is missing.
    """
    if not SWEEP.exists():
        print(f"missing {SWEEP}: the shared evaluation data is not beside the repository")
        print("0/0 survived")
        return 2
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        return _sweep(out_dir, only)
    with tempfile.TemporaryDirectory(prefix="parley-sweep-") as tmp:
        return _sweep(Path(tmp), only)


def _sweep(out_dir: Path, only: str | None) -> int:
    results = out_dir / "feedparser-sweep.jsonl"
    command = [
        sys.executable,
        "-c",
        _BOOTSTRAP,
        str(SWEEP.resolve()),
        "--target",
        TARGET,
        "--out",
        str(results),
    ]
    if only:
        command += ["--only", only]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    print(f"$ {' '.join(command[:2])} <bootstrap> {' '.join(command[3:])}", flush=True)
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if done.stdout.strip():
        print(done.stdout.strip())
    rows = (
        [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
        if results.exists()
        else []
    )
    if not rows:
        print(done.stderr.strip()[-2000:])
    failed = [row for row in rows if row.get("status") != "ok"]
    for row in failed[:25]:
        print(f"  {row['status']:9} {row['path']}  {row.get('error', '')[:200]}")
    statuses = Counter(row.get("status") for row in rows)
    bozo = sum(1 for row in rows if row.get("bozo"))
    entries = sum(int(row.get("n_entries") or 0) for row in rows)
    print(f"by status {dict(statuses)}; bozo files {bozo} (recorded, entries kept); rows built {entries}")
    total = _manifest_size(only) or len(rows)
    survived = len(rows) - len(failed)
    print(f"{survived}/{total} survived")
    return 0 if rows and survived == total else 1


def _manifest_size(only: str | None) -> int:
    manifest = SWEEP.parent / "manifest.jsonl"
    if not manifest.exists():
        return 0
    paths = [
        json.loads(line)["path"] for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return sum(1 for p in paths if not only or only in p)
