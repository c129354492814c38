"""Participants and affiliations, second round: invented news sentences for the families unseen articles
showed (a side written after the name, a shared plural title, organisation envoys, spokesmen of a group,
a state's officials facing its own rebels, captives who take no part), with counter-examples."""

from __future__ import annotations

import pytest

from extractors.negotiation.people import extract_people
from extractors.negotiation.sentences import split_sentences


def _people(text: str) -> dict[str, str | None]:
    """Participant name → affiliation for an invented article."""
    participants, _ = extract_people(text, split_sentences(text))
    return {p.name: p.affiliation for p in participants}


def _speakers(text: str) -> list[str]:
    """The speakers of the quotations the extractor keeps."""
    _, quotes = extract_people(text, split_sentences(text))
    return [q.speaker for q in quotes]


# ---------------------------------------------------------------- a side written after the name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prime Ministers Kyriakos Mitsotakis of Greece and Edi Rama of Albania signed the border "
            "agreement on Friday after two days of talks.",
            {"Kyriakos Mitsotakis": "Greece", "Edi Rama": "Albania"},
        ),
        (
            "Foreign Ministers Ararat Mirzoyan of Armenia and Jeyhun Bayramov of Azerbaijan met in Almaty "
            "for a new round of peace talks.",
            {"Ararat Mirzoyan": "Armenia", "Jeyhun Bayramov": "Azerbaijan"},
        ),
        (
            "President John Mahama of Ghana opened the summit on the ceasefire in Accra.",
            {"John Mahama": "Ghana"},
        ),
    ],
)
def test_side_after_the_name(text: str, expected: dict[str, str]) -> None:
    found = _people(text)
    for name, side in expected.items():
        assert found.get(name) == side


def test_listed_leader_keeps_own_state_under_a_shared_title() -> None:
    text = "Presidents Donald Trump and Vladimir Putin discussed the ceasefire talks by telephone on Tuesday."
    found = _people(text)
    assert found["Donald Trump"] == "United States"
    assert found["Vladimir Putin"] == "Russia"


def test_shared_title_without_a_side_still_shares_the_partner() -> None:
    text = (
        "Russia's delegation arrived for the talks in Istanbul. Its negotiators Vladimir Medinsky and "
        "Igor Kostyukov met the Ukrainian side."
    )
    found = _people(text)
    assert "Igor Kostyukov" in found


def test_of_a_thing_is_no_side() -> None:
    text = "Minister Amina Yusuf of the Interior Ministry said the peace talks would resume in Abuja."
    assert _people(text).get("Amina Yusuf") != "Interior Ministry"


# ---------------------------------------------------------------- spokesmen and their group


def test_spokesman_after_the_group_opens_the_sentence_before() -> None:
    text = (
        'The Taliban responded with a warning. "The Americans will lose the most from cancelling the '
        'talks with us," spokesman Ahmad Karimi said in a statement.'
    )
    assert _people(text) == {"Ahmad Karimi": "Taliban"}


def test_spokesman_for_the_groups_office() -> None:
    text = (
        "The Taliban have held nine rounds of talks with the United States in Doha.\n"
        "Omar Haqqani, the spokesman for the group's political office, told reporters the two sides "
        "had been close to a deal with the United States. The United States said it was still "
        "reviewing the text. Washington gave no date."
    )
    assert _people(text)["Omar Haqqani"] == "Taliban"


def test_named_group_in_the_title_wins() -> None:
    text = (
        "US envoy Zalmay Khalilzad met Taliban negotiators in Doha for talks with the United States.\n"
        "Taliban spokesman Suhail Shaheen said the talks with the United States were useful.\n"
        "Hamas spokesman Hazem Qassem said the ceasefire talks with Israel had stalled."
    )
    found = _people(text)
    assert found["Suhail Shaheen"] == "Taliban"
    assert found["Hazem Qassem"] == "Hamas"
    assert found["Zalmay Khalilzad"] == "United States"


def test_spokesman_of_a_named_person_set_off_by_commas() -> None:
    text = (
        "Turkish Cypriot leader Ersin Erdem attended the talks in Geneva.\n"
        "Erdem's spokesman, Ali Kaya, said the other side had shown no flexibility."
    )
    assert "Ali Kaya" in _people(text)


def test_quoted_side_is_not_the_speakers() -> None:
    text = 'Hamas rejected the offer. "Israel wants the talks to fail," spokesman Basem Naim said on Sunday.'
    assert _people(text)["Basem Naim"] == "Hamas"


# ---------------------------------------------------------------- a state facing its own rebels


def test_officials_with_no_state_belong_to_the_rebels_home_state() -> None:
    """No state dominates the article (host and home named alike): the rebels' home state is theirs."""
    text = (
        "Ethiopia's government and the Oromo Liberation Army ended a second round of peace talks in "
        "Tanzania on Monday.\n"
        "Tesfaye Bekele, national security adviser to Prime Minister Abiy Ahmed, led the government "
        "team in the talks with the OLA.\n"
        "Tanzania hosted the talks, which will continue next month. Ethiopia's army has fought the "
        "group in Oromia since 2018."
    )
    found = _people(text)
    assert found["Abiy Ahmed"] == "Ethiopia"
    assert found["Tesfaye Bekele"] == "Ethiopia"


