"""News-aware sentence splitting, so every extracted value can point at the sentence it came from.

Articles arrive with one paragraph per line; headlines and cross-heads are lines
without final punctuation and count as sentences of their own. Inside a line we
split after ``.``, ``!`` or ``?`` (plus any closing quote or bracket) when the next
word starts a sentence, except after abbreviations such as ``Mr.``, ``Gen.`` or
``U.S.`` and after single initials. Offsets always index the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.records import Evidence

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "evidence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and its [start, end) character span in the article text."""

    text: str
    start: int
    end: int


# Titles and short forms that end with a full stop but never end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr",
        "adm", "brig", "sen", "rep", "gov", "pres", "amb", "st", "mt", "ft", "fr", "rev", "hon",
        "jr", "sr", "vol", "inc", "corp", "ltd", "co", "bros", "dept", "univ", "est",
        "vs", "etc", "approx", "fig", "cf", "al", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri",
    }
)  # fmt: skip

# Text without punctuation is cut into pieces of at most this size, so rules that scan a
# sentence stay linear in the article's length.
MAX_SENTENCE_CHARS = 1500

_LINE = re.compile(r"[^\n\r]+")
# A candidate end: terminal punctuation, closing quotes/brackets, whitespace, then a sentence start.
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9À-ÖØ-Þ])""")
_WORD_BEFORE = re.compile(r"""([A-Za-z][A-Za-z.]*)$""")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split an article into sentences with offsets into ``text``.

    Args:
        text: the article text, one paragraph per line (any string is accepted).

    Returns:
        The sentences in order; empty for empty or whitespace-only text. Never raises.
    """
    if not isinstance(text, str) or not text:
        return ()
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        _split_line(text, line.start(), line.end(), out)
    return tuple(out)


def evidence(s: Sentence) -> Evidence:
    """The :class:`Evidence` that cites a whole sentence.

    Args:
        s: a sentence from :func:`split_sentences`.

    Returns:
        Evidence with the sentence text and its span in the article.
    """
    return Evidence(sentence=s.text, start=s.start, end=s.end)


def _split_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Cut one paragraph into sentences and append them to ``out``."""
    line = text[start:end]
    piece_start = 0
    for m in _BOUNDARY.finditer(line):
        if not _is_real_end(line, m.start(), m.group()):
            continue
        _append(text, start + piece_start, start + m.end(), out)
        piece_start = m.end()
    _append(text, start + piece_start, end, out)


def _is_real_end(line: str, dot_at: int, punct: str) -> bool:
    """Decide whether the punctuation at ``dot_at`` ends a sentence (abbreviations and initials do not)."""
    if punct.startswith("..."):
        return False  # an ellipsis inside a quotation
    if not punct.startswith("."):
        return True
    m = _WORD_BEFORE.search(line, max(0, dot_at - 64), dot_at)  # a window: linear on run-on lines
    if m is None:
        return True
    word = m.group(1)
    if "." in word:  # U.S., U.N., a.m. — dotted short forms
        return False
    if len(word) == 1 and word.isupper():  # an initial: "George W. Bush"
        return False
    return word.casefold() not in _ABBREVIATIONS


def _append(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Append the stripped span [start, end) as a sentence unless it is blank; cut run-ons at spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _append(text, start, cut, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(text=text[start:end], start=start, end=end))
