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
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from extractors.errors import ConfigError

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
    "load_gazetteer",
]

ACTORS_FILE = Path(__file__).resolve().parents[1] / "data" / "negotiation" / "actors.toml"

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


@dataclass(frozen=True)
class _Entry:
    canonical: str
    kind: str  # state | org | armed_group | metonym | demonym | capital | city
    country: str | None = None  # for cities and capitals


@dataclass(frozen=True)
class Gazetteer:
    """Every surface form Parley recognises, keyed by its exact spelling."""

    forms: Mapping[str, _Entry]
    upper_forms: Mapping[str, _Entry]
    actor_kinds: Mapping[str, str]
    lowercase_starts: frozenset[str]
    not_place_following: frozenset[str]
    max_tokens: int


# Tokens are words or dotted short forms ("U.S."); an n-gram may only span short separators.
_TOKEN = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\w+")
_JOINER = re.compile(r"[ \t\-'’.&]{1,3}")
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


def load_gazetteer(path: Path = ACTORS_FILE) -> Gazetteer:
    """Read and validate an actors file.

    Args:
        path: the TOML file (default: Parley's own).

    Returns:
        The gazetteer.

    Raises:
        ConfigError: the file is missing, not TOML, or an entry is empty, unknown or duplicated.
    """
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: {exc}") from exc
    return _build(data, name)


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
        if entry is not None and entry.kind != "city":
            return entry.country if entry.kind == "capital" else entry.canonical
    return None


def actor_kind(canonical: str) -> str | None:
    """Whether a canonical actor is a ``state``, an ``org`` or an ``armed_group`` (None if unknown)."""
    return _default().actor_kinds.get(canonical)


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
        if entry.kind == "city":
            continue
        if entry.kind == "capital":
            assert entry.country is not None
            kind = "city" if _is_locative(text, start) else "metonym"
            out.append(ActorMention(entry.country, surface, start, end, kind))
        else:
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


def _scan(text: str, gaz: Gazetteer) -> Iterator[tuple[_Entry, int, int]]:
    """Yield (entry, start, end) for the longest known n-gram at each token, left to right."""
    if not isinstance(text, str) or not text:
        return
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
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
        found: tuple[_Entry, int] | None = None
        j = i
        while j < n and j - i < gaz.max_tokens:
            if j > i and not _JOINER.fullmatch(text, tokens[j - 1][1], tokens[j][0]):
                break
            key = " ".join(text[start : tokens[j][1]].split())
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
        yield entry, start, end
        i = j + 1


def _names_institution(text: str, end: int, gaz: Gazetteer) -> bool:
    """True when the next word turns a place name into an institution ("Washington Post")."""
    m = _TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    return m is not None and m.group() in gaz.not_place_following


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


# --------------------------------------------------------------------------- loading


