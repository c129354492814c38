"""Find the states, organisations and armed groups an article names, under Parley's short English names.

News names a negotiating side in many ways: "Turkey", "Türkiye", "Turkish officials",
"Ankara", "the Kremlin". This module maps every such surface form to one canonical
actor so that parties and mediators compare across outlets. Countries come from
pycountry; Parley's names, demonyms, organisations, metonyms and cities come from
``extractors/data/negotiation/actors.toml``, validated on load.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.negotiation.gazetteer import ACTORS_FILE, TOKEN, Entry, Gazetteer, load_gazetteer

__all__ = [
    "ACTORS_FILE",
    "ActorMention",
    "CityMention",
    "Gazetteer",
    "actor_kind",
    "canonical_actor",
    "city_country",
    "find_actors",
    "find_cities",
    "forget_scan",
    "home_country",
    "is_forum",
    "load_gazetteer",
    "parent_org",
]

KINDS = ("state", "org", "armed_group", "metonym", "demonym", "city")


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor: ``canonical`` is Parley's name, ``surface`` the words as written.

    ``kind`` is state | org | armed_group | metonym | demonym | city; ``city`` marks a
    capital used as a place ("talks in Kyiv"), which names the country but is not an actor.
    """

    canonical: str
    surface: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class CityMention:
    """One mention of a city, with the country (Parley name) it belongs to."""

    name: str
    country: str
    surface: str
    start: int
    end: int
    capital: bool


_NAMED_WAR = re.compile(r"\s+Wars?\b")
# Capitalised words after a capital that keep it the government ("Moscow Says" in a wire headline).
_STATEMENT_WORDS = frozenset(
    {"says", "said", "warns", "rejects", "accepts", "denies", "agrees", "calls", "urges", "and", "or", "but"}
)
# What may stand between the words of one name: "Saint-Denis", "N'Djamena", "St. Petersburg".
_JOINER = re.compile(r"[ \t\-'’.&]{1,3}")
# Capitalised words that can stand before a country's name without being a given name.
_NOT_GIVEN = frozenset(
    [
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "In",
        "On",
        "At",
        "Of",
        "For",
        "From",
        "To",
        "With",
        "By",
        "As",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "Meanwhile",
        "However",
        "Neighbouring",
        "Neighboring",
        "Both",
        "Only",
        "Even",
        "Also",
        "Then",
        "Now",
        "Today",
        "Yesterday",
        "King",
        "Queen",
        "President",
        "Prince",
        "Emir",
        "Sultan",
        "Crown",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Greater",
    ]
)
_LOCATIVE = frozenset(
    {
        "in",
        "at",
        "to",
        "from",
        "near",
        "outside",
        "into",
        "via",
        "inside",
        "around",
        "across",
        "toward",
        "towards",
    }
)


@functools.cache
def _default() -> Gazetteer:
    """Parley's gazetteer, loaded once per process."""
    return load_gazetteer(ACTORS_FILE)


def canonical_actor(mention: str) -> str | None:
    """Parley's name for an actor written as ``mention`` ("the Kremlin" → "Russia").

    Args:
        mention: a name, alias, demonym, metonym or capital, with or without a leading "the".

    Returns:
        The canonical actor name, or None when the words name no known actor.
    """
    gaz = _default()
    words = " ".join(mention.split())
    if words[:4].casefold() == "the ":
        words = words[4:]
    for key in (words, words.rstrip(".")):
        entry = gaz.forms.get(key) or (gaz.upper_forms.get(key) if key.isupper() else None)
        if entry is None and key:
            entry = gaz.forms.get(key[0].upper() + key[1:])
        if entry is not None and entry.kind not in ("city", "not_actor"):
            return (entry.stands_for or entry.country) if entry.kind == "capital" else entry.canonical
    return None


def actor_kind(canonical: str) -> str | None:
    """Whether a canonical actor is a ``state``, an ``org`` or an ``armed_group`` (None if unknown)."""
    return _default().actor_kinds.get(canonical)


def is_forum(canonical: str) -> bool:
    """Whether an organisation hosts its members' own talks ("ICO talks", "talks at the WTO")."""
    return canonical in _default().forums


def home_country(canonical: str) -> str | None:
    """The state an armed group or movement fights in or for (None if unknown or not a group)."""
    return _default().homes.get(canonical)


def parent_org(canonical: str) -> str | None:
    """The larger organisation a body belongs to ("UNCTAD" → "United Nations"), or None."""
    return _default().parents.get(canonical)


def city_country(city: str) -> str | None:
    """The country (Parley name) a known city belongs to, or None."""
    entry = _default().forms.get(" ".join(city.split()))
    if entry is not None and entry.kind in ("city", "capital"):
        return entry.country
    return None


def find_actors(text: str) -> list[ActorMention]:
    """Every actor mention in ``text``, in order, longest match first.

    Capitals count as metonyms ("Kyiv sees…"), except after a locative word or in a
    dateline, where they get kind ``city``. Other cities are not actors (see :func:`find_cities`).

    Args:
        text: any text.

    Returns:
        The mentions with offsets into ``text``; empty when there are none.
    """
    out: list[ActorMention] = []
    for entry, start, end in _scan(text, _default()):
        surface = text[start:end]
        if entry.kind in ("city", "not_actor"):
            continue  # "Agence France-Presse", "South China Sea": a name that holds an actor's, not the actor
        if entry.kind == "capital":
            assert entry.country is not None
            if _is_locative(text, start) or _names_meeting(text, end, _default()):
                out.append(ActorMention(entry.country, surface, start, end, "city"))
            elif _names_a_thing(text, start, end, _default()):
                continue  # "the Hanoi Hilton", "the Beijing Olympics": a name, not the government
            else:
                out.append(ActorMention(entry.stands_for or entry.country, surface, start, end, "metonym"))
        elif not _NAMED_WAR.match(text, end):  # "the Vietnam War", "the Korean War": an event, no side
            out.append(ActorMention(entry.canonical, surface, start, end, entry.kind))
    return out


