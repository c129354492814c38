"""Find the third parties that host, broker or mediate talks ("US-brokered", "with Norway as mediator").

The cue patterns live in ``talks.toml``; each marks a span of the sentence where the
mediating actors are named, and this module keeps the actor mentions inside the span.
Armed groups are never mediators. Some mentions only say where the talks are or who hosts
them ("talks in Tanzania", "hosted by Putin"): they are marked ``place`` and become mediators
only when they are not a side.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import ActorMention, actor_kind, is_forum
from extractors.negotiation.prefilter import Prefilter
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import MediationRule, TalkRules, talk_rules

__all__ = ["MediatorMention", "find_mediators", "listed_with_mediators", "of_other_talks"]

_GROUP_JOIN = re.compile(r"\s*(?:,|and|,\s*and)?\s*(?:the\s+)?", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?", re.IGNORECASE)
_PAIR_GAP = re.compile(r"\s*(?:[-–—/]|\s+and\s+(?:the\s+)?|\s*,\s*)\s*", re.IGNORECASE)
_LISTED_KINDS = frozenset({"state", "org", "armed_group"})  # who may stand in a list of attendees
_SIDELINES = re.compile(r"\b(?:sidelines?|margins?|fringes?)\s+of\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
_BROKERING = re.compile(r"mediat|broker|facilitat|go-between|intermediar|guarantor", re.IGNORECASE)
_WINDOW = 160  # characters either side of a trigger word that a mediation pattern may span
_BETWEEN_PAIR = re.compile(r"\bbetween\s+(?P<pair>[^,;:()]{3,120})", re.IGNORECASE)
_PAIR_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_SIDE_KINDS = frozenset({"state", "org", "armed_group", "metonym", "demonym", "leader"})
# "since the two men met in Berlin at a session hosted by …": the host of an earlier meeting, in one clause
# ("since talks began in March under Qatari mediation" is the same process, and stays).
_EARLIER_CLAUSE = re.compile(
    r"\b(?:since\s+(?:[\w’'-]+\s+){0,4}?met"
    r"|(?:last|previously|first|had)\s+met|(?:previous|earlier|prior)\s+(?:round|meeting|session|summit|talks))"
    r"\b[^,;]*$",
    re.IGNORECASE,
)
# "the factions had signed in Algiers on 13 October 2022 a declaration under the patronage of …": a past
# perfect and an earlier year before the mediator put it at an earlier meeting.
_HAD_DONE = re.compile(
    r"\bhad\s+(?:(?:already|previously|also|first)\s+)?(?:met|signed|held|agreed|sealed|\w+ed)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MEDIATOR_KINDS = frozenset({"state", "org", "metonym", "demonym", "leader"})  # "brokered by Erdogan"


@dataclass(frozen=True)
class MediatorMention:
    """An actor named as mediator or host, the sentence it was found in and the rule that found it."""

    canonical: str
    sentence: int  # index into the article's sentences
    start: int
    end: int
    rule: str
    place: bool = False  # only hosts (the place of the talks, a leader hosting): a mediator unless a side


def find_mediators(
    sentences: Sequence[Sentence], actors: Sequence[ActorMention], rules: TalkRules | None = None
) -> list[MediatorMention]:
    """Every actor the article names as a mediator or host, in order.

    Args:
        sentences: the article's sentences.
        actors: the article's actor mentions (offsets into the same text).
        rules: the rules to use (default: Parley's).

    Returns:
        One mention per actor per sentence.
    """
    r = rules or talk_rules()
    out: list[MediatorMention] = []
    k = 0
    ordered = sorted(actors, key=lambda a: a.start)
    triggers = _triggers(r.mediation)
    for idx, s in enumerate(sentences):
        while k < len(ordered) and ordered[k].start < s.start:
            k += 1
        inside = [a for a in ordered[k:] if a.start < s.end]
        if not inside:
            continue
        possible = triggers.possible(s.text)
        if possible is not None and not possible:
            continue
        seen: set[str] = set()
        # a rule that keeps only forums or places can find nothing in a sentence that names none
        has_forum = any(is_forum(a.canonical) for a in inside)
        has_place = any(a.kind in ("state", "metonym") for a in inside)
        for n, rule in enumerate(r.mediation):
            if possible is not None and n not in possible:
                continue
            if (rule.only == "forum" and not has_forum) or (rule.only == "place" and not has_place):
                continue
            for m in _matches(rule, s.text):
                lo, hi = s.start + m.start("span"), s.start + m.end("span")
                guests = {a.canonical for a in inside if hi <= a.start and a.end <= s.start + m.end()}
                if len(guests) == 1:
                    continue  # "Erdogan hosted Putin for talks": one guest, so the host is the other side
                chosen = [a for a in inside if lo <= a.start < hi]
                if not rule.take_all:
                    chosen = _trailing_group(s, chosen)
                if rule.only == "forum":
                    chosen = [
                        a
                        for a in chosen
                        if is_forum(a.canonical) and not _paired(s, a, inside) and not _aside(s, a)
                    ]
                elif rule.only == "place":
                    chosen = [a for a in chosen if a.kind in ("state", "metonym")]  # "at the White House"
                else:
                    chosen = _whole_list(s, inside, chosen)
                brokers = _BROKERING.search(m.group()) is not None
                for a in chosen:
                    # "a meeting hosted by Putin" may be Russia at home: a host only if Russia is no side
                    host_only = rule.only == "place" or (a.kind == "leader" and not brokers)
                    if a.kind in _MEDIATOR_KINDS and a.canonical not in seen:
                        if actor_kind(a.canonical) == "armed_group" or _after_between(s, a):
                            continue
                        seen.add(a.canonical)
                        out.append(MediatorMention(a.canonical, idx, a.start, a.end, rule.id, host_only))
    return out


def listed_with_mediators(
    sentences: Sequence[Sentence],
    actors: Sequence[ActorMention],
    talk_sentences: Sequence[int],
    parties: Sequence[str],
    mediators: Sequence[str],
) -> list[tuple[str, int]]:
    """Third parties listed among a meeting's attendees together with a side and a mediator
    ("delegations from Israel, Egypt, Qatar and the United States met"): the others in the list mediate too.

    Args:
        sentences: the article's sentences.
        actors: its actor mentions.
        talk_sentences: indexes of the sentences about the main meeting.
        parties: the meeting's sides.
        mediators: the mediators already found.

    Returns:
        (actor, sentence index) for each new mediator, in order of mention.
    """
    out: list[tuple[str, int]] = []
    ordered = sorted(actors, key=lambda a: a.start)
    for idx in talk_sentences:
        s = sentences[idx]
        inside = [a for a in ordered if s.start <= a.start and a.end <= s.end and a.kind in _LISTED_KINDS]
        run: list[ActorMention] = []
        for a in [*inside, None]:
            if (
                a is not None
                and run
                and _LIST_GAP.fullmatch(s.text[run[-1].end - s.start : a.start - s.start])
            ):
                run.append(a)
                continue
            names = list(dict.fromkeys(m.canonical for m in run))
            if len(names) >= 3 and set(names) & set(parties) and set(names) & set(mediators):
                for name in names:
                    known = {*parties, *mediators, *(n for n, _ in out)}
                    if name not in known and actor_kind(name) != "armed_group":
                        out.append((name, idx))
            run = [a] if a is not None else []
    return out


@functools.lru_cache(maxsize=8)
def _triggers(rules: tuple[MediationRule, ...]) -> Prefilter:
    """Which rules' triggers a sentence may hold: most sentences hold none and are skipped at once."""
    return Prefilter(rule.trigger for rule in rules)


def _matches(rule: MediationRule, text: str) -> Iterator[re.Match[str]]:
    """Matches of a rule inside windows around its trigger words (the patterns are short-range)."""
    last_end = -1
    for t in rule.trigger.finditer(text):
        lo, hi = max(0, t.start() - _WINDOW), min(len(text), t.end() + _WINDOW)
        if rule.needs is not None and not rule.needs.search(text, lo, hi):
            continue  # no match can lie in this window
        for m in rule.pattern.finditer(text, lo, hi):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def _trailing_group(s: Sentence, mentions: list[ActorMention]) -> list[ActorMention]:
    """The last actors of a span that are joined only by "and", commas or "the" ("Qatar and Egypt")."""
    if not mentions:
        return []
    group = [mentions[-1]]
    for a in reversed(mentions[:-1]):
        gap = s.text[a.end - s.start : group[0].start - s.start]
        if not _GROUP_JOIN.fullmatch(gap):
            break
        group.insert(0, a)
    return group


def _whole_list(
    s: Sentence, inside: Sequence[ActorMention], chosen: list[ActorMention]
) -> list[ActorMention]:
    """The chosen actors plus the rest of a comma list they belong to, which a span stopping at a comma
    cuts ("mediated by Qatar, Egypt and the United States"; "with Norway, Cuba and Chile as guarantors")."""
    if not chosen:
        return chosen
    at = {id(a): k for k, a in enumerate(inside)}
    lo, hi = at.get(id(chosen[0])), at.get(id(chosen[-1]))
    if lo is None or hi is None:
        return chosen
    while lo > 0 and _LIST_GAP.fullmatch(s.text[inside[lo - 1].end - s.start : inside[lo].start - s.start]):
        lo -= 1
    while hi + 1 < len(inside) and _LIST_GAP.fullmatch(
        s.text[inside[hi].end - s.start : inside[hi + 1].start - s.start]
    ):
        hi += 1
    extra = [a for a in inside[lo : hi + 1] if a not in chosen and a.kind in _MEDIATOR_KINDS]
    return [*chosen, *extra] if extra else chosen


def _paired(s: Sentence, a: ActorMention, inside: Sequence[ActorMention]) -> bool:
    """True when another actor is written right beside this one ("EU-ASEAN talks", "Iran and the
    IAEA"): a forum named that way is a side of the talks, not their host."""
    for b in inside:
        if b is a or b.canonical == a.canonical:
            continue
        gap = s.text[b.end - s.start : a.start - s.start] if b.end <= a.start else ""
        if not gap and a.end <= b.start:
            gap = s.text[a.end - s.start : b.start - s.start]
        if gap and _PAIR_GAP.fullmatch(gap):
            return True
    return False


def _aside(s: Sentence, a: ActorMention) -> bool:
    """True for a gathering that only frames another meeting ("on the sidelines of the ASEAN summit")."""
    return _SIDELINES.search(s.text, 0, a.start - s.start) is not None


def _after_between(s: Sentence, a: ActorMention) -> bool:
    """True when the actor sits in a "between X and Y" phrase: a side, not a mediator."""
    before = s.text[: a.start - s.start].casefold()
    at = before.rfind("between ")
    return at >= 0 and len(before) - at < 60 and not any(c in before[at:] for c in ",;")


def of_other_talks(
    sentences: Sequence[Sentence],
    actors: Sequence[ActorMention],
    mentions: Sequence[MediatorMention],
    parties: Sequence[str],
    published: dt.date | None = None,
) -> set[str]:
    """Mediators named only for another negotiation than the main one: a deal "between the government and
    the opposition, under Norwegian mediation" when the main sides are others, or the host of an earlier
    meeting ("since the two met in Berlin at a session hosted by Germany").

    Args:
        sentences: the article's sentences.
        actors: its actor mentions (leaders included).
        mentions: the mediator mentions found.
        parties: the main meeting's sides.
        published: the publication date (an earlier year in a past-perfect clause dates another meeting).

    Returns:
        The canonical names of the mediators to leave out of the main meeting.
    """
    mine: dict[str, list[bool]] = {}
    for m in mentions:
        s = sentences[m.sentence]
        at = m.start - s.start
        elsewhere = (
            _EARLIER_CLAUSE.search(s.text, 0, at) is not None
            or _earlier_year(s.text[:at], published)
            or _pairs_others(s, actors, m.canonical, parties)
        )
        mine.setdefault(m.canonical, []).append(elsewhere)
    return {name for name, flags in mine.items() if all(flags)}


def _earlier_year(before: str, published: dt.date | None) -> bool:
    """True when the words before a mediator hold a past perfect and a year before the publication's."""
    if published is None or _HAD_DONE.search(before) is None:
        return False
    return any(int(y.group()) < published.year for y in _YEAR.finditer(before))


def _pairs_others(s: Sentence, actors: Sequence[ActorMention], mediator: str, parties: Sequence[str]) -> bool:
    """True when the sentence's "between X and Y" names a side that is not one of the main meeting's."""
    found = _BETWEEN_PAIR.search(s.text)
    if found is None or not parties or _PAIR_AND.search(found.group("pair")) is None:
        return False
    lo, hi = s.start + found.start("pair"), s.start + found.end("pair")
    named = [a for a in actors if lo <= a.start and a.end <= hi and a.kind in _SIDE_KINDS]
    sides = list(dict.fromkeys(a.canonical for a in named if a.canonical != mediator))[:2]
    return len(sides) == 2 and any(side not in parties for side in sides)
