"""The main meeting's venue: the building or site the sides meet in, named or described.

Four forms are read after "at", "in" or "inside": a proper name ("at Ciragan Palace"), a proper
name explained by an apposition ("at El Laguito, a government protocol compound"), a definite
common noun ("at the presidential palace", "at his official residence", "at NATO headquarters"),
and a bare proper name right after its meeting word that is no known actor or city ("met at
Mar-a-Lago"). A described venue is written the way annotators write it: without the determiner or
a pronoun owner ("official residence"); "a hotel" says no building and is left out. A place where
someone spoke, protested or was held, or where another or a later meeting takes place, is not the
venue."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from extractors.datafiles import load_toml, require_table
from extractors.errors import ConfigError
from extractors.negotiation.actors import canonical_actor, city_country
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import TALKS_FILE, TalkRules, VenueRules

__all__ = ["hotel_names", "main_venue", "sentence_venue"]

# The proper name comes right after the preposition, with at most "the" and one lower-case word between.
_NAMED_BEFORE = re.compile(r"\b(?:at|in|inside|to)\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)
_METONYM_BEFORE = re.compile(r"\b(?:at|in)\s+(?:the\s+)?$", re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'-]+")
# "In 2019 the president received the rebels at the palace": a dated visit is history, not this meeting.
_PAST_YEAR = re.compile(
    r"\b(?i:in|since|during)\s+(?:early\s+|late\s+|mid-)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b"
)
# "at the presidential palace, where the two delegations met": the meeting is placed after its venue.
_WHERE_AFTER = re.compile(r",\s*(?:where|in\s+which|at\s+which)\s+(?P<rest>.{0,80})", re.IGNORECASE)
_ANCHOR_WINDOW = 20  # words between the word that places the meeting and its venue
_SPEECH_WINDOW = 4
_EVENT_WINDOW = 8
_OTHER_WINDOW = 3
_BARE_WINDOW = 3  # "met on Monday at Mar-a-Lago": a bare name stands right after its meeting word
_FUTURE_WINDOW = 4  # "are expected to meet at": the future word stands shortly before the meeting word
_FRONT_WORDS = 3  # "At the presidential palace on Monday, the leaders met": a venue that opens the sentence
_POSSESSIVE = ("'s", "’s")


def main_venue(
    sentences: Sequence[Sentence], main_idx: Sequence[int], r: TalkRules, *, ahead: bool = False
) -> tuple[str | None, int | None]:
    """The main meeting's venue and the sentence it was read from.

    Args:
        sentences: the article's sentences.
        main_idx: the main meeting's sentences, in the order they are trusted.
        r: the talk rules.
        ahead: the main meeting is itself still to come or was called off ("was due to take place at
            Camp David"), so a venue in the future tense is its own.

    Returns:
        The venue ("Ciragan Palace", "presidential palace") and its sentence index, or (None, None).
        The meeting sentences are read first, then any early sentence without a meeting word that
        receives or hosts the sides somewhere ("received the envoys at the presidential palace"). A
        venue of a meeting still to come counts only when the lead meeting sentence is itself future.
    """
    lead = sentences[main_idx[0]].text if main_idx else ""
    future_ok = ahead or bool(r.venue.future & {w.casefold() for w in _TOKEN.findall(lead)})
    for i in [*main_idx, *_reception_sentences(sentences, main_idx, r)]:
        venue = sentence_venue(sentences[i].text, r, future_ok=future_ok)
        if venue is not None:
            return venue, i
    return None, None


def sentence_venue(text: str, r: TalkRules, *, future_ok: bool = True) -> str | None:
    """The venue a sentence about the main meeting places it at, if it names or describes one.

    Args:
        text: one sentence.
        r: the talk rules.
        future_ok: False when the main meeting is not a future one, so that the venue of a meeting
            still to come ("the leaders will meet at the Kremlin") is left out.

    Returns:
        The earliest venue of the sentence, a proper name preferred over a description of the same
        place; None when the sentence places the meeting nowhere in particular.
    """
    v = r.venue
    found = [
        *_named(text, r),
        *_branded(text, r),
        *_appositive(text, r),
        *_described(text, r),
        *_bare(text, r),
    ]
    found = [
        (start, rank, value)
        for start, rank, value in found
        if _plausible(text, start, rank == 0, r, v) and (future_ok or not _future_at(text, start, r))
    ]
    return min(found)[2] if found else None


def _named(text: str, r: TalkRules) -> list[tuple[int, int, str]]:
    """Proper-name venues with where their preposition starts ("at the historic Ciragan Palace")."""
    out = []
    for m in r.venue.named.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", m.group("venue"))
        before = text[: m.start()]
        if name in r.venue.metonyms and not _METONYM_BEFORE.search(before):
            continue
        prep = _NAMED_BEFORE.search(before)
        if prep is not None:
            out.append((prep.start(), 0, name))
    return out


@functools.cache
def hotel_names(path: Path = TALKS_FILE) -> re.Pattern[str]:
    """ "at the Ritz-Carlton", "in the Sheraton hotel": a hotel's name after its preposition, from the
    ``[venue] hotel_brands`` list of a talk-rules file.

    Args:
        path: the talk-rules file (default: Parley's talks.toml).

    Returns:
        The compiled pattern (groups ``prep`` and ``name``).

    Raises:
        ConfigError: naming the file when the list is missing, empty or holds a non-name.
    """
    name = path.name
    brands = require_table(load_toml(path), "venue", name).get("hotel_brands")
    if not isinstance(brands, list) or not brands:
        raise ConfigError(f"{name}: venue.hotel_brands: expected a non-empty list of names")
    for b in brands:
        if not isinstance(b, str) or not b.strip() or not b[:1].isupper():
            raise ConfigError(f"{name}: venue.hotel_brands: {b!r} is not a capitalised name")
    alts = "|".join(re.escape(b).replace(r"\ ", r"\s+") for b in sorted(brands, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?P<prep>(?i:at|in|inside))\s+(?:the\s+)?"
        rf"(?P<name>(?:{alts})(?:\s+[A-Z][\w’'-]+){{0,3}}(?:\s+hotel)?)(?![\w’'-])"
    )


def _branded(text: str, r: TalkRules) -> list[tuple[int, int, str]]:
    """Hotels named by their brand alone ("at the Ritz-Carlton in Riyadh"), not an event held there."""
    out = []
    for m in hotel_names().finditer(text):
        if m.group("name").split()[-1].casefold() not in r.venue.bare_not_last:
            out.append((m.start("prep"), 0, m.group("name")))
    return out


def _appositive(text: str, r: TalkRules) -> list[tuple[int, int, str]]:
    """Proper names that an apposition says are a building ("at El Laguito, a government compound")."""
    v = r.venue
    out = []
    for m in v.appositive.finditer(text):
        if not _known_place(m.group("name")):  # "in Sochi, the Black Sea resort": a city, not a building
            out.append((m.start("prep"), 1, m.group("name")))
    return out


def _described(text: str, r: TalkRules) -> list[tuple[int, int, str]]:
    """Definite common-noun venues ("at the presidential palace"), written without the determiner."""
    v = r.venue
    out = []
    for m in v.described.finditer(text):
        out.append((m.start("prep"), 2, _described_value(m, v)))
    return out


def _bare(text: str, r: TalkRules) -> list[tuple[int, int, str]]:
    """A proper name alone right after "met at", "talks at" ("met at Mar-a-Lago"), when it is no known
    actor, city, event or holiday."""
    v = r.venue
    out = []
    for m in v.bare.finditer(text):
        name = m.group("name")
        words = [w.casefold() for w in name.split()]
        if (
            words[-1] in v.bare_not_last
            or v.bare_not & {*words, name.casefold()}
            or name.endswith(_POSSESSIVE)
        ):
            continue
        if _known_place(name):
            continue
        anchor = _last_anchor(text[: m.start()], r)
        if anchor is None or len(_TOKEN.findall(text[anchor[1] : m.start()])) > _BARE_WINDOW:
            continue
        out.append((m.start("prep"), 3, name))
    return out


def _known_place(name: str) -> bool:
    """Whether a name is a known country, city or organisation rather than a building."""
    return any(canonical_actor(n) or city_country(n) for n in (name, f"The {name}"))


def _described_value(m: re.Match[str], v: VenueRules) -> str:
    """ "the prime minister's official residence" → "official residence"; "the emir's palace" stays."""
    words = m.group("mods").split()
    det = m.group("det") or ""
    owner = det if det and det.casefold() not in v.determiners else None
    cut = max((k + 1 for k, w in enumerate(words) if w.endswith(_POSSESSIVE)), default=0)
    if cut:
        owner, words = " ".join(words[:cut]), words[cut:]
    head = " ".join(m.group("head").split())
    if not words and owner is not None and len(head.split()) == 1:
        words = [owner]  # "the emir's palace": a bare "palace" would say less than the text does
    capital = next((k for k, w in enumerate(words) if w[:1].isupper()), None)
    if capital is not None and all(w[:1].islower() for w in words[:capital]):
        words = words[capital:]  # "the historic Ciragan Palace" → "Ciragan Palace"
    of = " ".join((m.group("of") or "").split())
    return " ".join([*words, head, *([of] if of else [])])


def _plausible(text: str, start: int, named: bool, r: TalkRules, v: VenueRules) -> bool:
    """The place at ``start`` is where the main meeting is: not where someone spoke or protested, not
    another meeting's, and (unless it is a proper name) tied to a word that places the meeting."""
    before = [w.casefold() for w in _TOKEN.findall(text[:start])]
    if v.speech & set(before[-_SPEECH_WINDOW:]) or _other_event_at(text, start, r):
        return False
    anchor = _last_anchor(text[:start], r)
    if anchor is not None:
        words_before_anchor = [w.casefold() for w in _TOKEN.findall(text[: anchor[0]])]
        if v.other_meeting & set(words_before_anchor[-_OTHER_WINDOW:]):
            return False
        return named or len(_TOKEN.findall(text[anchor[1] : start])) <= _ANCHOR_WINDOW
    if named:
        return True  # a proper name in a meeting sentence needs no word nearer to it
    after = text[start:]
    where = _WHERE_AFTER.search(after[:160])
    if where is not None and _places_meeting(where.group("rest"), r):
        return True
    return len(before) < _FRONT_WORDS and _places_meeting(after, r)


def _other_event_at(text: str, start: int, r: TalkRules) -> bool:
    """Whether the place at ``start`` is where something else happened ("protesters rallied at"); an event
    word in an earlier clause ("after a drone strike, talks were held at") does not count."""
    near = list(_TOKEN.finditer(text[:start]))[-_EVENT_WINDOW:]
    events = [m for m in near if m.group().casefold() in r.venue.other_event]
    return bool(events) and not r.meeting.search(text[events[-1].end() : start])


def _future_at(text: str, start: int, r: TalkRules) -> bool:
    """Whether the meeting placed at ``start`` is still to come ("will meet at", "expected to meet at")."""
    # Only the verb group counts: "the talks, which are expected to last two days, are being held at"
    # is a meeting going on now.
    anchor = _last_anchor(text[:start], r)
    cut = anchor[0] if anchor is not None else start
    words = _TOKEN.findall(text[:cut])[-_FUTURE_WINDOW:] + _TOKEN.findall(text[cut:start])[-_FUTURE_WINDOW:]
    return bool(r.venue.future & {w.casefold() for w in words})


def _places_meeting(text: str, r: TalkRules) -> bool:
    """Whether the text has a meeting word or a placing verb."""
    return bool(r.meeting.search(text) or r.venue.anchors.search(text))


def _last_anchor(before: str, r: TalkRules) -> tuple[int, int] | None:
    """Span of the last meeting word or placing verb before the venue (not "news conference")."""
    spans = [(m.start(), m.end()) for m in r.venue.anchors.finditer(before)]
    for m in r.meeting.finditer(before):
        prev = before[: m.start()].split()
        if not prev or prev[-1].casefold() not in r.not_after:
            spans.append((m.start(), m.end()))
    return max(spans, key=lambda s: s[1]) if spans else None


def _reception_sentences(sentences: Sequence[Sentence], main_idx: Sequence[int], r: TalkRules) -> list[int]:
    """Early sentences with no meeting word that receive or host the sides ("received the envoys at …"),
    unless they speak of an earlier time or open on another matter."""
    taken = set(main_idx)
    out = []
    for i, s in enumerate(sentences[: len(sentences) // 2 + 1]):
        if i in taken or r.meeting.search(s.text) or not r.venue.receptions.search(s.text):
            continue
        if _PAST_YEAR.search(s.text) or any(p.search(s.text) for p in (*r.other_talk, *r.other_matter)):
            continue
        out.append(i)
    return out
