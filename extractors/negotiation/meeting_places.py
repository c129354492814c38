"""Where meetings took place: the places a text names and which of them is the main meeting's city.

The city gazetteer knows capitals and large cities; meetings also happen in border
towns, resorts and villages it does not list, which news introduces in a few set
ways ("the border town of Naqoura", "in Sochi, Russia"). The main meeting's city is
the first place its sentences put it in, skipping places of another meeting: one
still to come ("will meet again in Astana") or one with its own date ("held in
Brussels on 27 February"). A dateline names the city only when no sentence does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import CityMention, actor_kind, canonical_actor
from extractors.negotiation.datelines import Dateline
from extractors.negotiation.dates import DateMention
from extractors.negotiation.meeting_dates import speech_date
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import TalkRules
from extractors.negotiation.tensed_dates import local_tense, tense_marker, tensed_dates

__all__ = [
    "LOCATIVE_BEFORE",
    "Place",
    "dated_place",
    "find_places",
    "future_place",
    "later_meeting_place",
    "main_city",
]

LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|inside|outside|near)\s+(?:the\s+\w+\s+(?:of\s+)?|the\s+"
    # "in Yemen's capital Sanaa", "in the Qatari capital, Doha": the place is the city named after.
    r"|(?:the\s+[\w-]+(?:\s+[\w-]+)?|[\w-]+(?:'s|’s))\s+(?:capital|city|town|village|port|resort)\s*,?\s+(?:of\s+)?"
    # "in central Hanoi", "in downtown Nairobi", "in the northern Iraqi city of Erbil"
    r"|(?:the\s+)?(?:central|downtown|northern|southern|eastern|western|north-eastern|north-western|"
    r"south-eastern|south-western|northeastern|northwestern|southeastern|southwestern|coastal|old|"
    r"neighbouring|neighboring)\s+(?:[\w-]+\s+(?:city|town|village|port|resort)\s+of\s+)?)?$",
    re.IGNORECASE,
)
# A name word may carry a lower-case particle: "Sharm el-Sheikh", "Dar es-Salaam".
_NAME = r"(?-i:[A-Z][\w’'-]+(?:\s+(?:(?:de|del|la|le|el|al|sur)\s+)?(?:[a-z]{1,3}-)?[A-Z][\w’'-]+){0,2})"
# "the border town of Naqoura", "the Red Sea resort of Sharm el-Sheikh", "the Swiss city of Montreux".
_KIND_OF = re.compile(
    r"\bthe\s+(?:[\w’'-]+\s+){0,3}?(?-i:town|city|village|resort|port|hamlet|enclave|settlement|oasis|"
    rf"outpost|island|spa\s+town|seaside\s+town)\s+of\s+(?P<name>{_NAME})",
    re.IGNORECASE,
)
# "in Ohrid, North Macedonia": a place the gazetteer lacks, placed by the country named after it.
_IN_COUNTRY = re.compile(
    rf"\b(?:in|at|near|outside)\s+(?P<name>{_NAME}),\s+"
    r"(?P<country>(?-i:[A-Z][\w’'.-]+)(?:\s+(?-i:[A-Z][\w’'.-]+)){0,3})",
    re.IGNORECASE,
)
_NOT_PLACE = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "english", "french", "arabic",
     "russian", "spanish", "chinese", "general", "particular", "addition", "total", "response", "turn",
     "africa", "europe", "asia", "america", "americas", "latin", "middle", "gulf", "caucasus", "balkans",
     "sahel", "congress", "parliament", "private", "public", "practice", "theory", "short", "brief", "fact"}
)  # fmt: skip
# Between a place and its date: "in Berlin on Feb. 28", "in Ohrid, North Macedonia, on Saturday".
_PLACE_THEN_DATE = re.compile(
    r"\s*(?:,\s*(?-i:[A-Z][\w’'.-]+)(?:\s+(?-i:[A-Z][\w’'.-]+)){0,2}\s*)?,?\s*(?:on\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
_DATE_THEN_PLACE = re.compile(
    r"\s*,?\s*(?:in|at)\s+(?:the\s+(?:[\w’'-]+\s+){0,3}?(?:of\s+)?)?", re.IGNORECASE
)


# "who last met in Brussels", "a previous round in Vienna": the place of an earlier meeting.
_EARLIER_BEFORE = re.compile(
    r"\b(?:(?:last|previously|earlier|first|had|have|has)\s+(?:\w+\s+)?met|(?:previous|earlier|prior|last|first)"
    r"\s+(?:round|meeting|session|summit|talks|negotiations)"
    # "the first since the leaders met in the Slovenian town of Brdo"
    r"|\bsince\s+(?:[\w’'-]+\s+){0,4}?(?:met|(?:talks|meeting|summit|round)s?\b(?:\s+(?:were\s+)?held)?))"
    r"\s+(?:[\w’'-]+\s+){0,3}?(?:in|at)\s+(?:the\s+(?:[\w’'-]+\s+){0,3}?(?:of\s+)?)?$",
    re.IGNORECASE,
)
# "talks in Kazakhstan", "a meeting held in Tanzania": the meeting placed in a country.
_IN_A_COUNTRY = re.compile(
    r"\b(?:talks|negotiations|meetings?|summit|round|conference|consultations)\s+(?:(?:held|hosted|"
    r"being\s+held|taking\s+place|that\s+took\s+place)\s+)?in\s+(?P<name>(?-i:[A-Z][\w’'.-]+)"
    r"(?:\s+(?-i:[A-Z][\w’'.-]+)){0,3})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A city or town named in the text: from the gazetteer, or introduced as a place by the prose."""

    name: str
    country: str | None
    start: int
    end: int


