"""How a run ended — completed, interrupted or failed — so its ``runs`` row never lies.

A run killed outright stays ``running`` in the warehouse (nothing can record a SIGKILL);
everything else that stops a run is recorded here before it propagates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, however it surfaced (DuckDB turns SIGINT during a query into RuntimeError)."""
    return isinstance(exc, KeyboardInterrupt) or (
        isinstance(exc, RuntimeError) and str(exc) == "Query interrupted"
    )


@dataclass
class RunStatus:
    """How a backfill or reprocess run ended, for its ``runs`` row: completed, interrupted or failed."""

    value: str = "completed"

    @contextmanager
    def watch(self) -> Iterator[None]:
        """Record what stops the body; a Ctrl-C that DuckDB turned into RuntimeError leaves as Ctrl-C."""
        try:
            yield
        except BaseException as exc:
            self.value = "interrupted" if is_interrupt(exc) else "failed"
            if self.value == "interrupted" and not isinstance(exc, KeyboardInterrupt):
                raise KeyboardInterrupt from exc
            raise
