"""Outcomes of negotiations that an article reports as having happened: swaps, releases, deals, stalemates.

A cue from the lexicon must match, and nothing earlier in its clause may make it
hypothetical ("could reach a deal") or deny it ("no deal was reached"), so only
achieved facts become records. Repeated mentions of one fact collapse into one record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.negotiation.clauses import clause_start, clause_words, tidy_detail
from extractors.negotiation.cues import Cue, Cues
from extractors.negotiation.sentences import Sentence, evidence
from extractors.records import Outcome

__all__ = ["extract_outcomes"]

# Outcome types that say more than "agreement": when one fires, a generic agreement cue in the
# same sentence ("signed a ceasefire agreement") is the same fact.
_SPECIFIC = frozenset({"prisoner_exchange", "remains_exchange", "hostage_release", "ceasefire", "memorandum"})
# Words right after a stalemate cue that make it a forecast ("no breakthrough is expected").
_FORECAST = frozenset({"expected", "likely", "unlikely", "anticipated", "foreseen", "predicted", "feared"})
# Future forms inside a cue: a deal's terms ("hostages will be freed"), not yet a fact.
_FUTURE = frozenset({"will", "shall"})
_CLAUSE_END = re.compile(r"[;:—–()\[\]“”\"]|,\s+(?:but|while|although|though|as|which|who)\b|\s-\s")


@dataclass(frozen=True)
class _Hit:
    cue: Cue
    sentence: Sentence
    match: re.Match[str]


def extract_outcomes(sentences: Sequence[Sentence], cues: Cues) -> tuple[Outcome, ...]:
    """Find the outcomes an article reports as achieved, one record per distinct fact.

    Args:
        sentences: the article's sentences, in order.
        cues: the cue lexicon.

    Returns:
        The outcomes in order of first mention.
    """
    hits: list[_Hit] = []
    for s in sentences:
        found = [
            _Hit(cue, s, m)
            for cue in cues.outcomes
            for m in cue.pattern.finditer(s.text)
            if not _vetoed(cue, s.text, m, cues)
        ]
        if any(h.cue.type in _SPECIFIC for h in found):
            found = [h for h in found if h.cue.type != "agreement"]
        hits.extend(found)
    records: dict[tuple[str, str], Outcome] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for refers_pass in (False, True):
        for h in hits:
            if h.cue.refers != refers_pass:
                continue
            if refers_pass and any(t == h.cue.type for t, _ in records):
                continue
            key = (h.cue.type, _act(h.match))
            if key in records:
                continue
            records[key] = Outcome(type=h.cue.type, detail=_detail(h), evidence=evidence(h.sentence))
            order[key] = (h.sentence.start, h.match.start())
    return tuple(records[k] for k in sorted(records, key=lambda k: order[k]))


def _vetoed(cue: Cue, sentence: str, m: re.Match[str], cues: Cues) -> bool:
    """True when the clause before the cue makes it hypothetical, or denies a positive outcome."""
    words = clause_words(sentence, m.start(), cues)
    if words & cues.irrealis:
        return True
    if cue.type == "no_breakthrough":
        after = {w.casefold() for w in re.findall(r"[A-Za-z]+", sentence[m.end() : m.end() + 40])[:4]}
        return bool(after & _FORECAST)
    # A cue that spans words ("hostages … freed") can hold its own veto ("hostages will not be freed").
    inside = {w.casefold() for w in re.findall(r"[A-Za-z]+", m.group())}
    inside |= {"not"} if re.search(r"n['’]t\b", m.group()) else set()
    return bool(words & cues.negation or inside & (cues.negation | cues.irrealis | _FUTURE))


def _act(m: re.Match[str]) -> str:
    """What a commitment cue says the sides agreed to do ("suspend"), to keep distinct deals apart."""
    try:
        act = m.group("act")
    except IndexError:
        return ""
    return act.casefold() if act else ""


def _detail(h: _Hit) -> str:
    """The clause around the cue: from its start to the next clause edge after the match."""
    text = h.sentence.text
    start = clause_start(text, h.match.start())
    end_m = _CLAUSE_END.search(text, h.match.end())
    end = end_m.start() if end_m else len(text)
    return tidy_detail(text[start:end].rstrip(".!?"))
