"""Names inside clauses: who issues a deadline, proposes or announces (``clauses.person_names``)."""

from __future__ import annotations

import pytest

from extractors.negotiation.clauses import person_names


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("General Abdel Fattah al-Burhan gave the RSF three days to withdraw.", "Abdel Fattah al-Burhan"),
        ("Army chief General Abdel Fattah al-Burhan said the truce was over.", "Abdel Fattah al-Burhan"),
        ("Major General Omar Salih led the army's delegation.", "Omar Salih"),
        ("Ursula von der Leyen said the offer stood.", "Ursula von der Leyen"),
        ("President Recep Tayyip Erdoğan offered to host the leaders.", "Recep Tayyip Erdoğan"),
        ("Aleksandar Vučić refused to sign the annex.", "Aleksandar Vučić"),
        ("Turkish Foreign Minister Hakan Fidan opened the session.", "Hakan Fidan"),
    ],
)
def test_names_keep_particles_diacritics_and_lose_ranks(span: str, name: str) -> None:
    assert [found for found, _ in person_names(span)] == [name]


@pytest.mark.parametrize(
    "span",
    [
        "The General Assembly voted on the resolution.",
        "The UN General Assembly voted on the resolution.",
        "The ministers met in Doha on Monday.",
    ],
)
def test_institutions_and_places_are_not_people(span: str) -> None:
    assert person_names(span) == []


def test_the_offset_points_at_the_name_itself() -> None:
    span = "Army chief General Abdel Fattah al-Burhan said the truce was over."
    [(name, offset)] = person_names(span)
    assert span[offset : offset + len(name)] == name
