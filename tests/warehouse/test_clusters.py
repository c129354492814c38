"""Story clusters on a real DuckDB file: copies join, other stories stay apart, reruns change nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from extractors.dedupe import DedupeSettings
from extractors.errors import WarehouseError
from warehouse.clusters import assign_clusters, cluster_memberships, cluster_of, cluster_summary
from warehouse.db import connect, transaction

# Written for this test: a wire story, two outlets' copies of it, and another story on the same talks.
WIRE = """Negotiators from Israel and Hamas resumed indirect talks in Doha on Sunday, with Qatari and \
Egyptian mediators shuttling between delegations housed in separate buildings, two officials briefed on \
the talks said.
The officials said the mediators had presented a revised proposal for a 60-day truce under which ten \
living hostages would be released in stages in exchange for Palestinian prisoners held by Israel.
Disagreements remain over the withdrawal of Israeli troops from parts of Gaza and over guarantees that \
the fighting would not resume once the truce expires, the officials said.
A senior Hamas official said the group had responded positively to the proposal but wanted changes to \
the maps of the withdrawal. Israel's prime minister's office said its team had a clear mandate.
The United States envoy was expected to join the talks later in the week if progress was made."""
OPENING, PROPOSAL, DISAGREEMENTS, RESPONSE, ENVOY = WIRE.split("\n")

# One outlet's copy: its headline and byline, the wire's first four paragraphs (one with a typo),
# its newsletter line; the other reorders the wire under a dateline and drops a paragraph.
COPY_A = "\n".join(
    [
        "Doha truce talks resume as mediators table new plan",
        "By Sofia Rossi, Capital Dispatch",
        OPENING,
        PROPOSAL,
        DISAGREEMENTS,
        RESPONSE.replace("positively", "positvely"),
        "Sign up for our morning newsletter.",
    ]
)

COPY_B = "\n".join(["DOHA (Global Wire) — " + PROPOSAL, OPENING, DISAGREEMENTS, ENVOY])

OTHER = """Egypt said on Tuesday it would host a conference on the reconstruction of Gaza once a truce is \
agreed, and that donors from the Gulf and Europe had already pledged to attend.
Foreign Minister Badr Abdelatty said the plan, drafted with Palestinian officials, would cost about \
$53 billion over five years and would keep Gaza's residents in the territory during rebuilding.
The announcement came as negotiators in Doha discussed a 60-day truce. Disagreements remain over the \
withdrawal of Israeli troops from parts of Gaza and over guarantees that the fighting would not resume."""

DAY = dt.date(2025, 7, 6)


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2025, 7, 6, hour, 0, tzinfo=dt.UTC)


def _counts(db: Path) -> tuple[int, ...]:
    with connect(db) as con:
        return tuple(
            int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
            for table in ("cluster_members", "article_signatures", "lsh_buckets", "dedupe_index")
        )


def test_copies_join_one_cluster_with_the_earliest_as_representative(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        out = assign_clusters(
            con, [("copy-a", COPY_A, _at(14)), ("wire", WIRE, _at(9)), ("other", OTHER, _at(11))]
        )
    assert [a.article_id for a in out] == ["copy-a", "wire", "other"]  # the caller's order
    by_id = {a.article_id: a for a in out}
    assert by_id["wire"].cluster_id == "wire" and not by_id["wire"].joined_existing
    assert by_id["copy-a"].cluster_id == "wire" and by_id["copy-a"].joined_existing
    assert by_id["copy-a"].matched_article_id == "wire"
    assert by_id["copy-a"].jaccard is not None and by_id["copy-a"].jaccard >= 0.45
    assert by_id["other"].cluster_id == "other" and not by_id["other"].joined_existing
    with connect(db) as con:
        assert cluster_summary(con, "wire") == ("wire", 2)
        assert cluster_summary(con, "other") == ("other", 1)
        assert cluster_summary(con, "nope") is None


def test_rerunning_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    items = [("wire", WIRE, DAY), ("copy-a", COPY_A, _at(14)), ("other", OTHER, None)]
    with connect(db) as con, transaction(con):
        first = assign_clusters(con, items)
    before = _counts(db)
    with connect(db) as con, transaction(con):
        again = assign_clusters(con, items[::-1] + items)
    assert _counts(db) == before
    assert {a.article_id: a.cluster_id for a in again} == {a.article_id: a.cluster_id for a in first}
    assert not any(a.newly_assigned for a in again)
    assert [a.article_id for a in again] == ["other", "copy-a", "wire"]  # repeats count once
    assert {a.article_id: a.joined_existing for a in again} == {"wire": False, "copy-a": True, "other": False}


def test_index_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        assign_clusters(con, [("wire", WIRE, _at(9)), ("other", OTHER, _at(10))])
    # a new process: nothing in memory, only the file
    with connect(db) as con, transaction(con):
        (late,) = assign_clusters(con, [("copy-b", COPY_B, _at(20))])
    assert late.cluster_id == "wire" and late.joined_existing and late.newly_assigned
    assert late.matched_article_id == "wire"
    with connect(db) as con:
        assert cluster_of(con, "copy-b") == "wire"
        assert cluster_memberships(con) == {"wire": "wire", "other": "other", "copy-b": "wire"}


def test_an_earlier_copy_arriving_later_becomes_representative(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        assign_clusters(con, [("wire", WIRE, _at(9))])
    with connect(db) as con, transaction(con):
        assign_clusters(con, [("copy-b", COPY_B, _at(7)), ("copy-a", COPY_A, None)])
    with connect(db) as con:
        assert cluster_summary(con, "wire") == ("copy-b", 3)  # the cluster keeps its id


def test_copies_in_one_batch_find_each_other(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        out = assign_clusters(con, [("copy-b", COPY_B, None), ("copy-a", COPY_A, None), ("wire", WIRE, None)])
    assert len({a.cluster_id for a in out}) == 1
    assert sum(a.joined_existing for a in out) == 2


def test_empty_text_never_joins(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        out = assign_clusters(con, [("blank-1", "", None), ("blank-2", "  \n", None)])
    assert [a.cluster_id for a in out] == ["blank-1", "blank-2"]
    with connect(db) as con:
        assert assign_clusters(con, []) == []


def test_a_different_index_shape_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        assign_clusters(con, [("wire", WIRE, None)])
    wider = dataclasses.replace(DedupeSettings(), num_perm=256, bands=85)
    with connect(db) as con, pytest.raises(WarehouseError, match="near-duplicate index was built as"):
        assign_clusters(con, [("copy-a", COPY_A, None)], wider)
    stricter = dataclasses.replace(DedupeSettings(), threshold=0.9, containment_threshold=0.99)
    with connect(db) as con, transaction(con):
        (alone,) = assign_clusters(con, [("copy-b", COPY_B, None)], stricter)  # thresholds may change freely
    assert alone.cluster_id == "copy-b"


def test_input_order_does_not_matter(tmp_path: Path) -> None:
    items = [
        ("wire", WIRE, _at(9)),
        ("copy-a", COPY_A, _at(14)),
        ("copy-b", COPY_B, _at(15)),
        ("other", OTHER, None),
    ]
    results = []
    for n, order in enumerate((items, items[::-1], items[1:] + items[:1])):
        with connect(tmp_path / f"{n}.duckdb") as con, transaction(con):
            assign_clusters(con, order)
            results.append(cluster_memberships(con))
    assert results[0] == results[1] == results[2]
    assert results[0] == {"wire": "wire", "copy-a": "wire", "copy-b": "wire", "other": "other"}


@pytest.mark.slow
def test_the_dedupe_evaluation_meets_its_targets() -> None:
    from extractors.dedupe_corpus import build_eval_corpus
    from extractors.dedupe_scores import score_clusters
    from flows.evals.dedupe import GROUND_TRUTH, cluster_corpus, load_bodies

    if not GROUND_TRUTH.exists():
        pytest.skip(f"shared evaluation data missing: {GROUND_TRUTH}")
    corpus = build_eval_corpus(load_bodies(GROUND_TRUTH), seed=0)
    scores = score_clusters(
        {d.doc_id: d.story_id for d in corpus.docs}, cluster_corpus(corpus.docs, DedupeSettings())
    )
    assert scores.precision >= 0.99
    assert scores.recall >= 0.95


def test_identical_stubs_of_different_articles_stay_apart(tmp_path: Path) -> None:
    stub = "Subscribe to continue reading. Already a subscriber? Log in."
    with connect(tmp_path / "parley.duckdb") as con, transaction(con):
        out = assign_clusters(con, [(f"paywalled-{n}", stub, _at(n)) for n in range(5)])
    assert [a.cluster_id for a in out] == [f"paywalled-{n}" for n in range(5)]


def test_a_crowded_bucket_is_verified_only_up_to_the_limit(tmp_path: Path) -> None:
    settings = dataclasses.replace(DedupeSettings(), max_candidates=2)
    db = tmp_path / "parley.duckdb"
    with connect(db) as con, transaction(con):
        assign_clusters(con, [(f"copy-{n}", WIRE, _at(n)) for n in range(6)], settings)
    with connect(db) as con, transaction(con):
        (late,) = assign_clusters(con, [("late", COPY_A, _at(20))], settings)
    assert late.cluster_id == "copy-0"  # every copy is in one cluster, so two candidates suffice
    assert late.matched_article_id in {"copy-4", "copy-5"}  # the latest of the equally close