def find_places(text: str, cities: Sequence[CityMention]) -> list[Place]:
    """The gazetteer's cities and the towns the prose introduces as places, in text order.

    Args:
        text: the article text.
        cities: its gazetteer city mentions.

    Returns:
        One place per mention; a town the gazetteer also knows is listed once.
    """
    out = [Place(c.name, c.country, c.start, c.end) for c in cities]
    taken = [(c.start, c.end) for c in cities]
    for pattern in (_KIND_OF, _IN_COUNTRY):
        for m in pattern.finditer(text):
            start, end = m.span("name")
            name = " ".join(m.group("name").split())
            if any(s < end and start < e for s, e in taken) or not _new_place(name):
                continue
            country: str | None = None
            if pattern is _IN_COUNTRY:
                country = _leading_state(m.group("country"))
                if country is None:
                    continue
            out.append(Place(name, country, start, end))
            taken.append((start, end))
    return sorted(out, key=lambda p: p.start)


def _new_place(name: str) -> bool:
    """True for a name that is no known actor, month, weekday or common word."""
    first = name.split()[0].casefold()
    return first not in _NOT_PLACE and canonical_actor(name) is None


def _leading_state(words: str) -> str | None:
    """The state the first one to four words name ("North Macedonia, on Saturday" → North Macedonia)."""
    parts = words.split()
    for n in range(len(parts), 0, -1):
        name = canonical_actor(" ".join(parts[:n]).rstrip(".,"))
        if name is not None and actor_kind(name) == "state":
            return name
    return None


_DESCRIBES = re.compile(r"[-‐–]\s?(?:based|born|bred|headquartered|registered|listed)\b", re.IGNORECASE)


def _placed(s: Sentence, p: Place, r: TalkRules) -> bool:
    """True when a sentence puts something in the place ("in Doha", "the Doha talks")."""
    before = s.text[: p.start - s.start]
    after = s.text[p.end - s.start :]
    if _DESCRIBES.match(after):
        return False  # "a Lagos-based consultancy": the place describes a firm, it places nothing
    return bool(LOCATIVE_BEFORE.search(before) or r.meeting.match(after.lstrip()) or _meeting_soon(after, r))


def _meeting_soon(after: str, r: TalkRules) -> bool:
    """True for "Istanbul peace talks", "Brussels summit": the city names the meeting."""
    m = re.match(r"\s+((?:[\w-]+\s+){0,2}?)([\w-]+)", after)
    if m is None:
        return False
    words = after[: m.end()].strip()
    return bool(r.meeting.search(words)) and not re.search(r"[,.;]", words)


def future_place(s: Sentence, p: Place) -> bool:
    """True when the verb before a place puts it in the future ("will meet again in Astana").

    Args:
        s: the sentence holding the place.
        p: the place.

    Returns:
        Whether the place belongs to a meeting still to come.
    """
    return local_tense(s.text, p.start - s.start) is True


