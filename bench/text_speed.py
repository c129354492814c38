"""Pages per second of Parley's article text (extract + strip) against bare trafilatura, same pages, same run.

Usage (from the repository root):
    PYTHONPATH=. python bench/text_speed.py [--rounds 3] [--limit N]

Both extractors run over the AEB pages in ../shared/eval/aeb, interleaved page by page (their
order alternating) so that load from other processes hits both alike; the times are summed over
all rounds and reported as pages per second, with the ratio (target ≥ 0.85).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura

from extractors.text import extract_article_text
from flows.evals.aeb import AEB, load_pages

TARGET = 0.85


def _bare(html: str, url: str) -> str | None:
    return trafilatura.extract(html, url=url)


def _timed(func: Callable[[str, str], str | None], html: str, url: str) -> float:
    start = time.perf_counter()
    func(html, url)
    return time.perf_counter() - start


def _race(pages: list[tuple[str, str, str]], rounds: int) -> tuple[float, float]:
    """Seconds spent by (parley, bare) over ``rounds`` passes, interleaved page by page."""
    spent = [0.0, 0.0]
    for n in range(rounds):
        for i, (_, url, html) in enumerate(pages):
            if (i + n) % 2:
                spent[1] += _timed(_bare, html, url)
                spent[0] += _timed(extract_article_text, html, url)
            else:
                spent[0] += _timed(extract_article_text, html, url)
                spent[1] += _timed(_bare, html, url)
    return spent[0], spent[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not (AEB / "ground-truth.json").is_file():
        print(f"benchmark not found: {AEB.resolve()}", file=sys.stderr)
        return 2
    pages = load_pages(args.limit)
    _race(pages[:5], 1)  # warm up: rules file, regexes, imports
    ours, bare = _race(pages, args.rounds)
    count = len(pages) * args.rounds
    best = {"parley": count / ours, "bare": count / bare}
    ratio = best["parley"] / best["bare"]
    print(f"{len(pages)} AEB pages x {args.rounds} rounds, trafilatura {trafilatura.__version__}")
    print(f"bare trafilatura.extract   {best['bare']:7.1f} pages/s")
    print(f"parley extract + strip     {best['parley']:7.1f} pages/s")
    print(f"ratio {ratio:.2f}x bare (target >= {TARGET}x): {'met' if ratio >= TARGET else 'NOT met'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
