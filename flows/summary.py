"""The run summary: the same table in the terminal, the runs row and the Prefect artifact."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

LABELS = {
    "feeds_polled": "feeds polled",
    "feeds_not_due": "feeds not due yet (skipped)",
    "feeds_changed": "feeds with new content",
    "feeds_unchanged": "feeds unchanged (304 or same body)",
    "feeds_failed": "feeds failed",
    "entries_seen": "entries seen",
    "entries_new": "new entries",
    "pages_fetched": "pages fetched",
    "pages_failed": "pages failed",
    "new_articles": "new articles",
    "new_versions": "updated articles (new version)",
    "duplicates": "duplicates (same article again)",
    "near_duplicates": "republished stories (joined a cluster)",
    "negotiation_articles": "negotiation articles",
    "field_rows": "negotiation fields found",
    "errors": "errors recorded",
}


@dataclass(frozen=True)
class RunSummary:
    """What one run did, stage by stage."""

    run_id: str
    feeds_polled: int = 0
    feeds_not_due: int = 0
    feeds_changed: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    entries_seen: int = 0
    entries_new: int = 0
    pages_fetched: int = 0
    pages_failed: int = 0
    new_articles: int = 0
    new_versions: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    negotiation_articles: int = 0
    field_rows: int = 0
    errors: int = 0

    @classmethod
    def from_counts(cls, run_id: str, counts: Counter[str], errors: int) -> RunSummary:
        """Build from the stages' counters (unknown keys are a programming error)."""
        return cls(run_id=run_id, errors=errors, **{k: int(v) for k, v in counts.items()})

    def as_dict(self) -> dict[str, int]:
        """The counts alone, as stored in ``runs.counts``."""
        return {k: v for k, v in asdict(self).items() if k != "run_id"}


def markdown_table(summary: RunSummary) -> str:
    """The summary as a Markdown table (the Prefect artifact)."""
    rows = "\n".join(f"| {LABELS[k]} | {v} |" for k, v in summary.as_dict().items())
    return f"### Parley run `{summary.run_id}`\n\n| stage | count |\n|---|---:|\n{rows}\n"
