-- callsheet schema 4. Shipped: never edit; add 0005_*.sql instead.
-- Finding a candidate as the recruiter types: by any word of the name, and
-- by phone digits from the front or from the end (the last four are what
-- people remember). Kept current by SQLite itself, so every path that adds
-- or edits a candidate (import, bulk, demo, edits, another tool) is covered.

-- Name words, case- and accent-folded ("GARCÍA" finds "García"), with
-- prefix indexes so the first letters typed are cheap. External content:
-- the names live once, in candidates; the triggers below keep the index.
CREATE VIRTUAL TABLE candidate_names USING fts5(
    name,
    content = 'candidates',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO candidate_names (candidate_names) VALUES ('rebuild');

CREATE TRIGGER candidate_names_insert AFTER INSERT ON candidates BEGIN
    INSERT INTO candidate_names (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER candidate_names_delete AFTER DELETE ON candidates BEGIN
    INSERT INTO candidate_names (candidate_names, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER candidate_names_update AFTER UPDATE OF name ON candidates BEGIN
    INSERT INTO candidate_names (candidate_names, rowid, name) VALUES ('delete', OLD.id, OLD.name);
    INSERT INTO candidate_names (rowid, name) VALUES (NEW.id, NEW.name);
END;

-- The digits key read backwards (its last 24 characters; E.164 numbers
-- have at most 15 digits), so "the number ending 4821" is an index range
-- like any prefix. SQLite has no reverse(); each term takes one character
-- counting from the end, and is empty past the start.
ALTER TABLE candidates ADD COLUMN phone_tail TEXT GENERATED ALWAYS AS (
        substr(phone_key, -1, 1) || substr(phone_key, -2, 1) || substr(phone_key, -3, 1) || substr(phone_key, -4, 1) ||
        substr(phone_key, -5, 1) || substr(phone_key, -6, 1) || substr(phone_key, -7, 1) || substr(phone_key, -8, 1) ||
        substr(phone_key, -9, 1) || substr(phone_key, -10, 1) || substr(phone_key, -11, 1) || substr(phone_key, -12, 1) ||
        substr(phone_key, -13, 1) || substr(phone_key, -14, 1) || substr(phone_key, -15, 1) || substr(phone_key, -16, 1) ||
        substr(phone_key, -17, 1) || substr(phone_key, -18, 1) || substr(phone_key, -19, 1) || substr(phone_key, -20, 1) ||
        substr(phone_key, -21, 1) || substr(phone_key, -22, 1) || substr(phone_key, -23, 1) || substr(phone_key, -24, 1)
) VIRTUAL;
CREATE INDEX candidates_phone_tail ON candidates(phone_tail);
