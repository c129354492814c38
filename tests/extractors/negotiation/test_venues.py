"""The main meeting's venue: named buildings, described ones, and the places that are not the venue.

Every sentence here was written for these tests, in the manner of wire copy, broadcasters and regional
papers. A described venue is written without its determiner or a pronoun owner, as annotators do
("at his official residence" → "official residence").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.errors import ConfigError
from extractors.negotiation import extract_fields
from extractors.negotiation.talk_rules import TALKS_FILE, load_talk_rules, talk_rules
from extractors.negotiation.venues import sentence_venue

DAY = dt.date(2025, 3, 11)


def venue(sentence: str) -> str | None:
    return sentence_venue(sentence, talk_rules())


def article_venue(text: str) -> str | None:
    talks = extract_fields(text, DAY).talks
    return talks[0].venue if talks else None


# --------------------------------------------------------------------------- described venues


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # wire
        (
            "Army and paramilitary delegates met at the Saudi foreign ministry in Jeddah on Saturday, "
            "two sources familiar with the talks said.",
            "Saudi foreign ministry",
        ),
        (
            "Talks between the two governments opened on Monday at the presidential palace in Kinshasa.",
            "presidential palace",
        ),
        (
            "The meeting took place at Prime Minister Narendra Modi's official residence in New Delhi.",
            "official residence",
        ),
        (
            "Envoys from both sides convened at the UN headquarters in New York on Thursday.",
            "UN headquarters",
        ),
        (
            "Negotiators are meeting at the headquarters of the African Union in Addis Ababa.",
            "headquarters of the African Union",
        ),
        ("The talks resumed at the Serena hotel in Kabul after a two-week pause.", "Serena hotel"),
        (
            "After a drone strike on the city, talks were held at the presidential palace.",
            "presidential palace",
        ),
        # broadcast
        ("The two leaders sat down at the emir's palace in Doha late on Tuesday.", "emir's palace"),
        (
            "The prime minister hosted both delegations at his official residence, aides said.",
            "official residence",
        ),
        (
            "At the presidential palace on Sunday, the two delegations met for a second day of talks.",
            "presidential palace",
        ),
        # regional
        (
            "The round is being held inside the heavily guarded government compound.",
            "heavily guarded government compound",
        ),
        ("The talks were held at the historic Ciragan Palace on the Bosphorus.", "Ciragan Palace"),
        (
            "Representatives of the rebels and the army met in the Nigerien embassy in Lomé.",
            "Nigerien embassy",
        ),
        (
            "The mediators received both teams at the presidential palace complex outside the capital.",
            "presidential palace complex",
        ),
    ],
)
def test_a_definite_building_where_the_sides_meet_is_the_venue(sentence: str, expected: str) -> None:
    assert venue(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Both delegations met at Casa Verde, a government guesthouse on the edge of the city.",
            "Casa Verde",
        ),
        ("Representatives gathered at Kasr al-Watan, the presidential palace in Abu Dhabi.", "Kasr al-Watan"),
        ("The talks are being held at the Mena House, a hotel at the foot of the pyramids.", "Mena House"),
    ],
)
def test_a_proper_name_explained_as_a_building_is_the_venue(sentence: str, expected: str) -> None:
    assert venue(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Negotiators met at Lancaster House in London on Wednesday.", "Lancaster House"),
        ("The talks resumed at the Palais des Nations in Geneva.", "Palais des Nations"),
        ("Kenya's president hosted the rival delegations at State House in Nairobi.", "State House"),
    ],
)
def test_proper_name_venues_are_still_found(sentence: str, expected: str) -> None:
    assert venue(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The envoys met at NATO headquarters in Brussels on Thursday.", "NATO headquarters"),
        ("The two ministers met at Heathrow airport before flying home.", "Heathrow airport"),
        ("Trump met Zelensky at Mar-a-Lago on Sunday for talks on a peace plan.", "Mar-a-Lago"),
        ("The two prime ministers met at Chequers, the prime minister's country residence.", "Chequers"),
        ("Ukrainian and Russian officials held talks on Friday at Dolmabahce.", "Dolmabahce"),
    ],
)
def test_a_name_without_a_determiner_right_after_the_meeting_is_the_venue(
    sentence: str, expected: str
) -> None:
    assert venue(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Negotiators met at Geneva on Monday.",  # a city
        "The talks resumed at the WTO on Monday.",  # an organisation
        "The ministers met at the Munich Security Conference on Saturday.",  # an event
        "The leaders met at the G20 in Rio de Janeiro.",  # a forum
        "The two sides agreed to pause the talks at Christmas.",  # a holiday
        "The talks were held in Geneva, a spokesman told Reuters at Geneva airport.",  # where someone spoke
        "The delegations met, then spent a long evening with their own aides at Carrow Road.",  # too far
    ],
)
def test_a_bare_name_that_is_no_building_is_not_the_venue(sentence: str) -> None:
    assert venue(sentence) is None


# --------------------------------------------------------------------------- not venues


@pytest.mark.parametrize(
    "sentence",
    [
        # an indefinite place does not say which building
        "The talks were held at a hotel on the outskirts of Doha.",
        "The round opened at a lakeside villa on Friday.",
        # places, times and figures of speech that are not buildings
        "Mediators met at the border crossing on Friday.",
        "Mediators met at the border on Friday.",
        "The talks will resume at the weekend, officials said.",
        "Delegates met at the United Nations in Geneva on Tuesday.",
        "The talks are taking place in the capital under tight security.",
        "At the time, the negotiators met only twice a year.",
        "The talks put a ceasefire at the centre of the agenda.",
        "The envoys met at the base of the mountain.",
        # where someone spoke, not where the sides met
        "The foreign minister told a news conference at the embassy that the talks had stalled.",
        "After the talks, the envoy spoke to reporters at the hotel.",
        # another event at the same place
        "Protesters rallied at the presidential palace as the talks opened.",
        "Protesters gathered outside the presidential palace as the talks opened.",
        "Hostages held at the compound would be freed under the deal discussed at the talks.",
        "The talks were delayed by a shooting at the embassy compound overnight.",
        # a town described as a resort, not a building
        "The delegations met in Sochi, the Black Sea resort, on Friday.",
        "The talks opened at the Red Sea resort of Sharm el-Sheikh on Monday.",
        "Negotiators met in Doha, the Qatari capital, on Saturday.",
        # a metonym for a government, not a building
        "Officials said the talks had lifted the mood in the Kremlin.",
        "Talks resumed on Monday, with both delegations staying at the same hotel.",
        "The meeting was postponed after guards were killed in the hotel bombing.",
        # another meeting than the main one
        "The talks follow last month's meeting at the presidential palace.",
        "A follow-up summit at the presidential palace is planned for April.",
        # the head noun modifies something else
        "The delegations met, with officials in the palace press office briefing reporters.",
        "The talks went ahead even as the embassy staff were evacuated.",
        "The meeting was the first in the ministry's history.",
    ],
)
def test_places_that_are_not_the_meeting_venue_are_left_out(sentence: str) -> None:
    assert venue(sentence) is None


# --------------------------------------------------------------------------- whole articles


def test_a_sentence_that_receives_the_sides_gives_the_venue() -> None:
    text = (
        "Sudan's army and the Rapid Support Forces began indirect talks in Juba on Monday.\n"
        "South Sudan's president received both delegations at the presidential palace, state media said.\n"
        "The talks are expected to last three days.\n"
        "A spokesman for the army said the delegation had a mandate to discuss a truce.\n"
    )
    assert article_venue(text) == "presidential palace"


def test_an_earlier_visit_with_a_year_does_not_give_the_venue() -> None:
    text = (
        "Sudan's army and the Rapid Support Forces began indirect talks in Juba on Monday.\n"
        "In 2020 the president received rebel leaders at the presidential palace to sign a peace deal.\n"
        "The talks are expected to last three days.\n"
        "A spokesman for the army said the delegation had a mandate to discuss a truce.\n"
    )
    assert article_venue(text) is None


def test_a_detention_without_a_meeting_word_does_not_give_the_venue() -> None:
    text = (
        "Venezuela and the United States held talks in Caracas on Monday on a prisoner release.\n"
        "The American contractor has been held at the military base since his arrest, his family says.\n"
        "The talks are expected to continue on Tuesday.\n"
        "Neither side commented on the substance of the discussions.\n"
    )
    assert article_venue(text) is None


def test_the_venue_of_an_earlier_round_is_not_the_main_meetings() -> None:
    text = (
        "Armenian and Azerbaijani negotiators resumed border talks in Almaty on Tuesday.\n"
        "The previous round, held at the foreign ministry in Baku in January, ended without agreement.\n"
        "Both sides said the talks on the border commission were useful.\n"
    )
    assert article_venue(text) is None


def test_the_venue_of_a_meeting_still_to_come_is_not_the_held_meetings() -> None:
    text = (
        "Serbian and Kosovar negotiators held EU-mediated talks in Brussels on Monday.\n"
        "The two leaders are expected to meet at the presidential palace in Belgrade next month.\n"
        "The talks ended without agreement, an EU spokesman said.\n"
    )
    assert article_venue(text) is None


def test_a_clause_about_the_length_of_the_talks_does_not_make_them_future() -> None:
    text = (
        "Iran and the United States opened indirect talks in Muscat on Saturday, with Oman as mediator.\n"
        "The talks, which are expected to last two days, are being held at the Omani foreign ministry.\n"
        "Neither delegation spoke to reporters.\n"
    )
    assert article_venue(text) == "Omani foreign ministry"


def test_a_scheduled_main_meeting_keeps_its_future_venue() -> None:
    text = (
        "Russia and Ukraine will hold a new round of peace talks in Istanbul next week, Turkey said.\n"
        "The talks will be held at the Dolmabahce Palace, with Turkey as mediator.\n"
        "Neither side has named its delegation.\n"
    )
    assert article_venue(text) == "Dolmabahce Palace"


def test_the_main_meeting_venue_wins_over_a_later_mention() -> None:
    text = (
        "Thai and Cambodian officials met at the defence ministry in Bangkok on Tuesday for border talks.\n"
        "The leaders of both countries could meet at a summit later this year, officials said.\n"
    )
    assert article_venue(text) == "defence ministry"


def test_an_apposition_in_a_regional_report_gives_the_named_venue() -> None:
    text = (
        "Congo and the M23 rebels opened a fourth round of peace talks in Kampala on Monday, with Uganda "
        "as mediator.\n"
        "Both delegations met at Nakasero, the presidential lodge overlooking the city, officials said.\n"
        "The talks are expected to last a week.\n"
    )
    assert article_venue(text) == "Nakasero"


# --------------------------------------------------------------------------- the [venue] table


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('heads = ["palace", ', 'heads = ["pal4ce", '), "venue.heads: 'pal4ce' is not a word or phrase"),
        (('heads = ["palace", ', 'heads = ["residence", '), "venue.heads: 'residence' is listed twice"),
        (
            ('determiners = ["the", ', 'determiners = ["of", '),
            "venue.determiners: 'of' is also in venue.followers",
        ),
        (('speech = ["said", ', 'speech = ["said so", '), "venue.speech: 'said so' is not a single word"),
        (
            ('other_event = ["protesters", ', 'other_event = ["", '),
            "venue.other_event: empty pattern or word",
        ),
        (("anchors = [", "anchors_old = ["), "venue.anchors: expected a non-empty list"),
        (('receptions = ["hosted", ', "receptions = [3, "), "venue.receptions: empty pattern or word 3"),
        (('future = ["will", ', 'future = ["will go", '), "venue.future: 'will go' is not a single word"),
        (('bare_name_not_last = ["Conference", ', 'bare_name_not_last = ["G20", '), "'G20' is not a word"),
        (("not_modifiers = [", "not_modifier = ["), "venue.not_modifiers: expected a non-empty list"),
    ],
)
def test_a_bad_venue_entry_raises_config_error_naming_file_and_key(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    body = TALKS_FILE.read_text(encoding="utf-8")
    assert edit[0] in body
    path = tmp_path / "talks_bad.toml"
    path.write_text(body.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_talk_rules(path)
    assert str(err.value).startswith("talks_bad.toml: ") and message in str(err.value)


def test_parleys_venue_table_loads_and_keeps_determiners_definite() -> None:
    rules = load_talk_rules(TALKS_FILE).venue
    assert {"the", "his", "their"} <= rules.determiners
    assert not {"a", "an"} & rules.determiners
    assert rules.described.search("at the presidential palace.")
    assert not rules.described.search("at the presidential palace guards")


_WORDS = ["at", "in", "the", "his", "a", "met", "talks", "received", "said", "Palace", "Villa", "palace",
    "official", "residence", "hotel", "headquarters", "of", "African", "Union", "Anwar's", "Mar-a-Lago",
    "NATO", ",", ".", "on", "Monday", "will", "last", "protesters", "where", "ÉLYSÉE", "’s", ""]  # fmt: skip


@given(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join) | st.text(max_size=300))
def test_a_venue_is_always_made_of_words_of_its_sentence(text: str) -> None:
    found = venue(text)
    assert found is None or all(word in text for word in found.split())
