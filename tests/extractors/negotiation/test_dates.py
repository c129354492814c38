"""Date phrases resolved against the publication date; vague phrases stay None."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.negotiation.dates import duration_days, find_dates, resolve_date

WED = dt.date(2025, 7, 23)  # a Wednesday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on July 23", dt.date(2025, 7, 23)),
        ("23 July 2024", dt.date(2024, 7, 23)),
        ("2025-06-02", dt.date(2025, 6, 2)),
        ("Sept. 1", dt.date(2025, 9, 1)),
        ("by September 1", dt.date(2025, 9, 1)),
        ("today", WED),
        ("tomorrow", dt.date(2025, 7, 24)),
        ("yesterday", dt.date(2025, 7, 22)),
        ("on Monday", dt.date(2025, 7, 21)),
        ("last Wednesday", dt.date(2025, 7, 16)),
        ("next Monday", dt.date(2025, 7, 28)),
        ("within 50 days", dt.date(2025, 9, 11)),
        ("in two weeks", dt.date(2025, 8, 6)),
    ],
)
def test_resolve_date(phrase: str, expected: dt.date) -> None:
    assert resolve_date(phrase, WED) == expected


@pytest.mark.parametrize("phrase", ["last week", "in October", "soon", "later this year", "February 30"])
def test_vague_or_impossible_phrases_are_none(phrase: str) -> None:
    assert resolve_date(phrase, WED) is None


def test_a_date_without_year_takes_the_year_nearest_publication() -> None:
    assert resolve_date("December 30", dt.date(2026, 1, 3)) == dt.date(2025, 12, 30)
    assert resolve_date("January 2", dt.date(2025, 12, 29)) == dt.date(2026, 1, 2)
    assert resolve_date("March 31", dt.date(1987, 3, 3)) == dt.date(1987, 3, 31)


def test_relative_phrases_need_a_publication_date() -> None:
    assert resolve_date("tomorrow", None) is None
    assert resolve_date("on Friday", None) is None
    assert resolve_date("March 3, 1987", None) == dt.date(1987, 3, 3)


def test_future_context_moves_a_bare_weekday_forward() -> None:
    assert resolve_date("on Saturday", WED, future=True) == dt.date(2025, 7, 26)
    assert resolve_date("on Saturday", WED) == dt.date(2025, 7, 19)


def test_find_dates_reports_spans_and_skips_the_verb_may() -> None:
    text = "Talks may resume on May 16 and end within 3 days."
    found = find_dates(text, WED)
    assert [(d.phrase, d.kind) for d in found] == [("May 16", "absolute"), ("within 3 days", "span")]
    assert text[found[0].start : found[0].end] == "May 16"


def test_duration_days_of_a_span() -> None:
    assert duration_days("within 50 days") == 50
    assert duration_days("a two-week deadline") == 14
    assert duration_days("by Friday") is None
