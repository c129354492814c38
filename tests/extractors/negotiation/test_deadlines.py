"""Deadlines and their time limits: many phrasings of news ultimatums, and spans that are not deadlines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.errors import ConfigError
from extractors.negotiation.cues import default_cues
from extractors.negotiation.dates import duration_days
from extractors.negotiation.deadlines import DEADLINE_CUE_TYPES, extract_deadlines
from extractors.negotiation.limits import deadline_date, default_holidays, load_holidays, movable_holiday
from extractors.negotiation.sentences import split_sentences
from extractors.records import Deadline

WED = dt.date(2025, 7, 23)  # a Wednesday


def deadlines(text: str, published: dt.date | None = WED) -> tuple[Deadline, ...]:
    return extract_deadlines(text, split_sentences(text), published, default_cues())


def limits(text: str, published: dt.date | None = WED) -> list[tuple[str | None, int | None, str | None]]:
    return [(d.issuer, d.days, d.date and d.date.isoformat()) for d in deadlines(text, published)]


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wire style: digits, "gave X N days to"
        ("U.S. President Donald Trump gave Moscow 12 days to agree to a truce or face secondary tariffs.",
         [("Donald Trump", 12, None)]),
        # number words, months counted 30 days each
        ("Washington has given Caracas three months to hold a fair vote or face renewed oil sanctions, "
         "Secretary of State Marco Rubio said.", [("United States", 90, None)]),
        ("President Emmanuel Macron warned that France would push for sanctions unless Moscow pulled back "
         "within two months.", [("Emmanuel Macron", 60, None)]),
        ("The European Union set Belgrade a two-week deadline to normalise ties with Kosovo, warning of "
         "sanctions.", [("European Union", 14, None)]),
        ("ECOWAS has given the junta a week to restore the elected government or face military force.",
         [("ECOWAS", 7, None)]),
        # hours round up to whole days
        ("Secretary of State Marco Rubio gave Hamas 48 hours to accept the offer or face the consequences.",
         [("Marco Rubio", 2, None)]),
        ("The army issued a 72-hour ultimatum to the rebels, President Yoweri Museveni said, threatening "
         "military action.", [("Yoweri Museveni", 3, None)]),
        # "fifty days" in words; the speaker at the end of the sentence is the issuer
        ("Russia must agree to a ceasefire within fifty days or face tariffs, President Donald Trump said.",
         [("Donald Trump", 50, None)]),
        # a bare condition with its consequence, voiced by a named speaker
        ("Erdogan warned that Turkey would launch a military operation if the militia did not withdraw "
         "within 72 hours.", [("Erdogan", 3, None)]),
        ("If Moscow does not agree to a truce within forty-five days, Washington will impose tariffs, "
         "President Donald Trump said.", [("Donald Trump", 45, None)]),
        # "in N days" is a limit inside a condition not met
        ("Trump warned of severe tariffs unless Moscow agreed to a truce in 50 days.", [("Trump", 50, None)]),
        # a passive: the subject is the target, the agent the issuer
        ("Iran was given a fortnight to answer by the E3, which warned of sanctions.", [("E3", 14, None)]),
    ],
)  # fmt: skip
def test_duration_deadlines(text: str, expected: list[tuple[str | None, int | None, str | None]]) -> None:
    assert limits(text) == expected


def test_two_months_counts_sixty_days_and_the_target_is_who_is_given_the_time() -> None:
    text = (
        "Venezuela's opposition met mediators in Oslo on Tuesday.\n"
        "President Donald Trump has warned Caracas that it faces sanctions unless it frees political "
        "prisoners, and has given Nicolas Maduro's government two months to comply."
    )
    (d,) = deadlines(text)
    assert (d.issuer, d.target, d.days, d.date, d.consequence) == (
        "Donald Trump",
        "Nicolas Maduro",
        60,
        None,
        "sanctions",
    )
    assert text[d.evidence.start : d.evidence.end] == d.evidence.sentence


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump said on Monday that Moscow had until Friday to agree to a ceasefire or face secondary "
         "tariffs.", [("Trump", None, "2025-07-25")]),
        # the subject "has until": the issuer speaks later in the sentence
        ("Iran has until the end of the month to restore inspections or face snapback sanctions, "
         "the E3 warned.", [("E3", None, "2025-07-31")]),
        ("Beijing has until the end of the year to cut its export subsidies, Washington warned, or face "
         "new tariffs.", [("United States", None, "2025-12-31")]),
        ("The ultimatum issued by President Paul Kagame expires on December 31, after which his forces "
         "will resume operations.", [("Paul Kagame", None, "2025-12-31")]),
        ("Brussels set a deadline of August 15 for an agreement, threatening countermeasures.",
         [("European Union", None, "2025-08-15")]),
        ("Chancellor Friedrich Merz set an Aug. 1 deadline for a deal, warning of tariffs on U.S. goods.",
         [("Friedrich Merz", None, "2025-08-01")]),
        # a fixed holiday resolves to its next occurrence
        ("Hamas must release the remaining hostages by Christmas or face a renewed offensive, Prime "
         "Minister Benjamin Netanyahu said.", [("Benjamin Netanyahu", None, "2025-12-25")]),
        # one ultimatum named with both its length and its end
        ("Trump's 50-day ultimatum to the Kremlin runs out on September 10, and he has threatened "
         "sanctions.", [("Trump", 50, "2025-09-10")]),
        # a deadline already past keeps the date nearest publication, not next year's
        ("The E3 had set a deadline of June 30 for Iran to resume cooperation or face sanctions.",
         [("E3", None, "2025-06-30")]),
        ("The ultimatum expired on Sunday with no reply from the rebels, President William Ruto said, "
         "warning of military action.", [("William Ruto", None, "2025-07-20")]),
        # a moved limit; a time between the issuer and the verb
        ("Trump on Monday moved his deadline for Russia to August 8, warning of secondary sanctions.",
         [("Trump", None, "2025-08-08")]),
        # threatened measures that start on a day
        ("President Donald Trump threatened 30% tariffs on EU goods starting Aug. 1 if no deal is reached.",
         [("Donald Trump", None, "2025-08-01")]),
        ("The EU set Friday as the deadline for a reply, warning of countermeasures.",
         [("European Union", None, "2025-07-25")]),
        ("Hamas must answer by the 8th of August or face consequences, Prime Minister Benjamin Netanyahu "
         "said.", [("Benjamin Netanyahu", None, "2025-08-08")]),
        # who set a deadline named first
        ("Moscow ignored the Aug. 8 deadline set by President Donald Trump, who has threatened sanctions.",
         [("Donald Trump", None, "2025-08-08")]),
        ("Russia is unlikely to meet the Friday deadline Trump set for a ceasefire, analysts warned.",
         [("Trump", None, "2025-07-25")]),
        ("The tariffs, due to take effect on August 1, were announced by President Donald Trump.",
         [("Donald Trump", None, "2025-08-01")]),
        # a meeting named on the way is no schedule for the limit
        ("Trump warned at a meeting on Monday that Russia had until Friday to agree to a ceasefire.",
         [("Trump", None, "2025-07-25")]),
        # "wants … by Friday, or …": the alternative makes a wish a demand; "he" is Trump
        ("Trump wants a deal by Friday, or tariffs will rise, he warned.", [("Trump", None, "2025-07-25")]),
    ],
)  # fmt: skip
def test_dated_deadlines(text: str, expected: list[tuple[str | None, int | None, str | None]]) -> None:
    assert limits(text) == expected


def test_a_movable_holiday_takes_the_date_the_article_gives_it() -> None:
    text = (
        "Israeli Prime Minister Benjamin Netanyahu spoke in Jerusalem on Sunday.\n"
        "Netanyahu said that if the captives were not freed by Ramadan, the offensive would go on in Rafah.\n"
        "Religious authorities say Ramadan should begin on March 1 this year."
    )
    (d,) = deadlines(text, dt.date(2025, 2, 10))
    assert (d.issuer, d.days, d.date) == ("Benjamin Netanyahu", None, dt.date(2025, 3, 1))
    assert d.consequence == "offensive would go on in Rafah"


def test_a_movable_holiday_nobody_dates_keeps_the_deadline_without_a_date() -> None:
    text = (
        "Netanyahu said that if the captives were not freed by Ramadan, the offensive would go on in Rafah."
    )
    assert limits(text, dt.date(2025, 2, 10)) == [("Netanyahu", None, None)]
    # with no consequence the undated limit is too weak to report
    assert deadlines("Netanyahu warned the captives must be home by Ramadan.", dt.date(2025, 2, 10)) == ()


def test_a_bare_month_is_an_undated_limit() -> None:
    text = (
        "Prime Minister Keir Starmer warned that Britain would recognise a Palestinian state unless "
        "Israel agreed to a ceasefire by September."
    )
    (d,) = deadlines(text)
    assert (d.issuer, d.days, d.date, d.consequence) == (
        "Keir Starmer",
        None,
        None,
        "recognise a Palestinian state",
    )


def test_a_relative_date_needs_the_publication_date() -> None:
    text = "Iran has until the end of the month to comply or face sanctions, the E3 warned."
    assert deadlines(text, None) == ()


# --------------------------------------------------------------------------- not deadlines


@pytest.mark.parametrize(
    "text",
    [
        "Elections will be held in two months, the electoral commission said, warning of delays.",
        "The ceasefire has held for 50 days despite repeated threats from both sides.",
        "Talks lasted two weeks before the delegations left Geneva, officials said, with no sanctions deal.",
        "Within 24 hours of the truce, Israel had struck Gaza again, Hamas warned.",
        "The two sides hope to sign a peace agreement by the end of the year, despite threats of sanctions.",
        "Negotiators will meet again before Christmas, the mediator said, warning that sanctions may follow.",
        "Russia launched 300 drones over two weeks, Zelensky warned.",
        "The sanctions were imposed in 2022 and have been in force for three years.",
        "The truce on tariffs runs out on August 12, and both sides want to extend it.",
        "The president is expected to announce new tariffs by Friday, officials said.",
        "Under the deal, Iran has 60 days to ship out its enriched uranium, diplomats said.",
        "Ukraine and Russia agreed to exchange prisoners within two weeks, the mediator said.",
        "The two sides have given themselves until August 18 to conclude a comprehensive peace agreement.",
        "If the talks do not succeed, the war will go on for years, analysts said.",
        "Negotiators hope to finish the text within 30 days, the chief delegate said.",
        "Trump wants the war to end by Christmas, despite threats of sanctions.",
        "Russia must agree to a ceasefire within 50 days or face tariffs.",
        "Israel and Hamas missed a deadline of March 1 to agree on the second phase of the truce.",
        "If the talks succeed in two weeks, sanctions will be lifted, the envoy said.",
    ],
)
def test_spans_schedules_and_hopes_are_not_deadlines(text: str) -> None:
    assert deadlines(text) == ()


# --------------------------------------------------------------------------- time limits


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("50 days", 50),
        ("fifty days", 50),
        ("forty-five days", 45),
        ("twenty one days", 21),
        ("a week", 7),
        ("two weeks", 14),
        ("a fortnight", 14),
        ("two months", 60),
        ("a month", 30),
        ("48 hours", 2),
        ("36 hours", 2),
        ("a 30-day deadline", 30),
        ("a 72-hour ultimatum", 3),
        ("within the next 10 days", 10),
    ],
)
def test_duration_days(phrase: str, days: int) -> None:
    assert duration_days(phrase) == days


@pytest.mark.parametrize("phrase", ["several weeks", "a few days", "by Friday", "", "days"])
def test_vague_durations_have_no_days(phrase: str) -> None:
    assert duration_days(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("July 9", dt.date(2025, 7, 9)),  # the nearest July 9, even just past
        ("Aug. 1", dt.date(2025, 8, 1)),
        ("1 September 2026", dt.date(2026, 9, 1)),
        ("Friday", dt.date(2025, 7, 25)),  # a bare weekday is the next one
        ("midnight on Sunday", dt.date(2025, 7, 27)),
        ("the end of the month", dt.date(2025, 7, 31)),
        ("the end of next month", dt.date(2025, 8, 31)),
        ("the end of the year", dt.date(2025, 12, 31)),
        ("year-end", dt.date(2025, 12, 31)),
        ("the end of August", dt.date(2025, 8, 31)),
        ("the end of February 2028", dt.date(2028, 2, 29)),
        ("Christmas", dt.date(2025, 12, 25)),
        ("New Year’s Day", dt.date(2026, 1, 1)),
        ("Orthodox Christmas", dt.date(2026, 1, 7)),
    ],
)
def test_deadline_date(phrase: str, expected: dt.date) -> None:
    assert deadline_date(phrase, WED) == expected


def test_the_end_of_a_year_rolls_over_in_december() -> None:
    assert deadline_date("the end of next month", dt.date(2025, 12, 5)) == dt.date(2026, 1, 31)
    assert deadline_date("Christmas", dt.date(2025, 12, 26)) == dt.date(2026, 12, 25)


@pytest.mark.parametrize("phrase", ["Ramadan", "Easter", "September", "mid-August", "the weekend", "Trump"])
def test_phrases_that_fix_no_day_are_none(phrase: str) -> None:
    assert deadline_date(phrase, WED) is None


def test_a_movable_holiday_is_dated_only_by_the_article() -> None:
    text = "Leaders want a truce before Eid al-Fitr. Eid al-Fitr falls on March 30 this year."
    assert deadline_date("Eid al-Fitr", dt.date(2025, 3, 2), text) == dt.date(2025, 3, 30)
    ends = "Ramadan, which is expected to end on April 9, began last week."
    assert deadline_date("Ramadan", dt.date(2025, 3, 12), ends) is None
    assert movable_holiday("by Ramadan") and movable_holiday("Lunar New Year")
    assert not movable_holiday("Christmas") and not movable_holiday("New Year")


def test_relative_limits_need_a_publication_date() -> None:
    assert deadline_date("the end of the month", None) is None
    assert deadline_date("Christmas", None) is None
    assert deadline_date("the end of August 2025", None) == dt.date(2025, 8, 31)


# --------------------------------------------------------------------------- lexicon


def test_every_deadline_cue_has_a_known_type() -> None:
    kinds = {c.type for c in default_cues().deadlines}
    assert kinds <= set(DEADLINE_CUE_TYPES)
    assert kinds == set(DEADLINE_CUE_TYPES)


def test_holiday_table_loads() -> None:
    holidays = default_holidays()
    assert ("Christmas", 12, 25) in holidays.fixed
    assert "Ramadan" in holidays.movable


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[holidays]\nmovable = ["Ramadan"]\n[holidays.fixed]\n"Christmas" = "25-12"\n', "Christmas"),
        ('[holidays]\nmovable = ["Ramadan"]\n[holidays.fixed]\n"Leap" = "02-30"\n', "Leap"),
        ('[holidays]\nmovable = [""]\n[holidays.fixed]\n"Christmas" = "12-25"\n', "movable"),
        ('[holidays]\nmovable = ["Ramadan"]\n', "fixed"),
        ("[other]\nx = 1\n", "[holidays]"),
    ],
)
def test_a_bad_holiday_table_names_the_file_and_entry(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml") as err:
        load_holidays(path)
    assert message in str(err.value)


# --------------------------------------------------------------------------- robustness


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Trump",
                "warned",
                "gave",
                "Russia",
                "has until",
                "by",
                "within",
                "two months",
                "48 hours",
                "Friday",
                "Ramadan",
                "Christmas",
                "the end of the month",
                "if",
                "not",
                "unless",
                ",",
                ".",
                "will",
                "face",
                "sanctions",
                "deadline",
                "ultimatum",
                "of",
                "'s",
            ]
        ),
        max_size=40,
    ),
    st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))),
)
def test_any_word_salad_gives_well_formed_deadlines(words: list[str], published: dt.date | None) -> None:
    text = " ".join(words)
    for d in deadlines(text, published):
        assert d.issuer
        assert d.days is None or d.days > 0
        assert text[d.evidence.start : d.evidence.end] == d.evidence.sentence
