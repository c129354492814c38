"""Deadlines and ultimatums: who set a time limit on whom, how long or until when, and what follows.

A deadline needs a time limit ("within 50 days", "gave Tehran two months to", "by July 9",
"has until Friday", "by Christmas") and, in the same sentence, a threat: a threat word, a
consequence, or a condition ("if … not …, fighting will continue"; "or face …"). A span
alone ("talks lasted two weeks", "elections in two months") is never one. The issuer is the
person (else the state) who threatens: the speaker before the limit, the one the sentence
ends on ("…, the E3 warned"), the owner of a named deadline ("Trump's ultimatum"), else who
announced the same consequence elsewhere in the article. Dates are stored only when the text
and the publication date fix them; a movable holiday nobody dates ("by Ramadan") still makes a
deadline, with no date, when its issuer and consequence are clear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
from extractors.negotiation.cues import DEADLINE_CUE_TYPES, Cue, Cues
from extractors.negotiation.dates import duration_days
from extractors.negotiation.limits import deadline_date, movable_holiday
from extractors.negotiation.sentences import Sentence, evidence
from extractors.records import Deadline

__all__ = ["DEADLINE_CUE_TYPES", "extract_deadlines"]


# The verb that issues a threat; the issuer is named before it, the target after it.
_ISSUING = re.compile(
    r"\b(?:warned|warns|threatened|threatens|threatening|said|says|gave|given|gives|set|sets|announced|announces|"
    r"issued|issues|imposed|ordered|told|demanded|vowed|granted|declared|extended|extends|moved|moves|"
    r"shortened|brought)\b",
    re.IGNORECASE,
)
_GIVING = re.compile(r"(?:gave|give|gives|giving|given|granted|grants)\b", re.IGNORECASE)
# Before the limit, these make the sentence's subject the one the limit binds: "Iran has until Sunday",
# "the junta has 30 days", "Iran was given two months".
_HOLDS = re.compile(r"\b(?:has|have|had)\s+(?:only\s+|just\s+)?$", re.IGNORECASE)
_HOLDS_AT = re.compile(r"(?:has|have|had)\b", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|is|are|being)\s+$", re.IGNORECASE)
# "…, the E3 warned." / "…, Trump said on Monday, or …" / "…, warned Prime Minister Mark Carney."
_SPEAKER_AFTER = re.compile(
    r",\s*(?P<who>(?:[^\s,;:\"“”]+\s+){0,5}?[^\s,;:\"“”]+)\s+(?:has\s+|had\s+|have\s+)?(?:said|says|warned|"
    r"warns|threatened|added|declared|announced|insisted|told\s+[^,;.]{1,40}?)(?:\s+on\s+\w+|\s+\w+day)?"
    r"\s*(?=[,.!?\"”]|$)|"
    r",\s*(?:said|warned|added|declared)\s+(?P<who2>[^,;]{2,60}?)\s*[.!?\"”]*\s*$",
    re.IGNORECASE,
)
# "the ultimatum issued by President Paul Kagame": the agent of a passive issuing verb.
_BY_AGENT = re.compile(
    r"\s+by\s+(?P<who>(?:the\s+)?[A-Z][^,;.]{1,50}?)(?=\s+(?:[a-z]+s|expires?|expired|ends?|runs?)\b|[,;.]|$)"
)
_MONTH_ONLY = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{4})?"
)
# "Trump's ultimatum", "Washington's 30-day deadline": the owner of a named limit set it.
_OWNER = re.compile(
    r"\b(?P<who>(?-i:[A-Z][\w.-]*(?:\s+[A-Z][\w-]*){0,2}))['’]s\s+(?:\S+\s+){0,3}?(?:deadline|ultimatum)\b",
    re.IGNORECASE,
)
# "Iran was given a week to respond by the E3": the agent named after a passive limit.
_AGENT = re.compile(r"^[^,;]{0,40}?\bby\s+(?P<who>(?:the\s+)?[A-Z][^,;.]{1,40})")
# "Trump on Monday moved his deadline": a time between subject and verb hides the subject's verb.
_WHEN_BEFORE_VERB = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:last|this|earlier|later)\s+"
    r"(?:week|month|year)|earlier|later|again|also|now)(?=\s*$)"
)
_OR_ELSE = re.compile(
    r"[^.;]{0,60}?\bor\s+(?:else|face|risk|(?:\S+\s+){0,3}?(?:will|would)\b)", re.IGNORECASE
)
# "the Aug. 8 deadline set by Trump", "the deadline Trump set for Moscow": who set a limit named first.
_SET_AFTER = re.compile(
    r"[\s,]*(?:\w+\s+){0,2}?(?:(?:set|imposed|issued|given|announced|laid\s+down)\s+by\s+(?P<by>(?:the\s+)?"
    r"[A-Z][^,;.]{1,40}?)(?=\s+(?:for|on|to|in|last|this|earlier|after)\b|[,;.]|$)|(?P<who>(?-i:[A-Z][\w.-]*"
    r"(?:\s+[A-Z][\w-]*){0,2}))\s+(?:had\s+|has\s+)?(?:set|imposed|issued|gave|announced|laid\s+down)\b)"
)
_FIRM_LIMIT = re.compile(
    r"\b(?:deadline|ultimatum|effect|force|imposed|kicks?\s+in|starting|beginning|effective)\b", re.IGNORECASE
)
_RAN_OUT = re.compile(r"\b(?:expired|passed|lapsed|ran\s+out|ended)\b", re.IGNORECASE)
_LONE_NAME = re.compile(r"\s+([A-Z][a-z]+)\b")
_ANNOUNCING = r"\b(?:announced|threatened|imposed|ordered|slapped|unveiled|decreed|signed)\b"
_LEAD_WORDS = re.compile(r"^(?:(?:the|a|an|then|that|will|would|shall|be)\s+)+", re.IGNORECASE)
_MAX_CONSEQUENCE_WORDS = 6


@dataclass(frozen=True)
class _Threat:
    """What makes a sentence a threat, and the consequence its own wording names (if any)."""

    consequence: str | None
    worded: bool  # a threat word or consequence term, not only a condition ("if … not …, … will")


def extract_deadlines(
    text: str, sentences: Sequence[Sentence], published: dt.date | None, cues: Cues
) -> tuple[Deadline, ...]:
    """Find the deadlines and ultimatums an article reports, one per issuer and time limit.

    Args:
        text: the article text (for full names and the dates of movable holidays).
        sentences: the article's sentences, in order.
        published: the publication date that dates without a year resolve against, or None.
        cues: the cue lexicon.

    Returns:
        The deadlines in order of first mention; ones whose issuer cannot be found are left out.
    """
    limits = tuple(c for c in cues.deadlines if c.type not in ("threat", "plan"))
    threats = tuple(c for c in cues.deadlines if c.type == "threat")
    plans = tuple(c for c in cues.deadlines if c.type == "plan")
    found: list[Deadline] = []
    for index, s in enumerate(sentences):
        possible = cues.any_limit.possible(s.text)  # most sentences set no time limit at all
        if possible is not None and not possible:
            continue
        threat = _threat(s.text, cues, threats)
        if threat is None:
            continue
        for k, cue in enumerate(limits):
            if possible is not None and k not in possible:
                continue
            for m in cue.pattern.finditer(s.text):
                if _planned(s.text, m, plans):
                    continue
                record = _deadline(text, sentences, index, m, published, cues, threat)
                if record is not None:
                    _merge(found, record)
    return tuple(d for d in found if d.issuer is not None)


def _threat(sentence: str, cues: Cues, threats: Sequence[Cue]) -> _Threat | None:
    """The sentence's threat (a threat word, a consequence or a conditional threat), or None."""
    worded = cues.threat_re.search(sentence.casefold()) is not None
    possible = cues.any_threat.possible(sentence)
    for k, cue in enumerate(threats):
        if possible is not None and k not in possible:
            continue
        m = cue.pattern.search(sentence)
        if m is not None:
            phrase = next((v for k, v in m.groupdict().items() if k.startswith("consequence") and v), None)
            return _Threat(_short(phrase) if phrase else None, worded)
    return _Threat(None, True) if worded else None


