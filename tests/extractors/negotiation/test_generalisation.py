"""Phrasing families found on held-out articles, each checked on short reports written for these tests.

The sentences here are new: they share the construction with the held-out articles, not the wording,
so a rule that only fits one article fails here.
"""

from __future__ import annotations

import datetime as dt

from extractors.negotiation import extract_fields
from extractors.negotiation.leaders import find_leaders
from extractors.records import NegotiationFields

DAY = dt.date(2024, 6, 11)


def fields(text: str, published: dt.date = DAY) -> NegotiationFields:
    return extract_fields(text, published)


# --------------------------------------------------------------------------- mediators


def test_every_state_of_a_mediator_list_cut_by_commas_is_a_mediator() -> None:
    text = (
        "Armenia and Azerbaijan resumed border talks in Almaty on Tuesday, mediated by Kazakhstan, "
        "Turkey and the European Union, diplomats said.\n"
        "Both delegations said the talks on the border commission were useful.\n"
    )
    main = fields(text).talks[0]
    assert set(main.parties) == {"Armenia", "Azerbaijan"}
    assert {"Kazakhstan", "Turkey", "European Union"} <= set(main.mediators)


def test_a_list_of_guarantor_states_before_as_guarantors_is_kept_whole() -> None:
    text = (
        "The Philippine government and the communist rebels opened a new round of peace talks in Oslo on "
        "Tuesday, with Norway, Sweden, Japan and Switzerland serving as guarantors.\n"
    )
    main = fields(text).talks[0]
    assert {"Norway", "Sweden", "Japan", "Switzerland"} <= set(main.mediators)
    assert "Japan" not in main.parties


def test_a_broker_named_in_a_separate_matter_is_not_the_main_meetings_mediator() -> None:
    text = (
        "Serbia and Kosovo negotiators met in Brussels on Tuesday for talks on licence plates, mediated "
        "by the European Union.\n"
        "Separately, the two governments completed an exchange of prisoners brokered by the United Nations "
        "last month.\n"
    )
    main = fields(text).talks[0]
    assert main.mediators == ("European Union",)


# --------------------------------------------------------------------------- sides


def test_a_demonym_delegation_is_a_side_and_the_city_of_the_meeting_is_not() -> None:
    text = (
        "An Emirati delegation arrived in Sudan's capital Khartoum on Tuesday for talks with the "
        "Rapid Support Forces on a humanitarian truce.\n"
        "The Emirati team met RSF commanders at a hotel near Khartoum airport, officials said.\n"
        "The negotiations are expected to last two days, a spokesman for the delegation said.\n"
    )
    main = fields(text).talks[0]
    assert "United Arab Emirates" in main.parties
    assert "Rapid Support Forces" in main.parties
    assert "Sudan" not in main.parties
    assert main.city == "Khartoum"


def test_a_lone_leader_surname_that_starts_someone_elses_name_is_no_leader() -> None:
    text = "Macron Dupont, a trade unionist, met Macron in Paris."
    found = [(m.surface, m.canonical) for m in find_leaders(text)]
    assert found == [("Macron", "France")]


def test_an_opposition_alliance_is_a_side() -> None:
    text = (
        "Venezuela's government and the Unitary Platform resumed negotiations in Barbados on Tuesday, with "
        "Norway as facilitator.\n"
        "The two delegations are discussing the conditions for next year's election, diplomats said.\n"
        "The talks had been frozen since the government walked away from the negotiating table.\n"
    )
    main = fields(text).talks[0]
    assert set(main.parties) == {"Venezuela", "Unitary Platform"}
    assert "Norway" in main.mediators


# --------------------------------------------------------------------------- people


def test_a_state_abbreviation_opening_a_title_gives_the_affiliation() -> None:
    text = (
        "Russia and the United States held talks in Riyadh on Tuesday.\n"
        "Russian Foreign Minister Sergei Lavrov led Moscow's delegation, while US national security "
        "adviser Mike Waltz headed the American team.\n"
    )
    people = {p.name: p.affiliation for p in fields(text).participants}
    assert people.get("Mike Waltz") == "United States"


