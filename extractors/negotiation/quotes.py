"""Direct quotations and who said them.

Quotation marks in news are messy: curly and straight marks, a paragraph that opens a
quote and lets the next paragraph carry on, a new opening mark where a closing one was
dropped, single marks in British tabloids. :func:`find_quotations` reads them one
paragraph at a time into spans; :func:`attribute` finds each span's speaker from the
speech tag after it ("…,” Peskov said"), the lead-in before it ("Reagan said: “…”"),
the quote it continues, or the person the story is about ("he said").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.negotiation.cast import Cast
from extractors.negotiation.roles import Lexicon

__all__ = ["Quotation", "attribute", "find_quotations", "word_count"]

_OPEN = "“„«"
_CLOSE = "”»"
_BEFORE_OPEN = "([{—–-/"
_AFTER_CLOSE = ".,;:!?)]}—–-…"
# Only these characters can open or close a quotation; the scanners jump from one to the next.
_DOUBLE_MARKS = re.compile(r'["“„«”»’]')
_SINGLE_MARKS = re.compile(r"['‘’]")
# not the full stop of "Mr.", "Prof.", "Maj. Gen." or an initial ("S. Jaishankar")
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\b[A-Z])(?<!\bProf)(?<!\bGen)(?<!\bCol)(?<!\bMaj)"
    r"(?<!\bBrig)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bCapt)(?<!\bAdm)(?<!\bLt)(?<!\bCmdr)(?<!\bSgt)[.!?](?=\s|$)"
)
_WORDS = re.compile(r"[\w’'\-]+")
_GROUP_PRONOUNS = frozenset({"they", "we", "it"})
_PRONOUN = re.compile(r"\s*(?:he|she|He|She)\b")
_ADJACENT = re.compile(
    r"(?:,[^,“”\"]*,)?\s+(?:(?:also|then|later|earlier|again|had|has|have|was|is|\w+ly)\s+)*"
)
_NOT_A_TAG = re.compile(r"(?:and|but|or|as|which|that|to|while|because|if|when|so)\b", re.IGNORECASE)
_UNNAMED_START = re.compile(
    r"(?:a|an|the|one|another|some|two|three|several|its|his|her|their)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Quotation:
    """The words between a pair of quotation marks: [start, end) is the text without the marks.

    ``open_at``/``close_at`` bound the marks themselves; ``closed`` is False when the paragraph
    ended inside the quotation (it continues in the next paragraph).
    """

    start: int
    end: int
    open_at: int
    close_at: int
    line_start: int
    closed: bool


def find_quotations(text: str, sentence_starts: Sequence[int] = ()) -> list[Quotation]:
    """Every quotation of the text, in order, paragraph by paragraph.

    Args:
        text: the article text, one paragraph per line.
        sentence_starts: sentence start offsets, used to begin a quotation whose opening mark was dropped.

    Returns:
        The quotations (possibly empty, never overlapping). Never raises.
    """
    out: list[Quotation] = []
    if not isinstance(text, str):
        return out
    starts = list(sentence_starts)
    for line in re.finditer(r"[^\n\r]+", text):
        doubles = _double_quotes(text, line.start(), line.end(), starts)
        singles = _single_quotes(text, line.start(), line.end(), doubles)
        out.extend(sorted([*doubles, *singles], key=lambda q: q.open_at))
    return out


def word_count(s: str) -> int:
    """Words in a quotation, for the four-word floor that drops scare quotes."""
    return len(_WORDS.findall(s))


def attribute(
    text: str, quotations: Sequence[Quotation], cast: Cast, sentence_starts: Sequence[int], lex: Lexicon
) -> list[int | None]:
    """The speaker (an index into ``cast.people``) of each quotation, or None when no person is named.

    Args:
        text: the article text.
        quotations: from :func:`find_quotations`.
        cast: the people of the article.
        sentence_starts: sentence start offsets.
        lex: the people lexicon (speech verbs, role nouns).

    Returns:
        One entry per quotation, in the same order.
    """
    own = [_own_speaker(text, quotations, k, cast, sentence_starts, lex) for k in range(len(quotations))]
    speakers: list[int | None] = []
    for k in range(len(quotations)):
        tagged, who = own[k]
        if not tagged:
            who = _inherited(text, quotations, k, own, speakers, cast)
        speakers.append(who)
    return speakers


# --------------------------------------------------------------------------- scanning


def _double_quotes(text: str, ls: int, le: int, sentence_starts: list[int]) -> list[Quotation]:
    """Double-mark quotations in one paragraph (curly, straight and guillemets)."""
    out: list[Quotation] = []
    open_at = -1
    last_close = ls
    skip_to = ls
    for mark in _DOUBLE_MARKS.finditer(text, ls, le):
        i = mark.start()
        if i < skip_to:  # the second of two apostrophes already read as one closing mark
            continue
        c = text[i]
        prev = text[i - 1] if i > ls else " "
        nxt = text[i + 1] if i + 1 < le else " "
        opener = (prev.isspace() or prev in _BEFORE_OPEN) and not nxt.isspace()
        closer = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE or nxt in '"”')
        step = 1
        if c == '"':
            c = (
                ("“" if opener or not closer else "”")
                if open_at < 0
                else ("“" if opener and not closer else "”")
            )
        elif c == "’" and nxt == "’" and open_at >= 0:  # two apostrophes standing in for a closing mark
            c, step = "”", 2
        if c in _OPEN:
            if open_at >= 0:  # a new opening mark inside a quotation: the writer ran two paragraphs together
                out.append(_make(text, open_at, i, i, ls, closed=True))
            open_at = i
        elif c in _CLOSE:
            if open_at >= 0:
                out.append(_make(text, open_at, i, i + step, ls, closed=True))
                open_at = -1
                last_close = i + step
            elif closer:  # the opening mark was dropped: the quotation starts with its sentence
                j = bisect.bisect_right(sentence_starts, i) - 1
                begin = max(last_close, sentence_starts[j] if j >= 0 else ls, ls)
                out.append(_make(text, begin - 1, i, i + 1, ls, closed=True))
                last_close = i + 1
        skip_to = i + step
    if open_at >= 0:
        out.append(_make(text, open_at, le, le, ls, closed=False))
    return [q for q in out if q.end > q.start]


def _single_quotes(text: str, ls: int, le: int, doubles: list[Quotation]) -> list[Quotation]:
    """Single-mark quotations outside the double ones ('…' as British tabloids write them)."""
    out: list[Quotation] = []
    blocked = [(q.open_at, q.close_at) for q in doubles]

    def free(pos: int) -> bool:
        return not any(a <= pos < b for a, b in blocked)

    open_at = -1
    for mark in _SINGLE_MARKS.finditer(text, ls, le):
        i = mark.start()
        c = text[i]
        if not free(i):
            continue
        prev = text[i - 1] if i > ls else " "
        nxt = text[i + 1] if i + 1 < le else " "
        if open_at < 0:
            if c in "'‘" and (prev.isspace() or prev in _BEFORE_OPEN) and nxt.isalnum():
                open_at = i
        elif c in "'’" and not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE) and i > open_at + 1:
            out.append(_make(text, open_at, i, i + 1, ls, closed=True))
            open_at = -1
    return [q for q in out if q.end > q.start]


def _make(text: str, open_at: int, end: int, close_at: int, ls: int, closed: bool) -> Quotation:
    """A quotation from its marks, with the inner text trimmed of spaces."""
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quotation(start=start, end=end, open_at=open_at, close_at=close_at, line_start=ls, closed=closed)


# --------------------------------------------------------------------------- attribution


def _own_speaker(
    text: str, qs: Sequence[Quotation], k: int, cast: Cast, sentence_starts: Sequence[int], lex: Lexicon
) -> tuple[bool, int | None]:
    """(tagged, speaker) from the quotation's own lead-in or speech tag; tagged=False when it has neither."""
    q = qs[k]
    line_end = text.find("\n", q.close_at)
    line_end = len(text) if line_end < 0 else line_end
    nxt_open = qs[k + 1].open_at if k + 1 < len(qs) and qs[k + 1].line_start == q.line_start else line_end
    j = bisect.bisect_right(sentence_starts, q.open_at) - 1
    pre_start = max(sentence_starts[j] if j >= 0 else q.line_start, q.line_start)
    if k > 0 and qs[k - 1].line_start == q.line_start:
        pre_start = max(pre_start, qs[k - 1].close_at)
    prefix = text[pre_start : q.open_at]
    lead_in = re.search(r"\b([a-z]+)(?:\s+(?:that|in a statement|on \w+))?\s*[:,]?\s*$", prefix)
    if lead_in is not None and _is_verb(lead_in.group(1), lex):
        who = _subject(text, pre_start, pre_start + lead_in.start(1), cast, lex)
        if who is not None:
            return True, who
    if q.closed:
        tag = _tail(text, q.close_at, nxt_open, cast, lex)
        if tag is not None:
            return tag
    verbs = [m for m in re.finditer(r"[a-z]+", prefix) if _is_verb(m.group(), lex)]
    if verbs:
        who = _subject(text, pre_start, pre_start + verbs[-1].start(), cast, lex)
        if (
            who is None
            and verbs[-1].group().endswith("ing")
            and k > 0
            and qs[k - 1].line_start == q.line_start
        ):
            return False, None  # "…,” adding that “…”: the first quotation's speaker goes on
        return True, who
    in_prefix = cast.mentions_between(pre_start, q.open_at)
    if in_prefix:
        return True, in_prefix[0].person
    return False, None


