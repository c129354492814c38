"""Articles per second ``extract_fields`` reads on one core (~800 words each), and its share of a page's time.

Run from the repository root:

    PYTHONPATH=. /work/venv/bin/python bench/negotiation_speed.py [--seconds 10] [--words 800]

The articles are built from the shared development texts (../shared/eval/negotiation/dev),
each padded with the next text's paragraphs to about the requested length, so the
mix of negotiation and non-negotiation prose stays realistic. The rate is given twice:
by wall clock, and by the process's CPU time (what one core can do even while other
processes share the machine; the target of >= 100 articles/s is about one core).

The share of end-to-end time compares, on the demo pages (seeds/demo/articles), the time
of ``extract_fields`` on each page's text with the time of
``extractors.document.build_document`` on its HTML (text extraction, boilerplate, keys and
the same ``extract_fields``). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.negotiation import EXTRACTOR_VERSION, extract_fields  # noqa: E402

DEV = ROOT / ".." / "shared" / "eval" / "negotiation" / "dev"
DEMO = ROOT / "seeds" / "demo" / "articles"
DEMO_BASE = "http://parley-demo.invalid/articles/"
TARGET = 100.0


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


def _clocks() -> tuple[float, float]:
    """(wall, CPU) seconds now."""
    return time.perf_counter(), time.process_time()


def measure_extractor(articles: list[tuple[str, dt.date | None]], seconds: float) -> tuple[int, float, float]:
    """Run extract_fields over the articles for at least ``seconds``: (runs, wall s, CPU s)."""
    for text, published in articles:  # warm up: load data files, compile rules
        extract_fields(text, published)
    done = 0
    wall0, cpu0 = _clocks()
    while time.perf_counter() - wall0 < seconds:
        for text, published in articles:
            extract_fields(text, published)
        done += len(articles)
    wall1, cpu1 = _clocks()
    return done, wall1 - wall0, cpu1 - cpu0


def _cpu_of(func: Callable[[], object], rounds: int) -> float:
    """CPU seconds of ``rounds`` calls of ``func``."""
    start = time.process_time()
    for _ in range(rounds):
        func()
    return time.process_time() - start


def _fields_of_copy(text: str, published: dt.date | None, language: str | None) -> object:
    """extract_fields on a new copy of ``text`` (as a fresh page would give it)."""
    return extract_fields("".join(list(text)), published, language=language)


def measure_share(rounds: int) -> tuple[int, float, float] | None:
    """(pages, CPU s of extract_fields, CPU s of build_document) over the demo pages, or None without them."""
    pages = sorted(DEMO.rglob("*.html"))
    if not pages:
        return None
    from extractors.document import build_document  # the whole page pipeline, only needed here

    fields_s = document_s = 0.0
    for path in pages:
        body = path.read_bytes()
        url = DEMO_BASE + path.relative_to(DEMO).as_posix()
        doc = build_document(body, url=url, content_type="text/html; charset=utf-8")
        text, published, language = doc.article.text, doc.article.published, doc.article.language
        page = functools.partial(build_document, body, url=url, content_type="text/html; charset=utf-8")
        document_s += _cpu_of(page, rounds)
        # a fresh copy of the text each call, as build_document gives, so nothing is reused across calls
        fields_s += _cpu_of(functools.partial(_fields_of_copy, text, published, language), rounds)
    return len(pages), fields_s, document_s


def main() -> int:
    """Time extract_fields, print articles per second and its share of end-to-end time."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seconds", type=float, default=10.0, help="measure for at least this long")
    ap.add_argument("--words", type=int, default=800, help="approximate words per article")
    ap.add_argument("--rounds", type=int, default=5, help="passes over the demo pages for the share")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the brief asks
    articles = build_articles(args.words)
    done, wall, cpu = measure_extractor(articles, args.seconds)
    mean_words = sum(len(t.split()) for t, _ in articles) / len(articles)
    cmd = f"bench/negotiation_speed.py --seconds {args.seconds:g} --words {args.words} --rounds {args.rounds}"
    print(f"command: PYTHONPATH=. {sys.executable} {cmd}")
    print(f"extractor {EXTRACTOR_VERSION}: {len(articles)} articles of ~{mean_words:.0f} words, {done} runs")
    print(f"wall clock: {done / wall:.1f} articles/s ({1000 * wall / done:.1f} ms per article)")
    verdict = "meets" if done / cpu >= TARGET else "misses"
    print(
        f"CPU time:   {done / cpu:.1f} articles/s on one core ({1000 * cpu / done:.1f} ms per article);"
        f" {verdict} the target of {TARGET:.0f}/s"
    )
    if wall > 1.2 * cpu:
        print(f"(the machine is busy: this process had the core {100 * cpu / wall:.0f}% of the time)")
    share = measure_share(args.rounds)
    if share is None:
        print(f"no demo pages under {DEMO}: end-to-end share not measured")
        return 0
    pages, fields_s, document_s = share
    print(
        f"end to end on {pages} demo pages x {args.rounds}:"
        f" extract_fields {1000 * fields_s / pages / args.rounds:.1f} ms"
        f" of build_document {1000 * document_s / pages / args.rounds:.1f} ms per page"
        f" = {100 * fields_s / document_s:.0f}% of the page's CPU time"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
