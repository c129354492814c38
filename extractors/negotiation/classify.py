"""Decide whether an article reports a negotiation between states, governments or armed groups.

A weighted cue count, not a model: diplomatic phrases ("peace talks", "ceasefire",
"prisoner swap", "trade talks") count for, labour, corporate, sports and coalition
phrases count against, and the article must name at least two sides (or an armed
group). The phrases and weights are in ``talks.toml`` so they can be tuned as data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractors.negotiation.actors import ActorMention, actor_kind
from extractors.negotiation.alternation import narrowed
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import TalkRules, talk_rules

__all__ = ["NegotiationScore", "is_negotiation", "negotiation_score"]

_PER_PHRASE_CAP = 3  # one phrase repeated through a long article should not decide alone
_SIDE_KINDS = frozenset({"state", "org", "armed_group", "metonym", "demonym"})


@dataclass(frozen=True)
class NegotiationScore:
    """The evidence behind the decision, for tests and for tuning."""

    positive: float
    negative: float
    sides: int
    armed_group: bool


def negotiation_score(
    text: str, actors: Sequence[ActorMention], rules: TalkRules | None = None
) -> NegotiationScore:
    """Count the classifier's cues in ``text``.

    Args:
        text: the article text.
        actors: the actor mentions found in it.
        rules: the rules to use (default: Parley's).

    Returns:
        Positive and negative weights, the number of distinct sides, and whether an armed group is named.
    """
    r = rules or talk_rules()
    masked = _mask(text, actors)  # "European Union" is not a labour union
    pos = _weigh(masked, r.positive, r.positive_weights)
    neg = _weigh(masked, r.negative, r.negative_weights)
    sides = {a.canonical for a in actors if a.kind in _SIDE_KINDS}
    armed = any(actor_kind(a.canonical) == "armed_group" for a in actors)
    return NegotiationScore(pos, neg, len(sides), armed)


def is_negotiation(text: str, sentences: Sequence[Sentence], actors: Sequence[ActorMention]) -> bool:
    """True when the article reports a diplomatic or political negotiation.

    Args:
        text: the article text.
        sentences: its sentences; one that names a meeting and two sides adds to the evidence.
        actors: the actor mentions found in it.

    Returns:
        The decision.
    """
    r = talk_rules()
    score = negotiation_score(text, actors, r)
    if score.sides < r.min_sides and not score.armed_group:
        return False
    bonus = r.meeting_with_sides * min(_PER_PHRASE_CAP, _meetings_between_sides(sentences, actors, r))
    return score.positive + bonus - score.negative >= r.threshold


def _meetings_between_sides(
    sentences: Sequence[Sentence], actors: Sequence[ActorMention], r: TalkRules
) -> int:
    """How many sentences name a meeting and at least two different sides ("Peru and Chile held talks")."""
    count, k = 0, 0
    ordered = sorted((a for a in actors if a.kind in _SIDE_KINDS), key=lambda a: a.start)
    for s in sentences:
        while k < len(ordered) and ordered[k].start < s.start:
            k += 1
        sides = set()
        for a in ordered[k:]:
            if a.start >= s.end:
                break
            sides.add(a.canonical)
        if len(sides) >= 2 and r.meeting.search(s.text):
            count += 1
    return count


def _mask(text: str, actors: Sequence[ActorMention]) -> str:
    """The text with every actor name blanked out, so cue words inside names do not count."""
    if not actors:
        return text
    parts, last = [], 0
    for a in sorted(actors, key=lambda a: a.start):
        if a.start >= last:
            parts += [text[last : a.start], " " * (a.end - a.start)]
            last = a.end
    parts.append(text[last:])
    return "".join(parts)


def _weigh(text: str, pattern: re.Pattern[str], weights: Mapping[str, float]) -> float:
    """Sum the weights of the phrases ``pattern`` finds, each capped at a few mentions."""
    counts = Counter(" ".join(m.group().casefold().split()) for m in narrowed(text, pattern).finditer(text))
    return sum(weights.get(k, 0.0) * min(n, _PER_PHRASE_CAP) for k, n in counts.items())
