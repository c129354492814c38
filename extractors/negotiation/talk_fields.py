"""The main meeting's fields, each read from the first of its sentences that states it clearly.

Unclear values are None, never guessed. The date helpers also say which sentence a
date came from, so the caller can cite it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import CityMention, canonical_actor, city_country
from extractors.negotiation.dates import DateMention, find_dates, span_days
from extractors.negotiation.prefilter import Prefilter
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import STATUSES, TalkRules

__all__ = [
    "LOCATIVE_BEFORE",
    "Dateline",
    "cue",
    "find_dateline",
    "forget_cues",
    "length_days",
    "main_city",
    "main_date",
    "main_round",
    "main_status",
    "main_venue",
    "other_status",
    "usable_dates",
]

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15,
}  # fmt: skip
_ORD_RE = "|".join(_ORDINALS)
_ROUND = re.compile(
    rf"\b(?:(?P<word>{_ORD_RE})|(?P<num>\d{{1,2}})(?:st|nd|rd|th))\s+"
    r"(?:such\s+|new\s+|formal\s+|official\s+|full\s+|direct\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>round|session|meeting|sitting|conference|cycle)s?\b"
    rf"|\bround\s+(?P<after>\d{{1,2}}|{_ORD_RE})\b",
    re.IGNORECASE,
)
_ROUND_WORDS = Prefilter([_ROUND])  # most sentences hold no "round", "session" …: skip them at once
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z .'’-]{1,40}?)(?:,\s*[A-Z][A-Za-z .]{1,30}?)?(?:\s*\([^)\n]{1,30}\))?\s*"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*)?"
    r"(?:\((?:[A-Z][\w.&’'-]*\s*){1,4}\)\s*)?(?:[-—–]|\(Reuters\)|\(AP\))\s",  # "(Continental Wire) -"
    re.MULTILINE,
)
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|inside|outside|near)\s+(?:the\s+\w+\s+(?:of\s+)?|the\s+"
    # "in Yemen's capital Sanaa", "in the Qatari capital, Doha": the place is the city named after.
    r"|(?:the\s+[\w-]+|[\w-]+(?:'s|’s))\s+(?:capital|city|town|port|resort)\s*,?\s+)?$",
    re.IGNORECASE,
)
_NOT_DATE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|within|deadline\s+of|expires?\s+(?:on|in)?)\s*$", re.IGNORECASE
)
# "postponed until March 5": the date after it is the meeting's new date, not a deadline.
_MOVED_TO = re.compile(
    r"\b(?:postponed|delayed|pushed\s+back|put\s+off|moved|rescheduled)\s+(?:\w+\s+){0,3}?(?:until|till|to|for)\s*$",
    re.IGNORECASE,
)
# "postponed until March 5", "rescheduled for next week": the meeting has a new date.
_MOVED_AHEAD = re.compile(
    r"\b(?:postponed|delayed|pushed\s+back|put\s+off|moved|rescheduled)\s+(?:\w+\s+){0,3}?(?:until|till|to|for)\b",
    re.IGNORECASE,
)
_WAS_DUE = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:due|scheduled|set|planned|supposed|expected)\s+to\b|\b(?:was|were)\s+to\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_NEAR_MEETING = 40  # a date further than this from every meeting word dates something else
_DAYS_LONG = re.compile(
    r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)[- ]day\s+(?:\w+\s+){0,2}?"
    r"(?:talks|meeting|session|conference|summit|negotiations)\b"
    r"|\bafter\s+(?P<n2>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings|discussions)\b"
    r"|\b(?P<n3>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings|discussions)\b",
    re.IGNORECASE,
)
# "after a day of talks in Abu Dhabi": whatever the sentence dates (an agreement) ended the talks.
_AFTER_DAYS_OF = re.compile(
    r"\bafter\s+(?:a|one|\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings|discussions)\b",
    re.IGNORECASE,
)
# "was due to take place in Brussels on Thursday", "a round that opened at a Doha hotel on Friday":
# the date right after such a clause is the meeting's, however far the meeting word is.
_HELD_ON = re.compile(
    r"\b(?:(?:take|took|taking|takes)\s+place|(?:be|been|being|is|was|were|are)\s+held|convened|opened|"
    r"began|begun|started|resumed|kicked\s+off|got\s+under\s+way)"
    r"\s+(?:(?:in|at)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){1,3}?)?(?:on\s+)?$",
    re.IGNORECASE,
)
# "ended a second day on Tuesday": the talks began a day earlier and are not over.
_NTH_DAY_BEFORE = re.compile(
    r"\b(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+day"
    r"(?:\s+of\s+(?:\w+\s+){0,2}?(?:talks|negotiations|meetings?|discussions))?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_NTH_DAY = re.compile(
    r"\b(?:ended|closed|wrapped\s+up|began|opened|entered|started|went\s+into)\s+(?:a|its|the|their)\s+"
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+day\b",
    re.IGNORECASE,
)
_ORDINAL_DAYS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10,
}  # fmt: skip
_ENDED = re.compile(
    r"\b(?:ended|concluded|wrapped\s+up|closed(?!\s+doors)|broke\s+(?:up|down)|adjourned)\b", re.IGNORECASE
)
# What was said or announced once the day's meeting was over ("told reporters after the talks").
_AFTER_MEETING = re.compile(
    r"\b(?:after|following|at\s+the\s+end\s+of)\s+(?:the|this|today's|today’s|\w+day's|\w+day’s)\s+"
    r"(?:\w+\s+)?(?:meeting|talks|session|negotiations)\b(?!\s+(?:in|on)\s+\w+\s+(?:last|earlier))",
    re.IGNORECASE,
)
# Headline present tense of a meeting that started: the meeting is still going on.
_HEADLINE_NOW = re.compile(
    r"\b(?:resume|resumes|open|opens|begin|begins|start|starts|continue|continues|enter|enters|kick\s+off|"
    r"kicks\s+off|hold|holds|underway|under\s+way)\b",
    re.IGNORECASE,
)
_RECENT_DAYS = 2
_SINCE_BEGAN = re.compile(
    r"\bsince\b[^.;]{0,40}?\b(?:began|begun|started|opened|kicked\s+off)\b", re.IGNORECASE
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|set\s+to|due\s+to|to\s+hold|scheduled|plans?\s+to|next)\b"
)


@dataclass(frozen=True)
class Dateline:
    """The "GENEVA, March 20 -" opening of a wire story: where it was filed and where the line ends."""

    city: str
    country: str | None
    start: int
    end: int


def find_dateline(text: str) -> Dateline | None:
    """The wire-style dateline at the head of the article, if any."""
    for line_no, m in enumerate(_DATELINE.finditer(text[:2000])):
        if line_no > 2:
            break
        raw = " ".join(m.group("city").split())
        if not raw.isupper() and not m.group("date"):
            continue
        name = raw.title() if raw.isupper() else raw
        country = city_country(name)
        if country is None and canonical_actor(name) is None and not raw.isupper():
            continue
        return Dateline(name, country, m.start(), m.end())
    return None


def main_city(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    cities: Sequence[CityMention],
    dateline: Dateline | None,
    r: TalkRules,
) -> tuple[str | None, int | None]:
    """The first city placed as the meeting's location (else the dateline's), and its sentence."""
    for i in main_idx:
        s = sentences[i]
        for c in cities:
            if not (s.start <= c.start and c.end <= s.end) or (dateline and c.start < dateline.end):
                continue
            before = s.text[: c.start - s.start]
            after = s.text[c.end - s.start :]
            if LOCATIVE_BEFORE.search(before) or r.meeting.match(after.lstrip()) or _meeting_soon(after, r):
                return c.name, i
    if dateline is not None:
        at = next((k for k, s in enumerate(sentences) if s.start <= dateline.start < s.end), None)
        return dateline.city, at
    return None, None


def _meeting_soon(after: str, r: TalkRules) -> bool:
    """True for "Istanbul peace talks", "Brussels summit": the city names the meeting."""
    m = re.match(r"\s+((?:[\w-]+\s+){0,2}?)([\w-]+)", after)
    if m is None:
        return False
    words = after[: m.end()].strip()
    return bool(r.meeting.search(words)) and not re.search(r"[,.;]", words)


def main_venue(
    sentences: Sequence[Sentence], main_idx: Sequence[int], r: TalkRules
) -> tuple[str | None, int | None]:
    """The first named building in the meeting's sentences ("Ciragan Palace"), and its sentence."""
    for i in main_idx:
        s = sentences[i]
        for m in r.venue.finditer(s.text):
            name = m.group("venue")
            name = re.sub(r"^(?:The|A|An)\s+", "", name)
            before = s.text[: m.start()]
            if name in r.metonym_venues and not re.search(r"\b(?:at|in)\s+(?:the\s+)?$", before):
                continue
            if not re.search(r"\b(?:at|in|inside|to)\s+(?:the\s+)?(?:[a-z]+\s+)?$", before):
                continue
            return name, i
    return None, None


