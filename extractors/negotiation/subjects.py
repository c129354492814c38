"""Whom each sentence is about, so that "he said" finds its speaker.

The subject of a sentence is the first person it names (a possessive such as "Kim's
overtures" is a modifier, not a subject), unless "he" or "she" opens the sentence, which
keeps the story on the person before. A lone capitalised word that opens a sentence as its
subject ("Stafford, earlier in the hearing, was adamant") is someone the text never
introduced: the story moves to an unknown person, and "he said" after it stays unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from extractors.negotiation.cast import Mention
from extractors.negotiation.roles import Lexicon

__all__ = ["UNKNOWN", "sentence_subjects"]

UNKNOWN = -1  # a subject the text names but who is no person of the cast

_PRONOUNS = re.compile(r"\b(?:he|she|He|She)\b")
# "Stafford, earlier in the hearing, was adamant": a lone name, maybe an appositive, then a verb
_LONE_SUBJECT = re.compile(r"([A-Z][a-z]+)(?:,[^,.\n]{1,60},)?\s+(?:[a-z]+ly\s+|also\s+)?([a-z]+)\b")
_SUBJECT_VERBS = frozenset({"was", "is", "has", "had"})


def sentence_subjects(
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    masked: Callable[[int], bool],
    is_actor: Callable[[int], bool],
    common_words: frozenset[str] | set[str],
    lex: Lexicon,
) -> list[tuple[int, int]]:
    """The subject of each sentence that has one, as (offset, person index or ``UNKNOWN``).

    Args:
        text: the article text.
        sentences: (start, end) spans of the sentences, in order.
        mentions: the cast's mentions, in text order.
        masked: tells whether an offset lies inside a quotation.
        is_actor: tells whether an offset lies in a state or organisation name.
        common_words: lower-cased words that are not names (stop words, words seen in lower case).
        lex: the people lexicon (speech verbs).

    Returns:
        The subjects in text order.
    """
    starts = [m.start for m in mentions]
    out: list[tuple[int, int]] = []
    for s_start, s_end in sentences:
        i = bisect.bisect_left(starts, s_start)
        while i < len(mentions) and mentions[i].start < s_end and mentions[i].possessive:
            i += 1
        unknown = _unknown_subject(text, s_start, starts, masked, is_actor, common_words, lex)
        if (
            i >= len(mentions)
            or mentions[i].start >= s_end
            or (unknown is not None and unknown < mentions[i].start)
        ):
            if unknown is not None:
                out.append((unknown, UNKNOWN))
            continue
        first = mentions[i]
        pronouns = _PRONOUNS.finditer(text, s_start, first.start)
        if not any(_opens_clause(text, s_start, m.start(), masked) for m in pronouns):
            out.append((first.start, first.person))
    return out


def _unknown_subject(
    text: str,
    s_start: int,
    mention_starts: Sequence[int],
    masked: Callable[[int], bool],
    is_actor: Callable[[int], bool],
    common_words: frozenset[str] | set[str],
    lex: Lexicon,
) -> int | None:
    """Offset of a lone capitalised word opening a sentence as its subject, when it names no one known."""
    m = _LONE_SUBJECT.match(text, s_start)
    if m is None or is_actor(s_start) or masked(s_start):
        return None
    if m.group(2) not in lex.speech_verbs and m.group(2) not in _SUBJECT_VERBS:
        return None
    if m.group(1).casefold() in common_words:
        return None
    i = bisect.bisect_left(mention_starts, s_start)
    if i < len(mention_starts) and mention_starts[i] == s_start:
        return None
    return s_start


def _opens_clause(text: str, s_start: int, pos: int, masked: Callable[[int], bool]) -> bool:
    """A pronoun in subject place: near the sentence start or right after a comma ("Asked…, he said")."""
    if masked(pos):
        return False
    return len(text[s_start:pos].split()) < 4 or text[:pos].rstrip().endswith(",")
