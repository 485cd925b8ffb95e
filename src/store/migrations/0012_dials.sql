-- callsheet schema 15: the call in progress and what the line did.
-- Shipped: never edit; add a new file instead.
--
-- One row per dial (the `c` key or the softphone). It opens with its start
-- and is closed by the next mark (`attempt_id` then links the recruiter's
-- mark to it), by the line hanging up, or, when the app quit with it open,
-- at the next start (`closed_by = 'restart'`, length unknown). The two
-- layers a dialer keeps: `line_result` is what the phone did, the linked
-- attempt's `result` what the recruiter marked.
CREATE TABLE dials (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    screen_id    INTEGER REFERENCES screens(id) ON DELETE SET NULL,
    number       TEXT NOT NULL,
    started_utc  INTEGER NOT NULL,
    ended_utc    INTEGER,
    seconds      INTEGER CHECK (seconds IS NULL OR seconds >= 0),
    line_result  TEXT NOT NULL DEFAULT 'dialled',
    closed_by    TEXT,
    attempt_id   INTEGER REFERENCES attempts(id) ON DELETE SET NULL
);
CREATE INDEX dials_open ON dials(started_utc) WHERE ended_utc IS NULL;
CREATE INDEX dials_candidate ON dials(candidate_id, started_utc);