def usable_dates(
    s: Sentence, published: dt.date | None, dateline: Dateline | None, r: TalkRules
) -> list[DateMention]:
    """Date mentions of a sentence that can date a meeting: near a meeting word, no deadlines or datelines."""
    future = bool(_FUTURE.search(s.text)) or None
    meetings = [(m.start(), m.end()) for m in r.meeting.finditer(s.text)]
    out = []
    for d in find_dates(s.text, published, future=future):
        if d.kind == "span" or d.date is None:
            continue
        if dateline is not None and s.start + d.start < dateline.end:
            continue
        moved = _MOVED_TO.search(s.text[: d.start])
        if _NOT_DATE_BEFORE.search(s.text[: d.start]) and not moved:
            continue
        placed = bool(meetings) and (
            _HELD_ON.search(s.text[: d.start]) is not None
            or _NTH_DAY_BEFORE.search(s.text[: d.start]) is not None
            or _AFTER_DAYS_OF.search(s.text) is not None
        )
        if (
            not moved
            and not placed
            and not any(d.start - e <= _NEAR_MEETING and b - d.end <= _NEAR_MEETING for b, e in meetings)
        ):
            continue
        out.append(d)
    return out


def main_date(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    published: dt.date | None,
    dateline: Dateline | None,
    r: TalkRules,
) -> tuple[dt.date | None, int | None]:
    """The main meeting's first day and its sentence; counts back over "N-day talks" that ended."""
    days = length_days(sentences, main_idx)
    for rank, i in enumerate(main_idx):
        after_days = _DAYS_LONG.search(sentences[i].text)
        ended = bool(_ENDED.search(sentences[i].text) or (after_days and after_days.group("n2")))
        found = usable_dates(sentences[i], published, dateline, r)
        if found and found[0].date is not None:
            day = found[0].date
            nth = _NTH_DAY_BEFORE.search(sentences[i].text[: found[0].start])
            if nth is not None:  # "ended a second day on Tuesday": count back to the first day
                return day - dt.timedelta(days=_day_number(nth.group("ord")) - 1), i
            if days and ended:
                day -= dt.timedelta(days=days - 1)
            return day, i
        if ended and days and published is not None and rank < 3:
            return published - dt.timedelta(days=days - 1), i  # "ended talks" in a report: ended today
    return None, None


