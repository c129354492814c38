"""Configuration: embedded defaults, a `parley.toml`, then `PARLEY_*` environment variables.

One frozen :class:`Settings` value is built once per run and handed to every stage, so a
run's behaviour is fully described by what it printed at the start.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from extractors.errors import ConfigError

CONFIG_ENV = "PARLEY_CONFIG"
ENV_PREFIX = "PARLEY_"


@dataclass(frozen=True)
class Settings:
    """Every tunable number of Parley; defaults live in flows/defaults.toml."""

    db_path: str
    feeds_file: str
    user_agent: str
    contact_url: str
    connect_timeout_s: float
    read_timeout_s: float
    total_timeout_s: float
    max_feed_bytes: int
    max_page_bytes: int
    max_decompressed_bytes: int
    max_redirects: int
    per_host_limit: int
    min_host_delay_s: float
    allow_private: tuple[str, ...]
    respect_robots: bool
    min_interval_s: int
    max_interval_s: int
    max_backoff_s: int
    demo_port: int
    batch_size: int
    max_pages_per_run: int
    near_dup_threshold: float
    near_dup_containment: float
    shingle_words: int
    minhash_permutations: int
    lsh_bands: int
    source: tuple[str, ...] = field(default=(), compare=False)  # where the values came from

    @property
    def user_agent_header(self) -> str:
        """The User-Agent with the contact URL filled in."""
        return self.user_agent.replace("{contact_url}", self.contact_url)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some values changed (CLI options, the demo's allow-list)."""
        return dataclasses.replace(self, **changes)


def load_settings(config_file: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Build settings from defaults, an optional TOML file and the environment.

    Args:
        config_file: a TOML file; default: $PARLEY_CONFIG, else ./parley.toml when it exists.
        env: the environment to read PARLEY_* overrides from (default: os.environ).

    Returns:
        The frozen settings.

    Raises:
        ConfigError: an unknown key or a value of the wrong type, naming its source.
    """
    env = dict(os.environ if env is None else env)
    defaults_text = resources.files("flows").joinpath("defaults.toml").read_text(encoding="utf-8")
    values: dict[str, Any] = tomllib.loads(defaults_text)
    sources = ["flows/defaults.toml"]
    path = config_file or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else Path("parley.toml"))
    if path.exists():
        try:
            overrides = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        _merge(values, overrides, str(path))
        sources.append(str(path))
    elif config_file is not None:
        raise ConfigError(f"{config_file}: no such configuration file")
    env_overrides = {
        key[len(ENV_PREFIX) :].lower(): raw
        for key, raw in env.items()
        if key.startswith(ENV_PREFIX) and key != CONFIG_ENV
    }
    for key, raw in env_overrides.items():
        if key in values:
            values[key] = _coerce(key, raw, values[key], f"${ENV_PREFIX}{key.upper()}")
            sources.append(f"${ENV_PREFIX}{key.upper()}")
    values["allow_private"] = tuple(values["allow_private"])
    return Settings(**values, source=tuple(sources))


def _merge(values: dict[str, Any], overrides: dict[str, Any], origin: str) -> None:
    """Apply a config file's keys, refusing unknown ones and wrong types."""
    for key, value in overrides.items():
        if key not in values:
            raise ConfigError(f"{origin}: unknown setting {key!r}")
        expected = type(values[key])
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected):
            raise ConfigError(f"{origin}: {key} must be {expected.__name__}, not {type(value).__name__}")
        values[key] = value


def _coerce(key: str, raw: str, default: Any, origin: str) -> Any:
    """Turn an environment string into the type of the default it overrides."""
    try:
        if isinstance(default, bool):
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, list | tuple):
            return [part.strip() for part in raw.split(",") if part.strip()]
        return raw
    except ValueError as exc:
        raise ConfigError(f"{origin}: {key} cannot be {raw!r}") from exc
