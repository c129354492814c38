-- Parley's warehouse, first shape. One row per fact, every derived row carrying the
-- version of the code that produced it. Keys are content-derived (sha256) so that
-- re-running anything inserts nothing new.

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,      -- uuid4, also the Prefect flow-run id when there is one
    kind          VARCHAR NOT NULL,         -- poll | backfill | reprocess | demo
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,         -- running | completed | failed
    feeds_file    VARCHAR,
    counts        JSON,                     -- per-stage counts, the same table the CLI prints
    error_count   INTEGER DEFAULT 0,
    duration_s    DOUBLE
);

CREATE TABLE feeds (
    feed_id       VARCHAR PRIMARY KEY,      -- the feed's name in the feeds file
    url           VARCHAR NOT NULL,
    language      VARCHAR,
    outlet        VARCHAR,
    title         VARCHAR,                  -- as the feed document states it
    added_at      TIMESTAMPTZ NOT NULL
);

-- Every HTTP attempt, feed or page: the politeness and health ledger.
CREATE TABLE fetches (
    run_id        VARCHAR NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL,
    kind          VARCHAR NOT NULL,         -- feed | page
    feed_id       VARCHAR,
    url           VARCHAR NOT NULL,
    final_url     VARCHAR,
    status        INTEGER,                  -- HTTP status, NULL when no answer came
    not_modified  BOOLEAN NOT NULL DEFAULT false,
    bytes         BIGINT,
    duration_ms   DOUBLE,
    error_kind    VARCHAR,
    error         VARCHAR
);

-- One row per entry per feed: the same link in two feeds is two sightings of one article.
CREATE TABLE entries (
    feed_id               VARCHAR NOT NULL,
    entry_key             VARCHAR NOT NULL,
    key_kind              VARCHAR NOT NULL,
    guid                  VARCHAR,
    link                  VARCHAR,
    canonical_url         VARCHAR,
    title                 VARCHAR,
    summary               VARCHAR,
    published             TIMESTAMPTZ,
    published_is_fallback BOOLEAN,
    updated               TIMESTAMPTZ,
    authors               VARCHAR[],
    categories            VARCHAR[],
    language              VARCHAR,
    missing_link_reason   VARCHAR,
    first_seen_at         TIMESTAMPTZ NOT NULL,
    first_run_id          VARCHAR NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);

-- Raw pages, compressed, so text can be re-extracted later without the network.
CREATE TABLE pages (
    page_sha      VARCHAR PRIMARY KEY,      -- sha256 of the raw body
    url           VARCHAR NOT NULL,
    final_url     VARCHAR,
    fetched_at    TIMESTAMPTZ NOT NULL,
    status        INTEGER,
    content_type  VARCHAR,
    headers       JSON,
    body_gz       BLOB NOT NULL,
    bytes         BIGINT NOT NULL,
    run_id        VARCHAR NOT NULL
);

-- Every URL we have seen for an article (feed links, redirects, tracking variants).
CREATE TABLE article_urls (
    url           VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL
);

-- One row per version of an article; the latest is current. Same URL + changed text = new version.
CREATE TABLE articles (
    article_id        VARCHAR NOT NULL,     -- sha256 of the canonical URL (shortened)
    version           INTEGER NOT NULL,
    is_current        BOOLEAN NOT NULL,
    canonical_url     VARCHAR NOT NULL,
    url               VARCHAR NOT NULL,     -- the URL the page was fetched from
    page_sha          VARCHAR,              -- the raw page this text came from
    title             VARCHAR,
    author            VARCHAR,
    site_name         VARCHAR,
    published         DATE,
    language          VARCHAR,
    text              VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,     -- sha256 of the normalised text
    extractor_version VARCHAR NOT NULL,
    first_seen_at     TIMESTAMPTZ NOT NULL,
    run_id            VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The audit trail of the boilerplate stage: every line removed and the rule that removed it.
CREATE TABLE removed_lines (
    article_id        VARCHAR NOT NULL,
    version           INTEGER NOT NULL,
    line_no           INTEGER NOT NULL,
    text              VARCHAR NOT NULL,
    rule_id           VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, line_no, rule_id)
);

-- Negotiation fields: one table per field kind. Every row names its article version, the
-- sentence it came from with character offsets into articles.text, and the extractor version.
CREATE TABLE negotiation_articles (
    article_id        VARCHAR NOT NULL,
    version           INTEGER NOT NULL,
    is_negotiation    BOOLEAN NOT NULL,
    language          VARCHAR,
    extractor_version VARCHAR NOT NULL,
    extracted_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, version)
);

CREATE TABLE talks (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    parties VARCHAR[], mediators VARCHAR[], city VARCHAR, venue VARCHAR, date DATE,
    round INTEGER, status VARCHAR,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal)
);

-- The sentence behind each field of a talk, when a field came from another sentence than the talk's own.
CREATE TABLE talk_sources (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL, field VARCHAR NOT NULL,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal, field)
);

CREATE TABLE participants (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    name VARCHAR NOT NULL, role VARCHAR, affiliation VARCHAR,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal)
);

CREATE TABLE quotes (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    speaker VARCHAR, text VARCHAR NOT NULL,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal)
);

CREATE TABLE outcomes (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    type VARCHAR NOT NULL, detail VARCHAR,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal)
);

CREATE TABLE deadlines (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    issuer VARCHAR, target VARCHAR, days INTEGER, date DATE, consequence VARCHAR,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal)
);

CREATE TABLE proposals (
    article_id VARCHAR NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    type VARCHAR NOT NULL, proposer VARCHAR, detail VARCHAR,
    sentence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, ordinal)
);

-- Everything that went wrong, against its feed or URL. The run went on.
CREATE TABLE errors (
    run_id     VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    stage      VARCHAR NOT NULL,            -- config | feed | page | text | fields | warehouse
    feed_id    VARCHAR,
    url        VARCHAR,
    kind       VARCHAR NOT NULL,
    message    VARCHAR NOT NULL
);

CREATE VIEW articles_current AS SELECT * FROM articles WHERE is_current;
