"""The main meeting's city, date and status, and the other meetings, on sentences written for Parley.

Each family has several phrasings and counter-examples that must not match: a dateline
or a later meeting's city must not win over the city the text gives, a statement's date
is not a meeting's, a weekday is read in the tense of its own verb.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.negotiation.actors import find_actors, find_cities
from extractors.negotiation.datelines import find_dateline
from extractors.negotiation.meeting_dates import speech_date
from extractors.negotiation.meeting_places import dated_place, find_places
from extractors.negotiation.sentences import Sentence, split_sentences
from extractors.negotiation.talk_rules import talk_rules
from extractors.negotiation.talks import extract_talks
from extractors.negotiation.tensed_dates import local_tense, tensed_dates
from extractors.records import Talk

MON = dt.date(2025, 3, 10)
THU = dt.date(2025, 3, 13)
FRI = dt.date(2025, 3, 14)
SAT = dt.date(2025, 3, 15)


def talks(text: str, published: dt.date | None) -> tuple[Talk, ...]:
    return extract_talks(text, split_sentences(text), find_actors(text), published)


def main(text: str, published: dt.date | None) -> tuple[str | None, dt.date | None, str]:
    t = talks(text, published)[0]
    return t.city, t.date, t.status


def dates_of(text: str, published: dt.date) -> list[dt.date | None]:
    return [d.date for d in tensed_dates(text, published)]


# --------------------------------------------------------------------------- tense of a weekday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the verb before the weekday is past: the past Saturday, whatever the rest of the sentence says
        (
            "The negotiations, which opened on Saturday, were planned to run for two days.",
            dt.date(2025, 3, 8),
        ),
        (
            "The delegations met on Saturday and were due to report back to their capitals.",
            dt.date(2025, 3, 8),
        ),
        ("The round that began on Saturday is scheduled to end next week.", dt.date(2025, 3, 8)),
        # a future verb before it: the coming one
        ("The envoys will meet on Saturday, officials said.", dt.date(2025, 3, 15)),
        ("The talks are due to open on Saturday in Vienna.", dt.date(2025, 3, 15)),
        ("The accord is to be signed on Saturday.", dt.date(2025, 3, 15)),
    ],
)
def test_a_weekday_takes_the_tense_of_its_own_verb(sentence: str, expected: dt.date) -> None:
    assert dates_of(sentence, THU) == [expected]


def test_two_weekdays_in_one_sentence_take_two_tenses() -> None:
    sentence = "Negotiators who met on Sunday will meet again on Tuesday."
    assert dates_of(sentence, MON) == [dt.date(2025, 3, 9), dt.date(2025, 3, 11)]


def test_a_new_clause_leaves_the_tense_open() -> None:
    text = "Iran and Oman will hold a second round after talks in Rome on Saturday."
    assert local_tense(text, text.index("on Saturday")) is None
    assert local_tense(text, text.index("a second")) is True
    assert local_tense("They met in Doha.", 8) is False


def test_a_past_main_meeting_begins_on_the_past_weekday() -> None:
    text = (
        "Ethiopia and Egypt end dam talks without a deal\n"
        "The talks between Ethiopia and Egypt, which began on Saturday in Addis Ababa, were scheduled to "
        "last two days but ran on until Wednesday.\n"
    )
    assert main(text, THU) == ("Addis Ababa", dt.date(2025, 3, 8), "held")


# --------------------------------------------------------------------------- years and days of the month


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("their first meeting since the summit in Vienna on June 4 last year", dt.date(2024, 6, 4)),
        ("a deal signed on 22 July last year", dt.date(2024, 7, 22)),
        ("a conference on October 2 next year", dt.date(2026, 10, 2)),
        ("the talks on June 4", dt.date(2025, 6, 4)),  # no year word: the nearest June 4
    ],
)
def test_a_year_word_after_a_date_sets_its_year(sentence: str, expected: dt.date) -> None:
    assert dates_of(sentence, FRI) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The leaders will open their summit on the evening of the 27th at a hotel.", dt.date(2025, 3, 27)),
        ("The envoys will meet on the 21st in Geneva.", dt.date(2025, 3, 21)),
        ("The ministers met on the 9th, officials said.", dt.date(2025, 3, 9)),
        ("The ministers met on the morning of the 28th.", dt.date(2025, 2, 28)),  # past: last month
    ],
)
def test_a_day_of_the_month_alone_resolves_in_the_publication_month(sentence: str, expected: dt.date) -> None:
    assert dates_of(sentence, FRI) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "India and China held the 21st round of talks.",
        "Delegates met on the 12th floor of the ministry.",
        "The ministers met on the 3rd of December.",  # a full date: read once, by the date rules
    ],
)
def test_an_ordinal_of_a_noun_is_no_day_of_the_month(sentence: str) -> None:
    found = tensed_dates(sentence, FRI)
    assert all(d.phrase.casefold().startswith("on the") is False or "of" in d.phrase for d in found)
    assert len(found) <= 1


# --------------------------------------------------------------------------- statements are not meetings


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides agreed on a timetable, officials said on Thursday.",
        "The minister, who on Monday had said the talks were dead, took a softer line.",
        "The emir spoke by phone with both delegations on Wednesday night to keep the talks alive.",
        "In a statement on Tuesday, the ministry welcomed the talks.",
        "The spokesman told reporters on Friday that the meeting was useful.",
    ],
)
def test_the_date_of_a_statement_is_a_speech_date(sentence: str) -> None:
    found = tensed_dates(sentence, FRI)
    assert found and all(speech_date(sentence, d, talk_rules()) for d in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The meeting, which opened on Wednesday, was the twelfth of its kind.",
        "Speaking after the talks on Monday, the minister praised the mediators.",
        "The ministry said the talks had opened in Cairo on Tuesday.",
        "The two sides met on Thursday, the ministry said.",
    ],
)
def test_a_meeting_date_near_a_speech_verb_is_kept(sentence: str) -> None:
    found = tensed_dates(sentence, FRI)
    assert found and not any(speech_date(sentence, d, talk_rules()) for d in found)


def test_the_meeting_date_beats_the_date_it_was_announced() -> None:
    text = (
        "COTTONWOOD - Sudan and South Sudan have agreed on a new border timetable, officials said on "
        "Thursday, after a two-day meeting in Juba.\n"
        "The meeting, which opened on Wednesday, was the fifth of the joint border committee.\n"
    )
    assert main(text, FRI) == ("Juba", dt.date(2025, 3, 12), "held")


def test_calls_and_statements_make_no_meetings_of_their_own() -> None:
    text = (
        "Russia and Ukraine resumed talks in Istanbul on Monday.\n"
        "The Turkish president spoke by phone with both leaders on Wednesday night to keep the talks going.\n"
        "A Ukrainian negotiator, who on Tuesday had said the talks were stuck, sounded more hopeful.\n"
    )
    assert [t.date for t in talks(text, FRI)] == [MON]


def test_a_statement_date_is_a_last_resort() -> None:
    text = "Peru and Chile agreed to resume border talks, the foreign ministry said on Thursday."
    assert main(text, FRI)[1] == THU


# --------------------------------------------------------------------------- the main meeting's city


def test_a_small_place_introduced_as_a_town_is_the_city() -> None:
    for text, city in [
        ("Israeli and Lebanese officers met on Tuesday in the coastal town of Tyre for talks.", "Tyre"),
        (
            "Egypt and Israel held talks in the Red Sea resort of Sharm el-Sheikh on Sunday.",
            "Sharm el-Sheikh",
        ),
        ("Colombia and the ELN opened a new round in the town of Chinacota on Monday.", "Chinacota"),
        ("Serbian and Kosovar leaders met in the lakeside village of Struga for talks.", "Struga"),
    ]:
        assert main(text, FRI)[0] == city, text


def test_a_place_followed_by_its_country_is_the_city() -> None:
    text = "Russian and Ukrainian delegations met in Gomel, Belarus, on Monday for peace talks."
    assert main(text, FRI)[:2] == ("Gomel", MON)


@pytest.mark.parametrize(
    "text",
    [
        "In April, Turkey said it would consider the offer of talks with Greece.",
        "In Response, Greece said talks would wait.",
        "In Africa, China has held talks with many governments.",
        "The city of London police said talks were not their business.",
    ],
)
def test_no_place_is_made_of_a_month_a_word_or_a_known_city(text: str) -> None:
    names = [p.name for p in find_places(text, find_cities(text))]
    assert not {"April", "Response", "Africa", "London police"} & set(names)


def test_a_place_with_an_adjective_is_the_city() -> None:
    text = "The leaders of China and Japan will open their summit on Monday at a hotel in central Beijing."
    assert main(text, FRI)[0] == "Beijing"


def test_the_dateline_wins_only_when_the_text_places_the_meeting_nowhere() -> None:
    elsewhere = (
        "MOSCOW, March 14 (Wire) - Armenian and Azerbaijani foreign ministers met in the Kazakh city of "
        "Almaty on Friday for peace talks.\n"
    )
    assert main(elsewhere, FRI)[0] == "Almaty"
    nowhere = (
        "MOSCOW, March 14 (Wire) - Armenian and Azerbaijani foreign ministers held peace talks on Friday.\n"
    )
    assert main(nowhere, FRI)[0] == "Moscow"


def test_a_dateline_in_another_country_than_the_meeting_is_no_city() -> None:
    away = "MOSCOW, May 11 (Wire) - Armenia and Azerbaijan ended talks in Kazakhstan on Saturday.\n"
    assert main(away, dt.date(2025, 5, 11))[0] is None
    home = "ASTANA, May 11 (Wire) - Armenia and Azerbaijan ended talks in Kazakhstan on Saturday.\n"
    assert main(home, dt.date(2025, 5, 11))[0] == "Astana"


def test_a_headline_city_before_the_dateline_counts() -> None:
    text = (
        "Georgia, Abkhazia end Geneva talks without a deal\n"
        "TBILISI, March 14 (Wire) - Georgian and Abkhaz negotiators ended two days of talks on Friday.\n"
        "The two sides will meet again in Vienna.\n"
    )
    assert main(text, FRI) == ("Geneva", dt.date(2025, 3, 13), "held")


@pytest.mark.parametrize(
    "later",
    [
        "The ministers will meet again in Vienna.",
        "The chief negotiators would meet in Vienna in April to start work on the committee.",
        "The two panels agreed to hold their next meeting in Vienna in May.",
        "Those negotiations are due to open in Vienna next month.",
    ],
)
def test_a_later_meetings_city_is_not_the_main_one(later: str) -> None:
    text = f"Georgian and Abkhaz negotiators held talks on Friday.\n{later}\n"
    found = talks(text, SAT)
    assert (found[0].city, found[0].date, found[0].status) == (None, FRI, "held")
    assert [(t.city, t.status) for t in found[1:]] == [("Vienna", "scheduled")]


def test_a_place_where_something_else_will_happen_is_no_later_meeting() -> None:
    text = (
        "India and Pakistan held talks on Kashmir in Islamabad on Tuesday.\n"
        "In the talks they also said they planned to reopen their consulates in Karachi and Mumbai.\n"
    )
    assert [t.city for t in talks(text, FRI)] == ["Islamabad"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The two, who last met in Brussels in February, held talks in Ohrid, North Macedonia, on Saturday.",
        "The two, whose first meeting in Brussels ended badly, met in Ohrid, North Macedonia, on Saturday.",
        "The two, who have met in Brussels many times, held talks in Ohrid, North Macedonia, on Saturday.",
    ],
)
def test_an_earlier_meetings_city_is_not_the_main_one(sentence: str) -> None:
    text = f"Serbia and Kosovo hold talks\n{sentence}\n"
    assert main(text, dt.date(2025, 3, 17))[:2] == ("Ohrid", SAT)


def test_a_meeting_still_to_come_keeps_its_future_city() -> None:
    text = "Sudan's army and the RSF will hold talks in Jeddah on Saturday, mediators said."
    assert main(text, THU) == ("Jeddah", SAT, "scheduled")


def test_a_city_with_another_meetings_date_is_not_the_main_city() -> None:
    text = (
        "India and China held the 22nd round of military talks on Monday at a border point in Ladakh.\n"
        "The talks came a week after a diplomatic meeting, which was held in Beijing on March 3.\n"
    )
    found = talks(text, FRI)
    assert (found[0].city, found[0].date) == (None, MON)
    assert [(t.city, t.date) for t in found[1:]] == [("Beijing", dt.date(2025, 3, 3))]


# --------------------------------------------------------------------------- which meeting is the main one


def test_a_signing_reported_beats_the_next_meeting() -> None:
    text = (
        "Congo and the M23 sign truce in Doha\n"
        "The declaration was signed on Saturday at the Qatari foreign ministry in Doha, after talks that "
        "began in the spring.\n"
        "Those negotiations are due to open in Doha on 8 August.\n"
    )
    found = talks(text, SAT)
    assert (found[0].city, found[0].date, found[0].status) == ("Doha", SAT, "held")
    assert (found[1].city, found[1].date, found[1].status) == ("Doha", dt.date(2025, 8, 8), "scheduled")


def test_a_follow_up_first_in_the_text_is_still_not_the_main_meeting() -> None:
    text = (
        "Greece and Turkey sign fisheries memorandum after talks\n"
        "The next round of talks between Greece and Turkey is due to open in Ankara on 8 August.\n"
        "The two sides signed a memorandum on Saturday at the foreign ministry in Athens, after talks.\n"
    )
    found = talks(text, SAT)
    assert (found[0].city, found[0].date, found[0].status) == ("Athens", SAT, "held")
    assert (found[1].city, found[1].date) == ("Ankara", dt.date(2025, 8, 8))


@pytest.mark.parametrize(
    "sentence",
    [
        "A meeting of the joint border committee is scheduled for August 4 in Phnom Penh.",
        "The next session of the commission has been pencilled in for August 4.",
        "Talks between the two defence ministers, first floated in May, are slated for August 4.",
    ],
)
def test_a_meeting_scheduled_for_a_date_is_a_later_meeting(sentence: str) -> None:
    text = f"Thailand and Cambodia agreed to a ceasefire after talks in Putrajaya on Monday.\n{sentence}\n"
    found = talks(text, dt.date(2025, 7, 29))
    assert (found[0].date, found[0].status) == (dt.date(2025, 7, 28), "held")
    assert [(t.date, t.status) for t in found[1:]] == [(dt.date(2025, 8, 4), "scheduled")]


def test_a_preview_led_by_its_next_round_keeps_it_as_the_main_meeting() -> None:
    text = (
        "Iran and the United States will hold another round of talks in Muscat on Saturday.\n"
        "The two delegations met in Rome on April 19 for talks that both sides called constructive.\n"
    )
    found = talks(text, dt.date(2025, 4, 24))
    assert (found[0].city, found[0].date, found[0].status) == ("Muscat", dt.date(2025, 4, 26), "scheduled")


def test_inverted_attribution_keeps_the_meeting_date() -> None:
    text = "Kenya and Somalia held talks in Mombasa on Friday, said a senior diplomat."
    assert main(text, SAT)[1] == FRI


def test_a_preview_keeps_its_future_meeting() -> None:
    text = "Leaders of Armenia and Azerbaijan will meet in Prague on Monday for their next round of talks."
    assert main(text, FRI) == ("Prague", dt.date(2025, 3, 17), "scheduled")


# --------------------------------------------------------------------------- earlier meetings


@pytest.mark.parametrize(
    ("sentence", "city", "date"),
    [
        ("The truce follows a separate accord signed in Washington on 27 June.", "Washington", "2024-06-27"),
        ("They had endorsed the agreement in Brussels on February 27.", "Brussels", "2025-02-27"),
        ("The deal builds on a framework agreed in Nairobi on January 9.", "Nairobi", "2025-01-09"),
        ("It revives a pact sealed on 4 May in Addis Ababa.", "Addis Ababa", "2024-05-04"),
    ],
)
def test_a_deal_sealed_elsewhere_is_an_earlier_meeting(sentence: str, city: str, date: str) -> None:
    text = f"Kenya and Somalia held talks in Mombasa on Friday.\n{sentence}\n"
    found = talks(text, SAT)
    assert (found[0].city, found[0].date) == ("Mombasa", FRI)
    assert [(t.city, t.date, t.status) for t in found[1:]] == [(city, dt.date.fromisoformat(date), "held")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The truce is the third signed in a year.",  # no place, no date
        "Rwanda signed on Monday, officials said.",  # no deal, and a statement
        "Aid agencies in Nairobi on Monday welcomed the agreement.",  # no signing
    ],
)
def test_no_earlier_meeting_without_a_deal_sealed_at_a_place_and_date(sentence: str) -> None:
    text = f"Kenya and Somalia held talks in Mombasa on Friday.\n{sentence}\n"
    assert len(talks(text, SAT)) == 1


def test_an_earlier_meeting_takes_the_city_beside_its_date() -> None:
    text = (
        "Armenian and Azerbaijani ministers ended talks in Almaty on Saturday.\n"
        "It was their first ministerial round since the two men met in Berlin on Feb. 28.\n"
        "The first round of talks was held in Doha on Oct. 19 last year.\n"
    )
    found = talks(text, dt.date(2025, 5, 11))
    assert [(t.city, t.date) for t in found[1:]] == [
        ("Berlin", dt.date(2025, 2, 28)),
        ("Doha", dt.date(2024, 10, 19)),
    ]


def test_dated_place_needs_the_place_beside_the_date() -> None:
    text = "The ministers met in Berlin on Feb. 28 and flew home to Paris, officials said on Friday."
    s = Sentence(text, 0, len(text))
    places = find_places(text, find_cities(text))
    found = {d.phrase: dated_place(s, places, d) for d in tensed_dates(text, FRI)}
    assert {k: (p.name if p else None) for k, p in found.items()} == {"Feb. 28": "Berlin", "on Friday": None}


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    "ending",
    [
        "17:20 - Talks over, no joint statement",
        "The session in the border town ended after about four hours.",
        "The meeting has ended, a UN spokesman said.",
    ],
)
def test_a_live_report_that_the_talks_are_over_makes_them_held(ending: str) -> None:
    text = f"Israeli and Lebanese envoys met on Friday at the UN base for talks.\n{ending}\n"
    assert main(text, FRI)[2] == "held"


def test_talks_over_a_subject_are_not_over() -> None:
    text = "Greek and Turkish envoys met on Friday in Athens for talks over the Aegean dispute."
    assert main(text, FRI)[2] == "ongoing"


@pytest.mark.parametrize(
    "goes_on",
    [
        "The talks in Jeddah are expected to continue once the truce takes hold, the mediators said.",
        "The negotiations will continue next week.",
        "The talks are continuing behind closed doors.",
    ],
)
def test_talks_said_to_go_on_are_ongoing(goes_on: str) -> None:
    text = f"Sudan's army and the RSF opened talks in Jeddah on March 6.\n{goes_on}\n"
    found = talks(text, dt.date(2025, 3, 21))
    assert (found[0].date, found[0].status) == (dt.date(2025, 3, 6), "ongoing")


def test_talks_that_ended_do_not_go_on() -> None:
    text = (
        "Armenian and Azerbaijani ministers ended two days of talks on Saturday.\n"
        "The work will continue at the level of the delegations.\n"
        "The talks will continue in the autumn, the ministers said.\n"
    )
    assert main(text, dt.date(2025, 5, 12))[1:] == (dt.date(2025, 5, 9), "held")


def test_days_of_an_ongoing_meeting_are_no_meetings_of_their_own() -> None:
    text = (
        "Sudan's army and the RSF opened talks in Jeddah on March 6.\n"
        "The talks produced a first result on March 11, when the two sides signed a declaration.\n"
        "The talks in Jeddah are expected to continue, the mediators said.\n"
    )
    assert [t.date for t in talks(text, dt.date(2025, 3, 21))] == [dt.date(2025, 3, 6)]


def test_the_day_the_main_talks_ended_is_no_other_meeting() -> None:
    text = (
        "Sudan's army and the RSF held talks in Jeddah on May 6.\n"
        "The talks ended without agreement on May 8.\n"
    )
    assert [t.date for t in talks(text, dt.date(2025, 5, 21))] == [dt.date(2025, 5, 6)]


# --------------------------------------------------------------------------- datelines and invariants


def test_the_dateline_module_finds_wire_datelines() -> None:
    found = find_dateline("ALMATY, May 11 (Steppe Wire) - Ministers met.\n")
    assert found is not None and (found.city, found.country) == ("Almaty", "Kazakhstan")
    assert find_dateline("Ministers met in Almaty - and left.") is None
    assert find_dateline("New Delhi | Updated: 21 Feb 2024\nMinisters met.") is None


_WORDS = st.sampled_from(
    ["talks", "met", "on", "Monday", "the", "27th", "in", "Geneva", "will", "said", "last", "year", "June",
     "4", ",", "town", "of", "Tyre", "began", "signed", "deal", "Kenya", "and", "Somalia", "over", "."]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_any_word_soup_gives_a_main_talk_and_valid_dates(words: list[str], published: dt.date) -> None:
    text = " ".join(words)
    found = talks(text, published)
    assert found
    for d in tensed_dates(text, published):
        assert 0 <= d.start < d.end <= len(text)
    assert len({t.date for t in found[1:] if t.date}) == len([t for t in found[1:] if t.date])


# --------------------------------------------------------------------------- whole short reports

WIRE = (
    "Kosovo, Serbia negotiators fail to agree on energy deal in Brussels\n"
    "BRUSSELS, Oct 4 (Wire) - Chief negotiators from Kosovo and Serbia ended a day of EU-mediated talks on "
    "Wednesday without agreeing on how to share revenue from the northern power grid, the EU envoy said.\n"
    "The talks, which opened on Wednesday morning at the EU's external action service, were the first since "
    "the leaders met in the Slovenian town of Brdo in June.\n"
    '"We will meet again in two weeks," the envoy told reporters, adding that the chief negotiators would '
    "meet again in Skopje later this month.\n"
)
REGIONAL = (
    "Thai, Cambodian commanders hold border talks\n"
    "Thai and Cambodian regional army commanders held talks on Sunday at a border checkpoint in the village "
    "of Chong Chom to ease tensions, officials said on Monday.\n"
    "The meeting, which lasted four hours, followed a ceasefire agreed in Putrajaya on July 28.\n"
    "The commanders agreed to meet again next month.\n"
)
TRANSLATED = (
    "(Translated from Korean) North, South Korea hold first talks in two years\n"
    "(Yonhap, Seoul, March 3) North and South Korea held their first official talks in two years on the 2nd "
    "at the truce village of Panmunjom, the unification ministry said.\n"
    "The talks lasted until late in the evening.\n"
    "The two sides agreed to hold working-level talks in Kaesong on the 15th.\n"
)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            WIRE,
            dt.date(2023, 10, 5),
            [("Brussels", dt.date(2023, 10, 4), "held"), ("Skopje", None, "scheduled")],
        ),
        (
            REGIONAL,
            dt.date(2025, 8, 11),
            [("Chong Chom", dt.date(2025, 8, 10), "held"), ("Putrajaya", dt.date(2025, 7, 28), "held")],
        ),
        (
            TRANSLATED,
            dt.date(2018, 3, 3),
            [("Panmunjom", dt.date(2018, 3, 2), "held"), ("Kaesong", dt.date(2018, 3, 15), "scheduled")],
        ),
    ],
)
def test_short_reports(
    text: str, published: dt.date, expected: list[tuple[str | None, dt.date | None, str]]
) -> None:
    assert [(t.city, t.date, t.status) for t in talks(text, published)] == expected


def test_the_status_cites_the_sentence_that_says_the_talks_are_over() -> None:
    text = (
        "Israeli and Lebanese envoys met on Friday at the UN base for talks.\n17:20 - Talks over, no word\n"
    )
    main_talk = talks(text, FRI)[0]
    status = {s.field: s.evidence.sentence for s in main_talk.sources}.get("status")
    assert main_talk.status == "held" and status == "17:20 - Talks over, no word"


# --------------------------------------------------------------------------- the day a meeting began


@pytest.mark.parametrize(
    "text",
    [
        "Rival factions signed a unity pledge in Algiers on Thursday after three days of talks. "
        "The talks, which began on Tuesday at a state guesthouse, were hosted by Algeria.",
        "Negotiators initialled a draft accord in Geneva on Thursday. The round opened on Tuesday "
        "with a dinner for both delegations.",
    ],
)
def test_the_day_the_meeting_began_is_its_date_not_the_day_of_the_signing(text: str) -> None:
    assert main(text, FRI)[1] == dt.date(2025, 3, 11)


def test_a_war_that_began_on_a_day_does_not_date_the_talks() -> None:
    text = (
        "Envoys met in Geneva on Thursday for talks on a truce. The offensive, which began on Tuesday, "
        "has displaced thousands."
    )
    assert main(text, FRI)[1] == dt.date(2025, 3, 13)


# --------------------------------------------------------------------- a background year in the main sentence


def test_a_year_about_the_background_does_not_make_this_weeks_meeting_an_old_one() -> None:
    text = (
        "Delegations from Morocco and Algeria met in Geneva on Thursday for a second round of Swiss-mediated "
        "talks on reopening a border that was closed in 1994, officials said. The peace talks will resume."
    )
    main_talk = talks(text, SAT)[0]
    assert (main_talk.city, main_talk.date, main_talk.mediators) == ("Geneva", THU, ("Switzerland",))


def test_a_meeting_dated_to_an_earlier_year_stays_a_secondary_talk() -> None:
    text = (
        "Delegations from Morocco and Algeria met in Geneva on Thursday for talks on the border. "
        "The two sides last met in Lisbon in 2019, when the talks collapsed."
    )
    assert talks(text, SAT)[0].city == "Geneva"
