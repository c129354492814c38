"""Settings: embedded defaults, then a parley.toml, then PARLEY_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ConfigError
from flows.config import load_settings


def test_defaults_need_no_file(tmp_path: Path) -> None:
    settings = load_settings(env={"PARLEY_CONFIG": str(tmp_path / "absent.toml")})
    assert settings.db_path == "parley.duckdb"
    assert settings.per_host_limit == 2
    assert settings.allow_private == ()
    assert "Parley" in settings.user_agent_header and settings.contact_url in settings.user_agent_header


def test_file_then_environment_override(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('db_path = "/data/p.duckdb"\nper_host_limit = 4\n', encoding="utf-8")
    settings = load_settings(
        config, env={"PARLEY_PER_HOST_LIMIT": "3", "PARLEY_ALLOW_PRIVATE": "127.0.0.1, 10.0.0.0/8"}
    )
    assert settings.db_path == "/data/p.duckdb"
    assert settings.per_host_limit == 3
    assert settings.allow_private == ("127.0.0.1", "10.0.0.0/8")


def test_unknown_key_is_refused_with_its_file(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("per_host_limt = 4\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"parley\.toml: unknown setting 'per_host_limt'"):
        load_settings(config, env={})


def test_wrong_type_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('batch_size = "fifty"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="batch_size must be int"):
        load_settings(config, env={})


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"\$PARLEY_BATCH_SIZE"):
        load_settings(env={"PARLEY_BATCH_SIZE": "many", "PARLEY_CONFIG": "/nonexistent/parley.toml"})
