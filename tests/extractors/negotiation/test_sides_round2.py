"""Sides, brokers, rounds and places of the main meeting: the second round of error families.

Every report here was written for these tests in wire, broadcast or explainer style; each family has
several phrasings and counter-examples that must keep the earlier answer.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from extractors.errors import ConfigError
from extractors.negotiation.actors import find_actors
from extractors.negotiation.other_talks import signing_instead, signing_pattern
from extractors.negotiation.sentences import split_sentences
from extractors.negotiation.talk_rules import talk_rules
from extractors.negotiation.talks import extract_talks
from extractors.negotiation.venues import hotel_names
from extractors.records import Talk

DAY = dt.date(2025, 5, 6)


def main_talk(text: str, published: dt.date = DAY) -> Talk:
    """The main meeting of a short report (the negotiation classifier is tested elsewhere)."""
    talks = extract_talks(text, split_sentences(text), find_actors(text), published)
    assert talks, f"no talk found in {text!r}"
    return talks[0]


# ------------------------------------------------------------------------ a people's movements as the sides


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        (
            "Palestinian factions, led by Fatah and Hamas, signed a unity declaration in Cairo on Monday "
            "after two days of talks. Fatah and Hamas delegates said the talks were frank. Palestinian "
            "analysts were sceptical of the deal.",
            {"Fatah", "Hamas"},
        ),
        (
            "Hamas and Fatah opened reconciliation talks in Cairo on Monday, the latest Palestinian attempt "
            "to end the split. Palestinian officials close to the talks said Hamas wanted elections first, "
            "while Fatah wanted a unity government. Palestinian commentators called it a last chance.",
            {"Fatah", "Hamas"},
        ),
    ],
)
def test_a_demonym_does_not_outrank_its_own_movements(text: str, sides: set[str]) -> None:
    assert set(main_talk(text).parties) == sides


def test_a_government_named_as_such_keeps_its_place_beside_a_movement() -> None:
    text = (
        "The Afghan government and the Taliban opened peace talks in Doha on Monday. Afghan government "
        "negotiators said the talks would be long. The Taliban said it wanted a ceasefire deal first."
    )
    assert set(main_talk(text).parties) == {"Afghanistan", "Taliban"}


# --------------------------------------------------------------------------- a bloc as a side


@pytest.mark.parametrize(
    "text",
    [
        "ECOWAS envoys met the junta in Niamey on Monday. The team from ECOWAS was received by junta "
        "representatives at the airport. ECOWAS leaders meeting in Abuja had given Niger a week to restore "
        "the president. Nigerian President Bola Tinubu, the bloc's chairman, said talks came first.",
        "An ECOWAS delegation held talks with Niger's military rulers in Niamey on Monday. The ECOWAS "
        "delegation pressed Niger to free the president. ECOWAS summit talks in Abuja will weigh sanctions.",
    ],
)
def test_a_bloc_that_sends_envoys_to_a_state_is_a_side(text: str) -> None:
    talk = main_talk(text)
    assert set(talk.parties) == {"ECOWAS", "Niger"}
    assert "ECOWAS" not in talk.mediators
    assert "Nigeria" not in talk.parties


def test_a_bloc_that_hosts_its_members_talks_stays_the_host() -> None:
    text = (
        "Coffee producers and consumers resumed talks at the ICO on Monday. The ICO talks in London aim to "
        "revive export quotas. Brazil and Colombia said the talks were difficult."
    )
    talk = main_talk(text)
    assert "International Coffee Organization" in talk.mediators
    assert "International Coffee Organization" not in talk.parties


def test_a_firm_based_in_a_city_does_not_place_the_meeting() -> None:
    text = (
        "Armenia and Azerbaijan held peace talks in Almaty on Monday. Armenian and Azerbaijani ministers "
        "met for six hours. The talks were useful, said an analyst at a Moscow-based think tank."
    )
    assert main_talk(text).city == "Almaty"


# --------------------------------------------------------------------------- brokers of the main meeting only


@pytest.mark.parametrize(
    "text",
    [
        "Greek Cypriot and Turkish Cypriot leaders resumed talks under UN auspices in Geneva on Monday. "
        "Greece and Turkey sent delegations to the talks.",
        "Greece and Turkey held talks in Geneva under the chairmanship of the United Nations on Monday. "
        "Greek and Turkish officials said the talks went well.",
        "UN Secretary-General Antonio Guterres chaired the conference between Greece and Turkey in Geneva "
        "on Monday. Greek and Turkish officials said the talks went well.",
    ],
)
def test_a_un_chair_or_auspices_makes_the_un_a_mediator(text: str) -> None:
    assert "United Nations" in main_talk(text).mediators


@pytest.mark.parametrize(
    "text",
    [
        "Venezuela freed ten Americans on Monday in a swap with the United States brokered by Qatar, after "
        "months of talks between US and Venezuelan officials in Doha. The swap builds on an agreement "
        "signed in Barbados between the Maduro government and the opposition Unitary Platform, under "
        "Norwegian mediation.",
        "Congo and the M23 rebels signed a declaration in Doha on Monday after Qatari-mediated talks. It "
        "follows a separate peace agreement between Congo and Rwanda, signed in Washington at a ceremony "
        "brokered by the United States.",
    ],
)
def test_the_broker_of_another_pairs_deal_is_not_the_main_mediator(text: str) -> None:
    talk = main_talk(text)
    assert "Qatar" in talk.mediators
    assert not {"Norway", "United States"} & set(talk.mediators)


def test_a_broker_between_the_main_sides_is_kept() -> None:
    text = (
        "Saudi and Houthi negotiators held talks in Sanaa on Monday. Oman, which has mediated between "
        "Riyadh and the Houthis for months, sent a delegation of its own."
    )
    assert "Oman" in main_talk(text).mediators


def test_the_host_of_an_earlier_meeting_is_not_the_main_mediator() -> None:
    text = (
        "Armenian and Azerbaijani foreign ministers held peace talks in Almaty on Monday, hosted by "
        "Kazakhstan. The Almaty meeting was the first since the two men met in Berlin on Feb. 28 at a "
        "session hosted by German Foreign Minister Annalena Baerbock."
    )
    talk = main_talk(text)
    assert "Kazakhstan" in talk.mediators
    assert "Germany" not in talk.mediators


def test_an_earlier_deals_patron_is_not_the_main_mediator() -> None:
    text = (
        "Fatah and Hamas signed a unity declaration in Beijing on Monday after talks hosted by China. "
        "Before that, the two movements had signed in Algiers on 13 October 2022 a similar declaration "
        "under the patronage of the Algerian president."
    )
    talk = main_talk(text)
    assert "China" in talk.mediators
    assert "Algeria" not in talk.mediators


def test_a_called_off_meeting_has_no_host_named_only_elsewhere() -> None:
    text = (
        "President Trump said on Monday he had called off a secret meeting with Taliban leaders that was "
        "due to take place at Camp David, the presidential retreat in Maryland, on Sunday. Taliban "
        "officials said a Qatari-hosted signing ceremony had been under discussion."
    )
    talk = main_talk(text)
    assert talk.status == "cancelled"
    assert talk.mediators == ()


def test_a_called_off_meeting_keeps_the_host_its_own_sentence_names() -> None:
    text = (
        "Talks between Serbia and Kosovo in Brussels, hosted by the European Union, were postponed on "
        "Monday. EU officials said no new date had been set."
    )
    talk = main_talk(text)
    assert talk.status == "cancelled"
    assert "European Union" in talk.mediators


# --------------------------------------------------------------------------- the main meeting's own round


@pytest.mark.parametrize(
    "text",
    [
        "President Trump said on Monday he had called off a meeting with Taliban leaders at Camp David on "
        "Sunday. The ninth round of those talks began in Doha on 22 August and ended a week later.",
        "Fatah and Hamas signed a unity declaration in Beijing on Monday after three days of talks. The two "
        "movements had met in Beijing in April in a first round of talks.",
        "Armenia and Azerbaijan held talks in Almaty on Monday. It was the first ministerial round since the "
        "two men met in Berlin.",
    ],
)
def test_the_round_of_another_meeting_is_not_the_main_round(text: str) -> None:
    assert main_talk(text).round is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Iran and the United States held a third round of talks in Muscat on Monday.", 3),
        (
            "US and Chinese negotiators ended two days of talks in Stockholm, "
            "the third such meeting since May.",
            3,
        ),
        ("Kim Jong Un arrived in Hanoi on Monday for his second summit with the United States.", 2),
        (
            "The talks, which had been postponed twice, opened in Geneva on Monday for a third round between "
            "Armenia and Azerbaijan.",
            3,
        ),
    ],
)
def test_the_main_meetings_own_round_is_kept(text: str, number: int) -> None:
    assert main_talk(text).round == number


# --------------------------------------------------------------------------- venue or city


@pytest.mark.parametrize(
    "text",
    [
        "US and Taliban negotiators were due to meet at Camp David, the presidential retreat, on Sunday, but "
        "President Trump cancelled the meeting on Monday.",
        "Israeli and Egyptian leaders held talks at Camp David on Monday.",
    ],
)
def test_camp_david_is_a_venue_not_a_city(text: str) -> None:
    talk = main_talk(text)
    assert talk.venue == "Camp David"
    assert talk.city is None


@pytest.mark.parametrize(
    ("text", "venue", "city"),
    [
        (
            "After twelve hours behind closed doors at the Ritz-Carlton in Riyadh on Monday, American and "
            "Russian negotiators emerged with a deal on Black Sea shipping.",
            "Ritz-Carlton",
            "Riyadh",
        ),
        (
            "The ECOWAS team spent several hours at Niamey's Diori Hamani International Airport, where it "
            "was received by Niger's junta. ECOWAS and Niger held no talks in the capital.",
            "Diori Hamani International Airport",
            "Niamey",
        ),
    ],
)
def test_a_hotel_or_airport_is_the_venue_and_its_town_the_city(text: str, venue: str, city: str) -> None:
    talk = main_talk(text)
    assert talk.venue == venue
    assert talk.city == city


# --------------------------------------------------------------------------- an explainer's scheduled signing

EXPLAINER = dt.date(2025, 6, 12)


def test_a_scheduled_signing_is_the_main_meeting_of_an_explainer() -> None:
    text = (
        "Explained: what the border deal says. The two prime ministers met in Davos on January 22 and "
        "their foreign ministers held talks in Vienna in the spring. The foreign ministers are due to sign "
        "the agreement on Sunday in the lakeside village of Psarades."
    )
    talk = main_talk(text, EXPLAINER)
    assert talk.city == "Psarades"
    assert talk.status == "scheduled"
    assert talk.date == dt.date(2025, 6, 15)


def test_a_signing_after_recent_talks_does_not_replace_them() -> None:
    text = (
        "Armenian and Azerbaijani negotiators met in Abu Dhabi on Tuesday and agreed on the text of a peace "
        "treaty. The foreign ministers will sign the treaty on Sunday in Washington."
    )
    talk = main_talk(text, EXPLAINER)
    assert talk.city == "Abu Dhabi"
    assert talk.date == dt.date(2025, 6, 10)


def test_a_signing_sentence_without_a_date_is_no_meeting() -> None:
    text = (
        "The two prime ministers met in Davos on January 22. The ministers will sign the agreement once "
        "parliament approves it."
    )
    sentences = split_sentences(text)
    assert signing_instead(sentences, [0], dt.date(2025, 1, 22), EXPLAINER, talk_rules()) is None


# --------------------------------------------------------------------------- the city's country as host


def test_an_organisations_talks_in_a_city_do_not_make_its_country_a_host() -> None:
    text = (
        "Yemen's government and the Houthis began talks on a prisoner exchange in Geneva on Monday under "
        "the auspices of the United Nations and the Red Cross. Swiss officials said the talks were closed "
        "to the press."
    )
    talk = main_talk(text)
    assert "United Nations" in talk.mediators
    assert "Switzerland" not in talk.mediators


def test_a_citys_country_that_acts_hosts_talks_no_organisation_runs() -> None:
    text = (
        "Iranian and US negotiators held indirect talks in Muscat on Monday. Omani officials carried "
        "messages between the two delegations."
    )
    assert "Oman" in main_talk(text).mediators


# --------------------------------------------------------------------------- the data files are checked


def test_the_shipped_signing_pattern_and_hotel_names_load() -> None:
    assert signing_pattern().search("the accord will be signed next week in Paris")
    assert not signing_pattern().search("the ministers signed the accord last week")
    assert hotel_names().search("talks at the Sheraton hotel in Cairo")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[other_talk]\nsigning = ''\n", "other_talk.signing: empty pattern"),
        ("[other_talk]\nsigning = '(unclosed'\nsigning_example = 'x'\n", "other_talk.signing: bad pattern"),
        (
            "[other_talk]\nsigning = 'will sign'\nsigning_example = 'they signed'\n",
            "other_talk.signing: pattern does not match its example",
        ),
    ],
)
def test_a_bad_signing_pattern_names_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad_talks.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"bad_talks.toml: {message}")):
        signing_pattern(path)


@pytest.mark.parametrize("body", ["[venue]\nhotel_brands = []\n", "[venue]\nhotel_brands = ['sheraton']\n"])
def test_a_bad_hotel_list_names_the_file(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad_venues.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape("bad_venues.toml: venue.hotel_brands")):
        hotel_names(path)


@pytest.mark.parametrize(
    "text",
    [
        "Yemen's government and the Houthis held talks at the UN in Geneva on Monday. UN envoy Hans "
        "Grundberg said the talks were constructive. UN officials said the talks would go on.",
        "Yemeni and Houthi delegations met at the United Nations in Geneva on Monday. A UN envoy said "
        "both sides had engaged seriously.",
    ],
)
def test_a_un_envoy_does_not_make_the_un_a_side(text: str) -> None:
    assert "United Nations" not in main_talk(text).parties


def test_the_broker_since_the_process_began_is_kept() -> None:
    text = (
        "Congo and the M23 rebels held talks on Monday. Since talks began in March under Qatari "
        "mediation, both sides have freed prisoners."
    )
    assert "Qatar" in main_talk(text).mediators


def test_a_bloc_that_sets_a_state_an_ultimatum_is_a_side() -> None:
    text = (
        "Niger's junta rejected the ECOWAS ultimatum on Monday, two days before it expires. ECOWAS summit "
        "talks in Abuja weighed sanctions on Niger, and Niger said it would not attend the talks."
    )
    talk = main_talk(text)
    assert "ECOWAS" in talk.parties
    assert "ECOWAS" not in talk.mediators
