"""Outcome families that news phrases in many ways: truces signed as deals, next rounds, glosses, repeats.

Every sentence here is written for this file in the style of wire, broadcast and regional
reports; each family has several phrasings and counter-examples that must not match.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.negotiation.events import extract_events
from extractors.negotiation.sentences import split_sentences
from extractors.records import Outcome


def outcomes(text: str, published: dt.date | None = None) -> tuple[Outcome, ...]:
    return extract_events(text, split_sentences(text), published)[0]


def types(text: str) -> list[str]:
    return [o.type for o in outcomes(text)]


# --------------------------------------------------------------------------- a truce agreed as a deal


@pytest.mark.parametrize(
    "text",
    [
        "The army and the rebel militia signed an agreement late on Friday for a 72-hour truce.",
        "Both sides reached a deal in the early hours for a ten-day ceasefire around the port.",
        "Kinshasa and the rebels signed an accord on a permanent ceasefire in the eastern provinces.",
        "The two governments agreed on Wednesday to extend the truce by another month.",
        "Islamabad and Kabul agreed on Thursday to maintain a shaky ceasefire along the frontier.",
        "The rival factions agreed to respect the truce brokered by Egypt in March.",
        "The charter, signed in Nairobi, commits both sides to a lasting ceasefire.",
        "The declaration commits the parties to an immediate cessation of hostilities.",
    ],
)
def test_a_truce_agreed_as_a_deal_is_a_ceasefire_not_a_generic_agreement(text: str) -> None:
    assert types(text) == ["ceasefire"]


@pytest.mark.parametrize(
    "text",
    [
        "Mediators are still working on an agreement for a truce before the holiday.",
        "The opposition remains committed to a ceasefire, its leader said.",
        "The rebels refused to sign a deal for a ceasefire.",
    ],
)
def test_a_truce_still_sought_is_no_ceasefire(text: str) -> None:
    assert "ceasefire" not in types(text)


def test_a_date_after_agreed_does_not_make_it_an_agreement_on_the_date() -> None:
    text = "The government agreed on Monday to release 40 detainees held since the spring."
    assert types(text) == ["prisoner_exchange"]
    assert types("The two ministers agreed on 12 March to cut their tariffs on grain.") == ["agreement"]


def test_agreeing_on_a_text_is_still_an_agreement() -> None:
    assert types("The panels agreed on a new timetable for the handover of weapons.") == ["agreement"]


# --------------------------------------------------------------------------- a next round, in any wording


@pytest.mark.parametrize(
    "text",
    [
        "The talks are due to resume in Nairobi on 14 September, the mediators said.",
        "The joint commission is expected to meet again on 3 February.",
        "The two delegations agreed to hold their next meeting in Jakarta.",
        "The panels also agreed to hold their fifth meeting in Oslo in June.",
        "The negotiators will reconvene next month in Vienna.",
        "A fourth round is planned for early May in Muscat.",
        "The next session is scheduled for the second week of October.",
        '"We have agreed that the foreign ministers will meet again in Baku," the minister told reporters.',
        "The two sides agreed on Friday to meet again after the elections.",
        "Iran and the European powers said they would meet again before the end of the year.",
        "The two sides will hold another round of talks in Muscat next month.",
        "The delegations set the next round for 5 May in Tashkent.",
    ],
)
def test_a_next_round_is_found_in_many_phrasings(text: str) -> None:
    assert types(text) == ["next_round_agreed"]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the envoys could meet again in Cairo if progress is made.",
        "The militia will resume attacks if the talks fail, a commander warned.",
        "Hopes that the talks will resume soon are fading.",
        "Rebels said they would resume fighting unless the army withdrew.",
    ],
)
def test_a_conditional_or_unrelated_resumption_is_no_next_round(text: str) -> None:
    assert "next_round_agreed" not in types(text)


def test_two_mentions_of_the_next_round_are_one_outcome() -> None:
    text = (
        "The delegations agreed to continue the negotiations next week.\n"
        "The third round is expected to take place on April 19 in Rome, officials said."
    )
    assert types(text) == ["next_round_agreed"]


# --------------------------------------------------------------------------- stalemates and hypotheses


@pytest.mark.parametrize(
    "text",
    [
        "The ministers ended two days of talks on Friday without completing a peace treaty.",
        "The summit broke up without signing the trade pact.",
    ],
)
def test_ending_without_the_treaty_is_no_breakthrough(text: str) -> None:
    assert types(text) == ["no_breakthrough"]


@pytest.mark.parametrize(
    "text",
    [
        "The minister, who had warned that the collapse of the talks would mean war, was more cautious.",
        "Analysts say the failure of the negotiations could push the region into a wider conflict.",
        "If the talks fail, the sanctions will return.",
    ],
)
def test_a_hypothetical_failure_is_no_outcome(text: str) -> None:
    assert types(text) == []


def test_a_failure_reported_before_a_hypothetical_clause_still_counts() -> None:
    text = "The talks ended without an agreement, but the envoys said they would meet again in August."
    assert types(text) == ["no_breakthrough", "next_round_agreed"]


def test_the_same_outcome_of_an_earlier_round_is_another_fact() -> None:
    text = (
        "The two armies held the ninth round of border talks on Monday but failed to make progress.\n"
        "The previous round, held in March, also ended without an agreement on the disputed valleys."
    )
    assert types(text) == ["no_breakthrough", "no_breakthrough"]


def test_repeated_stalemate_of_one_round_is_one_fact() -> None:
    text = (
        "The fourth round ended without a deal on Tuesday.\n"
        "Diplomats said the talks had failed to bridge the gap on prisoners."
    )
    assert types(text) == ["no_breakthrough"]


# --------------------------------------------------------------------------- vague pledges and glosses


@pytest.mark.parametrize(
    "text",
    [
        "The two sides agreed to maintain peace and tranquillity along the disputed border.",
        "The commanders agreed to preserve the calm in the buffer zone.",
        "Both delegations agreed to maintain communication through military channels.",
    ],
)
def test_a_pledge_to_keep_the_peace_is_other_not_a_deal(text: str) -> None:
    assert types(text) == ["other"]


def test_narrowing_differences_is_not_an_outcome() -> None:
    text = "The envoys said they had narrowed their differences on the draft and would keep talking."
    assert types(text) == []


def test_a_quoted_gloss_on_a_truce_is_not_another_agreement() -> None:
    text = (
        "The two governments agreed to an immediate ceasefire on Monday after talks in Geneva.\n"
        '"We agreed to return to normal relations between our two peoples," the prime minister said.\n'
        '"We have made progress, but much remains to be done," the mediator said.'
    )
    assert types(text) == ["ceasefire"]


def test_a_quoted_agreement_counts_when_the_prose_reports_nothing() -> None:
    text = '"We agreed to cut the duties on steel by half," the trade minister said.'
    assert types(text) == ["agreement"]


def test_a_back_reference_to_a_truce_is_not_another_agreement() -> None:
    text = (
        "Both sides agreed to a permanent cessation of hostilities on Wednesday.\n"
        "Under the agreement, the rebels will hand over their heavy weapons within a month."
    )
    assert types(text) == ["ceasefire"]


def test_a_back_reference_alone_still_reports_the_deal() -> None:
    text = "Under the agreement, the rebels will hand over their heavy weapons within a month."
    assert types(text) == ["agreement"]


# --------------------------------------------------------------------------- statements


def test_a_signed_joint_statement_is_an_agreement_and_an_issued_one_is_other() -> None:
    assert types("At their first summit the two leaders signed a joint statement on denuclearisation.") == [
        "agreement"
    ]
    assert types("A joint statement issued after the talks said the sides would stay in touch.") == ["other"]


def test_a_quotation_running_on_from_the_sentence_before_is_still_a_quotation() -> None:
    text = (
        "The two sides swapped 120 prisoners of war at the border on Sunday.\n"
        '"This is a good day. We agreed to keep working on the lists," the ombudsman said.'
    )
    assert types(text) == ["prisoner_exchange"]


# --------------------------------------------------------------------------- explainer phrasing


@pytest.mark.parametrize(
    "text",
    [
        "The envoy said both governments had accepted an annex setting out how the deal will be implemented.",
        "Both sides agreed on Monday on a roadmap for the return of displaced families.",
    ],
)
def test_accepting_a_deal_text_is_an_agreement(text: str) -> None:
    assert types(text) == ["agreement"]


@pytest.mark.parametrize(
    "text",
    [
        "The president refused to put his name to the accord, saying it implied recognition.",
        "The rebel leader declined to sign the final document at the ceremony.",
    ],
)
def test_refusing_to_sign_is_reported_as_other(text: str) -> None:
    assert types(text) == ["other"]


def test_accepting_an_invitation_is_no_agreement() -> None:
    assert types("The foreign minister accepted an invitation to visit Ankara next month.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Under the accord the sides will open talks on a final settlement. "
        "Those talks are due to open in Accra on 2 June.",
        "Follow-up negotiations on the border are scheduled to begin in Tashkent next week.",
    ],
)
def test_talks_that_a_deal_sets_up_are_a_next_round(text: str) -> None:
    assert "next_round_agreed" in types(text)


def test_talks_merely_announced_are_no_next_round() -> None:
    assert types("Talks between the two governments are due to begin in Geneva on Monday.") == []


def test_the_first_meeting_since_a_year_is_the_reported_meeting_not_another() -> None:
    text = (
        "It was the first meeting of the two presidents since 2019, and it ended without an agreement.\n"
        "Diplomats said the talks had failed to bridge the gap on the border."
    )
    assert types(text) == ["no_breakthrough"]


def test_a_failed_deal_that_would_have_done_something_is_still_a_stalemate() -> None:
    assert types("The envoys failed to reach a deal that would end the blockade.") == ["no_breakthrough"]


@pytest.mark.parametrize(
    "text",
    [
        "The two sides agreed to discuss a ceasefire at their next meeting.",
        "The envoys agreed to consider a prisoner exchange proposed by the Red Cross.",
        "Both delegations agreed to explore a truce around the port.",
    ],
)
def test_agreeing_to_discuss_a_deal_is_not_the_deal(text: str) -> None:
    assert not {"ceasefire", "prisoner_exchange"} & set(types(text))


def test_meeting_to_discuss_a_swap_is_not_the_swap() -> None:
    assert types("Red Cross officials met in Amman to discuss a prisoner exchange.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The two sides agreed on 3 May to respect the truce along the river.",
        "The foreign ministers agreed on May 12 to extend the ceasefire.",
    ],
)
def test_the_month_may_inside_a_cue_is_not_the_modal(text: str) -> None:
    assert types(text) == ["ceasefire"]


def test_the_modal_may_still_makes_a_swap_hypothetical() -> None:
    assert types("Officials said prisoners may be exchanged as early as next week.") == []
