"""The README tells the truth: every command documented and helpful, every example query real."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from flows.cli import app
from warehouse.queries import example_queries

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, Any]]:
    root: Any = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []
    for name, command in root.commands.items():
        if hasattr(command, "commands"):
            found += [(f"{name} {sub}", subcommand) for sub, subcommand in command.commands.items()]
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_and_a_readme_mention(name: str, command: Any) -> None:
    assert (command.help or "").strip(), f"parley {name} has no help text"
    assert f"parley {name}" in README, f"README does not mention `parley {name}`"


def test_every_worked_example_is_in_the_readme_verbatim() -> None:
    blocks = re.findall(r"```sql\n(.*?)\n```", README, flags=re.DOTALL)
    assert [q.sql for q in example_queries()] == blocks


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    lines = [ln for block in commands for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 2
    assert lines[0].endswith("parley demo") and lines[1].endswith("bash .ci/check")
