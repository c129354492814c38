"""What a negotiation produced or put at stake: outcomes, deadlines and proposals, each with its sentence.

One entry point for the three event kinds, which share the cue lexicon
(``extractors/data/negotiation/cues.toml``) and the clause rules in ``clauses.py``.
Like every extractor it never raises on article text: a rule that fails on one kind
leaves that kind empty, the other two intact, and says so with a RuntimeWarning.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence

from extractors.negotiation.cues import Cues, default_cues
from extractors.negotiation.deadlines import extract_deadlines
from extractors.negotiation.outcomes import extract_outcomes
from extractors.negotiation.proposals import extract_proposals
from extractors.negotiation.sentences import Sentence
from extractors.records import Deadline, Outcome, Proposal

__all__ = ["extract_events"]


def extract_events(
    text: str,
    sentences: Sequence[Sentence],
    published: dt.date | None,
    *,
    cues: Cues | None = None,
) -> tuple[tuple[Outcome, ...], tuple[Deadline, ...], tuple[Proposal, ...]]:
    """Find the outcomes, deadlines and proposals an article reports.

    Args:
        text: the article text the sentences index into.
        sentences: the article's sentences (``split_sentences(text)``).
        published: the publication date relative dates resolve against, or None (dates then
            stay None unless the text gives the year).
        cues: the cue lexicon; Parley's own when None.

    Returns:
        ``(outcomes, deadlines, proposals)``, each in order of first mention; empty tuples
        for text with no such events. Never raises on any text.

    Raises:
        ConfigError: only when the cue lexicon itself is invalid (a configuration fault, not input).
    """
    lexicon = cues if cues is not None else default_cues()
    if not isinstance(text, str) or not sentences:
        return (), (), ()
    if isinstance(published, dt.datetime):
        published = published.date()
    outcomes: tuple[Outcome, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    try:
        outcomes = extract_outcomes(sentences, lexicon, published)
    except Exception as exc:  # a rule bug on odd text must not cost the other two kinds
        _report("outcome", exc)
    try:
        deadlines = extract_deadlines(text, sentences, published, lexicon)
    except Exception as exc:
        _report("deadline", exc)
    try:
        proposals = extract_proposals(text, sentences, lexicon)
    except Exception as exc:
        _report("proposal", exc)
    return outcomes, deadlines, proposals


def _report(kind: str, exc: Exception) -> None:
    """Make a rule crash visible (a warning; an error under the test suite) without raising it."""
    warnings.warn(f"{kind} rules failed and were skipped: {type(exc).__name__}: {exc}", RuntimeWarning, 2)