def _tail(text: str, start: int, limit: int, cast: Cast, lex: Lexicon) -> tuple[bool, int | None] | None:
    """The speech tag after a closing mark ("…,” Fidan said"; "…,” said X"): (True, speaker) or None."""
    end_m = _SENTENCE_END.search(text, start, limit)
    end = end_m.start() if end_m is not None else limit
    tail = text[start:end]
    words = list(re.finditer(r"[\w’'\-]+", tail))[:30]
    verb = next((w for w in words if _is_verb(w.group(), lex) and w.group().islower()), None)
    if verb is None:
        return None
    v_at = start + verb.start()
    zone = text[start:v_at]
    if not zone.strip(" ,—–-") and verb.group().endswith("ing"):
        return None  # "…,” adding that …": the sentence's own subject goes on speaking
    if not zone.strip(" ,—–-"):  # "…,” said White House Press Secretary Stephanie Grisham."
        after = cast.mentions_between(start + verb.end(), end)
        if after and len(text[start + verb.end() : after[0].start].split()) <= 6:
            return True, after[0].person
        rest = text[start + verb.end() : end]
        if _PRONOUN.match(rest):
            return True, cast.topic_at(start)
        return True, _role_reference(rest, start, cast, lex)
    lead = zone.lstrip(" ,—–-")
    if _NOT_A_TAG.match(lead) or len(lead.split()) > 16:
        return None  # "…” and called on both sides": the sentence goes on, no speech tag here
    here = [m for m in cast.mentions_between(start, v_at) if not m.possessive]  # not "Netanyahu's office"
    lead_at = v_at - len(zone) + (len(zone) - len(lead))
    # "Schiff asked" is a tag; "Martha added that…" after a full stop starts a new sentence
    named_run = len(lead.split()) <= 3 and all(w[:1].isupper() for w in lead.split())
    named_run = named_run and not re.match(r"\s+that\b", text[start + verb.end() : start + verb.end() + 6])
    if (
        _ends_sentence(text, start)
        and not named_run
        and not _PRONOUN.match(lead)
        and not (here and here[0].start == lead_at)
    ):
        return None  # "…or not.” But either way, his father told…": a new sentence, not a tag
    if here:
        return True, here[0].person
    if _PRONOUN.match(lead):
        return True, cast.topic_at(start)
    if lead[:1].isupper() and not _UNNAMED_START.match(lead):
        return True, None  # "…,” AMC said: an organisation speaks, not a person
    return True, _role_reference(lead, start, cast, lex)


