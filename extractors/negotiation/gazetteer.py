"""Load and check Parley's actor gazetteer (``actors.toml``): every spelling of every actor, validated.

Countries come from pycountry (ISO 3166) under Parley's short English names; the file
adds aliases, demonyms, organisations, armed groups, metonyms, capitals and cities.
A bad entry is a :class:`ConfigError` naming the file and the entry.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from extractors.datafiles import DATA_DIR, load_toml, require_table
from extractors.errors import ConfigError

__all__ = ["ACTORS_FILE", "TOKEN", "Entry", "Gazetteer", "load_gazetteer"]

ACTORS_FILE = DATA_DIR / "negotiation" / "actors.toml"

# Tokens are words or dotted short forms ("U.S."); names are matched token by token.
TOKEN = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\w+")


@dataclass(frozen=True)
class Entry:
    canonical: str
    kind: str  # state | org | armed_group | metonym | demonym | capital | city | not_actor
    country: str | None = None  # for cities and capitals
    stands_for: str | None = None  # for capitals: the actor the city's name stands for, when not its country


@dataclass(frozen=True)
class Gazetteer:
    """Every surface form Parley recognises, keyed by its exact spelling."""

    forms: Mapping[str, Entry]
    upper_forms: Mapping[str, Entry]
    actor_kinds: Mapping[str, str]
    lowercase_starts: frozenset[str]
    not_place_following: frozenset[str]
    given_names: frozenset[str]  # actor names that are also people's names ("Jordan", "Chad")
    place_before: frozenset[str]  # lower-cased words after which a capital is a place ("talks")
    max_tokens: int
    # Every form cut after each of its tokens ("United", "United Arab", …): a scan stops once its words
    # are no longer the start of any form, instead of trying every n-gram up to ``max_tokens``.
    prefixes: frozenset[str] = frozenset()
    # Organisations whose meetings are their members' talks ("ICO talks", "talks at the WTO"): hosts.
    forums: frozenset[str] = frozenset()
    # Armed groups and movements → the state they fight in or for (Parley name): talks held there are
    # on a side's own ground, so that state is no outside host.
    homes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # Bodies of a larger organisation → that organisation ("UNCTAD" → "United Nations").
    parents: Mapping[str, str] = dataclasses.field(default_factory=dict)


# Tokens are words or dotted short forms ("U.S."); an n-gram may only span short separators.


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
    data = load_toml(path)
    return _build(data, name)


def _build(data: dict[str, Any], name: str) -> Gazetteer:
    """Turn parsed TOML into a gazetteer, raising ConfigError on the first bad entry."""
    forms: dict[str, Entry] = {}
    kinds: dict[str, str] = {}

    def add(form: object, entry: Entry, where: str) -> None:
        if not isinstance(form, str) or not form.strip():
            raise ConfigError(f"{name}: {where}: empty or non-string name {form!r}")
        key = " ".join(form.split())
        old = forms.get(key)
        if old is not None and old != entry:
            if entry.kind in ("city", "capital") or old.kind in ("city", "capital"):
                raise ConfigError(f"{name}: {where}: {key!r} already listed as {old.canonical} ({old.kind})")
            return  # a state's own names win over later aliases
        forms[key] = entry

    countries = require_table(data, "countries", name)
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
        entry = Entry(canon, "state")
        kinds[canon] = "state"
        add(canon, entry, f"countries.names.{code}")
        for extra in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if isinstance(extra, str) and "," not in extra and "(" not in extra:
                add(extra.removeprefix("the "), entry, f"pycountry {code}")
        for form in _str_list(aliases.get(code, []), name, f"countries.aliases.{code}"):
            add(form, entry, f"countries.aliases.{code}")

    forums: set[str] = set()
    home_codes: dict[str, tuple[str, str]] = {}
    parents: dict[str, tuple[str, str]] = {}
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
            entry = Entry(canon, kind)
            add(canon, entry, where)
            for form in _str_list(item.get("aliases", []), name, f"{where}.aliases"):
                add(form, entry, where)
            for form in _str_list(item.get("demonyms", []), name, f"{where}.demonyms"):
                add(form, Entry(canon, "demonym"), where)
            forum = item.get("forum", False)
            if not isinstance(forum, bool) or (forum and kind != "org"):
                raise ConfigError(f"{name}: {where}: forum must be true or false, on organisations only")
            if forum:
                forums.add(canon)
            if "part_of" in item:
                parent = item["part_of"]
                if kind != "org" or not isinstance(parent, str) or not parent.strip():
                    raise ConfigError(f"{name}: {where}: part_of must name a listed organisation")
                parents[canon] = (parent, where)
            if "home" in item:
                home = item["home"]
                if kind != "armed_group" or not isinstance(home, str):
                    raise ConfigError(f"{name}: {where}: home must be a country code, on armed groups only")
                _country(home, name, f"{where}.home")
                home_codes[canon] = (home, where)

    def actor(key: str, where: str) -> str:
        if key in kinds:
            return key
        if key in by_code:
            return by_code[key]
        raise ConfigError(f"{name}: {where}: unknown actor or country code {key!r}")

    for code, forms_ in _table(data.get("demonyms", {}), name, "demonyms").items():
        canon = actor(code, f"demonyms.{code}")
        for form in _str_list(forms_, name, f"demonyms.{code}"):
            add(form, Entry(canon, "demonym"), f"demonyms.{code}")
    for key, forms_ in _table(data.get("metonyms", {}), name, "metonyms").items():
        canon = actor(key, f"metonyms.{key}")
        for form in _str_list(forms_, name, f"metonyms.{key}"):
            add(form, Entry(canon, "metonym"), f"metonyms.{key}")
    homes = {canon: actor(code, f"{where}.home") for canon, (code, where) in home_codes.items()}
    for parent, where in parents.values():
        if kinds.get(parent) != "org":
            raise ConfigError(f"{name}: {where}: part_of {parent!r} is not a listed organisation")
    seats = _table(data.get("seats", {}), name, "seats")
    for city, seat in seats.items():
        actor(_str_list(seat, name, f"seats.{city}")[0], f"seats.{city}")
    for section, kind in (("capitals", "capital"), ("cities", "city")):
        for code, cities in _table(data.get(section, {}), name, section).items():
            country = actor(code, f"{section}.{code}")
            for city in _str_list(cities, name, f"{section}.{code}"):
                seat = actor(seats[city], f"seats.{city}") if city in seats and kind == "capital" else None
                add(city, Entry(city, kind, country, seat), f"{section}.{code}")
    for city in seats:
        listed = forms.get(city)
        if listed is None or listed.kind != "capital":
            raise ConfigError(f"{name}: seats.{city}: not a city listed under [capitals]")

    not_actors = require_table(data, "not_actors", name) if "not_actors" in data else {}
    for form in _str_list(not_actors.get("names", []), name, "not_actors.names"):
        if form in forms:
            raise ConfigError(f"{name}: not_actors.names: {form!r} is an actor's own name")
        add(form, Entry(form, "not_actor"), "not_actors.names")
    not_places = require_table(data, "not_places", name) if "not_places" in data else {}
    following = frozenset(_str_list(not_places.get("following", []), name, "not_places.following"))
    given = frozenset(
        _str_list(not_places.get("also_person_names", []), name, "not_places.also_person_names")
    )
    for form in given:
        if form not in forms:
            raise ConfigError(f"{name}: not_places.also_person_names: {form!r} is not a listed name")
    upper = {k.upper(): v for k, v in forms.items() if len(k) > 3 and not k.isupper()}
    lower_starts = frozenset(k.split()[0].split("-")[0] for k in forms if k[:1].islower())
    longest = max((len(TOKEN.findall(k)) for k in forms), default=1)
    places = require_table(data, "places", name) if "places" in data else {}
    before = frozenset(w.casefold() for w in _str_list(places.get("before", []), name, "places.before"))
    prefixes = frozenset(k[: m.end()] for table in (forms, upper) for k in table for m in TOKEN.finditer(k))
    return Gazetteer(
        forms,
        upper,
        kinds,
        lower_starts,
        following,
        given,
        before,
        longest,
        prefixes,
        frozenset(forums),
        homes,
        {canon: parent for canon, (parent, _) in parents.items()},
    )


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
