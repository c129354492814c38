"""Participants and quotes: hand-written news fixtures with hand-written expectations, and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.errors import ConfigError
from extractors.negotiation.actors import find_actors
from extractors.negotiation.leaders import find_leaders
from extractors.negotiation.people import extract_people
from extractors.negotiation.quotes import find_quotations
from extractors.negotiation.roles import ROLES_FILE, load_lexicon
from extractors.negotiation.sentences import split_sentences
from extractors.records import Participant, Quote

SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "000_1df419df4b49f9f7.txt"

# An invented wire report: a quote split by its tag, "he said"/"he added", an analyst, an
# unnamed official, scare quotes, and a delegation "headed by" someone.
GENEVA = "\n".join(
    [
        "Armenia and Azerbaijan resume Geneva talks",
        (
            "GENEVA (AP) — Envoys from Armenia and Azerbaijan met for a second day in Geneva on "
            "Tuesday as the United Nations pressed both sides to agree on a prisoner exchange."
        ),
        ('The U.N. special envoy, Maria Lindqvist, said the atmosphere was "businesslike but tense."'),
        (
            '"We have narrowed the gaps on the humanitarian file," Lindqvist told reporters outside '
            'the Palais des Nations. "But nobody should expect a signed text this week."'
        ),
        (
            "Armenian Foreign Minister Ararat Mirzoyan led his country's delegation. Azerbaijan's "
            "team was headed by presidential adviser Hikmet Hajiyev."
        ),
        ('"Our position has not changed," Mirzoyan said. "We want every detainee home before winter."'),
        ('He added that Yerevan was ready to "discuss all outstanding issues without preconditions."'),
        (
            'Hajiyev struck a more cautious tone. "The other side keeps moving the goalposts," he '
            "said, adding that Baku would stay at the table."
        ),
        (
            "Thomas de Waal, a senior fellow at Carnegie Europe who follows the conflict, said the "
            'talks were "a test of whether either capital wants a deal at all."'
        ),
        '"Neither leader can afford to look weak at home," de Waal said.',
        ('An official familiar with the talks said: "The sticking point remains the border commission."'),
        'Analysts have described the process as a "frozen peace."',
        "",
    ]
)

# An invented Gulf report: "the prime minister said", "she said", a quotation that runs on
# into the next paragraph, and a quoted phrase followed by "and called on" (no speech tag).
DOHA = "\n".join(
    [
        (
            "DOHA, March 4 (Reuters) - Qatar's Prime Minister Sheikh Mohammed bin Abdulrahman Al "
            "Thani said on Monday that mediators were “closer than at any point in recent weeks” to "
            "a deal that would free hostages held in Gaza."
        ),
        (
            "Speaking at a news conference with Egyptian Foreign Minister Sameh Shoukry, the prime "
            "minister said negotiations would resume in Cairo on Thursday."
        ),
        (
            "“We are working around the clock. The gaps are narrower, but they are still there,” the "
            "prime minister said."
        ),
        (
            "Israeli government spokeswoman Tal Heinrich said Israel's negotiating team would travel "
            "only if Hamas delivered a list of living hostages. “Without a list there is nothing to "
            "discuss,” she said."
        ),
        (
            "Shoukry said Egypt would “spare no effort to reach a ceasefire before Ramadan,” and "
            "called on both sides to show flexibility."
        ),
        "“The humanitarian situation cannot wait,” he said. “Every day of delay costs lives.",
        "“We call on the international community to support this track.”",
        (
            "A Hamas official, speaking on condition of anonymity, said the group had not received a "
            "new proposal."
        ),
        "",
    ]
)

# An invented tabloid piece with single quotation marks and apostrophes everywhere.
RIYADH = "\n".join(
    [
        "Putin's envoy arrives in Riyadh for Ukraine talks",
        (
            "Vladimir Putin's special envoy Kirill Dmitriev landed in Riyadh on Monday ahead of "
            "talks with American officials, the Kremlin said."
        ),
        (
            "Mr Dmitriev, who heads Russia's sovereign wealth fund, told state television: 'We are "
            "here to listen and to be heard. Nobody's interests will be ignored.'"
        ),
        (
            "US Secretary of State Marco Rubio said Washington's aim was 'to find out whether Moscow "
            "is serious about peace'."
        ),
        (
            "'We'll know fairly soon whether they're serious or not,' Mr Rubio added. 'If they "
            "aren't, we'll move on.'"
        ),
        "The talks, which officials described as 'constructive', are due to continue on Tuesday.",
        (
            "Talks between Dmitriev and Rubio produced what one diplomat called 'a cautious but real "
            "thaw in relations'."
        ),
        (
            "Dr Sarah Jennings, a Russia expert at King's College London, said: 'The Kremlin wants "
            "sanctions relief above everything else.'"
        ),
        "",
    ]
)


def run(text: str) -> tuple[tuple[Participant, ...], tuple[Quote, ...]]:
    return extract_people(text, split_sentences(text))


def people(participants: tuple[Participant, ...]) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.role, p.affiliation) for p in participants}


def said(quotes: tuple[Quote, ...]) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in quotes]


# --------------------------------------------------------------------------- participants


def test_geneva_participants_are_the_officials_not_the_analyst() -> None:
    found = people(run(GENEVA)[0])
    assert found == {
        "Maria Lindqvist": ("U.N. special envoy", "United Nations"),
        "Ararat Mirzoyan": ("Foreign Minister", "Armenia"),
        "Hikmet Hajiyev": ("presidential adviser", "Azerbaijan"),
    }


def test_doha_roles_and_sides() -> None:
    found = people(run(DOHA)[0])
    assert set(found) == {"Mohammed bin Abdulrahman Al Thani", "Sameh Shoukry", "Tal Heinrich"}
    assert found["Mohammed bin Abdulrahman Al Thani"][1] == "Qatar"
    assert found["Sameh Shoukry"] == ("Foreign Minister", "Egypt")
    assert found["Tal Heinrich"] == ("government spokeswoman", "Israel")


def test_an_envoy_serves_the_leader_whose_possessive_precedes_the_title() -> None:
    found = people(run(RIYADH)[0])
    assert found["Kirill Dmitriev"] == ("special envoy", "Russia")
    assert found["Marco Rubio"] == ("Secretary of State", "United States")
    assert "Sarah Jennings" not in found  # an outside expert


def test_a_delegation_led_by_someone_makes_them_its_head() -> None:
    text = (
        "Sudan's army delegation, led by Mohamed Hamdan, arrived in Jeddah for ceasefire talks on Sunday.\n"
    )
    (p,) = run(text)[0]
    # "Sudan's army" is the Sudanese Armed Forces, a side of its own in the civil war
    assert (p.name, p.role, p.affiliation) == (
        "Mohamed Hamdan",
        "head of delegation",
        "Sudanese Armed Forces",
    )


def test_family_and_hostages_are_not_participants() -> None:
    text = (
        "Hostage talks resumed in Cairo on Monday.\n"
        "Noa Levin, the mother of one of the captives, said the families were exhausted.\n"
        '"We just want them home," she said.\n'
    )
    participants, quotes = run(text)
    assert participants == ()
    assert said(quotes) == [("Noa Levin", "We just want them home,")]


def test_officials_named_far_from_the_talks_are_left_out() -> None:
    text = (
        "Envoys from both sides met in Oslo for a new round of peace talks.\n"
        "Separately, Finance Minister Lars Berg presented the budget to parliament.\n"
    )
    assert run(text)[0] == ()


def test_later_surname_mentions_join_the_first_full_name() -> None:
    text = (
        "Kenyan mediator Amina Odhiambo opened the talks in Nairobi.\n"
        '"Both parties have come in good faith," Odhiambo said.\n'
    )
    participants, quotes = run(text)
    assert [p.name for p in participants] == ["Amina Odhiambo"]
    assert said(quotes) == [("Amina Odhiambo", "Both parties have come in good faith,")]


# --------------------------------------------------------------------------- quotes


def test_geneva_quotes_split_by_their_tag_and_resolve_pronouns() -> None:
    assert said(run(GENEVA)[1]) == [
        ("Maria Lindqvist", "We have narrowed the gaps on the humanitarian file,"),
        ("Maria Lindqvist", "But nobody should expect a signed text this week."),
        ("Ararat Mirzoyan", "Our position has not changed,"),
        ("Ararat Mirzoyan", "We want every detainee home before winter."),
        ("Ararat Mirzoyan", "discuss all outstanding issues without preconditions."),
        ("Hikmet Hajiyev", "The other side keeps moving the goalposts,"),
        ("Thomas de Waal", "a test of whether either capital wants a deal at all."),
        ("Thomas de Waal", "Neither leader can afford to look weak at home,"),
    ]


def test_doha_role_reference_she_said_and_a_quote_that_runs_on() -> None:
    assert said(run(DOHA)[1]) == [
        ("Mohammed bin Abdulrahman Al Thani", "closer than at any point in recent weeks"),
        (
            "Mohammed bin Abdulrahman Al Thani",
            "We are working around the clock. The gaps are narrower, but they are still there,",
        ),
        ("Tal Heinrich", "Without a list there is nothing to discuss,"),
        ("Sameh Shoukry", "spare no effort to reach a ceasefire before Ramadan,"),
        ("Sameh Shoukry", "The humanitarian situation cannot wait,"),
        ("Sameh Shoukry", "Every day of delay costs lives."),
        ("Sameh Shoukry", "We call on the international community to support this track."),
    ]


def test_single_quotation_marks_and_unnamed_sources() -> None:
    assert said(run(RIYADH)[1]) == [
        ("Kirill Dmitriev", "We are here to listen and to be heard. Nobody's interests will be ignored."),
        ("Marco Rubio", "to find out whether Moscow is serious about peace"),
        ("Marco Rubio", "We'll know fairly soon whether they're serious or not,"),
        ("Marco Rubio", "If they aren't, we'll move on."),
        ("Sarah Jennings", "The Kremlin wants sanctions relief above everything else."),
    ]


def test_said_before_the_name_and_an_organisation_speaking() -> None:
    text = (
        "Talks on the grain corridor ended in Istanbul without a deal.\n"
        '"We will keep the channel open for the next round," said Turkish Defence Minister Yasar Guler.\n'
        '"No vessel will sail without guarantees from all sides," the ministry said.\n'
    )
    participants, quotes = run(text)
    assert [(p.name, p.affiliation) for p in participants] == [("Yasar Guler", "Turkey")]
    assert said(quotes) == [("Yasar Guler", "We will keep the channel open for the next round,")]


def test_quote_evidence_locates_the_quotation_and_its_sentence() -> None:
    _, quotes = run(GENEVA)
    for q in quotes:
        assert GENEVA[q.evidence.start : q.evidence.end] == q.text
        assert (
            q.text in q.evidence.sentence
            or q.evidence.sentence in GENEVA[q.evidence.start - 200 : q.evidence.end]
        )


def test_participant_evidence_is_the_first_mention() -> None:
    participants, _ = run(GENEVA)
    for p in participants:
        assert GENEVA[p.evidence.start : p.evidence.end] == p.name
        assert p.name in p.evidence.sentence
    assert participants[0].evidence.sentence.startswith("The U.N. special envoy")


# --------------------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"the shared seed article is not beside the repository ({SEED})")
    return SEED.read_text(encoding="utf-8")


def test_seed_quotes_and_their_speakers(seed: str) -> None:
    _, quotes = run(seed)
    speakers = [q.speaker for q in quotes]
    assert speakers == ["Hakan Fidan", "Rustem Umerov", "Rustem Umerov", "Dmitry Peskov", "Dmitry Peskov"]
    assert quotes[0].text.startswith("The ultimate goal here is, of course, a ceasefire")
    assert (
        quotes[2].text
        == "Such a meeting could unlock real political progress. Russia must demonstrate its readiness."
    )
    assert quotes[4].text == "The proposals of the two sides are diametrically opposed."


def test_seed_participants(seed: str) -> None:
    found = people(run(seed)[0])
    assert found["Hakan Fidan"] == ("Foreign Minister", "Turkey")
    assert found["Rustem Umerov"] == ("head of delegation", "Ukraine")
    assert found["Dmitry Peskov"] == ("Kremlin spokesman", "Russia")
    assert found["Donald Trump"][1] == "United States"
    assert found["Ibrahim Kalin"][1] == "Turkey"
    assert "Zelenskiy" not in found  # the surname joins "Volodymyr Zelenskiy"
    assert found["Volodymyr Zelenskiy"][1] == "Ukraine"


# --------------------------------------------------------------------------- quotation marks


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text, [s.start for s in split_sentences(text)])]


def test_two_paragraphs_run_together_give_two_quotations() -> None:
    text = '"We are stating a principle here today. "On the contrary, we welcome them," he said.\n'
    assert spans(text) == ["We are stating a principle here today.", "On the contrary, we welcome them,"]


def test_a_dropped_opening_mark_starts_the_quotation_at_its_sentence() -> None:
    text = '"The offer is too low," he said. Both teams will meet again next week."\n'
    assert spans(text) == ["The offer is too low,", "Both teams will meet again next week."]


def test_apostrophes_are_not_quotation_marks_and_inner_quotes_stay_inside() -> None:
    text = "The envoy's team won't comment. “He told me, ‘Wait for Friday,’ and left,” she said.\n"
    assert spans(text) == ["He told me, ‘Wait for Friday,’ and left,"]


def test_doubled_apostrophes_close_a_quotation() -> None:
    text = "“Most of them are still out there, and we want them back.’’ She left.\n"
    assert spans(text) == ["Most of them are still out there, and we want them back."]


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("text", ["", "   \n\n", "“", "'", '"""', "Mr. said “ ” ‘ ’ he she"])
def test_degenerate_input_gives_nothing(text: str) -> None:
    assert run(text) == ((), ())


