"""Load the cue lexicon for outcomes, deadlines and proposals, checking every pattern against its example.

The lexicon is data (``extractors/data/negotiation/cues.toml``) so that a reviewer can
add wording without touching code; a bad entry fails loudly on load with the file and
entry named, never by silently matching nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.datafiles import DATA_DIR, load_toml, require_table
from extractors.errors import ConfigError
from extractors.negotiation.prefilter import Prefilter

__all__ = [
    "CUES_FILE",
    "DEADLINE_CUE_TYPES",
    "OUTCOME_TYPES",
    "PROPOSAL_TYPES",
    "Cue",
    "Cues",
    "default_cues",
    "load_cues",
]

CUES_FILE = DATA_DIR / "negotiation" / "cues.toml"

OUTCOME_TYPES = (
    "prisoner_exchange",
    "remains_exchange",
    "hostage_release",
    "ceasefire",
    "agreement",
    "memorandum",
    "no_breakthrough",
    "next_round_agreed",
    "other",
)
PROPOSAL_TYPES = ("leaders_summit", "ceasefire", "peace_plan", "prisoner_exchange", "other")
# `type` of a [deadline.*] cue: a time limit, wording that makes a sentence a threat, or wording
# before a limit that makes it the date of a meeting or a hope rather than of a demand.
DEADLINE_CUE_TYPES = ("limit", "threat", "plan")
_MARKER_LISTS = ("irrealis", "negation", "clause_openers", "forward")


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: ``id`` names it in errors and evidence, ``type`` is what it signals."""

    id: str
    type: str
    pattern: re.Pattern[str]
    refers: bool = False  # outcomes: refers back to a fact, counts only when no other cue found it
    after: bool = False  # proposals: the detail starts after the cue, not at it
    subject: bool = False  # proposals: an unnamed group before the cue may stand as proposer
    detail_must_not_match: re.Pattern[str] | None = None  # proposals: details that are appeals, not offers
    future: bool = False  # outcomes: the cue reports a scheduled event, so future tense is no veto


@dataclass(frozen=True)
class Cues:
    """The whole lexicon, in file order within each section."""

    outcomes: tuple[Cue, ...]
    proposals: tuple[Cue, ...]
    proposal_types: tuple[Cue, ...]
    deadlines: tuple[Cue, ...]
    irrealis: frozenset[str]
    negation: frozenset[str]
    clause_openers: frozenset[str]
    forward: frozenset[str]
    threats: tuple[str, ...]
    consequences: tuple[str, ...]
    common_capitalised: frozenset[str]

    # Most sentences match no cue at all: a word prefilter skips them in one scan (speed; see bench/).

    @functools.cached_property
    def any_outcome(self) -> Prefilter:
        """Whether a sentence may match some outcome cue."""
        return Prefilter(c.pattern for c in self.outcomes)

    @functools.cached_property
    def any_proposal(self) -> Prefilter:
        """Whether a sentence may match some proposal cue."""
        return Prefilter(c.pattern for c in self.proposals)

    @functools.cached_property
    def any_limit(self) -> Prefilter:
        """Whether a sentence may match some time-limit deadline cue ("within 50 days", "by July 9")."""
        return Prefilter(c.pattern for c in self.deadlines if c.type not in ("threat", "plan"))

    @functools.cached_property
    def any_threat(self) -> Prefilter:
        """Whether a sentence may match some conditional-threat deadline cue ("if … not …, … will")."""
        return Prefilter(c.pattern for c in self.deadlines if c.type == "threat")

    @functools.cached_property
    def threat_re(self) -> re.Pattern[str]:
        """Any threat word or consequence term, as whole words of a case-folded sentence."""
        words = sorted({w.casefold() for w in (*self.threats, *self.consequences)}, key=len, reverse=True)
        return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")


def load_cues(path: Path = CUES_FILE) -> Cues:
    """Read and validate a cue file.

    Args:
        path: the TOML file (default: Parley's own).

    Returns:
        The compiled lexicon.

    Raises:
        ConfigError: the file is unreadable or not TOML, or an entry has an empty or invalid
            pattern, an unknown type, or an example its pattern does not match.
    """
    name = path.name
    data = load_toml(path)
    markers = require_table(data, "markers", name)
    threats = require_table(data, "threats", name)
    consequences = require_table(data, "consequences", name)
    names = require_table(data, "names", name)
    words = {
        key: frozenset(w.casefold() for w in _words(markers, key, name, "markers")) for key in _MARKER_LISTS
    }
    return Cues(
        outcomes=_entries(data, "outcome", name, OUTCOME_TYPES),
        proposals=_entries(data, "proposal", name, None),
        proposal_types=_entries(data, "proposal_type", name, PROPOSAL_TYPES),
        deadlines=_entries(data, "deadline", name, DEADLINE_CUE_TYPES),
        irrealis=words["irrealis"],
        negation=words["negation"],
        clause_openers=words["clause_openers"],
        forward=words["forward"],
        threats=tuple(_words(threats, "words", name, "threats")),
        consequences=tuple(_words(consequences, "terms", name, "consequences")),
        common_capitalised=frozenset(_words(names, "common_capitalised", name, "names")),
    )


@functools.cache
def default_cues() -> Cues:
    """Parley's own lexicon, loaded once per process."""
    return load_cues(CUES_FILE)


def _entries(data: dict[str, Any], section: str, name: str, types: tuple[str, ...] | None) -> tuple[Cue, ...]:
    """Compile every entry of ``[section.<id>]``; the entry's type is its ``type`` key or its id."""
    table = require_table(data, section, name)
    out: list[Cue] = []
    for cue_id, entry in table.items():
        where = f"{name}: [{section}.{cue_id}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: not a table")
        pattern = entry.get("pattern")
        example = entry.get("example")
        if not isinstance(pattern, str) or not pattern.strip():
            raise ConfigError(f"{where}: empty pattern")
        if not isinstance(example, str) or not example.strip():
            raise ConfigError(f"{where}: missing example")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"{where}: bad pattern: {exc}") from exc
        if compiled.search(example) is None:
            raise ConfigError(f"{where}: example does not match: {example!r}")
        kind = entry.get("type", cue_id)
        if types is not None and kind not in types:
            raise ConfigError(f"{where}: unknown type {kind!r} (expected one of {', '.join(types)})")
        flags = {key: entry.get(key, False) for key in ("refers", "subject", "future")}
        for key, value in flags.items():
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false")
        must_not = entry.get("detail_must_not_match")
        if must_not is not None and (not isinstance(must_not, str) or not must_not.strip()):
            raise ConfigError(f"{where}: empty detail_must_not_match")
        try:
            reject = re.compile(must_not, re.IGNORECASE) if must_not else None
        except re.error as exc:
            raise ConfigError(f"{where}: bad detail_must_not_match: {exc}") from exc
        detail = entry.get("detail", "at")
        if detail not in ("at", "after"):
            raise ConfigError(f'{where}: detail must be "at" or "after"')
        out.append(
            Cue(
                cue_id,
                str(kind),
                compiled,
                refers=flags["refers"],
                after=detail == "after",
                subject=flags["subject"],
                detail_must_not_match=reject,
                future=flags["future"],
            )
        )
    if not out:
        raise ConfigError(f"{name}: [{section}] has no entries")
    return tuple(out)


def _words(table: dict[str, Any], key: str, name: str, section: str) -> list[str]:
    """A required non-empty list of non-empty strings."""
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{name}: [{section}] {key}: expected a non-empty list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{name}: [{section}] {key}: empty or non-string entry {item!r}")
    return list(value)
