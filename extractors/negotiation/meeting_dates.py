"""When meetings took place: the date phrases of a meeting sentence, each read in the tense around it.

A sentence can mix tenses ("the talks, which began on Saturday, were scheduled to
last two days"), so a bare weekday is resolved by the verb nearest before it, not by
the sentence as a whole. Dates of what someone said ("officials said on Thursday",
"spoke by phone on Wednesday") date a statement, not a meeting, and are only a last
resort for the main meeting. "June 12 last year" takes the previous year, and a bare
day of the month ("on the evening of the 27th") the publication month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.negotiation.datelines import Dateline
from extractors.negotiation.dates import DateMention, find_dates, span_days
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import TalkRules

__all__ = [
    "ENDED",
    "NTH_DAY_BEFORE",
    "TenseMark",
    "day_number",
    "length_days",
    "local_tense",
    "main_date",
    "speech_date",
    "tense_marker",
    "tensed_dates",
    "usable_dates",
]

_NOT_DATE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|within|deadline\s+of|expires?\s+(?:on|in)?)\s*$", re.IGNORECASE
)
# "postponed until March 5": the date after it is the meeting's new date, not a deadline.
_MOVED_TO = re.compile(
    r"\b(?:postponed|delayed|pushed\s+back|put\s+off|moved|rescheduled)\s+(?:\w+\s+){0,3}?(?:until|till|to|for)\s*$",
    re.IGNORECASE,
)
_NEAR_MEETING = 40  # a date further than this from every meeting word dates something else
_DAYS_LONG = re.compile(
    r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)[- ]day\s+(?:\w+\s+){0,2}?"
    r"(?:talks|meeting|session|conference|summit|negotiations)\b"
    r"|\bafter\s+(?P<n2>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings|discussions)\b"
    r"|\b(?P<n3>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings|discussions)\b",
    re.IGNORECASE,
)
# "after a day of talks in Abu Dhabi": whatever the sentence dates (an agreement) ended the talks.
_AFTER_DAYS_OF = re.compile(
    r"\bafter\s+(?:a|one|\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|meetings|discussions)\b",
    re.IGNORECASE,
)
# "was due to take place in Brussels on Thursday", "a round that opened at a Doha hotel on Friday",
# "the accord was signed on Saturday at the foreign ministry, after talks …": the date right after such
# a clause is the meeting's, however far the meeting word is.
_HELD_ON = re.compile(
    r"\b(?:(?:take|took|taking|takes)\s+place|(?:be|been|being|is|was|were|are)\s+held|convened|opened|"
    r"began|begun|started|resumed|kicked\s+off|got\s+under\s+way"
    r"|(?:to|will)\s+(?:open|begin|start|resume|reconvene|convene)"
    # "signed a memorandum on Saturday", "sealed the accord at the ministry on Friday"
    r"|(?:signed|initialled|initialed|inked|sealed)(?:\s+(?:a|an|the|their|its)\s+(?:[\w’'-]+\s+){0,2}?[\w’'-]+)?)"
    r"\s+(?:(?:in|at)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){1,3}?)?(?:on\s+)?$",
    re.IGNORECASE,
)
# "talks in the Red Sea resort of Sharm el-Sheikh on Sunday": only a place between the meeting and its date.
_PLACE_GAP = re.compile(r"\s+(?:in|at|near|outside)\s+[^,;.:()\"“”]{1,70}?\s+(?:on\s+)?")
# "the next round is due to open on 8 August": a follow-up meeting, not the one the article reports.
_FOLLOW_UP = re.compile(
    r"\b(?:next|again|another|further|follow-up|subsequent|those\s+(?:talks|negotiations|meetings))\b",
    re.IGNORECASE,
)
# "ended a second day on Tuesday": the talks began a day earlier and are not over.
NTH_DAY_BEFORE = re.compile(
    r"\b(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+day"
    r"(?:\s+of\s+(?:\w+\s+){0,2}?(?:talks|negotiations|meetings?|discussions))?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_ORDINAL_DAYS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10,
}  # fmt: skip
ENDED = re.compile(
    r"\b(?:ended|concluded|wrapped\s+up|closed(?!\s+doors)|broke\s+(?:up|down)|adjourned)\b", re.IGNORECASE
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|set\s+to|due\s+to|to\s+hold|scheduled|plans?\s+to|next)\b"
)
# Verbs that put what follows them in the past or in the future; the one nearest before a date wins.
_PAST_MARK = (
    r"began|begun|opened|started|held|met|signed|ended|concluded|convened|resumed|took\s+place|agreed|"
    r"reached|arrived|gathered|sat\s+down|kicked\s+off|wrapped\s+up|broke\s+(?:up|down)|collapsed|failed|"
    r"launched|hosted|received|visited|since|endorsed|sealed|inked|initial(?:l)?ed|adjourned"
)
_FUTURE_MARK = (
    r"will|would|shall|'ll|’ll|is\s+to|are\s+to|due\s+to|set\s+to|expected\s+to|scheduled|planned|"
    r"plans?\s+to|going\s+to|to\s+be\s+held|to\s+(?:open|begin|start|resume|meet|hold|take\s+place|convene|"
    r"sign)|next|upcoming|postponed|delayed|rescheduled|pushed\s+back|put\s+off|tomorrow"
)
# Words that open a new clause: a tense marker before one of them says nothing of what follows it
# ("will hold a second round after talks in Rome on Saturday").
_CLAUSE = r"after|following|when|where|which|who|whom|while|whereas|but|although|though"
_TENSE = re.compile(
    rf"\b(?:(?P<past>{_PAST_MARK})|(?P<future>{_FUTURE_MARK})|(?P<clause>{_CLAUSE}))(?![\w’'-])",
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
# Who said, told or wrote something, then the date of that statement.
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|tells|spoke|speaking|announced|stated|added|wrote|tweeted|posted|warned|insisted|"
    r"confirmed|denied|declared|phoned|telephoned|remarked)\b(?P<gap>[^.;:\"“”]{0,60}?)\s*(?:on\s+)?$",
    re.IGNORECASE,
)
_SPEECH_NOUN_BEFORE = re.compile(
    r"\b(?:phone\s+call|telephone\s+(?:call|conversation)|call|statement|interview|press\s+conference|"
    r"news\s+conference|briefing|speech|tweet|letter|communiqu[eé])\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:on\s+)?$",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"\s*(?:(?:morning|afternoon|evening|night)\b)?\s*,?\s*(?:(?:had|has|have)\s+)?(?:also\s+)?"
    r"(?:said|told|announced|spoke|warned|wrote|tweeted|posted|insisted|confirmed|denied|declared|added|"
    r"stated)\b",
    re.IGNORECASE,
)
_MEETING_VERB = re.compile(rf"\b(?:{_PAST_MARK}|meet|meeting|to\s+hold|hold|holding)\b", re.IGNORECASE)


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


def tensed_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date phrase of a sentence, each resolved in the tense of the verb nearest before it.

    Args:
        text: the sentence.
        published: the publication date.

    Returns:
        The mentions in order, including bare days of the month ("on the 27th").
    """
    sentence_future = bool(_FUTURE.search(text)) or None
    found = find_dates(text, published, future=sentence_future)
    if published is None:
        return found
    ahead = {d.start: d for d in find_dates(text, published, future=True)}
    back = {d.start: d for d in find_dates(text, published, future=False)}
    out: list[DateMention] = []
    for d in found:
        tense = local_tense(text, d.start)
        if tense is not None and (d.kind == "weekday" or not _HAS_YEAR.search(d.phrase)):
            d = (ahead if tense else back).get(d.start, d)
        out.append(_with_year_word(text, d, published))
    taken = [(d.start, d.end) for d in out]
    for m in _DAY_OF_MONTH.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or not _ends_date(text, m.end()):
            continue
        day = _day_of_month(int(m.group("day")), published, local_tense(text, m.start()))
        if day is not None:
            out.append(DateMention(m.group(), m.start(), m.end(), day, "absolute"))
    return sorted(out, key=lambda d: d.start)


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


