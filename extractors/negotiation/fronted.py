"""A role written before a name and set off by a comma: "the EU's special envoy for the dialogue, X".

News fronts a described role ahead of the name ("its chief negotiator, Y, said"); the phrase
runs from a determiner or possessive ("the", "its", "whose") to the comma before the name.
Kept apart from :mod:`extractors.negotiation.titles`, which reads titles word by word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["read_fronted"]

_MAX_FRONTED_CHARS = 90
_OPENER = re.compile(r"(?:^|(?<=[\s(—–-]))([Tt]he|[Ww]hose|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+")
_NOT_IN_FRONTED = re.compile(r"[,;:.!?“”\"()]")
_OWNING_OPENERS = frozenset({"its", "their", "his", "her", "whose"})
_LEAD_ENDS = (",", ".", ";", ":", "—", "–", "(")
# "chaired by the EU's foreign policy chief, X", "… and the Qatari envoy, Y": a role, not an object
_LEAD_WORD = re.compile(r"\b(?:by|and|with|from|between)$")
_RELATIVE_INSIDE = re.compile(r"\s(?:who|which|that|whose)\s")


def read_fronted(text: str, start: int, holds_title: Callable[[str], bool]) -> tuple[str, int] | None:
    """The fronted role before the name at ``start``: "the EU's special representative for the
    dialogue, Marek Novotny, said", "the Union, whose coordinator for the talks, Sofia Lindqvist,".

    The nearest opener whose words hold a listed title wins; a relative clause inside the
    phrase ("the minister who hosted the session") is cut off. After "the", the words before
    the phrase must end a clause or be "by", "and", "with"…: "a letter to the president in
    May, X" names no role.

    Args:
        text: the article text.
        start: where the name starts (right after ", ").
        holds_title: whether some words hold a listed title.

    Returns:
        (phrase text, its offset), or None.
    """
    if text[max(0, start - 2) : start] != ", ":
        return None
    line_start = text.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - 2 - _MAX_FRONTED_CHARS)
    openers = list(_OPENER.finditer(text, window_start, start - 2))
    for m in reversed(openers):  # the nearest opener first
        body = text[m.end() : start - 2]
        if len(body) < 3 or _NOT_IN_FRONTED.search(body):
            break  # every farther opener holds the same punctuation
        cut = _RELATIVE_INSIDE.search(body)
        if cut is not None:
            body = body[: cut.start()]
        body = body.rstrip()
        if not body or not holds_title(body):
            continue
        lead_in = text[line_start : m.start()].rstrip(" \"'“”‘’")
        owned = m.group(1).casefold() in _OWNING_OPENERS  # "its special envoy for the dialogue, X"
        if lead_in and not owned and not lead_in.endswith(_LEAD_ENDS) and _LEAD_WORD.search(lead_in) is None:
            continue
        return body, m.end()
    return None
