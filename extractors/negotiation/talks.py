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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from extractors.negotiation.actors import ActorMention, CityMention, city_country, find_cities
from extractors.negotiation.classify import is_negotiation
from extractors.negotiation.leaders import find_leaders
from extractors.negotiation.mediation import find_mediators
from extractors.negotiation.parties import choose_parties, sentence_actors
from extractors.negotiation.sentences import Sentence, evidence
from extractors.negotiation.talk_fields import (
    LOCATIVE_BEFORE,
    Dateline,
    find_dateline,
    length_days,
    main_city,
    main_date,
    main_round,
    main_status,
    main_venue,
    other_status,
    usable_dates,
)
from extractors.negotiation.talk_rules import TalkRules, talk_rules
from extractors.records import Evidence, FieldSource, Talk

__all__ = [
    "SOURCED_FIELDS",
    "ExplainedTalk",
    "explain_talks",
    "extract_talks",
    "find_dateline",
    "is_negotiation",
    "talk_sentence_indexes",
]

# A year a meeting happened in ("in 2015", "in November 1985"), not one that names a thing ("the 2015 deal").
_YEAR = re.compile(
    r"\b(?:in|during)\s+(?:early\s+|late\s+|mid-)?(?:[A-Z][a-z]+\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_CITY_JOIN = re.compile(
    r"\s*(?:,\s*|\s+and\s+|,\s*and\s+|\s+or\s+)(?:in\s+|at\s+)?(?:the\s+)?", re.IGNORECASE
)


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


@dataclass(frozen=True)
class ExplainedTalk:
    """A talk and, for each of its fields, the sentence the value was read from."""

    talk: Talk
    sources: Mapping[str, Evidence]  # field name (parties, mediators, city, …) → its sentence


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
        The talks; empty when the article has no sentences. Each talk's ``sources`` names the
        sentence of every field read from a sentence other than the talk's own ``evidence``.
    """
    return tuple(_with_sources(e) for e in explain_talks(text, sentences, actors, published))


# The talk fields whose sentence is kept when it is not the talk's own (in this order).
SOURCED_FIELDS = ("parties", "mediators", "city", "venue", "date", "round", "status")


def _with_sources(explained: ExplainedTalk) -> Talk:
    """The talk with a FieldSource for each field that another sentence than its evidence gave."""
    own = explained.talk.evidence
    sources = tuple(
        FieldSource(name, explained.sources[name])
        for name in SOURCED_FIELDS
        if name in explained.sources
        and (explained.sources[name].start, explained.sources[name].end) != (own.start, own.end)
    )
    return replace(explained.talk, sources=sources)


def explain_talks(
    text: str, sentences: Sequence[Sentence], actors: Sequence[ActorMention], published: dt.date | None
) -> tuple[ExplainedTalk, ...]:
    """Like :func:`extract_talks`, with the source sentence of every field of every talk.

    Args:
        text: the article text.
        sentences: its sentences.
        actors: its actor mentions.
        published: the publication date relative dates resolve against.

    Returns:
        The talks with their sources; a field that is empty or None has no source.
    """
    if not sentences:
        return ()
    r = talk_rules()
    talk_idx = talk_sentence_indexes(sentences, r)
    other = {i for i in talk_idx if _is_other(sentences[i], r, published)}
    main_idx = [i for i in talk_idx if i not in other] or talk_idx or [0]
    dateline = find_dateline(text)
    found = [
        m
        for m in find_mediators(sentences, actors, r)
        if m.sentence not in other and not _other_matter(sentences[m.sentence], r)
    ]
    mediator_names = list(dict.fromkeys(m.canonical for m in found))
    mediator_at = found[0].sentence if found else None
    parties = choose_parties(sentences, [*actors, *find_leaders(text)], set(main_idx), set(mediator_names))
    cities = find_cities(text)
    city, city_at = main_city(sentences, main_idx, cities, dateline, r)
    if city is not None:
        host = city_country(city)
        named = {
            a.canonical for a in actors if a.kind in ("state", "demonym", "metonym") and a.canonical == host
        }
        if host and host not in parties and host not in mediator_names and named:
            mediator_names.append(host)
            mediator_at = city_at if mediator_at is None else mediator_at
    mediators = tuple(m for m in mediator_names if m not in parties)
    date, date_at = main_date(sentences, main_idx, published, dateline, r)
    status, status_at = main_status(sentences, main_idx, date, date_at, published, r)
    venue, venue_at = main_venue(sentences, [i for i in main_idx if i <= len(sentences) // 2], r)
    round_, round_at = main_round(sentences, main_idx, other)
    parties_at = _parties_sentence(sentences, actors, main_idx, parties)
    main = Talk(
        parties=parties,
        mediators=mediators,
        city=city,
        venue=venue,
        date=date,
        round=round_,
        status=status,
        evidence=evidence(sentences[parties_at]),
    )
    at = {
        "parties": parties_at if parties else None,
        "mediators": mediator_at if mediators else None,
        "city": city_at,
        "venue": venue_at,
        "date": date_at if date else None,
        "round": round_at,
        "status": status_at,
    }
    sources = {k: evidence(sentences[i]) for k, i in at.items() if i is not None}
    rest = [i for i in talk_idx if i != date_at]
    covered = set()
    if date is not None:
        length = length_days(sentences, main_idx) or 1
        covered = {date + dt.timedelta(days=k) for k in range(length)}
    others = _other_talks(sentences, rest, actors, main, covered, published, dateline, cities, r)
    return (ExplainedTalk(main, sources), *(ExplainedTalk(t, _own_sources(t)) for t in others))


def _parties_sentence(
    sentences: Sequence[Sentence],
    actors: Sequence[ActorMention],
    main_idx: Sequence[int],
    parties: Sequence[str],
) -> int:
    """The first meeting sentence naming the most sides: the main talk's evidence."""
    best, best_count = main_idx[0], 0
    for i in main_idx:
        named = {a.canonical for a in sentence_actors(sentences[i], actors)} & set(parties)
        if len(named) > best_count:
            best, best_count = i, len(named)
            if best_count == len(parties):
                break
    return best


