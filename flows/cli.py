"""The ``parley`` command: argument parsing and printing only; the work happens in flows and warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows import cli_feeds, cli_ops
from flows.prefect_env import configure_prefect_env
from flows.summary import LABELS, RunSummary

app = typer.Typer(help="Parley: news monitoring for diplomatic negotiations.", no_args_is_help=True)
eval_app = typer.Typer(help="Score Parley on the labelled data in ../shared.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(cli_feeds.app, name="feeds")
console = Console()

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: configured db_path).")]


@app.command()
def run(
    feeds: Annotated[Path | None, typer.Option(help="Feeds TOML (default: configured feeds_file).")] = None,
    db: DbOption = None,
    max_pages: Annotated[int | None, typer.Option(help="Fetch at most this many new pages.")] = None,
    force: Annotated[bool, typer.Option(help="Poll every feed now, even those not due yet.")] = False,
) -> None:
    """Poll every configured feed once and process what is new (the main job)."""
    from flows.poll import poll_and_process

    summary = poll_and_process(
        feeds_file=str(feeds) if feeds else None,
        db_path=str(db) if db else None,
        max_pages=max_pages,
        force=force,
    )
    print_summary(summary)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to write.")] = Path("parley.duckdb"),
) -> None:
    """Serve the bundled demo site on 127.0.0.1, run the real flow against it, and show what it found."""
    from flows.demo import run_demo

    summary, examples = run_demo(db)
    print_summary(summary)
    for name, result in examples:
        table = Table(*result.columns, title=name, title_justify="left", show_lines=False)
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
    console.print(f'\nDatabase: {db}  —  try: parley sql "SELECT * FROM talks" --db {db}')
    console.print(f"Feed health: parley feeds status --db {db}")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement.")],
    db: DbOption = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait while a run holds the file.")] = 60.0,
    output: Annotated[str, typer.Option("--format", help="table | csv | jsonl")] = "table",
) -> None:
    """Run ad-hoc SQL against the warehouse (read-only)."""
    import csv
    import json
    import sys

    from flows.config import load_settings
    from warehouse.db import connect
    from warehouse.queries import run_query

    if output not in {"table", "csv", "jsonl"}:
        raise typer.BadParameter("--format must be table, csv or jsonl")
    path = db or Path(load_settings().db_path)
    with connect(path, read_only=True, wait_s=wait, on_wait=lambda m: console.print(f"[yellow]{m}")) as con:
        result = run_query(con, query)
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return
    if output == "jsonl":
        for row in result.rows:
            print(json.dumps(dict(zip(result.columns, row, strict=True)), default=str, ensure_ascii=False))
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@app.command("runs")
def list_runs(db: DbOption = None, limit: int = 20) -> None:
    """List recent runs with their status, duration and error count."""
    from flows.config import load_settings
    from warehouse.db import connect
    from warehouse.runs import recent_runs

    with connect(db or Path(load_settings().db_path), read_only=True) as con:
        rows = recent_runs(con, limit)
    table = Table("run", "kind", "started", "status", "errors", "seconds", "counts")
    for r in rows:
        table.add_row(
            r["run_id"][:8],
            r["kind"],
            str(r["started_at"])[:19],
            r["status"],
            str(r["error_count"]),
            f"{r['duration_s'] or 0:.1f}",
            str(r["counts"] or ""),
        )
    console.print(table)


@eval_app.command("negotiation")
def eval_negotiation(
    gold: Annotated[Path, typer.Option(help="Folder of gold JSON files (shared schema).")] = Path(
        "../shared/eval/negotiation/dev"
    ),
    out: Annotated[Path | None, typer.Option(help="Write predictions (JSON lines) here.")] = None,
) -> None:
    """Run the negotiation extractor over gold articles and print the scorer's per-field table."""
    from flows.evals.negotiation import run as run_eval

    raise typer.Exit(run_eval(gold, out))


@eval_app.command("aeb")
def eval_aeb(limit: Annotated[int | None, typer.Option(help="Only the first N pages.")] = None) -> None:
    """Score main-text extraction on the Article Extraction Benchmark beside bare trafilatura."""
    from flows.evals.aeb import run as run_eval

    raise typer.Exit(run_eval(limit))


@eval_app.command("sweep")
def eval_sweep() -> None:
    """Run Parley's feed ingestion over every file of feedparser's corpus, isolated per file."""
    from flows.evals.sweep import run as run_eval

    raise typer.Exit(run_eval())


@eval_app.command("dedupe")
def eval_dedupe(seed: int = 0) -> None:
    """Build the labelled near-duplicate set from real text and score clustering on it."""
    from flows.evals.dedupe import run as run_eval

    raise typer.Exit(run_eval(seed))


cli_ops.register(app)  # serve, backfill, reprocess, export: listed after the everyday commands


def print_summary(summary: RunSummary) -> None:
    """Print a run summary as a two-column table."""
    table = Table("stage", "count", title=f"Parley run {summary.run_id}", title_justify="left")
    for key, value in summary.as_dict().items():
        table.add_row(LABELS[key], str(value))
    console.print(table)


def main() -> None:
    """Console entry point: keep Prefect local and quiet, then run the CLI."""
    configure_prefect_env()
    app()
