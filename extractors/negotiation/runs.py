"""Runs of capitalised words, the raw material of person names ("Jean-Yves Le Drian", "S. Jaishankar").

A run is a sequence of name-like words joined by single spaces: capitalised words,
lower-case particles inside a name ("von der", "bin"), family names behind an article
("al-Burhan"), an initial or an abbreviated title with its full stop ("S.", "Maj."), a
courtesy title written with an apostrophe ("Dato'") and a suffix after the surname ("Jr.").
A possessive ("Kim's") ends its run. The name finder decides which runs are people.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extractors.negotiation.roles import Lexicon

__all__ = ["ARTICLED", "DOTTED", "PARTICLES", "WORD", "Tok", "capitalised_runs", "is_dotted"]

WORD = re.compile(r"[^\W\d_][\w\-]*(?:['’][^\W\d_][\w\-]*)*")
PARTICLES = frozenset(
    {"bin", "ibn", "bint", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "dos",
     "das", "del"}
)  # fmt: skip
# "al-Hayya", "bin-Salman": a family name behind a lower-case article
ARTICLED = re.compile(r"(?:al|el|ad|ash|as|at|ar|an|az|bin|ben|abu|abd|ibn)-[A-Z]")
# The words a run can hold: any word not opening with an ASCII lower-case letter, a particle, or an
# articled family name. Lower-case words are skipped in C; the gap between two candidates ("Tsipras
# and Zaev") is what tells that a run has ended.
_CANDIDATE = re.compile(
    rf"(?<![\w\-])(?:(?![a-z])|(?=(?:{'|'.join(sorted(PARTICLES))})(?![\w\-’']))|(?={ARTICLED.pattern}))"
    + WORD.pattern
)
DOTTED = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "Prof", "St", "Jr", "Sr"}
)


@dataclass(frozen=True)
class Tok:
    """One word of a run; ``end`` excludes a possessive "'s" (then ``possessive`` is True)."""

    text: str
    start: int
    end: int
    possessive: bool


def capitalised_runs(text: str, is_capital: Callable[[Tok], bool], lex: Lexicon) -> list[list[Tok]]:
    """Runs of capitalised words joined by single spaces, as the caller's ``is_capital`` admits them.

    Args:
        text: the article text.
        is_capital: whether a capitalised word may be part of a name here (not quoted, not an actor).
        lex: the people lexicon (abbreviated titles, apostrophe honorifics, suffixes).

    Returns:
        The runs in text order, trailing particles trimmed.
    """
    runs: list[list[Tok]] = []
    cur: list[Tok] = []
    for m in _CANDIDATE.finditer(text):
        word = m.group()
        if (
            not word[0].isupper()
            and word not in PARTICLES
            and ("-" not in word or not ARTICLED.match(word))  # "-" first: most words have none
        ):
            if cur:  # a lower-case word ends a run (the common case, decided without a token)
                runs.append(cur)
                cur = []
            continue
        start, end = m.start(), m.end()
        possessive = len(word) > 2 and word[-2] in "'’" and word[-1] in "sS"
        if possessive:
            word, end = word[:-2], end - 2
        tok = Tok(word, start, end, possessive)
        suffix = bool(cur) and word in lex.suffixes and _joins(text, cur[-1], tok, lex)
        if suffix and text[end : end + 1] == ".":
            tok = Tok(word + ".", start, end + 1, possessive)  # "Marcos Jr.": the full stop is the name's
        capital = suffix or is_capital(tok)
        particle = word in PARTICLES and bool(cur)
        if cur and (capital or particle) and _joins(text, cur[-1], tok, lex):
            cur.append(tok)
        else:
            if cur:
                runs.append(cur)
            cur = [tok] if capital and not suffix else []
        if cur and tok.possessive:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    trimmed = []
    for run in runs:
        while run and run[-1].text in PARTICLES:
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


def is_dotted(word: str, lex: Lexicon) -> bool:
    """An abbreviated title or courtesy word that may stand before a name with its full stop."""
    return word in DOTTED or word.casefold() in lex.dotted_words


def _joins(text: str, prev: Tok, tok: Tok, lex: Lexicon) -> bool:
    """Whether two words are one run: a space, ". " after an initial or "Mr", "' " after "Dato"."""
    if prev.possessive or prev.text.endswith("."):  # a suffix with its full stop ends the name
        return False
    gap = text[prev.end : tok.start]
    if gap == " ":
        return True
    if gap == ". ":
        return len(prev.text) == 1 or is_dotted(prev.text, lex)
    return gap in ("' ", "’ ") and prev.text in lex.apostrophe_honorifics
