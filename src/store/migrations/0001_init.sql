-- callsheet schema 1. Shipped: never edit; add 0002_*.sql instead.
-- Every instant is UTC unix seconds; zones are IANA names.

CREATE TABLE candidates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    -- digits only, for matching "+44 20 7946 0000" with "02079460000"
    phone_key   TEXT NOT NULL DEFAULT '',
    email       TEXT,
    timezone    TEXT,
    do_not_call INTEGER NOT NULL DEFAULT 0,
    dnc_reason  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX candidates_phone_key ON candidates(phone_key);
CREATE INDEX candidates_name ON candidates(name COLLATE NOCASE);

CREATE TABLE roles (
    id    INTEGER PRIMARY KEY,
    title TEXT NOT NULL UNIQUE
);

-- Calls on the calendar: booked screens and placed callbacks.
CREATE TABLE screens (
    id               INTEGER PRIMARY KEY,
    candidate_id     INTEGER NOT NULL REFERENCES candidates(id),
    role_id          INTEGER REFERENCES roles(id),
    start_utc        INTEGER NOT NULL,
    minutes          INTEGER NOT NULL DEFAULT 30 CHECK (minutes BETWEEN 1 AND 1440),
    kind             TEXT NOT NULL DEFAULT 'screen',
    outcome          TEXT NOT NULL DEFAULT 'scheduled',
    marked_at        INTEGER,
    -- what the current mark wrote, so undo and corrections can remove it
    mark_attempt_id  INTEGER,
    mark_callback_id INTEGER,
    -- for kind = 'callback': the queued callback this call was placed from
    from_callback_id INTEGER,
    -- where an imported screen came from, for idempotent re-import
    source           TEXT,
    source_uid       TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX screens_start ON screens(start_utc);
CREATE INDEX screens_candidate ON screens(candidate_id, start_utc);
CREATE UNIQUE INDEX screens_source ON screens(source, source_uid) WHERE source_uid IS NOT NULL;

-- Every outbound dial and inbound call.
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    screen_id    INTEGER REFERENCES screens(id) ON DELETE SET NULL,
    at_utc       INTEGER NOT NULL,
    direction    TEXT NOT NULL,
    result       TEXT NOT NULL,
    late_minutes INTEGER
);
CREATE INDEX attempts_candidate ON attempts(candidate_id, at_utc);
CREATE INDEX attempts_screen ON attempts(screen_id);

CREATE TABLE callbacks (
    id               INTEGER PRIMARY KEY,
    candidate_id     INTEGER NOT NULL REFERENCES candidates(id),
    origin_screen_id INTEGER REFERENCES screens(id) ON DELETE SET NULL,
    reason           TEXT NOT NULL,
    due_utc          INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    placed_screen_id INTEGER REFERENCES screens(id) ON DELETE SET NULL,
    called_in_at     INTEGER,
    drop_reason      TEXT,
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER
);
CREATE INDEX callbacks_status_due ON callbacks(status, due_utc);
CREATE INDEX callbacks_candidate ON callbacks(candidate_id, status);

-- One note per call (screen_id set) and one per candidate (screen_id null).
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    screen_id    INTEGER REFERENCES screens(id) ON DELETE CASCADE,
    body         TEXT NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX notes_screen ON notes(screen_id) WHERE screen_id IS NOT NULL;
CREATE UNIQUE INDEX notes_candidate ON notes(candidate_id) WHERE screen_id IS NULL;

-- Time blocked on the recruiter's calendar that is not a screen.
CREATE TABLE busy (
    id         INTEGER PRIMARY KEY,
    start_utc  INTEGER NOT NULL,
    end_utc    INTEGER NOT NULL CHECK (end_utc > start_utc),
    summary    TEXT NOT NULL DEFAULT '',
    source     TEXT,
    source_uid TEXT
);
CREATE INDEX busy_start ON busy(start_utc);
