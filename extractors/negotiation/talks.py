"""Assemble the meetings an article reports: the main one first, then each other dated or placed one.

Sentences with a meeting word ("talks", "summit", "round") are the talk sentences;
those that speak of an earlier or different meeting ("earlier meetings on May 16")
are set aside for the secondary talks. The main meeting's city, venue, date, round
and status come from its sentences in order, the first clear value winning;
anything unclear stays None rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import (
    ActorMention,
    CityMention,
    canonical_actor,
    city_country,
    find_cities,
)
from extractors.negotiation.classify import is_negotiation
from extractors.negotiation.dates import DateMention, find_dates, span_days
from extractors.negotiation.leaders import find_leaders
from extractors.negotiation.mediation import find_mediators
from extractors.negotiation.parties import choose_parties, sentence_actors
from extractors.negotiation.sentences import Sentence, evidence
from extractors.negotiation.talk_rules import STATUSES, TalkRules, talk_rules
from extractors.records import Talk

__all__ = ["extract_talks", "find_dateline", "is_negotiation", "talk_sentence_indexes"]

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15,
}  # fmt: skip
_ORD_RE = "|".join(_ORDINALS)
_ROUND = re.compile(
    rf"\b(?:(?P<word>{_ORD_RE})|(?P<num>\d{{1,2}})(?:st|nd|rd|th))\s+"
    r"(?:such\s+|new\s+|formal\s+|official\s+|full\s+|direct\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>round|session|meeting|sitting|conference)s?\b"
    rf"|\bround\s+(?P<after>\d{{1,2}}|{_ORD_RE})\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z .'’-]{1,40}?)(?:\s*\([^)\n]{1,30}\))?\s*"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*)?(?:[-—–]|\(Reuters\)|\(AP\))\s",
    re.MULTILINE,
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|inside|outside|near)\s+(?:the\s+\w+\s+(?:of\s+)?|the\s+)?$", re.IGNORECASE
)
_NOT_DATE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|within|deadline\s+of|expires?\s+(?:on|in)?)\s*$", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_NEAR_MEETING = 40  # a date further than this from every meeting word dates something else
_DAYS_LONG = re.compile(
    r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)[- ]day\s+(?:\w+\s+){0,2}?"
    r"(?:talks|meeting|session|conference|summit|negotiations)\b"
    r"|\bafter\s+(?P<n2>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings)\b",
    re.IGNORECASE,
)
_ENDED = re.compile(
    r"\b(?:ended|concluded|wrapped\s+up|closed|broke\s+(?:up|down)|adjourned)\b", re.IGNORECASE
)
# Headline present tense of a meeting that started: the meeting is still going on.
_HEADLINE_NOW = re.compile(
    r"\b(?:resume|resumes|open|opens|begin|begins|start|starts|continue|continues|enter|enters|kick\s+off|"
    r"kicks\s+off|hold|holds|underway|under\s+way)\b",
    re.IGNORECASE,
)
_RECENT_DAYS = 2
_SINCE_BEGAN = re.compile(r"\bsince\b[^.;]{0,40}?\b(?:began|begun|started|opened|kicked\s+off)\b", re.IGNORECASE)
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


def talk_sentence_indexes(sentences: Sequence[Sentence], rules: TalkRules | None = None) -> list[int]:
    """Indexes of the sentences that name a negotiating meeting (not a press conference)."""
    r = rules or talk_rules()
    out = []
    for i, s in enumerate(sentences):
        for m in r.meeting.finditer(s.text):
            before = s.text[: m.start()].split()
            if not before or before[-1].casefold().strip("“\"'‘") not in r.not_after:
                out.append(i)
                break
    return out


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


def extract_talks(
    text: str, sentences: Sequence[Sentence], actors: Sequence[ActorMention], published: dt.date | None
) -> tuple[Talk, ...]:
    """The meetings the article reports, its main meeting first.

    Args:
        text: the article text.
        sentences: its sentences.
        actors: its actor mentions.
        published: the publication date relative dates resolve against.

    Returns:
        The talks; empty when the article names no meeting and no sides.
    """
    if not sentences:
        return ()
    r = talk_rules()
    talk_idx = talk_sentence_indexes(sentences, r)
    other = {i for i in talk_idx if _is_other(sentences[i], r, published)}
    main_idx = [i for i in talk_idx if i not in other] or talk_idx or [0]
    dateline = find_dateline(text)
    mediators_found = [m for m in find_mediators(sentences, actors, r) if m.sentence not in other]
    mediator_names = list(dict.fromkeys(m.canonical for m in mediators_found))
    parties = choose_parties(sentences, [*actors, *find_leaders(text)], set(main_idx), set(mediator_names))
    cities = find_cities(text)
    city = _main_city(sentences, main_idx, cities, dateline, r)
    if city is not None:
        host = city_country(city)
        named = {a.canonical for a in actors if a.kind in ("state", "demonym") and a.canonical == host}
        if host and host not in parties and host not in mediator_names and named:
            mediator_names.append(host)
    mediators = tuple(m for m in mediator_names if m not in parties)
    date, date_at = _main_date(sentences, main_idx, published, dateline, r)
    status = _status(sentences, main_idx, date, date_at, published, r)
    main = Talk(
        parties=parties,
        mediators=mediators,
        city=city,
        venue=_venue(sentences, [i for i in main_idx if i <= len(sentences) // 2], r),
        date=date,
        round=_round(sentences, main_idx, other),
        status=status,
        evidence=evidence(sentences[main_idx[0]]),
    )
    rest = [i for i in talk_idx if i != date_at]
    covered = set()
    if date is not None:
        length = _length_days(sentences, main_idx) or 1
        covered = {date + dt.timedelta(days=k) for k in range(length)}
    return (main, *_other_talks(sentences, rest, actors, main, covered, published, dateline, cities, r))


# --------------------------------------------------------------------------- main meeting


def _is_other(s: Sentence, r: TalkRules, published: dt.date | None) -> bool:
    """True when a talk sentence speaks of an earlier or different meeting."""
    if any(p.search(s.text) for p in r.other_talk):
        return True
    years = {int(m.group()) for m in _YEAR.finditer(s.text) if not _SINCE.search(s.text[: m.start()])}
    return bool(years) and (published is None or any(y < published.year for y in years))


def _main_city(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    cities: Sequence[CityMention],
    dateline: Dateline | None,
    r: TalkRules,
) -> str | None:
    """The first city placed as the meeting's location in its sentences, else the dateline's city."""
    for i in main_idx:
        s = sentences[i]
        for c in cities:
            if not (s.start <= c.start and c.end <= s.end) or (dateline and c.start < dateline.end):
                continue
            before = s.text[: c.start - s.start]
            after = s.text[c.end - s.start :]
            if _LOCATIVE_BEFORE.search(before) or r.meeting.match(after.lstrip()) or _meeting_soon(after, r):
                return c.name
    if dateline is not None:
        return dateline.city
    return None


def _meeting_soon(after: str, r: TalkRules) -> bool:
    """True for "Istanbul peace talks", "Brussels summit": the city names the meeting."""
    m = re.match(r"\s+((?:[\w-]+\s+){0,2}?)([\w-]+)", after)
    if m is None:
        return False
    words = after[: m.end()].strip()
    return bool(r.meeting.search(words)) and not re.search(r"[,.;]", words)


def _venue(sentences: Sequence[Sentence], main_idx: Sequence[int], r: TalkRules) -> str | None:
    """The first named building in the meeting's sentences ("Ciragan Palace")."""
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
            return name
    return None


