-- Near-duplicate stories: syndicated copies of one story across outlets form one cluster.
-- The MinHash/LSH index lives here, so it grows one batch at a time and survives restarts:
-- a new article's band keys are looked up in lsh_buckets, never rebuilt from all texts.
-- Exact duplicates and versions are the articles table's business (0001); this is the layer above.

-- The configuration stored signatures and band keys were built with (extractors.dedupe
-- DedupeSettings.fingerprint). One row; a different fingerprint means the index must be rebuilt.
CREATE TABLE dedupe_index (
    fingerprint   VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- One row per clustered article: which story it belongs to and why.
CREATE TABLE cluster_members (
    article_id          VARCHAR PRIMARY KEY,
    member_no           INTEGER NOT NULL,      -- dense key the signature and bucket rows use
    cluster_id          VARCHAR NOT NULL,      -- the article_id of the cluster's founding member
    published           TIMESTAMPTZ,           -- as given when clustered; NULL = unknown
    matched_article_id  VARCHAR,               -- the member it was found similar to; NULL for founders
    jaccard             DOUBLE,                -- estimated shingle Jaccard with that member
    containment         DOUBLE,                -- estimated share of the shorter text in the longer
    assigned_at         TIMESTAMPTZ NOT NULL
);

-- The MinHash signature of each clustered article's text, to verify LSH candidates.
CREATE TABLE article_signatures (
    member_no     INTEGER NOT NULL,
    shingles      INTEGER NOT NULL,            -- distinct word shingles, for containment estimates
    digest        BLOB NOT NULL                -- num_perm little-endian uint32 (a BLOB reads ~3x faster than a list)
);

-- LSH buckets: an article appears once per band; sharing a (band, bucket) makes two articles
-- candidates. No index on purpose: a batch's keys are hash-joined against the table.
CREATE TABLE lsh_buckets (
    band          SMALLINT NOT NULL,
    bucket        BIGINT NOT NULL,
    member_no     INTEGER NOT NULL
);

-- Story clusters with their representative: the earliest-published member (unknown dates
-- last, then the first clustered). A view, so it can never disagree with the members.
CREATE VIEW story_clusters AS
SELECT
    cluster_id,
    arg_min(article_id, (published IS NULL, published, member_no)) AS representative_id,
    min(published) AS first_published,
    count(*) AS size,
    min(assigned_at) AS created_at,
    max(assigned_at) AS updated_at
FROM cluster_members
GROUP BY cluster_id;
