"""Remove what the page's own markup labels as not-article, before trafilatura reads it.

Two families, both rules in ``extractors/data/boilerplate.toml``: teaser links whose text starts
with a label ("Read:", "Also read", "READ MORE:"), and blocks whose class, id or aria-label names
them (related, newsletter, share, promo). The cleaner is conservative: a block that holds article
prose is kept whatever its class says, and every removal is reported for the audit trail.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import replace

from lxml import etree
from lxml import html as lxml_html

from extractors.boilerplate_rules import HtmlBlockRule, HtmlLabelRule, RuleSet, load_rules, token_pattern
from extractors.records import RemovedLine

_LABELLED = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_NEVER_REMOVED = frozenset({"html", "head", "body", "main", "article", "title", "meta", "link"})
_ATTRIBUTES = ("class", "id", "aria-label")
_ATTRIBUTE_VALUES = etree.XPath("//@class|//@id|//@aria-label")
_PROTECTED = etree.XPath(
    "descendant-or-self::*[self::article or self::main or self::h1 or @itemprop='articleBody']"
)
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(parent::script) and not(parent::style) and not(parent::noscript)]",
    smart_strings=False,
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_MAX_LABEL_WORDS = 30  # a teaser is a headline, not a paragraph
_PROSE_CHARS = 60  # a paragraph at least this long, mostly outside links, may be article text
_MAX_PROSE_CHARS = 400  # more prose than this in a block and its class is not believed


def clean_tree(
    tree: lxml_html.HtmlElement, source: str | None = None, ruleset: RuleSet | None = None
) -> tuple[RemovedLine, ...]:
    """Drop labelled teasers and marked blocks from a parsed page, in place.

    Args:
        tree: The parsed page (modified: removed elements are dropped, their tails kept).
        source: The HTML the tree was parsed from; with it, candidates are found much faster.
        ruleset: Rules to apply; the packaged rules file by default.

    Returns:
        One RemovedLine per removed element that carried text. These never became lines of the
        text, so they are numbered -1, -2, … (blocks first, then labelled teasers, each in page order).
    """
    rules = ruleset or load_rules()
    removed: list[RemovedLine] = []
    if rules.html_blocks:
        removed.extend(_drop_blocks(tree, rules.html_blocks))
    if rules.html_labels:
        removed.extend(_drop_labelled(tree, source, rules.html_labels))
    return tuple(replace(r, line_no=-n) for n, r in enumerate(removed, start=1))


# --------------------------------------------------------------------------- private helpers


def _drop_blocks(tree: lxml_html.HtmlElement, rules: tuple[HtmlBlockRule, ...]) -> list[RemovedLine]:
    removed: list[RemovedLine] = []
    page_chars: int | None = None
    for element in _block_candidates(tree, rules):
        tag = element.tag
        if not isinstance(tag, str) or tag in _NEVER_REMOVED:
            continue
        if not _attached(element, tree):
            continue
        rule = _block_rule(element, rules)
        if rule is None:
            continue
        if _PROTECTED(element):
            continue
        prose = _prose_chars(element)
        if prose > _MAX_PROSE_CHARS:
            continue
        text = _visible_text(element, " ")
        if prose:
            # a little prose in a marked block: remove it only if the page has far more text elsewhere
            if page_chars is None:
                page_chars = len(_visible_text(tree))
            if len(text) * 4 > page_chars:
                continue
        element.drop_tree()
        if text:
            removed.append(RemovedLine(line_no=0, text=text, rule_id=rule.id, kind=rule.kind))
    return removed


def _drop_labelled(
    tree: lxml_html.HtmlElement, source: str | None, rules: tuple[HtmlLabelRule, ...]
) -> list[RemovedLine]:
    removed: list[RemovedLine] = []
    starts = _label_starts(source, rules)
    if not starts:
        return removed
    blocks, links = _label_candidates(tree, starts)
    for candidates in (blocks, links):
        for element in candidates:
            if not _attached(element, tree):
                continue
            text = _visible_text(element)
            match, rule = next(((m, r) for r in rules if (m := r.regex.match(text))), (None, None))
            if match is None or rule is None:
                continue
            rest = text[match.end() :]
            if not rest.strip() or len(_WORD.findall(rest)) > _MAX_LABEL_WORDS:
                continue
            if element.tag != "a" and _link_chars(element) * 2 < len(rest.strip()):
                continue
            element.drop_tree()
            removed.append(RemovedLine(line_no=0, text=text, rule_id=rule.id, kind=rule.kind))
    return removed


def _block_candidates(
    tree: lxml_html.HtmlElement, rules: tuple[HtmlBlockRule, ...]
) -> list[lxml_html.HtmlElement]:
    """Find elements whose class/id/aria-label holds a token, touching as few lxml nodes as possible.

    The attribute values are read in one XPath, their distinct values searched as one text, and
    only the values that hit lead back to their elements.
    """
    by_value: dict[str, list[lxml_html.HtmlElement]] = {}
    for value in _ATTRIBUTE_VALUES(tree):
        by_value.setdefault(str(value).replace("\n", " "), []).append(value)
    if not by_value:
        return []
    values = list(by_value)
    blob = "\n".join(values)
    starts = list(itertools.accumulate((len(line) + 1 for line in blob.split("\n")), initial=0))
    hits = {values[bisect.bisect_right(starts, m.start()) - 1] for m in _token_regex(rules).finditer(blob)}
    elements = {id(e): e for v in hits for e in (s.getparent() for s in by_value[v]) if e is not None}
    return sorted(elements.values(), key=lambda e: e.sourceline or 0)


def _label_candidates(
    tree: lxml_html.HtmlElement, starts: set[str]
) -> tuple[list[lxml_html.HtmlElement], list[lxml_html.HtmlElement]]:
    """Blocks (p, li, headings) and links holding a text node that starts like a label, in page order."""
    test = " or ".join(f"starts-with(normalize-space(.), {_literal(start)})" for start in sorted(starts))
    blocks: dict[int, lxml_html.HtmlElement] = {}
    links: dict[int, lxml_html.HtmlElement] = {}
    for node in tree.xpath(f"//text()[{test}]"):
        element = node.getparent()
        if node.is_tail and element is not None:
            element = element.getparent()  # a tail belongs to the element's parent, not to the element
        while element is not None:
            tag = element.tag
            if tag == "a":
                links.setdefault(id(element), element)
            elif tag in _LABELLED:
                blocks.setdefault(id(element), element)
                break
            element = element.getparent()
    return list(blocks.values()), list(links.values())


def _label_starts(source: str | None, rules: tuple[HtmlLabelRule, ...]) -> set[str]:
    """The label beginnings the page text really contains (right after a tag), in the page's letter case."""
    if source is None:
        beginnings = {s for rule in rules for s in rule.starts_with}
        return {case(s) for s in beginnings for case in (str.lower, str.title, str.upper, str.capitalize)}
    found = {" ".join(m.group(1).split()) for m in _label_regex(rules).finditer(source)}
    return {s for s in found if _literal(s)}


