"""Accuracy is a gate, not a glance: the issues' targets, scored by the shared scorers on labelled data.

The negotiation gate runs on ../shared/eval/negotiation/dev (the development set; unseen articles
judge the work too, but a regression here is always a defect). The dedupe gate runs the labelled
near-duplicate set built from the AEB bodies. Both use the same code paths as `parley eval`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.evals.dedupe import run as run_dedupe
from flows.evals.negotiation import predict


def test_negotiation_fields_meet_the_issue_targets_on_the_dev_set(shared: Path, tmp_path: Path) -> None:
    gold = shared / "eval" / "negotiation" / "dev"
    preds = tmp_path / "preds.jsonl"
    predict(gold, preds)
    scored = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "negotiation" / "score.py"),
            "--gold",
            str(gold),
            "--pred",
            str(preds),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(scored.stdout)
    fields = {k: v for k, v in scores.items() if isinstance(v, dict) and k != "is_negotiation"}
    assert scores["macro_f1_fields"] >= 0.80
    assert scores["is_negotiation"]["f1"] >= 0.9
    assert min(v["f1"] for v in fields.values()) >= 0.5, {k: v["f1"] for k, v in fields.items()}


def test_near_duplicate_clustering_meets_precision_and_recall(
    shared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_dedupe(0) == 0, capsys.readouterr().out
