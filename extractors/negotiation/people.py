"""Participants and quotes: the people an article names in connection with a negotiation, and their words.

A participant is an official (a delegate, a head of delegation, a mediator, a minister or
spokesman acting on or speaking about the talks, a leader proposed for a meeting) with the
role and affiliation the text gives. Analysts, experts, journalists and relatives are not
participants, though their quotations still count. Quotes are direct quotations only, each
with the full name of a named speaker; unnamed sources and scare quotes are left out.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from collections.abc import Sequence

from extractors.negotiation.actors import ActorMention, actor_kind, find_actors, home_country
from extractors.negotiation.cast import Cast, Person
from extractors.negotiation.names import find_cast
from extractors.negotiation.quotes import attribute, find_quotations, word_count
from extractors.negotiation.roles import Lexicon, lexicon
from extractors.negotiation.sentences import Sentence, split_sentences
from extractors.negotiation.titles import ACTOR_KINDS
from extractors.records import Evidence, Participant, Quote

__all__ = ["MIN_QUOTE_WORDS", "extract_people"]

MIN_QUOTE_WORDS = 4  # shorter quotations are scare quotes or labels ("band-aid", "historic")
# Roles that belong to a state: with no state in the text, the article's main state is theirs.
_STATE_OFFICES = re.compile(
    r"\b(?:minister|president|premier|spokes(?:man|woman|person)|secretary|ambassador|envoy|chancellor"
    r"|intelligence chief|chief of (?:the )?(?:general )?staff|negotiator|(?:security )?advis[eo]r to"
    r"|diplomat|general|colonel|admiral|brigadier)\b",
    re.IGNORECASE,
)


def extract_people(
    text: str, sentences: Sequence[Sentence], actors: Sequence[ActorMention] | None = None
) -> tuple[tuple[Participant, ...], tuple[Quote, ...]]:
    """Find the participants of a negotiation article and the direct quotations with their speakers.

    Args:
        text: the article text, one paragraph per line.
        sentences: its sentences (from :func:`extractors.negotiation.sentences.split_sentences`).
        actors: its actor mentions when already found (found here otherwise).

    Returns:
        (participants in order of first mention, quotes in text order). Empty for empty or
        non-text input. Never raises on any string.
    """
    if not isinstance(text, str) or not text.strip():
        return (), ()
    sents = list(sentences) or list(split_sentences(text))
    lex = lexicon()
    mentions = [a for a in (actors if actors is not None else find_actors(text)) if a.kind in ACTOR_KINDS]
    starts = [s.start for s in sents]
    quotations = find_quotations(text, starts)
    masked = [(q.open_at if q.open_at >= 0 else q.start, q.close_at) for q in quotations]
    cast = find_cast(text, [(s.start, s.end) for s in sents], masked, mentions, lex)
    # scare quotes and headline teasers take no part in attribution
    quotations = [
        q
        for q in quotations
        if word_count(text[q.start : q.end]) >= MIN_QUOTE_WORDS and not _in_heading(text, q.start)
    ]
    speakers = attribute(text, quotations, cast, starts, lex)

    quotes: list[Quote] = []
    for q, who in zip(quotations, speakers, strict=True):
        words = text[q.start : q.end]
        if who is None or word_count(words) < MIN_QUOTE_WORDS:
            continue
        cast.people[who].spoke = True
        quotes.append(
            Quote(speaker=cast.people[who].name, text=words, evidence=_evidence(sents, q.start, q.end))
        )
    main_state = _main_state(text, mentions, masked) or _rebels_home(mentions)
    unquoted = [a for a in mentions if not _inside(masked, a.start)]  # a side quoted is the speaker's word
    participants = [
        Participant(
            name=p.name,
            role=p.role or (p.leader.role if p.leader else None),
            affiliation=p.affiliation
            or _side_affiliation(p, mentions, main_state)
            or _fallback_affiliation(text, p, cast, sents, unquoted, main_state),
            evidence=_evidence(sents, p.start, p.end),
        )
        for idx, p in enumerate(cast.people)
        if _is_participant(text, idx, cast, lex)
    ]
    return tuple(participants), tuple(quotes)


# "Sudan's army", "the Sudanese Armed Forces": a state's own force, not a rebel "… Army".
_STATE_ARMY = re.compile(r"\b(?:army|military|Armed Forces)\b")
# "talks with Russia", "pressure on Kyiv": a state named after these words is not the speaker's side.
# "reinstate President X", "the release of ousted leader X": the words before a captive's name.
_HELD_BEFORE = re.compile(
    r"\b(?:reinstate|reinstating|reinstatement of|restore|restoring|release of|releasing|release|free|freeing"
    r"|freed|detained|detaining|detain|detention of|arrest of|arrested|ousted|deposed|toppled|overthrown"
    r"|overthrew|kidnapped|abducted|captured|imprisoned|jailed)\s+(?:the\s+)?((?:[\w.'’-]+\s+){0,4})$"
)
_HELD_WORDS = frozenset(
    {"former", "ousted", "deposed", "detained", "jailed", "imprisoned", "elected", "toppled"}
)
# "The Taliban rejected …", "Hamas said …": a side that opens a sentence speaks in it.
_OPENING_SIDE = re.compile(r"\s*(?:The\s+)?")
_OPENER_KINDS = frozenset({"state", "org", "armed_group", "metonym"})
_TARGET_BEFORE = re.compile(r"\b(?:to|with|against|between|and|from|in|at|on|over)\s+(?:the\s+)?$")


def _in_heading(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a headline or cross-head: a line that does not end like a sentence."""
    le = text.find("\n", pos)
    line = text[text.rfind("\n", 0, pos) + 1 : le if le >= 0 else len(text)]
    return not line.rstrip().rstrip("\"'”’)]").rstrip().endswith((".", "!", "?", "…", ":", ",", "-", "—"))


