"""The boilerplate rules file, ``extractors/data/boilerplate.toml``, read into validated records.

A rules file that contradicts itself (an example its pattern misses, a counter-example it hits)
is refused on load with a ConfigError naming the file, the line and the rule, never half-used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.datafiles import DATA_DIR, parse_toml, read_data_text
from extractors.errors import ConfigError

RULES_PATH = DATA_DIR / "boilerplate.toml"

WHERE = frozenset({"anywhere", "trailing", "leading", "edges"})
LIST_AFTER = frozenset({"bullets", "headlines"})
STRENGTHS = frozenset({"strong", "weak"})
KINDS = frozenset(
    {"social_promo", "related_link", "newsletter", "app_promo", "credit", "trailer", "ad", "ui", "meta"}
)
_RULE_KEYS = frozenset(
    {
        "id",
        "kind",
        "pattern",
        "where",
        "strength",
        "example",
        "counter_example",
        "max_words",
        "case_sensitive",
        "list_after",
    }
)

# Bullets, arrows and brackets around a line are presentation, not content: ignore them when matching.
_BULLETS = re.compile(r"^[\s\-*•·»›►▶→|]+|[\s|]+$")
_BRACKETS = {"(": ")", "[": "]"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LineRule:
    """One boilerplate pattern and the conditions under which it may remove a line."""

    id: str
    kind: str
    regex: re.Pattern[str]
    where: str
    strength: str
    example: str
    counter_example: str | None = None
    max_words: int | None = None
    domain: str | None = None
    list_after: str | None = None  # "bullets" | "headlines": the list this label introduces goes too


@dataclass(frozen=True)
class Guard:
    """The veto that protects content from weak rules (see the rules file)."""

    max_words: int
    quotation: re.Pattern[str]
    strong_max_words: int


@dataclass(frozen=True)
class HtmlLabelRule:
    """An element whose text starts with this label (and is mostly a link) is a related-link teaser."""

    id: str
    kind: str
    regex: re.Pattern[str]
    starts_with: tuple[str, ...]
    example: str
    counter_example: str | None = None


@dataclass(frozen=True)
class HtmlBlockRule:
    """An element whose class/id/aria-label holds one of these words is not article text."""

    id: str
    kind: str
    tokens: tuple[str, ...]
    example: str
    counter_example: str | None = None

    def matches(self, attribute: str) -> bool:
        """Say whether a class/id/aria-label value holds one of the tokens as whole words."""
        return self.regex.search(attribute) is not None

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The tokens as one pattern over raw attribute values (see ``token_pattern``)."""
        return re.compile(token_pattern(self.tokens))


@dataclass(frozen=True)
class RuleSet:
    """Every rule of one rules file, validated."""

    guard: Guard
    rules: tuple[LineRule, ...]  # generic rules first, then per-site rules (domain set)
    html_labels: tuple[HtmlLabelRule, ...]
    html_blocks: tuple[HtmlBlockRule, ...]

    def for_domain(self, domain: str | None) -> tuple[LineRule, ...]:
        """Return the generic rules plus those of ``domain`` and its parent domains."""
        return _rules_for(self, _host(domain))

    @functools.cached_property
    def screens(self) -> tuple[re.Pattern[str], re.Pattern[str], int]:
        """All line patterns as two regexes, anchored at the start and not, plus the most words a line
        may have for any unanchored rule to apply. Lines neither regex matches skip the rule-by-rule
        look; anchored patterns are tried at position 0 only, which keeps long lines cheap."""
        anchored: list[str] = []
        floating: list[str] = []
        floating_words = 0
        for rule in self.rules:
            part = f"(?{'i' if rule.regex.flags & re.IGNORECASE else ''}:{rule.regex.pattern})"
            if _starts_anchored(rule.regex.pattern):
                anchored.append(part)
            else:
                floating.append(part)
                floating_words = max(floating_words, self.word_limit(rule))
        return (
            re.compile("|".join(anchored) or "(?!)"),
            re.compile("|".join(floating) or "(?!)"),
            floating_words,
        )

    def word_limit(self, rule: LineRule) -> int:
        """The most words a line may have for ``rule`` to remove it."""
        limit = rule.max_words if rule.max_words is not None else self.guard.strong_max_words
        return min(limit, self.guard.max_words) if rule.strength == "weak" else limit


