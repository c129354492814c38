"""The speed shortcuts must never change an answer: they only skip work that could find nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.negotiation.alternation import narrowed
from extractors.negotiation.cues import default_cues
from extractors.negotiation.prefilter import Prefilter, required_branches, required_words
from extractors.negotiation.talk_rules import talk_rules

# Words from the cue lexicons and the classifier, common words, odd case and punctuation, so that
# random sentences hit (and nearly hit) the patterns.
WORDS = [
    "agreed", "agreement", "Agreement", "reached", "signed", "a", "the", "ceasefire", "cease-fire", "truce",
    "talks", "peace", "prisoners", "of", "war", "exchange", "swap", "released", "hostages", "no",
    "breakthrough", "failed", "to", "reach", "deal", "proposed", "offer", "summit", "meeting", "round",
    "third", "session", "with", "under", "new", "will", "hold", "next", "week", "Monday", "July", "23",
    "memorandum", "MEMORANDUM", "ſigned", "İstanbul", "Kelvin K", "’s", "“", "”", ",", ".", "-", "and",
    "trade", "talks’", "nuclear", "sanctions", "union", "strike", "labour", "European", "Union",
]  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)


def test_required_words_of_simple_patterns() -> None:
    assert required_words(re.compile(r"\bpeace\s+talks\b", re.I)) == {"peace"}  # either would do
    assert required_words(re.compile(r"\b(?:truce|ceasefire)\b", re.I)) == {"truce", "ceasefire"}
    assert required_words(re.compile(r"\d+\s+days")) == {"days"}
    assert required_words(re.compile(r"\w+")) is None  # nothing literal: no shortcut
    assert required_words(re.compile(r"(?:a|b)c")) is None  # too short to filter anything


def test_a_pattern_without_words_is_always_run() -> None:
    pf = Prefilter([re.compile(r"\d{4}"), re.compile(r"\bsummit\b", re.I)])
    assert pf.possible("no numbers here") == {0}
    assert pf.possible("a SUMMIT in 2025") == {0, 1}


@settings(max_examples=300, deadline=None)
@given(sentences)
def test_outcome_and_proposal_prefilters_never_drop_a_matching_cue(sentence: str) -> None:
    cues = default_cues()
    for prefilter, entries in ((cues.any_outcome, cues.outcomes), (cues.any_proposal, cues.proposals)):
        possible = prefilter.possible(sentence)
        for k, cue in enumerate(entries):
            if cue.pattern.search(sentence):
                assert possible is None or k in possible, (cue.id, sentence)


@settings(max_examples=300, deadline=None)
@given(sentences)
def test_narrowed_alternations_find_exactly_the_same_matches(sentence: str) -> None:
    r = talk_rules()
    for pattern in (r.positive, r.negative, r.meeting):
        full = [(m.start(), m.group()) for m in pattern.finditer(sentence)]
        fast = [(m.start(), m.group()) for m in narrowed(sentence, pattern).finditer(sentence)]
        assert fast == full, sentence


def test_narrowing_leaves_other_patterns_alone() -> None:
    other = re.compile(r"talks?\s+(?:in|at)\s+\w+")
    assert narrowed("talks in Doha", other) is other


def test_each_branch_keeps_every_part_it_requires() -> None:
    pattern = re.compile(
        r"\bprisoners?\s+swaps?\b|\bagreed\s+(?:\S+\s+){0,3}?to\s+(?:exchange|release)\s+(?:\S+\s+){0,4}?"
        r"(?:prisoners|detainees)\b",
        re.IGNORECASE,
    )
    assert required_branches(pattern) == [
        [{"prisoner"}, {"swap"}],
        [{"agreed"}, {"exchange", "release"}, {"prisoners", "detainees"}],
    ]


def test_a_sentence_with_only_one_required_part_of_a_branch_is_skipped() -> None:
    pattern = re.compile(
        r"\bagreed\s+(?:\S+\s+){0,3}?to\s+(?:exchange|release)\s+(?:\S+\s+){0,4}?(?:prisoners|detainees)\b",
        re.IGNORECASE,
    )
    gate = Prefilter([pattern])
    assert gate.possible("The ministers agreed on Tuesday to meet again in May.") == set()
    sentence = "The two sides agreed on Tuesday to exchange 90 prisoners."
    assert gate.possible(sentence) == {0} and pattern.search(sentence)
