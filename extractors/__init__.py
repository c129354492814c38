"""Pure functions from bytes and text to Parley's typed records (no network, no database)."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_article_text"]


def __getattr__(name: str) -> Any:
    """Import the text extractor on first use, so ``import extractors.feeds`` stays free of trafilatura."""
    if name == "extract_article_text":
        from extractors.text import extract_article_text

        return extract_article_text
    raise AttributeError(f"module 'extractors' has no attribute {name!r}")