def _usable_dates(
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
        if _NOT_DATE_BEFORE.search(s.text[: d.start]):
            continue
        if not any(d.start - e <= _NEAR_MEETING and b - d.end <= _NEAR_MEETING for b, e in meetings):
            continue
        out.append(d)
    return out


def _main_date(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    published: dt.date | None,
    dateline: Dateline | None,
    r: TalkRules,
) -> tuple[dt.date | None, int | None]:
    """The main meeting's first day and its sentence; counts back over "N-day talks" that ended."""
    days = _length_days(sentences, main_idx)
    for rank, i in enumerate(main_idx):
        after_days = _DAYS_LONG.search(sentences[i].text)
        ended = bool(_ENDED.search(sentences[i].text) or (after_days and after_days.group("n2")))
        found = _usable_dates(sentences[i], published, dateline, r)
        if found and found[0].date is not None:
            day = found[0].date
            if days and ended:
                day -= dt.timedelta(days=days - 1)
            return day, i
        if ended and days and published is not None and rank < 3:
            return published - dt.timedelta(days=days - 1), i  # "ended talks" in a report: ended today
    return None, None


def _length_days(sentences: Sequence[Sentence], main_idx: Sequence[int]) -> int | None:
    """How many days the main meeting lasted, when the text says ("three-day talks")."""
    for i in main_idx:
        m = _DAYS_LONG.search(sentences[i].text)
        if m:
            return span_days(f"{m.group('n') or m.group('n2')} days")
    return None


def _round(sentences: Sequence[Sentence], main_idx: Sequence[int], other: set[int]) -> int | None:
    """The ordinal of the main meeting ("third round" → 3); "first" only with "round"."""
    order = list(main_idx) + [i for i in range(len(sentences)) if i not in other and i not in main_idx]
    for i in order:
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
                return value
    return None


def _status(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    date: dt.date | None,
    date_at: int | None,
    published: dt.date | None,
    r: TalkRules,
) -> str:
    """held | ongoing | scheduled | proposed | cancelled, from the date and the tense of the sentences."""
    if date is not None and published is not None and date_at is not None:
        text = sentences[date_at].text
        if _cue(text, r, "cancelled") and not _cue(text, r, "scheduled"):
            return "cancelled"
        if date > published:
            return "proposed" if _cue(text, r, "proposed") else "scheduled"
        if date == published:
            return "ongoing"
        if _cue(text, r, "ongoing") or _SINCE_BEGAN.search(text):
            return "ongoing"
        if _cue(text, r, "held"):
            return "held"
        recent = (published - date).days <= _RECENT_DAYS
        lead = [sentences[i].text for i in main_idx[:3]]
        if recent and _HEADLINE_NOW.search(sentences[0].text) and not any(_ENDED.search(t) for t in lead):
            return "ongoing"  # "talks resume in Cairo" over a report of yesterday's opening
        return "held"
    for i in main_idx[:4]:
        text = sentences[i].text
        for status in STATUSES:
            if _cue(text, r, status):
                return status
    return "held"


def _cue(text: str, r: TalkRules, status: str) -> bool:
    """True when one of the status's patterns occurs in the text."""
    return any(p.search(text) for p in r.status[status])


# --------------------------------------------------------------------------- other meetings


def _other_talks(
    sentences: Sequence[Sentence],
    talk_idx: Sequence[int],
    actors: Sequence[ActorMention],
    main: Talk,
    covered: set[dt.date],
    published: dt.date | None,
    dateline: Dateline | None,
    cities: Sequence[CityMention],
    r: TalkRules,
) -> list[Talk]:
    """Each other dated or placed meeting the article mentions, once (days of the main meeting excluded)."""
    seen_dates: set[dt.date | None] = {main.date, *covered} if main.date else set()
    seen_cities = {main.city} if main.city else set()
    out: list[Talk] = []
    for i in talk_idx:
        s = sentences[i]
        sides = tuple(dict.fromkeys(a.canonical for a in sentence_actors(s, actors)))
        parties = sides[:2] if len(sides) >= 2 else main.parties
        for d in _usable_dates(s, published, dateline, r):
            if d.date in seen_dates:
                continue
            seen_dates.add(d.date)
            status = _other_status(s.text, d.date, published, r)
            out.append(Talk(parties, (), None, None, d.date, None, status, evidence(s)))
        if not _is_other(s, r, published):
            continue
        for c in cities:
            inside = s.start <= c.start and c.end <= s.end and c.name not in seen_cities
            if inside and _LOCATIVE_BEFORE.search(s.text[: c.start - s.start]):
                seen_cities.add(c.name)
                out.append(Talk(parties, (), c.name, None, None, None, "held", evidence(s)))
    return out


def _other_status(text: str, date: dt.date | None, published: dt.date | None, r: TalkRules) -> str:
    """A secondary meeting's status: by its date when both dates are known, else by tense."""
    if _cue(text, r, "cancelled"):
        return "cancelled"
    if date is not None and published is not None:
        if date > published:
            return "proposed" if _cue(text, r, "proposed") else "scheduled"
        return "ongoing" if date == published else "held"
    for status in STATUSES:
        if _cue(text, r, status):
            return status
    return "held"