def _is_verb(word: str, lex: Lexicon) -> bool:
    """Whether ``word`` reports speech ("said", "told", "added"…)."""
    return word.casefold() in lex.speech_verbs


def _ends_sentence(text: str, close_at: int) -> bool:
    """Whether the quotation closing just before ``close_at`` ends with a full stop, "!" or "?"."""
    i = close_at - 1
    while i > 0 and (text[i] in "\"'”’»" or text[i].isspace()):
        i -= 1
    return text[i] in ".!?…"


def _role_reference(words: str, pos: int, cast: Cast, lex: Lexicon) -> int | None:
    """ "the minister said" → the last person whose role holds that noun; None for "an official"."""
    m = re.match(r"\s*the\s+([\w\s-]+)", words, re.IGNORECASE)
    if m is None:
        return None
    head = m.group(1).casefold().split()[:3]
    for n in range(len(head), 0, -1):  # "the prime minister" before "the prime"
        phrase = " ".join(head[:n])
        for noun in sorted(lex.coreference_nouns, key=len, reverse=True):
            if phrase == noun or phrase.endswith(" " + noun):
                return cast.last_with_role(noun, pos)
    return None


def _subject(text: str, start: int, verb_at: int, cast: Cast, lex: Lexicon) -> int | None:
    """Who does the speaking in a lead-in: the first person or "he"/"she" before the verb."""
    people = [m for m in cast.mentions_between(start, verb_at) if not m.possessive]
    for m in people:  # "…, Reagan said:" — the name right before the verb is its subject
        if _ADJACENT.fullmatch(text, m.end, verb_at):
            return m.person
    before = re.search(r"([A-Za-z]+)\s+(?:(?:also|then|later|had|has|have|\w+ly)\s+)*$", text[start:verb_at])
    if before is not None and before.group(1).casefold() in lex.unnamed_subjects:
        return None  # "what one diplomat called …": someone unnamed is speaking
    if before is not None and before.group(1).casefold() in _GROUP_PRONOUNS:
        return None  # "… President X, measures they said “…”": a group speaks, not the person named
    pron = re.search(r"\b(?:he|she|He|She)\b", text[start:verb_at])
    if people and (pron is None or people[0].start < start + pron.start()):
        return people[0].person
    if pron is not None:
        return cast.topic_at(start + pron.start())
    return _role_reference(text[start:verb_at], start, cast, lex)


