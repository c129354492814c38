"""Negotiation fields from article text: who talks to whom, where, when, and what came of it.

``extract_fields`` is the one entry point: text in, :class:`NegotiationFields` out, every
value carrying the sentence it came from. It never raises on bad input; what went
wrong travels in ``problems``. ``to_schema_dict`` turns the record into the shared
JSON schema used by the evaluation (``../shared/eval/negotiation/README.md``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from collections.abc import Callable, Sequence
from typing import Any

from extractors.errors import ConfigError
from extractors.negotiation.actors import ActorMention, find_actors, forget_scan
from extractors.negotiation.language import detect_language
from extractors.negotiation.prefilter import forget_sentences
from extractors.negotiation.sentences import Sentence, split_sentences
from extractors.negotiation.talk_fields import forget_cues
from extractors.negotiation.talks import extract_talks, is_negotiation
from extractors.records import (
    Deadline,
    NegotiationFields,
    Outcome,
    Participant,
    Problem,
    Proposal,
    Quote,
)

__all__ = ["EXTRACTOR_VERSION", "MAX_TEXT_CHARS", "extract_fields", "to_schema_dict"]

EXTRACTOR_VERSION = "negotiation-0.3.0"
# Past this size an "article" is a dump, not a report; the head is where the news is.
MAX_TEXT_CHARS = 100_000


def extract_fields(
    text: str,
    published: dt.date | None,
    *,
    language: str | None = None,
    site_hint: str | None = None,
) -> NegotiationFields:
    """Extract the negotiation fields of one article.

    Args:
        text: the article's clean text, one paragraph per line (headline first when known).
        published: the publication date relative dates resolve against, or None.
        language: the article's language when already known (e.g. from the feed); detected otherwise.
        site_hint: the outlet's name or domain, reserved for outlet-specific rules (unused so far).

    Returns:
        The fields; ``is_negotiation`` False and every list empty when the article is not about a
        negotiation or not in English. Never raises.
    """
    del site_hint  # accepted now so callers need not change when outlet rules arrive
    problems: list[Problem] = []
    if not isinstance(text, str) or not text.strip():
        return NegotiationFields(
            is_negotiation=False,
            language=language,
            extractor_version=EXTRACTOR_VERSION,
            problems=(Problem("empty_text", "no article text to read"),),
        )
    if isinstance(published, dt.datetime):
        published = published.date()
    if len(text) > MAX_TEXT_CHARS:
        problems.append(
            Problem("text_truncated", f"read the first {MAX_TEXT_CHARS} of {len(text)} characters")
        )
        text = text[:MAX_TEXT_CHARS]
    lang = (language or "").split("-")[0].casefold() or detect_language(text)
    if lang != "en":
        return NegotiationFields(
            is_negotiation=False,
            language=lang,
            extractor_version=EXTRACTOR_VERSION,
            problems=(*problems, Problem("not_english", f"language {lang!r}: English rules not run")),
        )
    try:
        return _extract_english(text, published, problems)
    except ConfigError:
        raise  # a broken rules file is Parley's bug, not the article's: fail loudly
    except Exception as exc:  # a rule bug must not stop a batch: report it as data
        return NegotiationFields(
            is_negotiation=False,
            language="en",
            extractor_version=EXTRACTOR_VERSION,
            problems=(*problems, Problem("extractor_error", f"{type(exc).__name__}: {exc}")),
        )
    finally:
        forget_scan()  # the article's actor scan serves its own rules only, never a later call
        forget_sentences()  # likewise the per-sentence memos
        forget_cues()


def to_schema_dict(fields: NegotiationFields, *, id: str, published: dt.date | None) -> dict[str, Any]:
    """The fields as one object of the shared evaluation schema (evidence left out).

    Args:
        fields: what :func:`extract_fields` returned.
        id: the article's identifier in the gold set.
        published: the publication date (written as ISO or null).

    Returns:
        A JSON-ready dict with exactly the schema's keys.
    """

    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d is not None else None

    return {
        "id": id,
        "published": iso(published),
        "is_negotiation": fields.is_negotiation,
        "talks": [
            {
                "parties": list(t.parties),
                "mediators": list(t.mediators),
                "city": t.city,
                "venue": t.venue,
                "date": iso(t.date),
                "round": t.round,
                "status": t.status,
            }
            for t in fields.talks
        ],
        "participants": [
            {"name": p.name, "role": p.role, "affiliation": p.affiliation} for p in fields.participants
        ],
        "quotes": [{"speaker": q.speaker, "text": q.text} for q in fields.quotes],
        "outcomes": [{"type": o.type, "detail": o.detail} for o in fields.outcomes],
        "deadlines": [
            {
                "issuer": d.issuer,
                "target": d.target,
                "days": d.days,
                "date": iso(d.date),
                "consequence": d.consequence,
            }
            for d in fields.deadlines
        ],
        "proposals": [{"type": p.type, "proposer": p.proposer, "detail": p.detail} for p in fields.proposals],
    }


# --------------------------------------------------------------------------- internals


def _extract_english(text: str, published: dt.date | None, problems: list[Problem]) -> NegotiationFields:
    """Run the English rules on text already known to be non-empty English."""
    sentences = split_sentences(text)
    actors = find_actors(text)
    if not is_negotiation(text, sentences, actors):
        return NegotiationFields(
            is_negotiation=False, language="en", extractor_version=EXTRACTOR_VERSION, problems=tuple(problems)
        )
    talks = extract_talks(text, sentences, actors, published)
    participants: tuple[Participant, ...] = ()
    quotes: tuple[Quote, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    people = _optional("extractors.negotiation.people", "extract_people")
    if people is not None:
        try:
            participants, quotes = _call_people(people, text, sentences, actors)
        except ConfigError:
            raise
        except Exception as exc:  # the people rules are optional: keep the rest of the record
            problems.append(Problem("people_error", f"{type(exc).__name__}: {exc}"))
    events = _optional("extractors.negotiation.events", "extract_events")
    if events is not None:
        try:
            outcomes, deadlines, proposals = events(text, sentences, published)
        except ConfigError:
            raise
        except Exception as exc:  # the event rules are optional: keep the rest of the record
            problems.append(Problem("events_error", f"{type(exc).__name__}: {exc}"))
    return NegotiationFields(
        is_negotiation=True,
        language="en",
        talks=talks,
        participants=tuple(participants),
        quotes=tuple(quotes),
        outcomes=tuple(outcomes),
        deadlines=tuple(deadlines),
        proposals=tuple(proposals),
        extractor_version=EXTRACTOR_VERSION,
        problems=tuple(problems),
    )


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function from a sibling module that may not exist yet (people, events)."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    func = getattr(mod, name, None)
    return func if callable(func) else None


def _call_people(
    func: Callable[..., Any], text: str, sentences: Sequence[Sentence], actors: Sequence[ActorMention]
) -> tuple[tuple[Participant, ...], tuple[Quote, ...]]:
    """Call ``extract_people`` with the actors when it accepts them, else without."""
    try:
        arity = len(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        arity = 2
    result = func(text, sentences, actors) if arity >= 3 else func(text, sentences)
    participants, quotes = result
    return tuple(participants), tuple(quotes)
