"""Typed records that flow one way through Parley: feed → entries → pages → articles → fields.

Every stage takes and returns these frozen dataclasses, so a stage can be run,
tested and reprocessed alone. Failures travel as :class:`Problem` values inside
the records (like feedparser's ``bozo``) rather than as exceptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """Something that went wrong but did not stop the stage: recorded, never raised.

    ``kind`` is a short stable slug an analyst can group by (``http_status``,
    ``timeout``, ``feed_bozo``, ``empty_text`` …); ``message`` is for humans.
    """

    kind: str
    message: str
    url: str | None = None


# --------------------------------------------------------------------------- feeds


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, normalised.

    ``entry_key`` is the identity Parley uses for the entry inside its feed:
    the GUID when the feed's GUIDs are trustworthy, else the link, else a hash
    of link, date and title (``key_kind`` says which).
    """

    entry_key: str
    key_kind: str  # "guid" | "link" | "hash"
    guid: str | None
    link: str | None
    title: str | None
    summary: str | None
    published: dt.datetime  # timezone-aware UTC
    published_is_fallback: bool  # True when the feed gave no date and fetch time was used
    updated: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    language: str | None = None
    missing_link_reason: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A feed document read into entries, with whatever was wrong with it."""

    url: str
    title: str | None
    language: str | None
    entries: tuple[FeedEntry, ...]
    bozo: bool = False
    ttl_minutes: int | None = None  # <ttl> or sy:updatePeriod/sy:updateFrequency, when given
    problems: tuple[Problem, ...] = ()


# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class FetchResult:
    """One HTTP attempt, successful or not: the politeness and health ledger's row.

    Network and HTTP failures are values here (``error_kind`` set), never exceptions,
    so one bad feed or page cannot stop a run.
    """

    url: str
    final_url: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    duration_ms: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    permanent_redirect_to: str | None = None  # set only when a 301/308-only chain ended in success
    retry_after_s: float | None = None
    error_kind: str | None = None  # timeout, connect, too_large, http_status, refused_address, …
    error: str | None = None
    wire_bytes: int = 0  # bytes received on the wire (compressed), for the politeness ledger
    redirects: tuple[tuple[int, str, str], ...] = field(default=())  # (status, from, to) per hop
    kind: str = "feed"  # feed | page
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))  # when the answer ended

    @property
    def ok(self) -> bool:
        """True when there is a fresh body to use (2xx); a 304 is ``not_modified``, not ``ok``."""
        return self.error_kind is None and self.status is not None and 200 <= self.status < 300

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The failure as a Problem against the URL (empty on success and on 304)."""
        if self.error_kind is None:
            return ()
        return (Problem(self.error_kind, self.error or self.error_kind, self.url),)


# --------------------------------------------------------------------------- pages and articles


@dataclass(frozen=True)
class RemovedLine:
    """A line the boilerplate stage removed, and the rule that removed it (the audit trail)."""

    line_no: int  # 0-based position in the text before stripping
    text: str
    rule_id: str
    kind: str  # social_promo | related_link | newsletter | app_promo | credit | trailer | ad | …


@dataclass(frozen=True)
class ArticleText:
    """The article as Parley stores it: clean text plus page metadata.

    ``text`` has one paragraph per line, boilerplate removed; ``removed`` says
    what was taken out and why.
    """

    text: str
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    extractor_version: str = ""
    problems: tuple[Problem, ...] = ()


# --------------------------------------------------------------------------- negotiation fields


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: its sentence, and a character span in the stored text.

    The span covers the value itself when it has one of its own (a quotation, a person's
    name), else the whole sentence; either way it lies on ``sentence``.
    """

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class FieldSource:
    """The sentence one field of a record came from, when it is not the record's main sentence."""

    field: str  # e.g. "city", "date", "mediators"
    evidence: Evidence


@dataclass(frozen=True)
class Talk:
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    city: str | None
    venue: str | None
    date: dt.date | None
    round: int | None
    status: str  # held | ongoing | scheduled | proposed | cancelled
    evidence: Evidence
    sources: tuple[FieldSource, ...] = ()  # per-field sentences (city, venue, date, round, mediators …)


@dataclass(frozen=True)
class Participant:
    name: str
    role: str | None
    affiliation: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Quote:
    speaker: str | None
    text: str
    evidence: Evidence  # start/end locate the quotation itself, sentence is its sentence


@dataclass(frozen=True)
class Outcome:
    type: str  # prisoner_exchange | remains_exchange | hostage_release | ceasefire | agreement | …
    detail: str
    evidence: Evidence


@dataclass(frozen=True)
class Deadline:
    issuer: str | None
    target: str | None
    days: int | None
    date: dt.date | None
    consequence: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Proposal:
    type: str  # leaders_summit | ceasefire | peace_plan | prisoner_exchange | other
    proposer: str | None
    detail: str
    evidence: Evidence


@dataclass(frozen=True)
class NegotiationFields:
    """Everything the negotiation extractor found in one article."""

    is_negotiation: bool
    language: str | None = None
    talks: tuple[Talk, ...] = ()
    participants: tuple[Participant, ...] = ()
    quotes: tuple[Quote, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    extractor_version: str = ""
    problems: tuple[Problem, ...] = field(default=())
