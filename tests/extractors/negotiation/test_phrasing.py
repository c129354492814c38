"""Families of phrasing that real reports use for dates, status, sides, roles and non-negotiations.

Each case is a short report written for these tests; the expectation is what a reader would say.
"""

from __future__ import annotations

import datetime as dt

from extractors.negotiation import extract_fields
from extractors.negotiation.actors import find_actors
from extractors.negotiation.dates import find_dates
from extractors.records import NegotiationFields


def fields(text: str, published: dt.date) -> NegotiationFields:
    return extract_fields(text, published)


# --------------------------------------------------------------------------- dates


def test_a_weekday_before_a_calendar_date_only_names_that_date() -> None:
    # future tense elsewhere must not push "Friday, March 14" to next year or next Friday
    found = find_dates("Talks that opened on Friday, March 14, will resume soon.", dt.date(2025, 3, 18))
    assert [(d.phrase, d.date) for d in found] == [("March 14", dt.date(2025, 3, 14))]


def test_the_weekday_picks_the_year_of_a_bare_calendar_date() -> None:
    found = find_dates("the summit on Monday, January 6", dt.date(2025, 12, 30), future=True)
    assert [d.date for d in found] == [dt.date(2025, 1, 6)]  # a Monday in 2025, not in 2026


def test_a_round_that_ended_its_third_day_began_two_days_earlier() -> None:
    text = (
        "Ethiopian and Egyptian negotiators in Addis Ababa ended a third day of talks on Wednesday "
        "without a deal on the dam, officials said.\n"
    )
    main = fields(text, dt.date(2025, 4, 16)).talks[0]
    assert main.date == dt.date(2025, 4, 14)
    assert main.status == "ongoing"


def test_days_of_talks_that_ended_count_back_to_the_first_day() -> None:
    text = "Peru and Chile concluded three days of maritime talks in Lima on Friday with a joint statement.\n"
    main = fields(text, dt.date(2025, 5, 10)).talks[0]
    assert main.date == dt.date(2025, 5, 7)


def test_a_date_after_took_place_dates_the_meeting_however_far_the_meeting_word() -> None:
    text = (
        "Greek and Turkish diplomats held a round of talks on their maritime dispute, the first in a year, "
        "that took place in Athens on Tuesday, both foreign ministries said.\n"
    )
    main = fields(text, dt.date(2025, 6, 5)).talks[0]
    assert main.date == dt.date(2025, 6, 3)


# --------------------------------------------------------------------------- status


def test_a_meeting_that_was_due_and_was_postponed_is_cancelled() -> None:
    text = (
        "Norway has postponed talks between Colombian government and ELN negotiators that were scheduled "
        "to open in Oslo on Monday, the foreign ministry said.\n"
        "No new date has been set.\n"
    )
    main = fields(text, dt.date(2025, 9, 5)).talks[0]
    assert main.status == "cancelled"


def test_a_meeting_postponed_to_a_new_day_is_scheduled() -> None:
    text = "Peru and Chile postponed their border talks until Thursday, when negotiators will meet in Lima.\n"
    main = fields(text, dt.date(2025, 9, 1)).talks[0]
    assert main.status == "scheduled"


def test_todays_meeting_is_ongoing_unless_the_text_says_how_it_ended() -> None:
    under_way = (
        "Indian and Chinese commanders met at the border post of Chushul on Sunday for a new round of "
        "talks on disengagement, and the meeting is being held behind closed doors.\n"
    )
    finished = (
        "Indian and Chinese commanders held a new round of border talks at Chushul on Sunday and agreed to "
        "pull back troops, the two delegations said.\n"
    )
    assert fields(under_way, dt.date(2025, 8, 10)).talks[0].status == "ongoing"
    assert fields(finished, dt.date(2025, 8, 10)).talks[0].status == "held"


# --------------------------------------------------------------------------- sides and mediators


def test_a_listed_group_of_states_is_one_side_of_the_talks() -> None:
    text = (
        "North Korea and three of its neighbours ended a round of talks in Stockholm on Monday.\n"
        "The meeting between North Korean envoys and officials from Japan, South Korea and Russia was "
        "hosted by Sweden.\n"
        "North Korea's delegation said the talks were useful.\n"
    )
    main = fields(text, dt.date(2025, 2, 4)).talks[0]
    assert set(main.parties) == {"North Korea", "Japan", "South Korea", "Russia"}
    assert main.mediators == ("Sweden",)