def find_cities(text: str) -> list[CityMention]:
    """Every city mention in ``text`` (capitals included), in order.

    Args:
        text: any text.

    Returns:
        The mentions with the city's listed name and its country.
    """
    out: list[CityMention] = []
    for entry, start, end in _scan(text, _default()):
        if entry.kind in ("city", "capital"):
            assert entry.country is not None
            out.append(
                CityMention(
                    entry.canonical, entry.country, text[start:end], start, end, entry.kind == "capital"
                )
            )
    return out


# --------------------------------------------------------------------------- scanning


# The last text scanned and its matches: find_actors and find_cities read the same article one
# after the other, so the second call reuses the first scan (same object only, never another text).
_LAST_SCAN: list[tuple[str, Gazetteer, tuple[tuple[Entry, int, int], ...]]] = []


def forget_scan() -> None:
    """Drop the remembered scan (called when an article is done, so no later call can reuse it)."""
    _LAST_SCAN.clear()


def _scan(text: str, gaz: Gazetteer) -> Iterator[tuple[Entry, int, int]]:
    """Yield (entry, start, end) for the longest known n-gram at each token, left to right."""
    if not isinstance(text, str) or not text:
        return
    last = _LAST_SCAN[-1] if _LAST_SCAN else None  # one read: safe when threads share the module
    if last is not None and last[0] is text and last[1] is gaz:
        yield from last[2]
        return
    found = tuple(_scan_text(text, gaz))
    if len(text) > 2000:  # only article-sized texts are worth remembering
        _LAST_SCAN[:] = [(text, gaz, found)]
    yield from found


def _scan_text(text: str, gaz: Gazetteer) -> Iterator[tuple[Entry, int, int]]:
    """The scan itself (see :func:`_scan`)."""
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    n = len(tokens)
    i = 0
    while i < n:
        start = tokens[i][0]
        first = text[start]
        if (
            not (first.isupper() or first.isdigit())
            and text[start : tokens[i][1]] not in gaz.lowercase_starts
        ):
            i += 1
            continue
        found: tuple[Entry, int] | None = None
        j = i
        while j < n and j - i < gaz.max_tokens:
            if j > i and not _JOINER.fullmatch(text, tokens[j - 1][1], tokens[j][0]):
                break
            key = " ".join(text[start : tokens[j][1]].split())
            if key not in gaz.prefixes:
                break
            entry = gaz.forms.get(key)
            if entry is None and key.isupper() and len(key) > 3:
                entry = gaz.upper_forms.get(key)
            if entry is not None:
                found = (entry, j)
            j += 1
        if found is None:
            i += 1
            continue
        entry, j = found
        end = tokens[j][1]
        if entry.kind in ("city", "capital") and _names_institution(text, end, gaz):
            i = j + 1
            continue
        if text[start:end] in gaz.given_names and _in_person_name(text, start, end, gaz):
            i = j + 1
            continue
        yield entry, start, end
        i = j + 1


def _names_institution(text: str, end: int, gaz: Gazetteer) -> bool:
    """True when the next word turns a place name into an institution ("Washington Post")."""
    m = TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    return m is not None and m.group() in gaz.not_place_following


def _names_meeting(text: str, end: int, gaz: Gazetteer) -> bool:
    """True when the next word makes a capital the meeting's place ("the Stockholm talks")."""
    m = TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    return m is not None and m.group().casefold() in gaz.place_before


def _names_a_thing(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """True when a capital opens a longer proper name ("Hanoi Hilton", "Beijing Olympics").

    A title-case headline capitalises every word, so there the next word proves nothing.
    """
    after = TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    if after is None or not after.group()[:1].isupper() or after.group().isupper():
        return False
    if after.group() in gaz.forms or after.group().casefold() in _STATEMENT_WORDS:
        return False
    return not _in_title_case_line(text, start, end)


def _in_title_case_line(text: str, start: int, end: int) -> bool:
    """Whether the line holding [start, end) is a title-case headline."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    long_words = [w for w in line.split() if len(w) > 3 and w[:1].isalpha()]
    headline = not line.rstrip().endswith((".", "!", "?", '"', "”", "’", "'"))
    return headline and bool(long_words) and sum(w[:1].isupper() for w in long_words) >= 0.8 * len(long_words)


def _in_person_name(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """True for "Michael Jordan", "Jordan Bardella": a country name that is also a given or family name."""
    line_start = text.rfind("\n", 0, start) + 1
    if _in_title_case_line(text, start, end):
        return False  # a title-case headline capitalises everything
    after = TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    if after is not None and after.group()[:1].isupper() and after.group() not in gaz.forms:
        return True
    before = re.search(r"(?<![\w.])([A-Z][a-z]+) $", text[max(line_start, start - 30) : start])
    return before is not None and before.group(1) not in gaz.forms and before.group(1) not in _NOT_GIVEN


def _is_locative(text: str, start: int) -> bool:
    """True when the words before ``start`` make a capital a place, not a government."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not before.strip():  # dateline: "GENEVA, March 20 - …"
        rest = text[start : start + 40]
        if re.match(r"[^,\n]{0,30},\s*(?:[A-Z][a-z]{2,8}\.?\s+\d|\d)", rest) or re.match(
            r"\S+\s+[-—–]", rest
        ):
            return True
    words = re.findall(r"[A-Za-z]+", before[-30:])
    if words and words[-1].casefold() == "the" and len(words) > 1:
        words = words[:-1]
    return bool(words) and words[-1].casefold() in _LOCATIVE
