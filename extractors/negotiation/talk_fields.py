"""The main meeting's fields, each read from the first of its sentences that states it clearly.

Unclear values are None, never guessed. The date helpers also say which sentence a
date came from, so the caller can cite it. Dates live in ``meeting_dates``, places in
``meeting_places`` and datelines in ``datelines``; this module reads round and status
and gathers every main field's reader in one place.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Sequence

from extractors.negotiation.datelines import Dateline, find_dateline
from extractors.negotiation.meeting_dates import ENDED, MOVED_AHEAD, length_days, main_date, usable_dates
from extractors.negotiation.meeting_places import LOCATIVE_BEFORE, main_city
from extractors.negotiation.prefilter import Prefilter
from extractors.negotiation.sentences import Sentence
from extractors.negotiation.talk_rules import STATUSES, TalkRules
from extractors.negotiation.tensed_dates import forget_tensed_dates
from extractors.negotiation.venues import main_venue  # kept here: every main field is read from here

__all__ = [
    "LOCATIVE_BEFORE",
    "Dateline",
    "cue",
    "find_dateline",
    "forget_cues",
    "length_days",
    "main_city",
    "main_date",
    "main_round",
    "main_status",
    "main_venue",
    "other_status",
    "usable_dates",
]

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15,
}  # fmt: skip
_ORD_RE = "|".join(_ORDINALS)
_ROUND = re.compile(
    rf"\b(?:(?P<word>{_ORD_RE})|(?P<num>\d{{1,2}})(?:st|nd|rd|th))\s+"
    r"(?:such\s+|new\s+|formal\s+|official\s+|full\s+|direct\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>round|session|meeting|sitting|conference|cycle|summit)s?\b"
    rf"|\bround\s+(?P<after>\d{{1,2}}|{_ORD_RE})\b",
    re.IGNORECASE,
)
_ROUND_WORDS = Prefilter([_ROUND])  # most sentences hold no "round", "session" …: skip them at once
_MOVED_AHEAD = re.compile(MOVED_AHEAD + r"\b", re.IGNORECASE)  # "postponed until March 5"
_WAS_DUE = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:due|scheduled|set|planned|supposed|expected)\s+to\b|\b(?:was|were)\s+to\b",
    re.IGNORECASE,
)
_NTH_DAY = re.compile(
    r"\b(?:ended|closed|wrapped\s+up|began|opened|entered|started|went\s+into)\s+(?:a|its|the|their)\s+"
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+day\b",
    re.IGNORECASE,
)
# What was said or announced once the day's meeting was over ("told reporters after the talks").
_AFTER_MEETING = re.compile(
    r"\b(?:after|following|at\s+the\s+end\s+of)\s+(?:the|this|today's|today’s|\w+day's|\w+day’s)\s+"
    r"(?:\w+\s+)?(?:meeting|talks|session|negotiations)\b(?!\s+(?:in|on)\s+\w+\s+(?:last|earlier))",
    re.IGNORECASE,
)
# Headline present tense of a meeting that started: the meeting is still going on.
_HEADLINE_NOW = re.compile(
    r"\b(?:resume|resumes|open|opens|begin|begins|start|starts|continue|continues|enter|enters|kick\s+off|"
    r"kicks\s+off|hold|holds|underway|under\s+way)\b",
    re.IGNORECASE,
)
_RECENT_DAYS = 2
_SINCE_BEGAN = re.compile(
    r"\bsince\b[^.;]{0,40}?\b(?:began|begun|started|opened|kicked\s+off)\b", re.IGNORECASE
)
_MEETING_NOUN = r"(?:talks|meeting|session|summit|negotiations|round|discussions|consultations)"
_MEETING_AT = r"(?:\s+(?:in|at)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}?[\w’'-]+)?"  # "the session in Naqoura"
# "17:20 - Talks over", "the session in Naqoura ended after four hours": the day's meeting is over.
# ("talks over the border" is talks about the border: "over" must end the clause.)
_MEETING_OVER = re.compile(
    rf"\b{_MEETING_NOUN}\s+(?:(?:is|are|was|were|now)\s+)?over\s*(?:[,.;:!—–-]|$)"
    rf"|\b{_MEETING_NOUN}\b{_MEETING_AT}\s+(?:has\s+|have\s+)?"
    r"(?:ended|concluded|wrapped\s+up|broke\s+up|closed(?!\s+doors)|adjourned)\b",
    re.IGNORECASE,
)
# "the talks are expected to continue", "negotiations will go on": the meeting has not ended.
_GOES_ON = re.compile(
    rf"\b{_MEETING_NOUN}\b{_MEETING_AT}\s+(?:(?:are|is)\s+(?:expected|set|due|likely|scheduled)\s+to|will|would)"
    r"\s+(?:continue|go\s+on|carry\s+on)\b"
    rf"|\b{_MEETING_NOUN}\s+(?:are|is)\s+(?:continuing|still\s+going\s+on|set\s+to\s+run)\b",
    re.IGNORECASE,
)


def main_round(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    other: set[int],
    *,
    days: Collection[dt.date] = (),
    published: dt.date | None = None,
    dateline: Dateline | None = None,
    r: TalkRules | None = None,
) -> tuple[int | None, int | None]:
    """The ordinal of the main meeting ("third round" → 3; "first" only with "round"), and its sentence.

    An ordinal of another meeting is skipped: one in a sentence dated to a day the main meeting does not
    span ("the ninth round began in Doha on 22 August"), one after a past perfect ("had met in April in a
    first round") and "the first … since", which counts nothing.
    """
    order = list(main_idx) + [i for i in range(len(sentences)) if i not in other and i not in main_idx]
    for i in order:
        text = sentences[i].text
        if not _ROUND_WORDS.may_match(text):
            continue
        for m in _ROUND.finditer(text):
            before = text[: m.start()].casefold().split()[-2:]
            if any(w in ("previous", "last", "earlier", "prior", "past") for w in before):
                continue
            word = (m.group("word") or m.group("after") or "").casefold()
            value = _ORDINALS.get(word) or (int(word) if word.isdigit() else None)
            if value is None and m.group("num"):
                value = int(m.group("num"))
            if value == 1 and (m.group("noun") or "round").casefold() != "round":
                continue
            if not value or (value == 1 and _SINCE_AFTER.match(text, m.end())):
                continue
            if _HAD_BEFORE.search(text, 0, m.start()):
                continue
            if r is not None and days and _dated_elsewhere(sentences[i], days, published, dateline, r):
                break  # the whole sentence is about another day's meeting
            return value, i
    return None, None


# "the first ministerial round since the two men met": first in a while, not the first of a series
# ("the third such meeting since May" does count the series).
_SINCE_AFTER = re.compile(r"(?:\s+[\w-]+){0,3}?\s+since\b", re.IGNORECASE)
# "the two movements had met in Beijing in April in a first round": a round before the reported one.
_HAD_BEFORE = re.compile(
    r"\bhad\s+(?:already\s+|previously\s+|first\s+)?(?:met|held|convened|gathered)\b[^;]*$"
)


def _dated_elsewhere(
    s: Sentence, days: Collection[dt.date], published: dt.date | None, dateline: Dateline | None, r: TalkRules
) -> bool:
    """True when every meeting date of the sentence falls outside the main meeting's days."""
    dates = [d.date for d in usable_dates(s, published, dateline, r) if d.date is not None]
    return bool(dates) and not any(d in days for d in dates)


def main_status(
    sentences: Sequence[Sentence],
    main_idx: Sequence[int],
    date: dt.date | None,
    date_at: int | None,
    published: dt.date | None,
    r: TalkRules,
) -> tuple[str, int | None]:
    """held | ongoing | scheduled | proposed | cancelled (from the date and the tense), and its sentence."""
    if date is not None and published is not None and date_at is not None:
        text = sentences[date_at].text
        if date < published and _NTH_DAY.search(text) and not cue(text, r, "cancelled"):
            return "ongoing", date_at  # "ended a second day": a day is over, not the talks
        if cue(text, r, "cancelled"):
            # a postponed meeting with a new date ahead is scheduled; without one it is cancelled (the
            # date of "a meeting that was due to take place on Thursday" is the one called off)
            new_date = _MOVED_AHEAD.search(text) is not None or (
                cue(text, r, "scheduled") and not _WAS_DUE.search(text)
            )
            return ("scheduled" if date > published and new_date else "cancelled"), date_at
        if date > published:
            return ("proposed" if cue(text, r, "proposed") else "scheduled"), date_at
        if date == published:  # today's meeting: over if the sentence says how it ended
            if any(_AFTER_MEETING.search(sentences[i].text) for i in main_idx):
                return "held", date_at  # "told reporters after the meeting": it is over
            over = _over(sentences, main_idx)
            if over is not None:
                return "held", over  # "17:20 - Talks over": the live report says so
            return _same_day_status(text, [sentences[i].text for i in main_idx[:3]], r), date_at
        if cue(text, r, "ongoing") or _SINCE_BEGAN.search(text):
            return "ongoing", date_at
        goes_on = _goes_on(sentences, main_idx, text)
        if goes_on is not None:
            return "ongoing", goes_on
        if cue(text, r, "held"):
            return "held", date_at
        recent = (published - date).days <= _RECENT_DAYS
        lead = [sentences[i].text for i in main_idx[:3]]
        if recent and _HEADLINE_NOW.search(sentences[0].text) and not any(ENDED.search(t) for t in lead):
            return "ongoing", date_at  # "talks resume in Cairo" over a report of yesterday's opening
        return "held", date_at
    for i in main_idx[:4]:
        text = sentences[i].text
        for status in STATUSES:
            if cue(text, r, status):
                return status, i
    return "held", (main_idx[0] if main_idx else None)


def _over(sentences: Sequence[Sentence], main_idx: Sequence[int]) -> int | None:
    """The first sentence of the main meeting that says it is over ("Talks over", "the session ended")."""
    return next((i for i in main_idx if _MEETING_OVER.search(sentences[i].text)), None)


def _goes_on(sentences: Sequence[Sentence], main_idx: Sequence[int], dated: str) -> int | None:
    """The sentence that says the main meeting goes on ("the talks are expected to continue"), when the
    sentence that dates it does not end it and no sentence says it is over."""
    if ENDED.search(dated) or _over(sentences, main_idx) is not None:
        return None
    return next((i for i in main_idx if _GOES_ON.search(sentences[i].text)), None)


def _same_day_status(text: str, lead: Sequence[str], r: TalkRules) -> str:
    """A meeting dated the day of the report: ``held`` when the text says how it ended ("agreed",
    "failed to reach", "ended"), ``ongoing`` when the lead says it is under way ("are being held") or
    says only that the sides met."""
    if ENDED.search(text):
        return "held"
    if any(cue(t, r, "ongoing") for t in (text, *lead)):
        return "ongoing"
    ended = [m.group().casefold() for p in r.status["held"] for m in p.finditer(text)]
    return "held" if any(w not in _BARE_MEETING_WORDS for w in ended) else "ongoing"


_BARE_MEETING_WORDS = frozenset({"met", "held"})  # "met on Friday" says nothing of how it ended


def forget_cues() -> None:
    """Drop the memos of status cues and read dates (called when an article is done: they serve one)."""
    _any_search.cache_clear()
    forget_tensed_dates()


def cue(text: str, r: TalkRules, status: str) -> bool:
    """True when one of the status's patterns occurs in the text."""
    return _any_search(text, r.status[status])


@functools.lru_cache(maxsize=4096)
def _any_search(text: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Whether any pattern occurs in the text: the same sentence is asked about the same status often."""
    return any(p.search(text) for p in patterns)


def other_status(text: str, date: dt.date | None, published: dt.date | None, r: TalkRules) -> str:
    """A secondary meeting's status: by its date when both dates are known, else by tense."""
    if cue(text, r, "cancelled"):
        return "cancelled"
    if date is not None and published is not None:
        if date > published:
            return "proposed" if cue(text, r, "proposed") else "scheduled"
        return "ongoing" if date == published else "held"
    for status in STATUSES:
        if cue(text, r, status):
            return status
    return "held"
