"""Turn the date phrases of news prose into calendar dates, against the publication date.

Parley stores a date only when the text and the publication date pin it down:
"on July 23", "tomorrow", "last Monday", "within 50 days", "by September 1".
Anything vaguer ("last week", "in October", "soon") resolves to None: never guessed.
Written by hand rather than with dateparser because dateparser fills a missing day
or year from the clock, which is exactly the guess Parley must not make; dateparser only
reads the number words of durations ("forty-five days"), where no clock is involved.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, replace

import dateparser

__all__ = ["DateMention", "duration_days", "find_dates", "resolve_date"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
# Durations count a month as 30 days and a year as 365, as annotators count "two months" (60 days);
# hours round up to whole days; counts in words ("forty-five") are read by dateparser.
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_COUNT = (
    rf"(?:\d{{1,4}}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:{_ONES}))?|"
    rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_ONES}|an?)"
)
_DURATION = re.compile(
    rf"\b(?P<n>{_COUNT})[\s-]+(?P<unit>hours?|days?|weeks?|fortnights?|months?|years?)\b|\ba\s+fortnight\b",
    re.IGNORECASE,
)
_DAYS_PER_UNIT = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_EPOCH = dt.datetime(2000, 1, 1)

_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_RE = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"

# Each alternative is a complete phrase; the group names say how to resolve it.
_PATTERN = re.compile(
    rf"""
    (?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)
  | (?P<md>\b{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?P<md_y>\d{{4}})\b)?)
  | (?P<dm>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+(?P<dm_y>\d{{4}})\b)?)
  | (?P<rel>\b(?:today|tonight|tomorrow|yesterday|last\s+night)\b)
  | (?P<wd>\b(?:(?P<wd_mod>last|next|this|on)\s+)?{_WEEKDAY_RE}\b)
  | (?P<span>\b(?:within|in|after)\s+(?:the\s+next\s+)?(?P<n>{_NUM_RE})\s+(?P<unit>days?|weeks?)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)


# Every date phrase above holds a digit, "day" (weekdays, today, days), "week", "night" or "tomorrow":
# a sentence with none of them is skipped without running the long pattern.
_MAYBE_DATE = re.compile(r"\d|day|week|night|tomorrow", re.IGNORECASE)