def speech_date(text: str, d: DateMention, r: TalkRules) -> bool:
    """True when a date says when something was said ("officials said on Thursday", "who on Monday had
    said", "spoke by phone on Wednesday night"), not when a meeting was held.

    Args:
        text: the sentence.
        d: one of its date mentions.
        r: the talk rules (a meeting word between the verb and the date makes it a meeting date).

    Returns:
        Whether the date belongs to a statement.
    """
    if _SPEECH_AFTER.match(text, d.end):
        return True
    before = text[: d.start]
    if _SPEECH_NOUN_BEFORE.search(before):
        return True
    m = _SPEECH_BEFORE.search(before)
    if m is None:
        return False
    gap = m.group("gap")
    return not r.meeting.search(gap) and not _MEETING_VERB.search(gap)


def usable_dates(
    s: Sentence,
    published: dt.date | None,
    dateline: Dateline | None,
    r: TalkRules,
    *,
    speech: bool = False,
) -> list[DateMention]:
    """Date mentions of a sentence that can date a meeting: near a meeting word, no deadlines or datelines.

    Args:
        s: the sentence.
        published: the publication date.
        dateline: the article's dateline (its date is the filing date).
        r: the talk rules.
        speech: keep the dates of statements too ("officials said on Thursday").

    Returns:
        The mentions in order.
    """
    meetings = [(m.start(), m.end()) for m in r.meeting.finditer(s.text)]
    out = []
    for d in tensed_dates(s.text, published):
        if d.kind == "span" or d.date is None:
            continue
        if dateline is not None and s.start + d.start < dateline.end:
            continue
        moved = _MOVED_TO.search(s.text[: d.start])
        if _NOT_DATE_BEFORE.search(s.text[: d.start]) and not moved:
            continue
        if not speech and not moved and speech_date(s.text, d, r):
            continue
        placed = bool(meetings) and (
            _HELD_ON.search(s.text[: d.start]) is not None
            or NTH_DAY_BEFORE.search(s.text[: d.start]) is not None
            or _AFTER_DAYS_OF.search(s.text) is not None
        )
        near = any(d.start - e <= _NEAR_MEETING and b - d.end <= _NEAR_MEETING for b, e in meetings)
        if not (moved or placed or near or _placed_between(s.text, meetings, d)):
            continue
        out.append(d)
    return out


