-- callsheet schema 3. Shipped: never edit; add 0004_*.sql instead.
-- iCalendar SEQUENCE for exported calls: a counter that goes up whenever a
-- call's start, length or outcome changes, so a calendar app that already
-- holds the event takes the re-exported one as newer. A trigger keeps
-- every write path (marks, undo, re-import moves, edits) covered.

ALTER TABLE screens ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER screens_sequence
AFTER UPDATE OF start_utc, minutes, outcome ON screens
WHEN NEW.start_utc IS NOT OLD.start_utc
  OR NEW.minutes IS NOT OLD.minutes
  OR NEW.outcome IS NOT OLD.outcome
BEGIN
    UPDATE screens SET sequence = OLD.sequence + 1 WHERE id = NEW.id;
END;
