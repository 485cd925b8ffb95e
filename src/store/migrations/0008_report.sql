-- callsheet schema 8: indexes for the week's report (`R`, `callsheet report`).
-- Shipped: never edit; add a new file instead.

-- Callbacks by when they were queued: "reached within 24 h of those queued".
CREATE INDEX callbacks_created ON callbacks(created_at);
-- Attempts by time, across candidates: inbound lateness, the exported call log.
CREATE INDEX attempts_at ON attempts(at_utc);
