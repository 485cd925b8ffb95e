-- callsheet schema: calendar sync (issue 18). Shipped: never edit.
-- The state of each configured calendar source, keyed by its name in
-- [[calendars]]. No credential is ever stored here.
CREATE TABLE sync_sources (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    url         TEXT NOT NULL,
    -- CalDAV: the RFC 6578 token and the collection's ctag.
    sync_token  TEXT,
    ctag        TEXT,
    -- .ics feeds: the validators for a conditional GET.
    etag        TEXT,
    modified    TEXT,
    last_sync   INTEGER,
    last_try    INTEGER,
    last_error  TEXT,
    -- Since when every try has failed (NULL when the last one worked).
    failing_since INTEGER
) WITHOUT ROWID;

-- One row per calendar resource a source holds: where it is, its ETag and
-- the UID it carries, so a deleted href cancels exactly its UID.
CREATE TABLE sync_events (
    source TEXT NOT NULL REFERENCES sync_sources(name) ON DELETE CASCADE,
    href   TEXT NOT NULL,
    etag   TEXT,
    uid    TEXT NOT NULL,
    PRIMARY KEY (source, href)
) WITHOUT ROWID;
CREATE INDEX sync_events_uid ON sync_events(source, uid);

-- callsheet's own events waiting to be published to a source. A row is
-- the latest wish for one event (uid) there: a later change replaces it,
-- so nothing is published twice; it is deleted when the server has it.
CREATE TABLE sync_outbox (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    uid        TEXT NOT NULL,
    body       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    queued_at  INTEGER NOT NULL,
    tries      INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (source, uid)
);

-- What callsheet has published, per source: the href and ETag it last
-- wrote, for If-Match on the next update.
CREATE TABLE sync_published (
    source TEXT NOT NULL,
    uid    TEXT NOT NULL,
    href   TEXT NOT NULL,
    etag   TEXT,
    body_hash TEXT,
    -- The body last accepted, so a call that is gone is cancelled as it was.
    body   TEXT,
    PRIMARY KEY (source, uid)
) WITHOUT ROWID;
