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

__all__ = [
    "STATUSES",
    "TALKS_FILE",
    "MediationRule",
    "TalkRules",
    "VenueRules",
    "load_talk_rules",
    "load_venue_rules",
    "talk_rules",
]

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
    # "forum": keep only organisations that host their members' talks; "place": states named as the
    # place of the talks ("talks in Tanzania"), hosts only when they are not a side
    only: str | None = None


@dataclass(frozen=True)
class VenueRules:
    """What makes a place in a meeting sentence the meeting's venue (the ``[venue]`` table)."""

    named: re.Pattern[str]  # a venue's proper name: "Ciragan Palace", "Palais des Nations"
    metonyms: frozenset[str]  # names that also stand for a government ("White House", "Kremlin")
    described: re.Pattern[str]  # "at the presidential palace", "at Anwar's official residence"
    appositive: re.Pattern[str]  # "at El Laguito, a government protocol compound"
    anchors: re.Pattern[str]  # words besides the meeting words that place a meeting ("received", "gathered")
    receptions: re.Pattern[str]  # verbs that receive the sides somewhere ("received", "hosted")
    followers: frozenset[str]  # the words that may follow a common-noun venue's head
    determiners: frozenset[str]
    speech: frozenset[str]  # "told reporters at …": where someone spoke
    other_meeting: frozenset[str]  # "last month's meeting at …": another meeting
    future: frozenset[str]  # "the leaders will meet at …": a meeting still to come
    bare: re.Pattern[str]  # "met at Mar-a-Lago": a proper name alone after "at"
    bare_not_last: frozenset[str]  # last words of names that are events or bodies ("… Conference")
    bare_not: frozenset[str]  # names after "at" that are no place ("Christmas", "Reuters")
    other_event: frozenset[str]  # "protesters gathered at …": another event


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
    venue: VenueRules


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
        only = item.get("only")
        if only not in (None, "forum", "place"):
            raise ConfigError(f'{name}: mediation {rid}: only must be "forum" or "place" when given')
        rules.append(MediationRule(rid, pattern, take == "all", trigger, needs, only))
    statuses: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in STATUSES:
        items = _strings(status.get(key), name, f"status.{key}")
        statuses[key] = tuple(_compile(p, name, f"status.{key}") for p in items)
    other_table = require_table(data, "other_talk", name)
    other = _strings(other_table.get("patterns"), name, "other_talk.patterns")
    matter = _strings(other_table.get("matter"), name, "other_talk.matter")
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
        venue=load_venue_rules(venue, name),
    )


