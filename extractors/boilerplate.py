"""Line-level boilerplate removal driven by ``extractors/data/boilerplate.toml``, with an audit trail.

Each rule is data (id, kind, pattern, where, strength, example; see the rules file and
``extractors/boilerplate_rules.py``); this module only applies them. The guard documented in the
rules file keeps weak rules away from quotations and long sentences, so a rule can only take out
what looks like page furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.boilerplate_rules import (
    RULES_PATH,
    Guard,
    LineRule,
    RuleSet,
    line_matches,
    load_rules,
    normalise_line,
)
from extractors.records import RemovedLine

__all__ = [
    "RULES_PATH",
    "TITLE_REPEAT",
    "LineRule",
    "comparable",
    "line_matches",
    "load_rules",
    "strip_boilerplate",
]

_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W+")
_LIST_MAX_WORDS = 25  # a teaser headline, with its one-line standfirst at most

# Not a pattern: the headline is known only per page. Declared here so the audit can name it.
TITLE_REPEAT = LineRule(
    id="text.title_repeat",
    kind="title",
    regex=re.compile(r"(?!)"),
    where="anywhere",
    strength="strong",
    example="",
)


def strip_boilerplate(
    text: str, *, domain: str | None = None, headlines: Iterable[str] = ()
) -> tuple[str, tuple[RemovedLine, ...]]:
    """Remove boilerplate lines from article text and say which rule removed each.

    Lines are only ever dropped, never edited, so the result is a subsequence of the input's
    lines; applying the function to its own output changes nothing.

    Args:
        text: Article text, one paragraph per line.
        domain: Host name of the page ("www.bbc.co.uk"), to apply that site's rules too.
        headlines: The page's headline as it states it; a line that only repeats one goes
            (rule "text.title_repeat"), since ArticleText keeps the title in its own field.

    Returns:
        The text without the removed lines, and one RemovedLine per removed line, in text order.
    """
    ruleset = load_rules()
    rules = ruleset.for_domain(domain)
    lines = text.split("\n")
    norms = [normalise_line(line) for line in lines]
    counts = [len(_WORD.findall(norm)) for norm in norms]
    hits = [
        _match(norm, words, rules, ruleset.guard) if _screened(norm, words, ruleset) else {}
        for norm, words in zip(norms, counts, strict=True)
    ]
    titles = {c for c in map(comparable, headlines) if c}
    remove: dict[int, tuple[str, LineRule]] = {}
    for i, hit in enumerate(hits):
        if titles and comparable(norms[i]) in titles:
            remove[i] = (TITLE_REPEAT.id, TITLE_REPEAT)
        elif "anywhere" in hit:
            remove[i] = (hit["anywhere"].id, hit["anywhere"])
    for i, (_, rule) in sorted(remove.items()):
        if rule.list_after:
            for j in _list_after(lines, i, rule.list_after, ruleset.guard):
                remove.setdefault(j, (f"{rule.id}.list", rule))
    for where, order in (("trailing", range(len(lines) - 1, -1, -1)), ("leading", range(len(lines)))):
        for i in order:
            hit = hits[i]
            if not lines[i].strip() or i in remove:
                continue
            edge = hit.get(where) or hit.get("edges")
            if edge is None:
                break
            remove[i] = (edge.id, edge)
    if not remove:
        return text, ()
    kept = [line for i, line in enumerate(lines) if i not in remove]
    removed = tuple(
        RemovedLine(line_no=i, text=lines[i], rule_id=rule_id, kind=rule.kind)
        for i, (rule_id, rule) in sorted(remove.items())
    )
    return "\n".join(kept), removed


def _match(norm: str, words: int, rules: Iterable[LineRule], guard: Guard) -> dict[str, LineRule]:
    """Map each ``where`` to the first rule that may remove this normalised line of ``words`` words."""
    found: dict[str, LineRule] = {}
    if not norm or words > guard.strong_max_words:
        return found
    weak_ok = words <= guard.max_words and guard.quotation.search(norm) is None
    for rule in rules:
        if rule.where in found or (rule.strength == "weak" and not weak_ok):
            continue
        if rule.max_words is not None and words > rule.max_words:
            continue
        if rule.regex.search(norm):
            found[rule.where] = rule
            if rule.where == "anywhere":
                break
    return found


def comparable(text: str) -> str:
    """Fold a line or headline for comparison: case, punctuation and spacing do not count."""
    return _NON_WORD.sub(" ", text).strip().casefold()


def _screened(norm: str, words: int, ruleset: RuleSet) -> bool:
    """Say whether any rule could match the (normalised) line at all."""
    if not norm or words > ruleset.guard.strong_max_words:
        return False
    anchored, floating, floating_words = ruleset.screens
    return anchored.match(norm) is not None or (words <= floating_words and floating.search(norm) is not None)


def _list_after(lines: list[str], label: int, mode: str, guard: Guard) -> list[int]:
    """The lines of the teaser list right after a label line: bullets, or short unpunctuated headlines."""
    taken: list[int] = []
    for j in range(label + 1, len(lines)):
        line = lines[j].strip()
        norm = normalise_line(line)
        bullet = line != norm and norm != "" and line[0] in "-*•·»›►▶→"
        words = len(_WORD.findall(norm))
        fits = bullet or (mode == "headlines" and norm != "" and not norm.endswith((".", ":", ";", ",")))
        if not fits or words > _LIST_MAX_WORDS or guard.quotation.search(norm):
            break
        taken.append(j)
    return taken
