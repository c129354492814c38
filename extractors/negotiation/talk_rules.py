"""Load the meeting, mediation, tense and classifier rules from ``talks.toml``, checking every one.

The rules are data so that analysts can extend them without touching code; a rule
that does not compile, is empty, or does not match its own example is a
:class:`ConfigError` naming the file and the rule.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from extractors.datafiles import DATA_DIR, load_toml, require_table
from extractors.errors import ConfigError

__all__ = ["STATUSES", "TALKS_FILE", "MediationRule", "TalkRules", "load_talk_rules", "talk_rules"]

TALKS_FILE = DATA_DIR / "negotiation" / "talks.toml"
STATUSES = ("cancelled", "proposed", "ongoing", "scheduled", "held")  # the order cues are tried in


@dataclass(frozen=True)
class MediationRule:
    """A pattern whose ``span`` group holds the mediating actors."""

    id: str
    pattern: re.Pattern[str]
    take_all: bool  # False: only the actors nearest the end of the span
    trigger: re.Pattern[str]  # the rule runs only in a window around a trigger match
    needs: re.Pattern[str] | None = None  # every match contains a match of this: other windows are skipped


@dataclass(frozen=True)
class TalkRules:
    """Every rule the talk extractor and the classifier use."""

    meeting: re.Pattern[str]
    not_after: frozenset[str]
    threshold: float
    min_sides: int
    meeting_with_sides: float
    positive: re.Pattern[str]
    positive_weights: Mapping[str, float]
    negative: re.Pattern[str]
    negative_weights: Mapping[str, float]
    mediation: tuple[MediationRule, ...]
    status: Mapping[str, tuple[re.Pattern[str], ...]]
    other_talk: tuple[re.Pattern[str], ...]
    other_matter: tuple[re.Pattern[str], ...]  # a sentence opening on another matter ("Separately, …")
    venue: re.Pattern[str]
    metonym_venues: frozenset[str]


def load_talk_rules(path: Path = TALKS_FILE) -> TalkRules:
    """Read and validate a talk-rules file.

    Args:
        path: the TOML file (default: Parley's own).

    Returns:
        The compiled rules.

    Raises:
        ConfigError: naming the file and the bad entry.
    """
    name = path.name
    data = load_toml(path)
    meeting = require_table(data, "meeting", name)
    classifier = require_table(data, "classifier", name)
    status = require_table(data, "status", name)
    venue = require_table(data, "venue", name)
    threshold, min_sides = classifier.get("threshold"), classifier.get("min_sides")
    bonus = classifier.get("meeting_with_sides")
    if not isinstance(threshold, int | float) or not isinstance(min_sides, int):
        raise ConfigError(f"{name}: [classifier] needs a number threshold and an int min_sides")
    if not isinstance(bonus, int | float) or bonus < 0:
        raise ConfigError(f"{name}: [classifier] meeting_with_sides must be a number >= 0")
    pos = _weights(classifier.get("positive"), name, "classifier.positive")
    neg = _weights(classifier.get("negative"), name, "classifier.negative")
    rules: list[MediationRule] = []
    seen: set[str] = set()
    for k, item in enumerate(data.get("mediation", [])):
        if not isinstance(item, dict):
            raise ConfigError(f"{name}: mediation[{k}]: not a table")
        rid = item.get("id")
        if not isinstance(rid, str) or not rid or rid in seen:
            raise ConfigError(f"{name}: mediation[{k}]: missing or duplicate id {rid!r}")
        seen.add(rid)
        pattern = _compile(item.get("pattern"), name, f"mediation {rid}")
        if "span" not in pattern.groupindex:
            raise ConfigError(f"{name}: mediation {rid}: pattern has no (?P<span>…) group")
        example = item.get("example")
        if not isinstance(example, str) or not pattern.search(example):
            raise ConfigError(f"{name}: mediation {rid}: pattern does not match its example {example!r}")
        take = item.get("take", "all")
        if take not in ("all", "last"):
            raise ConfigError(f'{name}: mediation {rid}: take must be "all" or "last"')
        trigger = _compile(item.get("trigger"), name, f"mediation {rid} trigger")
        if not trigger.search(example):
            raise ConfigError(f"{name}: mediation {rid}: trigger does not match the example")
        needs = None
        if "needs" in item:
            needs = _compile(item.get("needs"), name, f"mediation {rid} needs")
            if not needs.search(example):
                raise ConfigError(f"{name}: mediation {rid}: needs does not match the example")
        rules.append(MediationRule(rid, pattern, take == "all", trigger, needs))
    statuses: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in STATUSES:
        items = _strings(status.get(key), name, f"status.{key}")
        statuses[key] = tuple(_compile(p, name, f"status.{key}") for p in items)
    other_table = require_table(data, "other_talk", name)
    other = _strings(other_table.get("patterns"), name, "other_talk.patterns")
    matter = _strings(other_table.get("matter"), name, "other_talk.matter")
    suffixes = _strings(venue.get("suffixes"), name, "venue.suffixes")
    prefixes = _strings(venue.get("prefixes"), name, "venue.prefixes")
    venue_re = re.compile(
        r"(?<![\w’'])(?P<venue>(?:(?:[A-Z][\w’'-]+\s+){1,4}(?:"
        + "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
        + r")|(?:"
        + "|".join(re.escape(s) for s in sorted(prefixes, key=len, reverse=True))
        + r")(?:\s+(?:de|des|du|di|del|della|la|le|am|an|der)?\s*[A-Z][\w’'-]+){1,3})"
        # "National Museum of Anthropology", "Palace of the Nation": a name that goes on with "of"
        + r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)?)"
        + r"\b(?!\s+[a-z]+\s*(?:room|lawn|press|briefing|spokes\w*|officials?|aides?|staff)\b)"
    )
    return TalkRules(
        meeting=_words(_strings(meeting.get("words"), name, "meeting.words")),
        not_after=frozenset(
            w.casefold() for w in _strings(meeting.get("not_after"), name, "meeting.not_after")
        ),
        threshold=float(threshold),
        min_sides=min_sides,
        meeting_with_sides=float(bonus),
        positive=_words(list(pos)),
        positive_weights={k.casefold(): v for k, v in pos.items()},
        negative=_words(list(neg)),
        negative_weights={k.casefold(): v for k, v in neg.items()},
        mediation=tuple(rules),
        status=statuses,
        other_talk=tuple(_compile(p, name, "other_talk.patterns") for p in other),
        other_matter=tuple(_compile(p, name, "other_talk.matter") for p in matter),
        venue=venue_re,
        metonym_venues=frozenset(_strings(venue.get("metonym_venues"), name, "venue.metonym_venues")),
    )


@functools.cache
def talk_rules() -> TalkRules:
    """Parley's talk rules, loaded once per process."""
    return load_talk_rules(TALKS_FILE)


def _strings(value: object, name: str, where: str) -> list[str]:
    """A non-empty list of non-empty strings."""
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{name}: {where}: expected a non-empty list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{name}: {where}: empty pattern or word {item!r}")
    return list(value)


def _weights(value: object, name: str, where: str) -> dict[str, float]:
    """A table of phrase → positive weight."""
    if not isinstance(value, dict) or not value:
        raise ConfigError(f"{name}: [{where}] must be a non-empty table")
    out: dict[str, float] = {}
    for phrase, weight in value.items():
        if not phrase.strip() or not isinstance(weight, int | float) or weight <= 0:
            raise ConfigError(f"{name}: {where}: {phrase!r} needs a positive weight")
        out[phrase] = float(weight)
    return out


def _compile(pattern: object, name: str, where: str) -> re.Pattern[str]:
    """Compile a case-insensitive rule pattern, or fail naming it."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise ConfigError(f"{name}: {where}: empty pattern")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{name}: {where}: bad pattern: {exc}") from exc


def _words(words: list[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of phrases on word boundaries, longest first."""
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)
