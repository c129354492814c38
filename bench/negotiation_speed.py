"""How many ~800-word articles per second ``extract_fields`` reads on one core.

Run from the repository root:

    PYTHONPATH=. /work/venv/bin/python bench/negotiation_speed.py [--seconds 10] [--words 800]

The articles are built from the shared development texts (../shared/eval/negotiation/dev),
each padded with the next text's paragraphs to about the requested length, so the
mix of negotiation and non-negotiation prose stays realistic. Speed is measured here,
never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.negotiation import EXTRACTOR_VERSION, extract_fields  # noqa: E402

DEV = ROOT / ".." / "shared" / "eval" / "negotiation" / "dev"


def build_articles(words: int) -> list[tuple[str, dt.date | None]]:
    """One article of about ``words`` words per gold file, padded with the following texts' paragraphs."""
    items = []
    for path in sorted(DEV.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / gold["source"]).read_text(encoding="utf-8")
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        items.append((text, published))
    if not items:
        raise SystemExit(f"no development texts under {DEV.resolve()}")
    paragraphs = [p for text, _ in items for p in text.splitlines() if p.strip()]
    articles = []
    for k, (text, published) in enumerate(items):
        lines = text.splitlines()
        j = k * 7
        while sum(len(line.split()) for line in lines) < words:
            lines.append(paragraphs[j % len(paragraphs)])
            j += 1
        articles.append(("\n".join(lines), published))
    return articles


def main() -> int:
    """Time extract_fields over the built articles and print articles per second."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seconds", type=float, default=10.0, help="measure for at least this long")
    ap.add_argument("--words", type=int, default=800, help="approximate words per article")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the brief asks
    articles = build_articles(args.words)
    for text, published in articles:  # warm up: load data files, compile rules
        extract_fields(text, published)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for text, published in articles:
            extract_fields(text, published)
        done += len(articles)
    elapsed = time.perf_counter() - start
    mean_words = sum(len(t.split()) for t, _ in articles) / len(articles)
    cmd = f"bench/negotiation_speed.py --seconds {args.seconds:g} --words {args.words}"
    print(f"command: PYTHONPATH=. {sys.executable} {cmd}")
    print(f"extractor {EXTRACTOR_VERSION}: {len(articles)} articles of ~{mean_words:.0f} words")
    print(f"{done} runs in {elapsed:.1f} s")
    print(f"{done / elapsed:.1f} articles/s on one core ({1000 * elapsed / done:.1f} ms per article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