def length_days(sentences: Sequence[Sentence], main_idx: Sequence[int]) -> int | None:
    """How many days the main meeting lasted, when the text says ("three-day talks")."""
    for i in main_idx:
        m = _DAYS_LONG.search(sentences[i].text)
        if m:
            return span_days(f"{m.group('n') or m.group('n2') or m.group('n3')} days")
    return None


def _day_number(ordinal: str) -> int:
    """ "second" → 2, "3rd" → 3."""
    low = ordinal.casefold()
    return _ORDINAL_DAYS.get(low) or int(re.sub(r"\D", "", low) or 1)


def main_round(
    sentences: Sequence[Sentence], main_idx: Sequence[int], other: set[int]
) -> tuple[int | None, int | None]:
    """The ordinal of the main meeting ("third round" → 3; "first" only with "round"), and its sentence."""
    order = list(main_idx) + [i for i in range(len(sentences)) if i not in other and i not in main_idx]
    for i in order:
        if not _ROUND_WORDS.may_match(sentences[i].text):
            continue
        for m in _ROUND.finditer(sentences[i].text):
            before = sentences[i].text[: m.start()].casefold().split()[-2:]
            if any(w in ("previous", "last", "earlier", "prior", "past") for w in before):
                continue
            word = (m.group("word") or m.group("after") or "").casefold()
            value = _ORDINALS.get(word) or (int(word) if word.isdigit() else None)
            if value is None and m.group("num"):
                value = int(m.group("num"))
            if value == 1 and (m.group("noun") or "round").casefold() != "round":
                continue
            if value:
                return value, i
    return None, None