def _ends_paragraph_before(text: str, prev: Quotation, q: Quotation) -> bool:
    """Whether ``prev`` sits in the last sentence of the paragraph right before ``q``'s."""
    if prev.line_start == q.line_start:
        return False
    between = text[prev.close_at : q.line_start]
    if between.count("\n") > 1 and between.strip().count("\n") > 0:
        return False
    rest = between.strip()
    return _SENTENCE_END.search(rest[:-1] if rest else rest) is None


def _inherited(
    text: str,
    qs: Sequence[Quotation],
    k: int,
    own: Sequence[tuple[bool, int | None]],
    done: Sequence[int | None],
    cast: Cast,
) -> int | None:
    """The speaker of a quotation with no tag of its own: its neighbour's, its paragraph's, or the story's."""
    q = qs[k]
    if k > 0 and qs[k - 1].line_start == q.line_start:
        return done[k - 1]
    starts_line = not text[q.line_start : q.open_at].strip()
    if starts_line and k > 0 and not qs[k - 1].closed:
        return done[k - 1]
    if starts_line and k > 0 and _ends_paragraph_before(text, qs[k - 1], q):
        return done[k - 1]  # the paragraph before closed on a quotation and its tag: the voice carries on
    for j in range(k + 1, len(qs)):
        if qs[j].line_start != q.line_start:
            break
        if own[j][0]:
            return own[j][1]
    if starts_line:
        return cast.topic_at(q.open_at)
    return None
