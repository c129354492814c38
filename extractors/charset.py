"""Decode page bytes to text: declared charsets are checked against the bytes, not trusted.

Servers and CMSs lie about encodings in both directions (UTF-8 bytes labelled Latin-1, Windows-1252
bytes labelled UTF-8), and some pages were double-encoded before they reached us. Every choice
made here is recorded as a Problem so an analyst can see why a page reads the way it does.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from extractors.records import Problem

# WHATWG: browsers read these labels as windows-1252, and so do real pages' bytes.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii", "us_ascii", "iso_8859_1", "cp819"})
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 200_000
_DETECT_MIN_NON_ASCII = 200  # fewer non-ASCII characters than this and detectors guess wildly
_NON_ASCII = re.compile("[^\x00-\x7f]")

# Two to four cp1252-decoded characters that were one UTF-8 character: "â€™" for "’", "Ã©" for "é".
_CONT = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")
# Cheap substring checks first: a regex that starts with a character class scans slowly in CPython.
# They cover Latin, Greek, Cyrillic, Arabic, Devanagari and typographic punctuation (not Hebrew:
# its telltale "×" is also the multiplication sign).
_MOJIBAKE_HINTS = ("Ã", "â€", "Â", "Å", "Ä", "Ð", "Ñ", "Î", "Ï", "Ø", "Ù", "Ú", "Û", "à¤", "â‚")


@dataclass(frozen=True)
class Decoded:
    """Page text and the encoding it was read with."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def decode_page(data: bytes, content_type: str | None = None, url: str | None = None) -> Decoded:
    """Decode page bytes, preferring a byte-order mark, then declared charsets the bytes agree with.

    Args:
        data: The HTTP body.
        content_type: The Content-Type header, if any (its charset parameter is one declaration).
        url: The page URL, only to label problems.

    Returns:
        The text (never raises: undecodable bytes are replaced and the problem recorded).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, errors="replace"), name)
    problems: list[Problem] = []
    declared: list[tuple[str, str]] = []
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    for source, label in (("HTTP header", header.group(1) if header else None), ("meta tag", _ascii(meta))):
        if label is None:
            continue
        codec = _codec(label)
        if codec is None:
            problems.append(Problem("charset_unknown", f"{source} declares unknown charset {label!r}", url))
        elif codec not in (n for _, n in declared):
            declared.append((source, codec))
    for source, name in declared:
        if name != "utf-8" and _is_single_byte(name) and _is_utf8_with_multibyte(data):
            problems.append(
                Problem("charset_mismatch", f"{source} declares {name} but the bytes are valid UTF-8", url)
            )
            return Decoded(data.decode("utf-8"), "utf-8", tuple(problems))
        try:
            return Decoded(data.decode(name), name, tuple(problems))
        except UnicodeDecodeError as err:
            problems.append(
                Problem(
                    "charset_mismatch", f"{source} declares {name} but byte {err.start} is not {name}", url
                )
            )
    try:
        return Decoded(data.decode("utf-8"), "utf-8", tuple(problems))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(_NON_ASCII.findall(text)) - bad
    if good >= 4 * bad:
        problems.append(Problem("charset_damaged", f"{bad} byte sequences are not UTF-8; replaced", url))
        return Decoded(text, "utf-8", tuple(problems))
    name = "windows-1252"
    if good + bad >= _DETECT_MIN_NON_ASCII:
        guess = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
        name = _codec(guess.encoding if guess is not None else None) or name
    problems.append(Problem("charset_detected", f"no declared charset fits the bytes; read as {name}", url))
    return Decoded(data.decode(name, errors="replace"), name, tuple(problems))


def suspect_mojibake(text: str) -> bool:
    """Say whether text shows the telltale character pairs of UTF-8 read as windows-1252."""
    return any(hint in text for hint in _MOJIBAKE_HINTS)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 text that was decoded as windows-1252 somewhere upstream ("donâ€™t" → "don’t").

    A run is replaced only when its cp1252 bytes are a valid UTF-8 sequence, which ordinary
    accented text ("São Paulo", "Ça va") never forms.

    Args:
        text: Decoded text.

    Returns:
        The repaired text and the number of repaired runs.
    """
    present = [hint for hint in _MOJIBAKE_HINTS if hint in text]
    if not present:
        return text, 0
    # visit only the places where a present hint's first character stands: a full regex scan is slow
    starts = sorted({at for lead in {hint[0] for hint in present} for at in _positions(text, lead)})
    pieces: list[str] = []
    done = 0
    for at in starts:
        if at < done:
            continue
        match = _MOJIBAKE.match(text, at)
        if match is None:
            continue
        try:
            fixed = _cp1252_bytes(match.group(0)).decode("utf-8", errors="strict")
        except UnicodeError:
            continue
        pieces += (text[done:at], fixed)
        done = match.end()
    if not pieces:
        return text, 0
    return "".join(pieces) + text[done:], len(pieces) // 2


def _positions(text: str, char: str) -> list[int]:
    found = []
    at = text.find(char)
    while at != -1:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _cp1252_bytes(run: str) -> bytes:
    """Re-encode as windows-1252, keeping its five unassigned bytes as the C1 controls they were read as."""
    out = bytearray()
    for char in run:
        try:
            out += char.encode("windows-1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                raise
            out.append(ord(char))
    return bytes(out)


def _ascii(match: re.Match[bytes] | None) -> str | None:
    return match.group(1).decode("ascii", errors="replace") if match else None


def _codec(label: str | None) -> str | None:
    """Map a charset label to a Python codec name, reading Latin-1 labels as windows-1252 like browsers do."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name.replace("-", "_") in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    if name in {"utf-16", "utf-32"} or name.startswith(("utf-16", "utf-32")):
        # markup that we could sniff as ASCII is not UTF-16 whatever it says; such pages mean UTF-8
        return "utf-8"
    return {"utf_8": "utf-8", "cp1252": "windows-1252"}.get(name, name)


def _is_single_byte(name: str) -> bool:
    try:
        return len("é".encode(name, errors="strict")) == 1
    except (UnicodeError, LookupError):
        return False


def _is_utf8_with_multibyte(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
