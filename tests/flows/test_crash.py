"""Crash safety: a backfill killed with SIGKILL mid-run, then run again, ends exactly where an
uninterrupted backfill ends — every page once, no duplicate field rows, the same content hashes.

Everything is real: a local site of generated article pages on 127.0.0.1, ``parley backfill``
in child processes, DuckDB files on disk.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from flows.demo_site import serve_directory
from tests.parley_runs import backfill_urls_command, child_env, count_rows
from warehouse.db import connect
from warehouse.fields import FIELD_TABLES

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PAGES = 160
BATCH = 20
COUNTRIES = [
    "Armenia",
    "Azerbaijan",
    "Serbia",
    "Kosovo",
    "Sudan",
    "Ethiopia",
    "Egypt",
    "Colombia",
    "Venezuela",
    "Peru",
    "Chile",
    "Japan",
    "South Korea",
    "Vietnam",
    "Cambodia",
    "Thailand",
    "Kenya",
    "Somalia",
]
CITIES = ["Geneva", "Vienna", "Doha", "Oslo", "Istanbul", "Nairobi", "Jeddah", "Brussels", "Havana", "Muscat"]
MEDIATORS = ["Norway", "Qatar", "Switzerland", "Turkey", "Oman", "the African Union", "the European Union"]
TOPICS = [
    "water sharing",
    "border demarcation",
    "prisoner releases",
    "fishing rights",
    "a ceasefire",
    "trade tariffs",
    "grain shipments",
    "rail links",
    "electricity exports",
    "refugee returns",
]
FILLER = [
    "harbour",
    "committee",
    "schedule",
    "delegation",
    "budget",
    "province",
    "river",
    "railway",
    "market",
    "winter",
    "festival",
    "minister",
    "archive",
    "bridge",
    "valley",
    "engineers",
    "school",
    "orchard",
    "library",
    "farmers",
    "museum",
    "hospital",
    "airport",
    "coast",
    "forest",
    "highway",
    "factory",
]
CLAIMS = [
    "{} announced plans to expand the {} near the {}.",
    "Residents said the {} had changed since the {} opened.",
    "Local officials reviewed the {} alongside the {} and the {}.",
    "The {} was praised for its work on the {}.",
]


def _article(n: int, rng: random.Random) -> tuple[str, str]:
    """A news page: headline, date, distinct prose and boilerplate; two in three are negotiation stories."""
    a, b = rng.sample(COUNTRIES, 2)
    city, mediator, topic = rng.choice(CITIES), rng.choice(MEDIATORS), rng.choice(TOPICS)
    if n % 3:
        title = f"{a} and {b} hold talks in {city} on {topic} (report {n})"
        lead = (
            f"Delegations from {a} and {b} met in {city} on Tuesday for talks on {topic}, "
            f"mediated by {mediator}, officials said. \u201cWe are closer than we were a month ago,\u201d "
            f"said Lena Varga, the chief negotiator for {a}."
        )
    else:
        title = f"{city} council debates the {rng.choice(FILLER)} plan (report {n})"
        lead = f"The city council of {city} debated the future of its {rng.choice(FILLER)} on Tuesday."
    paragraphs = [lead] + [
        " ".join(
            rng.choice(CLAIMS).format(*(f"{rng.choice(FILLER)}-{rng.randrange(10_000)}" for _ in range(3)))
            for _ in range(3)
        )
        for _ in range(4)
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    day = 1 + n % 28
    return (
        title,
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2025-06-{day:02d}T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article><h1>{title}</h1>{body}
<p>Follow us on Facebook, X and Instagram for the latest updates.</p></article></main>
<footer><p>© 2025 Generated Gazette</p></footer></body></html>""",
    )