def _own_sources(t: Talk) -> Mapping[str, Evidence]:
    """A secondary talk comes from one sentence: it sources every field that is set."""
    values = {"city": t.city, "date": t.date, "status": t.status}
    return {k: t.evidence for k, v in values.items() if v is not None}


# --------------------------------------------------------------------------- main meeting


def _other_matter(s: Sentence, r: TalkRules) -> bool:
    """True when a sentence opens on another matter ("Separately, …")."""
    return any(p.search(s.text) for p in r.other_matter)


def _is_other(s: Sentence, r: TalkRules, published: dt.date | None) -> bool:
    """True when a talk sentence speaks of an earlier or different meeting."""
    if any(p.search(s.text) for p in r.other_talk) or _other_matter(s, r):
        return True
    years = {int(m.group("year")) for m in _YEAR.finditer(s.text)}
    return bool(years) and (published is None or any(y < published.year for y in years))


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
        dated: list[Talk] = []
        for d in usable_dates(s, published, dateline, r):
            if d.date in seen_dates:
                continue
            seen_dates.add(d.date)
            status = other_status(s.text, d.date, published, r)
            dated.append(Talk(parties, (), None, None, d.date, None, status, evidence(s)))
        places = (
            [c for c in _placed_cities(s, cities) if c not in seen_cities]
            if _is_other(s, r, published)
            else []
        )
        seen_cities.update(places)
        if len(dated) == 1 and places:  # "a previous round in Brussels on May 3": one meeting, not two
            dated[0] = replace(dated[0], city=places.pop(0))
        status = other_status(s.text, None, published, r)
        out += dated + [Talk(parties, (), c, None, None, None, status, evidence(s)) for c in places]
    return out


def _placed_cities(s: Sentence, cities: Sequence[CityMention]) -> list[str]:
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
