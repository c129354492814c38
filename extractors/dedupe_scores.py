"""How well a story clustering matches a labelled near-duplicate corpus: the dedupe evaluation's figures.

Pairwise precision and recall with purity, recall per kind of syndication edit, and how close the
hardest negatives come to the thresholds. Kept apart from the corpus builder so the scores stay easy
to audit on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.dedupe import shingles
from extractors.dedupe_corpus import CorpusDoc, LabelledCorpus


@dataclass(frozen=True)
class ClusterScores:
    """Pairwise precision and recall of predicted clusters against gold stories, and purity."""

    docs: int
    stories: int
    clusters: int
    gold_pairs: int
    predicted_pairs: int
    true_pairs: int
    precision: float
    recall: float
    purity: float


def score_clusters(gold: dict[str, str], predicted: dict[str, str]) -> ClusterScores:
    """Compare a clustering with the gold stories over every pair of documents.

    Args:
        gold: ``{doc_id: story_id}``.
        predicted: ``{doc_id: cluster_id}`` for the same documents.

    Returns:
        The scores; precision (recall) is 1.0 when no pair was predicted (exists).
    """
    both: dict[tuple[str, str], int] = {}
    by_cluster: dict[str, list[str]] = {}
    for doc, cluster in predicted.items():
        by_cluster.setdefault(cluster, []).append(gold[doc])
        key = (cluster, gold[doc])
        both[key] = both.get(key, 0) + 1
    story_sizes: dict[str, int] = {}
    for story in gold.values():
        story_sizes[story] = story_sizes.get(story, 0) + 1
    gold_pairs = sum(n * (n - 1) // 2 for n in story_sizes.values())
    predicted_pairs = sum(len(m) * (len(m) - 1) // 2 for m in by_cluster.values())
    true_pairs = sum(n * (n - 1) // 2 for n in both.values())
    majority = sum(max(members.count(s) for s in set(members)) for members in by_cluster.values())
    return ClusterScores(
        docs=len(predicted),
        stories=len(story_sizes),
        clusters=len(by_cluster),
        gold_pairs=gold_pairs,
        predicted_pairs=predicted_pairs,
        true_pairs=true_pairs,
        precision=true_pairs / predicted_pairs if predicted_pairs else 1.0,
        recall=true_pairs / gold_pairs if gold_pairs else 1.0,
        purity=majority / len(predicted) if predicted else 1.0,
    )


def edit_recall(docs: Sequence[CorpusDoc], predicted: dict[str, str]) -> dict[str, tuple[int, int]]:
    """For each kind of edit, how many copies carrying it landed in their story's main cluster.

    Args:
        docs: the corpus documents.
        predicted: ``{doc_id: cluster_id}``.

    Returns:
        ``{edit: (joined, total)}`` over syndicated copies (originals are not counted).
    """
    votes: dict[str, dict[str, int]] = {}
    for doc in docs:
        tally = votes.setdefault(doc.story_id, {})
        tally[predicted[doc.doc_id]] = tally.get(predicted[doc.doc_id], 0) + 1
    main = {story: max(sorted(tally), key=lambda c: tally[c]) for story, tally in votes.items()}
    out: dict[str, tuple[int, int]] = {}
    for doc in docs:
        if doc.edits == ("original",):
            continue
        joined = predicted[doc.doc_id] == main[doc.story_id]
        for edit in doc.edits or ("unchanged",):
            hits, total = out.get(edit, (0, 0))
            out[edit] = (hits + joined, total + 1)
    return out


def hard_negative_margin(corpus: LabelledCorpus, words: int) -> tuple[float, float]:
    """The highest exact shingle Jaccard and containment between documents of any hard-negative pair.

    Args:
        corpus: the labelled corpus.
        words: shingle width, as the clustering uses.

    Returns:
        ``(max_jaccard, max_containment)``: how close the hardest negatives come to the thresholds.
    """
    by_story: dict[str, list[frozenset[str]]] = {}
    for doc in corpus.docs:
        by_story.setdefault(doc.story_id, []).append(frozenset(shingles(doc.text, words)))
    best_j = best_c = 0.0
    for a, b in corpus.hard_negatives:
        for x in by_story.get(a, []):
            for y in by_story.get(b, []):
                overlap = len(x & y)
                if overlap:
                    best_j = max(best_j, overlap / len(x | y))
                    best_c = max(best_c, overlap / min(len(x), len(y)))
    return best_j, best_c
