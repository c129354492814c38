"""is_negotiation on short reports written for these tests: diplomacy in; labour, business, sport out."""

from __future__ import annotations

import pytest

from extractors.negotiation.actors import find_actors
from extractors.negotiation.classify import is_negotiation, negotiation_score
from extractors.negotiation.sentences import split_sentences


def decide(text: str) -> bool:
    return is_negotiation(text, split_sentences(text), find_actors(text))


@pytest.mark.parametrize(
    "text",
    [
        "Envoys from Peru and Chile met in Lima on Monday to discuss the maritime border dispute.",
        "Hamas and Israel agreed to a truce after indirect talks in Cairo mediated by Egypt and Qatar.",
        "Iran and the United States held a second round of nuclear talks in Muscat on Saturday.",
        "The Taliban released two hostages in a prisoner swap with the Afghan government.",
        "Japan and the United States opened trade talks in Tokyo, with car tariffs at the top of the agenda.",
    ],
)
def test_negotiations(text: str) -> None:
    assert decide(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Brazil and Argentina meet in a World Cup qualifier in Buenos Aires on Tuesday, with the coach "
        "confident his striker will be fit for the match against the league leaders.",
        "Germany and France meet in the Euro 2024 semi-final in Munich on Wednesday.",
        "The union and the carmaker resumed contract talks on wages as a strike deadline neared in Detroit.",
        "The Dutch coalition parties resumed talks on forming a government, the Christian Democrats said.",
        "The chipmaker agreed a takeover of its German rival after talks with shareholders.",
        "Talks are planned.",
        "",
    ],
)
def test_not_negotiations(text: str) -> None:
    assert decide(text) is False


def test_cue_words_inside_actor_names_do_not_count() -> None:
    text = "The European Union and the African Union met in Addis Ababa."
    assert negotiation_score(text, find_actors(text)).negative == 0


def test_an_agreement_signed_by_warring_sides_through_guarantors_is_a_negotiation() -> None:
    text = (
        "Armenia and Azerbaijan signed separate documents with Georgia and the European Union on Friday "
        "to reopen a humanitarian corridor across the front line.\n"
        "The warring sides did not sign anything with each other; Georgia and the EU act as guarantors. "
        "Armenia's defence minister signed one copy and Azerbaijan's deputy prime minister another.\n"
        "Military delegations from Armenia, Azerbaijan, Georgia and the EU first sat down together in "
        "Tbilisi last month. Grain traders and futures markets barely moved."
    )
    assert decide(text)


def test_sitting_down_with_a_club_is_not_a_negotiation() -> None:
    text = (
        "The striker sat down with Real Madrid and Chelsea officials on Monday to discuss a transfer, "
        "his agent said.\nThe club's sporting director said the fee and the player's wages were still "
        "being negotiated, and a medical was planned for next week."
    )
    assert not decide(text)