def _placed_between(text: str, meetings: Sequence[tuple[int, int]], d: DateMention) -> bool:
    """True when only a place stands between a meeting word and the date after it."""
    return any(e <= d.start and _PLACE_GAP.fullmatch(text, e, d.start) for _, e in meetings)


def main_date(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    published: dt.date | None,
    dateline: Dateline | None,
    r: TalkRules,
) -> tuple[dt.date | None, int | None]:
    """The main meeting's first day and its sentence; counts back over "N-day talks" that ended.

    Args:
        sentences: the article's sentences.
        main_idx: the main meeting's sentences, in the order they are trusted.
        published: the publication date.
        dateline: the article's dateline.
        r: the talk rules.

    Returns:
        The date and the index of its sentence, or (None, None). The date of a statement
        ("officials said on Thursday") serves only when no sentence dates the meeting itself.
    """
    found = _main_date(sentences, main_idx, published, dateline, r, speech=False)
    if found[0] is None:
        found = _main_date(sentences, main_idx, published, dateline, r, speech=True)
    return found


def _main_date(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    published: dt.date | None,
    dateline: Dateline | None,
    r: TalkRules,
    *,
    speech: bool,
) -> tuple[dt.date | None, int | None]:
    """One pass of :func:`main_date`, with or without the dates of statements."""
    days = length_days(sentences, main_idx)
    follow_up: tuple[dt.date | None, int | None] = (None, None)
    for rank, i in enumerate(main_idx):
        after_days = _DAYS_LONG.search(sentences[i].text)
        ended = bool(ENDED.search(sentences[i].text) or (after_days and after_days.group("n2")))
        found = usable_dates(sentences[i], published, dateline, r, speech=speech)
        if found and found[0].date is not None and _later_meeting(sentences[i].text, found[0], published):
            # "those negotiations are due to open on 8 August": the main meeting is the one reported,
            # if a sentence dates it; else this one
            follow_up = follow_up if follow_up[0] is not None else (found[0].date, i)
            continue
        if found and found[0].date is not None:
            day = found[0].date
            nth = NTH_DAY_BEFORE.search(sentences[i].text[: found[0].start])
            if nth is not None:  # "ended a second day on Tuesday": count back to the first day
                return day - dt.timedelta(days=day_number(nth.group("ord")) - 1), i
            if days and ended:
                day -= dt.timedelta(days=days - 1)
            return day, i
        if ended and days and published is not None and rank < 3:
            return published - dt.timedelta(days=days - 1), i  # "ended talks" in a report: ended today
    return follow_up


def _later_meeting(text: str, d: DateMention, published: dt.date | None) -> bool:
    """True for the date of a follow-up meeting still to come ("will meet again on Friday")."""
    return (
        published is not None
        and d.date is not None
        and d.date > published
        and _FOLLOW_UP.search(text, 0, d.start) is not None
    )


def length_days(sentences: Sequence[Sentence], main_idx: Sequence[int]) -> int | None:
    """How many days the main meeting lasted, when the text says ("three-day talks").

    Args:
        sentences: the article's sentences.
        main_idx: the main meeting's sentences.

    Returns:
        The number of days, or None.
    """
    for i in main_idx:
        m = _DAYS_LONG.search(sentences[i].text)
        if m:
            return span_days(f"{m.group('n') or m.group('n2') or m.group('n3')} days")
    return None


def day_number(ordinal: str) -> int:
    """ "second" → 2, "3rd" → 3.

    Args:
        ordinal: an ordinal word or number.

    Returns:
        Its value (1 when it has none).
    """
    low = ordinal.casefold()
    return _ORDINAL_DAYS.get(low) or int(re.sub(r"\D", "", low) or 1)