def _planned(sentence: str, m: re.Match[str], plans: Sequence[Cue]) -> bool:
    """True when the limit dates a meeting or a hope, not a demand ("hope to sign a deal | by May 1");
    an alternative right after it ("wants a deal by Friday, or tariffs will rise") makes it a demand."""
    if _OR_ELSE.match(sentence, m.end()) or _FIRM_LIMIT.search(m.group()):
        return False  # "meet the Friday deadline", "due to take effect on August 1": firm, whatever precedes
    return any(c.pattern.search(sentence, 0, m.start()) is not None for c in plans)


def _deadline(
    text: str,
    sentences: Sequence[Sentence],
    index: int,
    m: re.Match[str],
    published: dt.date | None,
    cues: Cues,
    threat: _Threat,
) -> Deadline | None:
    """The deadline one time-limit match stands for, or None when it fixes neither days nor date."""
    limit = _limit(m, published, text)
    if limit is None:
        return None
    days, date = limit
    sentence = sentences[index].text
    consequence = _consequence(sentence, cues) or threat.consequence
    if days is None and date is None and consequence is None:
        return None  # an undated limit ("by Ramadan") counts only with its consequence
    holds = _holds(sentence, m)
    verbs = list(_ISSUING.finditer(sentence, 0, m.start() if holds else m.end()))
    verb = verbs[-1] if verbs else None  # the nearest: "a threatened tariff that Trump said would…"
    if verb is not None:
        agent = _BY_AGENT.match(sentence, verb.end())  # "the ultimatum issued by President Paul Kagame"
        issuer = (
            _name(text, agent.group("who"))
            if agent
            else _issuer(text, sentences, index, sentence[: verb.start()], sentence[: verb.end()], cues)
        ) or _speaker_after(text, sentences, index, m.end())  # "The army issued …, X said"
    else:
        issuer = _unvoiced_issuer(text, sentences, index, m, cues, holds=holds, worded=threat.worded)
    if holds:
        target = _holder(sentence[: m.start()], issuer)
    else:
        target = _target(sentence, verb.end() if verb else 0, issuer)
    return Deadline(
        issuer=issuer,
        target=target,
        days=days,
        date=date,
        consequence=consequence,
        evidence=evidence(sentences[index]),
    )