def line_matches(rule: LineRule, line: str, guard: Guard) -> bool:
    """Say whether ``rule`` would remove ``line`` wherever it stands (used by the rules meta-test)."""
    norm = normalise_line(line)
    return bool(norm) and _allowed(rule, norm, guard) and rule.regex.search(norm) is not None


def token_pattern(tokens: tuple[str, ...]) -> str:
    """A regex finding class-name words: "related-links" matches "c-related-links", "relatedLinks",
    "related_links" and "RELATED-LINKS", never "unrelated" or "shared" for "share".

    A word starts after a non-alphanumeric character or at a lower-to-upper case change, and ends
    before anything that is not a lower-case letter or digit; the letters match in any case.
    """
    words = sorted(tokens, key=len, reverse=True)
    alternatives = "|".join("[-_ ]?".join(f"(?i:{re.escape(p)})" for p in word.split("-")) for word in words)
    initials = "".join(sorted({c for word in words for c in (word[0].lower(), word[0].upper())}))
    # the look-ahead on first letters rejects most positions before the costlier boundary checks
    return rf"(?=[{initials}])(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))(?:{alternatives})(?![a-z0-9])"


def normalise_line(line: str) -> str:
    """Strip the bullets, and brackets around the whole line, that do not change what it says."""
    norm = _BULLETS.sub("", line)
    if len(norm) > 1 and _BRACKETS.get(norm[0]) == norm[-1]:
        norm = _BULLETS.sub("", norm[1:-1])
    return norm


@functools.cache
def load_rules(path: Path = RULES_PATH) -> RuleSet:
    """Read and validate a rules file; raise ConfigError naming the file and the rule on any fault.

    Args:
        path: The TOML rules file.

    Returns:
        The validated rules.
    """
    name = path.name
    source = read_data_text(path)
    data = parse_toml(source, name)
    where = _Locator(name, source)
    guard = _load_guard(data.get("guard"), where)
    rules: list[LineRule] = [
        _load_rule(raw, None, where) for raw in _tables(data.get("rule", []), "rule", where)
    ]
    sites = data.get("site", {})
    if not isinstance(sites, dict):
        raise ConfigError(f"{name}: 'site' must be a table of domains")
    for domain, site in sites.items():
        if not isinstance(site, dict) or set(site) - {"rule"}:
            raise ConfigError(f"{name}: site.{domain}: only a 'rule' array is allowed")
        if domain != _host(domain):
            raise ConfigError(f"{name}: site.{domain}: domain must be a lower-case host name")
        rules.extend(_load_rule(raw, domain, where) for raw in _tables(site.get("rule", []), domain, where))
    html = data.get("html", {})
    labels = tuple(_load_label(raw, where) for raw in _tables(html.get("label", []), "html.label", where))
    blocks = tuple(_load_block(raw, where) for raw in _tables(html.get("block", []), "html.block", where))
    ids = [r.id for r in rules] + [r.id for r in labels] + [r.id for r in blocks]
    for rule_id in ids:
        if ids.count(rule_id) > 1:
            raise ConfigError(f"{where.at(rule_id)}: duplicate rule id")
    ruleset = RuleSet(guard=guard, rules=tuple(rules), html_labels=labels, html_blocks=blocks)
    _check_examples(ruleset, where)
    return ruleset


# --------------------------------------------------------------------------- private helpers


def _starts_anchored(pattern: str) -> bool:
    """True when every match of the pattern must start at position 0 (a leading '^' outside any branch)."""
    try:
        parsed = re._parser.parse(pattern)  # type: ignore[attr-defined]  # stdlib parser, only as a speed-up
    except (AttributeError, re.error):
        return False
    return len(parsed) > 0 and str(parsed[0][0]) == "AT" and str(parsed[0][1]) == "AT_BEGINNING"


