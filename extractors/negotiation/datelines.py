"""The wire-style dateline that opens an article ("GENEVA, March 20 (Reuters) -"): where it was filed.

A dateline says where the story was written, which is the meeting's city only when the
text places the meeting nowhere else; the caller decides that, this module only finds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.negotiation.actors import canonical_actor, city_country

__all__ = ["Dateline", "find_dateline"]

_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z .'’-]{1,40}?)(?:,\s*[A-Z][A-Za-z .]{1,30}?)?(?:\s*\([^)\n]{1,30}\))?\s*"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*)?"
    r"(?:\((?:[A-Z][\w.&’'-]*\s*){1,4}\)\s*)?(?:[-—–]|\(Reuters\)|\(AP\))\s",  # "(Continental Wire) -"
    re.MULTILINE,
)


@dataclass(frozen=True)
class Dateline:
    """The "GENEVA, March 20 -" opening of a wire story: where it was filed and where the line ends."""

    city: str
    country: str | None
    start: int
    end: int


def find_dateline(text: str) -> Dateline | None:
    """The wire-style dateline at the head of the article, if any.

    Args:
        text: the article text.

    Returns:
        The dateline of one of the first three line openings that look like one, or None.
    """
    for line_no, m in enumerate(_DATELINE.finditer(text[:2000])):
        if line_no > 2:
            break
        raw = " ".join(m.group("city").split())
        if not raw.isupper() and not m.group("date"):
            continue
        name = raw.title() if raw.isupper() else raw
        country = city_country(name)
        if country is None and canonical_actor(name) is None and not raw.isupper():
            continue
        return Dateline(name, country, m.start(), m.end())
    return None
