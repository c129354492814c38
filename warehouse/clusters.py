"""Story clusters in DuckDB: an incremental MinHash/LSH index that syndicated copies are matched against.

Each batch is matched against what is stored — its band keys are hash-joined with
``lsh_buckets`` — and against its own earlier members, then written back in bulk through
Arrow. Nothing is rebuilt, so a run costs the size of its batch, and since the index is
ordinary tables it survives restarts. Clustering is append-only: an article, once placed,
keeps its cluster, which is what makes re-running a batch change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from extractors.dedupe import (
    DedupeSettings,
    Signature,
    band_keys,
    choose_cluster,
    signature_bytes,
    signature_from_bytes,
    signatures,
)
from extractors.errors import WarehouseError

Published = dt.date | dt.datetime | None
ClusterItem = tuple[str, str, Published]  # (article_id, text, published)

_QUERY_VIEW = "_parley_lsh_query"
_BATCH_VIEW = "_parley_cluster_batch"


@dataclass(frozen=True)
class ClusterAssignment:
    """Where one article landed.

    ``joined_existing`` is True when the article joined a story that another article had
    founded (a near-duplicate); ``newly_assigned`` is False when it was clustered by an
    earlier call and nothing changed.
    """

    article_id: str
    cluster_id: str
    joined_existing: bool
    newly_assigned: bool
    matched_article_id: str | None = None
    jaccard: float | None = None
    containment: float | None = None


def assign_clusters(
    con: duckdb.DuckDBPyConnection,
    items: Sequence[ClusterItem],
    settings: DedupeSettings | None = None,
) -> list[ClusterAssignment]:
    """Place each article in a story cluster, founding a new cluster when nothing stored is similar.

    Run it inside the caller's batch transaction. Articles already clustered keep their
    cluster and are reported with ``newly_assigned=False``; repeated ids in ``items`` count once.

    Args:
        con: an open warehouse connection with migration 0003 applied.
        items: ``(article_id, text, published)`` of the batch's articles.
        settings: thresholds and index shape (default: :class:`DedupeSettings()`).

    Returns:
        One assignment per distinct article id, in the order of ``items``.

    Raises:
        WarehouseError: the stored index was built with a different shingle/signature setup.
    """
    settings = settings or DedupeSettings()
    first: dict[str, ClusterItem] = {}
    for item in items:
        first.setdefault(item[0], item)
    unique = list(first.values())
    if not unique:
        return []
    _check_fingerprint(con, settings)
    known = _existing(con, [item[0] for item in unique])
    fresh = sorted((item for item in unique if item[0] not in known), key=_arrival_order)
    placed = _place(con, fresh, settings) if fresh else {}
    return [known.get(article_id) or placed[article_id] for article_id, _, _ in unique]


def cluster_of(con: duckdb.DuckDBPyConnection, article_id: str) -> str | None:
    """The cluster an article belongs to, or None when it has not been clustered.

    Args:
        con: an open warehouse connection.
        article_id: the article.

    Returns:
        The cluster id (its founding article's id) or None.
    """
    rows = con.execute("SELECT cluster_id FROM cluster_members WHERE article_id = ?", [article_id]).fetchall()
    return str(rows[0][0]) if rows else None


def cluster_summary(con: duckdb.DuckDBPyConnection, cluster_id: str) -> tuple[str, int] | None:
    """A cluster's representative (earliest published member) and size.

    Args:
        con: an open warehouse connection.
        cluster_id: the cluster.

    Returns:
        ``(representative_article_id, size)`` or None for an unknown cluster.
    """
    rows = con.execute(
        "SELECT representative_id, size FROM story_clusters WHERE cluster_id = ?", [cluster_id]
    ).fetchall()
    return (str(rows[0][0]), int(rows[0][1])) if rows else None


def cluster_memberships(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every clustered article and its cluster (for evaluations and audits).

    Args:
        con: an open warehouse connection.

    Returns:
        ``{article_id: cluster_id}``.
    """
    rows = con.execute("SELECT article_id, cluster_id FROM cluster_members").fetchall()
    return {str(a): str(c) for a, c in rows}


# --------------------------------------------------------------------------- private helpers


def _place(
    con: duckdb.DuckDBPyConnection, fresh: list[ClusterItem], settings: DedupeSettings
) -> dict[str, ClusterAssignment]:
    """Match new articles against the stored index and each other, then write them in bulk."""
    sigs = signatures([text for _, text, _ in fresh], settings)
    keys = [band_keys(sig, settings) for sig in sigs]
    stored = _stored_candidates(con, keys, settings.max_candidates)
    next_no = _next_member_no(con)
    in_batch: dict[tuple[int, int], list[int]] = defaultdict(list)
    cluster_ids: list[str] = []
    placed: dict[str, ClusterAssignment] = {}
    for i, ((article_id, _, _), sig) in enumerate(zip(fresh, sigs, strict=True)):
        earlier = {j for band, key in enumerate(keys[i]) for j in in_batch.get((band, key), ())}
        candidates = stored.get(i, []) + [(cluster_ids[j], fresh[j][0], sigs[j]) for j in sorted(earlier)]
        match = choose_cluster(sig, candidates, settings)
        cluster_ids.append(match.cluster_id if match else article_id)
        for band, key in enumerate(keys[i]):
            in_batch[(band, key)].append(i)
        placed[article_id] = ClusterAssignment(
            article_id=article_id,
            cluster_id=cluster_ids[-1],
            joined_existing=match is not None,
            newly_assigned=True,
            matched_article_id=match.member_id if match else None,
            jaccard=match.jaccard if match else None,
            containment=match.containment if match else None,
        )
    _write(con, fresh, sigs, keys, [placed[item[0]] for item in fresh], next_no)
    return placed


def _stored_candidates(
    con: duckdb.DuckDBPyConnection, keys: list[list[int]], limit: int
) -> dict[int, list[tuple[str, str, Signature]]]:
    """Stored articles sharing a band bucket with each new one: ``{batch index: [(cluster, id, sig)]}``.

    Only the ``limit`` sharing the most bands (then the latest) are returned for each new article.
    """
    query = pa.table(
        {
            "idx": pa.array([i for i, ks in enumerate(keys) for _ in ks], pa.int32()),
            "band": pa.array([b for ks in keys for b in range(len(ks))], pa.int16()),
            "bucket": pa.array([k for ks in keys for k in ks], pa.int64()),
        }
    )
    con.register(_QUERY_VIEW, query)
    try:
        rows = con.execute(
            f"""
            WITH hits AS (
                SELECT q.idx, b.member_no
                FROM {_QUERY_VIEW} q JOIN lsh_buckets b ON b.band = q.band AND b.bucket = q.bucket
                GROUP BY q.idx, b.member_no
                QUALIFY row_number() OVER (PARTITION BY q.idx ORDER BY count(*) DESC, b.member_no DESC) <= ?
            )
            SELECT h.idx, m.cluster_id, m.article_id, s.shingles, s.digest
            FROM hits h
            JOIN cluster_members m ON m.member_no = h.member_no
            JOIN article_signatures s ON s.member_no = h.member_no
            ORDER BY h.idx, m.member_no
            """,
            [limit],
        ).fetchall()
    finally:
        con.unregister(_QUERY_VIEW)
    found: dict[int, list[tuple[str, str, Signature]]] = defaultdict(list)
    for idx, cluster_id, article_id, shingle_count, digest in rows:
        found[idx].append((cluster_id, article_id, signature_from_bytes(digest, shingle_count)))
    return found


def _write(
    con: duckdb.DuckDBPyConnection,
    fresh: list[ClusterItem],
    sigs: list[Signature],
    keys: list[list[int]],
    placed: list[ClusterAssignment],
    first_no: int,
) -> None:
    """Append members, signatures and bucket rows in three Arrow inserts."""
    now = dt.datetime.now(dt.UTC)
    numbers = list(range(first_no, first_no + len(fresh)))
    members = pa.table(
        {
            "article_id": pa.array([a.article_id for a in placed], pa.string()),
            "member_no": pa.array(numbers, pa.int32()),
            "cluster_id": pa.array([a.cluster_id for a in placed], pa.string()),
            "published": pa.array([_as_utc(p) for _, _, p in fresh], pa.timestamp("us", tz="UTC")),
            "matched_article_id": pa.array([a.matched_article_id for a in placed], pa.string()),
            "jaccard": pa.array([a.jaccard for a in placed], pa.float64()),
            "containment": pa.array([a.containment for a in placed], pa.float64()),
            "assigned_at": pa.array([now] * len(fresh), pa.timestamp("us", tz="UTC")),
        }
    )
    sig_rows = pa.table(
        {
            "member_no": pa.array(numbers, pa.int32()),
            "shingles": pa.array([s.shingles for s in sigs], pa.int32()),
            "digest": pa.array([signature_bytes(s) for s in sigs], pa.binary()),
        }
    )
    bucket_rows = pa.table(
        {
            "band": pa.array([b for ks in keys for b in range(len(ks))], pa.int16()),
            "bucket": pa.array([k for ks in keys for k in ks], pa.int64()),
            "member_no": pa.array([n for n, ks in zip(numbers, keys, strict=True) for _ in ks], pa.int32()),
        }
    )
    for table, data in (
        ("cluster_members", members),
        ("article_signatures", sig_rows),
        ("lsh_buckets", bucket_rows),
    ):
        con.register(_BATCH_VIEW, data)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {_BATCH_VIEW}")
        finally:
            con.unregister(_BATCH_VIEW)


def _existing(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, ClusterAssignment]:
    """Assignments already stored for any of these articles."""
    con.register(_BATCH_VIEW, pa.table({"article_id": pa.array(article_ids, pa.string())}))
    try:
        rows = con.execute(
            f"""SELECT m.article_id, m.cluster_id, m.matched_article_id, m.jaccard, m.containment
                FROM cluster_members m JOIN {_BATCH_VIEW} b USING (article_id)"""
        ).fetchall()
    finally:
        con.unregister(_BATCH_VIEW)
    return {
        str(a): ClusterAssignment(
            article_id=str(a),
            cluster_id=str(c),
            joined_existing=matched is not None,
            newly_assigned=False,
            matched_article_id=matched,
            jaccard=jac,
            containment=cont,
        )
        for a, c, matched, jac, cont in rows
    }


def _check_fingerprint(con: duckdb.DuckDBPyConnection, settings: DedupeSettings) -> None:
    """Record the index's configuration on first use; refuse to mix signatures of two setups."""
    rows = con.execute("SELECT fingerprint FROM dedupe_index").fetchall()
    if not rows:
        con.execute("INSERT INTO dedupe_index VALUES (?, now())", [settings.fingerprint])
        return
    if rows[0][0] != settings.fingerprint:
        raise WarehouseError(
            f"the near-duplicate index was built as {rows[0][0]} but the settings ask for "
            f"{settings.fingerprint}; keep the old shingle/permutation/band settings or rebuild the index"
        )


def _next_member_no(con: duckdb.DuckDBPyConnection) -> int:
    """The next free dense member number."""
    return int(con.execute("SELECT coalesce(max(member_no), 0) + 1 FROM cluster_members").fetchall()[0][0])


def _arrival_order(item: ClusterItem) -> tuple[bool, dt.datetime, str]:
    """Earliest published first (unknown dates last), so a story's original founds its cluster."""
    when = _as_utc(item[2])
    return (when is None, when or dt.datetime.max.replace(tzinfo=dt.UTC), item[0])


def _as_utc(value: Published) -> dt.datetime | None:
    """A date or datetime as an aware UTC datetime (dates at midnight, naive times taken as UTC)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
