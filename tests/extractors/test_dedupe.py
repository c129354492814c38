"""Content hashes, MinHash signatures, LSH keys and the cluster decision, on hand-written news copy."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.dedupe import (
    DedupeSettings,
    Match,
    Signature,
    band_keys,
    choose_cluster,
    content_hash,
    estimate_containment,
    estimate_jaccard,
    is_near_duplicate,
    normalise_text,
    shingles,
    signature_bytes,
    signature_from_bytes,
    signatures,
)
from extractors.dedupe_corpus import CorpusDoc, LabelledCorpus, build_eval_corpus, syndicate
from extractors.dedupe_scores import edit_recall, hard_negative_margin, score_clusters
from extractors.errors import ConfigError

# A wire story, a syndicated copy of it and a different story on the same talks, written for these tests.
WIRE = """Delegations from Russia and Ukraine met in Istanbul on Wednesday for a third round of direct \
talks, the first in seven weeks, and agreed to exchange another 1,200 prisoners of war, officials said.
The meeting at the Ciragan Palace lasted a little under an hour. Turkish Foreign Minister Hakan Fidan \
opened the session and urged both sides to work towards a ceasefire before the end of summer.
Ukraine's delegation was led by former defence minister Rustem Umerov, who proposed a meeting between \
the two presidents before the end of August. The Russian side, led by presidential aide Vladimir Medinsky, \
said a summit could only crown an agreement that negotiators had already written.
Medinsky told reporters that Moscow had also offered short truces of 24 to 48 hours along the front line \
so that both armies could recover the bodies of fallen soldiers.
The two previous rounds, in May and June, produced the largest prisoner exchanges of the war but no \
movement on a ceasefire. Kyiv says Moscow is stalling while its troops advance in the east."""

COPY = """Istanbul Talks End With New Prisoner Swap Deal
By Leila Haddad, Morning Courier
The meeting at the Ciragan Palace lasted a little under an hour. Turkish Foreign Minister Hakan Fidan \
opened the session and urged both sides to work towards a ceasefire before the end of summer.
Delegations from Russia and Ukraine met in Istanbul on Wednesday for a third round of direct talks, \
the first in seven weeks, and agreed to exchange another 1,200 prisoners of war, officials said.
Ukraine's delegation was led by former defence minster Rustem Umerov, who proposed a meeting between \
the two presidents before the end of August. The Russian side, led by presidential aide Vladimir Medinsky, \
said a summit could only crown an agreement that negotiators had already written.
The two previous rounds, in May and June, produced the largest prisoner exchanges of the war but no \
movement on a ceasefire. Kyiv says Moscow is stalling while its troops advance in the east.
Follow us on Facebook, X and Instagram for the latest updates."""

OTHER = """Ukraine and Russia swapped 84 prisoners on Thursday in the latest exchange brokered by the \
United Arab Emirates, Kyiv's coordination headquarters said, as fighting intensified around Pokrovsk.
Among those returned were soldiers who had been held since the siege of Mariupol in 2022, and several \
civilians detained in occupied areas of the Kherson region, according to the headquarters.
Emirati officials said their mediation had now helped return more than 4,000 captives since the start \
of the war. Neither government gave details of the next exchange.
The two previous rounds, in May and June, produced the largest prisoner exchanges of the war but no \
movement on a ceasefire. Kyiv says Moscow is stalling while its troops advance in the east."""

S = DedupeSettings()


# --------------------------------------------------------------------------- exact identity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello,   World!", "hello world"),
        ("“Talks,” he said — “will resume.”", "talks he said will resume"),
        ("Kyiv\u00a0and\tMoscow\r\nagreed", "kyiv and moscow agreed"),
        ("The ﬁnal ＲＯＵＮＤ", "the final round"),
        ("1,200 prisoners; 24–48 hours", "1 200 prisoners 24 48 hours"),
        ("snake_case and under_scores", "snake case and under scores"),
        ("", ""),
        ("!!! ... ---", ""),
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_content_hash_is_sha256_of_the_normalised_text() -> None:
    # sha256("hello world"), the well-known test vector
    assert (
        content_hash("Hello,\n  WORLD!!")
        == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
    )


def test_content_hash_ignores_layout_but_not_edits() -> None:
    respaced = WIRE.replace("\n", "\n\n").replace(", ", " , ").upper().replace("'", "’")
    assert content_hash(respaced) == content_hash(WIRE)
    assert content_hash(WIRE.replace("1,200", "1,300")) != content_hash(WIRE)
    assert content_hash(WIRE.replace("Wednesday", "Thursday")) != content_hash(WIRE)
    assert content_hash(WIRE + " Medinsky declined to comment.") != content_hash(WIRE)


_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéñ0123456789", min_size=1, max_size=8), max_size=30
)
_noise = st.sampled_from([" ", "  ", "\n", ", ", " — ", "! ", "\t", " “", "” ", "... "])


@given(words=_words, data=st.data())
def test_content_hash_is_blind_to_punctuation_spacing_and_case(words: list[str], data: st.DataObject) -> None:
    separators = [data.draw(_noise) for _ in words]
    noisy = "".join(
        w.upper() if i % 2 else w for i, w in enumerate(w + s for w, s in zip(words, separators, strict=True))
    )
    assert content_hash(noisy) == content_hash(" ".join(words))


@given(st.text(max_size=300))
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


# --------------------------------------------------------------------------- shingles and signatures


def test_shingles() -> None:
    assert shingles("Talks resume in Istanbul today.", 3) == [
        "talks resume in",
        "resume in istanbul",
        "in istanbul today",
    ]
    assert shingles("Talks resume", 3) == ["talks resume"]
    assert shingles(" — ", 3) == []


def test_signatures_are_deterministic_and_sized() -> None:
    first, again, empty = signatures([WIRE, WIRE, ""], S)
    assert first == again
    assert len(first.digest) == S.num_perm
    assert first.shingles == len(set(shingles(WIRE, S.shingle_words)))
    assert empty.shingles == 0
    assert band_keys(empty, S) == []
    assert signatures([], S) == []


def test_band_keys_read_each_band_as_one_little_endian_integer() -> None:
    settings = DedupeSettings(num_perm=9, bands=3)  # three rows per band
    sig = Signature(digest=(1, 2, 3, 0, 0, 0, 7, 0, 0), shingles=5)
    # band 0: 1 + 2*2**32 + 3*2**64, and 2**64 = 8 modulo 2**61 - 1
    assert band_keys(sig, settings) == [1 + 2 * 2**32 + 3 * 8, 0, 7]


def test_signature_bytes_are_little_endian_uint32_and_round_trip() -> None:
    sig = Signature(digest=(1, 0x01020304, 2**32 - 1), shingles=7)
    raw = signature_bytes(sig)
    assert raw == b"\x01\x00\x00\x00" + b"\x04\x03\x02\x01" + b"\xff\xff\xff\xff"
    assert signature_from_bytes(raw, 7) == sig
    real = signatures([WIRE], S)[0]
    assert signature_from_bytes(signature_bytes(real), real.shingles) == real


def test_band_keys_fit_a_signed_bigint() -> None:
    keys = band_keys(signatures([WIRE], S)[0], S)
    assert len(keys) == S.bands
    assert all(0 <= k < 2**63 for k in keys)


def test_syndicated_copy_is_similar_and_other_story_is_not() -> None:
    wire, copy, other = signatures([WIRE, COPY, OTHER], S)
    assert estimate_jaccard(wire, copy) >= S.threshold
    assert estimate_jaccard(wire, other) < 0.2
    assert set(enumerate(band_keys(wire, S))) & set(enumerate(band_keys(copy, S)))
    assert is_near_duplicate(wire, copy, estimate_jaccard(wire, copy), 0.0, S)
    jac = estimate_jaccard(wire, other)
    assert not is_near_duplicate(wire, other, jac, estimate_containment(wire, other, jac), S)


def test_containment_estimate() -> None:
    # |A| = 100, |B| = 200, J = 0.5  ->  |A ∩ B| = 0.5 * 300 / 1.5 = 100: all of A is in B
    assert estimate_containment(Signature((), 100), Signature((), 200), 0.5) == pytest.approx(1.0)
    assert estimate_containment(Signature((), 100), Signature((), 100), 0.5) == pytest.approx(2 / 3)
    assert estimate_containment(Signature((), 0), Signature((), 100), 0.5) == 0.0


def test_truncated_copy_joins_by_containment_only_when_long_enough() -> None:
    long_, short = Signature((), 400), Signature((), 200)
    assert is_near_duplicate(long_, short, 0.4, 0.9, S)  # a 60% paywall teaser
    assert not is_near_duplicate(long_, Signature((), 100), 0.2, 0.9, S)  # a quarter of the length
    assert not is_near_duplicate(Signature((), 15), Signature((), 16), 0.3, 1.0, S)  # too short to judge
    assert not is_near_duplicate(long_, short, 0.3, 0.5, S)  # shares only a background passage


def test_choose_cluster_takes_the_best_member_whatever_the_order() -> None:
    new = Signature(tuple(range(8)), 50)
    near = Signature((0, 1, 2, 3, 4, 5, 6, 99), 50)  # 7/8 equal slots
    nearer = Signature((0, 1, 2, 3, 4, 5, 6, 7), 50)  # identical
    far = Signature((0, 1, 90, 91, 92, 93, 94, 95), 50)
    settings = DedupeSettings(num_perm=8, bands=4)
    candidates = [("c2", "a2", near), ("c1", "a1", nearer), ("c3", "a3", far)]
    for order in (candidates, candidates[::-1]):
        match = choose_cluster(new, order, settings)
        assert match == Match("c1", "a1", 1.0, 1.0)
    tie = [("c9", "a9", nearer), ("c4", "a4", nearer)]
    assert choose_cluster(new, tie, settings) == choose_cluster(new, tie[::-1], settings)
    assert choose_cluster(new, tie, settings).cluster_id == "c4"  # type: ignore[union-attr]
    assert choose_cluster(new, [("c3", "a3", far)], settings) is None
    assert choose_cluster(new, [], settings) is None


@pytest.mark.parametrize(
    "change",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"bands": 0},
        {"bands": 200},
        {"shingle_words": 0},
        {"num_perm": 4},
    ],
)
def test_settings_refuse_out_of_range_values(change: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="dedupe settings"):
        dataclasses.replace(S, **change)


def test_fingerprint_names_what_stored_signatures_depend_on() -> None:
    assert S.fingerprint != dataclasses.replace(S, num_perm=256, bands=85).fingerprint
    assert S.fingerprint != dataclasses.replace(S, shingle_words=4).fingerprint
    assert S.fingerprint == dataclasses.replace(S, threshold=0.6).fingerprint  # thresholds are free to change


# --------------------------------------------------------------------------- the evaluation corpus


BODIES = [
    "\n".join(f"Paragraph {p} of story {s} says something new about subject {s * 7 + p}." for p in range(8))
    for s in range(40)
]


def test_corpus_is_repeatable_from_its_seed() -> None:
    a, b = build_eval_corpus(BODIES, 3), build_eval_corpus(BODIES, 3)
    assert a == b
    assert build_eval_corpus(BODIES, 4) != a
    assert [d.published for d in a.docs] == sorted(d.published for d in a.docs)
    assert {d.story_id for d in a.docs} >= {pair[0] for pair in a.hard_negatives}


def test_syndicate_records_its_edits() -> None:
    paragraphs = WIRE.split("\n")
    seen: set[str] = set()
    for seed in range(40):
        copy, edits = syndicate(paragraphs, random.Random(seed))
        seen.update(edits)
        if "truncate_60" in edits:
            assert len(" ".join(copy).split()) < len(WIRE.split())
    assert seen >= {"headline", "byline", "boilerplate", "typos", "truncate_60", "drop_paragraphs"}


def test_score_clusters_by_hand() -> None:
    gold = {"a": "s1", "b": "s1", "c": "s2", "d": "s2"}
    assert score_clusters(gold, {"a": "k1", "b": "k1", "c": "k2", "d": "k2"}).precision == 1.0
    scores = score_clusters(gold, {"a": "k1", "b": "k2", "c": "k2", "d": "k2"})
    # predicted pairs: b-c, b-d, c-d (3); true: c-d (1); gold pairs: a-b, c-d (2)
    assert (scores.predicted_pairs, scores.true_pairs, scores.gold_pairs) == (3, 1, 2)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 2)
    assert scores.purity == pytest.approx(3 / 4)  # k1: a (1 of 1), k2: c, d of s2 (2 of 3)


def test_edit_recall_and_hard_negative_margin_by_hand() -> None:
    when = build_eval_corpus(BODIES, 0).docs[0].published
    docs = (
        CorpusDoc("s1.0", "s1", "alpha beta gamma delta epsilon", when, ("original",)),
        CorpusDoc("s1.1", "s1", "alpha beta gamma delta zeta", when, ("typos",)),
        CorpusDoc("s1.2", "s1", "omega", when, ("typos", "headline")),
        CorpusDoc("s2.0", "s2", "alpha beta gamma eta theta", when, ("original",)),
    )
    predicted = {"s1.0": "k1", "s1.1": "k1", "s1.2": "k9", "s2.0": "k2"}
    assert edit_recall(docs, predicted) == {"typos": (1, 2), "headline": (0, 1)}
    # s1 and s2 share the shingle "alpha beta gamma": of 3 shingles each, 1 in common
    jaccard, containment = hard_negative_margin(LabelledCorpus(docs, (("s1", "s2"),)), 3)
    assert jaccard == pytest.approx(1 / 5)
    assert containment == pytest.approx(1 / 3)
