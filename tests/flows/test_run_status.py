"""A run's end is recorded truthfully: completed, interrupted (Ctrl-C) or failed."""

from __future__ import annotations

import pytest

from flows.run_status import RunStatus


def test_a_run_that_finishes_is_completed() -> None:
    status = RunStatus()
    with status.watch():
        pass
    assert status.value == "completed"


def test_an_error_marks_the_run_failed_and_still_propagates() -> None:
    status = RunStatus()
    with pytest.raises(ValueError, match="bad page"), status.watch():
        raise ValueError("bad page")
    assert status.value == "failed"


def test_ctrl_c_inside_a_duckdb_query_leaves_as_ctrl_c() -> None:
    status = RunStatus()
    with pytest.raises(KeyboardInterrupt), status.watch():
        raise RuntimeError("Query interrupted")
    assert status.value == "interrupted"