def _build(data: dict[str, Any], name: str) -> Gazetteer:
    """Turn parsed TOML into a gazetteer, raising ConfigError on the first bad entry."""
    forms: dict[str, _Entry] = {}
    kinds: dict[str, str] = {}

    def add(form: object, entry: _Entry, where: str) -> None:
        if not isinstance(form, str) or not form.strip():
            raise ConfigError(f"{name}: {where}: empty or non-string name {form!r}")
        key = " ".join(form.split())
        old = forms.get(key)
        if old is not None and old != entry:
            if entry.kind in ("city", "capital") or old.kind in ("city", "capital"):
                raise ConfigError(f"{name}: {where}: {key!r} already listed as {old.canonical} ({old.kind})")
            return  # a state's own names win over later aliases
        forms[key] = entry

    countries = _section(data, "countries", name)
    skip = set(_str_list(countries.get("skip", []), name, "countries.skip"))
    names = _table(countries.get("names", {}), name, "countries.names")
    aliases = _table(countries.get("aliases", {}), name, "countries.aliases")
    for code in [*skip, *names, *aliases]:
        _country(code, name, "countries")
    by_code: dict[str, str] = {}
    for c in pycountry.countries:
        code = c.alpha_2
        if code in skip:
            continue
        canon = names.get(code) or getattr(c, "common_name", None) or c.name
        if not isinstance(canon, str) or not canon.strip():
            raise ConfigError(f"{name}: countries.names.{code}: empty name")
        by_code[code] = canon
        entry = _Entry(canon, "state")
        kinds[canon] = "state"
        add(canon, entry, f"countries.names.{code}")
        for extra in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if isinstance(extra, str) and "," not in extra and "(" not in extra:
                add(extra.removeprefix("the "), entry, f"pycountry {code}")
        for form in _str_list(aliases.get(code, []), name, f"countries.aliases.{code}"):
            add(form, entry, f"countries.aliases.{code}")

    for group, kind in (("states", "state"), ("organisations", "org"), ("armed_groups", "armed_group")):
        items = data.get(group, [])
        if not isinstance(items, list):
            raise ConfigError(f"{name}: [[{group}]] must be an array of tables")
        for k, item in enumerate(items):
            where = f"{group}[{k}]"
            if not isinstance(item, dict):
                raise ConfigError(f"{name}: {where}: not a table")
            canon = item.get("name")
            if not isinstance(canon, str) or not canon.strip():
                raise ConfigError(f"{name}: {where}: empty name")
            where = f"{group}[{k}] ({canon})"
            if canon in kinds:
                raise ConfigError(f"{name}: {where}: duplicate actor")
            kinds[canon] = kind
            entry = _Entry(canon, kind)
            add(canon, entry, where)
            for form in _str_list(item.get("aliases", []), name, f"{where}.aliases"):
                add(form, entry, where)
            for form in _str_list(item.get("demonyms", []), name, f"{where}.demonyms"):
                add(form, _Entry(canon, "demonym"), where)

    def actor(key: str, where: str) -> str:
        if key in kinds:
            return key
        if key in by_code:
            return by_code[key]
        raise ConfigError(f"{name}: {where}: unknown actor or country code {key!r}")

    for code, forms_ in _table(data.get("demonyms", {}), name, "demonyms").items():
        canon = actor(code, f"demonyms.{code}")
        for form in _str_list(forms_, name, f"demonyms.{code}"):
            add(form, _Entry(canon, "demonym"), f"demonyms.{code}")
    for key, forms_ in _table(data.get("metonyms", {}), name, "metonyms").items():
        canon = actor(key, f"metonyms.{key}")
        for form in _str_list(forms_, name, f"metonyms.{key}"):
            add(form, _Entry(canon, "metonym"), f"metonyms.{key}")
    for section, kind in (("capitals", "capital"), ("cities", "city")):
        for code, cities in _table(data.get(section, {}), name, section).items():
            country = actor(code, f"{section}.{code}")
            for city in _str_list(cities, name, f"{section}.{code}"):
                add(city, _Entry(city, kind, country), f"{section}.{code}")

    not_places = _section(data, "not_places", name) if "not_places" in data else {}
    following = frozenset(_str_list(not_places.get("following", []), name, "not_places.following"))
    upper = {k.upper(): v for k, v in forms.items() if len(k) > 3 and not k.isupper()}
    lower_starts = frozenset(k.split()[0].split("-")[0] for k in forms if k[:1].islower())
    longest = max((len(_TOKEN.findall(k)) for k in forms), default=1)
    return Gazetteer(forms, upper, kinds, lower_starts, following, longest)


def _section(data: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    """A required table of the file."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{name}: missing table [{key}]")
    return value


def _table(value: object, name: str, where: str) -> dict[str, Any]:
    """A table whose values are read later."""
    if not isinstance(value, dict):
        raise ConfigError(f"{name}: [{where}] must be a table")
    return value


def _str_list(value: object, name: str, where: str) -> list[str]:
    """A list of non-empty strings (a single string is accepted as a one-item list)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{name}: {where}: expected a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{name}: {where}: empty or non-string entry {item!r}")
    return list(value)


def _country(code: str, name: str, where: str) -> None:
    """Fail unless ``code`` is an ISO 3166-1 alpha-2 code pycountry knows."""
    if pycountry.countries.get(alpha_2=code) is None:
        raise ConfigError(f"{name}: {where}: unknown country code {code!r}")