def test_non_text_input_gives_nothing() -> None:
    assert extract_people(None, ()) == ((), ())  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"“”\"'‘’ ,.:\naAeHhMr", "Fidan", " said", " Minister ", " he ", "Kremlin", "Mr. Tao"]
        ),
        max_size=120,
    ).map("".join)
)
def test_never_raises_and_spans_point_into_the_text(text: str) -> None:
    participants, quotes = extract_people(text, split_sentences(text))
    for q in quotes:
        assert text[q.evidence.start : q.evidence.end] == q.text
        assert len(q.text.split()) >= 1
    for p in participants:
        assert text[p.evidence.start : p.evidence.end] == p.name


# --------------------------------------------------------------------------- the lexicon file


def test_the_shipped_lexicon_loads() -> None:
    lex = load_lexicon(ROLES_FILE)
    assert lex.titles["foreign minister"] == "official"
    assert lex.titles["analyst"] == "outside"
    assert "said" in lex.speech_verbs
    assert any(ld.name == "Volodymyr Zelenskiy" for ld in lex.leaders)


def _write_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = ROLES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "roles.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('official = [\n    "President",', 'official = [\n    "",', "titles.official"),
        ('outside = [\n    "analyst",', 'outside = [\n    "President",', "already listed as official"),
        ('verbs = [\n    "said",', 'verbs = [\n    "said", "said",', "duplicate entry 'said'"),
        (
            'name = "Donald Trump"\naffiliation = "United States"',
            'name = "Donald Trump"\naffiliation = ""',
            "Donald",
        ),
        (
            '"Secretary of State" = "United States"',
            '"Secretary of Defence" = "United States"',
            "not a listed title",
        ),
        ("[speech]", "[speeches]", "missing table [speech]"),
    ],
)
def test_a_bad_lexicon_names_file_and_entry(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _write_variant(tmp_path, old, new)
    with pytest.raises(ConfigError, match=r"roles\.toml") as err:
        load_lexicon(path)
    assert message in str(err.value)


def test_a_lexicon_that_is_not_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text("[titles\nofficial = 3", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"roles\.toml"):
        load_lexicon(path)


# --------------------------------------------------------------------------- more outlets, more habits

# An invented trade-talks report: cabinet titles that imply a state, "Vice Premier He Lifeng",
# a former official (outside), "Mr. Li" joining "Li Chenggang".
LONDON = "\n".join(
    [
        "WASHINGTON — The United States and China ended two days of trade talks in London on Tuesday.",
        'Commerce Secretary Howard Lutnick told reporters that the framework "puts meat on the bones" '
        "of an earlier agreement.",
        "Vice Premier He Lifeng, who led the Chinese delegation, did not speak to reporters. Li Chenggang, "
        "China's international trade representative, said the talks had been \"professional, rational, "
        'in-depth and candid."',
        '"The two sides will keep in close contact," Mr. Li said.',
        'Scott Bessent, the Treasury secretary, left early to testify before Congress. "We had two very '
        'good days," he said before leaving.',
        '"It\'s a truce, not a peace treaty," said Wendy Cutler, a former trade negotiator who is now '
        "vice president of the Asia Society Policy Institute.",
        "",
    ]
)

# An invented ceasefire report: "al-" names, an office speaking for a leader, a listed leader
# named by surname alone, and a quotation continued with "adding that".
CAIRO = "\n".join(
    [
        "CAIRO, Jan 12 (Reuters) - Hamas negotiator Khalil al-Hayya arrived in Cairo on Sunday for a "
        "new round of ceasefire talks, a Palestinian official said.",
        '"We came here to reach a deal that ends the war. We will not accept half solutions," al-Hayya '
        "told Al Jazeera.",
        '"The proposal on the table is a good basis for an agreement," Israeli Prime Minister Benjamin '
        "Netanyahu's office said in a statement.",
        'Lavrov said Moscow supported the Egyptian mediation. "Only a political settlement can bring '
        'lasting calm to the region," he said.',
        'U.S. envoy Steve Witkoff, who flew in from Doha, told reporters that the sides were "closer '
        'than they have ever been," adding that "the next 48 hours will be decisive."',
        "",
    ]
)


def test_cabinet_titles_imply_a_state_and_family_names_that_look_like_pronouns() -> None:
    participants, quotes = run(LONDON)
    assert people(participants) == {
        "Howard Lutnick": ("Commerce Secretary", "United States"),
        "He Lifeng": ("Vice Premier", "China"),
        "Li Chenggang": ("international trade representative", "China"),
        "Scott Bessent": ("Treasury secretary", "United States"),
    }
    assert said(quotes) == [
        ("Howard Lutnick", "puts meat on the bones"),
        ("Li Chenggang", "professional, rational, in-depth and candid."),
        ("Li Chenggang", "The two sides will keep in close contact,"),
        ("Scott Bessent", "We had two very good days,"),
        ("Wendy Cutler", "It's a truce, not a peace treaty,"),
    ]


def test_articled_names_offices_and_leaders_by_surname() -> None:
    participants, quotes = run(CAIRO)
    found = people(participants)
    assert found["Khalil al-Hayya"] == ("Hamas negotiator", "Hamas")
    assert found["Lavrov"][1] == "Russia"
    assert found["Steve Witkoff"][1] == "United States"
    assert said(quotes) == [
        (
            "Khalil al-Hayya",
            "We came here to reach a deal that ends the war. We will not accept half solutions,",
        ),
        ("Lavrov", "Only a political settlement can bring lasting calm to the region,"),
        ("Steve Witkoff", "closer than they have ever been,"),
        ("Steve Witkoff", "the next 48 hours will be decisive."),
    ]


def test_he_said_after_someone_the_text_does_not_introduce_stays_unattributed() -> None:
    text = (
        "Talks on the border resumed in Vienna on Monday.\n"
        'Foreign Minister Anna Kovac said the mood was "better than at any time this year."\n'
        "Stafford, a veteran of earlier rounds, was less hopeful.\n"
        '"Nothing has moved on the core issues," he said.\n'
    )
    participants, quotes = run(text)
    assert [p.name for p in participants] == ["Anna Kovac"]
    assert said(quotes) == [("Anna Kovac", "better than at any time this year.")]


def test_plural_titles_teams_led_by_a_minister_and_an_envoy_described_by_his_principal() -> None:
    text = "\n".join(
        [
            "ISTANBUL, June 2 (Reuters) - Russian negotiators Vladimir Medinsky and Igor Kostyukov met a "
            "Ukrainian team led by Defence Minister Rustem Umerov at the Ciragan Palace on Monday.",
            "Steve Witkoff, Trump's special envoy, said Washington would \"stay engaged as long as both "
            'sides are serious."',
            '"Today we agreed to exchange all severely wounded prisoners," Medinsky told reporters after the '
            'meeting, while Umerov called the session "a step, but only a small one, toward a ceasefire."',
            "",
        ]
    )
    participants, quotes = run(text)
    assert {p.name: p.affiliation for p in participants} == {
        "Vladimir Medinsky": "Russia",
        "Igor Kostyukov": "Russia",
        "Rustem Umerov": "Ukraine",
        "Steve Witkoff": "United States",
    }
    assert said(quotes) == [
        ("Steve Witkoff", "stay engaged as long as both sides are serious."),
        ("Vladimir Medinsky", "Today we agreed to exchange all severely wounded prisoners,"),
        ("Rustem Umerov", "a step, but only a small one, toward a ceasefire."),
    ]


def test_actor_mentions_passed_in_give_the_same_answer_even_with_leader_mentions() -> None:
    sentences = split_sentences(GENEVA + RIYADH)
    actors = sorted([*find_actors(GENEVA + RIYADH), *find_leaders(GENEVA + RIYADH)], key=lambda a: a.start)
    assert extract_people(GENEVA + RIYADH, sentences, actors) == extract_people(GENEVA + RIYADH, sentences)
