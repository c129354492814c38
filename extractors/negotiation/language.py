"""A cheap language guess from function words, so English rules only run on English text.

Feeds often declare a language, but not always, and some declare it wrongly; a share
of function words is enough to tell a Spanish or Russian report from an English one
without a model. The word lists live in ``extractors/data/negotiation/languages.toml``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from extractors.datafiles import DATA_DIR, load_toml
from extractors.errors import ConfigError

__all__ = ["LANGUAGES_FILE", "LanguageModel", "detect_language", "load_languages"]

LANGUAGES_FILE = DATA_DIR / "negotiation" / "languages.toml"
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 20_000  # the head of an article is enough to know its language


@dataclass(frozen=True)
class LanguageModel:
    """Function words by language and the thresholds for choosing one."""

    words: dict[str, str]  # word → language code
    languages: tuple[str, ...]
    min_words: int
    min_share: float


def load_languages(path: Path = LANGUAGES_FILE) -> LanguageModel:
    """Read and validate a languages file.

    Args:
        path: the TOML file (default: Parley's own).

    Returns:
        The model.

    Raises:
        ConfigError: the file is unreadable, a list is empty, a word is not lower case or is listed twice.
    """
    name = path.name
    data = load_toml(path)
    detect = data.get("detect")
    stop = data.get("stopwords")
    if not isinstance(detect, dict) or not isinstance(stop, dict) or "en" not in stop:
        raise ConfigError(f"{name}: needs [detect] and [stopwords] with an 'en' list")
    min_words, min_share = detect.get("min_words"), detect.get("min_share")
    if not isinstance(min_words, int) or not isinstance(min_share, int | float) or not 0 < min_share < 1:
        raise ConfigError(f"{name}: [detect] min_words must be an int and 0 < min_share < 1")
    words: dict[str, str] = {}
    for lang, items in stop.items():
        if not isinstance(items, list) or not items:
            raise ConfigError(f"{name}: stopwords.{lang}: empty list")
        for w in items:
            if not isinstance(w, str) or not w or w != w.casefold():
                raise ConfigError(f"{name}: stopwords.{lang}: {w!r} must be a non-empty lower-case word")
            if w in words and words[w] != lang:
                raise ConfigError(f"{name}: stopwords.{lang}: {w!r} already listed under {words[w]}")
            words[w] = lang
    return LanguageModel(words, tuple(stop), min_words, float(min_share))


@functools.cache
def _model() -> LanguageModel:
    """Parley's language model, loaded once per process."""
    return load_languages(LANGUAGES_FILE)


def detect_language(text: str) -> str:
    """Guess an article's language from its function words.

    Args:
        text: the article text.

    Returns:
        A two-letter code such as "en" or "es"; "en" for texts too short to tell,
        "und" when no listed language reaches the minimum share.
    """
    model = _model()
    tokens = [w.casefold() for w in _WORD.findall(text[:_SAMPLE_CHARS])]
    if len(tokens) < model.min_words:
        return "en"
    counts = Counter(model.words[t] for t in tokens if t in model.words)
    if not counts:
        return "und"
    lang, hits = counts.most_common(1)[0]
    return lang if hits / len(tokens) >= model.min_share else "und"
