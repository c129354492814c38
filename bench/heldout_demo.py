"""Score the negotiation extractor on the demo pages, a held-out check written by hand from their prose.

Run from the repository root:

    PYTHONPATH=. /work/venv/bin/python bench/heldout_demo.py [--keep DIR]

``seeds/demo/expected.toml`` says, per ``[[page]]``, what Parley should conclude about each
demo article in the shared negotiation schema. This script turns every page into a gold file
of that schema (the page's text from ``extractors.text.extract_article`` on its HTML, saved
beside it and named in ``source``), then runs the same evaluation as the development set
(``flows.evals.negotiation.run``). The pages were never used to write the rules: read the
table as a check on unseen prose, not as a target to tune to.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.text import extract_article  # noqa: E402
from flows.evals.negotiation import run  # noqa: E402

DEMO = ROOT / "seeds" / "demo"
TALK_KEYS = ("parties", "mediators", "city", "venue", "date", "round", "status")
LIST_KEYS = ("participants", "quotes", "outcomes", "deadlines", "proposals")
ITEM_KEYS = {
    "participants": ("name", "role", "affiliation"),
    "quotes": ("speaker", "text"),
    "outcomes": ("type", "detail"),
    "deadlines": ("issuer", "target", "days", "date", "consequence"),
    "proposals": ("type", "proposer", "detail"),
}


def gold_record(page: dict[str, Any], text_name: str) -> dict[str, Any]:
    """One page of expected.toml as a gold object of the shared schema (a key left out is null)."""
    record: dict[str, Any] = {
        "id": Path(page["path"]).stem,
        "source": text_name,
        "published": page.get("published"),
        "is_negotiation": bool(page.get("is_negotiation", False)),
        "talks": [
            {key: talk.get(key, [] if key in ("parties", "mediators") else None) for key in TALK_KEYS}
            for talk in page.get("talks", [])
        ],
    }
    for key in LIST_KEYS:
        record[key] = [{k: item.get(k) for k in ITEM_KEYS[key]} for item in page.get(key, [])]
    return record


def write_gold(expected: Path, out: Path) -> int:
    """Write a gold file and a text file per demo page into ``out``; return how many pages."""
    data = tomllib.loads(expected.read_text(encoding="utf-8"))
    pages = data.get("page", [])
    for page in pages:
        html = (expected.parent / page["path"]).read_bytes()
        url = page.get("url") or f"http://parley-demo.invalid/{page['path']}"
        article = extract_article(html, url, content_type="text/html; charset=utf-8")
        stem = Path(page["path"]).stem
        (out / f"{stem}.txt").write_text(article.text, encoding="utf-8")
        record = gold_record(page, f"{stem}.txt")
        (out / f"{stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(pages)


def main() -> int:
    """Build the gold directory and print the scorer's table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--expected", type=Path, default=DEMO / "expected.toml")
    ap.add_argument("--keep", type=Path, default=None, help="write the gold files here instead of a temp dir")
    args = ap.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        count = write_gold(args.expected, args.keep)
        print(f"{count} demo pages as gold files in {args.keep}")
        return run(args.keep, args.keep / "predictions.jsonl")
    with tempfile.TemporaryDirectory(prefix="parley-heldout-") as tmp:
        count = write_gold(args.expected, Path(tmp))
        print(f"{count} demo pages as gold files")
        return run(Path(tmp), Path(tmp) / "predictions.jsonl")


if __name__ == "__main__":
    raise SystemExit(main())
