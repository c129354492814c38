"""The group a name is listed in: "Ukraine's delegation, led by X", "the US side is headed by Y".

A name after "led by", "headed by" or "represented by" heads the group named before it; after
"including" or "such as" it is one member. Only a negotiating group (a delegation, a side, a
state's team) makes a bare name a delegate, and the side named nearest the verb is theirs.
"""

from __future__ import annotations

import re

from extractors.negotiation.titles import TitleReader

__all__ = ["OWNER_KINDS", "Group", "find_group", "negotiating_group"]

Group = tuple[str, int, bool]  # (the words before "led by", their offset, whether the name leads)

# Actor kinds that can stand for a side ("Armenia's", "the Kremlin's").
OWNER_KINDS = frozenset({"state", "org", "armed_group", "metonym"})
_DELEGATION = re.compile(
    r"\b(?:delegation|delegations|negotiators|negotiating team|delegates|envoys|mission|side)\b"
)
# "the North Korean side by X": "led" left out after a first "led by"; "Israel is represented by X"
# "headed by the member of its political bureau X": a role in lower case between the verb and the name
_ROLE_WORDS = r"(?:(?!(?:who|whom|which|that|and|or|with|while|but|met|said|says)\s)[a-z][\w'’-]*\s+){0,7}"
_GROUP = re.compile(
    r"\b(led by|headed by|represented by|(?<=side )by|(?<=team )by|(?<=delegation )by|including"
    rf"|among them|such as)\s+(?:[^.;:]{{0,80}}?(?:,|\band)\s+|{_ROLE_WORDS})?$"
)
_GOVERNMENT_OF = re.compile(r"\b(?:government|administration)\b(?: of (?:[A-Z][\w.'’-]*\s?){1,4})?,?\s*$")
_THAT_OF = re.compile(r"\b(?:that|those) of\b")
_LED = frozenset({"led by", "headed by", "represented by", "by"})


def find_group(text: str, sentence_start: int, at: int) -> Group | None:
    """ "Ukraine's delegation, led by X", "Turkish officials, including X": the group before ``at``.

    Args:
        text: the article text.
        sentence_start: start of the sentence holding the name.
        at: where the name (or the title before it) starts.

    Returns:
        (group words, their offset, led), or None.
    """
    m = _GROUP.search(text, sentence_start, at)
    if m is None:
        return None
    g_start = max(sentence_start, m.start() - 80)
    return text[g_start : m.start()], g_start, m.group(1) in _LED


def negotiating_group(text: str, titles: TitleReader, group: Group) -> bool:
    """A delegation or a side, a state's team ("a Ukrainian team led by…"), not a company's.

    Args:
        text: the article text.
        titles: the article's title reader (its actor index).
        group: from :func:`find_group`.

    Returns:
        Whether the group negotiates for a side.
    """
    words = group[0][-40:]
    if _DELEGATION.search(words):
        return True
    at = group[1] + len(group[0])
    if _THAT_OF.search(words):  # "the Fatah delegation …, while that of Hamas was headed by X"
        sentence = text[max(text.rfind(".", 0, group[1]) + 1, at - 300) : at]
        if _DELEGATION.search(sentence):
            return True
    if text.startswith("represented by", at):  # "Israel is represented by X": a side's delegate
        if _GOVERNMENT_OF.search(words):
            return True  # "the government of President Y, represented by X"
        return any(a.kind in OWNER_KINDS for a in titles.actors_in(max(group[1], at - 30), at))
    tail = at - len(words)
    return bool(re.search(r"\bteam\b", words)) and bool(titles.actors_in(tail, at))