def load_venue_rules(table: Mapping[str, object], name: str) -> VenueRules:
    """Compile the ``[venue]`` table of a talk-rules file.

    Args:
        table: the parsed ``[venue]`` table.
        name: the file name used in error messages.

    Returns:
        The compiled venue rules.

    Raises:
        ConfigError: naming the file and the key of a missing, empty or malformed entry.
    """
    suffixes = _strings(table.get("suffixes"), name, "venue.suffixes")
    prefixes = _strings(table.get("prefixes"), name, "venue.prefixes")
    named = re.compile(
        r"(?<![\w’'])(?P<venue>(?:(?:[A-Z][\w’'-]+\s+){1,4}(?:"
        + _alternation(suffixes)
        + r")|(?:"
        + _alternation(prefixes)
        + r")(?:\s+(?:de|des|du|di|del|della|la|le|am|an|der)?\s*[A-Z][\w’'-]+){1,3})"
        # "National Museum of Anthropology", "Palace of the Nation": a name that goes on with "of"
        + r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)?)"
        + r"\b(?!\s+[a-z]+\s*(?:room|lawn|press|briefing|spokes\w*|officials?|aides?|staff)\b)"
    )
    heads = _alternation(_phrases(table.get("heads"), name, "venue.heads"))
    determiners = _single_words(table.get("determiners"), name, "venue.determiners")
    followers = _single_words(table.get("followers"), name, "venue.followers")
    if clash := sorted(determiners & followers):
        raise ConfigError(f"{name}: venue.determiners: {clash[0]!r} is also in venue.followers")
    not_modifiers = _single_words(table.get("not_modifiers"), name, "venue.not_modifiers")
    receptions = _phrases(table.get("receptions"), name, "venue.receptions")
    # Up to three content words before the head ("the heavily guarded presidential palace"): a function
    # word among them means the head belongs to another phrase.
    barrier = "|".join(
        re.escape(w)
        for w in sorted(determiners | followers | not_modifiers | {"a", "an"}, key=len, reverse=True)
    )
    mods = rf"(?P<mods>(?:(?!(?:{barrier})\s)[\w’'-]+\s+){{0,3}}?)"
    # The head ends its phrase: punctuation, the end, a follower or a participle ("the palace on Monday",
    # not "the palace guards"); a name with "of" may go on first ("the headquarters of the African Union").
    ends = (
        r"(?![\w-])(?=\s*(?:$|[,.;:!?)\]—–]|\s-\s)|\s+(?:"
        + "|".join(re.escape(w) for w in sorted(followers, key=len, reverse=True))
        # or a participle that goes on to describe it ("the palace overlooking the bay", "the villa built …")
        + r"|(?-i:[a-z]+(?:ing|ed)))(?![\w’'-]))"
    )
    of_name = r"(?P<of>\s+of\s+(?:the\s+)?(?-i:[A-Z][\w’'-]+)(?:\s+(?-i:[A-Z][\w’'-]+)){0,3})?"
    described = re.compile(
        r"(?<![\w-])(?P<prep>at|in|inside)\s+(?:(?P<det>"
        + "|".join(re.escape(d) for d in sorted(determiners, key=len, reverse=True))
        # a named owner: "at Anwar's official residence", "at President Ruto's State House"
        + r"|(?-i:(?:[A-Z][\w-]+\s+){0,3}[A-Z][\w-]+)(?:'s|’s))\s+"
        # or no determiner before a name: "at NATO headquarters", "at Heathrow airport"
        + r"|(?=(?-i:[A-Z])))"
        + mods
        + rf"(?P<head>{heads}){of_name}{ends}",
        re.IGNORECASE,
    )
    # a name word may carry a lower-case particle: "Kasr al-Watan", "Dar es-Salaam"
    word = r"(?-i:(?:[a-z]{1,3}-)?[A-Z][\w’'-]+)"
    appositive = re.compile(
        rf"(?<![\w-])(?P<prep>at|in|inside)\s+(?:the\s+)?(?P<name>{word}(?:\s+(?:(?:de|del|la|el|al|of|the)\s+)?"
        rf"{word}){{0,4}}),\s+(?:a|an|the)\s+{mods}(?P<head>{heads}){ends}",
        re.IGNORECASE,
    )
    bare = re.compile(
        rf"(?<![\w-])(?P<prep>at)\s+(?:the\s+)?(?P<name>{word}(?:\s+(?:(?:de|del|la|el|al|of|the)\s+)?"
        rf"{word}){{0,3}}){ends}",
        re.IGNORECASE,
    )
    return VenueRules(
        named=named,
        metonyms=frozenset(_strings(table.get("metonym_venues"), name, "venue.metonym_venues")),
        described=described,
        appositive=appositive,
        anchors=_words([*receptions, *_phrases(table.get("anchors"), name, "venue.anchors")]),
        receptions=_words(receptions),
        followers=followers,
        determiners=determiners,
        speech=_single_words(table.get("speech"), name, "venue.speech"),
        other_meeting=_single_words(table.get("other_meeting"), name, "venue.other_meeting"),
        future=_single_words(table.get("future"), name, "venue.future"),
        bare=bare,
        bare_not_last=_single_words(table.get("bare_name_not_last"), name, "venue.bare_name_not_last"),
        bare_not=frozenset(
            n.casefold() for n in _phrases(table.get("bare_name_not"), name, "venue.bare_name_not")
        ),
        other_event=_single_words(table.get("other_event"), name, "venue.other_event"),
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


_PHRASE = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _phrases(value: object, name: str, where: str) -> list[str]:
    """A non-empty list of distinct words or phrases (letters, single spaces and hyphens only)."""
    items = _strings(value, name, where)
    seen: set[str] = set()
    for item in items:
        if not _PHRASE.fullmatch(item):
            raise ConfigError(f"{name}: {where}: {item!r} is not a word or phrase")
        if item.casefold() in seen:
            raise ConfigError(f"{name}: {where}: {item!r} is listed twice")
        seen.add(item.casefold())
    return items


def _single_words(value: object, name: str, where: str) -> frozenset[str]:
    """A non-empty list of distinct single words, casefolded."""
    items = _phrases(value, name, where)
    for item in items:
        if not _WORD.fullmatch(item):
            raise ConfigError(f"{name}: {where}: {item!r} is not a single word")
    return frozenset(i.casefold() for i in items)


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


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
