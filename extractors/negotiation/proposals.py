"""Proposals put on the table in a negotiation: who proposed what (a summit, a truce, a plan, a swap).

A proposal cue (a verb such as "proposed", a noun such as "offer to", "called for", or a
leaders' meeting spoken of as a goal) marks the proposal; the words after it are the
detail, whose wording decides the type. The proposer is the actor that owns the cue
("Seoul's offer"), else the first actor or person before it in its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.negotiation.actors import canonical_actor
from extractors.negotiation.clauses import (
    clause_start,
    clause_words,
    first_actor,
    full_name,
    is_common_word,
    is_heading,
    last_person,
    person_names,
    subject_is_pronoun,
    tidy_detail,
)
from extractors.negotiation.cues import Cue, Cues
from extractors.negotiation.sentences import Sentence, evidence
from extractors.records import Proposal

__all__ = ["extract_proposals"]

# The type is read from the first words of the detail; later words drift into other topics.
_TYPE_WORDS = 15
# Where a detail stops; quotation marks do not, since details often quote a plan's name.
_CLAUSE_END = re.compile(r"[;:—–()\[\]]|,\s+(?:but|while|although|though|as|which|who|saying)\b|\s-\s")
# "a ceasefire plan put forward by Biden": the author named right after a proposal noun.
_BY_AFTER = re.compile(
    r"\s+(?:\S+\s+){0,3}?(?:put\s+forward|proposed|offered|drafted|tabled|submitted|floated|initiated|presented)"
    r"\s+by\s+([^,.;]{2,60})",
    re.IGNORECASE,
)
# "a meeting with Putin", "talks between Erdogan and …": a meeting named by a person in it.
_MEETING_WITH = re.compile(
    r"\b(?:meeting|summit|talks|meet)\s+(?:with|between)\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)"
)
# Verbs after "suggested that" which make it a finding or a claim rather than a proposal.
_EPISTEMIC = re.compile(r"\b(?:might|may|is|are|was|were|isn['’]t|wasn['’]t|had\s+been|have\s+been)\b", re.I)
_QUOTED = re.compile(r"\s*(?:that\s+)?[“\"‘]")
# "Seoul's offer", "Mikhail Gorbachev's new offer": the owner of a proposal noun.
_POSSESSIVE = re.compile(r"((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)['’]s?\s+(?:[\w-]+\s+){0,2}$")
# A noun cue that starts with its owner ("Gorbachev's offer to …"): the owner is part of the match.
_LEAD_POSSESSIVE = re.compile(r"[A-Z][\w.-]*['’]s\s+")
# "a proposal from mediators for a truce": the source named inside a noun cue.
_FROM_OWNER = re.compile(r"\bfrom\s+((?:\S+\s+){0,3}?\S+)\s+(?:to|for|that|on)\b", re.IGNORECASE)
# "The proposal, initiated by the U.S., was withdrawn": names the proposer of an earlier proposal.
_AUTHORED_BY = re.compile(
    r"\b(?:proposals?|offers?|plans?|initiatives?|suggestions?)\b[^.;]{0,20}?"
    r"\b(?:initiated|put\s+forward|submitted|tabled|made|presented|drafted|floated)\s+by\s+(?P<by>[^;]{2,60})",
    re.IGNORECASE,
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:but|and|so|then|now|also|most|many|some|the|previously|\w+ly)\s+)+", re.I
)
_TRAILING_AUX = re.compile(
    r"(?:\s+(?:were|was|have|has|had|would|will|is|are|also|\w+ly|then|now))+\s*$", re.I
)
_GROUP_NOUN = re.compile(
    r"\b(?:consumers|producers|exporters|importers|members|allies|rebels|opposition|mediators|delegates|"
    r"negotiators|governments|states|countries|nations|sides|bloc|group|coalition|union|council)\b",
    re.IGNORECASE,
)


def extract_proposals(text: str, sentences: Sequence[Sentence], cues: Cues) -> tuple[Proposal, ...]:
    """Find the proposals an article reports, one per type and proposer.

    Args:
        text: the article text (for full names of proposers).
        sentences: the article's sentences, in order.
        cues: the cue lexicon.

    Returns:
        The proposals in order of first mention.
    """
    out: list[Proposal] = []
    for index, s in enumerate(sentences):
        possible = cues.any_proposal.possible(s.text)
        for k, cue in enumerate(cues.proposals):
            if possible is not None and k not in possible:
                continue
            for m in cue.pattern.finditer(s.text):
                if _vetoed(cue, s.text, m, cues):
                    continue
                candidate = _candidate(text, sentences, index, cue, m, cues)
                if candidate is not None:
                    _merge(out, candidate)
        _backfill(out, s.text)
    return tuple(p for p in out if p.proposer is not None)


def _vetoed(cue: Cue, sentence: str, m: re.Match[str], cues: Cues) -> bool:
    """A denied proposal ("had no new proposals") is none; a meeting counts only when spoken of as a goal."""
    if clause_words(sentence, m.start(), cues) & cues.negation:
        return True
    if cue.id == "leaders_meeting":
        before = {w.casefold() for w in re.findall(r"[A-Za-z]+", sentence[: m.end()])}
        return not before & cues.forward
    return False


def _candidate(
    text: str, sentences: Sequence[Sentence], index: int, cue: Cue, m: re.Match[str], cues: Cues
) -> Proposal | None:
    """Build the proposal a cue match stands for, or None when it has no detail."""
    sentence = sentences[index].text
    end_m = _CLAUSE_END.search(sentence, m.end())
    end = end_m.start() if end_m else len(sentence)
    detail = tidy_detail(sentence[m.end() if cue.after else m.start() : end].rstrip(".!?"))
    if len(detail.split()) < 2 or (cue.after and detail.casefold().startswith("by ")):
        return None  # nothing proposed, or a passive ("a plan put forward by Biden") the noun cues own
    if cue.after and _QUOTED.match(sentence, m.end()):
        return None  # "suggested that “we should…”": a quoted remark, not a proposal on the table
    if m.group().casefold().startswith("suggest") and _EPISTEMIC.search(" ".join(detail.split()[:8])):
        return None  # "the study suggested that cells might act…": a finding, not a proposal
    if cue.detail_must_not_match is not None and cue.detail_must_not_match.search(detail):
        return None
    head = " ".join(detail.split()[:_TYPE_WORDS])
    kind = next((t.type for t in cues.proposal_types if t.pattern.search(head)), "other")
    if kind == "other" and _meets_a_person(head):
        kind = "leaders_summit"
    proposer = _proposer(text, sentences, index, cue, m, cues)
    return Proposal(type=kind, proposer=proposer, detail=detail, evidence=evidence(sentences[index]))


def _meets_a_person(head: str) -> bool:
    """True when a proposed meeting is with a named person, not a state ("a meeting with Putin")."""
    m = _MEETING_WITH.search(head)
    if m is None:
        return False
    named = m.group(1)
    return first_actor(named) is None and not is_common_word(named.split()[0])


def _proposer(
    text: str, sentences: Sequence[Sentence], index: int, cue: Cue, m: re.Match[str], cues: Cues
) -> str | None:
    """Who made the proposal: the owner of the cue, the clause's subject, or the sentence's first actor."""
    sentence = sentences[index].text
    before = sentence[: m.start()]
    lead = _LEAD_POSSESSIVE.match(m.group())
    if lead is not None:
        before = sentence[: m.start() + lead.end()]
    owner = _POSSESSIVE.search(before)
    if owner is not None:
        name = _name(owner.group(1), text)
        if name is not None:
            return name
    if (author := _BY_AFTER.match(sentence, m.end())) is not None:
        named = _first_named(author.group(1), "", text, heading=False)
        if named is not None:
            return named
    if (source := _FROM_OWNER.search(m.group())) is not None:
        return first_actor(source.group(1)) or tidy_detail(source.group(1))
    subject = before[clause_start(sentence, m.start(), cues.clause_openers - {"and"}) :]
    for span in (subject, before):
        name = _first_named(span, sentence[m.start() : m.end()], text, is_heading(sentence))
        if name is not None:
            return name
    if subject_is_pronoun(subject) or subject_is_pronoun(before):
        return last_person(sentences, index)
    if cue.subject:
        group = _TRAILING_AUX.sub("", _LEADING_FILLER.sub("", subject.strip()))
        group = re.sub(r"['’]s?\s+[\w-]+$", "", group)  # "the mediators' proposal" → "mediators"
        if 0 < len(group.split()) <= 10 and _GROUP_NOUN.search(group):
            return group
    return None


def _first_named(span: str, cue: str, text: str, heading: bool) -> str | None:
    """The first actor or person named in ``span`` (the cue after it tells a surname by its verb)."""
    actor = first_actor(span)
    people = [] if heading else [(n, at) for n, at in person_names(f"{span}{cue}") if at < len(span)]
    if actor is not None and people:
        actor_at = span.find(actor) if actor in span else 0
        return actor if actor_at <= people[0][1] else full_name(people[0][0], text)
    if actor is not None:
        return actor
    if people:
        return full_name(people[0][0], text)
    return None


def _name(words: str, text: str) -> str | None:
    """An actor's canonical name or a person's full name for the owner of a possessive."""
    canon = canonical_actor(words) or first_actor(words)
    if canon is not None:
        return canon
    people = person_names(words)
    if people:
        return full_name(people[-1][0], text)
    last = words.split()[-1]
    if last.istitle() and last.isalpha() and not is_common_word(last):
        return full_name(last, text)  # a bare surname owner: "Kim's suggestion"
    return None


def _key(p: Proposal) -> str:
    """Proposers compare by canonical name, people by surname."""
    return (p.proposer or "").split()[-1].casefold() if p.proposer else ""


def _merge(out: list[Proposal], p: Proposal) -> None:
    """Add a proposal unless its proposer already made one of that type (unowned ones merge by wording)."""
    for k, q in enumerate(out):
        if q.type != p.type:
            continue
        if p.proposer is not None and _key(q) == _key(p):
            return
        if p.proposer is None and q.proposer is None and _overlap(p.detail, q.detail) >= 0.5:
            return
        if p.proposer is None and q.proposer is not None and _overlap(p.detail, q.detail) >= 0.5:
            return
        if p.proposer is not None and q.proposer is None and _overlap(p.detail, q.detail) >= 0.5:
            out[k] = replace(q, proposer=p.proposer)
            return
    out.append(p)


def _backfill(out: list[Proposal], sentence: str) -> None:
    """Give the latest unowned proposal the proposer a later sentence names ("initiated by the U.S.")."""
    m = _AUTHORED_BY.search(sentence)
    if m is None:
        return
    by = first_actor(m.group("by"))
    if by is None:
        return
    for k in range(len(out) - 1, -1, -1):
        if out[k].proposer is None:
            out[k] = replace(out[k], proposer=by)
            return


def _overlap(a: str, b: str) -> float:
    """Share of content words two details have in common (Jaccard)."""
    wa = {w for w in re.findall(r"[a-z]{4,}", a.casefold())}
    wb = {w for w in re.findall(r"[a-z]{4,}", b.casefold())}
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0
