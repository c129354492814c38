"""A side's delegate named with no title: "Armenia's Ararat Mirzoyan", "Hamas's Khalil al-Hayya".

Wire copy often puts a state's or group's possessive where a title would stand. The
possessive alone is weak ("Russia's Black Sea Fleet"), so the name must also behave like a
person's: the text takes it up again by surname, lets it speak, or pairs it with another
side's delegate ("Armenia's X and Azerbaijan's Y met").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractors.negotiation.actors import ActorMention
from extractors.negotiation.cast import Cast
from extractors.negotiation.groups import OWNER_KINDS
from extractors.negotiation.runs import Tok
from extractors.negotiation.titles import TitleReader

__all__ = ["possessive_owner"]

_POSSESSIVE_BEFORE = re.compile(r"(\w)['’]s\s$")
_AND_POSSESSIVE = re.compile(r"\s+and\s+(?:the\s+)?([A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?)['’]s\s+[A-Z]")
_AND_BEFORE = re.compile(r"\s+and\s+(?:the\s+)?$")


def possessive_owner(
    text: str,
    name_toks: Sequence[Tok],
    titles: TitleReader,
    cast: Cast,
    common: Callable[[str], bool],
    masked: Callable[[int], bool],
    person_cues: Callable[[int], bool],
) -> ActorMention | None:
    """The side whose possessive stands right before a two-to-four-word name, when the name is a person's.

    Args:
        text: the article text.
        name_toks: the name's words.
        titles: the article's title reader (its actor index).
        cast: the people found so far.
        common: whether a lower-cased word is a common word (seen in lower case, a stop word).
        masked: whether an offset lies inside a quotation.
        person_cues: whether a speech verb follows a name ending at an offset.

    Returns:
        The state or group, or None.
    """
    if not 2 <= len(name_toks) <= 4:
        return None
    start, end = name_toks[0].start, name_toks[-1].end
    m = _POSSESSIVE_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return None
    actor = titles.actor_at(m.start())
    if actor is None or actor.kind not in OWNER_KINDS or actor.end != m.end(1):
        return None
    if any(common(t.text.casefold()) for t in name_toks):
        return None  # "Ukraine's Black Sea ports": common words, not a name
    if (
        _paired(text, titles, cast, actor.start, end)
        or _named_again(text, name_toks, masked)
        or person_cues(end)
    ):
        return actor
    return None


def _paired(text: str, titles: TitleReader, cast: Cast, actor_start: int, end: int) -> bool:
    """ "Armenia's Ararat Mirzoyan and Azerbaijan's Jeyhun Bayramov": two sides, two delegates."""
    nxt = _AND_POSSESSIVE.match(text, end)
    if nxt is not None:
        actor = titles.actor_at(nxt.start(1))
        if actor is not None and actor.kind in OWNER_KINDS and actor.end == nxt.end(1):
            return True
    before = _AND_BEFORE.search(text, max(0, actor_start - 12), actor_start)
    if before is None or not cast.mentions:
        return False
    last = cast.mentions[-1]
    return last.end == before.start() and cast.people[last.person].role_kind == "official"


def _named_again(text: str, name_toks: Sequence[Tok], masked: Callable[[int], bool]) -> bool:
    """Whether the surname stands alone elsewhere in the text ("Mirzoyan told reporters"), unquoted."""
    surname, given = name_toks[-1].text, name_toks[-2].text
    for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
        at = m.start()
        if at != name_toks[-1].start and not text.endswith(given + " ", 0, at) and not masked(at):
            return True
    return False