_WEEKDAY_GAP = re.compile(r",?\s*(?:the\s+)?")
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in text, with the date it resolves to (None when it cannot be pinned)."""

    phrase: str
    start: int
    end: int
    date: dt.date | None
    kind: str  # absolute | relative | weekday | span


def find_dates(text: str, published: dt.date | None, *, future: bool | None = None) -> list[DateMention]:
    """Every date phrase in ``text`` with its resolved date.

    Args:
        text: a sentence or any text.
        published: the publication date that relative phrases resolve against.
        future: True when the context speaks of the future (a bare weekday then means the next one),
            False for the past, None to let each phrase decide (bare weekdays then mean the past week).

    Returns:
        The mentions in order.
    """
    out: list[DateMention] = []
    if not isinstance(text, str) or not _MAYBE_DATE.search(text):
        return out
    for m in _PATTERN.finditer(text):
        kind = "absolute" if m.group("iso") or m.group("md") or m.group("dm") else "relative"
        if m.group("wd"):
            kind = "weekday"
            if not m.group("wd_mod") and not _capitalised(m.group("wd")):
                continue
        elif m.group("span"):
            kind = "span"
        elif m.group("md") and m.group("md")[:3].casefold() == "may" and not m.group("md")[0].isupper():
            continue  # "may 5" in lower case is the verb
        out.append(DateMention(m.group(), m.start(), m.end(), _resolve(m, published, future), kind))
    return _drop_named_weekdays(text, out, published)


def _drop_named_weekdays(
    text: str, mentions: list[DateMention], published: dt.date | None
) -> list[DateMention]:
    """ "on Friday, July 25": the weekday only names the calendar date that follows it, so it goes.

    When that date has no year, the weekday picks it: the year (around publication) in which
    July 25 falls on a Friday, whatever the tense of the sentence suggested.
    """
    out: list[DateMention] = []
    fixed: dict[int, DateMention] = {}
    for k, d in enumerate(mentions):
        d = fixed.get(k, d)
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if (
            d.kind == "weekday"
            and nxt is not None
            and nxt.kind == "absolute"
            and _WEEKDAY_GAP.fullmatch(text, d.end, nxt.start)
        ):
            weekday = _WEEKDAYS.get(d.phrase.split()[-1].casefold())
            if nxt.date is not None and weekday is not None and not _YEAR.search(nxt.phrase):
                fixed[k + 1] = replace(nxt, date=_year_for_weekday(nxt.date, weekday, published))
            continue
        out.append(d)
    return out


def _year_for_weekday(day: dt.date, weekday: int, published: dt.date | None) -> dt.date:
    """The same month and day in the nearby year where it falls on ``weekday`` (``day`` if none does)."""
    anchor = published or day
    options = []
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # February 29
            continue
        if candidate.weekday() == weekday:
            options.append(candidate)
    return min(options, key=lambda c: abs((c - anchor).days)) if options else day


def resolve_date(phrase: str, published: dt.date | None, *, future: bool | None = None) -> dt.date | None:
    """The calendar date a phrase names, or None when the phrase and publication date do not fix it.

    Handles "July 23" / "23 July 2025" / "2025-07-23" (year from the publication date, the
    nearest such day), "today", "tomorrow", "yesterday", "on Monday", "last Friday",
    "next Tuesday", "within 50 days" / "in two weeks" (counted from publication) and
    "by September 1".

    Args:
        phrase: the words, e.g. "by September 1" or "within 50 days".
        published: the publication date, or None.
        future: force bare weekdays forward (True) or back (False); None means back.

    Returns:
        The date, or None.
    """
    if not isinstance(phrase, str):
        return None
    for m in _PATTERN.finditer(phrase):
        got = _resolve(m, published, future)
        if got is not None:
            return got
    return None


def duration_days(phrase: str) -> int | None:
    """The days a duration lasts: "fifty days" → 50, "two weeks" → 14, "two months" → 60, "48 hours" → 2.

    Args:
        phrase: text holding the duration, e.g. "within a week" or "a 30-day deadline".

    Returns:
        The number of days, or None when the phrase names no duration.
    """
    m = _DURATION.search(phrase) if isinstance(phrase, str) else None
    if m is None:
        return None
    if m.group("n") is None:
        return 14  # "a fortnight"
    count = int(m.group("n")) if m.group("n").isdigit() else _count_words(m.group("n"))
    if not count:
        return None
    return math.ceil(count * _DAYS_PER_UNIT[m.group("unit").casefold().rstrip("s")])


def _resolve(m: re.Match[str], published: dt.date | None, future: bool | None) -> dt.date | None:
    """Resolve one match of ``_PATTERN``."""
    if m.group("iso"):
        try:
            return dt.date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    if m.group("md") or m.group("dm"):
        words = re.findall(r"[A-Za-z]+|\d+", m.group("md") or m.group("dm"))
        month = next((_MONTHS[w.casefold()] for w in words if w.casefold() in _MONTHS), None)
        nums = [int(w) for w in words if w.isdigit()]
        year_s = m.group("md_y") or m.group("dm_y")
        if month is None or not nums:
            return None
        day = nums[0] if (m.group("md") or nums[0] <= 31) else None
        if day is None:
            return None
        return _month_day(month, day, int(year_s) if year_s else None, published, future)
    if published is None:
        return None
    if m.group("rel"):
        word = " ".join(m.group("rel").casefold().split())
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "last night": -1}[word]
        return published + dt.timedelta(days=offset)
    if m.group("wd"):
        mod = (m.group("wd_mod") or "").casefold()
        delta = _WEEKDAYS[m.group("wd").split()[-1].casefold()] - published.weekday()
        if mod == "next":
            return published + dt.timedelta(days=delta % 7 or 7)
        if mod == "last":
            return published - dt.timedelta(days=(-delta) % 7 or 7)
        if future:
            return published + dt.timedelta(days=delta % 7)
        return published - dt.timedelta(days=(-delta) % 7)
    if m.group("span"):
        n = _number(m.group("n"))
        if n is None:
            return None
        return published + dt.timedelta(days=n * _UNIT_DAYS[m.group("unit").casefold()])
    return None


def _month_day(
    month: int, day: int, year: int | None, published: dt.date | None, future: bool | None
) -> dt.date | None:
    """Build a date, taking the year nearest the publication date when the text gives none."""
    if year is not None:
        return _safe(year, month, day)
    if published is None:
        return None
    options = [
        d for y in (published.year - 1, published.year, published.year + 1) if (d := _safe(y, month, day))
    ]
    if future is True:
        options = [d for d in options if d >= published] or options
    elif future is False:
        options = [d for d in options if d <= published] or options
    return min(options, key=lambda d: abs((d - published).days), default=None)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for impossible ones such as February 30."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _number(word: str) -> int | None:
    """Digits or a number word as an int."""
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word.casefold())


@functools.lru_cache(maxsize=256)
def _count_words(words: str) -> int | None:
    """A count in words ("forty-five", "a"): the common words from the table, others read by dateparser
    as a number of days after a fixed day (slow, so remembered)."""
    known = _number(words)
    if known is not None:
        return known
    moved = dateparser.parse(f"in {words} days", languages=["en"], settings={"RELATIVE_BASE": _EPOCH})
    return None if moved is None else (moved - _EPOCH).days


def _capitalised(word: str) -> bool:
    """Weekday names are capitalised in prose; lower-case ones come from all-caps text or noise."""
    return word[:1].isupper()