def _allowed(rule: LineRule, norm: str, guard: Guard) -> bool:
    """Apply the word limits and, for weak rules, the quotation guard."""
    words = len(_WORD.findall(norm))
    limit = rule.max_words if rule.max_words is not None else guard.strong_max_words
    if words > limit:
        return False
    if rule.strength == "weak":
        return words <= guard.max_words and guard.quotation.search(norm) is None
    return True


@functools.lru_cache(maxsize=4096)
def _rules_for(ruleset: RuleSet, host: str | None) -> tuple[LineRule, ...]:
    """Select generic plus matching per-site rules once per host."""
    return tuple(
        r for r in ruleset.rules if r.domain is None or (host is not None and _in_domain(host, r.domain))
    )


def _in_domain(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _host(domain: str | None) -> str | None:
    """Lower-case a host name and drop a port or trailing dot, so rules key on the bare domain."""
    if not domain:
        return None
    return domain.strip().lower().rstrip(".").split(":")[0] or None


class _Locator:
    """Turn a rule id into ``file:line`` for error messages."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self.source = source

    def at(self, rule_id: str) -> str:
        for n, text in enumerate(self.source.splitlines(), start=1):
            if re.match(rf"""\s*id\s*=\s*["']{re.escape(rule_id)}["']""", text):
                return f"{self.name}:{n}: rule {rule_id}"
        return f"{self.name}: rule {rule_id}"


def _tables(value: Any, what: str, where: _Locator) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{where.name}: {what}: expected an array of tables")
    return value


def _text(
    raw: Mapping[str, Any], key: str, rule_id: str, where: _Locator, *, required: bool = True
) -> str | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where.at(rule_id)}: {'empty' if value == '' else 'missing or non-text'} {key}")
    return value


def _rule_id(raw: Mapping[str, Any], where: _Locator) -> str:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+", rule_id):
        raise ConfigError(f"{where.name}: rule {rule_id!r}: id must look like 'family.name'")
    return rule_id


def _compile(pattern: str, rule_id: str, where: _Locator, *, case_sensitive: bool = False) -> re.Pattern[str]:
    try:
        return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    except re.error as err:
        raise ConfigError(f"{where.at(rule_id)}: bad pattern: {err}") from err


def _kind(raw: Mapping[str, Any], rule_id: str, where: _Locator) -> str:
    kind = _text(raw, "kind", rule_id, where)
    if kind not in KINDS:
        raise ConfigError(f"{where.at(rule_id)}: unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})")
    return kind


def _load_guard(raw: Any, where: _Locator) -> Guard:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where.name}: missing [guard] table")
    limits: dict[str, int] = {}
    for key in ("max_words", "strong_max_words"):
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{where.name}: guard.{key} must be a positive integer")
        limits[key] = value
    quotation = raw.get("quotation")
    if not isinstance(quotation, str) or not quotation:
        raise ConfigError(f"{where.name}: guard.quotation: empty pattern")
    try:
        regex = re.compile(quotation)
    except re.error as err:
        raise ConfigError(f"{where.name}: guard.quotation: bad pattern: {err}") from err
    return Guard(max_words=limits["max_words"], quotation=regex, strong_max_words=limits["strong_max_words"])


