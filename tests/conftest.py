"""Test-wide set-up: Prefect stays local, quiet and inside a temporary home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from flows.prefect_env import configure_prefect_env

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# Before anything imports prefect: its settings are read at import time.
configure_prefect_env(Path(tempfile.mkdtemp(prefix="parley-prefect-home-")))
os.environ.setdefault("PARLEY_CONFIG", str(REPO / "tests" / "no-such-parley.toml"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared evaluation data beside the repository (../shared)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is missing: clone Parley beside its shared/ folder")
    return SHARED
