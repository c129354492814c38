"""Talks: each fixture is a report written for Parley's tests, with its expectations beside it."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from extractors.errors import ConfigError
from extractors.negotiation.actors import find_actors
from extractors.negotiation.classify import is_negotiation
from extractors.negotiation.sentences import split_sentences
from extractors.negotiation.talk_rules import TALKS_FILE, load_talk_rules
from extractors.negotiation.talks import SOURCED_FIELDS, extract_talks, find_dateline
from extractors.records import Talk

FIXTURES = Path(__file__).parent / "fixtures" / "talks"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def load(stem: str) -> tuple[str, dict[str, Any]]:
    text = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")
    expect = tomllib.loads((FIXTURES / f"{stem}.expect.toml").read_text(encoding="utf-8"))
    return text, expect


def run(text: str, published: dt.date | None) -> tuple[bool, tuple[Talk, ...]]:
    sentences = split_sentences(text)
    actors = find_actors(text)
    return is_negotiation(text, sentences, actors), extract_talks(text, sentences, actors, published)


def test_every_fixture_has_an_expectation() -> None:
    assert len(CASES) >= 10
    for stem in CASES:
        assert (FIXTURES / f"{stem}.expect.toml").is_file(), stem


@pytest.mark.parametrize("stem", CASES)
def test_is_negotiation(stem: str) -> None:
    text, expect = load(stem)
    assert run(text, expect["published"])[0] is expect["is_negotiation"]


@pytest.mark.parametrize("stem", [s for s in CASES if not s.startswith("neg_")])
def test_main_talk(stem: str) -> None:
    text, expect = load(stem)
    talks = run(text, expect["published"])[1]
    main, want = talks[0], expect["main"]
    assert set(main.parties) == set(want["parties"])
    assert set(main.mediators) == set(want.get("mediators", []))
    assert main.city == want.get("city")
    assert main.venue == want.get("venue")
    assert main.date == want.get("date")
    assert main.round == want.get("round")
    assert main.status == want["status"]
    assert text[main.evidence.start : main.evidence.end] == main.evidence.sentence
    if "evidence_contains" in want:
        assert want["evidence_contains"] in main.evidence.sentence
    other_cities = [t.city for t in talks[1:] if t.city]
    assert other_cities == expect.get("others", {}).get("cities", [])


def test_earlier_dated_meetings_become_their_own_talks() -> None:
    text = (
        "Serbia and Kosovo envoys met again in Brussels on Thursday under EU mediation.\n"
        "Earlier meetings on March 2 and April 11 produced a deal on licence plates.\n"
    )
    talks = run(text, dt.date(2024, 5, 10))[1]
    assert [t.date for t in talks] == [dt.date(2024, 5, 9), dt.date(2024, 3, 2), dt.date(2024, 4, 11)]
    assert talks[0].mediators == ("European Union",)
    assert [t.status for t in talks] == ["held", "held", "held"]
    assert talks[1].evidence.sentence.startswith("Earlier meetings")


def test_unclear_values_stay_none() -> None:
    text = "Diplomats from Peru and Chile will hold talks soon on the maritime border, officials said."
    talks = run(text, None)[1]
    assert set(talks[0].parties) == {"Peru", "Chile"}
    assert (talks[0].city, talks[0].venue, talks[0].date, talks[0].round) == (None, None, None, None)
    assert talks[0].status == "scheduled"


def test_cancelled_and_proposed_talks() -> None:
    cancelled = "Ethiopia and Egypt postponed the talks on the dam indefinitely, Ethiopian officials said."
    assert run(cancelled, dt.date(2021, 4, 6))[1][0].status == "cancelled"
    proposed = "Kenya offered to host talks between Somalia and Somaliland, its foreign ministry said."
    talk = run(proposed, dt.date(2021, 4, 6))[1][0]
    assert talk.status == "proposed"
    assert talk.mediators == ("Kenya",)
    assert set(talk.parties) == {"Somalia", "Somaliland"}


def test_dateline() -> None:
    dateline = find_dateline("GENEVA, March 20 - Envoys met.\nMore text.")
    assert dateline is not None and (dateline.city, dateline.country) == ("Geneva", "Switzerland")
    assert find_dateline("Envoys met in Geneva - and left.") is None
    for head, city in [
        ("HANOI, Vietnam (AP) — Envoys met.", "Hanoi"),
        ("NEW YORK (Reuters) - Envoys met.", "New York"),
        ("LONDON, March 3 - Envoys met.", "London"),
    ]:
        found = find_dateline(head)
        assert found is not None and found.city == city


def test_parleys_talk_rules_validate() -> None:
    rules = load_talk_rules(TALKS_FILE)
    assert rules.meeting.search("a new round of peace talks")
    assert not rules.meeting.search("a talkshow")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("pattern = '(?P<span>[^,;.()]{2,60})", "pattern = '(?P<spam>[^,;.()]{2,60})"), "has no (?P<span>"),
        (('example = "a Qatar-brokered truce"', 'example = "a truce"'), "does not match its example"),
        (('trigger = "host"', 'trigger = ""'), "empty pattern"),
        (("threshold = 4.0", 'threshold = "high"'), "threshold"),
        (("needs = '\\bas\\s+", "needs = '\\bwhile\\s+"), "needs does not match the example"),
    ],
)
def test_bad_talk_rules_raise_config_error(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    body = TALKS_FILE.read_text(encoding="utf-8")
    assert edit[0] in body
    path = tmp_path / "talks_bad.toml"
    path.write_text(body.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_talk_rules(path)
    assert "talks_bad.toml" in str(err.value) and message in str(err.value)


def test_the_dateline_of_a_wire_story_may_name_its_outlet() -> None:
    text = "KABUL, March 3 (Frontier News Service) - Afghan and Pakistani officials met in Kabul on Monday.\n"
    found = find_dateline(text)
    assert found is not None and found.city == "Kabul"


def test_an_earlier_meeting_with_date_and_place_is_one_talk() -> None:
    text = (
        "Georgian and Abkhaz negotiators resumed talks in Geneva on Tuesday, with the OSCE as mediator.\n"
        "A previous round in Vienna on May 3 ended without agreement.\n"
    )
    talks = run(text, dt.date(2024, 6, 12))[1]
    assert [(t.city, t.date, t.status) for t in talks] == [
        ("Geneva", dt.date(2024, 6, 11), "ongoing"),
        ("Vienna", dt.date(2024, 5, 3), "held"),
    ]
    assert talks[0].mediators == ("OSCE",)


def test_a_year_naming_a_deal_does_not_make_a_sentence_about_another_meeting() -> None:
    text = (
        "Iran and the United States began indirect talks in Muscat on Saturday on reviving the 2015 nuclear "
        "deal, with Oman acting as mediator.\n"
        "The two sides last met in 2018 in Vienna.\n"
    )
    talks = run(text, dt.date(2025, 4, 12))[1]
    assert (talks[0].city, talks[0].date, talks[0].mediators) == ("Muscat", dt.date(2025, 4, 12), ("Oman",))
    assert [t.city for t in talks[1:]] == ["Vienna"]


def test_a_postponed_meeting_is_cancelled_unless_a_new_date_is_given() -> None:
    published = dt.date(2024, 2, 20)
    moved = run(
        "Talks between Serbia and Kosovo in Brussels were postponed until March 5, EU officials said.",
        published,
    )
    assert (moved[1][0].date, moved[1][0].status) == (dt.date(2024, 3, 5), "scheduled")
    off = run(
        "Talks between Serbia and Kosovo in Brussels were postponed indefinitely, EU officials said.",
        published,
    )
    assert (off[1][0].date, off[1][0].status) == (None, "cancelled")


# --------------------------------------------------------------------------- per-field sources

SOURCES_TEXT = (
    "Ethiopia and Eritrea resume border talks after two-year pause\n"
    "Ethiopia and Eritrea have returned to the negotiating table over their disputed border, officials "
    "from both governments said on Wednesday.\n"
    "The delegations met in Nairobi on Monday, July 14, under the auspices of the African Union, and "
    "will meet again next month.\n"
)


def test_fields_read_from_another_sentence_name_it() -> None:
    talks = run(SOURCES_TEXT, dt.date(2025, 7, 16))[1]
    main = talks[0]
    assert (main.city, main.date, main.mediators) == ("Nairobi", dt.date(2025, 7, 14), ("African Union",))
    by_field = {s.field: s.evidence for s in main.sources}
    assert {"city", "date", "mediators"} <= set(by_field)
    for name in ("city", "date", "mediators"):
        ev = by_field[name]
        assert ev.sentence.startswith("The delegations met in Nairobi")
        assert SOURCES_TEXT[ev.start : ev.end] == ev.sentence
    assert "parties" not in by_field  # the talk's own evidence names the sides: no second copy
    assert all(
        (s.evidence.start, s.evidence.end) != (main.evidence.start, main.evidence.end) for s in main.sources
    )


def test_a_talk_told_in_one_sentence_has_no_extra_sources() -> None:
    text = "Peru and Chile held talks on their maritime border in Lima on Tuesday, mediated by Brazil.\n"
    main = run(text, dt.date(2025, 3, 5))[1][0]
    assert main.city == "Lima" and main.date == dt.date(2025, 3, 4)
    assert main.sources == ()


def test_sources_are_in_field_order_and_unique() -> None:
    main = run(SOURCES_TEXT, dt.date(2025, 7, 16))[1][0]
    names = [s.field for s in main.sources]
    assert len(names) == len(set(names))
    assert names == [f for f in SOURCED_FIELDS if f in names]
