"""The people lexicon: titles, role words, speech verbs and well-known leaders, read from ``roles.toml``.

Kept as data so an analyst can add a title or a leader without touching the rules in
:mod:`extractors.negotiation.people`; the loader fails loudly, naming file and entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.datafiles import DATA_DIR, load_toml, require_table
from extractors.errors import ConfigError

__all__ = ["ROLES_FILE", "Leader", "Lexicon", "lexicon", "load_lexicon"]

ROLES_FILE = DATA_DIR / "negotiation" / "roles.toml"

TITLE_KINDS = ("official", "legislator", "outside")


@dataclass(frozen=True)
class Leader:
    """A well-known leader: the name to report, spellings to accept, and what the text may leave unsaid."""

    name: str
    affiliation: str
    role: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Everything ``roles.toml`` says, ready for matching (lower-cased where matching ignores case)."""

    titles: Mapping[str, str]  # lower-cased title → kind
    weak_official: frozenset[str]
    negotiation_words: frozenset[str]
    outside_markers: tuple[str, ...]
    title_affiliations: Mapping[str, str]  # lower-cased title → state
    honorifics: frozenset[str]  # case-sensitive
    speech_verbs: frozenset[str]
    unnamed_subjects: frozenset[str]
    coreference_nouns: frozenset[str]
    not_name_words: frozenset[str]
    role_modifiers: frozenset[str]
    context_stems: tuple[str, ...]
    mediator_words: frozenset[str]
    leaders: tuple[Leader, ...]
    max_title_words: int
    principals: tuple[str, ...] = ()  # lower-cased: whom an adviser serves ("adviser to the president")
    apostrophe_honorifics: frozenset[str] = frozenset()  # "Dato'" keeps a name going, case-sensitive
    suffixes: frozenset[str] = frozenset()  # "Jr.", case-sensitive

    # Matchers built once per lexicon, not once per article or per phrase (speed; see bench/).

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        """Every word of a listed title, and its plural ("negotiators X and Y")."""
        words = {w for t in self.titles for w in t.split()} - {"of", "the", "to"}
        return frozenset(words | {w + "s" for w in words if w[-1:].isalpha()})

    @functools.cached_property
    def title_re(self) -> re.Pattern[str]:
        """Any listed title (longest first), whole words, an optional plural "s"."""
        by_length = sorted(self.titles, key=len, reverse=True)
        return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(t) for t in by_length)})s?(?![\w-])")

    @functools.cached_property
    def title_groups(self) -> tuple[tuple[str, tuple[tuple[str, re.Pattern[str]], ...]], ...]:
        """Titles grouped by their last word, so a phrase is only tested against titles it can hold."""
        groups: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for t in self.titles:
            pattern = re.compile(rf"(?<![\w-]){re.escape(t)}s?(?![\w-])")
            groups.setdefault(t.split()[-1], []).append((t, pattern))
        return tuple((last, tuple(found)) for last, found in groups.items())

    def titles_in(self, low: str) -> list[str]:
        """Every listed title inside a lower-cased phrase, overlapping ones included."""
        return [t for last, group in self.title_groups if last in low for t, p in group if p.search(low)]

    @functools.cached_property
    def dotted_words(self) -> frozenset[str]:
        """Abbreviated title and courtesy words, lower-cased, without their full stop ("gen", "dr")."""
        words = {w for t in self.titles for w in t.split() if w.endswith(".")}
        words |= {h.casefold() for h in self.honorifics if h.endswith(".")}
        return frozenset(w[:-1] for w in words)

    @functools.cached_property
    def principals_re(self) -> re.Pattern[str]:
        """ "adviser to the president", "aide to Prime Minister …": an adviser who serves a state office."""
        alts = "|".join(re.escape(p) for p in sorted(self.principals, key=len, reverse=True)) or "(?!)"
        return re.compile(rf"\b(?:adviser|advisor|aide|assistant|envoy)s?\s+to\s+(?:the\s+)?(?:{alts})\b")

    @functools.cached_property
    def outside_re(self) -> re.Pattern[str]:
        """Any outside marker ("analyst at"), not inside a longer word."""
        return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(m) for m in self.outside_markers)})")

    @functools.cached_property
    def negotiation_re(self) -> re.Pattern[str]:
        """Any negotiation word as a whole word ("delegation", "talks")."""
        alts = "|".join(re.escape(w) for w in sorted(self.negotiation_words, key=len, reverse=True))
        return re.compile(rf"\b(?:{alts})\b")

    @functools.cached_property
    def mediator_as_re(self) -> re.Pattern[str]:
        """ "as a mediator", "as an intermediary": the person mediates."""
        alts = "|".join(re.escape(w) for w in sorted(self.mediator_words, key=len, reverse=True))
        return re.compile(rf"\bas an? (?:\w+ )?(?:{alts})")

    @functools.cached_property
    def context_re(self) -> re.Pattern[str]:
        """Any context stem at the start of a word."""
        alts = "|".join(re.escape(s) for s in sorted(self.context_stems, key=len, reverse=True))
        return re.compile(rf"\b(?:{alts})")


