"""The meetings an article mentions besides its main one: earlier rounds, later ones, deals sealed elsewhere.

A talk sentence about an earlier or different meeting ("a previous round in Vienna on
May 3") gives a meeting of its own, dated and placed when the sentence says so; so does
a meeting still to come once the main one is over ("the ministers will meet again in
Astana"), and a deal sealed at a place on a date ("an accord signed in Washington on
27 June"). Days of the main meeting (its length, or every day since it opened while it
is still going) are never another meeting.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from extractors.datafiles import load_toml, require_table
from extractors.errors import ConfigError
from extractors.negotiation.actors import ActorMention
from extractors.negotiation.datelines import Dateline
from extractors.negotiation.dates import DateMention
from extractors.negotiation.meeting_dates import ENDED, speech_date, usable_dates
from extractors.negotiation.meeting_places import LOCATIVE_BEFORE, Place, dated_place, later_meeting_place
from extractors.negotiation.parties import sentence_actors
from extractors.negotiation.sentences import Sentence, evidence
from extractors.negotiation.talk_fields import cue, other_status
from extractors.negotiation.talk_rules import TALKS_FILE, TalkRules
from extractors.negotiation.tensed_dates import tensed_dates
from extractors.records import Talk

__all__ = [
    "ONGOING_DAYS",
    "is_other",
    "other_matter",
    "other_talks",
    "signed_elsewhere",
    "signing_instead",
    "signing_pattern",
]

# A year a meeting happened in ("in 2015", "in November 1985"), not one that names a thing ("the 2015 deal").
_YEAR = re.compile(
    r"\b(?:in|during)\s+(?:early\s+|late\s+|mid-)?(?:[A-Z][a-z]+\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_CITY_JOIN = re.compile(
    r"\s*(?:,\s*|\s+and\s+|,\s*and\s+|\s+or\s+)(?:in\s+|at\s+)?(?:the\s+)?", re.IGNORECASE
)


ONGOING_DAYS = 31  # talks still going cover the days since they opened, up to a month
# "a peace agreement signed in Washington on 27 June": a deal sealed at another meeting.
_RECENT_DAYS = 14
_DEAL = re.compile(
    r"\b(?:agreement|deal|accord|declaration|treaty|pact|memorandum|truce|ceasefire|cease-fire|annex|"
    r"protocol|road\s?map|framework|communiqu[eé])s?\b",
    re.IGNORECASE,
)
_SIGNED_VERB = re.compile(
    r"\b(?:signed|endorsed|sealed|initial(?:l)?ed|inked|struck|clinched|agreed|concluded|reached)\b",
    re.IGNORECASE,
)
_SIGNED_BEFORE = re.compile(
    r"\b(?:signed|endorsed|sealed|initial(?:l)?ed|inked|struck|clinched|agreed|concluded|reached)\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?:(?:in|at|on)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


def other_matter(s: Sentence, r: TalkRules) -> bool:
    """True when a sentence opens on another matter ("Separately, …").

    Args:
        s: the sentence.
        r: the talk rules (``[other_talk] matter``).

    Returns:
        Whether the sentence turns to another matter.
    """
    return any(p.search(s.text) for p in r.other_matter)


def is_other(s: Sentence, r: TalkRules, published: dt.date | None) -> bool:
    """True when a talk sentence speaks of an earlier or different meeting.

    Args:
        s: the sentence.
        r: the talk rules (``[other_talk] patterns``).
        published: the publication date (a year before its year puts the sentence in the past).

    Returns:
        Whether the sentence is about another meeting than the main one.
    """
    if any(p.search(s.text) for p in r.other_talk) or other_matter(s, r):
        return True
    years = {int(m.group("year")) for m in _YEAR.finditer(s.text)}
    if not years or (published is not None and all(y >= published.year for y in years)):
        return False
    # "met on Thursday … to restore relations that Riyadh cut in 2016": a meeting dated days from the
    # publication is the current one; the earlier year belongs to the background
    return published is None or not any(
        d.date is not None and abs((d.date - published).days) <= _RECENT_DAYS
        for d in tensed_dates(s.text, published)
        if d.kind in ("weekday", "relative")
    )


def other_talks(
    sentences: Sequence[Sentence],
    talk_idx: Sequence[int],
    actors: Sequence[ActorMention],
    main: Talk,
    covered: set[dt.date],
    published: dt.date | None,
    dateline: Dateline | None,
    places: Sequence[Place],
    r: TalkRules,
    *,
    ahead: bool = False,
) -> list[Talk]:
    """Each other dated or placed meeting the article mentions, once (days of the main meeting excluded).

    A meeting still to come ("will meet again in Astana") is one too when the main meeting is over.

    Args:
        sentences: the article's sentences.
        talk_idx: the talk sentences to read, the main meeting's dated one left out.
        actors: the article's actor mentions.
        main: the main meeting.
        covered: the days the main meeting spans.
        published: the publication date.
        dateline: the article's dateline.
        places: the article's places.
        r: the talk rules.
        ahead: the main meeting is still to come.

    Returns:
        The other meetings in text order.
    """
    seen_dates: set[dt.date | None] = {main.date, *covered} if main.date else set()
    seen_cities = {main.city} if main.city else set()
    out: list[Talk] = []
    for i in talk_idx:
        s = sentences[i]
        sides = tuple(dict.fromkeys(a.canonical for a in sentence_actors(s, actors)))
        parties = sides[:2] if len(sides) >= 2 else main.parties
        dated: list[Talk] = []
        for d in usable_dates(s, published, dateline, r):
            if d.date in seen_dates or _main_ended(s, d, main, published, r):
                continue
            seen_dates.add(d.date)
            status = other_status(s.text, d.date, published, r)
            beside = dated_place(s, places, d, r)
            city = beside.name if beside is not None else None
            dated.append(Talk(parties, (), city, None, d.date, None, status, evidence(s)))
        other = is_other(s, r, published)
        placed = _placed_cities(s, places) if other else _later_places(s, places, ahead, r)
        placed = [c for c in placed if c not in seen_cities and all(t.city != c for t in dated)]
        seen_cities.update(placed)
        if len(dated) == 1 and dated[0].city is None and placed:  # "a previous round in Brussels on May 3"
            dated[0] = replace(dated[0], city=placed.pop(0))
        status = other_status(s.text, None, published, r) if other else _later_status(s.text, r)
        out += dated + [Talk(parties, (), c, None, None, None, status, evidence(s)) for c in placed]
    return out


def _main_ended(s: Sentence, d: DateMention, main: Talk, published: dt.date | None, r: TalkRules) -> bool:
    """True for the day the main meeting ended ("the talks ended without agreement on May 8"): the end of
    the same meeting, not another one."""
    if main.date is None or d.date is None or is_other(s, r, published):
        return False
    if not (main.date < d.date <= (published or d.date)) or (d.date - main.date).days > ONGOING_DAYS:
        return False
    return bool(ENDED.search(s.text, 0, d.start) and r.meeting.search(s.text, 0, d.start))


def _later_places(s: Sentence, places: Sequence[Place], ahead: bool, r: TalkRules) -> list[str]:
    """Places of a meeting still to come ("the ministers will meet again in Astana"), unless the main
    meeting is itself still to come (its own places are then in the future tense too)."""
    if ahead:
        return []
    names = [p.name for p in places if s.start <= p.start < s.end and later_meeting_place(s, p, r)]
    return list(dict.fromkeys(names))


def _later_status(text: str, r: TalkRules) -> str:
    """A meeting still to come is scheduled, unless it is only proposed or called off."""
    for status in ("cancelled", "proposed"):
        if cue(text, r, status):
            return status
    return "scheduled"


def signed_elsewhere(
    sentences: Sequence[Sentence],
    skip: set[int],
    main: Talk,
    seen: set[dt.date | None],
    places: Sequence[Place],
    published: dt.date | None,
    r: TalkRules,
) -> list[Talk]:
    """Deals sealed at another meeting, with place and date ("an accord signed in Washington on 27 June").

    Args:
        sentences: the article's sentences.
        skip: sentences not to read (the one that dates the main meeting).
        main: the main meeting (its sides are the deal's).
        seen: dates already given to a meeting; the dates found are added to it.
        places: the article's places.
        published: the publication date.
        r: the talk rules.

    Returns:
        One meeting per deal, in text order.
    """
    out: list[Talk] = []
    for i, s in enumerate(sentences):
        if i in skip or not _SIGNED_VERB.search(s.text) or not _DEAL.search(s.text):
            continue
        for d in tensed_dates(s.text, published):
            if d.kind == "span" or d.date is None or d.date in seen or speech_date(s.text, d, r):
                continue
            p = dated_place(s, places, d)
            if p is None:
                continue
            first = min(p.start - s.start, d.start)
            if not _SIGNED_BEFORE.search(s.text, max(0, first - 60), first):
                continue
            seen.add(d.date)
            status = other_status(s.text, d.date, published, r)
            out.append(Talk(main.parties, (), p.name, None, d.date, None, status, evidence(s)))
    return out


def _placed_cities(s: Sentence, cities: Sequence[Place]) -> list[str]:
    """Cities a sentence places something in ("in Havana and Mexico City"), in order, once each."""
    out: list[str] = []
    placed_end = -1  # a city joined to a placed one is placed too
    for c in cities:
        if not (s.start <= c.start and c.end <= s.end):
            continue
        joined = placed_end >= 0 and _CITY_JOIN.fullmatch(s.text[placed_end - s.start : c.start - s.start])
        if joined or LOCATIVE_BEFORE.search(s.text[: c.start - s.start]):
            placed_end = c.end
            if c.name not in out:
                out.append(c.name)
    return out


_SIGNING_AHEAD = 31  # a signing further ahead than this is a plan, not the article's meeting
_BACKGROUND_DAYS = 7  # a main meeting older than this before the report is an explainer's background


@functools.cache
def signing_pattern(path: Path = TALKS_FILE) -> re.Pattern[str]:
    """The ``[other_talk] signing`` pattern of a talk-rules file, checked against its example.

    Args:
        path: the talk-rules file (default: Parley's talks.toml).

    Returns:
        The compiled pattern.

    Raises:
        ConfigError: naming the file when the pattern is missing, bad or misses its example.
    """
    name = path.name
    table = require_table(load_toml(path), "other_talk", name)
    pattern, example = table.get("signing"), table.get("signing_example")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ConfigError(f"{name}: other_talk.signing: empty pattern")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{name}: other_talk.signing: bad pattern: {exc}") from exc
    if not isinstance(example, str) or compiled.search(example) is None:
        raise ConfigError(f"{name}: other_talk.signing: pattern does not match its example {example!r}")
    return compiled


def signing_instead(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    date: dt.date | None,
    published: dt.date | None,
    r: TalkRules,
) -> tuple[int, dt.date] | None:
    """A signing still to come that is the article's main meeting, when its meetings are background.

    "Explained: the name deal" reports a deal the ministers "are due to sign on Sunday in Psarades";
    the talks it retells ("the prime ministers met in Davos in January") are weeks old.

    Args:
        sentences: the article's sentences.
        main_idx: the main meeting's sentences so far.
        date: the main meeting's date so far.
        published: the publication date.
        r: the talk rules.

    Returns:
        The signing's sentence and date, or None when the meetings are recent, undated or no signing is due
        within a month.
    """
    if date is None or published is None or (published - date).days <= _BACKGROUND_DAYS:
        return None
    pattern = signing_pattern()
    for i, s in enumerate(sentences):
        if i in main_idx or "sign" not in s.text or pattern.search(s.text) is None:
            continue
        for d in tensed_dates(s.text, published):
            if d.kind == "span" or d.date is None or speech_date(s.text, d, r):
                continue
            if 0 < (d.date - published).days <= _SIGNING_AHEAD:
                return i, d.date
    return None
