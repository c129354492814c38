"""Read-side queries: the worked examples analysts start from, and ad-hoc SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import duckdb

_HEADER = re.compile(r"^-- name: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ExampleQuery:
    """One worked example from warehouse/examples.sql (the README shows the same text)."""

    name: str
    sql: str


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a finished query."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def example_queries() -> list[ExampleQuery]:
    """The worked examples, in file order."""
    text = resources.files("warehouse").joinpath("examples.sql").read_text(encoding="utf-8")
    parts = _HEADER.split(text)[1:]
    return [
        ExampleQuery(name=name.strip(), sql=body.strip())
        for name, body in zip(parts[::2], parts[1::2], strict=True)
    ]


def run_query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> QueryResult:
    """Run one statement and read it to the end (DuckDB 2.0 results stream and must be drained)."""
    cursor = con.execute(sql, params or [])
    columns = tuple(d[0] for d in cursor.description or [])
    rows = tuple(tuple(row) for row in cursor.fetchall()) if columns else ()
    return QueryResult(columns=columns, rows=rows)
