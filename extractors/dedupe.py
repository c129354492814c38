"""Exact and near-duplicate identity of article text: content hashes, MinHash signatures, LSH keys.

Two questions, two tools. *Is this the same text?* — :func:`content_hash` over a normalised
spelling that ignores case, whitespace and punctuation but not a changed word or number.
*Is this the same story, republished?* — word-shingle MinHash signatures from rensa (a small
Rust library, no numpy), banded into LSH keys the warehouse stores, and
:func:`choose_cluster`, the pure decision of which stored cluster a new article joins.
The warehouse (``warehouse/clusters.py``) does the look-ups; everything here is pure.
"""

from __future__ import annotations

import hashlib
import operator
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rensa import RMinHash

from extractors.errors import ConfigError

NORMALISER_VERSION = 1  # bump when normalise_text changes: stored hashes and signatures go stale
_NON_WORD = re.compile(r"[\W_]+")
_BAND_MODULUS = (1 << 61) - 1  # a Mersenne prime: band keys fit a signed 64-bit column


@dataclass(frozen=True)
class DedupeSettings:
    """The near-duplicate knobs; defaults tuned with ``parley eval dedupe`` (seeds 0–3, checked on 4–9).

    A syndicated copy joins a cluster when its estimated shingle Jaccard with a member reaches
    ``threshold``, or when at least ``containment_threshold`` of the shorter text's shingles
    are found in the longer one (truncated and trimmed copies), provided the shorter text has
    ``min_shingles`` shingles and is at least ``min_length_ratio`` of the longer, and the Jaccard
    estimate is at least ``containment_min_jaccard`` (containment is derived from the Jaccard
    estimate and magnifies its error for unequal lengths: this floor stops unrelated pairs that
    share a sentence or two, Jaccard ~0.1, from passing on estimation noise alone).
    ``bands`` × ``rows`` of the ``num_perm`` signature slots form the LSH keys; at most
    ``max_candidates`` stored articles (those sharing most bands) are verified per new one, so a
    crowded bucket (a thousand copies of one stub) cannot make a batch slow.
    """

    threshold: float = 0.45
    containment_threshold: float = 0.65
    min_shingles: int = 20
    min_length_ratio: float = 0.3
    containment_min_jaccard: float = 0.25
    max_candidates: int = 64
    shingle_words: int = 3
    num_perm: int = 128
    bands: int = 42
    seed: int = 1

    def __post_init__(self) -> None:
        """Refuse settings that would silently disable matching or overflow the signature."""
        checks = {
            "threshold": 0.0 < self.threshold <= 1.0,
            "containment_threshold": 0.0 < self.containment_threshold <= 1.0,
            "min_length_ratio": 0.0 <= self.min_length_ratio <= 1.0,
            "containment_min_jaccard": 0.0 <= self.containment_min_jaccard <= 1.0,
            "min_shingles": self.min_shingles >= 1,
            "max_candidates": self.max_candidates >= 1,
            "shingle_words": 1 <= self.shingle_words <= 16,
            "num_perm": 8 <= self.num_perm <= 1024,
            "bands": 1 <= self.bands <= self.num_perm,
            "seed": 0 <= self.seed < 2**63,
        }
        for name, ok in checks.items():
            if not ok:
                raise ConfigError(f"dedupe settings: {name}={getattr(self, name)!r} is out of range")

    @property
    def rows(self) -> int:
        """Signature slots per LSH band (the remainder of ``num_perm`` is unused by LSH)."""
        return self.num_perm // self.bands

    @property
    def fingerprint(self) -> str:
        """What stored signatures and band keys depend on; a stored index must match it."""
        return (
            f"rensa-r{RMinHash.ALGORITHM_VERSION}/norm{NORMALISER_VERSION}/k{self.shingle_words}"
            f"/p{self.num_perm}/b{self.bands}x{self.rows}/s{self.seed}"
        )


@dataclass(frozen=True)
class Signature:
    """A text's MinHash digest and how many distinct shingles it had (for containment)."""

    digest: tuple[int, ...]
    shingles: int


def signature_bytes(signature: Signature) -> bytes:
    """The digest as little-endian uint32 bytes: the compact form the warehouse stores.

    Args:
        signature: a signature.

    Returns:
        ``4 * len(digest)`` bytes.
    """
    packed = array("I", signature.digest)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def signature_from_bytes(data: bytes, shingle_count: int) -> Signature:
    """Rebuild a signature from :func:`signature_bytes` output.

    Args:
        data: the stored digest bytes.
        shingle_count: the stored number of distinct shingles.

    Returns:
        The signature.
    """
    packed = array("I")
    packed.frombytes(data)
    if sys.byteorder == "big":
        packed.byteswap()
    return Signature(tuple(packed), shingle_count)


@dataclass(frozen=True)
class Match:
    """Why an article joins a cluster: the best member's estimated similarity."""

    cluster_id: str
    member_id: str
    jaccard: float
    containment: float


def normalise_text(text: str) -> str:
    """The spelling of a text that typography and layout cannot change.

    Args:
        text: any text.

    Returns:
        NFKC-folded, case-folded words separated by single spaces; punctuation,
        symbols and line breaks are gone, digits stay (a changed figure is a real edit).
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """sha256 hex of :func:`normalise_text`: equal for re-spaced or re-quoted copies, not for edits.

    Args:
        text: the article text.

    Returns:
        64 lower-case hex characters.
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8", "surrogatepass")).hexdigest()