def main_status(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    date: dt.date | None,
    date_at: int | None,
    published: dt.date | None,
    r: TalkRules,
) -> tuple[str, int | None]:
    """held | ongoing | scheduled | proposed | cancelled (from the date and the tense), and its sentence."""
    if date is not None and published is not None and date_at is not None:
        text = sentences[date_at].text
        if date < published and _NTH_DAY.search(text) and not cue(text, r, "cancelled"):
            return "ongoing", date_at  # "ended a second day": a day is over, not the talks
        if cue(text, r, "cancelled"):
            # a postponed meeting with a new date ahead is scheduled; without one it is cancelled (the
            # date of "a meeting that was due to take place on Thursday" is the one called off)
            new_date = _MOVED_AHEAD.search(text) is not None or (
                cue(text, r, "scheduled") and not _WAS_DUE.search(text)
            )
            return ("scheduled" if date > published and new_date else "cancelled"), date_at
        if date > published:
            return ("proposed" if cue(text, r, "proposed") else "scheduled"), date_at
        if date == published:  # today's meeting: over if the sentence says how it ended
            if any(_AFTER_MEETING.search(sentences[i].text) for i in main_idx):
                return "held", date_at  # "told reporters after the meeting": it is over
            return _same_day_status(text, [sentences[i].text for i in main_idx[:3]], r), date_at
        if cue(text, r, "ongoing") or _SINCE_BEGAN.search(text):
            return "ongoing", date_at
        if cue(text, r, "held"):
            return "held", date_at
        recent = (published - date).days <= _RECENT_DAYS
        lead = [sentences[i].text for i in main_idx[:3]]
        if recent and _HEADLINE_NOW.search(sentences[0].text) and not any(_ENDED.search(t) for t in lead):
            return "ongoing", date_at  # "talks resume in Cairo" over a report of yesterday's opening
        return "held", date_at
    for i in main_idx[:4]:
        text = sentences[i].text
        for status in STATUSES:
            if cue(text, r, status):
                return status, i
    return "held", (main_idx[0] if main_idx else None)


def _same_day_status(text: str, lead: Sequence[str], r: TalkRules) -> str:
    """A meeting dated the day of the report: ``held`` when the text says how it ended ("agreed",
    "failed to reach", "ended"), ``ongoing`` when the lead says it is under way ("are being held") or
    says only that the sides met."""
    if _ENDED.search(text):
        return "held"
    if any(cue(t, r, "ongoing") for t in (text, *lead)):
        return "ongoing"
    ended = [m.group().casefold() for p in r.status["held"] for m in p.finditer(text)]
    return "held" if any(w not in _BARE_MEETING_WORDS for w in ended) else "ongoing"


_BARE_MEETING_WORDS = frozenset({"met", "held"})  # "met on Friday" says nothing of how it ended


def forget_cues() -> None:
    """Drop the memo of status cues (called when an article is done: it serves one article only)."""
    _any_search.cache_clear()


def cue(text: str, r: TalkRules, status: str) -> bool:
    """True when one of the status's patterns occurs in the text."""
    return _any_search(text, r.status[status])


@functools.lru_cache(maxsize=4096)
def _any_search(text: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Whether any pattern occurs in the text: the same sentence is asked about the same status often."""
    return any(p.search(text) for p in patterns)


def other_status(text: str, date: dt.date | None, published: dt.date | None, r: TalkRules) -> str:
    """A secondary meeting's status: by its date when both dates are known, else by tense."""
    if cue(text, r, "cancelled"):
        return "cancelled"
    if date is not None and published is not None:
        if date > published:
            return "proposed" if cue(text, r, "proposed") else "scheduled"
        return "ongoing" if date == published else "held"
    for status in STATUSES:
        if cue(text, r, status):
            return status
    return "held"
