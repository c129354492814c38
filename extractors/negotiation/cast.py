"""The people of one article: who they are, where the text names them, and whom the story is about.

Built by :mod:`extractors.negotiation.names`, read by the quote attribution and the
participant rules; a separate module so both can share it without importing each other.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from extractors.negotiation.roles import Leader

__all__ = ["Cast", "Mention", "Person", "leader_index", "name_key", "name_tokens"]


@dataclass
class Person:
    """One person, gathered over all their mentions (filled in while the cast is built)."""

    name: str
    start: int
    end: int
    role: str | None = None
    role_kind: str | None = None  # official | legislator | outside | None
    affiliation: str | None = None
    leader: Leader | None = None
    spoke: bool = False  # subject of a speech verb or speaker of a quotation
    group_head: bool = False  # "the delegation, led by X"
    mediator: bool = False  # "X is acting as a middle-man"
    shared_title: bool = False  # "negotiators X and Y": the title is plural, the next name shares it
    side_word: str | None = None  # "army" | "government" | "rebels": the text names the side only so


@dataclass(frozen=True)
class Mention:
    """A span of the text naming ``person`` (an index into :attr:`Cast.people`)."""

    person: int
    start: int
    end: int
    possessive: bool = False  # "Kim's overtures": a modifier, not the subject of the sentence


@dataclass
class Cast:
    """The people of one article and where the text names them."""

    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    subjects: list[tuple[int, int]] = field(
        default_factory=list
    )  # (offset, person or -1) of sentence subjects
    # name → its tokens, for this article only (find() compares every new name with every person)
    _tokens: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def tokens(self, name: str) -> list[str]:
        """:func:`name_tokens`, remembered for the article."""
        toks = self._tokens.get(name)
        if toks is None:
            toks = self._tokens[name] = name_tokens(name)
        return toks

    def topic_at(self, pos: int) -> int | None:
        """The person the story is about at ``pos``: the last sentence subject before it ("he")."""
        i = bisect.bisect_left(self.subjects, (pos, -2))
        who = self.subjects[i - 1][1] if i else -1
        return who if who >= 0 else None  # -1: a subject the text names but no person we know

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions that start inside [start, end), in order."""
        return [m for m in self.mentions if start <= m.start < end]

    def last_with_role(self, noun: str, pos: int) -> int | None:
        """The most recently named person before ``pos`` whose role holds ``noun`` ("the minister")."""
        for m in reversed(self.mentions):
            role = self.people[m.person].role
            if m.start < pos and role and re.search(rf"\b{re.escape(noun)}\b", role, re.IGNORECASE):
                return m.person
        return None

    def find(self, name: str) -> int | None:
        """The person already found whom ``name`` names (full name, or surname or family name alone)."""
        toks = self.tokens(name)
        key = "".join(toks)
        toks = _without_suffix(toks)
        best: int | None = None
        for idx, p in enumerate(self.people):
            ptoks = self.tokens(p.name)
            if "".join(ptoks) == key:
                return idx
            ptoks = _without_suffix(ptoks)
            if p.leader is not None and any(
                "".join(self.tokens(v)) == key for v in (p.leader.name, *p.leader.variants)
            ):
                return idx
            single = (len(toks) == 1 and toks[0] in (ptoks[-1], ptoks[0])) or (
                len(toks) < len(ptoks) and toks == ptoks[-len(toks) :]  # "al-Hayya", "de Waal"
            )
            variant = (
                len(toks) >= 2 and len(ptoks) >= 2 and toks[-1] == ptoks[-1] and toks[0][0] == ptoks[0][0]
            )
            if single or variant:
                best = idx  # the latest person of that name wins
        return best


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _without_suffix(toks: list[str]) -> list[str]:
    """A name's words without "Jr." and the like, so "Galvez" finds "Carlito Galvez Jr."."""
    return toks[:-1] if len(toks) > 1 and toks[-1] in _SUFFIXES else toks


def name_tokens(name: str) -> list[str]:
    """A name's words, accent-free and case-folded, hyphenated parts split ("Jong-un" → jong, un)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.findall(r"[^\W_]+", plain) or [plain]


def name_key(name: str) -> str:
    """A spelling-insensitive key for a whole name ("Kim Jong Un" == "Kim Jong-un")."""
    return "".join(name_tokens(name))


@functools.lru_cache(maxsize=8)
def leader_index(leaders: tuple[Leader, ...]) -> tuple[dict[str, Leader], dict[str, Leader]]:
    """Leaders by the key of each spelling, and by that or a surname or family name (first listed wins)."""
    full = {name_key(v): ld for ld in leaders for v in (ld.name, *ld.variants)}
    partial: dict[str, Leader] = {}
    for ld in leaders:
        for v in (ld.name, *ld.variants):
            toks = name_tokens(v)
            keys = [name_key(v), toks[-1], toks[0]] if len(toks) > 1 else [name_key(v)]
            for key in keys:
                partial.setdefault(key, ld)
    return full, partial