def _limit(
    m: re.Match[str], published: dt.date | None, text: str
) -> tuple[int | None, dt.date | None] | None:
    """The days and date a limit fixes; (None, None) for a movable holiday or a bare month; else None."""
    groups = m.groupdict()
    days = duration_days(groups["days"]) if groups.get("days") else None
    phrase = groups.get("date")
    past = _RAN_OUT.search(m.group()) is not None  # "the ultimatum expired on Sunday"
    date = deadline_date(phrase, published, text, past=past) if phrase else None
    if days is not None or date is not None:
        return days, date
    # "by Ramadan", "by September": a limit the text names without fixing its day
    if phrase is not None and (movable_holiday(phrase) or _MONTH_ONLY.fullmatch(phrase)):
        return None, None
    return None


def _unvoiced_issuer(
    text: str,
    sentences: Sequence[Sentence],
    index: int,
    m: re.Match[str],
    cues: Cues,
    *,
    holds: bool,
    worded: bool,
) -> str | None:
    """The issuer when no issuing verb precedes the limit: who set it ("the Friday deadline Trump set"),
    the speaker after it, the owner of the deadline, the agent of a passive ("was given a week by the
    E3"), else whoever announced the same consequence elsewhere."""
    sentence = sentences[index].text
    after = sentence[m.end() :]
    setter = _SET_AFTER.match(after)
    issuer = (
        (_name(text, setter.group("who") or setter.group("by")) if setter else None)
        or _speaker_after(text, sentences, index, m.end())
        or _owner(text, sentence, m.end())
    )
    if issuer is not None:
        return issuer
    if holds:  # the subject is the target, so only a named agent can be the issuer
        agent = _AGENT.search(after)
        return first_actor(agent.group("who")) if agent else None
    if not worded:  # a bare condition ("if … not …, … will") counts only when someone voices it
        return None
    # With no issuing verb the subject before the limit is usually the target ("Russia must agree within
    # 50 days or face tariffs"), so only a person announcing the same consequence elsewhere can be the issuer.
    return _issuer(text, sentences, index, "", "", cues)


