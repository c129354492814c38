"""Assemble the meetings an article reports: the main one first, then each other dated or placed one.

Sentences with a meeting word ("talks", "summit", "round") are the talk sentences;
those that speak of an earlier or different meeting ("earlier meetings on May 16")
are set aside for the secondary talks (``other_talks``). The main meeting's date and
status are read first, then its city (a place of a later meeting or of another date
is skipped), venue and round, each from its sentences in order, the first clear value
winning; anything unclear stays None rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from extractors.negotiation.actors import (
    ActorMention,
    actor_kind,
    city_country,
    find_cities,
    home_country,
    parent_org,
)
from extractors.negotiation.classify import is_negotiation
from extractors.negotiation.leaders import find_leaders
from extractors.negotiation.mediation import find_mediators, listed_with_mediators, of_other_talks
from extractors.negotiation.meeting_places import find_places
from extractors.negotiation.other_talks import (
    ONGOING_DAYS,
    is_other,
    other_matter,
    other_talks,
    signed_elsewhere,
    signing_instead,
)
from extractors.negotiation.parties import choose_parties, sends_delegation, sentence_actors
from extractors.negotiation.sentences import Sentence, evidence
from extractors.negotiation.talk_fields import (
    find_dateline,
    length_days,
    main_city,
    main_date,
    main_round,
    main_status,
    main_venue,
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


def talk_sentence_indexes(sentences: Sequence[Sentence], rules: TalkRules | None = None) -> list[int]:
    """Indexes of the sentences that name a negotiating meeting (not a press conference)."""
    r = rules or talk_rules()
    out = []
    for i, s in enumerate(sentences):
        for m in r.meeting.finditer(s.text):
            before = s.text[: m.start()].rsplit(None, 1)  # only the word right before counts
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
    other = {i for i in talk_idx if is_other(sentences[i], r, published)}
    main_idx = [i for i in talk_idx if i not in other] or talk_idx or [0]
    dateline = find_dateline(text)
    leaders = find_leaders(text)
    found = [
        m
        for m in find_mediators(sentences, [*actors, *leaders], r)
        if m.sentence not in other and not other_matter(sentences[m.sentence], r)
    ]
    places = [m for m in found if m.place]  # "talks in Tanzania": a host only if no side
    found = [m for m in found if not m.place]
    # A bloc named only as the frame of a meeting that sends its own envoys is a side ("ECOWAS envoys met
    # the junta"): it negotiates with a state rather than hosting its members' talks.
    framing = {m.canonical for m in found if m.rule in _FORUM_RULES} - {
        m.canonical for m in found if m.rule not in _FORUM_RULES
    }
    sending = {c for c in framing if sends_delegation(text, actors, c)}
    found = [m for m in found if m.canonical not in sending]
    mediator_names = list(dict.fromkeys(m.canonical for m in found))
    # "a UN conference … under UNCTAD": UNCTAD is the mediator, and the UN is no side either.
    bodies = {b for b in map(parent_org, mediator_names) if b is not None}
    mediator_names = [m for m in mediator_names if m not in bodies]
    mediator_at = found[0].sentence if found else None
    parties = choose_parties(sentences, [*actors, *leaders], set(main_idx), {*mediator_names, *bodies})
    elsewhere = of_other_talks(sentences, [*actors, *leaders], found, parties, published)
    if elsewhere:  # "an earlier accord between the government and the opposition, under Norwegian mediation"
        mediator_names = [m for m in mediator_names if m not in elsewhere]
        found = [m for m in found if m.canonical not in elsewhere]
        mediator_at = found[0].sentence if found else None
    date, date_at = main_date(sentences, main_idx, published, dateline, r)
    signing = signing_instead(sentences, main_idx, date, published, r)
    if signing is not None:  # the retold talks are background; the signing still to come is the news
        main_idx = [signing[0], *main_idx]
        date_at, date = signing
    status, status_at = main_status(sentences, main_idx, date, date_at, published, r)
    covered = _main_days(sentences, main_idx, date, status, published)
    ahead = status in ("scheduled", "proposed") or (
        date is not None and published is not None and date > published
    )
    if status == "cancelled":  # a called-off meeting's own sentences say who was to host it
        own = {m.canonical for m in found if m.sentence in main_idx}
        mediator_names = [m for m in mediator_names if m in own]
        found = [m for m in found if m.canonical in own]
        mediator_at = found[0].sentence if found else None
    venue, venue_at = main_venue(
        sentences, [i for i in main_idx if i <= len(sentences) // 2], r, ahead=ahead or status == "cancelled"
    )
    # "at Camp David, the presidential retreat": a place the venue names is no city of its own
    sites = [p for p in find_places(text, find_cities(text)) if p.name != venue]
    city, city_at = main_city(
        sentences, main_idx, sites, dateline, r, published=published, days=covered, ahead=ahead
    )
    if city is None and venue_at is not None:  # "received at Niamey's airport": the venue's own town
        city, city_at = main_city(
            sentences, [venue_at], sites, None, r, published=published, days=covered, ahead=ahead
        )
    # A state named only as the place ("talks in Tanzania") hosts them, unless an organisation runs them
    # (the African Union's talks in South Africa).
    convened = any(actor_kind(m) == "org" for m in mediator_names)
    hosts: list[tuple[str, int | None]] = [] if convened else [(m.canonical, m.sentence) for m in places]
    if city is not None and not convened:  # the UN's talks in Geneva: Switzerland only lends the city
        host = city_country(city)
        if host and _acts(text, actors, host):
            hosts.insert(0, (host, city_at))
    own_ground = {home_country(p) for p in parties}  # Houthi talks in Sanaa: Yemen hosts no one
    for host, host_at in hosts[:1]:  # the meeting's city names its host first; one place only
        if host not in {*parties, *mediator_names, *own_ground}:
            mediator_names.append(host)
            mediator_at = host_at if mediator_at is None else mediator_at
    for name, listed_at in listed_with_mediators(sentences, actors, main_idx, parties, mediator_names):
        mediator_names.append(name)
        mediator_at = listed_at if mediator_at is None else mediator_at
    mediators = tuple(m for m in mediator_names if m not in parties)
    round_, round_at = main_round(
        sentences, main_idx, other, days=covered, published=published, dateline=dateline, r=r
    )
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
    others = other_talks(sentences, rest, actors, main, covered, published, dateline, sites, r, ahead=ahead)
    others += signed_elsewhere(
        sentences,
        {date_at} if date_at is not None else set(),
        main,
        {*covered, *(t.date for t in others)},
        sites,
        published,
        r,
    )
    return (ExplainedTalk(main, sources), *(ExplainedTalk(t, _own_sources(t)) for t in others))


_FORUM_RULES = frozenset({"forum_talks", "forum_at"})  # mediation rules that find a forum, not a broker
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|inside|outside|across|of)\s+(?:the\s+)?$", re.IGNORECASE)


def _main_days(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    date: dt.date | None,
    status: str,
    published: dt.date | None,
) -> set[dt.date]:
    """The days the main meeting spans: its stated length, or up to the report when it is still going."""
    if date is None:
        return set()
    length = length_days(sentences, main_idx) or 1
    if status == "ongoing" and published is not None and published > date:
        length = max(length, min((published - date).days + 1, ONGOING_DAYS))
    return {date + dt.timedelta(days=k) for k in range(length)}


def _acts(text: str, actors: Sequence[ActorMention], state: str) -> bool:
    """True when the article names a state as an actor at least once, not only as a place: "Qatari
    officials said" does, "after talks in South Africa convened by the African Union" does not."""
    return any(
        a.kind in ("state", "demonym", "metonym")
        and a.canonical == state
        and not _PLACE_BEFORE.search(text, max(0, a.start - 12), a.start)
        for a in actors
    )


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


# --------------------------------------------------------------------------- other meetings
