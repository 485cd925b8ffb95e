-- callsheet schema 10: indexes for a candidate's record.
-- The day view adds up the record of every candidate on the day at each
-- load (the reliability line). With these both reads come from an index
-- alone; before, each read every one of the candidate's screen and attempt
-- rows: ~20 of the 440 pages the first frame read at 1M screens, per
-- candidate on the day.
-- Each call of a candidate with what the record counts. Its first two
-- columns are screens_candidate's, so it replaces that index everywhere.
CREATE INDEX screens_record ON screens(candidate_id, start_utc, kind, outcome, changed_by, told_at);
DROP INDEX screens_candidate;
-- Inbound calls are few: found without reading the outbound attempts.
CREATE INDEX attempts_inbound ON attempts(candidate_id, at_utc) WHERE direction = 'inbound';