def _holds(sentence: str, m: re.Match[str]) -> bool:
    """True when the sentence's subject is bound by the limit ("Iran has until…", "Iran was given…")."""
    before = sentence[: m.start()]
    if _GIVING.match(m.group()):
        return _PASSIVE.search(before) is not None
    return _HOLDS_AT.match(m.group()) is not None or _HOLDS.search(before) is not None


def _issuer(
    text: str, sentences: Sequence[Sentence], index: int, span: str, with_verb: str, cues: Cues
) -> str | None:
    """A person named before the threat, else a state or group, else whoever announced the consequence."""
    heading = is_heading(sentences[index].text)
    if with_verb:  # any issuing verb marks a lone surname before it as a person, as "said" does
        span = _WHEN_BEFORE_VERB.sub("", span)
        with_verb = f"{span.rstrip()} said"
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


def _speaker_after(text: str, sentences: Sequence[Sentence], index: int, end: int) -> str | None:
    """The person or state a sentence ends by attributing it to ("…, the E3 warned."), if any;
    "he" is the person named earlier in the same sentence, else in the sentences before."""
    sentence = sentences[index].text
    m = _SPEAKER_AFTER.search(sentence, end)
    if m is None:
        return None
    who = m.group("who") or m.group("who2")
    if subject_is_pronoun(who):
        named = person_names(sentence[: m.start()])
        return full_name(named[0][0], text) if named else last_person(sentences, index)
    return _name(text, who)


def _name(text: str, who: str) -> str | None:
    """The person (full name) or else the state or group that a short noun phrase names."""
    people = person_names(f"{who} said")  # a lone surname counts as a name before a speech verb
    if people:
        return full_name(people[0][0], text)
    return first_actor(who)


def _owner(text: str, sentence: str, end: int) -> str | None:
    """The person or state whose deadline the sentence names ("Trump's ultimatum"), if any."""
    for m in _OWNER.finditer(sentence, 0, end + 40):
        who = m.group("who")
        actor = first_actor(who)
        if actor is not None:
            return actor
        words = who.split()
        if not any(is_common_word(w) for w in words):
            return full_name(who, text)
    return None


def _holder(before: str, issuer: str | None) -> str | None:
    """The subject the limit binds: the last state, group or person named before it."""
    actors = [a.canonical for a in find_actors(before) if a.kind != "city" and a.canonical != issuer]
    if actors:
        return actors[-1]
    people = [name for name, _ in person_names(before) if issuer is None or name not in issuer]
    return people[-1] if people else None


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


def _short(phrase: str) -> str | None:
    """A consequence as a short phrase: "the offensive will resume everywhere" → "offensive will resume"."""
    words = _LEAD_WORDS.sub("", " ".join(phrase.split())).strip(" ,;:-—–\"“”'‘’").split()
    return " ".join(words[:_MAX_CONSEQUENCE_WORDS]) or None


def _merge(found: list[Deadline], new: Deadline) -> None:
    """Fold a repeated mention of the same time limit into the first, filling what it lacked."""
    for k, old in enumerate(found):
        same_limit = (
            (new.days is not None and new.days == old.days)
            or (new.date is not None and new.date == old.date)
            or (new.days is None and new.date is None and old.days is None and old.date is None)
        )
        same_issuer = new.issuer is None or old.issuer is None or _surname(new.issuer) == _surname(old.issuer)
        same_sentence = new.evidence.start == old.evidence.start  # "a 50-day ultimatum … runs out on Sept 2"
        if (same_limit or same_sentence) and same_issuer:
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
