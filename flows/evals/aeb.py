"""Score Parley's article text on the Article Extraction Benchmark beside bare trafilatura, same run.

Thin wiring: both extractors run over ../shared/eval/aeb, their outputs go to the benchmark's own
``score.py`` (its metric, unchanged), and the per-page figures it writes name the pages where
Parley does worse than bare trafilatura.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

AEB = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "aeb"
SCORER = AEB / "score.py"
WORSE_BY = 0.02  # issue 5: no page may be worse than bare trafilatura by more than this F1

__all__ = ["AEB", "SCORER", "load_pages", "run"]


def load_pages(limit: int | None = None) -> list[tuple[str, str, str]]:
    """Read the benchmark pages as the scorer does.

    Args:
        limit: Only the first N pages of the ground truth.

    Returns:
        (id, url, html) for each page.
    """
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    keys = list(truth)[:limit] if limit else list(truth)
    return [
        (
            key,
            truth[key]["url"],
            gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace"),
        )
        for key in keys
    ]


def run(limit: int | None = None) -> int:
    """Extract every AEB page with Parley and with bare trafilatura, score both, print the comparison.

    Args:
        limit: Only the first N pages (the scorer still averages over the predicted pages only).

    Returns:
        0 when Parley meets issue 5's targets (F1 ≥ bare, precision > bare, no page worse by
        more than 0.02 F1), 1 when it does not, 2 when the benchmark is missing.
    """
    if not SCORER.is_file():
        print(f"benchmark not found: {AEB.resolve()}", file=sys.stderr)
        return 2
    import trafilatura

    from extractors import extract_article_text

    pages = load_pages(limit)
    extractors: dict[str, Callable[[str, str], str | None]] = {
        "parley": extract_article_text,
        "bare trafilatura": lambda html, url: trafilatura.extract(html, url=url),
    }
    with tempfile.TemporaryDirectory() as tmp:
        scores = {name: _score(func, pages, Path(tmp), name) for name, func in extractors.items()}
    ours, bare = scores["parley"], scores["bare trafilatura"]
    print(f"AEB, {len(pages)} pages, trafilatura {trafilatura.__version__}")
    print(f"{'':18} {'precision':>9} {'recall':>7} {'F1':>7}")
    for name, (summary, _) in scores.items():
        print(f"{name:18} {summary['precision']:9.3f} {summary['recall']:7.3f} {summary['F1']:7.3f}")
    worse = [
        (key, bare[1][key], ours[1][key])
        for key in ours[1]
        if ours[1][key] < bare[1].get(key, 0.0) - WORSE_BY
    ]
    urls = {key: url for key, url, _ in pages}
    print(f"pages worse than bare by more than {WORSE_BY} F1: {len(worse)}")
    for key, f_bare, f_ours in sorted(worse, key=lambda row: row[2] - row[1]):
        print(f"  {key[:12]}  bare {f_bare:.3f}  parley {f_ours:.3f}  {urls[key]}")
    met = ours[0]["F1"] >= bare[0]["F1"] and ours[0]["precision"] > bare[0]["precision"] and not worse
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


def _score(
    func: Callable[[str, str], str | None], pages: list[tuple[str, str, str]], tmp: Path, name: str
) -> tuple[dict[str, float], dict[str, float]]:
    """Run one extractor and the benchmark scorer over its output: (summary, F1 per page)."""
    preds = {key: {"articleBody": func(html, url) or ""} for key, url, html in pages}
    stem = name.replace(" ", "_")
    pred_path, rows_path = tmp / f"{stem}.json", tmp / f"{stem}.tsv"
    pred_path.write_text(json.dumps(preds), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCORER), "--pred", str(pred_path), "--per-item", str(rows_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    words = done.stdout.split()
    printed = dict(zip(words[::2], words[1::2], strict=False))
    rows: dict[str, tuple[float | None, float | None]] = {}
    for row in rows_path.read_text(encoding="utf-8").splitlines()[1:]:
        key, page_precision, page_recall = row.split("\t")
        if key in preds:
            rows[key] = (_number(page_precision), _number(page_recall))
    if len(rows) == int(printed["pages"]):
        summary = {label: float(printed[label]) for label in ("precision", "recall", "F1")}
    else:  # a --limit run: the scorer averaged over every page, so average its per-page rows over ours
        ps = [p for p, _ in rows.values() if p is not None]
        rs = [r for _, r in rows.values() if r is not None]
        precision, recall = sum(ps) / max(len(ps), 1), sum(rs) / max(len(rs), 1)
        summary = {"precision": precision, "recall": recall, "F1": _f1(precision, recall)}
    return summary, {key: _f1(p or 0.0, r or 0.0) for key, (p, r) in rows.items()}


def _number(text: str) -> float | None:
    return None if text == "None" else float(text)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
