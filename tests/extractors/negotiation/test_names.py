"""Person names in negotiation news: the shapes names take and the phrasings that introduce them.

Every sentence here is invented for the test, in the style of wire, broadcast and regional
copy; each family has several phrasings and counter-examples that must not yield a person.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ConfigError
from extractors.negotiation.people import extract_people
from extractors.negotiation.roles import ROLES_FILE, load_lexicon
from extractors.negotiation.sentences import split_sentences
from extractors.records import Participant, Quote


def _people(text: str) -> tuple[tuple[Participant, ...], tuple[Quote, ...]]:
    return extract_people(text, split_sentences(text))


def _names(text: str) -> list[str]:
    return [p.name for p in _people(text)[0]]


def _by_name(text: str) -> dict[str, Participant]:
    return {p.name: p for p in _people(text)[0]}


def _speakers(text: str) -> dict[str, str | None]:
    return {q.text: q.speaker for q in _people(text)[1]}


# --------------------------------------------------------------------------- "Armenia's X"


@pytest.mark.parametrize(
    ("text", "name", "side"),
    [
        (
            "Georgia's Irakli Berdze and Moldova's Dorin Vlasi met in Vienna for talks on the border. "
            "Berdze said the talks had been useful.",
            "Irakli Berdze",
            "Georgia",
        ),
        (
            "Georgia's Irakli Berdze and Moldova's Dorin Vlasi met in Vienna for talks on the border. "
            "Vlasi was more cautious.",
            "Dorin Vlasi",
            "Moldova",
        ),
        (
            "Hezbollah's Nabil Qassar said the group would not disarm during the truce talks.",
            "Nabil Qassar",
            "Hezbollah",
        ),
        (
            "Hamas's Khalil al-Harbi told the broadcaster the truce talks had stalled. "
            "Al-Harbi blamed the other side.",
            "Khalil al-Harbi",
            "Hamas",
        ),
    ],
)
def test_a_name_after_a_sides_possessive_is_that_sides_delegate(text: str, name: str, side: str) -> None:
    found = _by_name(text)
    assert name in found
    assert found[name].affiliation == side


@pytest.mark.parametrize(
    "text",
    [
        "Russia's Black Sea Fleet moved ships as the talks began.",
        "Hamas's Qassam Brigades said the truce talks had failed. The Brigades said more.",
        "Britain's Foreign Office said the talks would resume on Monday.",
        "Turkey's Grand National Assembly approved the deal after the talks.",
        "Monday's talks ended without a deal, and Tuesday's session was cancelled.",
        # a name the text never takes up again and never lets speak stays unknown
        "Kazakhstan's Arman Seitkali attended the reception after the talks.",
    ],
)
def test_a_possessive_before_a_thing_gives_no_person(text: str) -> None:
    assert _names(text) == []


def test_a_surname_that_opens_a_sentence_is_the_subject_for_he_said() -> None:
    text = (
        "Serbia's Marko Ilic and Kosovo's Arben Krasniqi met for talks in Brussels on Friday. "
        '"We have made progress on the text," Ilic told reporters.\n'
        "Krasniqi struck a similar tone. He said experts would work on the remaining wording. "
        '"We are closer than before, but closer is not finished," he said.'
    )
    speakers = _speakers(text)
    assert speakers["We are closer than before, but closer is not finished,"] == "Arben Krasniqi"
    assert speakers["We have made progress on the text,"] == "Marko Ilic"


# --------------------------------------------------------------------------- appositives


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Ruslan Petrov, the Foreign Ministry's special representative, said the talks would resume.",
            "Ruslan Petrov",
        ),
        (
            "Nadia Okafor, a senior adviser to the president, told reporters the delegation would travel "
            "to Nairobi for the talks.",
            "Nadia Okafor",
        ),
        (
            "The rebel side was headed by Tomas Berg, the head of the group's prisoner committee, "
            "who said the swap would go ahead.",
            "Tomas Berg",
        ),
        (
            "The Indian side was led by Vikram Rao, joint secretary (South Asia) in the foreign ministry, "
            "at the border talks.",
            "Vikram Rao",
        ),
        (
            "The deal was signed by Jean Mbala, the executive secretary of the M23's political wing.",
            "Jean Mbala",
        ),
    ],
)
def test_a_role_after_the_name_makes_a_participant(text: str, name: str) -> None:
    assert name in _names(text)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "The bloc named its special envoy for the talks, Anna Lindqvist, to chair the next round.",
            "Anna Lindqvist",
            "special envoy for the talks",
        ),
        (
            "The session was chaired by the EU's foreign policy chief, Karl Berger, and its special envoy "
            "for the dialogue, Ivan Novak, who later briefed reporters on the talks.",
            "Ivan Novak",
            "special envoy for the dialogue",
        ),
        (
            "The talks were joined by Egypt's intelligence chief, Hassan Rashad.",
            "Hassan Rashad",
            "intelligence chief",
        ),
        ("France's envoy, Pierre Dumont, flew in for the talks.", "Pierre Dumont", "envoy"),
    ],
)
def test_a_role_before_a_comma_names_the_person_after_it(text: str, name: str, role: str) -> None:
    assert _by_name(text)[name].role == role


def test_an_object_before_a_comma_is_no_role() -> None:
    assert _names("She sent a letter to the president in May, Julia Marsh said of the talks.") == []


def test_a_relative_clause_between_name_and_verb_still_lets_the_person_speak() -> None:
    text = (
        "Secretary of State Mark Ellis, who will travel with the president, "
        'said the goal was "real progress".'
    )
    assert _by_name(text)["Mark Ellis"].affiliation == "United States"


# --------------------------------------------------------------------------- name shapes


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Indian External Affairs Minister S Jaishankar met his counterpart in Beijing for talks.",
            "S Jaishankar",
        ),
        ("Foreign Minister S. Rajan said the talks with Colombo were useful.", "S. Rajan"),
        ("French envoy Jean-Yves Le Brun arrived in Beirut for talks.", "Jean-Yves Le Brun"),
        (
            "European Commission President Ursula von der Berg welcomed the deal at the summit.",
            "Ursula von der Berg",
        ),
        ("Army chief General Abdel Karim al-Nour rejected the truce talks.", "Abdel Karim al-Nour"),
        (
            "Peace adviser Carlos Galindo Jr. said the deal reached at the talks would hold.",
            "Carlos Galindo Jr.",
        ),
        (
            "Malaysian facilitator Tengku Dato' Ab Rahman Tengku Ismail opened the talks.",
            "Tengku Dato' Ab Rahman Tengku Ismail",
        ),
        ("Lt Gen Ravi Menon led the border talks.", "Ravi Menon"),
        ("Maj. Gen. Ali Hassan attended the truce talks.", "Ali Hassan"),
        ("Brig. Kofi Mensah attended the truce talks.", "Kofi Mensah"),
        ("Minister for Foreign Affairs Penny Lang met her counterpart for talks.", "Penny Lang"),
    ],
)
def test_name_shapes_keep_the_whole_name(text: str, name: str) -> None:
    assert name in _names(text)


def test_a_title_stuck_to_a_leaders_family_name_gives_the_full_name() -> None:
    text = (
        "Chairman Kim arrives in Hanoi for summit\n"
        "Chairman Kim Jong-un of North Korea arrived in Vietnam on Tuesday for the summit talks."
    )
    assert _names(text) == ["Kim Jong-un"]


def test_a_surname_finds_a_name_with_a_suffix() -> None:
    text = (
        "Presidential peace adviser Carlos Galindo Jr. met the rebel panel for talks in Manila. "
        '"We owe it to every fighter to keep our word," Galindo said.'
    )
    assert _speakers(text) == {"We owe it to every fighter to keep our word,": "Carlos Galindo Jr."}


# --------------------------------------------------------------------------- titles around quotes


def test_a_long_title_after_a_quotation_names_the_speaker() -> None:
    text = (
        '"We will keep talking until there is a deal," '
        "UN Special Envoy for Syria Geir Pettersen told reporters."
    )
    person = _by_name(text)["Geir Pettersen"]
    assert person.role == "UN Special Envoy for Syria"
    assert person.affiliation == "United Nations"
    assert _speakers(text) == {"We will keep talking until there is a deal,": "Geir Pettersen"}


def test_a_title_listing_its_remit_ends_where_the_name_starts() -> None:
    text = (
        "Presidential Adviser on Peace, Reconciliation and Unity Maria Santos said the peace deal would hold."
    )
    assert _names(text) == ["Maria Santos"]
    assert _by_name(text)["Maria Santos"].role == "Presidential Adviser on Peace, Reconciliation and Unity"


def test_panel_chairs_are_delegates() -> None:
    text = (
        "Rebel panel chair Ahmed Musa welcomed the talks. "
        "Government panel chair Jose Reyes said the funds were ready."
    )
    assert _names(text) == ["Ahmed Musa", "Jose Reyes"]


def test_an_adviser_to_a_president_does_not_lend_the_president_the_title() -> None:
    text = "Nadia Okafor, a senior adviser to President Felix Tshisekedi, signed the deal at the talks."
    found = _by_name(text)
    assert found["Felix Tshisekedi"].role == "President"
    assert found["Nadia Okafor"].affiliation == "Democratic Republic of the Congo"


# --------------------------------------------------------------------------- affiliations


def test_the_army_is_the_army_the_article_names() -> None:
    text = (
        "Talks between Sudan's army and the RSF resumed in Jeddah on Monday. "
        "The army's delegation is led by Major General Kamal Idris. "
        "Army chief General Abdel Karim al-Nour said the talks would go on."
    )
    found = _by_name(text)
    assert found["Kamal Idris"].affiliation == "Sudanese Armed Forces"
    assert found["Abdel Karim al-Nour"].affiliation == "Sudanese Armed Forces"


def test_the_government_is_the_state_the_rebels_fight() -> None:
    text = (
        "Talks between Congo's government and the M23 rebels resumed in Doha, with Qatar mediating. "
        "The government's spokesman, Jean Kabila, said the talks were useful."
    )
    assert _by_name(text)["Jean Kabila"].affiliation == "Democratic Republic of the Congo"


def test_a_national_security_council_is_not_the_un_security_council() -> None:
    text = (
        "Israel is represented by David Cohen, a senior official at the National Security Council. "
        "Omar Haddad, an adviser at the UN Security Council, said the talks were useful."
    )
    found = _by_name(text)
    assert found["David Cohen"].affiliation == "Israel"
    assert found["Omar Haddad"].affiliation == "UN Security Council"


def test_sides_led_by_named_people() -> None:
    text = (
        "Working-level negotiators have met in Hanoi since Thursday. The US side is led by Mark Lambert, "
        "the State Department's special representative for Korea, and the North Korean side by "
        "Ri Song-chol, the special representative for US affairs."
    )
    found = _by_name(text)
    assert found["Mark Lambert"].affiliation == "United States"
    assert found["Ri Song-chol"].affiliation == "North Korea"


def test_the_rebels_spokesman_speaks_for_the_armed_group() -> None:
    text = (
        "The M23 rebels and Congo's government exchanged prisoners in Doha, where Qatar hosted the talks. "
        "Lucien Habiyaremye, the rebels' political spokesman, said the group would honour the deal."
    )
    assert _by_name(text)["Lucien Habiyaremye"].affiliation == "M23"


def test_officials_listed_after_the_hosts_minister_are_the_hosts() -> None:
    text = (
        "Turkish Foreign Minister Omer Celik opened the session and asked both delegations to build "
        "on the documents. Also in the room were intelligence chief Ali Kaya and Chief of General "
        "Staff Murat Oz."
    )
    found = _by_name(text)
    assert found["Ali Kaya"].affiliation == "Turkey"
    assert found["Murat Oz"].affiliation == "Turkey"


def test_two_sides_each_with_a_delegate_need_no_title() -> None:
    text = "Ethiopia's Redwan Hussein and the TPLF's Getachew Rada signed the peace deal in Pretoria."
    found = _by_name(text)
    assert found["Redwan Hussein"].affiliation == "Ethiopia"
    assert found["Getachew Rada"].affiliation == "Tigray People's Liberation Front"


def test_an_age_between_name_and_role_is_skipped() -> None:
    text = "Olena Kovalenko, 45, a member of the Ukrainian delegation, said the exchange talks were hard."
    assert _by_name(text)["Olena Kovalenko"].affiliation == "Ukraine"
    assert _names("Jane Ode, 52, a member of parliament, said the talks were a waste.") == []


# --------------------------------------------------------------------------- not people


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's Naftogaz Group said the gas talks had stalled.",
        "Iran's Revolutionary Guards warned against the deal reached at the talks.",
        "Moscow's Lomonosov University hosted a debate on the talks. Lomonosov said nothing.",
        "Major General Zhou Wei, commander of the South Xinjiang Military District, joined the talks.",
    ],
)
def test_organisations_and_places_are_not_people(text: str) -> None:
    for name in _names(text):
        assert name in ("Zhou Wei",)


def test_an_analysts_employer_is_not_a_person_and_the_analyst_no_participant() -> None:
    text = (
        '"The talks are a sideshow," said Jane Doe, an analyst at Chatham House. '
        "Doe said the talks would fail."
    )
    assert _names(text) == []
    assert _speakers(text) == {"The talks are a sideshow,": "Jane Doe"}


def test_a_professor_after_a_quote_is_the_speaker() -> None:
    text = (
        '"Disarmament only works if fighters see a future. The timetable is the easy part," '
        "said Prof. Amir Salem, who teaches at a state university."
    )
    assert list(_speakers(text).values()) == ["Amir Salem"]


# --------------------------------------------------------------------------- the lexicon's name lists


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('principals = [\n    "president",', 'principals = [\n    "",', "role_words.principals"),
        (
            'apostrophe_honorifics = ["Dato\'",',
            'apostrophe_honorifics = ["Dato\'", "Dato\'",',
            "duplicate entry",
        ),
        ('suffixes = ["Jr",', 'suffix = ["Jr",', "names.suffixes: missing list"),
    ],
)
def test_a_bad_name_list_names_file_and_entry(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = ROLES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "roles.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"roles\.toml") as err:
        load_lexicon(path)
    assert message in str(err.value)


def test_a_former_office_gives_way_to_the_role_held_now() -> None:
    text = (
        "The negotiations were mediated by the African Union's envoy for the region, former Nigerian "
        "President Adewale Okonjo. Okonjo told reporters the talks went well."
    )
    assert _by_name(text)["Adewale Okonjo"].affiliation == "African Union"


@pytest.mark.parametrize(
    "text",
    ["Dato'", "Jr.", "Tengku Dato' ", ", 45,", "Maj. Gen.", "X's Y Z and", "Lt Gen", "'s Jr. Dato' Sri"],
)
def test_fragments_of_name_shapes_never_raise(text: str) -> None:
    participants, quotes = _people(text)
    assert isinstance(participants, tuple) and isinstance(quotes, tuple)
