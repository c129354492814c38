"""extract_fields end to end: bad input never raises, non-English is skipped, the seed is read right."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.negotiation import EXTRACTOR_VERSION, MAX_TEXT_CHARS, extract_fields, to_schema_dict
from extractors.negotiation.actors import find_actors
from extractors.negotiation.sentences import split_sentences
from extractors.negotiation.talks import explain_talks
from extractors.records import NegotiationFields

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
SEED = SHARED / "seeds" / "000_1df419df4b49f9f7.txt"

REPORT = (
    "Armenia and Azerbaijan hold fourth round of talks in Geneva\n"
    "Armenian and Azerbaijani delegations opened a fourth round of peace talks in Geneva on Monday, "
    "with the European Union acting as mediator.\n"
    "The talks are expected to last two days, EU officials said.\n"
)


def assert_empty(fields: NegotiationFields) -> None:
    assert fields.is_negotiation is False
    lists = (
        fields.talks,
        fields.participants,
        fields.quotes,
        fields.outcomes,
        fields.deadlines,
        fields.proposals,
    )
    assert all(len(x) == 0 for x in lists)
    assert fields.extractor_version == EXTRACTOR_VERSION


def test_empty_text_is_an_empty_result_with_a_problem() -> None:
    for text in ("", "   \n\n  "):
        fields = extract_fields(text, None)
        assert_empty(fields)
        assert [p.kind for p in fields.problems] == ["empty_text"]


def test_non_english_text_is_marked_and_english_rules_do_not_run() -> None:
    text = (
        "Las delegaciones de Armenia y Azerbaiyán celebraron en Ginebra la cuarta ronda de negociaciones "
        "de paz, "
        "con la mediación de la Unión Europea, según fuentes de las dos delegaciones."
    )
    fields = extract_fields(text, dt.date(2025, 10, 14))
    assert_empty(fields)
    assert fields.language == "es"
    assert [p.kind for p in fields.problems] == ["not_english"]


def test_declared_language_is_honoured() -> None:
    fields = extract_fields(REPORT, dt.date(2025, 10, 13), language="fr")
    assert_empty(fields)
    assert fields.language == "fr"
    assert extract_fields(REPORT, dt.date(2025, 10, 13), language="en-GB").is_negotiation is True


def test_huge_text_is_truncated_not_refused() -> None:
    text = REPORT * (1_000_000 // len(REPORT) + 1)
    fields = extract_fields(text, dt.date(2025, 10, 13))
    assert fields.is_negotiation is True
    assert "text_truncated" in [p.kind for p in fields.problems]
    assert all(t.evidence.end <= MAX_TEXT_CHARS for t in fields.talks)


def test_text_without_punctuation_gives_a_partial_result() -> None:
    text = " ".join(REPORT.replace(",", " ").replace(".", " ").split()) * 3
    fields = extract_fields(text, dt.date(2025, 10, 13))
    assert fields.language == "en"
    for talk in fields.talks:
        assert text[talk.evidence.start : talk.evidence.end] == talk.evidence.sentence


def test_a_report_of_my_own_end_to_end() -> None:
    fields = extract_fields(REPORT, dt.date(2025, 10, 13))
    assert fields.is_negotiation is True and fields.language == "en"
    main = fields.talks[0]
    assert set(main.parties) == {"Armenia", "Azerbaijan"}
    assert main.mediators == ("European Union",)
    assert (main.city, main.date, main.round, main.status) == ("Geneva", dt.date(2025, 10, 13), 4, "ongoing")
    assert REPORT[main.evidence.start : main.evidence.end] == main.evidence.sentence


def test_to_schema_dict_has_exactly_the_shared_schema() -> None:
    fields = extract_fields(REPORT, dt.date(2025, 10, 13))
    d = to_schema_dict(fields, id="x1", published=dt.date(2025, 10, 13))
    assert list(d) == [
        "id", "published", "is_negotiation", "talks", "participants", "quotes", "outcomes", "deadlines",
        "proposals",
    ]  # fmt: skip
    assert d["published"] == "2025-10-13" and d["talks"][0]["date"] == "2025-10-13"
    assert set(d["talks"][0]) == {"parties", "mediators", "city", "venue", "date", "round", "status"}
    assert json.loads(json.dumps(d)) == d
    empty = to_schema_dict(extract_fields("", None), id="x2", published=None)
    assert empty["published"] is None and empty["is_negotiation"] is False and empty["talks"] == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=600), st.one_of(st.none(), st.dates()))
def test_any_text_gives_a_result_never_an_exception(text: str, published: dt.date | None) -> None:
    fields = extract_fields(text, published)
    assert isinstance(fields, NegotiationFields)
    if not fields.is_negotiation:
        assert not (fields.talks or fields.participants or fields.quotes)
    for talk in fields.talks:
        assert text[talk.evidence.start : talk.evidence.end] == talk.evidence.sentence


@pytest.mark.skipif(not SEED.is_file(), reason=f"the shared seed article is missing: {SEED}")
def test_seed_article_istanbul_round() -> None:
    text = SEED.read_text(encoding="utf-8")
    fields = extract_fields(text, dt.date(2025, 7, 23))
    assert fields.is_negotiation is True
    main = fields.talks[0]
    assert set(main.parties) == {"Russia", "Ukraine"}
    assert main.mediators == ("Turkey",)
    assert main.city == "Istanbul"
    assert main.round == 3
    assert main.venue == "Ciragan Palace"
    assert main.date == dt.date(2025, 7, 23)
    ev = main.evidence
    assert text[ev.start : ev.end] == ev.sentence
    assert "Istanbul" in ev.sentence and "Russia and Ukraine" in ev.sentence
    earlier = {t.date for t in fields.talks[1:]}
    assert {dt.date(2025, 5, 16), dt.date(2025, 6, 2)} <= earlier


@pytest.mark.skipif(not SEED.is_file(), reason=f"the shared seed article is missing: {SEED}")
def test_seed_article_every_main_field_cites_its_sentence() -> None:
    text = SEED.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    main = explain_talks(text, sentences, find_actors(text), dt.date(2025, 7, 23))[0]
    src = main.sources
    for ev in src.values():
        assert text[ev.start : ev.end] == ev.sentence
    assert "Russia and Ukraine" in src["parties"].sentence
    assert "Turkey acting as mediator" in src["mediators"].sentence
    assert "Istanbul" in src["city"].sentence
    assert "third round" in src["round"].sentence
    assert "Ciragan Palace" in src["venue"].sentence
    assert "July 23" in src["date"].sentence
