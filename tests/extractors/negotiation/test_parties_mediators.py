"""Who sits at the table and who brokers it: error families of ``talk.parties`` and ``talk.mediators``.

Each family is checked on short reports written for these tests in wire and broadcast style, with
several phrasings and counter-examples that must not change the answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.errors import ConfigError
from extractors.negotiation import extract_fields
from extractors.negotiation.actors import find_actors, home_country, is_forum, parent_org
from extractors.negotiation.gazetteer import load_gazetteer
from extractors.records import Talk

DAY = dt.date(2025, 5, 6)


def main_talk(text: str) -> Talk:
    fields = extract_fields(text, DAY)
    assert fields.talks, f"no talk found in {text!r}"
    return fields.talks[0]


# --------------------------------------------------------------------------- names that hold an actor's name


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The men were handed over, an official told Agence France-Presse.", "France"),
        ("Two professors at the American University of Kabul were freed.", "Afghanistan"),
        ("Ships crossed the South China Sea on Monday.", "China"),
        ("Storms over the Indian Ocean delayed the flight.", "India"),
        ("The Voice of America reported the talks.", "United States"),
    ],
)
def test_a_name_that_holds_an_actors_name_is_not_a_mention_of_it(text: str, absent: str) -> None:
    assert absent not in {a.canonical for a in find_actors(text)}


def test_the_actor_outside_a_blocked_name_is_still_found() -> None:
    found = [
        a.canonical for a in find_actors("France said it would talk to China about the South China Sea.")
    ]
    assert found == ["France", "China"]


# --------------------------------------------------------------------------- new actors


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("the Moro Islamic Liberation Front", "Moro Islamic Liberation Front"),
        ("MILF", "Moro Islamic Liberation Front"),
        ("the Pakistani Taliban", "Tehrik-i-Taliban Pakistan"),
        ("the Congo River Alliance", "M23"),
        ("the Oromo Liberation Army", "Oromo Liberation Army"),
        ("SPLM-IO", "SPLM-IO"),
        ("the Organization of American States", "Organization of American States"),
        ("Sant'Egidio", "Community of Sant'Egidio"),
    ],
)
def test_negotiating_groups_and_bodies_are_known(surface: str, canonical: str) -> None:
    assert [a.canonical for a in find_actors(f"Officials said {surface} would attend.")] == [canonical]


def test_forums_homes_and_parent_bodies_are_read_from_the_gazetteer() -> None:
    assert is_forum("World Trade Organization") and is_forum("ASEAN")
    assert not is_forum("European Union") and not is_forum("International Atomic Energy Agency")
    assert home_country("Houthis") == "Yemen"
    assert home_country("Russia") is None
    assert parent_org("UNCTAD") == "United Nations"
    assert parent_org("United Nations") is None


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ('[[organisations]]\nname = "Club"\naliases = []\nforum = "yes"\n', "forum must be"),
        ('[[armed_groups]]\nname = "Band"\naliases = []\nhome = "XX"\n', "unknown country code"),
        (
            '[[organisations]]\nname = "Body"\naliases = []\npart_of = "Nowhere"\n',
            "not a listed organisation",
        ),
        ('[not_actors]\nnames = ["France"]\n', "is an actor's own name"),
    ],
)
def test_bad_new_gazetteer_fields_raise_config_error(tmp_path: Path, snippet: str, message: str) -> None:
    path = tmp_path / "actors.toml"
    path.write_text("[countries]\nskip = []\n\n" + snippet, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_gazetteer(path)


# --------------------------------------------------------------------------- sides


def test_the_hostages_nationality_is_not_a_side() -> None:
    text = (
        "Taliban free American and Australian hostages in prisoner swap\n"
        "Two hostages, an American and an Australian, were released by the Taliban on Tuesday in exchange "
        "for three insurgents freed by the Afghan government.\n"
        "The US hostages were handed over to US forces, officials said.\n"
        "The Afghan government said the swap could open the way to direct talks with the Taliban.\n"
    )
    assert set(main_talk(text).parties) == {"Taliban", "Afghanistan"}


def test_a_capital_followed_by_a_verb_is_the_government_acting() -> None:
    text = (
        "Seoul offers talks to Pyongyang\n"
        "Seoul proposed high-level talks with Pyongyang on Tuesday, days after Washington criticised "
        "the North's missile tests.\n"
        "Pyongyang responded that it would study the offer, and Seoul welcomed the reply.\n"
        "US officials said Washington supported the talks.\n"
    )
    assert set(main_talk(text).parties) == {"South Korea", "North Korea"}


def test_a_capital_followed_by_a_place_noun_is_still_a_place() -> None:
    text = (
        "Saudi envoys in Yemen for talks with the Houthis\n"
        "A Saudi delegation landed at Sanaa airport on Sunday for talks with the Houthis on a truce.\n"
        "The Saudi team and Houthi negotiators met for a second day, Houthi officials said.\n"
    )
    assert set(main_talk(text).parties) == {"Saudi Arabia", "Houthis"}


@pytest.mark.parametrize(
    "middle",
    [
        "Hamas, which does not negotiate directly with Israel, passed its answer to the mediators.",
        "Hamas has refused to negotiate with Israel face to face, passing its answer to the mediators.",
    ],
)
def test_an_actor_that_negotiates_with_another_is_a_side(middle: str) -> None:
    text = (
        "Ceasefire push in Cairo\n"
        "Delegations from Israel, Egypt, Qatar and the United States met in Cairo on Tuesday to push for a "
        "truce in Gaza.\n"
        f"{middle}\n"
        "Egyptian and Qatari mediators said the talks would go on.\n"
    )
    parties = main_talk(text).parties
    assert "Hamas" in parties and "Israel" in parties


def test_negotiating_with_does_not_reach_over_a_place() -> None:
    text = (
        "An Emirati delegation arrived in Sudan's capital on Tuesday for talks with the Rapid Support "
        "Forces on a truce.\n"
        "The Emirati team met RSF commanders at a hotel, officials said.\n"
    )
    parties = main_talk(text).parties
    assert "Sudan" not in parties
    assert "United Arab Emirates" in parties


def test_a_bracketed_short_form_is_not_counted_twice() -> None:
    text = (
        "Coffee talks collapse\n"
        "The International Coffee Organization (ICO) talks on export quotas ended without agreement on "
        "Monday, delegates said.\n"
        "Brazil and the United States blamed each other for the breakdown of the talks.\n"
        "Brazilian delegates said the U.S. position was rigid.\n"
    )
    talk = main_talk(text)
    assert set(talk.parties) == {"Brazil", "United States"}
    assert talk.mediators == ("International Coffee Organization",)


# --------------------------------------------------------------------------- forums


@pytest.mark.parametrize(
    ("sentence", "forum"),
    [
        (
            "Trade ministers resumed negotiations at the World Trade Organization on Monday.",
            "World Trade Organization",
        ),
        ("Ministers gathered for the ASEAN summit on Monday.", "ASEAN"),
        ("Delegates said the OPEC meeting on Monday would discuss output.", "OPEC"),
    ],
)
def test_a_membership_body_framing_the_talks_hosts_them(sentence: str, forum: str) -> None:
    text = (
        "Trade talks resume\n"
        f"{sentence}\n"
        "India and Indonesia led the opposition to the draft agreement in the negotiations, while Brazil "
        "backed it, delegates said.\n"
        "Negotiators from India and Brazil met again on Tuesday, but no agreement was reached.\n"
    )
    assert forum in main_talk(text).mediators


@pytest.mark.parametrize(
    "sentence",
    [
        "The EU-ASEAN talks on a trade pact opened in Brussels on Monday.",
        "The ASEAN talks with China on a code of conduct opened on Monday.",
    ],
)
def test_a_body_written_as_a_side_is_not_the_host(sentence: str) -> None:
    text = f"Talks open\n{sentence}\nBoth sides said the negotiations would take a week.\n"
    assert "ASEAN" not in main_talk(text).mediators


def test_a_body_that_is_no_forum_is_not_made_a_host() -> None:
    text = (
        "IMF talks with Pakistan\n"
        "The IMF talks with Pakistan on a new loan resumed in Islamabad on Monday, officials said.\n"
        "Pakistani officials said the IMF wanted new taxes.\n"
    )
    assert "International Monetary Fund" not in main_talk(text).mediators


def test_a_body_of_the_un_named_with_the_un_is_the_mediator_alone() -> None:
    text = (
        "Cocoa pact talks\n"
        "Negotiators at a United Nations conference on a new cocoa pact agreed on price ranges on Friday.\n"
        "The conference, under the auspices of the U.N. Conference on Trade and Development (UNCTAD), "
        "resumes next week.\n"
        "Ghana and Ivory Coast led the producers, while the European Union spoke for consumers.\n"
    )
    talk = main_talk(text)
    assert "UNCTAD" in talk.mediators
    assert "United Nations" not in talk.mediators


# --------------------------------------------------------------------------- brokers and hosts


@pytest.mark.parametrize(
    ("sentence", "mediator"),
    [
        ("The UN envoy convened talks between the government and the rebels in Geneva.", "United Nations"),
        ("Kenya brokered a new round of talks between the two sides.", "Kenya"),
        ("Qatar has mediated between Kinshasa and the rebels since April.", "Qatar"),
        ("Washington had helped broker the truce, officials said.", "United States"),
        ("The deal was reached through Qatari and Egyptian intermediaries.", "Qatar"),
        ("The accord was signed after talks brokered by President Recep Tayyip Erdogan.", "Turkey"),
    ],
)
def test_brokers_named_before_the_verb_or_as_intermediaries(sentence: str, mediator: str) -> None:
    text = (
        "Congo and rebels agree truce\n"
        "Congo's government and the M23 rebels agreed on a ceasefire on Saturday after peace talks, "
        "officials said.\n"
        f"{sentence}\n"
        "The talks will resume next week, the two delegations said.\n"
    )
    talk = main_talk(text)
    assert mediator in talk.mediators
    assert set(talk.parties) == {"Democratic Republic of the Congo", "M23"}


def test_a_passive_brokered_by_is_not_read_backwards() -> None:
    text = (
        "Truce holds\n"
        "Israel and Hamas said the truce was brokered by Egypt after talks in Cairo.\n"
        "Israeli officials said the truce would hold.\n"
    )
    talk = main_talk(text)
    assert "Israel" not in talk.mediators
    assert "Egypt" in talk.mediators


def test_a_state_named_as_the_place_of_the_talks_hosts_them() -> None:
    text = (
        "Ethiopia, rebels open talks\n"
        "Ethiopia's government and the Oromo Liberation Army began peace talks in Tanzania on Tuesday, "
        "officials said.\n"
        "The negotiations are expected to last a week.\n"
    )
    talk = main_talk(text)
    assert talk.mediators == ("Tanzania",)
    assert set(talk.parties) == {"Ethiopia", "Oromo Liberation Army"}


def test_a_place_that_is_a_side_is_no_host() -> None:
    text = (
        "Russia, Ukraine talks\n"
        "Russian and Ukrainian delegations held talks in Russia on Monday on a prisoner exchange.\n"
        "Ukrainian officials said the talks were difficult.\n"
    )
    assert "Russia" not in main_talk(text).mediators


def test_an_organisation_running_the_talks_outranks_the_country_they_are_in() -> None:
    text = (
        "Sudan talks\n"
        "Sudan's army and the Rapid Support Forces agreed a truce after talks in South Africa convened by "
        "the African Union.\n"
        "The AU said both sides would meet again.\n"
    )
    talk = main_talk(text)
    assert talk.mediators == ("African Union",)


def test_talks_on_a_sides_own_ground_have_no_outside_host() -> None:
    text = (
        "SANAA, April 9 - Saudi and Omani envoys arrived in Sanaa on Sunday for talks with the Houthis on "
        "a truce, in a visit mediated by Oman.\n"
        "The Saudi team met Houthi leaders at the palace, Yemeni officials said.\n"
    )
    talk = main_talk(text)
    assert "Yemen" not in talk.mediators
    assert "Oman" in talk.mediators


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Egypt, Qatar and the United States have been mediating for months.",
            {"Egypt", "Qatar", "United States"},
        ),
        ("Key mediators Egypt and Qatar said a deal was close.", {"Egypt", "Qatar"}),
        (
            "The prisoners were freed with the help of the Red Cross.",
            {"International Committee of the Red Cross"},
        ),
        ("The talks are held under Egypt's auspices.", {"Egypt"}),
    ],
)
def test_more_ways_of_naming_a_mediator(sentence: str, expected: set[str]) -> None:
    text = (
        "Israel and Hamas resume truce talks\n"
        "Israeli and Hamas negotiators resumed indirect talks on a ceasefire on Monday, officials said.\n"
        f"{sentence}\n"
        "Israeli officials said the talks would continue on Tuesday.\n"
    )
    talk = main_talk(text)
    assert set(talk.mediators) == expected
    assert set(talk.parties) == {"Israel", "Hamas"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The mediator said both sides showed flexibility.",
        "Hamas said it had received a proposal from the mediators.",
    ],
)
def test_an_unnamed_mediator_adds_no_one(sentence: str) -> None:
    text = (
        "Israel and Hamas resume truce talks\n"
        "Israeli and Hamas negotiators resumed indirect talks on a ceasefire on Monday, officials said.\n"
        f"{sentence}\n"
    )
    assert main_talk(text).mediators == ()


def test_a_host_with_one_guest_is_a_side() -> None:
    text = (
        "Erdogan hosts Putin for grain talks\n"
        "Turkish President Recep Tayyip Erdogan hosted Russian President Vladimir Putin for talks on the "
        "grain deal on Monday.\n"
        "Erdogan said Turkey wanted the deal restored, while Putin said Russia's demands came first.\n"
    )
    talk = main_talk(text)
    assert set(talk.parties) == {"Turkey", "Russia"}
    assert talk.mediators == ()


def test_a_host_of_talks_with_one_other_state_is_a_side() -> None:
    text = (
        "Russia hosts China for energy talks\n"
        "Russia hosted talks with China in Moscow on Tuesday on energy cooperation, the Kremlin said.\n"
        "Chinese negotiators said the talks were productive.\n"
    )
    talk = main_talk(text)
    assert set(talk.parties) == {"Russia", "China"}
    assert talk.mediators == ()


def test_third_parties_listed_with_a_side_and_a_mediator_mediate_too() -> None:
    text = (
        "Sudan truce talks\n"
        "Envoys from Sudan's army, Saudi Arabia, the United Arab Emirates and Egypt met in Jeddah on "
        "Sunday.\n"
        "Sudan's army and the Rapid Support Forces are negotiating a truce, mediated by Saudi Arabia.\n"
        "The talks will resume next week, the army said.\n"
    )
    talk = main_talk(text)
    assert set(talk.parties) == {"Sudanese Armed Forces", "Rapid Support Forces"}
    assert {"Saudi Arabia", "United Arab Emirates", "Egypt"} <= set(talk.mediators)


def test_a_list_without_a_side_adds_no_mediator() -> None:
    text = (
        "Sudan truce talks\n"
        "Sudan's army and the Rapid Support Forces resumed talks on a truce, mediated by Saudi Arabia.\n"
        "France, Germany and Saudi Arabia welcomed the talks in a joint statement.\n"
    )
    talk = main_talk(text)
    assert "France" not in talk.mediators
    assert "Germany" not in talk.mediators


def test_a_summit_that_only_frames_a_side_meeting_is_not_its_host() -> None:
    text = (
        "Thailand, Cambodia leaders meet\n"
        "Thai and Cambodian leaders held talks on their border dispute on the sidelines of the ASEAN summit "
        "on Monday, officials said.\n"
        "Thailand and Cambodia agreed to meet again next month.\n"
    )
    talk = main_talk(text)
    assert "ASEAN" not in talk.mediators
    assert set(talk.parties) == {"Thailand", "Cambodia"}


def test_a_leader_hosting_talks_at_home_stays_a_side() -> None:
    text = (
        "Putin meets US envoy\n"
        "Russian President Vladimir Putin held talks with US envoy Steve Witkoff on Thursday, in a meeting "
        "hosted by Putin that lasted three hours.\n"
        "The Kremlin said the talks on Ukraine were useful. US officials said progress was made.\n"
    )
    talk = main_talk(text)
    assert set(talk.parties) == {"Russia", "United States"}
    assert "Russia" not in talk.mediators


# ------------------------------------------------------------------- a government facing its own armed group


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        (
            "Government and rebel negotiators resumed peace talks on Tuesday. Peace panels of the national "
            "government and the Moro Islamic Liberation Front met in Cotabato and agreed a new timetable.",
            {"Philippines", "Moro Islamic Liberation Front"},
        ),
        (
            "A new round of peace talks between the government and the ELN opened on Monday. The ELN "
            "delegation arrived on Sunday, and the peace talks are expected to last a week.",
            {"Colombia", "ELN"},
        ),
    ],
)
def test_an_unnamed_government_facing_an_armed_group_is_its_home_state(text: str, sides: set[str]) -> None:
    assert set(main_talk(text).parties) == sides


def test_another_states_government_does_not_become_the_armed_groups_home() -> None:
    text = (
        "Hamas negotiators met Egyptian mediators in Cairo on Monday for talks on a truce. "
        "The Israeli government declined to comment on the talks."
    )
    assert "Palestine" not in main_talk(text).parties