def test_an_intelligence_service_stands_for_its_state_in_a_title() -> None:
    text = (
        "Hostage talks between Israel and Hamas resumed in Doha on Tuesday, mediated by Qatar and Egypt.\n"
        "The Israeli delegation arrived on Monday evening.\n"
        "CIA Director William Burns joined the talks on Tuesday to press for a deal, officials said.\n"
    )
    people = {p.name: p.affiliation for p in fields(text).participants}
    assert people.get("William Burns") == "United States"


def test_who_heads_the_delegation_makes_a_bare_name_a_participant() -> None:
    text = (
        "Colombia's government and the ELN rebels resumed peace talks in Caracas on Tuesday.\n"
        "Israel Ramirez, who heads the rebel negotiating panel, said the talks would focus on a truce.\n"
        "The delegations are expected to negotiate for ten days, officials said.\n"
    )
    names = [p.name for p in fields(text).participants]
    assert "Israel Ramirez" in names


# --------------------------------------------------------------------------- outcomes and proposals


def test_a_cessation_of_hostilities_is_a_ceasefire() -> None:
    text = (
        "South Sudan's government and rebel groups signed a cessation of hostilities in Addis Ababa on "
        "Tuesday after peace talks mediated by IGAD.\n"
        "The negotiations had dragged on for three weeks, delegates said.\n"
        "Both delegations agreed to meet again next month to discuss power-sharing.\n"
    )
    assert "ceasefire" in {o.type for o in fields(text).outcomes}


def test_the_release_sought_in_an_effort_to_broker_a_pause_is_no_outcome() -> None:
    text = (
        "Mediators met in Cairo on Tuesday in a fresh bid to broker a truce and the release of hostages "
        "held in Gaza, officials said.\n"
    )
    assert "hostage_release" not in {o.type for o in fields(text).outcomes}


def test_commanders_due_to_meet_after_the_talks_is_a_next_round() -> None:
    text = (
        "The foreign ministers of India and China held talks in Moscow on Tuesday on the border standoff.\n"
        "The negotiations ended without a deal on troop withdrawals, diplomats said.\n"
        "Military commanders of the two countries are due to meet next week, the ministries said.\n"
    )
    assert "next_round_agreed" in {o.type for o in fields(text).outcomes}


def test_a_staged_plan_is_a_peace_plan_and_an_offer_of_support_is_no_proposal() -> None:
    text = (
        "Israel and Hamas negotiators held ceasefire talks in Doha on Tuesday, mediated by Qatar.\n"
        "The negotiations on a hostage deal continued late into the night, diplomats said.\n"
        "Hamas put forward a four-stage plan ending with a full withdrawal, officials said.\n"
        '"Qatar will offer all the help needed to reach a deal," said Majed al-Ansari, a Qatari '
        "foreign ministry spokesman.\n"
    )
    types = [p.type for p in fields(text).proposals]
    assert "peace_plan" in types
    assert all("help" not in p.detail for p in fields(text).proposals)


# --------------------------------------------------------------------------- status and venue


def test_a_meeting_of_the_day_that_people_spoke_after_is_held() -> None:
    text = (
        "Japan and South Korea held talks on export controls in Seoul on Tuesday.\n"
        '"We had a frank exchange of views," the Japanese envoy told reporters after the meeting.\n'
    )
    assert fields(text).talks[0].status == "held"


def test_a_venue_name_that_goes_on_with_of_is_kept_whole() -> None:
    text = (
        "Egypt and Ethiopia resumed negotiations on the Nile dam at the Palace of Nations in Geneva on "
        "Tuesday.\n"
        "The delegations are meeting under the auspices of the African Union, diplomats said.\n"
        "The talks are expected to last three days.\n"
    )
    assert fields(text).talks[0].venue == "Palace of Nations"
