"""Outcomes, deadlines and proposals: hand-written fixtures, tricky negatives, the seed, robustness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.errors import ConfigError
from extractors.negotiation.cues import CUES_FILE, default_cues, load_cues
from extractors.negotiation.deadlines import extract_deadlines
from extractors.negotiation.events import extract_events
from extractors.negotiation.outcomes import extract_outcomes
from extractors.negotiation.proposals import extract_proposals
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
        ("Iran and the United States agreed to a second round of talks in Rome.", "next_round_agreed"),
        ("The envoys wrapped up a fourth round in Muscat on Sunday without announcing a breakthrough.",
         "no_breakthrough"),
        ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.", "prisoner_exchange"),
        ("The council adjourned without agreeing on rules for its buffer stock.", "no_breakthrough"),
        ("Producers and consumers will resume talks on April 6, the chairman said.", "next_round_agreed"),
        ("Tokyo and Washington have settled a long-running dispute over chip exports.", "agreement"),
        ("The two sides reached a compromise on export quotas late on Friday.", "agreement"),
        ("The truce was extended for another 60 days.", "ceasefire"),
        ("The envoys failed to find common ground on the status of the port.", "no_breakthrough"),
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
        "Under the plan, 33 hostages will be freed in stages.",
        "The war cannot end without a deal.",
        "A rescue mission launched last year failed to find the hostages.",
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


def test_headline_and_later_mentions_restate_the_lead_agreement() -> None:
    text = (
        "OIL PRODUCERS AGREE TO CUT OUTPUT\n"
        "Ministers agreed to hold output at 15 million barrels a day for the rest of the year.\n"
        "A delegate said the agreement was reached after three days of talks."
    )
    (o,) = events(text)[0]
    assert o.type == "agreement" and o.evidence.sentence.startswith("Ministers agreed to hold")


def test_a_commitment_inside_a_known_deal_is_one_of_its_terms() -> None:
    text = (
        "Brussels and Washington reached a trade agreement on Sunday after talks in Scotland.\n"
        "The commission president said the deal would bring stability and that Europe had agreed to buy "
        "American gas."
    )
    assert outcome_types(text) == ["agreement"]


def test_a_swap_sentence_is_not_also_a_generic_agreement() -> None:
    text = "The two sides signed a prisoner exchange agreement in Doha and swapped 40 detainees."
    assert outcome_types(text) == ["prisoner_exchange"]


def test_a_deal_dated_to_an_earlier_year_is_history() -> None:
    text = "Iran and world powers reached a nuclear deal in 2015, which Washington later abandoned."
    assert [o.type for o in events(text, dt.date(2025, 4, 12))[0]] == []
    assert [o.type for o in events(text, dt.date(2015, 7, 14))[0]] == ["agreement"]


def test_a_released_video_of_hostages_is_not_a_release() -> None:
    assert outcome_types("The group released a video of the hostages on Sunday.") == []


def test_an_impasse_over_a_deal_is_not_a_deal() -> None:
    assert outcome_types("The sides reached an impasse over the grain deal.") == ["no_breakthrough"]


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


def test_weekday_deadline_and_surname_issuer() -> None:
    text = "Trump said Hamas must free all the hostages by Saturday or face consequences."
    (d,) = events(text, dt.date(2025, 2, 10))[1]  # a Monday
    assert (d.issuer, d.target, d.date, d.consequence) == (
        "Trump",
        "Hamas",
        dt.date(2025, 2, 15),
        "consequences",
    )


def test_issuer_is_the_speaker_nearest_the_time_limit() -> None:
    text = (
        "The accord averts a threatened 30% tariff that President-elect Donald Trump had said would take "
        "effect on August 1."
    )
    (d,) = events(text, dt.date(2025, 7, 28))[1]
    assert (d.issuer, d.date, d.consequence) == ("Donald Trump", dt.date(2025, 8, 1), "tariff")


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
        ("President Volodymyr Zelensky proposed a meeting with Putin in Istanbul.", "leaders_summit",
         "Volodymyr Zelensky"),
        ("Witkoff presented a proposal for a 30-day ceasefire to both sides.", "ceasefire", "Witkoff"),
        ("The mediators' proposal calls for a phased release of hostages.", "prisoner_exchange", "mediators"),
    ],
)  # fmt: skip
def test_proposal_type_and_proposer(text: str, kind: str, proposer: str) -> None:
    (p,) = events(text)[2]
    assert (p.type, p.proposer) == (kind, proposer)
    assert p.detail and p.detail in text


def test_a_leader_ready_to_meet_another_is_a_summit_proposal() -> None:
    text = "Zelensky has repeatedly said he is ready to meet Putin in person."
    assert [(p.type, p.proposer) for p in events(text)[2]] == [("leaders_summit", "Zelensky")]


def test_the_source_of_a_proposal_is_its_proposer() -> None:
    text = "Hamas said it had accepted a proposal from Egypt for a 60-day truce."
    assert [(p.type, p.proposer) for p in events(text)[2]] == [("ceasefire", "Egypt")]


def test_a_call_for_a_negotiable_term_is_a_proposal() -> None:
    text = "Ecuador had called for a higher quota, but the idea was rejected, delegates said."
    assert [(p.type, p.proposer) for p in events(text)[2]] == [("other", "Ecuador")]


def test_possessive_owner_is_the_proposer() -> None:
    text = "Washington dismissed Tehran's offer to resume indirect talks in Oman."
    assert [(p.proposer, p.type) for p in events(text)[2]] == [("Iran", "other")]


def test_the_author_after_a_passive_is_the_proposer() -> None:
    text = "Hamas rejected a ceasefire plan put forward by President Joe Biden."
    assert [(p.type, p.proposer) for p in events(text)[2]] == [("ceasefire", "Joe Biden")]


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
        "The UN secretary-general called for restraint on both sides.",
        "Officials in Kyiv suggested that the drone might have been Russian.",
        "Mr. Osinbajo suggested that “in the next few days we should be able to bring back more girls.”",
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
    records: list[Outcome | Deadline | Proposal] = [*outcomes, *deadlines, *proposals]
    for record in records:
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


def test_bad_detail_filter_raises_config_error(tmp_path: Path) -> None:
    entry = (
        '[proposal.zz_bad]\ndetail = "after"\npattern = "urged"\ndetail_must_not_match = "(calm"\n'
        'example = "The envoy urged talks."\n'
    )
    bad = tmp_path / "cues.toml"
    bad.write_text(CUES_FILE.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[proposal\.zz_bad\]: bad detail_must_not_match"):
        load_cues(bad)


def test_unreadable_cue_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cues\.toml"):
        load_cues(tmp_path / "cues.toml")


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\ufffd" * 50, "agreed to " * 2000, "." * 5000])
def test_odd_input_gives_empty_or_valid_records(text: str) -> None:
    result = events(text)
    assert all(isinstance(kind, tuple) for kind in result)


# fmt: off
_VOCABULARY = [
    "Trump", "Russia", "agreed", "to", "a", "deal", "within", "50", "days", "or", "face", "sanctions", "The",
    "Proposal", "proposal", "by", "Mr.", "Putin's", "offer", "for", "Summit", "ceasefire", "not", "if", "he",
    "warned", "Kyiv", "July", "9", ",", ".", "\n", "prisoners", "exchanged", "Talks", "Leaders’", "“", "”",
]
# fmt: on
_WORDY = st.lists(st.sampled_from(_VOCABULARY), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(_WORDY)
def test_each_rule_set_survives_word_salad(text: str) -> None:
    # The rule modules are called directly: extract_events would hide a crash behind an empty result.
    sentences = split_sentences(text)
    cues = default_cues()
    extract_outcomes(sentences, cues)
    extract_deadlines(text, sentences, dt.date(2025, 1, 1), cues)
    extract_proposals(text, sentences, cues)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_never_raises_and_evidence_points_into_the_text(text: str) -> None:
    outcomes, deadlines, proposals = events(text, dt.date(2025, 1, 1))
    records: list[Outcome | Deadline | Proposal] = [*outcomes, *deadlines, *proposals]
    for record in records:
        ev = record.evidence
        assert text[ev.start : ev.end] == ev.sentence


def test_a_deadline_cue_of_unknown_type_is_refused(tmp_path: Path) -> None:
    entry = '[deadline.zz_bad]\ntype = "soon"\npattern = "within a week"\nexample = "within a week"\n'
    bad = tmp_path / "cues.toml"
    bad.write_text(CUES_FILE.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cues\.toml: \[deadline\.zz_bad\]: unknown type 'soon'"):
        load_cues(bad)


def test_an_offer_to_host_two_leaders_is_a_summit_proposal() -> None:
    text = (
        "Mr Tokayev has offered to host President Ilham Aliyev and Prime Minister Nikol Pashinyan in Almaty."
    )
    assert [p.type for p in events(text)[2]] == ["leaders_summit"]
