"""The time limits of deadlines: which day a limit names (how long one lasts: ``dates.duration_days``).

A limit's day comes from ``dates.resolve_date``
(calendar dates, weekdays), from the publication date ("the end of the month"), or from the
[holidays] table of the cue file: a fixed holiday names its day, a movable one (Ramadan,
Easter) only the day the article itself gives it. Nothing is guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.datafiles import DATA_DIR, load_toml, require_table
from extractors.errors import ConfigError
from extractors.negotiation.dates import find_dates, resolve_date

__all__ = [
    "HOLIDAYS_FILE",
    "Holidays",
    "deadline_date",
    "default_holidays",
    "load_holidays",
    "movable_holiday",
]

HOLIDAYS_FILE = DATA_DIR / "negotiation" / "cues.toml"


_MONTH_NUMBERS = {
    **{calendar.month_name[k].casefold(): k for k in range(1, 13)},
    **{calendar.month_abbr[k].casefold(): k for k in range(1, 13)},
    "sept": 9,
}
_MONTH = rf"(?:{'|'.join(calendar.month_name[1:])}|{'|'.join(calendar.month_abbr[1:])}|Sept)\.?"
_END_OF = re.compile(
    r"\bend\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?(?P<period>month|year)\b|"
    r"\b(?P<period2>month|year)['’]s\s+end\b|\b(?P<period3>year)[\s-]end\b|"
    rf"\bend\s+of\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(calendar.day_name)})\b")
# What an article says to fix a movable holiday: "Ramadan is expected to begin around March 10".
_ENDS = re.compile(r"\bend", re.IGNORECASE)  # "expected to end on April 9" gives the wrong end of it
_STARTS = r"[^.;]{0,40}?\b(?:begins?|began|starts?|started|falls?|fell|beginning|starting|expected|due)\b"


@dataclass(frozen=True)
class Holidays:
    """Holidays a deadline may be set by: fixed ones with their (month, day), movable ones by name only."""

    fixed: tuple[tuple[str, int, int], ...]
    movable: tuple[str, ...]

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any holiday name, longest first so that "Orthodox Christmas" is not read as "Christmas"."""
        names = sorted({n for n, _, _ in self.fixed} | set(self.movable), key=len, reverse=True)
        alternatives = "|".join(re.escape(n).replace("'", "['’]") for n in names)
        return re.compile(rf"\b(?:{alternatives})(?![\w-])", re.IGNORECASE)


def load_holidays(path: Path = HOLIDAYS_FILE) -> Holidays:
    """Read and check the ``[holidays]`` table of the cue file.

    Args:
        path: the TOML file (default: Parley's cue file).

    Returns:
        The holidays.

    Raises:
        ConfigError: the table is missing, a fixed day is not a calendar "MM-DD", or a name is empty.
    """
    name = path.name
    table = require_table(load_toml(path), "holidays", name)
    fixed_table, movable = table.get("fixed"), table.get("movable")
    if not isinstance(fixed_table, dict) or not fixed_table:
        raise ConfigError(f'{name}: [holidays] fixed: expected a table of name = "MM-DD"')
    fixed: list[tuple[str, int, int]] = []
    for holiday, day in fixed_table.items():
        m = re.fullmatch(r"(\d{2})-(\d{2})", day) if isinstance(day, str) else None
        if not holiday.strip() or m is None or not _is_day(int(m.group(1)), int(m.group(2))):
            raise ConfigError(
                f"{name}: [holidays] fixed: {holiday!r} = {day!r} is not a name and an MM-DD day"
            )
        fixed.append((holiday, int(m.group(1)), int(m.group(2))))
    if (
        not isinstance(movable, list)
        or not movable
        or not all(isinstance(h, str) and h.strip() for h in movable)
    ):
        raise ConfigError(f"{name}: [holidays] movable: expected a non-empty list of names")
    return Holidays(tuple(fixed), tuple(movable))


@functools.cache
def default_holidays() -> Holidays:
    """Parley's own holidays, loaded once per process."""
    return load_holidays(HOLIDAYS_FILE)


def deadline_date(
    phrase: str,
    published: dt.date | None,
    text: str = "",
    holidays: Holidays | None = None,
    *,
    past: bool = False,
) -> dt.date | None:
    """The day a deadline's limit names: "July 9", "Friday", "the end of the month", "Christmas".

    A calendar date takes the year nearest publication; a bare weekday is the next one (the last one
    for a limit already past); a month or year end needs the publication date; a fixed holiday is its
    next occurrence; a movable holiday takes the date ``text`` gives for its start, else None.

    Args:
        phrase: the words after "by", "until", "deadline of", …
        published: the publication date, or None.
        text: the whole article, where a movable holiday's date may be stated.
        holidays: the holiday table (default: Parley's own).
        past: the limit has run out ("the ultimatum expired on Sunday"), so a bare weekday looks back.

    Returns:
        The date, or None when the phrase and publication date do not fix it.
    """
    if not isinstance(phrase, str):
        return None
    holidays = holidays or default_holidays()
    end = _END_OF.search(phrase)
    if end is not None:
        return _end_of(end, published)
    named = holidays.pattern.search(phrase)
    if named is not None:
        return _holiday_date(named.group(), published, text, holidays)
    return resolve_date(phrase, published, future=(not past) if _WEEKDAY.search(phrase) else None)


def movable_holiday(phrase: str, holidays: Holidays | None = None) -> bool:
    """True when ``phrase`` names a holiday with no fixed calendar day (Ramadan, Easter, Eid).

    Args:
        phrase: the words of a time limit.
        holidays: the holiday table (default: Parley's own).

    Returns:
        Whether a movable holiday is named.
    """
    holidays = holidays or default_holidays()
    named = holidays.pattern.search(phrase) if isinstance(phrase, str) else None
    return named is not None and named.group().replace("’", "'").casefold() in {
        h.casefold() for h in holidays.movable
    }


def _end_of(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    """The last day of the month or year an "end of …" phrase names (a named month: the nearest one)."""
    if m.group("month"):
        month = _MONTH_NUMBERS[m.group("month").rstrip(".").casefold()]
        if m.group("year"):
            return _last_day(int(m.group("year")), month)
        if published is None:
            return None
        options = [_last_day(y, month) for y in (published.year - 1, published.year, published.year + 1)]
        return min(options, key=lambda d: abs((d - published).days))
    if published is None:
        return None
    period = (m.group("period") or m.group("period2") or m.group("period3")).casefold()
    if period == "year":
        return dt.date(published.year + (1 if m.group("next") else 0), 12, 31)
    year, month = published.year, published.month
    if m.group("next"):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _last_day(year, month)


def _holiday_date(name: str, published: dt.date | None, text: str, holidays: Holidays) -> dt.date | None:
    """A fixed holiday's next day, or the start date the article gives a movable one."""
    for holiday, month, day in holidays.fixed:
        if holiday.casefold() == name.replace("’", "'").casefold():
            return resolve_date(f"{calendar.month_name[month]} {day}", published, future=True)
    for stated in re.finditer(rf"\b{re.escape(name)}\b{_STARTS}", text, re.IGNORECASE):
        window = text[stated.end() : stated.end() + 40]
        for mention in find_dates(window, published, future=True):
            if (
                mention.kind == "absolute"
                and mention.date is not None
                and not _ENDS.search(window, 0, mention.start)
            ):
                return mention.date
    return None


def _last_day(year: int, month: int) -> dt.date:
    """The last calendar day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _is_day(month: int, day: int) -> bool:
    """True for a month and day that exist in a leap year."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]
