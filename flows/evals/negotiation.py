"""Score the negotiation extractor against a directory of gold files in the shared schema.

Thin wiring: read each gold file's text and publication date, call
``extractors.negotiation.extract_fields``, write predictions as JSON lines and hand
them to the shared ``score.py``, whose table is printed as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from extractors.negotiation import extract_fields, to_schema_dict

__all__ = ["SCORER", "predict", "run"]

SCORER = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "negotiation" / "score.py"


def predict(gold_dir: Path, out: Path) -> int:
    """Write one prediction line per gold file in ``gold_dir`` to ``out``.

    Args:
        gold_dir: a directory of gold ``*.json`` files, each naming its text in ``source``.
        out: the JSON-lines file to write.

    Returns:
        The number of predictions written.
    """
    lines = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = path.parent / str(gold.get("source", ""))
        try:
            text = source.read_text(encoding="utf-8", errors="replace") if gold.get("source") else ""
        except OSError as exc:
            print(f"{path.name}: cannot read its source {source}: {exc}", file=sys.stderr)
            text = ""
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        fields = extract_fields(text, published)
        record = to_schema_dict(fields, id=str(gold["id"]), published=published)
        lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def run(gold_dir: Path, out: Path | None = None) -> int:
    """Predict every article of ``gold_dir``, score with the shared scorer and print its table.

    Args:
        gold_dir: a directory of gold files in the shared negotiation schema.
        out: where to keep the predictions (default: a temporary file).

    Returns:
        The scorer's exit code (2 when the scorer or the directory is missing).
    """
    if not SCORER.is_file():
        print(f"scorer not found: {SCORER.resolve()}", file=sys.stderr)
        return 2
    if not gold_dir.is_dir():
        print(f"gold directory not found: {gold_dir}", file=sys.stderr)
        return 2
    if out is None:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".jsonl", prefix="parley-negotiation-", delete=False
        ) as fh:
            out = Path(fh.name)
    count = predict(gold_dir, out)
    print(f"{count} predictions written to {out}")
    cmd = [sys.executable, str(SCORER.resolve()), "--gold", str(gold_dir), "--pred", str(out)]
    return subprocess.run(cmd, check=False).returncode
