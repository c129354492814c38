"""Date phrases read in the tense around them: a weekday takes the tense of the verb nearest before it.

A sentence can mix tenses ("the talks, which began on Saturday, were scheduled to
last two days"), so a bare weekday or a date without a year is resolved by its own
verb, not by the sentence as a whole. "June 12 last year" takes the previous year,
and a bare day of the month ("on the evening of the 27th") the publication month.
Built on ``dates.find_dates``, which it calls with the tense each phrase needs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from extractors.negotiation.dates import DateMention, find_dates

__all__ = [
    "EVENT_MARK",
    "TenseMark",
    "forget_tensed_dates",
    "local_tense",
    "reads_ahead",
    "tense_marker",
    "tensed_dates",
]

# Every date phrase holds a digit, "day", "week", "night" or "tomorrow": other sentences are skipped at once.
_MAYBE_DATE = re.compile(r"\d|day|week|night|tomorrow", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|set\s+to|due\s+to|to\s+hold|scheduled|plans?\s+to|next)\b"
)
# Verbs that put what follows them in the past or in the future; the one nearest before a date wins.
# Past events (a meeting held, a deal signed) …
EVENT_MARK = (
    r"began|begun|opened|started|held|met|signed|ended|concluded|convened|resumed|took\s+place|agreed|"
    r"reached|arrived|gathered|sat\s+down|kicked\s+off|wrapped\s+up|broke\s+(?:up|down)|collapsed|failed|"
    r"launched|hosted|received|visited|since|endorsed|sealed|inked|initial(?:l)?ed|adjourned"
)
# … and past statements ("officials said on Thursday").
_SAID_MARK = r"said|told|announced|added|stated|spoke|wrote"
_FUTURE_MARK = (
    r"will|would|shall|'ll|’ll|is\s+to|are\s+to|due\s+to|set\s+to|expected\s+to|scheduled|planned|"
    r"plans?\s+to|going\s+to|to\s+be\s+held|to\s+(?:open|begin|start|resume|meet|hold|take\s+place|convene|"
    r"sign)|next|upcoming|postponed|delayed|rescheduled|pushed\s+back|put\s+off|tomorrow"
)
# Words that open a new clause: a tense marker before one of them says nothing of what follows it
# ("will hold a second round after talks in Rome on Saturday").
_CLAUSE = r"after|following|when|where|which|who|whom|while|whereas|but|although|though"
_TENSE = re.compile(
    rf"\b(?:(?P<past>{EVENT_MARK}|{_SAID_MARK})|(?P<future>{_FUTURE_MARK})|(?P<clause>{_CLAUSE}))(?![\w’'-])",
    re.IGNORECASE,
)
# "is to be signed", "will be held": a participle after these is in the future.
_TO_BE = re.compile(r"\b(?:to|will|would|shall|'ll|’ll|must|could|may|might)\s+be\s+$", re.IGNORECASE)
_TENSE_WINDOW = 90
# "June 12 last year": the year word after a date without one.
_YEAR_WORD = re.compile(r"\s*,?\s*(?:of\s+)?(?P<word>last|previous|this|next)\s+year\b", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\b\d{4}\b")
_YEAR_SHIFT = {"last": -1, "previous": -1, "this": 0, "next": 1}
# "on the 27th", "on the evening of the 27th": a day of the month alone.
_DAY_OF_MONTH = re.compile(
    r"\bon\s+the\s+(?:(?:morning|afternoon|evening|night)\s+of\s+the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?!\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))",
    re.IGNORECASE,
)
# A lower-case word after "the 27th" that keeps it a date ("on the 27th at the hotel"); any other one
# makes it an ordinal of something ("on the 21st round", "on the 12th floor").
_AFTER_DAY_OK = frozenset(
    {"at", "in", "on", "with", "when", "and", "after", "before", "to", "for", "as", "under", "while", "where",
     "but", "or", "of", "from", "between", "amid", "ahead", "until"}
)  # fmt: skip


@dataclass(frozen=True)
class TenseMark:
    """The tense marker nearest before a date or place: where it starts and whether it is future."""

    start: int
    future: bool


def local_tense(text: str, at: int) -> bool | None:
    """Whether the verb nearest before ``at`` (in the same sentence) speaks of the future.

    Args:
        text: the sentence.
        at: the offset of the date or place to judge.

    Returns:
        True for a future marker ("will", "due to", "postponed until"), False for a past verb
        ("began", "met", "since"), None when neither comes within reach before it.
    """
    mark = tense_marker(text, at)
    return None if mark is None else mark.future


def tense_marker(text: str, at: int) -> TenseMark | None:
    """The tense marker nearest before ``at`` within reach.

    Args:
        text: the sentence.
        at: the offset to look back from.

    Returns:
        The marker, or None (also when a new clause opens after the nearest marker).
    """
    last: re.Match[str] | None = None
    for m in _TENSE.finditer(text, max(0, at - _TENSE_WINDOW), at):
        last = m
    if last is None or last.group("clause"):
        return None
    # "is to be signed on March 5": a participle after "to be" is in the future
    future = last.group("future") is not None or bool(
        _TO_BE.search(text, max(0, last.start() - 20), last.start())
    )
    return TenseMark(last.start(), future)


_EVENT = re.compile(rf"\b(?:{EVENT_MARK})(?![\w’'-])", re.IGNORECASE)


def reads_ahead(text: str) -> bool:
    """True when a sentence speaks only of the future: a future marker and no past event ("Iran and the
    US will hold another round in Muscat on Saturday"), as the lead of a preview does.

    Args:
        text: the sentence.

    Returns:
        Whether the sentence looks ahead only.
    """
    futures = [m for m in _TENSE.finditer(text) if m.group("future")]
    return bool(futures) and not any(
        not _TO_BE.search(text, max(0, m.start() - 20), m.start()) for m in _EVENT.finditer(text)
    )


def tensed_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date phrase of a sentence, each resolved in the tense of the verb nearest before it.

    Args:
        text: the sentence.
        published: the publication date.

    Returns:
        The mentions in order, including bare days of the month ("on the 27th").
    """
    if not isinstance(text, str) or not _MAYBE_DATE.search(text):
        return []
    return list(_tensed_dates(text, published))


def forget_tensed_dates() -> None:
    """Drop the memo of read sentences (called when an article is done: it serves one article only)."""
    _tensed_dates.cache_clear()


@functools.lru_cache(maxsize=2048)
def _tensed_dates(text: str, published: dt.date | None) -> tuple[DateMention, ...]:
    """:func:`tensed_dates`, memoised: one sentence is read for the main meeting, its city and the others."""
    sentence_future = bool(_FUTURE.search(text)) or None
    found = find_dates(text, published, future=sentence_future)
    if published is None:
        return tuple(found)
    resolved: dict[bool, dict[int, DateMention]] = {}  # the other readings, made only when needed
    out: list[DateMention] = []
    for d in found:
        if d.kind == "weekday" or (d.kind == "absolute" and not _HAS_YEAR.search(d.phrase)):
            tense = local_tense(text, d.start)
            if tense is not None and tense is not sentence_future:
                if tense not in resolved:
                    resolved[tense] = {e.start: e for e in find_dates(text, published, future=tense)}
                d = resolved[tense].get(d.start, d)
        out.append(_with_year_word(text, d, published))
    taken = [(d.start, d.end) for d in out]
    for m in _DAY_OF_MONTH.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or not _ends_date(text, m.end()):
            continue
        day = _day_of_month(int(m.group("day")), published, local_tense(text, m.start()))
        if day is not None:
            out.append(DateMention(m.group(), m.start(), m.end(), day, "absolute"))
    return tuple(sorted(out, key=lambda d: d.start))


def _with_year_word(text: str, d: DateMention, published: dt.date) -> DateMention:
    """ "June 12 last year": move a date without a year to the year the words name."""
    if d.kind != "absolute" or d.date is None or _HAS_YEAR.search(d.phrase):
        return d
    m = _YEAR_WORD.match(text, d.end)
    if m is None:
        return d
    year = published.year + _YEAR_SHIFT[m.group("word").casefold()]
    try:
        return replace(d, date=d.date.replace(year=year))
    except ValueError:  # February 29
        return replace(d, date=None)


def _ends_date(text: str, end: int) -> bool:
    """True when "the 27th" ends there as a date, not as the ordinal of a noun ("the 21st round")."""
    m = re.match(r"\s*([A-Za-z]+)", text[end:])
    if m is None:
        return True
    word = m.group(1)
    return word[0].isupper() or word.casefold() in _AFTER_DAY_OK


def _day_of_month(day: int, published: dt.date, future: bool | None) -> dt.date | None:
    """The day in the publication month; the month before or after when the tense says so."""
    try:
        here = published.replace(day=day)
    except ValueError:
        return None
    if future is False and here > published:
        month_start = published.replace(day=1) - dt.timedelta(days=1)
        return _safe_day(month_start, day)
    if future is True and here < published:
        next_month = (published.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return _safe_day(next_month, day)
    return here


def _safe_day(month: dt.date, day: int) -> dt.date | None:
    """That day of the given date's month, or None when the month is too short."""
    try:
        return month.replace(day=day)
    except ValueError:
        return None