def _is_participant(text: str, idx: int, cast: Cast, lex: Lexicon) -> bool:
    """Officials and leaders tied to the talks; mediators and delegation heads; never outside voices."""
    p = cast.people[idx]
    if p.mediator or p.group_head:
        return True
    if p.role_kind == "outside":
        return False
    if p.role_kind == "legislator":
        return p.spoke
    if p.role_kind is None and p.leader is None:
        return False
    if p.spoke:
        return True
    return _in_context(text, idx, cast, lex) and not _only_held(text, idx, cast, lex)


def _only_held(text: str, idx: int, cast: Cast, lex: Lexicon) -> bool:
    """Whether every mention names the person as someone held or removed ("to reinstate President X",
    "the release of X"): a captive the talks are about, not one who takes part in them."""
    for m in cast.mentions:
        if m.person != idx:
            continue
        cue = _HELD_BEFORE.search(text, max(0, m.start - 60), m.start)
        if cue is None or any(
            not (
                w[:1].isupper()
                or w.casefold() in lex.title_words
                or w.casefold() in lex.role_modifiers
                or w.casefold() in _HELD_WORDS
            )
            for w in cue.group(1).split()
        ):
            return False
    return True


def _in_context(text: str, idx: int, cast: Cast, lex: Lexicon) -> bool:
    """Whether a paragraph naming the person is about the negotiation (talks, deal, summit, exchange…)."""
    for m in cast.mentions:
        if m.person != idx:
            continue
        ls = text.rfind("\n", 0, m.start) + 1
        le = text.find("\n", m.end)
        para = text[ls : le if le >= 0 else len(text)].casefold()
        if lex.context_re.search(para):
            return True
    return False


def _main_state(text: str, actors: Sequence[ActorMention], masked: Sequence[tuple[int, int]]) -> str | None:
    """The state the article is clearly about: named outside quotations half again as often as any other.

    An adjective ("Nigerian President X") counts half: it describes a person more often than a side.
    """
    counts: Counter[str] = Counter()
    for a in actors:
        if a.kind not in ACTOR_KINDS or actor_kind(a.canonical) != "state":
            continue
        if _inside(masked, a.start):
            continue
        counts[a.canonical] += 2 if a.kind != "demonym" else 1  # "Nigerian President X" describes a person
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] < 1.5 * ranked[1][1]):
        return None
    return ranked[0][0]


