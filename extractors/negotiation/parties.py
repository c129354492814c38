"""Choose the negotiating sides of the article's main meeting from its actor mentions.

Sides are the actors the article keeps coming back to around its meeting words,
with extra weight for the headline and lead, for explicit pairings ("talks between
X and Y", "Russia-Ukraine", "EU-US") and less for demonyms, which often only
describe a person ("Turkish Foreign Minister"). Mediators are never sides.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Sequence

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.sentences import Sentence

__all__ = ["choose_parties", "pairings", "sentence_actors"]

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
_PLACE_AFTER = re.compile(r"(?:'s|’s)\s+(?:capital|city|border|territory|coast)\b")
# "Ambassador to Yemen", "envoy to Syria": the country an official is posted to, not a side.
_POSTED_TO = re.compile(
    r"\b(?:[Aa]mbassador|[Ee]nvoy|[Rr]epresentative|[Cc]oordinator)\s+(?:to|for)\s+(?:the\s+)?$"
)
_LOCATIVE = re.compile(r"\b(?:in|at|inside|outside|near|from|capital,?)\s+$")
_COMMON_NOUN_AFTER = re.compile(r"\s+(?-i:[a-z])")
_LEAD_SENTENCES = 3
_SECOND_SHARE = 0.1  # the runner-up is a side only with at least this share of the leader's score


def sentence_actors(s: Sentence, actors: Sequence[ActorMention]) -> list[ActorMention]:
    """The party-capable actor mentions inside one sentence, in order."""
    return [a for a in actors if s.start <= a.start and a.end <= s.end and a.kind in _PARTY_KINDS]


def pairings(s: Sentence, mentions: Sequence[ActorMention]) -> list[tuple[str, str]]:
    """Pairs of different actors written side by side: "Russia-Ukraine", "X and Y", "between X and Y"."""
    out: list[tuple[str, str]] = []
    for a, b in itertools.pairwise(mentions):
        if a.canonical == b.canonical:
            continue
        gap = s.text[a.end - s.start : b.start - s.start]
        if _PAIR_JOIN.fullmatch(gap) or gap.strip() in ("", "the") or _AND_THE.fullmatch(gap):
            out.append((a.canonical, b.canonical))
    return out


def _mention_weight(s: Sentence, a: ActorMention) -> float:
    """How much one mention says its actor is a side: its kind, and the word after a demonym or name."""
    after = s.text[a.end - s.start : a.end - s.start + 60]
    before = s.text[max(0, a.start - s.start - 40) : a.start - s.start]
    if _PLACE_AFTER.match(after) or _POSTED_TO.search(before):
        return 0.2
    if a.kind == "metonym" and (_LOCATIVE.search(before) or _COMMON_NOUN_AFTER.match(after)):
        return 0.2  # "arrived in Sanaa", "Sanaa airport": the city as a place
    weight = _KIND_WEIGHT[a.kind]
    if a.kind == "demonym":
        if _SIDE_AFTER.match(after):
            return 1.0
        if _COMMON_NOUN_AFTER.match(after):
            return 0.3
    return weight


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
        for a in mentions:
            score[a.canonical] += _mention_weight(s, a) * factor
            first_seen.setdefault(a.canonical, a.start)
        if idx in talk_sentences:
            for x, y in pairings(s, mentions):
                score[x] += 2.0 * factor
                score[y] += 2.0 * factor
            if _BETWEEN.search(s.text):
                for a in mentions:
                    if a.start - s.start > _BETWEEN.search(s.text).start():  # type: ignore[union-attr]
                        score[a.canonical] += 1.5 * factor
    if not score:
        return ()
    ranked = sorted(score, key=lambda c: (-score[c], first_seen[c]))
    top = [ranked[0]]
    if len(ranked) > 1 and score[ranked[1]] >= _SECOND_SHARE * score[ranked[0]]:
        top.append(ranked[1])
        group = _side_list(top, sentences, ordered, talk_sentences, exclude)
        floor = _SECOND_SHARE * score[ranked[0]]
        outside = [c for c in ranked if group and c not in group and score[c] >= floor]
        if outside:  # one side is a group of states listed together, the other stands outside it
            top = [outside[0], *group]
    return tuple(sorted(dict.fromkeys(top), key=lambda c: first_seen[c]))


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
