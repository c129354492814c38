"""The negotiation eval runner on a gold directory built here, in the shared schema (our own prose)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.evals.negotiation import SCORER, predict, run

TALKS_TEXT = (
    "Peru and Chile open maritime talks in Quito\n"
    "Peru and Chile began two days of talks on their maritime border in Quito on Monday, mediated by "
    "Ecuador, officials said.\n"
    '"We came to settle this line for good, not to score points," Peruvian Foreign Minister Ana Salas '
    "told reporters after the first session.\n"
    "Chile's delegation is led by Deputy Foreign Minister Tomas Vidal.\n"
)
STRIKE_TEXT = (
    "Bus drivers end strike after pay deal\n"
    "Bus drivers in the city returned to work on Tuesday after their union accepted a three-year pay "
    "contract from the transport company.\n"
    "The agreement raises wages by four percent a year, the union said.\n"
)


def _gold(**fields: Any) -> dict[str, Any]:
    """A gold object with every list of the schema, empty unless given."""
    record: dict[str, Any] = {"talks": [], "participants": [], "quotes": [], "outcomes": []}
    record.update({"deadlines": [], "proposals": []})
    record.update(fields)
    return record


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    texts = gold / "texts"
    texts.mkdir(parents=True)
    (texts / "talks.txt").write_text(TALKS_TEXT, encoding="utf-8")
    (texts / "strike.txt").write_text(STRIKE_TEXT, encoding="utf-8")
    talks = _gold(
        id="peru-chile",
        source="texts/talks.txt",
        published="2025-03-04",
        is_negotiation=True,
        talks=[
            {
                "parties": ["Peru", "Chile"],
                "mediators": ["Ecuador"],
                "city": "Quito",
                "venue": None,
                "date": "2025-03-03",
                "round": None,
                "status": "ongoing",
            }
        ],
        participants=[
            {"name": "Ana Salas", "role": "Foreign Minister", "affiliation": "Peru"},
            {"name": "Tomas Vidal", "role": "Deputy Foreign Minister", "affiliation": "Chile"},
        ],
        quotes=[
            {"speaker": "Ana Salas", "text": "We came to settle this line for good, not to score points,"}
        ],
    )
    strike = _gold(id="bus-strike", source="texts/strike.txt", published="2025-03-04", is_negotiation=False)
    (gold / "peru-chile.json").write_text(json.dumps(talks), encoding="utf-8")
    (gold / "bus-strike.json").write_text(json.dumps(strike), encoding="utf-8")
    return gold


SCHEMA_KEYS = {
    "id",
    "published",
    "is_negotiation",
    "talks",
    "participants",
    "quotes",
    "outcomes",
    "deadlines",
    "proposals",
}


def test_predict_writes_one_schema_line_per_gold_file(gold_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "preds.jsonl"
    assert predict(gold_dir, out) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {p["id"]: p for p in lines}
    assert set(by_id) == {"peru-chile", "bus-strike"}
    for pred in lines:
        assert set(pred) == SCHEMA_KEYS
    talks = by_id["peru-chile"]
    assert talks["is_negotiation"] is True
    assert talks["published"] == "2025-03-04"
    main = talks["talks"][0]
    assert set(main) == {"parties", "mediators", "city", "venue", "date", "round", "status"}
    assert set(main["parties"]) == {"Peru", "Chile"}
    assert main["city"] == "Quito"
    strike = by_id["bus-strike"]
    assert strike["is_negotiation"] is False
    assert all(strike[k] == [] for k in ("talks", "participants", "quotes", "outcomes", "deadlines"))


@pytest.mark.skipif(not SCORER.is_file(), reason=f"shared scorer missing at {SCORER}")
def test_run_scores_with_the_shared_scorer(
    gold_dir: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "preds.jsonl"
    assert run(gold_dir, out) == 0
    printed = capfd.readouterr().out
    assert "2 predictions written" in printed
    assert "macro F1" in printed
    assert "is_negotiation" in printed and "talk.city" in printed
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_a_missing_source_gives_an_empty_prediction(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    record = _gold(id="lost", source="nowhere.txt", published=None, is_negotiation=True)
    (gold / "lost.json").write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "preds.jsonl"
    assert predict(gold, out) == 1
    (pred,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert pred["id"] == "lost" and pred["is_negotiation"] is False and pred["published"] is None


def test_run_refuses_a_missing_directory(tmp_path: Path) -> None:
    assert run(tmp_path / "absent") == 2