@functools.lru_cache(maxsize=16)
def _label_regex(rules: tuple[HtmlLabelRule, ...]) -> re.Pattern[str]:
    """Find '>' + label in the source; the look-ahead on first letters keeps the scan fast."""
    starts = sorted({s for rule in rules for s in rule.starts_with}, key=len, reverse=True)
    initials = "".join(sorted({c for s in starts for c in (s[0].lower(), s[0].upper())}))
    alternatives = "|".join(re.escape(s).replace("\\ ", "\\s+") for s in starts)
    return re.compile(rf">\s*(?=[{initials}])((?:{alternatives}))", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _token_regex(rules: tuple[HtmlBlockRule, ...]) -> re.Pattern[str]:
    return re.compile(token_pattern(tuple({t for rule in rules for t in rule.tokens})))


def _literal(value: str) -> str | None:
    """Quote a string for XPath 1.0, which has no escapes; None when it holds both quote kinds."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return None


def _block_rule(element: lxml_html.HtmlElement, rules: tuple[HtmlBlockRule, ...]) -> HtmlBlockRule | None:
    for name in _ATTRIBUTES:
        value = element.get(name)
        if value:
            for rule in rules:
                if rule.regex.search(value):
                    return rule
    return None


def _attached(element: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> bool:
    """Say whether an element is still in the tree (an ancestor may have been dropped already)."""
    node = element
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def _visible_text(element: lxml_html.HtmlElement, separator: str = "") -> str:
    """The element's text without scripts and styles; blocks join their pieces with a space."""
    pieces = _VISIBLE_TEXT(element)
    return _SPACE.sub(" ", separator.join(pieces)).strip()


def _link_chars(element: lxml_html.HtmlElement) -> int:
    return sum(len(_SPACE.sub(" ", a.text_content()).strip()) for a in element.iter("a"))


def _prose_chars(element: lxml_html.HtmlElement) -> int:
    """Measure the text in paragraphs that read as article text: not tiny, and mostly outside links."""
    total = 0
    for paragraph in element.iter("p"):
        text = _SPACE.sub(" ", paragraph.text_content()).strip()
        if len(text) >= _PROSE_CHARS and _link_chars(paragraph) * 3 < len(text):
            total += len(text)
            if total > _MAX_PROSE_CHARS:
                break
    return total