def shingles(text: str, words: int) -> list[str]:
    """Overlapping ``words``-word shingles of the normalised text (one shingle for a shorter text).

    Args:
        text: the article text.
        words: shingle width in words.

    Returns:
        The shingles in text order (repeats kept; MinHash treats them as a set).
    """
    tokens = normalise_text(text).split()
    if len(tokens) <= words:
        return [" ".join(tokens)] if tokens else []
    # zip stops at the shortest slice: exactly len(tokens) - words + 1 shingles
    return list(map(" ".join, zip(*(tokens[i:] for i in range(words)), strict=False)))


def signatures(texts: Sequence[str], settings: DedupeSettings) -> list[Signature]:
    """MinHash signatures for many texts in one call into rensa (its batch path is parallel).

    Args:
        texts: article texts.
        settings: shingle width, permutations and seed.

    Returns:
        One :class:`Signature` per text, in order; an empty text has ``shingles == 0``.
    """
    token_sets = [shingles(text, settings.shingle_words) for text in texts]
    if not token_sets:
        return []
    rows = RMinHash.digest_matrix_from_token_sets(token_sets, settings.num_perm, settings.seed).to_rows()
    return [Signature(tuple(row), len(set(tokens))) for row, tokens in zip(rows, token_sets, strict=True)]


def band_keys(signature: Signature, settings: DedupeSettings) -> list[int]:
    """The LSH bucket key of each band: two texts sharing any one are near-duplicate candidates.

    A key is the band's ``rows`` slots read as one little-endian integer, reduced modulo
    2**61 - 1, so it is the same on every machine and fits a BIGINT. Empty texts get none.

    Args:
        signature: a text's signature.
        settings: bands and rows.

    Returns:
        ``bands`` keys, band 0 first, or ``[]`` for a text without shingles.
    """
    if signature.shingles == 0:
        return []
    raw = signature_bytes(signature)
    width = 4 * settings.rows
    return [
        int.from_bytes(raw[start : start + width], "little") % _BAND_MODULUS
        for start in range(0, width * settings.bands, width)
    ]


def estimate_jaccard(a: Signature, b: Signature) -> float:
    """Share of equal signature slots: MinHash's unbiased estimate of shingle-set Jaccard.

    Args:
        a: one signature.
        b: another, built with the same settings.

    Returns:
        A value in [0, 1]; 0 when either text is empty.
    """
    if a.shingles == 0 or b.shingles == 0 or len(a.digest) != len(b.digest):
        return 0.0
    equal: int = sum(map(operator.eq, a.digest, b.digest))
    return equal / len(a.digest)


def estimate_containment(a: Signature, b: Signature, jaccard: float) -> float:
    """Share of the shorter text's shingles found in the longer, from Jaccard and set sizes.

    Args:
        a: one signature.
        b: the other.
        jaccard: their estimated Jaccard.

    Returns:
        A value in [0, 1].
    """
    smaller = min(a.shingles, b.shingles)
    if smaller == 0:
        return 0.0
    overlap = jaccard * (a.shingles + b.shingles) / (1.0 + jaccard)
    return min(1.0, overlap / smaller)


def choose_cluster(
    new: Signature,
    candidates: Iterable[tuple[str, str, Signature]],
    settings: DedupeSettings,
) -> Match | None:
    """Which candidate cluster a new article joins, if any.

    The best-scoring member wins (higher Jaccard, then higher containment, then the
    smaller cluster id, so the answer does not depend on candidate order).

    Args:
        new: the new article's signature.
        candidates: ``(cluster_id, member_article_id, member_signature)`` for every stored
            or earlier-in-batch article sharing an LSH bucket with it.
        settings: the thresholds.

    Returns:
        The winning :class:`Match`, or ``None`` when no candidate is similar enough.
    """
    best: Match | None = None
    for cluster_id, member_id, member in candidates:
        jaccard = estimate_jaccard(new, member)
        containment = estimate_containment(new, member, jaccard)
        if not is_near_duplicate(new, member, jaccard, containment, settings):
            continue
        match = Match(cluster_id, member_id, jaccard, containment)
        if best is None or _better(match, best):
            best = match
    return best


def is_near_duplicate(
    a: Signature, b: Signature, jaccard: float, containment: float, settings: DedupeSettings
) -> bool:
    """The thresholds applied to one pair (exposed so the evaluation's naive baseline shares them).

    Args:
        a: one signature.
        b: the other.
        jaccard: their estimated (or exact) Jaccard.
        containment: their estimated (or exact) containment of the shorter in the longer.
        settings: the thresholds.

    Returns:
        True when the pair is the same story.
    """
    smaller, larger = sorted((a.shingles, b.shingles))
    if smaller < settings.min_shingles:
        return False  # a stub ("Subscribe to read on") is no evidence of the same story
    if jaccard >= settings.threshold:
        return True
    return (
        containment >= settings.containment_threshold
        and jaccard >= settings.containment_min_jaccard
        and smaller >= settings.min_length_ratio * larger
    )


def _better(a: Match, b: Match) -> bool:
    """Whether ``a`` beats ``b``: higher scores first, then the smaller cluster id (order-free)."""
    if (a.jaccard, a.containment) != (b.jaccard, b.containment):
        return (a.jaccard, a.containment) > (b.jaccard, b.containment)
    return (a.cluster_id, a.member_id) < (b.cluster_id, b.member_id)
