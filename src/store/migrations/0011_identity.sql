-- callsheet schema 11: who a candidate is (issue 12). Shipped: never edit.
-- The number as E.164 beside what the file said (`phone` stays as written),
-- the folded name matching compares, every number and email a candidate
-- has had (do-not-call holds on all of them), and the other names an
-- import gave a record it matched (an import never renames anyone).
-- The E.164 forms of the numbers already stored are filled in by
-- store::identity::after_migration, in this migration's transaction.

ALTER TABLE candidates ADD COLUMN phone_e164 TEXT;
ALTER TABLE candidates ADD COLUMN name_key TEXT;
CREATE INDEX candidates_e164 ON candidates(phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE INDEX candidates_name_key ON candidates(name_key) WHERE name_key IS NOT NULL;

-- kind 'phone': E.164, or the digits key for a number never read as one;
-- kind 'email': lower-cased.
CREATE TABLE candidate_contacts (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    kind         TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
    value        TEXT NOT NULL,
    since        INTEGER NOT NULL,
    UNIQUE (candidate_id, kind, value)
);
CREATE INDEX candidate_contacts_value ON candidate_contacts(kind, value);

CREATE TABLE candidate_aliases (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    name         TEXT NOT NULL,
    origin       TEXT NOT NULL DEFAULT '',
    seen_at      INTEGER NOT NULL,
    UNIQUE (candidate_id, name)
);

INSERT OR IGNORE INTO candidate_contacts (candidate_id, kind, value, since)
    SELECT id, 'email', lower(trim(email)), created_at FROM candidates
    WHERE email IS NOT NULL AND trim(email) <> '';
