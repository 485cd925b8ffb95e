-- callsheet schema 6: cancellations and reschedules.
-- Who called a screen off or moved it, when the recruiter was told (the
-- notice class is derived from this and the start), and why; a screen
-- booked to replace a missed or moved one points back at it.
ALTER TABLE screens ADD COLUMN changed_by TEXT;
ALTER TABLE screens ADD COLUMN told_at INTEGER;
ALTER TABLE screens ADD COLUMN change_reason TEXT;
ALTER TABLE screens ADD COLUMN rescheduled_from INTEGER REFERENCES screens(id) ON DELETE SET NULL;
CREATE INDEX screens_rescheduled_from ON screens(rescheduled_from)
    WHERE rescheduled_from IS NOT NULL;
