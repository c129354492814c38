-- Polling state per feed: what to send next time (validators), when (next_due_at), and how
-- healthy the feed is. The feeds file stays the home of the feed list; this is only state.

CREATE TABLE feed_state (
    feed_id              VARCHAR PRIMARY KEY,   -- feeds.feed_id (the name in the feeds file)
    file_url             VARCHAR NOT NULL,      -- the URL as the feeds file gave it when last polled
    fetch_url            VARCHAR NOT NULL,      -- where we poll now: file_url, moved by permanent redirects
    etag                 VARCHAR,
    last_modified        VARCHAR,
    body_sha256          VARCHAR,               -- catches servers whose validators lie in either direction
    last_polled_at       TIMESTAMPTZ,
    last_status          INTEGER,
    last_success_at      TIMESTAMPTZ,
    last_changed_at      TIMESTAMPTZ,           -- last time the body differed from the one before
    last_error_at        TIMESTAMPTZ,
    last_error_kind      VARCHAR,
    last_error           VARCHAR,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due_at          TIMESTAMPTZ,
    interval_s           DOUBLE,
    schedule_reason      VARCHAR,               -- adaptive | ttl | cache-control | backoff | retry-after | …
    entries_per_week     DOUBLE,
    ttl_minutes          INTEGER,
    polls                INTEGER NOT NULL DEFAULT 0,
    not_modified_polls   INTEGER NOT NULL DEFAULT 0,  -- 304 answers (and 200s with an unchanged body)
    retired              BOOLEAN NOT NULL DEFAULT false,
    retired_at           TIMESTAMPTZ,
    retired_reason       VARCHAR
);

-- Every permanent redirect that moved a feed's fetch_url, so a move can be checked and undone.
CREATE TABLE feed_redirects (
    feed_id      VARCHAR NOT NULL,
    moved_at     TIMESTAMPTZ NOT NULL,
    from_url     VARCHAR NOT NULL,
    to_url       VARCHAR NOT NULL,
    hops         JSON                           -- [[status, from, to], …] as the fetch saw them
);
