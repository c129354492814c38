"""Leaders as stand-ins for their states when choosing sides ("Trump and Putin to meet" → US, Russia).

The leader list belongs to the people lexicon (``roles.toml``, read by
``extractors.negotiation.roles``); this module only turns its names into actor
mentions, and yields nothing when that lexicon is unavailable.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Mapping

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.alternation import narrowed

__all__ = ["LEADER_KIND", "find_leaders"]

LEADER_KIND = "leader"
# A lone surname followed by another name word is someone else's given name ("Abbas Kamel").
_NAME_GOES_ON = re.compile(r" (?:[A-Z][a-z]+|[A-Z]\. )(?![\w-]*:)")


def find_leaders(text: str) -> list[ActorMention]:
    """Mentions of well-known leaders, each as an actor mention of their state (kind ``leader``).

    Args:
        text: any text.

    Returns:
        The mentions in order; a full name, a listed variant, or a surname of four letters or more.
    """
    pattern, names = _matcher()
    if pattern is None or not isinstance(text, str):
        return []
    return [
        ActorMention(names[m.group()], m.group(), m.start(), m.end(), LEADER_KIND)
        for m in narrowed(text, pattern).finditer(text)
        if " " in m.group() or not _NAME_GOES_ON.match(text, m.end())
    ]


@functools.cache
def _matcher() -> tuple[re.Pattern[str] | None, Mapping[str, str]]:
    """One regex over every leader spelling, and spelling → state."""
    try:
        roles = importlib.import_module("extractors.negotiation.roles")
        leaders = roles.lexicon().leaders
    except (ImportError, AttributeError):
        return None, {}
    names: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    for leader in leaders:
        affiliation = getattr(leader, "affiliation", None)
        if not isinstance(affiliation, str) or not affiliation:
            continue
        for spelling in (leader.name, *getattr(leader, "variants", ())):
            names[spelling] = affiliation
            surname = spelling.split()[-1]
            if len(surname) >= 4 and surname[:1].isupper():
                surnames.setdefault(surname, set()).add(affiliation)
    for surname, states in surnames.items():
        if len(states) == 1:  # a surname shared across states names nobody for sure
            names.setdefault(surname, next(iter(states)))
    if not names:
        return None, {}
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])"), names