def _site(root: Path) -> list[str]:
    rng = random.Random(5005)
    (root / "news").mkdir(parents=True)
    paths = []
    for n in range(PAGES):
        _, page = _article(n, rng)
        path = f"/news/{n:04d}.html"
        (root / path.lstrip("/")).write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def _env(tmp_path: Path, tag: str) -> dict[str, str]:
    return child_env(
        tmp_path / f"prefect-{tag}",
        {
            "PARLEY_MIN_HOST_DELAY_S": "0",
            "PARLEY_PER_HOST_LIMIT": "4",
            "PARLEY_BATCH_SIZE": str(BATCH),
            "PARLEY_RESPECT_ROBOTS": "false",
        },
    )


def _snapshot(db: Path) -> dict[str, object]:
    """What must match between an interrupted-then-resumed backfill and an uninterrupted one."""
    with connect(db, read_only=True, wait_s=30) as con:
        tables = ["pages", "articles", "article_urls", "removed_lines", "negotiation_articles", *FIELD_TABLES]
        counts = count_rows(con, [*tables, "cluster_members"])
        hashes = sorted(con.execute("SELECT url, content_hash, version FROM articles").fetchall())
        page_urls = con.execute("SELECT count(DISTINCT url) FROM pages").fetchall()[0][0]
        dup_fields = con.execute(
            """SELECT count(*) FROM (
                   SELECT article_id, sentence, start_char, end_char, count(*) AS n FROM talks
               GROUP BY ALL HAVING n > 1)"""
        ).fetchall()[0][0]
    return {
        "counts": counts,
        "hashes": hashes,
        "distinct_page_urls": page_urls,
        "duplicate_talk_rows": dup_fields,
    }


def test_backfill_killed_midway_resumes_to_the_same_warehouse(tmp_path: Path) -> None:
    site = tmp_path / "site"
    paths = _site(site)
    with serve_directory(site) as base:
        urls = tmp_path / "urls.txt"
        urls.write_text("# generated pages\n" + "\n".join(base + p for p in paths) + "\n", encoding="utf-8")
        crashed, reference = tmp_path / "crashed.duckdb", tmp_path / "reference.duckdb"

        # An uninterrupted backfill into another file runs alongside, as the reference.
        whole = subprocess.Popen(
            backfill_urls_command(urls, reference),
            env=_env(tmp_path, "c"),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # 1. Start a backfill and kill it hard once a few batches are committed (the next one is in flight).
        process = subprocess.Popen(  # its own process group: the kill takes its Prefect server down too
            backfill_urls_command(urls, crashed),
            env=_env(tmp_path, "a"),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert process.stderr is not None
        seen = []
        for line in process.stderr:
            seen.append(line)
            if line.startswith(f"backfill {3 * BATCH}/"):
                time.sleep(random.Random().uniform(0.0, 1.0))  # land anywhere in the next batch
                os.killpg(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL, "".join(seen)
        before = _snapshot(crashed)

        # 2. The same command again continues where the killed one stopped.
        resumed = subprocess.run(
            backfill_urls_command(urls, crashed),
            env=_env(tmp_path, "b"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        _, whole_err = whole.communicate(timeout=240)
        assert whole.returncode == 0, whole_err[-3000:]

    after, expected = _snapshot(crashed), _snapshot(reference)
    print(
        f"\nkilled run left: {before['counts']}\nafter resume:    {after['counts']}\n"
        f"uninterrupted:   {expected['counts']}"
    )
    counts_before = before["counts"]
    assert isinstance(counts_before, dict)
    assert 3 * BATCH <= counts_before["pages"] < PAGES  # the kill really came midway
    assert after == expected
    assert after["distinct_page_urls"] == PAGES and after["duplicate_talk_rows"] == 0
    counts_after = after["counts"]
    assert isinstance(counts_after, dict)
    assert counts_after["pages"] == counts_after["articles"] == PAGES
    assert counts_after["talks"] > 0 and counts_after["removed_lines"] >= PAGES
    with connect(crashed, read_only=True) as con:
        statuses = sorted(r[0] for r in con.execute("SELECT status FROM runs").fetchall())
    assert statuses == ["completed", "running"]  # the killed run stays visible as never finished
