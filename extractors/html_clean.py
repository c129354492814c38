"""Remove what the page's own markup labels as not-article, before trafilatura reads it.

Two families, both rules in ``extractors/data/boilerplate.toml``: teaser links whose text starts
with a label ("Read:", "Also read", "READ MORE:"), and blocks whose class, id or aria-label names
them (related, newsletter, share, promo). The cleaner is conservative: a block that holds article
prose is kept whatever its class says, and every removal is reported for the audit trail.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from extractors.boilerplate import HtmlBlockRule, HtmlLabelRule, RuleSet, load_rules
from extractors.records import RemovedLine

HTML_LINE_NO = -1  # removed from the page, so the line never existed in the text

_LABELLED = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_NEVER_REMOVED = frozenset({"html", "head", "body", "main", "article", "title", "meta", "link"})
_ATTRIBUTES = ("class", "id", "aria-label")
_CANDIDATES = "//*[@class or @id or @aria-label]"
_PROTECTED = "descendant-or-self::*[self::article or self::main or self::h1 or @itemprop='articleBody']"
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_MAX_LABEL_WORDS = 30  # a teaser is a headline, not a paragraph
_PROSE_CHARS = 60  # a paragraph at least this long, mostly outside links, may be article text
_MAX_PROSE_CHARS = 400  # more prose than this in a block and its class is not believed


def clean_tree(tree: lxml_html.HtmlElement, ruleset: RuleSet | None = None) -> tuple[RemovedLine, ...]:
    """Drop labelled teasers and marked blocks from a parsed page, in place.

    Args:
        tree: The parsed page (modified: removed elements are dropped, their tails kept).
        ruleset: Rules to apply; the packaged rules file by default.

    Returns:
        One RemovedLine per removed element that carried text (line_no -1), in page order.
    """
    rules = ruleset or load_rules()
    removed: list[RemovedLine] = []
    if rules.html_blocks:
        removed.extend(_drop_blocks(tree, rules.html_blocks))
    if rules.html_labels:
        removed.extend(_drop_labelled(tree, rules.html_labels))
    return tuple(removed)


# --------------------------------------------------------------------------- private helpers


def _drop_blocks(tree: lxml_html.HtmlElement, rules: tuple[HtmlBlockRule, ...]) -> list[RemovedLine]:
    removed: list[RemovedLine] = []
    page_chars: int | None = None
    for element in tree.xpath(_CANDIDATES):
        tag = element.tag
        if not isinstance(tag, str) or tag in _NEVER_REMOVED:
            continue
        rule = _block_rule(element, rules)
        if rule is None or not _attached(element, tree):
            continue
        if element.xpath(_PROTECTED):
            continue
        prose = _prose_chars(element)
        if prose > _MAX_PROSE_CHARS:
            continue
        text = _visible_text(element)
        if prose:
            # a little prose in a marked block: remove it only if the page has far more text elsewhere
            if page_chars is None:
                page_chars = len(_visible_text(tree))
            if len(text) * 4 > page_chars:
                continue
        element.drop_tree()
        if text:
            removed.append(RemovedLine(line_no=HTML_LINE_NO, text=text, rule_id=rule.id, kind=rule.kind))
    return removed


def _drop_labelled(tree: lxml_html.HtmlElement, rules: tuple[HtmlLabelRule, ...]) -> list[RemovedLine]:
    removed: list[RemovedLine] = []
    for tags in (_LABELLED, ("a",)):
        for element in list(tree.iter(*tags)):
            start = "".join(_first_chunks(element)).lstrip()
            rule = next((r for r in rules if r.regex.match(start)), None)
            if rule is None or not _attached(element, tree):
                continue
            text = _visible_text(element)
            match = rule.regex.match(text)
            if match is None:
                continue
            rest = text[match.end() :]
            if not rest.strip() or len(_WORD.findall(rest)) > _MAX_LABEL_WORDS:
                continue
            if element.tag != "a" and _link_chars(element) * 2 < len(rest.strip()):
                continue
            element.drop_tree()
            removed.append(RemovedLine(line_no=HTML_LINE_NO, text=text, rule_id=rule.id, kind=rule.kind))
    return removed


def _block_rule(element: lxml_html.HtmlElement, rules: tuple[HtmlBlockRule, ...]) -> HtmlBlockRule | None:
    for name in _ATTRIBUTES:
        value = element.get(name)
        if value:
            for rule in rules:
                if rule.matches(value):
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


def _first_chunks(element: lxml_html.HtmlElement, limit: int = 4) -> list[str]:
    """The first few text pieces: enough to see a label without building the whole text."""
    chunks: list[str] = []
    for piece in element.itertext():
        chunks.append(piece)
        if len(chunks) >= limit or sum(map(len, chunks)) > 40:
            break
    return chunks


def _visible_text(element: lxml_html.HtmlElement) -> str:
    pieces = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    return _SPACE.sub(" ", "".join(pieces)).strip()


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