# ---------------------------------------------------------------- organisation envoys


@pytest.mark.parametrize(
    ("text", "name", "side"),
    [
        (
            "The delegation from the African Union, led by former Kenyan president Daniel Moi, arrived in "
            "Pretoria for the peace talks.",
            "Daniel Moi",
            "African Union",
        ),
        (
            "ECOWAS envoy Yakubu Gowon, a former Nigerian military ruler, met the junta for talks in Niamey.",
            "Yakubu Gowon",
            "ECOWAS",
        ),
        (
            "The Southern African Development Community (SADC) sent envoys to the talks. The bloc's "
            "chairman, Angolan President Joao Lourenco, said diplomacy came first in the talks.",
            "Joao Lourenco",
            "Southern African Development Community",
        ),
    ],
)
def test_the_organisation_an_envoy_acts_for(text: str, name: str, side: str) -> None:
    assert _people(text)[name] == side


def test_a_state_title_alone_keeps_its_state() -> None:
    text = "The SADC summit opened on Monday. Angolan President Joao Lourenco said the talks would go on."
    assert _people(text)["Joao Lourenco"] == "Angola"


# ---------------------------------------------------------------- names the finder missed


def test_envoy_for_hostage_affairs_is_an_official() -> None:
    text = "John Harper, the US envoy for hostage affairs, flew to Caracas for the prisoner swap talks."
    assert _people(text) == {"John Harper": "United States"}


def test_lawyer_for_the_families_stays_outside() -> None:
    text = "Mary Cole, a lawyer for the hostage families, said the swap talks were slow."
    assert _people(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Fatah delegation to the talks was headed by Jibril Nasser, the deputy head of the "
            "movement, while that of Hamas was headed by the member of its political bureau Khalil Abu "
            "Laila.",
            {"Jibril Nasser": "Fatah", "Khalil Abu Laila": "Hamas"},
        ),
        (
            "The Hamas delegation to the talks was headed by political bureau member Khalil Abu Laila.",
            {"Khalil Abu Laila": "Hamas"},
        ),
    ],
)
def test_head_of_delegation_with_a_role_in_lower_case(text: str, expected: dict[str, str]) -> None:
    assert _people(text) == expected


def test_led_by_then_a_verb_names_no_head() -> None:
    assert _people("The talks were led by mediators who met Khalil Abu Laila on Monday.") == {}


def test_mullah_is_a_courtesy_title() -> None:
    text = "The Taliban team at the Doha talks was led by Mullah Abdul Ghani Baradar, the group's co-founder."
    assert "Abdul Ghani Baradar" in _people(text)


# ---------------------------------------------------------------- captives are not participants


@pytest.mark.parametrize(
    "text",
    [
        "West African leaders meeting for talks in Abuja gave the junta a week to reinstate President "
        "Amadou Sall.\nThe junta rejected the talks.",
        "Mediators at the talks in Doha pressed for the release of detained President Amadou Sall.",
    ],
)
def test_someone_only_held_is_no_participant(text: str) -> None:
    assert "Amadou Sall" not in _people(text)


@pytest.mark.parametrize(
    "text",
    [
        "The talks on the release of detained former President Amadou Sall stalled.\n"
        "Sall said the talks were a sham.",
        "The junta freed some ministers. President Amadou Sall met the mediators for talks on Monday.",
    ],
)
def test_a_captive_who_acts_stays(text: str) -> None:
    assert "Amadou Sall" in _people(text)


def test_they_said_is_no_named_speaker() -> None:
    text = (
        "Leaders gave the junta a week to free President Amadou Sall, warning of steps they said "
        '"could include the use of force".\nThe junta rejected the talks.'
    )
    assert _speakers(text) == []


# ---------------------------------------------------------------- partners, governments and juntas


def test_former_office_beside_an_organisation_envoy_acts_for_the_organisation() -> None:
    text = (
        "The talks opened in Nairobi on Monday and were mediated by the United Nations envoy for the "
        "region, former Finnish President Sauli Niinisto, alongside former Irish President Mary Robinson."
    )
    found = _people(text)
    assert found["Sauli Niinisto"] == "United Nations"
    assert found["Mary Robinson"] == "United Nations"


def test_former_office_beside_a_state_official_keeps_the_nationality() -> None:
    text = (
        "US Secretary of State Antony Blinken, alongside former Irish President Mary Robinson, attended "
        "the peace talks."
    )
    assert _people(text)["Mary Robinson"] == "Ireland"


def test_government_represented_by_a_delegate() -> None:
    text = (
        "On one side of the talks is the government of President Luis Arce, represented by Senate "
        "president Andrea Salinas. On the other is the opposition."
    )
    assert "Andrea Salinas" in _people(text)


def test_company_represented_by_a_lawyer_is_no_delegation() -> None:
    assert _people("The company, represented by lawyer Andrea Salinas, settled the case.") == {}


def test_the_juntas_leader_belongs_to_the_state_it_holds() -> None:
    text = (
        "A West African delegation flew to Bamako to negotiate with the soldiers who seized power in "
        "Mali. Mali's new rulers had promised elections. Mali's borders stay closed.\n"
        "The envoys did not meet the junta's leader, Colonel Assimi Goita, before the talks ended."
    )
    assert _people(text)["Assimi Goita"] == "Mali"