# Verbs that make a clause about a meeting ("due to open in Doha", "to reconvene in Geneva").
_MEETING_VERBS = re.compile(
    r"\b(?:open|begin|start|resume|convene|reconvene|gather|sit\s+down|take\s+place|be\s+held|hold|host)\b",
    re.IGNORECASE,
)


def later_meeting_place(s: Sentence, p: Place, r: TalkRules) -> bool:
    """True when a place is where a meeting still to come will be ("will meet again in Astana",
    "agreed to hold their next meeting in Geneva"), not where something else will happen
    ("plan to reopen their consulates in Karachi").

    Args:
        s: the sentence holding the place.
        p: the place.
        r: the talk rules.

    Returns:
        Whether the place belongs to a later meeting.
    """
    at = p.start - s.start
    mark = tense_marker(s.text, at)
    if mark is None or not mark.future or not _placed(s, p, r):
        return False
    return bool(r.meeting.search(s.text, mark.start, at) or _MEETING_VERBS.search(s.text, mark.start, at))


def dated_place(
    s: Sentence, places: Sequence[Place], d: DateMention, r: TalkRules | None = None
) -> Place | None:
    """The place written right beside a date ("in Berlin on Feb. 28", "on 27 June in Washington").

    Args:
        s: the sentence.
        places: the article's places.
        d: a date mention of the sentence (offsets into the sentence).
        r: the talk rules; when given, the place must be placed as a location ("in", "at").

    Returns:
        The place, or None.
    """
    for p in places:
        if not (s.start <= p.start and p.end <= s.end):
            continue
        a, b = p.start - s.start, p.end - s.start
        beside = (b <= d.start and _PLACE_THEN_DATE.fullmatch(s.text, b, d.start)) or (
            d.end <= a and _DATE_THEN_PLACE.fullmatch(s.text, d.end, a)
        )
        if beside and (r is None or _placed(s, p, r)):
            return p
    return None


def main_city(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    places: Sequence[Place],
    dateline: Dateline | None,
    r: TalkRules,
    *,
    published: dt.date | None = None,
    days: Collection[dt.date] = (),
    ahead: bool = False,
) -> tuple[str | None, int | None]:
    """The first place the main meeting's sentences put it in (else the dateline's city), and its sentence.

    Args:
        sentences: the article's sentences.
        main_idx: the main meeting's sentences, in the order they are trusted.
        places: the article's places (:func:`find_places`).
        dateline: the article's dateline.
        r: the talk rules.
        published: the publication date.
        days: the main meeting's days, when its date is known: a place dated to another day is
            another meeting's.
        ahead: the main meeting is still to come; otherwise a place in the future tense belongs
            to a later meeting.

    Returns:
        The city and the index of its sentence, or (None, None).
    """
    for i in main_idx:
        s = sentences[i]
        dates: list[DateMention] | None = None
        for p in places:
            if not (s.start <= p.start and p.end <= s.end):
                continue
            if dateline is not None and dateline.start <= p.start < dateline.end:
                continue
            if not _placed(s, p, r) or (not ahead and future_place(s, p)):
                continue
            if _EARLIER_BEFORE.search(s.text, max(0, p.start - s.start - 80), p.start - s.start):
                continue  # "the two, who last met in Brussels, …": an earlier meeting's city
            if days:
                if dates is None:
                    dates = [
                        d for d in tensed_dates(s.text, published) if d.date and not speech_date(s.text, d, r)
                    ]
                if any(d.date not in days and dated_place(s, [p], d) for d in dates):
                    continue  # "which was held in New Delhi on February 6": another meeting's city
            return p.name, i
    if dateline is not None and not _placed_in_another_country(sentences, main_idx, dateline):
        at = next((k for k, s in enumerate(sentences) if s.start <= dateline.start < s.end), None)
        return dateline.city, at
    return None, None


def _placed_in_another_country(
    sentences: Sequence[Sentence], main_idx: Sequence[int], dateline: Dateline
) -> bool:
    """True when the text puts the meeting in a country the dateline's city is not in ("MOSCOW - … ended
    talks in Kazakhstan"): the story was filed away from the meeting."""
    if dateline.country is None:
        return False
    for i in main_idx:
        for m in _IN_A_COUNTRY.finditer(sentences[i].text):
            state = _leading_state(m.group("name"))
            if state is not None and state != dateline.country:
                return True
    return False
