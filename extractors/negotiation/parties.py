"""Choose the negotiating sides of the article's main meeting from its actor mentions.

Sides are the actors the article keeps coming back to around its meeting words,
with extra weight for the headline and lead, for explicit pairings ("talks between
X and Y", "Russia-Ukraine", "EU-US", "X does not negotiate directly with Y") and less
for demonyms, which often only describe a person ("Turkish Foreign Minister"). The word after a
mention (``[sides]`` in actors.toml) tells a side ("the Kabul government", "Seoul proposed") from a
description ("US hostages", "Sanaa airport"). Mediators are never sides.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from extractors.datafiles import load_toml, require_table
from extractors.errors import ConfigError
from extractors.negotiation.actors import ACTORS_FILE, ActorMention, actor_kind, home_country
from extractors.negotiation.sentences import Sentence

__all__ = ["choose_parties", "pairings", "sends_delegation", "sentence_actors"]

_PARTY_KINDS = frozenset({"state", "org", "armed_group", "metonym", "demonym", "leader"})
_KIND_WEIGHT = {"state": 1.0, "org": 1.0, "armed_group": 1.2, "metonym": 0.9, "demonym": 0.6, "leader": 0.8}
_PAIR_JOIN = re.compile(r"\s*(?:-|–|—|/|\s+and\s+|\s*,\s*|\s+with\s+)\s*", re.IGNORECASE)
_AND_THE = re.compile(r"\s+and\s+(?:the\s+)?", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?", re.IGNORECASE)
# What follows a mention says whether it names a side: "the Saudi delegation" does, "Palestinian
# prisoners" and "Yemen's capital" do not.
_SIDE_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w-]+)?\s+(?:-?led\s+)?(?:government|delegations?|teams?|side|negotiators?|negotiating"
    r"|envoys?|officials|authorities|administration|leadership)\b"
)
# "the team from the Economic Community of West African States", "a delegation of the African Union",
# "ECOWAS envoys": people an organisation sends to the table. Not "UN envoy" or "UN officials": one envoy
# or the officials of a body are as often its mediators.
_DELEGATION_OF = re.compile(
    r"\b(?:delegations?|teams?|envoys|missions?|negotiators)\s+(?:from|of|sent\s+by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the ECOWAS ultimatum to the junta", "ECOWAS's ultimatum": an organisation pressing a state is a side too.
_DELEGATION_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:delegations?|teams?|envoys|negotiators|negotiating\s+team|ultimatum)\b"
)
_PLACE_AFTER = re.compile(r"(?:'s|’s)\s+(?:capital|city|border|territory|coast)\b")
# "Ambassador to Yemen", "envoy to Syria": the country an official is posted to, not a side.
_POSTED_TO = re.compile(
    r"\b(?:[Aa]mbassador|[Ee]nvoy|[Rr]epresentative|[Cc]oordinator)\s+(?:to|for)\s+(?:the\s+)?$"
)
_LOCATIVE = re.compile(r"\b(?:in|at|inside|outside|near|from|capital,?)\s+$")
_COMMON_NOUN_AFTER = re.compile(r"\s+(?-i:[a-z])")
_NEXT_WORD = re.compile(r"\s+(?P<word>(?-i:[a-z])[\w-]*)")
# "Hamas, which does not negotiate directly with Israel", "brought to the negotiating table with Kabul":
# two actors joined by a negotiating verb and "with" are the two sides.
# Only lower-case words (an auxiliary, "not", "direct") may stand between the first actor and the verb.
_NEGOTIATES_WITH = re.compile(
    r"(?:\s*,\s*(?:which|who))?\s+(?:(?-i:[a-z])[\w-]*\s+){0,4}?"
    r"(?:negotiat\w*|talks|talk|talking|table|met|meets?|meeting)"
    r"\s+(?:directly\s+|indirectly\s+|separately\s+|again\s+)?with\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "the national government and the MILF", "government negotiators met the rebels": an unnamed
# government facing an armed group is that group's own state.
# Only "the (national) government": "the Israeli government" names a state of its own.
_GOVERNMENT = re.compile(
    r"\bthe\s+(?:(?:national|central|federal|transitional|interim)\s+)?government\b", re.IGNORECASE
)
_LEAD_SENTENCES = 3
_SECOND_SHARE = 0.1  # the runner-up is a side only with at least this share of the leader's score
_MIN_LEADER = 3.0  # below this the article names no clear side (one passing mention in the body)


def sentence_actors(s: Sentence, actors: Sequence[ActorMention]) -> list[ActorMention]:
    """The party-capable actor mentions inside one sentence, in order."""
    return [a for a in actors if s.start <= a.start and a.end <= s.end and a.kind in _PARTY_KINDS]


def sends_delegation(text: str, actors: Sequence[ActorMention], canonical: str) -> bool:
    """Whether the text has an actor send people of its own to the table ("ECOWAS envoys", "the team
    from the African Union", "the bloc's negotiators"): the way news writes a side, not a venue or host.

    Args:
        text: the article text.
        actors: its actor mentions.
        canonical: the actor to look for.

    Returns:
        True when one mention of the actor is written with its own delegation.
    """
    for a in actors:
        if a.canonical != canonical:
            continue
        if _DELEGATION_AFTER.match(text, a.end) or _DELEGATION_OF.search(text, max(0, a.start - 40), a.start):
            return True
    return False


def pairings(s: Sentence, mentions: Sequence[ActorMention]) -> list[tuple[str, str]]:
    """Pairs of different actors written side by side: "Russia-Ukraine", "X and Y", "between X and Y",
    or joined by a negotiating verb and "with" ("X, which does not negotiate directly with Y")."""
    out: list[tuple[str, str]] = []
    for a, b in itertools.pairwise(mentions):
        if a.canonical == b.canonical:
            continue
        gap = s.text[a.end - s.start : b.start - s.start]
        if (
            _PAIR_JOIN.fullmatch(gap)
            or gap.strip() in ("", "the")
            or _AND_THE.fullmatch(gap)
            or _NEGOTIATES_WITH.fullmatch(gap)
        ):
            out.append((a.canonical, b.canonical))
    return out


@dataclass(frozen=True)
class _SideWords:
    """The words after an actor's name that say whether it names a side (``[sides]`` in actors.toml)."""

    describing: frozenset[str]  # "US troops", "Afghan capital": the actor describes people or things
    leader: frozenset[str]  # "the North Korean leader", "the Kabul government": the side's rulers
    place: frozenset[str]  # "Sanaa airport": a capital named as a place


@functools.cache
def _side_words() -> _SideWords:
    """Parley's side words, read once from actors.toml."""
    name = ACTORS_FILE.name
    table = require_table(load_toml(ACTORS_FILE), "sides", name)

    def words(key: str) -> frozenset[str]:
        value = table.get(key)
        if not isinstance(value, list) or not value:
            raise ConfigError(f"{name}: sides.{key}: expected a non-empty list of words")
        for w in value:
            if not isinstance(w, str) or not w.strip() or w != w.casefold():
                raise ConfigError(f"{name}: sides.{key}: {w!r} is not a lower-case word")
        return frozenset(value)

    return _SideWords(words("describing_nouns"), words("leader_nouns"), words("place_nouns"))


def _mention_weight(s: Sentence, a: ActorMention) -> float:
    """How much one mention says its actor is a side: its kind, and the word after a demonym or name."""
    after = s.text[a.end - s.start : a.end - s.start + 60]
    before = s.text[max(0, a.start - s.start - 40) : a.start - s.start]
    if _PLACE_AFTER.match(after) or _POSTED_TO.search(before):
        return 0.2
    nxt = _NEXT_WORD.match(after)
    word = nxt.group("word") if nxt else None
    words = _side_words()
    weight = _KIND_WEIGHT[a.kind]
    if a.kind == "metonym":
        if _SIDE_AFTER.match(after) or word in words.leader:
            return 1.0  # "the Kabul government"
        if _LOCATIVE.search(before) or word in words.place or word in words.describing:
            return 0.2  # "arrived in Sanaa", "Sanaa airport": the city as a place
        return weight  # "Seoul proposed talks": the government acting
    if a.kind == "demonym":
        if _SIDE_AFTER.match(after):
            return 1.0
        if word in words.leader:
            return _KIND_WEIGHT["leader"]
        if word is not None:
            return 0.3
    if a.kind in ("state", "org") and word in words.describing and not _SIDE_AFTER.match(after):
        return 0.3  # "US hostages", "EU citizens"
    return weight


def _restated(s: Sentence, prev: ActorMention | None, a: ActorMention) -> bool:
    """True for the short form in brackets after a full name ("the International Coffee Organization
    (ICO)"): one mention written twice."""
    return (
        prev is not None
        and prev.canonical == a.canonical
        and s.text[prev.end - s.start : a.start - s.start].strip() == "("
    )


def choose_parties(
    sentences: Sequence[Sentence],
    actors: Sequence[ActorMention],
    talk_sentences: Collection[int],
    exclude: Collection[str],
) -> tuple[str, ...]:
    """The main meeting's sides, strongest first.

    Args:
        sentences: the article's sentences.
        actors: its actor mentions.
        talk_sentences: indexes of the sentences about the main meeting.
        exclude: canonical names that cannot be sides (the mediators).

    Returns:
        Up to two sides (more only when a sentence pairs more), possibly empty.
    """
    score: dict[str, float] = defaultdict(float)
    strong: set[str] = set()  # actors named at least once as a side in their own right
    first_seen: dict[str, int] = {}
    ordered = sorted(actors, key=lambda a: a.start)
    pos = 0
    for idx, s in enumerate(sentences):
        while pos < len(ordered) and ordered[pos].start < s.start:
            pos += 1
        mentions = [
            a
            for a in ordered[pos:]
            if a.start < s.end and a.kind in _PARTY_KINDS and a.canonical not in exclude and a.end <= s.end
        ]
        if not mentions:
            continue
        factor = 1.0
        if idx < _LEAD_SENTENCES:
            factor *= 2.0
        if idx in talk_sentences:
            factor *= 2.0
        prev: ActorMention | None = None
        for a in mentions:
            if not _restated(s, prev, a):
                weight = _mention_weight(s, a)
                score[a.canonical] += weight * factor
                if weight >= 1.0:
                    strong.add(a.canonical)
            first_seen.setdefault(a.canonical, a.start)
            prev = a
        if idx in talk_sentences:
            for x, y in pairings(s, mentions):
                score[x] += 2.0 * factor
                score[y] += 2.0 * factor
            if _BETWEEN.search(s.text):
                for a in mentions:
                    if a.start - s.start > _BETWEEN.search(s.text).start():  # type: ignore[union-attr]
                        score[a.canonical] += 1.5 * factor
    if not score or max(score.values()) < _MIN_LEADER:
        return ()
    _below_own_movements(score, strong)
    ranked = sorted(score, key=lambda c: (-score[c], first_seen[c]))
    top = [ranked[0]]
    if len(ranked) > 1 and score[ranked[1]] >= _SECOND_SHARE * score[ranked[0]]:
        top.append(ranked[1])
        group = _side_list(top, sentences, ordered, talk_sentences, exclude)
        floor = _SECOND_SHARE * score[ranked[0]]
        outside = [c for c in ranked if group and c not in group and score[c] >= floor]
        if outside:  # one side is a group of states listed together, the other stands outside it
            top = [outside[0], *group]
    sides = tuple(sorted(dict.fromkeys(top), key=lambda c: first_seen[c]))
    return _with_own_government(sides, sentences, talk_sentences, exclude)


def _below_own_movements(score: dict[str, float], strong: Collection[str]) -> None:
    """Rank a people's state below its own named movements when only its demonym speaks for it.

    "Palestinian factions, led by Fatah and Hamas", "Afghan groups such as the Taliban": the demonym
    names the people the movements belong to, not a government at the table. A state named as such
    ("the Afghan government", "Kabul said") keeps its score.
    """
    for state in [c for c in score if c not in strong and actor_kind(c) == "state"]:
        groups = [
            g for g in score if actor_kind(g) == "armed_group" and home_country(g) == state and g in strong
        ]
        floor = min((score[g] for g in groups), default=0.0)
        if groups and score[state] >= floor:
            score[state] = floor * 0.99


def _with_own_government(
    sides: tuple[str, ...],
    sentences: Sequence[Sentence],
    talk_sentences: Collection[int],
    exclude: Collection[str],
) -> tuple[str, ...]:
    """Add the home state when the only side found is an armed group that meets "the government".

    Articles about a domestic peace process rarely name the state ("talks between the government
    and the ELN"), but the government's side is the state all the same.
    """
    if len(sides) != 1 or actor_kind(sides[0]) != "armed_group":
        return sides
    home = home_country(sides[0])
    if home is None or home in exclude or home in sides:
        return sides
    for idx in sorted(talk_sentences):
        if 0 <= idx < len(sentences) and _GOVERNMENT.search(sentences[idx].text):
            return (home, *sides)
    return sides


def _side_list(
    top: Sequence[str],
    sentences: Sequence[Sentence],
    ordered: Sequence[ActorMention],
    talk_sentences: Collection[int],
    exclude: Collection[str],
) -> list[str]:
    """The first list of three or more states in a meeting sentence that holds a leading side ("officials
    from France, Germany and the United Kingdom"): a side made of several states. Empty when none."""
    for idx in sorted(talk_sentences):
        s = sentences[idx] if 0 <= idx < len(sentences) else None
        if s is None:
            continue
        states = [
            a
            for a in ordered
            if s.start <= a.start and a.end <= s.end and a.kind == "state" and a.canonical not in exclude
        ]
        run: list[ActorMention] = []
        for a in states:
            if run and _LIST_JOIN.fullmatch(s.text[run[-1].end - s.start : a.start - s.start]):
                run.append(a)
                continue
            if _is_side_list(run, top):
                return list(dict.fromkeys(m.canonical for m in run))
            run = [a]
        if _is_side_list(run, top):
            return list(dict.fromkeys(m.canonical for m in run))
    return []


def _is_side_list(run: Sequence[ActorMention], top: Sequence[str]) -> bool:
    """A list of three or more distinct states that holds one of the leading sides."""
    names = {m.canonical for m in run}
    return len(names) >= 3 and any(side in names for side in top)
