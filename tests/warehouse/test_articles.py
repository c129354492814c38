"""Storing articles: one row per version, duplicates by URL or by text stored once, fields per version."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb

from extractors.document import Document
from extractors.records import ArticleText, Evidence, FetchResult, NegotiationFields, RemovedLine, Talk
from warehouse.articles import pending_links, store_documents
from warehouse.db import connect, transaction
from warehouse.fields import replace_fields

NOW = dt.datetime(2025, 7, 23, 12, 0, tzinfo=dt.UTC)
TEXT = (
    "Armenia and Azerbaijan met in Geneva on Monday for a fourth round of talks.\n"
    "The European Union mediated the session, which ran late into the evening at a lakeside hotel. "
    "Both delegations said the border commission would meet again within a month, and officials "
    "described the mood as businesslike. A joint statement listed three villages where surveyors "
    "would begin work, and a further session on transport links was pencilled in for the autumn."
)


def _doc(url: str, text: str, *, canonical: str | None = None) -> tuple[Document, FetchResult]:
    canonical = canonical or url
    sentence = text.split("\n")[0]
    fields = NegotiationFields(
        is_negotiation=True,
        language="en",
        extractor_version="test-1",
        talks=(
            Talk(
                parties=("Armenia", "Azerbaijan"),
                mediators=("European Union",),
                city="Geneva",
                venue=None,
                date=None,
                round=4,
                status="held",
                evidence=Evidence(sentence, 0, len(sentence)),
            ),
        ),
    )
    article = ArticleText(
        text=text,
        title="Talks",
        language="en",
        extractor_version="test-1",
        removed=(RemovedLine(2, "Follow us on X", "social_follow", "social_promo"),),
    )
    doc = Document(
        url=url,
        final_url=url,
        canonical_url=canonical,
        article_id=hashlib.sha256(canonical.encode()).hexdigest()[:16],
        content_hash=hashlib.sha256(text.lower().encode()).hexdigest(),
        article=article,
        fields=fields,
    )
    fetch = FetchResult(
        url=url,
        kind="page",
        fetched_at=NOW,
        final_url=url,
        status=200,
        headers={"content-type": "text/html"},
        body=f"<p>{text}</p>".encode(),
    )
    return doc, fetch


def _store(db: Path, *docs: tuple[Document, FetchResult]) -> None:
    with connect(db) as con, transaction(con):
        store_documents(con, "run-1", list(docs))


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_new_article_with_its_removed_lines_and_fields(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    _store(db, _doc("https://a.example/talks", TEXT))
    assert _rows(db, "SELECT version, is_current FROM articles") == [(1, True)]
    assert _rows(db, "SELECT rule_id, kind FROM removed_lines") == [("social_follow", "social_promo")]
    assert _rows(db, "SELECT parties, round, sentence FROM talks") == [
        (
            ["Armenia", "Azerbaijan"],
            4,
            "Armenia and Azerbaijan met in Geneva on Monday for a fourth round of talks.",
        )
    ]


def test_same_article_again_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    _store(db, _doc("https://a.example/talks", TEXT))
    _store(db, _doc("https://a.example/talks", TEXT))
    assert _rows(db, "SELECT count(*) FROM articles") == [(1,)]
    assert _rows(db, "SELECT count(*) FROM talks") == [(1,)]


def test_same_text_at_another_url_is_the_same_article(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    _store(db, _doc("https://a.example/talks", TEXT))
    _store(db, _doc("https://mirror.example/copy", TEXT))
    assert _rows(db, "SELECT count(*) FROM articles") == [(1,)]
    owners = _rows(db, "SELECT DISTINCT article_id FROM article_urls")
    assert len(owners) == 1
    assert _rows(db, "SELECT count(*) FROM article_urls WHERE url = 'https://mirror.example/copy'") == [(1,)]


def test_changed_text_at_the_same_url_is_a_new_current_version(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    _store(db, _doc("https://a.example/talks", TEXT))
    _store(db, _doc("https://a.example/talks", TEXT + "\nTalks will resume next week."))
    assert _rows(db, "SELECT version, is_current FROM articles ORDER BY version") == [(1, False), (2, True)]
    assert _rows(db, "SELECT count(*) FROM articles_current") == [(1,)]
    assert _rows(db, "SELECT version FROM talks ORDER BY version") == [(1,), (2,)]


def test_pending_links_skips_stored_urls_and_their_canonical_forms(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    _store(db, _doc("https://a.example/talks", TEXT))
    with connect(db) as con:
        pending = pending_links(
            con,
            [
                ("https://a.example/talks?utm_source=rss", "https://a.example/talks"),
                ("https://a.example/other", "https://a.example/other"),
                ("https://a.example/other", "https://a.example/other"),
            ],
        )
    assert pending == ["https://a.example/other"]


def test_replace_fields_swaps_rows_for_a_new_extraction(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    doc, _ = _doc("https://a.example/talks", TEXT)
    _store(db, (doc, _))
    newer = NegotiationFields(is_negotiation=False, language="en", extractor_version="test-2")
    with connect(db) as con, transaction(con):
        replace_fields(con, doc.article_id, 1, newer)
    assert _rows(db, "SELECT count(*) FROM talks") == [(0,)]
    assert _rows(db, "SELECT is_negotiation, extractor_version FROM negotiation_articles") == [
        (False, "test-2")
    ]
