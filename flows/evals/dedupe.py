"""``parley eval dedupe``: score story clustering on a labelled near-duplicate set built from real text.

The set comes from ../shared/eval/aeb/ground-truth.json (read at run time) through
``extractors.dedupe_corpus``; the clustering is the warehouse's own ``assign_clusters``
on a throwaway DuckDB file, in poll-sized batches, so the figures describe the code the
pipeline runs. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from extractors.dedupe import DedupeSettings
from extractors.dedupe_corpus import CorpusDoc, LabelledCorpus, build_eval_corpus
from extractors.dedupe_scores import edit_recall, hard_negative_margin, score_clusters
from warehouse.clusters import assign_clusters, cluster_memberships
from warehouse.db import connect, transaction

GROUND_TRUTH = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "aeb" / "ground-truth.json"
TARGET_PRECISION = 0.99
TARGET_RECALL = 0.95
BATCH = 50  # the poll flow's default batch_size


def run(seed: int = 0, settings: DedupeSettings | None = None) -> int:
    """Build the set, cluster it, print the scores.

    Args:
        seed: corpus seed (the same seed gives the same set).
        settings: dedupe settings to evaluate (default: the shipped defaults).

    Returns:
        0 when precision and recall meet their targets, else 1 (2 when the data is missing).
    """
    if not GROUND_TRUTH.exists():
        print(f"missing {GROUND_TRUTH}: the shared evaluation data is not beside the repository")
        return 2
    corpus = build_eval_corpus(load_bodies(GROUND_TRUTH), seed)
    predicted = cluster_corpus(corpus.docs, settings or DedupeSettings())
    scores = score_clusters({d.doc_id: d.story_id for d in corpus.docs}, predicted)
    merged = _merged_hard_negatives(corpus, predicted)
    print(f"dedupe evaluation  seed={seed}  settings={settings or DedupeSettings()}")
    print(f"documents {scores.docs}  stories {scores.stories}  clusters {scores.clusters}")
    print(
        f"gold pairs {scores.gold_pairs}  predicted pairs {scores.predicted_pairs}  "
        f"true pairs {scores.true_pairs}"
    )
    print(f"pairwise precision {scores.precision:.4f}  (target ≥ {TARGET_PRECISION})")
    print(f"pairwise recall    {scores.recall:.4f}  (target ≥ {TARGET_RECALL})")
    print(f"cluster purity     {scores.purity:.4f}")
    print(f"hard-negative story pairs merged: {merged} of {len(corpus.hard_negatives)}")
    jaccard, containment = hard_negative_margin(corpus, (settings or DedupeSettings()).shingle_words)
    print(f"closest hard negatives: exact Jaccard {jaccard:.2f}, containment {containment:.2f}")
    print("copies that joined their story, by edit:")
    for edit, (joined, total) in sorted(edit_recall(corpus.docs, predicted).items()):
        print(f"  {edit:<16} {joined:>4} / {total:<4} {joined / total:.3f}")
    ok = scores.precision >= TARGET_PRECISION and scores.recall >= TARGET_RECALL
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def load_bodies(path: Path) -> list[str]:
    """Article bodies of the AEB ground truth, in a fixed (sorted-key) order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [data[key]["articleBody"] for key in sorted(data)]


def cluster_corpus(docs: tuple[CorpusDoc, ...], settings: DedupeSettings) -> dict[str, str]:
    """Cluster documents in arrival order, batch by batch, in a fresh warehouse file; return doc → cluster."""
    with (
        tempfile.TemporaryDirectory(prefix="parley-dedupe-eval-") as folder,
        connect(Path(folder) / "eval.duckdb") as con,
    ):
        for start in range(0, len(docs), BATCH):
            batch = docs[start : start + BATCH]
            with transaction(con):
                assign_clusters(con, [(d.doc_id, d.text, d.published) for d in batch], settings)
        return cluster_memberships(con)


def _merged_hard_negatives(corpus: LabelledCorpus, predicted: dict[str, str]) -> int:
    """How many hard-negative story pairs share at least one cluster."""
    clusters: dict[str, set[str]] = {}
    for doc in corpus.docs:
        clusters.setdefault(doc.story_id, set()).add(predicted[doc.doc_id])
    return sum(1 for a, b in corpus.hard_negatives if clusters.get(a, set()) & clusters.get(b, set()))
