"""Opening the DuckDB warehouse: migrations on open, short-lived connections, bulk inserts.

DuckDB lets exactly one process hold a database file; while it does, another process
cannot open it at all, not even read-only. Parley therefore never keeps the file open
for a whole run: every stage opens it for one short batch transaction and closes it,
and :func:`connect` retries while someone else holds it. Analysts' ad-hoc queries
(``parley sql``) slip in between a run's batches the same way.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from extractors.errors import WarehouseBusy, WarehouseError

MIGRATIONS_TABLE = "_parley_migrations"
_LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")


def migrations() -> list[tuple[str, str]]:
    """Every migration shipped with Parley as (name, sql), in the order they apply."""
    folder = resources.files("warehouse").joinpath("migrations")
    found = [
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    ]
    return sorted(found)


@contextmanager
def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    wait_s: float = 60.0,
    on_wait: Any = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for a short piece of work, waiting while another process holds it.

    Args:
        path: the DuckDB file (created, with its folder, when missing and not read-only).
        read_only: open without write access (still needs the file to be free).
        wait_s: how long to keep retrying while the file is locked by another process.
        on_wait: called once with a message when we start waiting, so a CLI can say why it pauses.

    Yields:
        A connection with every migration applied (writers only; readers see what is there).

    Raises:
        WarehouseBusy: the file stayed locked for longer than ``wait_s``.
        WarehouseError: the file is not a DuckDB database or a migration failed.
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open_with_retry(path, read_only=read_only, wait_s=wait_s, on_wait=on_wait)
    try:
        if not read_only:
            apply_migrations(con)
        yield con
    finally:
        con.close()


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction; return their names."""
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ)"
    )
    done = {row[0] for row in con.execute(f"SELECT name FROM {MIGRATIONS_TABLE}").fetchall()}
    applied = []
    for name, sql in migrations():
        if name in done:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(sql)
            con.execute(f"INSERT INTO {MIGRATIONS_TABLE} VALUES (?, now())", [name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"migration {name} failed: {exc}") from exc
        applied.append(name)
    return applied


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One all-or-nothing batch: a crash inside it leaves nothing half-written."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Bulk insert-or-ignore through Arrow (row-by-row inserts are ~70x slower); return rows added.

    Columns are matched by name; a row whose key already exists is skipped, which is
    what makes re-running a stage insert nothing.
    """
    if not rows:
        return 0
    columns = _table_columns(con, table)
    unknown = set(rows[0]) - set(columns)
    if unknown:
        raise WarehouseError(f"{table} has no columns {sorted(unknown)}")
    names = [name for name in columns if name in rows[0]]
    arrow = pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows])
    before = _count(con, table)
    con.register("_parley_batch", arrow)
    try:
        column_list = ", ".join(names)
        verb = "INSERT OR IGNORE" if _has_key(con, table) else "INSERT"
        con.execute(f"{verb} INTO {table} ({column_list}) SELECT {column_list} FROM _parley_batch")
    finally:
        con.unregister("_parley_batch")
    return _count(con, table) - before


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of a table, in order."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    if not rows:
        raise WarehouseError(f"no table {table!r}")
    return [row[0] for row in rows]


def _has_key(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the table has a primary key (logs such as errors and fetches have none)."""
    rows = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchall()
    return bool(rows[0][0])


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    # fetchall, never fetchone: DuckDB 2.0 keeps a half-read result open and refuses other work.
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def _open_with_retry(
    path: Path, *, read_only: bool, wait_s: float, on_wait: Any
) -> duckdb.DuckDBPyConnection:
    """Connect, retrying with a growing pause while another process holds the file."""
    deadline = time.monotonic() + wait_s
    pause = 0.05
    told = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not any(marker in str(exc) for marker in _LOCK_MARKERS):
                raise WarehouseError(f"{path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{path} is held by another process (a run in progress?); waited {wait_s:.0f}s. "
                    "Try again when it finishes, or query the latest snapshot."
                ) from exc
            if on_wait is not None and not told:
                on_wait(f"{path} is busy (another Parley process is writing); waiting up to {wait_s:.0f}s…")
                told = True
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        except duckdb.Error as exc:
            raise WarehouseError(f"{path}: {exc}") from exc
