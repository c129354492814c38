"""``parley eval sweep``: Parley's ingestion survives every file of feedparser's corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.evals.sweep import run


def test_ill_formed_corner_of_the_corpus_survives(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(only="illformed") == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "19/19 survived"


@pytest.mark.slow
def test_every_corpus_file_survives(shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2107/2107 survived"
    assert len((tmp_path / "feedparser-sweep.jsonl").read_text(encoding="utf-8").splitlines()) == 2107