def _inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the ordered (start, end) spans."""
    i = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _rebels_home(actors: Sequence[ActorMention]) -> str | None:
    """The one state whose own armed groups the article names: its officials sit across the table."""
    homes = {
        h
        for a in actors
        if a.kind == "armed_group" and not _STATE_ARMY.search(a.surface) and (h := home_country(a.canonical))
    }
    return homes.pop() if len(homes) == 1 else None


def _fallback_affiliation(
    text: str,
    p: Person,
    cast: Cast,
    sents: Sequence[Sentence],
    actors: Sequence[ActorMention],
    main_state: str | None,
) -> str | None:
    """A state official with no state in the text: the side the sentence gives, else the article's state.

    "talks with the Deputy U.S. Trade Representative, Michael Smith, and the Under Secretary of
    Commerce, Bruce Smart": officials listed together sit on one side; "Seoul welcomed the
    decision, with chief presidential press secretary Yoon Young-chan saying…": the state that
    opens the sentence speaks through the official.
    """
    if not (p.role and _STATE_OFFICES.search(p.role) and p.role_kind == "official"):
        return None
    starts = [s.start for s in sents]
    i = bisect.bisect_right(starts, p.start) - 1
    sent_start = sents[i].start if i >= 0 else 0
    for m in reversed(cast.mentions):
        other = cast.people[m.person]
        official = other.role_kind == "official" or other.leader is not None
        if sent_start <= m.start < p.start and other is not p and other.affiliation and official:
            return other.affiliation
    for a in reversed(actors):  # the nearest: "X led Tehran's team, while US special envoy Y"
        own_side = not _TARGET_BEFORE.search(text, max(sent_start, a.start - 20), a.start)
        own_side = own_side and not (a.kind == "metonym" and a.surface.isupper())  # "NIAMEY/ABUJA -" dateline
        if sent_start <= a.start < p.start and a.kind in ("state", "metonym", "demonym") and own_side:
            return a.canonical
    # "Turkish Foreign Minister X opened the session. … Also in the room were intelligence chief Y":
    # the officials a paragraph lists after the host's minister are the host's
    para_start = text.rfind("\n", 0, p.start) + 1
    for m in reversed(cast.mentions):
        other = cast.people[m.person]
        official = other.role_kind == "official" or other.leader is not None
        if para_start <= m.start < sent_start and other is not p and other.affiliation and official:
            return other.affiliation
    # "The Taliban responded with a warning. … spokesman X said": the side that opened the sentence before
    if i > 0 and sents[i - 1].start >= para_start:
        opener = _OPENING_SIDE.match(text, sents[i - 1].start)
        for a in actors:
            if opener is not None and a.start == opener.end() and a.kind in _OPENER_KINDS:
                return a.canonical
    return main_state


def _side_affiliation(p: Person, actors: Sequence[ActorMention], main_state: str | None) -> str | None:
    """ "the army's delegation", "the government's spokesman": the army or the state the article is about.

    The army is the state force the article names ("Sudan's army", "the Sudanese Armed Forces");
    the government is the home state of the armed group it negotiates with when the article
    names that state ("the government" in talks with the M23 is Kinshasa's), else its main state.
    """
    if p.side_word == "army":
        armies = Counter(
            a.canonical for a in actors if a.kind == "armed_group" and _STATE_ARMY.search(a.surface)
        )
        return armies.most_common(1)[0][0] if armies else None
    if p.side_word == "government":
        named = {a.canonical for a in actors if a.kind in ("state", "demonym")}
        homes = Counter(h for a in actors if a.kind == "armed_group" and (h := home_country(a.canonical)))
        for home, _ in homes.most_common():
            if home in named:  # the rebels' own state, named in the article
                return home
        return main_state
    if p.side_word == "rebels":
        groups = Counter(
            a.canonical for a in actors if a.kind == "armed_group" and not _STATE_ARMY.search(a.surface)
        )
        return groups.most_common(1)[0][0] if groups else None
    return None


def _evidence(sents: Sequence[Sentence], start: int, end: int) -> Evidence:
    """Evidence citing the sentence around [start, end), with the span itself."""
    starts = [s.start for s in sents]
    i = bisect.bisect_right(starts, start) - 1
    sentence = sents[i].text if i >= 0 and start < sents[i].end else ""
    return Evidence(sentence=sentence, start=start, end=end)
