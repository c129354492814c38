"""Benchmark of incremental story clustering: 100,000 documents, and LSH against naive all-pairs Jaccard.

Documents come from ``extractors.dedupe_corpus.iter_bench_docs`` (new stories recombined
from the real sentences of ../shared/eval/aeb/ground-truth.json, plus syndicated copies)
and go through ``warehouse.clusters.assign_clusters`` on a fresh DuckDB file, one
transaction per batch as the poll flow does. Targets: 100k documents in under 2 minutes on
2 cores and under 2 GB peak memory.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python bench/dedupe_bench.py
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.dedupe import DedupeSettings, Signature, band_keys, is_near_duplicate, shingles, signatures
from extractors.dedupe_corpus import CorpusDoc, iter_bench_docs
from extractors.dedupe_scores import score_clusters
from flows.evals.dedupe import GROUND_TRUTH, load_bodies
from warehouse.clusters import assign_clusters, cluster_memberships
from warehouse.db import connect, transaction

COMMAND = "cd /work/main && PYTHONPATH=. /work/venv/bin/python bench/dedupe_bench.py"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument(
        "--batch",
        type=int,
        default=500,
        help="documents per transaction (a backfill's; the poll flow uses 50)",
    )
    parser.add_argument(
        "--sample", type=int, default=5_000, help="documents for the naive comparison (0: skip)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--num-perm", type=int, default=DedupeSettings.num_perm)
    parser.add_argument("--bands", type=int, default=DedupeSettings.bands)
    args = parser.parse_args(argv)
    settings = DedupeSettings(num_perm=args.num_perm, bands=args.bands)
    bodies = load_bodies(GROUND_TRUTH)
    print(f"command: {COMMAND} {' '.join(sys.argv[1:])}".rstrip())
    print(f"settings: {settings}")

    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="parley-dedupe-bench-") as folder:
        seconds, gold, predicted = _cluster(
            Path(folder) / "bench.duckdb", iter_bench_docs(bodies, args.seed, args.docs), settings, args.batch
        )
        size_mb = (Path(folder) / "bench.duckdb").stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scores = score_clusters(gold, predicted)
    print(f"\nincremental clustering: {len(gold):,} documents in batches of {args.batch}")
    print(
        f"  wall {seconds.wall:.1f} s ({len(gold) / seconds.wall:,.0f} docs/s)   CPU {seconds.cpu:.1f} s   "
        f"peak RSS {peak_mb:,.0f} MB   DuckDB file {size_mb:,.0f} MB"
    )
    print(f"  mean per batch {1000 * seconds.wall / max(1, -(-len(gold) // args.batch)):.0f} ms")
    print(
        f"  machine: {os.cpu_count()} cores, load average before {load[0]:.1f}, "
        f"after {os.getloadavg()[0]:.1f} "
        "(other processes share these cores: CPU seconds are the steadier figure)"
    )
    print(
        f"  stories {scores.stories:,}  clusters {scores.clusters:,}  "
        f"pairwise precision {scores.precision:.4f}  "
        f"recall {scores.recall:.4f}  purity {scores.purity:.4f}"
    )
    print(
        f"  targets: < 120 s wall -> {'met' if seconds.wall < 120 else 'MISSED'};  < 2048 MB -> "
        f"{'met' if peak_mb < 2048 else 'MISSED'}"
    )
    if args.sample:
        _naive_comparison(
            list(itertools.islice(iter_bench_docs(bodies, args.seed, args.sample), args.sample)),
            settings,
            args.batch,
        )
    return 0


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds (user + system, all threads) of the clustering calls alone."""

    wall: float
    cpu: float


def _cluster(
    path: Path, docs: Iterable[CorpusDoc], settings: DedupeSettings, batch: int
) -> tuple[Timing, dict[str, str], dict[str, str]]:
    """Cluster a document stream batch by batch; return (seconds, gold, predicted)."""
    gold: dict[str, str] = {}
    elapsed = cpu = 0.0
    with connect(path) as con:
        iterator = iter(docs)
        while chunk := list(itertools.islice(iterator, batch)):
            gold.update((d.doc_id, d.story_id) for d in chunk)
            started, cpu_started = time.perf_counter(), time.process_time()
            with transaction(con):
                assign_clusters(con, [(d.doc_id, d.text, d.published) for d in chunk], settings)
            elapsed += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
        predicted = cluster_memberships(con)
    return Timing(elapsed, cpu), gold, predicted


def _naive_comparison(docs: list[CorpusDoc], settings: DedupeSettings, batch: int) -> None:
    """Time LSH clustering against exact all-pairs Jaccard on a sample; report LSH recall of naive pairs."""
    with tempfile.TemporaryDirectory(prefix="parley-dedupe-naive-") as folder:
        lsh, _, predicted = _cluster(Path(folder) / "sample.duckdb", iter(docs), settings, batch)
    lsh_s = lsh.wall
    started = time.perf_counter()
    sets = [frozenset(hash(s) for s in shingles(d.text, settings.shingle_words)) for d in docs]
    sizes = [Signature((), len(s)) for s in sets]
    naive_pairs = []
    for i in range(len(sets)):
        a, size_a = sets[i], sizes[i]
        for j in range(i + 1, len(sets)):
            overlap = len(a & sets[j])
            if not overlap:
                continue
            b = sets[j]
            jaccard = overlap / (len(a) + len(b) - overlap)
            containment = overlap / min(len(a), len(b))
            if is_near_duplicate(size_a, sizes[j], jaccard, containment, settings):
                naive_pairs.append((i, j))
    naive_s = time.perf_counter() - started
    keys = [set(enumerate(band_keys(s, settings))) for s in signatures([d.text for d in docs], settings)]
    candidates = sum(1 for i, j in naive_pairs if keys[i] & keys[j])
    together = sum(1 for i, j in naive_pairs if predicted[docs[i].doc_id] == predicted[docs[j].doc_id])
    total = len(naive_pairs) or 1
    print(f"\nnaive comparison on {len(docs):,} documents ({len(docs) * (len(docs) - 1) // 2:,} pairs):")
    print(
        f"  naive exact Jaccard/containment {naive_s:.1f} s   LSH incremental clustering {lsh_s:.2f} s   "
        f"speed-up x{naive_s / lsh_s:,.0f}"
    )
    print(f"  pairs naive calls near-duplicate: {len(naive_pairs):,}")
    print(f"  LSH candidate recall {candidates / total:.4f}   same-cluster recall {together / total:.4f}")


if __name__ == "__main__":
    raise SystemExit(main())
