"""Sentence splitting: news abbreviations, quotations, headlines, and offsets that index the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractors.negotiation.sentences import MAX_SENTENCE_CHARS, evidence, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_headline_line_without_punctuation_is_its_own_sentence() -> None:
    text = "Envoys Meet Again in Vienna\nThe envoys met on Monday. They agreed to meet again."
    assert texts(text) == [
        "Envoys Meet Again in Vienna",
        "The envoys met on Monday.",
        "They agreed to meet again.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = (
        "U.S. Secretary of State Mr. Blinken met Gen. Ali Haidar and John F. Keller in the U.N. building. "
        "The meeting ended at 5 p.m. on Friday."
    )
    assert texts(text) == [
        "U.S. Secretary of State Mr. Blinken met Gen. Ali Haidar and John F. Keller in the U.N. building.",
        "The meeting ended at 5 p.m. on Friday.",
    ]


def test_quotation_sentences_split_after_closing_mark() -> None:
    text = "“We are ready. We were always ready,” she said. “The next move is theirs.”"
    assert texts(text) == ["“We are ready.", "We were always ready,” she said.", "“The next move is theirs.”"]


def test_ellipsis_inside_a_quotation_does_not_split() -> None:
    text = 'He said "trust ... But verify." Then he left.'
    assert texts(text) == ['He said "trust ... But verify."', "Then he left."]


def test_offsets_index_the_original_text_and_evidence_copies_them() -> None:
    text = "  First one.  Second one!\n\nThird?  "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third?"]
    for s in sentences:
        assert text[s.start : s.end] == s.text
        ev = evidence(s)
        assert (ev.sentence, ev.start, ev.end) == (s.text, s.start, s.end)


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" \n\t\n") == ()


def test_run_on_text_without_punctuation_is_cut_into_bounded_pieces() -> None:
    text = " ".join(["talks"] * 2000)
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)


@given(st.text(max_size=400))
def test_any_text_splits_into_ordered_non_overlapping_exact_spans(text: str) -> None:
    last_end = 0
    for s in split_sentences(text):
        assert s.text and s.text == text[s.start : s.end]
        assert s.text == s.text.strip()
        assert s.start >= last_end
        last_end = s.end
