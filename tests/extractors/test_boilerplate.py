"""Boilerplate lines: the families the user named, look-alike content that stays, the rules file itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.boilerplate import RULES_PATH, line_matches, load_rules, strip_boilerplate
from extractors.errors import ConfigError

SEED = "seeds/000_1df419df4b49f9f7.txt"

# Three paragraphs of ordinary reporting to put boilerplate around.
BODY = [
    "Delegations from Russia and Ukraine met in Istanbul on Wednesday for a third round of direct talks.",
    "Turkish Foreign Minister Hakan Fidan opened the session, urging both sides to agree a ceasefire.",
    "The meeting lasted less than an hour, according to officials familiar with the agenda.",
]

# (line, kind): each must go wherever the rule allows it; all of them may close an article.
BOILERPLATE = [
    ("Also read: Kremlin says no date set for leaders' summit", "related_link"),
    ("READ MORE: Prisoner swap completed on Belarus border", "related_link"),
    ("Read more: Ceasefire talks stall over territory", "related_link"),
    ("Related: What we know about the Istanbul talks", "related_link"),
    ("[Related: Five things to watch in Geneva]", "related_link"),
    ("- Recommended: How Turkey became the broker", "related_link"),
    ("Follow us on X", "social_promo"),
    ("Follow us on Facebook, Instagram and Threads for the latest news", "social_promo"),
    ("Join our WhatsApp channel", "social_promo"),
    ("Join our Telegram channel for breaking updates", "social_promo"),
    ("Like us on Facebook", "social_promo"),
    ("Subscribe to our newsletter", "newsletter"),
    ("Sign up for our daily Ukraine briefing newsletter", "newsletter"),
    ("Get the latest headlines delivered to your inbox every morning.", "newsletter"),
    ("Download our app", "app_promo"),
    ("Download the Kyiv Post app for iOS and Android", "app_promo"),
    (
        "(Reporting by Pavel Polityuk in Kyiv and Jonathan Spicer in Istanbul; Editing by Andrew Heavens)",
        "trailer",
    ),
    ("Reporting by Olena Harmash; editing by Tomasz Janowski", "trailer"),
    ("Additional reporting by Dmitry Antonov in Moscow.", "trailer"),
    ("Photo: Reuters", "credit"),
    ("Photograph: Murad Sezer/Reuters", "credit"),
    ("(AP Photo/Efrem Lukatsky)", "credit"),
    ("Yasin Akgul/AFP via Getty Images", "credit"),
    ("Image credit: Ukrainian Presidential Press Service", "credit"),
    ("ADVERTISEMENT", "ad"),
    ("Story continues below advertisement", "ad"),
    ("Want more stories like this? Follow us on WhatsApp.", "social_promo"),
    ("Breaking news first? Join our Telegram channel.", "social_promo"),
    ("Copy link", "ui"),
    ("Share", "ui"),
    ("This story has been updated with additional information.", "meta"),
    ("This article was updated on July 24 to correct the spelling of a name.", "meta"),
    ("This is a developing story and will be updated.", "meta"),
]

# Real reporting that resembles boilerplate: none of it may be removed, wherever it stands.
CONTENT = [
    "Facebook said on Monday it would tighten its rules on political advertising before the vote.",
    "Twitter, now called X, said it had removed 300 accounts linked to the campaign.",
    "“Follow us on this road to peace,” Erdogan told the two delegations at the palace.",
    "Read the full statement, the spokesman told reporters, and you will see no concession.",
    "Related talks in Geneva ended on Tuesday without agreement on the grain corridor.",
    "Reporting by state media suggested the delegations met for less than two hours. Kyiv denied it.",
    "Subscribers to pro-Kremlin Telegram channels were told the talks had already failed.",
    "Photo opportunities were limited, and journalists were kept outside the palace gates.",
    "Download speeds in Kharkiv fell by half after the strike on the power station.",
    "Join us, Zelenskiy told European leaders, in pressing Moscow for a meeting of presidents.",
    "Share prices in Moscow rose 2% after the announcement.",
    "Sources: two officials said the draft memorandum ran to eight pages.",
    "Copyright law was not on the agenda, the ministry said.",
    # kept on purpose: a wire's copyright line tells analysts who wrote a republished story
    "Copyright 2025 The Associated Press. All rights reserved.",
    "The minister’s aide wrote on Telegram: “Subscribe to our newsletter? No — come to the table.”",
    "Advertising bans on Russian state media remain in force across the EU.",
    "Comments by Peskov on Tuesday suggested Moscow saw little room for compromise.",
    "Updated proposals were exchanged on June 2, Umerov said.",
    "More than 1,200 prisoners were exchanged under the deal agreed in Istanbul.",
    "Why did the talks stall? Follow the money, one diplomat said.",
    "This report was updated every month by the monitoring mission, and both sides relied on it.",
    "Share of the grain shipped through the corridor fell to a third.",
    "Save for the prisoner exchange, the day produced nothing, the envoy said.",
]


def _article(*extra: str, at_end: bool = True) -> str:
    lines = [*BODY, *extra] if at_end else [BODY[0], *extra, *BODY[1:]]
    return "\n".join(lines)


@pytest.mark.parametrize(("line", "kind"), BOILERPLATE)
def test_boilerplate_closing_an_article_is_removed_with_its_kind(line: str, kind: str) -> None:
    text, removed = strip_boilerplate(_article(line))
    assert text == "\n".join(BODY)
    assert [(r.line_no, r.text, r.kind) for r in removed] == [(3, line, kind)]
    assert removed[0].rule_id in {rule.id for rule in load_rules().rules}


@pytest.mark.parametrize("line", CONTENT)
def test_lookalike_content_is_kept_in_the_middle_and_at_the_end(line: str) -> None:
    for text in (_article(line), _article(line, at_end=False)):
        assert strip_boilerplate(text) == (text, ())


def test_trailing_rules_only_act_in_the_trailing_block() -> None:
    credit = "(Reporting by Guy Faulconbridge; Editing by Mark Heinrich)"
    middle = _article(credit, at_end=False)
    assert strip_boilerplate(middle) == (middle, ())
    # a trailing block may mix kinds: the credit, then a promo line after it
    text, removed = strip_boilerplate(_article(credit, "Follow us on X and Telegram"))
    assert text == "\n".join(BODY)
    assert [r.rule_id for r in removed] == ["trailer.reporting_by", "social.follow_us"]


def test_anywhere_rules_act_in_the_middle() -> None:
    text, removed = strip_boilerplate(_article("READ MORE: Kremlin rejects the proposal", at_end=False))
    assert text == "\n".join(BODY)
    assert [(r.line_no, r.rule_id) for r in removed] == [(1, "related.read_label")]


def test_a_label_takes_the_teaser_list_that_follows_it() -> None:
    teasers = ["You may also like", "Kremlin rejects ceasefire plan", "What the Istanbul memorandum says?"]
    text, removed = strip_boilerplate(_article(*teasers, at_end=False))
    assert text == "\n".join(BODY)
    assert [(r.line_no, r.rule_id) for r in removed] == [
        (1, "related.heading"),
        (2, "related.heading.list"),
        (3, "related.heading.list"),
    ]
    # the list ends at the first line that reads like a sentence; bullets only after a "Read:" label
    text, removed = strip_boilerplate(
        _article(
            "Read more: Talks end", "- Envoys leave Istanbul", "Heading of the next section", at_end=False
        )
    )
    assert [r.rule_id for r in removed] == ["related.read_label", "related.read_label.list"]
    assert "Heading of the next section" in text


def test_lines_that_only_repeat_the_headline_go() -> None:
    headline = "Talks resume in Istanbul"
    text = "\n".join(
        [headline, BODY[0], "TALKS RESUME IN ISTANBUL!", "Talks resume in Istanbul, officials said."]
    )
    kept, removed = strip_boilerplate(text, headlines=[headline, ""])
    assert kept == "\n".join([BODY[0], "Talks resume in Istanbul, officials said."])
    assert [(r.line_no, r.rule_id, r.kind) for r in removed] == [
        (0, "text.title_repeat", "title"),
        (2, "text.title_repeat", "title"),
    ]
    assert strip_boilerplate(kept, headlines=[headline]) == (kept, ())


def test_edges_rules_act_at_both_ends_only() -> None:
    link = "https://www.example-news.com/world/2025/07/23/istanbul-talks"
    assert strip_boilerplate("\n".join([link, *BODY]))[0] == "\n".join(BODY)
    assert strip_boilerplate("\n".join([*BODY, link]))[0] == "\n".join(BODY)
    middle = _article(link, at_end=False)
    assert strip_boilerplate(middle) == (middle, ())


def test_the_guard_keeps_weak_matches_that_quote_or_run_long() -> None:
    guard = load_rules().guard
    weak = next(r for r in load_rules().rules if r.id == "social.follow_outlet")
    assert line_matches(weak, "Follow Newsbeat on Instagram and TikTok.", guard)
    assert not line_matches(weak, "Follow “Newsbeat” on Instagram and TikTok.", guard)
    long_line = "Follow the ministry on Telegram and you will see " + "the same claims repeated " * 3
    assert not line_matches(weak, long_line, guard)


def test_audit_keeps_the_line_exactly_as_it_was() -> None:
    line = "  » Read more: Talks end without a deal  "
    _, removed = strip_boilerplate(_article(line))
    assert removed[0].text == line


def test_site_rules_apply_only_to_their_domain_and_subdomains() -> None:
    line = "Image caption, Delegates arrive at Ciragan Palace in Istanbul"
    text = _article(line, at_end=False)
    assert strip_boilerplate(text) == (text, ())
    assert strip_boilerplate(text, domain="www.bbc.co.uk")[0] == "\n".join(BODY)
    assert strip_boilerplate(text, domain="notbbc.co.uk") == (text, ())


def test_empty_and_blank_text() -> None:
    assert strip_boilerplate("") == ("", ())
    assert strip_boilerplate("\n\n") == ("\n\n", ())


def test_seed_article_loses_exactly_its_two_boilerplate_lines(shared: Path) -> None:
    seed = (shared / SEED).read_text(encoding="utf-8")
    text, removed = strip_boilerplate(seed)
    lines = seed.split("\n")
    assert [(r.text, r.rule_id, r.kind) for r in removed] == [
        (
            "Read: Nokia Seeks New Manufacturing Partner for Mobile Comeback",
            "related.read_label",
            "related_link",
        ),
        (
            "Follow us on Instagram, YouTube, Facebook,, X and TikTok for latest updates",
            "social.follow_us",
            "social_promo",
        ),
    ]
    assert [lines[r.line_no] for r in removed] == [r.text for r in removed]
    assert text.split("\n") == [line for i, line in enumerate(lines) if i not in {r.line_no for r in removed}]


# --------------------------------------------------------------------------- the rules file


RULES = load_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_removes_its_example_and_keeps_its_counter_example(rule: object) -> None:
    from extractors.boilerplate import LineRule

    assert isinstance(rule, LineRule)
    domain = f"www.{rule.domain}" if rule.domain else None
    # placed where the rule acts: at the end for trailing/anywhere, at the start for leading rules
    text = "\n".join([rule.example, *BODY] if rule.where == "leading" else [*BODY, rule.example])
    _, removed = strip_boilerplate(text, domain=domain)
    assert [r.text for r in removed] == [rule.example]  # by this rule or an overlapping one
    assert line_matches(rule, rule.example, load_rules().guard)
    if rule.counter_example is not None:
        text = "\n".join([*BODY, rule.counter_example])
        assert strip_boilerplate(text, domain=domain) == (text, ())


def test_every_html_rule_example_matches() -> None:
    rules = load_rules()
    for label in rules.html_labels:
        assert label.regex.match(label.example)
        assert label.counter_example is None or not label.regex.match(label.counter_example)
    for block in rules.html_blocks:
        assert block.matches(block.example)
        assert block.counter_example is None or not block.matches(block.counter_example)


def test_the_guard_is_documented_in_the_rules_file() -> None:
    source = RULES_PATH.read_text(encoding="utf-8")
    assert "THE GUARD against false removal" in source
    assert "Facebook said on Monday" in source


VALID_RULE = """
[[rule]]
id = "test.promo"
kind = "social_promo"
where = "anywhere"
strength = "strong"
pattern = '^follow us\\b'
example = "Follow us on X"
"""
GUARD = """
[guard]
max_words = 16
strong_max_words = 60
quotation = '"[^"]+"'
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("pattern = '^follow us\\b'", "pattern = ''"), "boilerplate.toml:8: rule test.promo: empty pattern"),
        (("pattern = '^follow us\\b'", "pattern = '^follow (us'"), "rule test.promo: bad pattern"),
        (('kind = "social_promo"', 'kind = "gossip"'), "rule test.promo: unknown kind 'gossip'"),
        (('where = "anywhere"', 'where = "middle"'), "rule test.promo: where must be one of"),
        (('strength = "strong"', 'strength = "medium"'), "rule test.promo: strength must be strong or weak"),
        (('example = "Follow us on X"', 'example = "Read more"'), "rule test.promo: example does not match"),
        (('id = "test.promo"', 'id = "promo"'), "id must look like 'family.name'"),
        (('where = "anywhere"', 'where = "anywhere"\ncolour = "red"'), "unknown keys ['colour']"),
        (
            ('where = "anywhere"', 'where = "anywhere"\nlist_after = "tables"'),
            "list_after must be bullets or",
        ),
        (('where = "anywhere"', 'where = "trailing"\nlist_after = "bullets"'), "on an anywhere rule"),
        (
            ('example = "Follow us on X"', 'example = "Follow us on X"\ncounter_example = "Follow us on Y"'),
            "rule test.promo: counter_example matches",
        ),
    ],
)
def test_a_bad_rules_file_names_file_line_and_rule(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "boilerplate.toml"
    path.write_text(GUARD + VALID_RULE.replace(*change), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith("boilerplate.toml")


def test_rules_file_syntax_errors_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "boilerplate.toml"
    path.write_text(GUARD + "[[rule]\nid = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^boilerplate\.toml:6: "):
        load_rules(path)
    path.write_text(GUARD + VALID_RULE + VALID_RULE, encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate rule id"):
        load_rules(path)
    path.write_text(VALID_RULE, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"missing \[guard\] table"):
        load_rules(path)


# --------------------------------------------------------------------------- properties

_LINES = st.one_of(
    st.sampled_from([line for line, _ in BOILERPLATE]),
    st.sampled_from(["You may also like", "- Envoys leave Istanbul", "Kremlin rejects plan", "Tags: talks"]),
    st.sampled_from(CONTENT + BODY),
    st.sampled_from([r.example for r in RULES] + [r.counter_example for r in RULES if r.counter_example]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=80),
    st.just(""),
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINES, max_size=12), domain=st.sampled_from([None, "www.bbc.co.uk", "apnews.com"]))
def test_stripping_is_idempotent_and_only_ever_drops_whole_lines(
    lines: list[str], domain: str | None
) -> None:
    text = "\n".join(lines)
    once, removed = strip_boilerplate(text, domain=domain)
    assert strip_boilerplate(once, domain=domain) == (once, ())
    kept = [line for i, line in enumerate(lines) if i not in {r.line_no for r in removed}]
    assert once == "\n".join(kept)
    assert [lines[r.line_no] for r in removed] == [r.text for r in removed]
    assert len(once) <= len(text)
