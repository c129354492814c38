"""Run a long alternation of listed phrases or names only over the branches a text can match.

``talk_rules`` and ``leaders`` build one pattern of the form ``(?<![\w-])(?:a|b|c)(?![\w-])``
from a list; trying every branch at every character of an article is most of the cost of
using it. A branch can only match where the text holds its first word, so
:func:`narrowed` keeps just those branches, in their order: the matches are the same.
"""

from __future__ import annotations

import functools
import re

__all__ = ["narrowed"]

# A phrase alternation matches only where the text has the phrase's first word: when the text is
# plain enough for ``str.lower`` to agree with the pattern's case rules, the alternation is cut down
# to the phrases whose first word the text holds (same matches, far fewer branches to try).
_PHRASE_WORD = re.compile(r"[\w-]+")
_ODD_CASE = re.compile("[\u017f\u212a\u0130\u0131\ufb05\ufb06]")
_BRANCHES = re.compile(r"^\(\?<!\[\\w-\]\)\(\?:(?P<alts>.*)\)\(\?!\[\\w-\]\)$", re.DOTALL)


def narrowed(text: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` restricted to the phrases that can occur in ``text`` (``pattern`` itself when unsure)."""
    split = _split_phrases(pattern)
    if split is None or _ODD_CASE.search(text):
        return pattern
    present = _present_words(text)
    keep = tuple(alt for first, alt in split if first in present)
    return _alternation(keep, pattern.flags)


@functools.lru_cache(maxsize=4)
def _present_words(text: str) -> frozenset[str]:
    """The lower-cased words of a text: several alternations narrow over the same article in turn."""
    return frozenset(_PHRASE_WORD.findall(text.lower()))


@functools.lru_cache(maxsize=16)
def _split_phrases(pattern: re.Pattern[str]) -> tuple[tuple[str, str], ...] | None:
    """(first word, branch) of each branch of a plain phrase alternation, or None for any other pattern."""
    m = _BRANCHES.match(pattern.pattern)
    if m is None or "(" in m.group("alts") or "\\|" in m.group("alts"):
        return None
    out = []
    for alt in m.group("alts").split("|"):
        if "." in alt.replace("\\.", ""):
            return None  # an unescaped dot is a wildcard, not a phrase
        plain = alt.replace("\\s+", " ").replace("\\", "")
        first = _PHRASE_WORD.match(plain.lower())
        if first is None or _ALTERNATION_SAFE.fullmatch(plain) is None:
            return None
        out.append((first.group(), alt))
    return tuple(out)


# letters, digits, spaces, hyphens, apostrophes and escaped dots ("George W. Bush"): no other syntax
_ALTERNATION_SAFE = re.compile(r"[\w'. -]+")


@functools.lru_cache(maxsize=512)
def _alternation(branches: tuple[str, ...], flags: int) -> re.Pattern[str]:
    """The phrase pattern over some branches, in their original order."""
    if not branches:
        return _NOTHING
    return re.compile(rf"(?<![\w-])(?:{'|'.join(branches)})(?![\w-])", flags)


_NOTHING = re.compile(r"(?!)")
