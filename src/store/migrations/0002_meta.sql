-- callsheet schema 2. Shipped: never edit; add 0003_*.sql instead.
-- Facts about the database file itself (e.g. that it is a demo, so
-- `callsheet demo` may replace it and nothing else).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
