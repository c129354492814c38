"""Page decoding: declarations are checked against the bytes, and mojibake is repaired only when certain."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.charset import decode_page, repair_mojibake

TEXT = "Zelenskiy’s envoy said “no deal” — café talks in Genève, 3 €"
PAGE = f"<html><head>{{meta}}</head><body><p>{TEXT}</p></body></html>"


def _kinds(data: bytes, content_type: str | None = None) -> tuple[str, list[str]]:
    decoded = decode_page(data, content_type)
    return decoded.text, [p.kind for p in decoded.problems]


def test_declared_charset_that_fits_is_used_silently() -> None:
    page = PAGE.format(meta='<meta charset="windows-1252">')
    assert _kinds(page.encode("windows-1252")) == (page, [])
    page = PAGE.format(meta="")
    assert _kinds(page.encode("utf-8"), "text/html; charset=UTF-8") == (page, [])


def test_http_header_wins_over_meta_when_both_fit() -> None:
    page = PAGE.format(meta='<meta charset="iso-8859-15">').replace("€", "e")
    text, kinds = _kinds(page.encode("windows-1252"), 'text/html; charset="windows-1252"')
    assert text == page
    assert kinds == []


def test_utf8_bytes_labelled_single_byte_are_read_as_utf8() -> None:
    page = PAGE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    assert _kinds(page.encode("utf-8")) == (page, ["charset_mismatch"])


def test_single_byte_bytes_labelled_utf8_fall_back() -> None:
    page = PAGE.format(meta='<meta charset="utf-8">')
    text, kinds = _kinds(page.encode("windows-1252"))
    assert text == page
    assert kinds == ["charset_mismatch", "charset_detected"]


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    page = PAGE.format(meta="") * 3
    data = page.encode("utf-8") + b"\xff\xfe broken tail"
    text, kinds = _kinds(data, "text/html; charset=utf-8")
    assert text.startswith(page)
    assert kinds == ["charset_mismatch", "charset_damaged"]


def test_unknown_label_is_recorded_and_ignored() -> None:
    page = PAGE.format(meta='<meta charset="no-such-charset">')
    assert _kinds(page.encode("utf-8")) == (page, ["charset_unknown"])


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_byte_order_mark_decides(codec: str) -> None:
    page = PAGE.format(meta='<meta charset="windows-1252">')
    data = page.encode(codec)
    assert data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert _kinds(data, "text/html; charset=windows-1252") == (page, [])


def test_undeclared_cyrillic_is_detected() -> None:
    page = PAGE.format(meta="").replace(TEXT, "Переговоры в Стамбуле возобновились в среду. " * 20)
    text, kinds = _kinds(page.encode("windows-1251"))
    assert text == page
    assert kinds == ["charset_detected"]


def test_mojibake_is_repaired() -> None:
    mangled = TEXT.encode("utf-8").decode("windows-1252", errors="ignore")
    assert "â€™" in mangled
    repaired, count = repair_mojibake(mangled.replace("â€", "â€", 1))
    assert "Zelenskiy’s" in repaired
    assert "café" in repaired and "Genève" in repaired
    assert count >= 4


@pytest.mark.parametrize(
    "text",
    [
        "São Paulo e Brasília: não há acordo",
        "Ça va, répondit le ministre à l’Élysée",
        "Größere Fortschritte in Genève — «non»",
        "Â is a letter; Ã too; â€ alone is not a character",
        "Переговоры в Стамбуле",
    ],
)
def test_ordinary_accented_text_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == (text, 0)


def _as_browsers_misread(text: str) -> str:
    """UTF-8 bytes read as windows-1252 the WHATWG way (its five unassigned bytes become C1 controls)."""
    return "".join(bytes([b]).decode("windows-1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


_ALPHABET = "abcXYZ 019.,;:'\"-éèêüöçãñßÉÀÇ’‘“”—–…€£°©«»\u00a0ąęłńśźżőűПереговорыΔιαπραγματεύσειςسلام"


@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_misread_text_is_restored_exactly(text: str) -> None:
    assert repair_mojibake(_as_browsers_misread(text))[0] == text


@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_text_that_was_never_misread_is_left_alone(text: str) -> None:
    assert repair_mojibake(text)[0] == text
