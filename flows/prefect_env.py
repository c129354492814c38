"""Keep Prefect local and quiet unless the user says otherwise.

Must run before ``prefect`` is first imported: Prefect reads these settings at import.
Nothing here overrides a value the user already set, so a team's PREFECT_API_URL wins.
"""

from __future__ import annotations

import os
from pathlib import Path


def configure_prefect_env(home: Path | None = None) -> None:
    """Default Prefect to an ephemeral local server with project-local state and no telemetry."""
    defaults = {
        # Never phone home: these machines may have no internet, and analysts did not ask for it.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(home or Path.cwd() / ".prefect"),
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_UI_ENABLED": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
