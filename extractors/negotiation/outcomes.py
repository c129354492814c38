"""Outcomes of negotiations that an article reports as having happened: swaps, releases, deals, stalemates.

A cue from the lexicon must match, and nothing earlier in its clause may make it
hypothetical ("could reach a deal") or deny it ("no deal was reached"), so only
achieved facts become records. Repeated mentions of one fact collapse into one record.
"""

from __future__ import annotations

import datetime as dt
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
# Words inside a positive cue that turn it round ("reached an impasse over the deal").
# Things released that are not people ("released a video of the hostages").
_MEDIA = frozenset(
    {
        "video",
        "videos",
        "footage",
        "statement",
        "list",
        "names",
        "images",
        "photos",
        "pictures",
        "report",
        "details",
        "proof",
        "audio",
        "recording",
        "message",
    }
)
_PEOPLE_TYPES = frozenset({"hostage_release", "prisoner_exchange", "remains_exchange"})
# "in 2015", "in early 2019": a dated past year.
_IN_YEAR = re.compile(r"\b(?i:in)\s+(?:(?:early|late|mid)[\s-]+)?(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")
_DEAL_WORD = re.compile(r"\b(?:deal|agreement|accord|pact)\b", re.IGNORECASE)
_STALL = frozenset({"impasse", "deadlock", "stalemate", "standstill", "breakdown"})
_CLAUSE_END = re.compile(r"[;:—–()\[\]“”\"]|,\s+(?:but|while|although|though|as|which|who)\b|\s-\s")


@dataclass(frozen=True)
class _Hit:
    cue: Cue
    sentence: Sentence
    match: re.Match[str]


def extract_outcomes(
    sentences: Sequence[Sentence], cues: Cues, published: dt.date | None = None
) -> tuple[Outcome, ...]:
    """Find the outcomes an article reports as achieved, one record per distinct fact.

    Args:
        sentences: the article's sentences, in order.
        cues: the cue lexicon.
        published: the publication date; a sentence dated to an earlier year ("in 2015") is history,
            not an outcome of the talks reported.

    Returns:
        The outcomes in order of first mention.
    """
    hits: list[_Hit] = []
    for s in sentences:
        possible = cues.any_outcome.possible(s.text)
        if possible is not None and not possible:
            continue
        if _is_history(s.text, published):
            continue
        found = [
            _Hit(cue, s, m)
            for k, cue in enumerate(cues.outcomes)
            if possible is None or k in possible
            for m in cue.pattern.finditer(s.text)
            if not _vetoed(cue, s.text, m, cues)
        ]
        if any(h.cue.type in _SPECIFIC for h in found):
            found = [h for h in found if h.cue.type != "agreement"]
        hits.extend(found)
    records: dict[tuple[str, str], Outcome] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for deferred in (False, True):  # headlines and back-references count only when the body says nothing
        for h in hits:
            if _deferred(h) != deferred:
                continue
            same_type = [o for (t, _), o in records.items() if t == h.cue.type]
            key = (h.cue.type, _act(h.match))
            if key in records or (same_type and (deferred or _restates(h, key[1], same_type))):
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
    if cue.type in _PEOPLE_TYPES and inside & _MEDIA:
        return True  # "released a video of the hostages"
    inside |= {"not"} if re.search(r"n['’]t\b", m.group()) else set()
    vetoes = cues.negation | _STALL if cue.future else cues.negation | cues.irrealis | _FUTURE | _STALL
    return bool(words & cues.negation or inside & vetoes)


def _is_history(sentence: str, published: dt.date | None) -> bool:
    """True when the sentence dates itself to a year before publication ("reached a deal in 2015")."""
    if published is None:
        return False
    return any(int(y) < published.year for y in _IN_YEAR.findall(sentence))


def _deferred(h: _Hit) -> bool:
    """Back-references ("under the deal") and headlines restate facts the body reports in full."""
    return h.cue.refers or not h.sentence.text.rstrip("\"'”’)").endswith((".", "!", "?"))


def _restates(h: _Hit, act: str, same_type: list[Outcome]) -> bool:
    """True when a hit repeats an outcome already found rather than reporting another one.

    Only a new commitment ("also agreed to suspend…") is another fact; a generic mention, one in
    the same sentence, or one in a sentence about the deal already found ("the deal … and Europe
    agreed to buy gas") is the same fact again.
    """
    if not act:
        return True
    if any(o.evidence.start == h.sentence.start for o in same_type):
        return True
    return _DEAL_WORD.search(h.sentence.text) is not None


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
