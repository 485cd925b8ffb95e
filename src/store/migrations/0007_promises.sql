-- callsheet schema 7. Shipped: never edit; add 0008_*.sql instead.
-- Promises to candidates ("update by Fri 27 Nov"), due by the end of a
-- local day stored as a UTC instant; and every change of a due date, kept
-- as history (a move with a reason, or a "no news yet" call that met it).

CREATE TABLE promises (
    id            INTEGER PRIMARY KEY,
    candidate_id  INTEGER NOT NULL REFERENCES candidates(id),
    -- the call it was made on, if any
    screen_id     INTEGER REFERENCES screens(id) ON DELETE SET NULL,
    what          TEXT NOT NULL,
    due_utc       INTEGER NOT NULL,
    waiting_on_hm INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'open',
    created_at    INTEGER NOT NULL,
    closed_at     INTEGER
);
CREATE INDEX promises_status_due ON promises(status, due_utc);
CREATE INDEX promises_candidate ON promises(candidate_id, status);

CREATE TABLE promise_moves (
    id          INTEGER PRIMARY KEY,
    promise_id  INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,
    at_utc      INTEGER NOT NULL,
    from_due    INTEGER NOT NULL,
    to_due      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    -- the "no news yet" call that met the promise, when that was the move
    attempt_id  INTEGER REFERENCES attempts(id) ON DELETE SET NULL
);
CREATE INDEX promise_moves_promise ON promise_moves(promise_id, at_utc);
