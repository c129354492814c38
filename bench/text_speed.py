"""Pages per second of Parley's article text (extract + strip) against bare trafilatura, same pages, same run.

Usage (from the repository root):
    PYTHONPATH=. python bench/text_speed.py [--rounds 3] [--limit N]

Both extractors run over the AEB pages in ../shared/eval/aeb, interleaved round by round so
machine load hits both alike; the best round of each is reported, with the ratio (target ≥ 0.85).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from extractors.text import extract_article_text  # noqa: E402
from flows.evals.aeb import AEB, load_pages  # noqa: E402

TARGET = 0.85


def _bare(html: str, url: str) -> str | None:
    return trafilatura.extract(html, url=url)


def _pages_per_second(func: Callable[[str, str], str | None], pages: list[tuple[str, str, str]]) -> float:
    start = time.perf_counter()
    for _, url, html in pages:
        func(html, url)
    return len(pages) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not (AEB / "ground-truth.json").is_file():
        print(f"benchmark not found: {AEB.resolve()}", file=sys.stderr)
        return 2
    pages = load_pages(args.limit)
    _pages_per_second(extract_article_text, pages[:5])  # warm caches: rules file, regexes, imports
    _pages_per_second(_bare, pages[:5])
    best = {"parley": 0.0, "bare": 0.0}
    for _ in range(args.rounds):
        best["bare"] = max(best["bare"], _pages_per_second(_bare, pages))
        best["parley"] = max(best["parley"], _pages_per_second(extract_article_text, pages))
    ratio = best["parley"] / best["bare"]
    print(f"{len(pages)} AEB pages, best of {args.rounds} rounds, trafilatura {trafilatura.__version__}")
    print(f"bare trafilatura.extract   {best['bare']:7.1f} pages/s")
    print(f"parley extract + strip     {best['parley']:7.1f} pages/s")
    print(f"ratio {ratio:.2f}x bare (target >= {TARGET}x): {'met' if ratio >= TARGET else 'NOT met'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
