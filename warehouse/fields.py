"""Negotiation fields in the warehouse: one table per field kind, every row with its sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import duckdb

from extractors.records import Evidence, NegotiationFields
from warehouse.db import insert_rows

FIELD_TABLES = ("talks", "talk_sources", "participants", "quotes", "outcomes", "deadlines", "proposals")


def write_fields(
    con: duckdb.DuckDBPyConnection, article_id: str, version: int, fields: NegotiationFields
) -> int:
    """Insert an article version's fields unless they are already there; return rows added."""
    now = dt.datetime.now(dt.UTC)
    insert_rows(
        con,
        "negotiation_articles",
        [
            {
                "article_id": article_id,
                "version": version,
                "is_negotiation": fields.is_negotiation,
                "language": fields.language,
                "extractor_version": fields.extractor_version,
                "extracted_at": now,
            }
        ],
    )
    added = 0
    for table, rows in field_rows(article_id, version, fields).items():
        added += insert_rows(con, table, rows)
    return added


def replace_fields(
    con: duckdb.DuckDBPyConnection, article_id: str, version: int, fields: NegotiationFields
) -> int:
    """Swap an article version's fields for a new extraction, inside the caller's transaction."""
    for table in (*FIELD_TABLES, "negotiation_articles"):
        con.execute(f"DELETE FROM {table} WHERE article_id = ? AND version = ?", [article_id, version])
    return write_fields(con, article_id, version, fields)


def field_rows(article_id: str, version: int, fields: NegotiationFields) -> dict[str, list[dict[str, Any]]]:
    """Flatten the records into rows of each field table, numbered in the extractor's order."""
    groups: dict[str, Sequence[Any]] = {
        "talks": fields.talks,
        "participants": fields.participants,
        "quotes": fields.quotes,
        "outcomes": fields.outcomes,
        "deadlines": fields.deadlines,
        "proposals": fields.proposals,
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for table, records in groups.items():
        rows = []
        for ordinal, record in enumerate(records):
            values = {k: v for k, v in asdict(record).items() if k not in ("evidence", "sources")}
            for key in ("parties", "mediators"):
                if key in values:
                    values[key] = list(values[key])
            evidence: Evidence = record.evidence
            rows.append(
                {
                    "article_id": article_id,
                    "version": version,
                    "ordinal": ordinal,
                    **values,
                    "sentence": evidence.sentence,
                    "start_char": evidence.start,
                    "end_char": evidence.end,
                    "extractor_version": fields.extractor_version,
                }
            )
        out[table] = rows
    out["talk_sources"] = [
        {
            "article_id": article_id,
            "version": version,
            "ordinal": ordinal,
            "field": source.field,
            "sentence": source.evidence.sentence,
            "start_char": source.evidence.start,
            "end_char": source.evidence.end,
            "extractor_version": fields.extractor_version,
        }
        for ordinal, talk in enumerate(fields.talks)
        for source in talk.sources
    ]
    return out
