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
_GROUP = re.compile(
    r"\b(led by|headed by|represented by|(?<=side )by|(?<=team )by|(?<=delegation )by|including"
    r"|among them|such as)\s+(?:[^.;:]{0,80}?(?:,|\band)\s+)?$"
)
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
    if text.startswith("represented by", at):  # "Israel is represented by X": a side's delegate
        return any(a.kind in OWNER_KINDS for a in titles.actors_in(max(group[1], at - 30), at))
    tail = at - len(words)
    return bool(re.search(r"\bteam\b", words)) and bool(titles.actors_in(tail, at))
