"""Skip sentences that no cue can match, by the literal words every match of a cue must contain.

The cue lexicons are long case-insensitive alternations; running each over every sentence
costs more than all the other rules together. Most sentences hold none of the words the
cues are built on ("agreement", "ceasefire", "proposed"), so a :class:`Prefilter` reads
those words off the compiled patterns once and tests a sentence for them in one fast scan.
It is only ever a shortcut: when a pattern has no such word, the filter lets every sentence
through, so the cues decide exactly as they would without it.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from typing import Any

try:  # the parser behind ``re``: private, so a Python without it simply gets no shortcut
    _sre_parser: Any = importlib.import_module("re._parser")
    _sre_constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - every CPython 3.11+ ships them
    _sre_parser = None
    _sre_constants = None

__all__ = ["Prefilter", "forget_sentences", "required_branches", "required_words"]

_MIN_WORD = 3  # a shorter literal ("to", "a") is in nearly every sentence and filters nothing


_LETTERS = re.compile(r"[a-z]+")
# Letters that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does not lower to one
# (long s, Kelvin sign, dotted and dotless i, the st ligatures).
_ODD_CASE = re.compile("[\u017f\u212a\u0130\u0131\ufb05\ufb06]")
_MAX_REMEMBERED = 50_000  # distinct words whose patterns are remembered; news vocabulary fits


@functools.lru_cache(maxsize=1024)
def _lowered(sentence: str) -> tuple[str, frozenset[str]]:
    """A sentence lower-cased and its letter runs: several prefilters read each sentence in turn."""
    low = sentence.lower()
    return low, frozenset(_LETTERS.findall(low))


def forget_sentences() -> None:
    """Drop the lowered sentences (called when an article is done: the memo serves one article only)."""
    _lowered.cache_clear()


class Prefilter:
    """Tells which of some patterns may match a sentence (never leaves out one that would match)."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        """Read the required words of every pattern.

        Args:
            patterns: compiled patterns; one without required words is always run.
        """
        self._always: set[int] = set()
        self._owners: dict[str, set[int]] = {}  # required word (letters only) → the patterns needing it
        self._spanning: list[tuple[str, int]] = []  # required words with a space or hyphen in them
        # second, finer test for the patterns that pass the first: every required part of one branch
        self._branches: dict[int, list[list[re.Pattern[str]]]] = {}
        for k, p in enumerate(patterns):
            found = required_words(p)
            if found is None:
                self._always.add(k)
                continue
            branches = required_branches(p)
            # worth a second test only when some branch needs two things at once ("agreed … prisoners");
            # one word set per branch is what the word index already checks
            if branches is not None and any(len(clauses) > 1 for clauses in branches):
                self._branches[k] = [
                    [re.compile("|".join(re.escape(w) for w in sorted(words))) for words in clauses]
                    for clauses in branches
                ]
            for word in found:
                if _LETTERS.fullmatch(word):
                    self._owners.setdefault(word, set()).add(k)
                else:
                    self._spanning.append((word, k))
        self._by_token: dict[str, frozenset[int]] = {}
        self._seen: set[str] = set()  # tokens already looked up (set operations run in C)
        self._hitting: set[str] = set()  # those of them that hold some pattern's required word

    def possible(self, sentence: str) -> set[int] | None:
        """The indexes of the patterns that may match ``sentence``.

        Args:
            sentence: the text the patterns would be run on.

        Returns:
            The pattern indexes to run, or None when every pattern must run.
        """
        if not sentence.isascii() and _ODD_CASE.search(sentence):
            return None  # a letter that matches an ASCII one only under Unicode case rules: no shortcut
        low, tokens = _lowered(sentence)
        out = set(self._always)
        out.update(k for word, k in self._spanning if word in low)
        for token in tokens - self._seen:
            self._patterns_in(token)
        by_token = self._by_token
        for token in tokens & self._hitting:
            out |= by_token[token]
        return {k for k in out if k not in self._branches or _satisfied(self._branches[k], low)}

    def may_match(self, sentence: str) -> bool:
        """False only when no pattern can match ``sentence``."""
        found = self.possible(sentence)
        return found is None or bool(found)

    def _patterns_in(self, token: str) -> frozenset[int]:
        """Patterns with a required word inside ``token`` (a run of letters, so no word spans two)."""
        hit = self._by_token.get(token)
        if hit is None:
            hit = frozenset(k for word, owners in self._owners.items() if word in token for k in owners)
            if len(self._by_token) >= _MAX_REMEMBERED:
                self._by_token.clear()
                self._seen.clear()
                self._hitting.clear()
            self._by_token[token] = hit
            self._seen.add(token)
            if hit:
                self._hitting.add(token)
        return hit


def required_words(pattern: re.Pattern[str]) -> set[str] | None:
    """Lower-cased literals one of which every match of ``pattern`` contains, or None when unsure.

    Args:
        pattern: a compiled pattern (case-insensitive or not).

    Returns:
        The words (each at least three characters), or None when the pattern guarantees none.
    """
    if _sre_parser is None or _sre_constants is None:
        return None
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
        return _needs(list(parsed))
    except Exception:  # an unexpected parse shape: no shortcut, never a wrong answer
        return None


def required_branches(pattern: re.Pattern[str]) -> list[list[set[str]]] | None:
    """For each top-level branch of ``pattern``, all the word sets a match of that branch needs.

    "agreed … to exchange … prisoners" needs "agreed" AND one of the exchange verbs AND one of the
    prisoner nouns; the word index alone can only ask for one of those. None when unsure.

    Args:
        pattern: a compiled pattern.

    Returns:
        One list of word sets per branch (a match needs one word of every set of some branch), or
        None when some branch needs no word at all.
    """
    if _sre_parser is None or _sre_constants is None:
        return None
    try:
        items = list(_sre_parser.parse(pattern.pattern, pattern.flags))
        c = _sre_constants
        while len(items) == 1 and items[0][0] is c.SUBPATTERN:
            items = list(items[0][1][-1])
        # the parser moves a prefix all branches share ("\\b") out in front of the alternation
        items = [item for item in items if item[0] is not c.AT] or items
        branches = (
            [list(b) for b in items[0][1][1]] if len(items) == 1 and items[0][0] is c.BRANCH else [items]
        )
        out = [_clauses(b) for b in branches]
    except Exception:  # an unexpected parse shape: no finer test, never a wrong answer
        return None
    return None if any(not clauses for clauses in out) else out


def _satisfied(branches: list[list[re.Pattern[str]]], low: str) -> bool:
    """Whether the lower-cased sentence holds a word of every set of at least one branch."""
    for clauses in branches:
        for words in clauses:
            if words.search(low) is None:
                break
        else:
            return True
    return False


def _clauses(items: list[tuple[Any, Any]]) -> list[set[str]]:
    """Every word set a sequence requires (its literal runs and required parts), not only the best."""
    c = _sre_constants
    assert c is not None
    out: list[set[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len("".join(run)) >= _MIN_WORD:
            out.append({"".join(run).lower()})
        run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        found: set[str] | None = None
        if op is c.SUBPATTERN:
            found = _needs(list(av[-1]))
        elif op is c.BRANCH:
            found = _union(av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _needs(list(av[2]))
        elif op is c.ATOMIC_GROUP:
            found = _needs(list(av))
        if found:
            out.append(found)
    close_run()
    return out


def _needs(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Required words of a sequence: the most selective of its literal runs and required parts."""
    options = _clauses(items)
    if not options:
        return None
    return max(options, key=lambda words: min(len(w) for w in words))


def _union(branches: Iterable[Any]) -> set[str] | None:
    """Required words of an alternation: every branch must bring its own."""
    out: set[str] = set()
    for branch in branches:
        found = _needs(list(branch))
        if not found:
            return None
        out |= found
    return out
