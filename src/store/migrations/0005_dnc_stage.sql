-- callsheet schema 5. Shipped: never edit; add 0006_*.sql instead.
-- When do-not-call was set (its reason is in schema 1), and the
-- candidate's stage in the hiring process with when it last changed.
-- Stage values are domain::Stage::as_str ('new' … 'rejected-not-told' …).

ALTER TABLE candidates ADD COLUMN dnc_at INTEGER;
ALTER TABLE candidates ADD COLUMN stage TEXT NOT NULL DEFAULT 'new';
ALTER TABLE candidates ADD COLUMN stage_at INTEGER;

-- The close-the-loop view looks up undelivered rejections by stage.
CREATE INDEX candidates_stage ON candidates(stage) WHERE stage <> 'new';
