"""Deadlines and ultimatums: who set a time limit on whom, how long or until when, and what follows.

A deadline needs a stated time limit ("within 50 days", "by July 9", "take effect on
April 17") and, in the same sentence, a threat or the word deadline/ultimatum. The
issuer is the person (else the state) who threatens; when the sentence names nobody,
the person who announced or threatened the same consequence elsewhere in the article.
Dates are stored only when the text and the publication date fix them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.negotiation.actors import find_actors
from extractors.negotiation.clauses import (
    first_actor,
    full_name,
    is_common_word,
    is_heading,
    last_person,
    person_names,
    subject_is_pronoun,
)
from extractors.negotiation.cues import Cues
from extractors.negotiation.dates import resolve_date, span_days
from extractors.negotiation.sentences import Sentence, evidence
from extractors.records import Deadline

__all__ = ["extract_deadlines"]

# The verb that issues a threat; the issuer is named before it, the target after it.
_ISSUING = re.compile(
    r"\b(?:warned|warns|threatened|threatens|threatening|said|says|gave|given|gives|set|sets|announced|announces|"
    r"issued|issues|imposed|ordered|told|demanded|vowed)\b",
    re.IGNORECASE,
)
_LONE_NAME = re.compile(r"\s+([A-Z][a-z]+)\b")
_ANNOUNCING = r"\b(?:announced|threatened|imposed|ordered|slapped|unveiled|decreed|signed)\b"


def extract_deadlines(
    text: str, sentences: Sequence[Sentence], published: dt.date | None, cues: Cues
) -> tuple[Deadline, ...]:
    """Find the deadlines and ultimatums an article reports, one per issuer and time limit.

    Args:
        text: the article text (for full names).
        sentences: the article's sentences, in order.
        published: the publication date that dates without a year resolve against, or None.
        cues: the cue lexicon.

    Returns:
        The deadlines in order of first mention; ones whose issuer cannot be found are left out.
    """
    found: list[Deadline] = []
    for index, s in enumerate(sentences):
        if not _threatening(s.text, cues):
            continue
        for cue in cues.deadlines:
            for m in cue.pattern.finditer(s.text):
                record = _deadline(text, sentences, index, m, published, cues)
                if record is not None:
                    _merge(found, record)
    return tuple(d for d in found if d.issuer is not None)


def _threatening(sentence: str, cues: Cues) -> bool:
    """True when the sentence carries a threat, a consequence, or the word deadline/ultimatum."""
    low = sentence.casefold()
    return cues.threat_re.search(low) is not None


def _deadline(
    text: str,
    sentences: Sequence[Sentence],
    index: int,
    m: re.Match[str],
    published: dt.date | None,
    cues: Cues,
) -> Deadline | None:
    """The deadline one time-limit match stands for, or None when it fixes neither days nor date."""
    groups = m.groupdict()
    days = span_days(m.group()) if groups.get("days") else None
    phrase = groups.get("date") or groups.get("date2")
    date = resolve_date(phrase, published, future=True) if phrase else None
    if days is None and date is None:
        return None
    sentence = sentences[index].text
    verbs = list(_ISSUING.finditer(sentence, 0, m.end()))
    verb = verbs[-1] if verbs else None  # the nearest: "a threatened tariff that Trump said would…"
    issuer_span = sentence[: verb.start()] if verb else sentence[: m.start()]
    issuer = _issuer(text, sentences, index, issuer_span, sentence[: verb.end()] if verb else "", cues)
    target = _target(sentence, verb.end() if verb else 0, issuer)
    return Deadline(
        issuer=issuer,
        target=target,
        days=days,
        date=date,
        consequence=_consequence(sentence, cues),
        evidence=evidence(sentences[index]),
    )


def _issuer(
    text: str, sentences: Sequence[Sentence], index: int, span: str, with_verb: str, cues: Cues
) -> str | None:
    """A person named before the threat, else a state or group, else whoever announced the consequence."""
    heading = is_heading(sentences[index].text)
    people = [] if heading else [(n, at) for n, at in person_names(with_verb or span) if at < len(span)]
    if people:
        return full_name(people[0][0], text)
    clause = re.split(r"[,;:]", span)[-1]
    if subject_is_pronoun(clause):
        person = last_person(sentences, index)
        if person is not None:
            return person
        # "The E3 told Iran that …, they will trigger …": "they" is the sentence's own subject
        return first_actor(span) if clause.strip()[:4].casefold() == "they" else None
    actor = first_actor(span)
    if actor is not None:
        return actor
    consequence = _consequence(sentences[index].text, cues)
    if consequence is None:
        return None
    for s in sentences:
        hit = re.search(rf"{_ANNOUNCING}[^.;]{{0,40}}\b{re.escape(consequence)}\b", s.text, re.IGNORECASE)
        if hit is not None:
            named = person_names(s.text[: hit.start()])
            if named:
                return full_name(named[-1][0], text)
    return None


def _target(sentence: str, after: int, issuer: str | None) -> str | None:
    """The first state or group after the threat verb (anywhere when there is none), other than the issuer."""
    for mention in find_actors(sentence[after:]):
        if mention.kind != "city" and mention.canonical != issuer:
            return mention.canonical
    people = [name for name, _ in person_names(sentence[after:]) if issuer is None or name not in issuer]
    if people:
        return people[0]
    lone = _LONE_NAME.match(sentence, after)  # "gave Putin until August 8"
    return lone.group(1) if lone and not is_common_word(lone.group(1)) else None


def _consequence(sentence: str, cues: Cues) -> str | None:
    """The first consequence term of the lexicon that the sentence names."""
    low = sentence.casefold()
    for term in cues.consequences:
        if re.search(rf"\b{re.escape(term.casefold())}\b", low):
            return term
    return None


def _merge(found: list[Deadline], new: Deadline) -> None:
    """Fold a repeated mention of the same time limit into the first, filling what it lacked."""
    for k, old in enumerate(found):
        same_limit = (new.days is not None and new.days == old.days) or (
            new.date is not None and new.date == old.date
        )
        same_issuer = new.issuer is None or old.issuer is None or _surname(new.issuer) == _surname(old.issuer)
        if same_limit and same_issuer:
            found[k] = replace(
                old,
                issuer=old.issuer or new.issuer,
                target=old.target or new.target,
                days=old.days if old.days is not None else new.days,
                date=old.date or new.date,
                consequence=old.consequence or new.consequence,
            )
            return
    found.append(new)


def _surname(name: str) -> str:
    """People compare by surname, states by name."""
    return name.split()[-1].casefold()