def test_states_named_before_which_have_hosted_are_mediators() -> None:
    text = (
        "Negotiators for Ethiopia and Tigray's leaders resumed peace talks in Pretoria on Monday.\n"
        "South Africa and Kenya, which have mediated between the two sides since last year, urged them "
        "to keep the truce.\n"
    )
    main = fields(text, dt.date(2025, 3, 4)).talks[0]
    assert {"South Africa", "Kenya"} <= set(main.mediators)


def test_a_named_war_is_no_side() -> None:
    mentions = find_actors("Veterans of the Korean War and the Vietnam War met in Seoul.")
    assert {a.canonical for a in mentions if a.kind != "city"} == set()


def test_a_capital_opening_a_longer_name_is_not_its_government() -> None:
    mentions = find_actors("Tourists crowded the Beijing Olympics park while Moscow says it will reply.")
    assert [(a.surface, a.kind) for a in mentions] == [("Moscow", "metonym")]


# --------------------------------------------------------------------------- people


def test_a_role_set_off_by_commas_before_the_name_makes_a_participant() -> None:
    text = (
        "Serbia and Kosovo resumed EU-mediated talks on normalising relations in Brussels on Monday.\n"
        "The EU's envoy for the dialogue, Anna Berglund, said both sides had shown goodwill. "
        '"We are closer than we were a month ago," Berglund said.\n'
    )
    f = fields(text, dt.date(2025, 10, 7))
    people = {p.name: p for p in f.participants}
    assert people["Anna Berglund"].affiliation == "European Union"
    assert [(q.speaker, q.text) for q in f.quotes] == [
        ("Anna Berglund", "We are closer than we were a month ago,")
    ]


def test_a_role_after_whose_belongs_to_the_body_named_before_it() -> None:
    text = (
        "Armenia and Azerbaijan met in Geneva on Friday for peace talks convened by the United Nations, "
        "whose coordinator for the process, Lars Eklund, chaired the session.\n"
    )
    people = {p.name: p for p in fields(text, dt.date(2025, 11, 8)).participants}
    assert people["Lars Eklund"].affiliation == "United Nations"


def test_an_object_before_a_name_is_not_its_role() -> None:
    text = (
        "China and the United States resumed trade talks in London on Monday.\n"
        "In a letter to the president in March, Dana Whitlow, head of a farmers' group, asked for relief.\n"
    )
    people = {p.name: p for p in fields(text, dt.date(2025, 6, 10)).participants}
    assert "Dana Whitlow" not in people or people["Dana Whitlow"].role != "president in March"


# --------------------------------------------------------------------------- not negotiations


def test_a_market_report_citing_trade_talks_is_not_about_them() -> None:
    text = (
        "Oil prices slip as traders weigh US-China trade talks\n"
        "Oil prices fell on Monday as traders weighed the prospects of US-China trade talks, with Brent "
        "crude futures down 1.2% to $71.40 per barrel.\n"
        "Stocks on Wall Street were mixed and investors bought bonds; bond yields dipped.\n"
        "The trade war between the two largest economies has hit demand, and tariffs weigh on growth.\n"
    )
    assert fields(text, dt.date(2025, 6, 2)).is_negotiation is False


def test_an_impeachment_hearing_about_an_envoy_is_not_a_negotiation() -> None:
    text = (
        "Envoy tells impeachment inquiry of pressure on Ukraine\n"
        "The U.S. ambassador to the European Union testified on Wednesday in the impeachment inquiry that "
        "aid to Ukraine was tied to investigations.\n"
        "In his testimony the ambassador said the envoy to Ukraine had raised the matter with diplomats.\n"
        "A whistleblower complaint first described the call, and lawmakers issued a subpoena.\n"
    )
    assert fields(text, dt.date(2019, 11, 20)).is_negotiation is False


def test_bare_congo_is_the_drc_and_the_republic_is_written_out() -> None:
    def states(text: str) -> list[str]:
        return [a.canonical for a in find_actors(text)]

    assert states("Rwanda and Congo signed the accord.") == ["Rwanda", "Democratic Republic of the Congo"]
    assert states("Gabon and the Republic of Congo met.") == ["Gabon", "Republic of the Congo"]
    assert states("Congo-Brazzaville hosted them.") == ["Republic of the Congo"]