def load_lexicon(path: Path = ROLES_FILE) -> Lexicon:
    """Read and validate a roles file.

    Args:
        path: the TOML file (default: Parley's own).

    Returns:
        The lexicon.

    Raises:
        ConfigError: the file is unreadable or not TOML, or an entry is empty, duplicated or of unknown kind.
    """
    name = path.name
    data = load_toml(path)
    return _build(data, name)


@functools.cache
def lexicon() -> Lexicon:
    """Parley's own lexicon, loaded once per process."""
    return load_lexicon(ROLES_FILE)


def _build(data: dict[str, Any], name: str) -> Lexicon:
    """Turn parsed TOML into a lexicon, raising ConfigError on the first bad entry."""
    titles_table = require_table(data, "titles", name)
    titles: dict[str, str] = {}
    for kind in TITLE_KINDS:
        for title in _strings(titles_table.get(kind), name, f"titles.{kind}"):
            key = " ".join(title.split()).casefold()
            old = titles.get(key)
            if old is not None and old != kind:
                raise ConfigError(f"{name}: titles.{kind}: {title!r} already listed as {old}")
            titles[key] = kind
    unknown = set(titles_table) - set(TITLE_KINDS)
    if unknown:
        raise ConfigError(
            f"{name}: titles: unknown kind {sorted(unknown)[0]!r} (expected one of {TITLE_KINDS})"
        )

    affiliations: dict[str, str] = {}
    for title, state in require_table(data, "title_affiliations", name).items():
        if not isinstance(state, str) or not state.strip():
            raise ConfigError(f"{name}: title_affiliations.{title}: empty affiliation")
        if " ".join(title.split()).casefold() not in titles:
            raise ConfigError(f"{name}: title_affiliations.{title}: not a listed title")
        affiliations[" ".join(title.split()).casefold()] = state

    leaders: list[Leader] = []
    raw_leaders = data.get("leader", [])
    if not isinstance(raw_leaders, list):
        raise ConfigError(f"{name}: [[leader]] must be an array of tables")
    seen: set[str] = set()
    for k, item in enumerate(raw_leaders):
        where = f"leader[{k}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{name}: {where}: not a table")
        if isinstance(item.get("name"), str) and item["name"].strip():
            where = f"leader[{k}] ({item['name']})"
        fields = {}
        for key in ("name", "affiliation", "role"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{name}: {where}: empty {key}")
            fields[key] = value
        if fields["name"] in seen:
            raise ConfigError(f"{name}: {where}: duplicate leader")
        seen.add(fields["name"])
        variants = tuple(_strings(item.get("variants", []), name, f"{where}.variants", allow_empty=True))
        leaders.append(Leader(fields["name"], fields["affiliation"], fields["role"], variants))

    speech = require_table(data, "speech", name)
    coref = require_table(data, "coreference", name)
    words = require_table(data, "role_words", name)
    context = require_table(data, "context", name)
    names = require_table(data, "names", name)
    return Lexicon(
        titles=titles,
        weak_official=_lower_set(words.get("weak"), name, "role_words.weak"),
        negotiation_words=_lower_set(words.get("negotiation"), name, "role_words.negotiation"),
        outside_markers=tuple(
            s.casefold() for s in _strings(words.get("outside_markers"), name, "role_words.outside_markers")
        ),
        title_affiliations=affiliations,
        honorifics=frozenset(
            _strings(require_table(data, "honorifics", name).get("words"), name, "honorifics.words")
        ),
        speech_verbs=_lower_set(speech.get("verbs"), name, "speech.verbs"),
        unnamed_subjects=_lower_set(speech.get("unnamed_subjects"), name, "speech.unnamed_subjects"),
        coreference_nouns=_lower_set(coref.get("nouns"), name, "coreference.nouns"),
        not_name_words=_lower_set(names.get("not_name"), name, "names.not_name"),
        role_modifiers=_lower_set(names.get("role_modifiers"), name, "names.role_modifiers"),
        context_stems=tuple(s.casefold() for s in _strings(context.get("stems"), name, "context.stems")),
        mediator_words=_lower_set(context.get("mediator_predicates"), name, "context.mediator_predicates"),
        leaders=tuple(leaders),
        max_title_words=max(len(t.split()) for t in titles),
        principals=tuple(
            s.casefold() for s in _strings(words.get("principals"), name, "role_words.principals")
        ),
        apostrophe_honorifics=frozenset(
            h.rstrip("'’")
            for h in _strings(names.get("apostrophe_honorifics"), name, "names.apostrophe_honorifics")
        ),
        suffixes=frozenset(s.rstrip(".") for s in _strings(names.get("suffixes"), name, "names.suffixes")),
    )


def _strings(value: object, name: str, where: str, allow_empty: bool = False) -> list[str]:
    """A list of non-empty, distinct strings."""
    if value is None and not allow_empty:
        raise ConfigError(f"{name}: {where}: missing list")
    if value is None:
        return []
    if not isinstance(value, list) or (not value and not allow_empty):
        raise ConfigError(f"{name}: {where}: expected a non-empty list of strings")
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{name}: {where}: empty or non-string entry {item!r}")
        if item in seen:
            raise ConfigError(f"{name}: {where}: duplicate entry {item!r}")
        seen.add(item)
    return list(value)


def _lower_set(value: object, name: str, where: str) -> frozenset[str]:
    """A validated list as a lower-cased set."""
    return frozenset(s.casefold() for s in _strings(value, name, where))
