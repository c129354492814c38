"""When meetings took place: which date phrases of a meeting sentence date a meeting, and the main one's.

Each phrase is read in the tense of its own verb (``tensed_dates``). Dates of what
someone said ("officials said on Thursday", "spoke by phone on Wednesday") date a
statement, not a meeting, and are only a last resort for the main meeting; a
follow-up meeting still to come ("those talks are due to open on 8 August") is the
main one only when no sentence dates the meeting the article reports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from extractors.negotiation.datelines import Dateline
from extractors.negotiation.dates import DateMention, duration_days
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import TalkRules
from extractors.negotiation.tensed_dates import EVENT_MARK, reads_ahead, tensed_dates

__all__ = [
    "ENDED",
    "MOVED_AHEAD",
    "NTH_DAY_BEFORE",
    "day_number",
    "length_days",
    "main_date",
    "speech_date",
    "usable_dates",
]

_NOT_DATE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|within|deadline\s+of|expires?\s+(?:on|in)?)\s*$", re.IGNORECASE
)
# "postponed until March 5", "rescheduled for next week": the meeting has a new date (shared with
# talk_fields, which reads the same words as a new date for the status).
MOVED_AHEAD = (
    r"\b(?:postponed|delayed|pushed\s+back|put\s+off|moved|rescheduled)"
    r"\s+(?:\w+\s+){0,3}?(?:until|till|to|for)"
)
# ... and the date right after them is the meeting's new date, not a deadline.
_MOVED_TO = re.compile(MOVED_AHEAD + r"\s*$", re.IGNORECASE)
_NEAR_MEETING = 40  # a date further than this from every meeting word dates something else
_DAY_COUNT = r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten"
# "after a day of talks in Abu Dhabi": whatever the sentence dates (an agreement) ended the talks.
_TALKS_OF = r"\s+of\s+(?:\w+\s+)?(?:talks|negotiations|meetings|discussions)\b"
_AFTER_DAYS_OF_TEXT = rf"\bafter\s+(?P<n2>{_DAY_COUNT}|a|one)\s+days?{_TALKS_OF}"
_AFTER_DAYS_OF = re.compile(_AFTER_DAYS_OF_TEXT, re.IGNORECASE)
# "three-day talks", "after two days of talks", "three days of negotiations": how long the meeting ran.
_DAYS_LONG = re.compile(
    rf"\b(?P<n>{_DAY_COUNT})[- ]day\s+(?:\w+\s+){{0,2}}?"
    r"(?:talks|meeting|session|conference|summit|negotiations)\b"
    rf"|{_AFTER_DAYS_OF_TEXT}"
    rf"|\b(?P<n3>{_DAY_COUNT})\s+days{_TALKS_OF}",
    re.IGNORECASE,
)
# "was due to take place in Brussels on Thursday", "a round that opened at a Doha hotel on Friday",
# "the accord was signed on Saturday at the foreign ministry, after talks …": the date right after such
# a clause is the meeting's, however far the meeting word is.
_HELD_ON = re.compile(
    r"\b(?:(?:take|took|taking|takes)\s+place|(?:be|been|being|is|was|were|are)\s+held|convened|opened|"
    r"began|begun|started|resumed|kicked\s+off|got\s+under\s+way"
    r"|(?:to|will)\s+(?:open|begin|start|resume|reconvene|convene)"
    # "a meeting of the border committee is scheduled for August 4"
    r"|(?:scheduled|slated|planned|pencil(?:l)?ed\s+in|fixed|set)\s+for"
    # "signed a memorandum on Saturday", "sealed the accord at the ministry on Friday"
    r"|(?:signed|initialled|initialed|inked|sealed)(?:\s+(?:a|an|the|their|its)\s+(?:[\w’'-]+\s+){0,2}?[\w’'-]+)?)"
    r"\s+(?:(?:in|at)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){1,3}?)?(?:on\s+)?$",
    re.IGNORECASE,
)
# "The meetings, which began on Sunday at the guesthouse": the day a meeting says it started is its
# first day, whatever later day (a signing, the close) the lead reports.
_STARTED_ON = re.compile(
    r"\b(?:talks|meetings?|negotiations|round|summit|dialogue|conference|sessions?|consultations)\b"
    r"[^.;:]{0,60}?\b(?:began|begun|opened|started|kicked\s+off|got\s+under\s+way)\s+(?:on\s+)?$",
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
    r"\s*(?:(?:morning|afternoon|evening|night)\b)?\s*(?:(?:had|has|have)\s+)?(?:also\s+)?"
    r"(?:said|told|announced|spoke|warned|wrote|tweeted|posted|insisted|confirmed|denied|declared|added|"
    r"stated)\b",
    re.IGNORECASE,
)
_MEETING_VERB = re.compile(rf"\b(?:{EVENT_MARK}|meet|meeting|to\s+hold|hold|holding)\b", re.IGNORECASE)


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
    found = tensed_dates(s.text, published)
    if not found:
        return []
    meetings = [(m.start(), m.end()) for m in r.meeting.finditer(s.text)]
    out = []
    for d in found:
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
    for i in main_idx:
        for d in usable_dates(sentences[i], published, dateline, r, speech=speech):
            text = sentences[i].text
            if (
                d.date is not None
                and _STARTED_ON.search(text, 0, d.start)
                and not _later_meeting(text, d, published)
            ):
                return d.date, i
    days = length_days(sentences, main_idx)
    follow_up: tuple[dt.date | None, int | None] = (None, None)
    preview = bool(main_idx) and reads_ahead(sentences[main_idx[0]].text)  # the lead looks ahead
    for rank, i in enumerate(main_idx):
        after_days = _DAYS_LONG.search(sentences[i].text)
        ended = bool(ENDED.search(sentences[i].text) or (after_days and after_days.group("n2")))
        found = usable_dates(sentences[i], published, dateline, r, speech=speech)
        if (
            not preview
            and found
            and found[0].date is not None
            and _later_meeting(sentences[i].text, found[0], published)
        ):
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
            return duration_days(f"{m.group('n') or m.group('n2') or m.group('n3')} days")
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
