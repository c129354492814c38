"""The operations commands — serve, backfill, reprocess, export — added to the ``parley`` app.

Argument parsing and printing only; the work happens in flows/ and warehouse/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.table import Table

console = Console()

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: configured db_path).")]
FeedsFileOption = Annotated[
    Path | None, typer.Option("--feeds", help="Feeds TOML (default: configured feeds_file).")
]
SinceOption = Annotated[
    dt.datetime | None,
    typer.Option(help="First day to include (UTC), e.g. 2025-07-01.", formats=["%Y-%m-%d"]),
]
UntilOption = Annotated[
    dt.datetime | None, typer.Option(help="Last day to include (UTC), e.g. 2025-07-31.", formats=["%Y-%m-%d"])
]
AllowPrivateOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-private", help="Host or network the SSRF guard lets through (repeatable; e.g. 127.0.0.1)."
    ),
]


def register(app: typer.Typer) -> None:
    """Add serve, backfill, reprocess and export to a Typer app (``flows.cli.app``)."""
    app.command("serve")(serve)
    app.command("backfill")(backfill)
    app.command("reprocess")(reprocess)
    app.command("export")(export)


def serve(
    every: Annotated[float, typer.Option(help="Minutes between poll cycles.")] = 15.0,
    feeds_file: FeedsFileOption = None,
    db: DbOption = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "parley-poll",
    allow_private: AllowPrivateOption = None,
    work_pool: Annotated[
        str | None,
        typer.Option(
            help="Register on this work pool of the team server (PREFECT_API_URL) and exit; workers run it."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(help="With --work-pool: where workers load Parley from (checkout path or git URL)."),
    ] = None,
) -> None:
    """Run the poll cycle on a schedule from one long-running process (Ctrl-C stops it).

    With PREFECT_API_URL unset, a local Prefect server (SQLite, 127.0.0.1) is started
    for the lifetime of this command; with it set, deployments register on that server.
    With --work-pool, the deployment is registered for `prefect worker start --pool NAME`.
    """
    from flows.serve import deploy_to_work_pool, serve_poll

    if work_pool:
        deployment_id = deploy_to_work_pool(
            pool=work_pool,
            every_minutes=every,
            feeds_file=str(feeds_file) if feeds_file else None,
            db_path=str(db) if db else None,
            name=name,
            allow_private=allow_private,
            source=source,
        )
        console.print(
            f"Registered poll_and_process/{name} ({deployment_id}) on work pool {work_pool!r}, "
            f"every {every:g} min. Start workers with: prefect worker start --pool {work_pool}"
        )
        return
    serve_poll(
        every_minutes=every,
        feeds_file=str(feeds_file) if feeds_file else None,
        db_path=str(db) if db else None,
        name=name,
        allow_private=allow_private,
        on_status=lambda m: console.print(f"[cyan]{m}"),
    )


def backfill(
    feeds: Annotated[list[str] | None, typer.Argument(help="Feed names (default: every feed).")] = None,
    source: Annotated[str, typer.Option(help="feed-history | sitemap | urls")] = "sitemap",
    since: SinceOption = None,
    until: UntilOption = None,
    urls: Annotated[Path | None, typer.Option(help="File of URLs, one a line (--source urls).")] = None,
    feeds_file: FeedsFileOption = None,
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(help="Fetch at most this many pages this run.")] = None,
    allow_private: AllowPrivateOption = None,
) -> None:
    """Fetch what a feed's history, a site's sitemaps or a URL file lists and the warehouse lacks.

    Interrupted (Ctrl-C), the same command continues where it stopped.
    """
    from flows.backfill import SOURCES, Source
    from flows.backfill import backfill as backfill_flow

    if source not in SOURCES:
        raise typer.BadParameter(f"choose one of {', '.join(SOURCES)}", param_hint="--source")
    if source == "urls" and urls is None:
        raise typer.BadParameter("--source urls needs --urls FILE", param_hint="--urls")
    if urls is not None and source != "urls":
        source = "urls"
    try:
        result = backfill_flow(
            source=cast(Source, source),
            feeds=feeds or None,
            since=since.date() if since else None,
            until=until.date() if until else None,
            urls_file=str(urls) if urls else None,
            feeds_file=str(feeds_file) if feeds_file else None,
            db_path=str(db) if db else None,
            limit=limit,
            allow_private=allow_private,
        )
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted. Finished batches are committed: run the same command to continue."
        )
        raise typer.Exit(130) from None
    table = Table("step", "count", title=f"Backfill ({result.source})", title_justify="left")
    for key, value in result.discovery.items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)
    from flows.cli import print_summary

    print_summary(result.summary)


def reprocess(
    since: SinceOption = None,
    stage: Annotated[
        str, typer.Option(help="text: raw pages → text, removed lines, fields; fields: text → fields.")
    ] = "fields",
    db: DbOption = None,
) -> None:
    """Re-run extraction over stored raw pages (no network) and replace derived rows atomically per batch."""
    from flows.reprocess import STAGES, Stage
    from flows.reprocess import reprocess as reprocess_flow

    if stage not in STAGES:
        raise typer.BadParameter(f"choose one of {', '.join(STAGES)}", param_hint="--stage")
    try:
        result = reprocess_flow(
            stage=cast(Stage, stage), since=since.date() if since else None, db_path=str(db) if db else None
        )
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted. Finished batches are replaced; the rest keep their old rows.")
        raise typer.Exit(130) from None
    table = Table("step", "count", title=f"Reprocess ({stage}) run {result.run_id}", title_justify="left")
    for key, value in result.counts.items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)


def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet | csv | jsonl")] = "parquet",
    since: SinceOption = None,
    out: Annotated[Path, typer.Option(help="Folder to write one file per table into.")] = Path("export"),
    db: DbOption = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait while a run holds the file.")] = 60.0,
) -> None:
    """Write every table to OUT/<table>.<format> (rows since a day, where the table has a date)."""
    from flows.config import load_settings
    from warehouse.db import connect
    from warehouse.export import FORMATS, export_tables

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    path = db or Path(load_settings().db_path)
    out.mkdir(parents=True, exist_ok=True)
    with connect(path, read_only=True, wait_s=wait, on_wait=lambda m: console.print(f"[yellow]{m}")) as con:
        written = export_tables(con, out, fmt, since=since.date() if since else None)
    table = Table("table", "rows", "file", title=f"Exported to {out}", title_justify="left")
    for item in written:
        table.add_row(item.table, str(item.rows), str(item.path))
    console.print(table)