def _load_rule(raw: Mapping[str, Any], domain: str | None, where: _Locator) -> LineRule:
    rule_id = _rule_id(raw, where)
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ConfigError(f"{where.at(rule_id)}: unknown keys {sorted(unknown)}")
    position = _text(raw, "where", rule_id, where)
    if position not in WHERE:
        raise ConfigError(f"{where.at(rule_id)}: where must be one of {sorted(WHERE)}")
    strength = _text(raw, "strength", rule_id, where)
    if strength not in STRENGTHS:
        raise ConfigError(f"{where.at(rule_id)}: strength must be strong or weak")
    max_words = raw.get("max_words")
    if max_words is not None and (
        not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1
    ):
        raise ConfigError(f"{where.at(rule_id)}: max_words must be a positive integer")
    list_after = raw.get("list_after")
    if list_after is not None and (list_after not in LIST_AFTER or position != "anywhere"):
        raise ConfigError(
            f"{where.at(rule_id)}: list_after must be bullets or headlines, on an anywhere rule"
        )
    case_sensitive = raw.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise ConfigError(f"{where.at(rule_id)}: case_sensitive must be true or false")
    pattern = _text(raw, "pattern", rule_id, where)
    assert pattern is not None
    return LineRule(
        id=rule_id,
        kind=_kind(raw, rule_id, where),
        regex=_compile(pattern, rule_id, where, case_sensitive=case_sensitive),
        where=position,
        strength=strength,
        example=_text(raw, "example", rule_id, where) or "",
        counter_example=_text(raw, "counter_example", rule_id, where, required=False),
        max_words=max_words,
        domain=domain,
        list_after=list_after,
    )


def _load_label(raw: Mapping[str, Any], where: _Locator) -> HtmlLabelRule:
    rule_id = _rule_id(raw, where)
    pattern = _text(raw, "pattern", rule_id, where)
    assert pattern is not None
    starts = raw.get("starts_with")
    if (
        not isinstance(starts, list)
        or not starts
        or not all(isinstance(x, str) and x.strip() for x in starts)
    ):
        raise ConfigError(f"{where.at(rule_id)}: starts_with must be a non-empty array of text")
    if any(x != x.lower() or "'" in x for x in starts):
        raise ConfigError(f"{where.at(rule_id)}: starts_with entries must be lower-case, without apostrophes")
    return HtmlLabelRule(
        id=rule_id,
        kind=_kind(raw, rule_id, where),
        regex=_compile(pattern, rule_id, where),
        starts_with=tuple(starts),
        example=_text(raw, "example", rule_id, where) or "",
        counter_example=_text(raw, "counter_example", rule_id, where, required=False),
    )


def _load_block(raw: Mapping[str, Any], where: _Locator) -> HtmlBlockRule:
    rule_id = _rule_id(raw, where)
    tokens = raw.get("tokens")
    if not isinstance(tokens, list) or not tokens:
        raise ConfigError(f"{where.at(rule_id)}: tokens must be a non-empty array")
    for token in tokens:
        if not isinstance(token, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", token):
            raise ConfigError(f"{where.at(rule_id)}: bad token {token!r} (lower-case words joined by '-')")
    return HtmlBlockRule(
        id=rule_id,
        kind=_kind(raw, rule_id, where),
        tokens=tuple(tokens),
        example=_text(raw, "example", rule_id, where) or "",
        counter_example=_text(raw, "counter_example", rule_id, where, required=False),
    )


def _check_examples(ruleset: RuleSet, where: _Locator) -> None:
    """Refuse a rules file whose own examples contradict its patterns."""
    for rule in ruleset.rules:
        if not line_matches(rule, rule.example, ruleset.guard):
            raise ConfigError(f"{where.at(rule.id)}: example does not match: {rule.example!r}")
        if rule.counter_example is not None and line_matches(rule, rule.counter_example, ruleset.guard):
            raise ConfigError(f"{where.at(rule.id)}: counter_example matches: {rule.counter_example!r}")
    for label in ruleset.html_labels:
        if not label.regex.search(label.example):
            raise ConfigError(f"{where.at(label.id)}: example does not match: {label.example!r}")
        if not label.example.lower().startswith(label.starts_with):
            raise ConfigError(f"{where.at(label.id)}: example does not start with any of starts_with")
        if label.counter_example is not None and label.regex.search(label.counter_example):
            raise ConfigError(f"{where.at(label.id)}: counter_example matches: {label.counter_example!r}")
    for block in ruleset.html_blocks:
        if not block.matches(block.example):
            raise ConfigError(f"{where.at(block.id)}: example does not match: {block.example!r}")
        if block.counter_example is not None and block.matches(block.counter_example):
            raise ConfigError(f"{where.at(block.id)}: counter_example matches: {block.counter_example!r}")
