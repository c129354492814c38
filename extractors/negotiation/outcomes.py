"""Outcomes of negotiations that an article reports as having happened: swaps, releases, deals, stalemates.

A cue from the lexicon must match, and nothing earlier in its clause may make it
hypothetical ("could reach a deal") or deny it ("no deal was reached"), so only
achieved facts become records. Repeated mentions of one fact collapse into one record,
unless a sentence names another meeting ("the previous round also ended without agreement").
A generic deal said only inside a quotation is the speaker's gloss on the reported deal.
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
# A modal as the very next word makes a stalemate a hypothesis ("the failure of the talks would mean war").
_MODAL = frozenset({"would", "could", "might"})
# Generic outcome types: said inside a quotation they are a speaker's gloss on the deal the article
# reports ("we agreed to go back to normal relations"), a fact only when the prose reports none.
_GENERIC = frozenset({"agreement", "other"})
# A meeting other than the one reported ("the previous round", "the 20th round"), whose outcome is
# another fact even when it is of the same type ("the previous round also ended without agreement").
_OCCASION = re.compile(
    r"\b(?:previous|preceding|prior|earlier|last|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|\d+(?:st|nd|rd|th))\s+(?:round|meeting|session|summit)s?\b",
    re.IGNORECASE,
)
# Future forms inside a cue: a deal's terms ("hostages will be freed"), not yet a fact.
_FUTURE = frozenset({"will", "shall"})
# Verbs inside a cue that put its object still on the table ("agreed to discuss a ceasefire").
_PENDING = frozenset(
    {"discuss", "discussing", "negotiate", "negotiating", "consider", "considering", "explore", "exploring",
     "study", "studying", "examine", "examining", "debate", "debating", "pursue", "pursuing"}
)  # fmt: skip
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
# The month May inside a cue ("agreed on 3 May to…"), which is not the modal "may".
_MONTH_MAY = re.compile(r"\b(?:(?<=\d )|(?<=\bin )|(?<=\bon )|(?<=\bof )|(?<=\bsince ))May\b|\bMay(?=\s+\d)")
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
    occasions: dict[tuple[str, str], str] = {}
    # Pass 0: the body's reports. Pass 1: headlines and back-references, only for a type the body did
    # not report. Pass 2: generic glosses inside quotations, only when nothing else was found.
    for rank in (0, 1, 2):
        if rank == 2 and records:
            break
        for h in hits:
            if _rank(h) != rank:
                continue
            same_type = [o for (t, _), o in records.items() if t == h.cue.type]
            occasion = _occasion(h.sentence.text)
            key = (h.cue.type, _act(h.match))
            other_meeting = (
                bool(occasion)
                and rank == 0
                and h.cue.type != "next_round_agreed"
                and all(occasions.get(k) != occasion for k in records if k[0] == h.cue.type)
            )
            if other_meeting and key in records:
                key = (h.cue.type, f"@{occasion}")  # the same kind of outcome, of another meeting
            if key in records or (
                same_type and not other_meeting and (rank > 0 or _restates(h, key[1], same_type))
            ):
                continue
            if h.cue.refers and h.cue.type == "agreement" and any(t in _SPECIFIC for t, _ in records):
                continue  # "under the agreement" after a truce or a swap refers to that deal
            records[key] = Outcome(type=h.cue.type, detail=_detail(h), evidence=evidence(h.sentence))
            order[key] = (h.sentence.start, h.match.start())
            occasions[key] = occasion
    return tuple(records[k] for k in sorted(records, key=lambda k: order[k]))


def _vetoed(cue: Cue, sentence: str, m: re.Match[str], cues: Cues) -> bool:
    """True when the clause before the cue makes it hypothetical, or denies a positive outcome."""
    words = clause_words(sentence, m.start(), cues)
    if words & cues.irrealis:
        return True
    if cue.type != "no_breakthrough" and not cue.future and words & _PENDING:
        return True  # "met to discuss a prisoner exchange"
    if cue.type == "no_breakthrough":
        after = [w.casefold() for w in re.findall(r"[A-Za-z]+", sentence[m.end() : m.end() + 40])[:4]]
        return bool(set(after) & _FORECAST) or (bool(after) and after[0] in _MODAL)
    # A cue that spans words ("hostages … freed") can hold its own veto ("hostages will not be freed").
    cue_words = [w.casefold() for w in re.findall(r"[A-Za-z]+", _MONTH_MAY.sub(" ", m.group()))]
    if cue_words and cue_words[0] in cues.negation:
        cue_words = cue_words[1:]  # a cue that reports a refusal ("refused to sign") is not denied by it
    inside = set(cue_words)
    if cue.type in _PEOPLE_TYPES and inside & _MEDIA:
        return True  # "released a video of the hostages"
    inside |= {"not"} if re.search(r"n['’]t\b", m.group()) else set()
    vetoes = cues.negation | _STALL | _PENDING
    if not cue.future:
        vetoes |= cues.irrealis | _FUTURE
    return bool(words & cues.negation or inside & vetoes)


def _is_history(sentence: str, published: dt.date | None) -> bool:
    """True when the sentence dates itself to a year before publication ("reached a deal in 2015")."""
    if published is None:
        return False
    return any(int(y) < published.year for y in _IN_YEAR.findall(sentence))


def _rank(h: _Hit) -> int:
    """0 for a report in the body, 1 for a headline or back-reference, 2 for a generic cue in a quotation."""
    if h.cue.type in _GENERIC and _quoted(h.sentence.text, h.match.start()):
        return 2
    return 1 if _deferred(h) else 0


def _deferred(h: _Hit) -> bool:
    """Back-references ("under the deal") and headlines restate facts the body reports in full."""
    return h.cue.refers or not h.sentence.text.rstrip("\"'”’)").endswith((".", "!", "?"))


def _quoted(sentence: str, pos: int) -> bool:
    """True when ``pos`` lies inside a quotation, opened earlier in the sentence or in one before it."""
    before, after = sentence[:pos], sentence[pos:]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return True
    if "“" not in before and "”" not in before and '"' not in before:  # a quotation running on from before
        close, reopen = after.find("”"), after.find("“")
        return (close != -1 and (reopen == -1 or close < reopen)) or after.count('"') % 2 == 1
    return False


def _occasion(sentence: str) -> str:
    """The meeting a sentence names other than by date ("the previous round"), lower-cased; "" if none."""
    m = _OCCASION.search(sentence)
    return " ".join(m.group().casefold().split()) if m else ""


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
