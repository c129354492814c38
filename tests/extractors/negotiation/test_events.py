"""Outcomes, deadlines and proposals: hand-written fixtures, tricky negatives, the seed, robustness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.errors import ConfigError
from extractors.negotiation.cues import CUES_FILE, load_cues
from extractors.negotiation.events import extract_events
from extractors.negotiation.sentences import split_sentences
from extractors.records import Deadline, Outcome, Proposal

SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "000_1df419df4b49f9f7.txt"


def events(
    text: str, published: dt.date | None = None
) -> tuple[tuple[Outcome, ...], tuple[Deadline, ...], tuple[Proposal, ...]]:
    return extract_events(text, split_sentences(text), published)


def outcome_types(text: str) -> list[str]:
    return [o.type for o in events(text)[0]]


# --------------------------------------------------------------------------- outcomes: what happened


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenia and Azerbaijan swapped 32 prisoners of war on Saturday, officials in both capitals said.",
         "prisoner_exchange"),
        ("Moscow said it had received the bodies of 900 fallen soldiers from Kyiv.", "remains_exchange"),
        ("The militants freed four hostages, among them two aid workers, after talks.", "hostage_release"),
        ("A truce brokered by Egypt took effect at midnight on Thursday.", "ceasefire"),
        ("The two energy ministers signed a memorandum of understanding on gas transit.", "memorandum"),
        ("The delegations agreed to meet again in Vienna at the end of the month.", "next_round_agreed"),
        ("After long talks the two governments reached an agreement on fishing quotas.", "agreement"),
        ("The border talks broke up without agreement late on Wednesday.", "no_breakthrough"),
        ("Both sides said progress was made on the exchange of maps of the disputed area.", "other"),
    ],
)  # fmt: skip
def test_each_outcome_type_is_found_in_plain_reporting(text: str, expected: str) -> None:
    assert outcome_types(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said a ceasefire could be discussed at the next meeting.",
        "The two sides hope to reach a deal on prisoner exchanges before the winter.",
        "Washington warned of new tariffs if a deal is not reached within 30 days.",
        "Reports that rebels might have been released in exchange for the hostages were denied.",
        "If the hostages are freed, the government says it will open talks.",
        "Neither side has signed a memorandum of understanding yet.",
        "Mediators are trying to reach an agreement on a truce before Ramadan.",
    ],
)
def test_hypothetical_or_denied_outcomes_are_not_reported(text: str) -> None:
    assert outcome_types(text) == []


def test_no_agreement_reached_is_a_stalemate_not_an_agreement() -> None:
    assert outcome_types("No agreement was reached after two days of talks in Cairo.") == ["no_breakthrough"]


def test_failing_to_produce_a_framework_is_no_breakthrough() -> None:
    text = "The meetings were short and failed to produce any framework for peace."
    assert outcome_types(text) == ["no_breakthrough"]


def test_a_forecast_stalemate_is_not_an_outcome() -> None:
    assert outcome_types("Diplomats said no breakthrough is expected at Friday's meeting.") == []


def test_labour_contract_agreement_is_reported_and_left_to_the_aggregator() -> None:
    # extract_events does not judge the topic: the aggregator drops fields of non-negotiation articles.
    text = "The union and the carmaker reached a tentative agreement on a new four-year contract."
    assert outcome_types(text) == ["agreement"]


def test_repeated_mentions_of_one_fact_give_one_record() -> None:
    text = (
        "Russia and Ukraine exchanged 250 prisoners of war on Monday.\n"
        "The prisoner swap was the largest since spring; the exchange of prisoners was mediated by the UAE."
    )
    assert outcome_types(text) == ["prisoner_exchange"]


def test_distinct_commitments_give_distinct_agreements_but_references_do_not() -> None:
    text = (
        "Brussels and Washington agreed to suspend their complaints at the World Trade Organization.\n"
        "Under the agreement, talks will run for six months.\n"
        "The two sides also agreed to open a joint review of steel subsidies."
    )
    kinds = events(text)[0]
    assert [o.type for o in kinds] == ["agreement", "agreement"]
    assert "suspend" in kinds[0].detail and "open a joint review" in kinds[1].detail


def test_a_swap_sentence_is_not_also_a_generic_agreement() -> None:
    text = "The two sides signed a prisoner exchange agreement in Doha and swapped 40 detainees."
    assert outcome_types(text) == ["prisoner_exchange"]


def test_a_welcomed_deal_counts_once_when_nothing_else_reports_it() -> None:
    assert outcome_types("The foreign minister hailed the deal as a turning point.") == ["agreement"]


# --------------------------------------------------------------------------- deadlines


def test_days_deadline_with_issuer_target_and_consequence() -> None:
    text = (
        "U.S. President Donald Trump gave Russia 10 days to agree to a ceasefire or face secondary tariffs."
    )
    (d,) = events(text, dt.date(2025, 7, 29))[1]
    assert (d.issuer, d.target, d.days, d.date, d.consequence) == (
        "Donald Trump",
        "Russia",
        10,
        None,
        "secondary tariffs",
    )
    assert text[d.evidence.start : d.evidence.end] == d.evidence.sentence


def test_pronoun_issuer_resolves_to_the_person_named_before() -> None:
    text = (
        "President Emmanuel Macron spoke to reporters in Paris on Monday.\n"
        "He warned that Iran would face sanctions if it did not return to talks within two weeks."
    )
    (d,) = events(text)[1]
    assert (d.issuer, d.target, d.days, d.consequence) == ("Emmanuel Macron", "Iran", 14, "sanctions")


def test_stated_date_resolves_against_publication_and_is_never_guessed() -> None:
    text = "Chancellor Olaf Scholz set a deadline of March 15 for Serbia, warning of sanctions."
    (d,) = events(text, dt.date(2023, 2, 20))[1]
    assert (d.issuer, d.date, d.days) == ("Olaf Scholz", dt.date(2023, 3, 15), None)
    # Without a publication date "March 15" has no year: no date, and so no deadline at all.
    assert events(text, None)[1] == ()
    dated = text.replace("March 15", "March 15, 2023")
    assert [d.date for d in events(dated, None)[1]] == [dt.date(2023, 3, 15)]


def test_repeated_ultimatum_is_one_deadline() -> None:
    text = (
        "Prime Minister Mark Carney threatened tariffs if no deal is reached within 30 days.\n"
        "Carney's 30-day deadline puts pressure on Washington, and he warned that the tariffs would follow."
    )
    assert [(d.issuer, d.days) for d in events(text)[1]] == [("Mark Carney", 30)]


def test_a_time_span_without_a_threat_is_not_a_deadline() -> None:
    text = "Negotiators hope to finish the text within 30 days, the chief delegate said."
    assert events(text)[1] == ()


# --------------------------------------------------------------------------- proposals


@pytest.mark.parametrize(
    ("text", "kind", "proposer"),
    [
        ("Turkey proposed a prisoner exchange covering all detainees.", "prisoner_exchange", "Turkey"),
        ("Kyiv has called for an immediate 30-day ceasefire along the front line.", "ceasefire", "Ukraine"),
        ("The Egyptian delegation offered a three-stage peace plan to end the war.", "peace_plan", "Egypt"),
        ("Ukraine has pushed for a face-to-face meeting between President Zelensky and Vladimir Putin.",
         "leaders_summit", "Ukraine"),
        ("Seoul responded with an offer to hold talks at the border village.", "other", "South Korea"),
    ],
)  # fmt: skip
def test_proposal_type_and_proposer(text: str, kind: str, proposer: str) -> None:
    (p,) = events(text)[2]
    assert (p.type, p.proposer) == (kind, proposer)
    assert p.detail and p.detail in text


def test_possessive_owner_is_the_proposer() -> None:
    text = "Washington dismissed Tehran's offer to resume indirect talks in Oman."
    assert [(p.proposer, p.type) for p in events(text)[2]] == [("Iran", "other")]


def test_later_sentence_names_the_author_of_an_unowned_proposal() -> None:
    text = (
        "Producers rejected a consumer proposal to cut the floor price.\n"
        "The proposal, initiated by Japan, was withdrawn on Friday."
    )
    assert [p.proposer for p in events(text)[2]] == ["Japan"]


@pytest.mark.parametrize(
    "text",
    [
        "The minister said he had no new proposals for the talks.",
        "A meeting between President Reagan and Mr. Gorbachev took place in Reykjavik in 1986.",
    ],
)
def test_denied_or_past_proposals_are_not_reported(text: str) -> None:
    assert events(text)[2] == ()


# --------------------------------------------------------------------------- the seed article


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds is not beside the repository")
def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    outcomes, deadlines, proposals = events(text, dt.date(2025, 7, 23))
    types = [o.type for o in outcomes]
    assert sorted(types) == ["no_breakthrough", "prisoner_exchange", "remains_exchange"]
    assert [(d.issuer, d.target, d.days, d.date, d.consequence) for d in deadlines] == [
        ("Donald Trump", "Russia", 50, None, "sanctions")
    ]
    assert [(p.type, p.proposer) for p in proposals] == [("leaders_summit", "Ukraine")]
    for record in (*outcomes, *deadlines, *proposals):
        ev = record.evidence
        assert text[ev.start : ev.end] == ev.sentence


# --------------------------------------------------------------------------- lexicon and robustness


def test_every_cue_example_matches_its_pattern() -> None:
    cues = load_cues(CUES_FILE)
    assert {c.type for c in cues.outcomes} >= {"agreement", "no_breakthrough", "prisoner_exchange", "other"}
    assert cues.deadlines and cues.proposals and cues.proposal_types


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            '[outcome.bad]\ntype = "agreement"\npattern = "signed"\nexample = "they met"\n',
            "example does not match",
        ),
        ('[outcome.bad]\ntype = "agreement"\npattern = ""\nexample = "x"\n', "empty pattern"),
        ('[outcome.bad]\ntype = "victory"\npattern = "won"\nexample = "they won"\n', "unknown type"),
        ('[outcome.bad]\ntype = "agreement"\npattern = "(unclosed"\nexample = "x"\n', "bad pattern"),
    ],
)
def test_bad_cue_entry_raises_config_error_naming_file_and_entry(
    tmp_path: Path, entry: str, message: str
) -> None:
    good = CUES_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "cues.toml"
    bad.write_text(good + "\n" + entry.replace("[outcome.bad]", "[outcome.zz_bad]"), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"cues\.toml: \[outcome\.zz_bad\]: {message}"):
        load_cues(bad)


def test_unreadable_cue_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cues\.toml"):
        load_cues(tmp_path / "cues.toml")


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\ufffd" * 50, "agreed to " * 2000, "." * 5000])
def test_odd_input_gives_empty_or_valid_records(text: str) -> None:
    result = events(text)
    assert all(isinstance(kind, tuple) for kind in result)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_never_raises_and_evidence_points_into_the_text(text: str) -> None:
    for kind in events(text, dt.date(2025, 1, 1)):
        for record in kind:
            ev = record.evidence
            assert text[ev.start : ev.end] == ev.sentence
