//! Notes as undoable actions: the app's note editor saves through here,
//! so `u` after typing a note takes back the note, not an older action.

use super::candidates::upsert_note;
use super::Store;
use crate::domain::Undo;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

impl Store {
    /// Saves the note on a call (empty removes it), as one undoable action.
    pub fn save_call_note(&self, screen_id: i64, body: &str, now: DateTime<Utc>) -> Result<Undo> {
        self.write_journaled(|tx| {
            let (candidate_id, name): (i64, String) = tx
                .query_row(
                    "SELECT s.candidate_id, c.name FROM screens s
                     JOIN candidates c ON c.id = s.candidate_id WHERE s.id = ?1",
                    [screen_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("no call with id {screen_id}")))?;
            upsert_note(tx, candidate_id, Some(screen_id), body, now)?;
            Ok(Undo::labelled(format!("note on the call with {name}")))
        })
    }

    /// Saves the note on a candidate (empty removes it), undoably.
    pub fn save_candidate_note(
        &self,
        candidate_id: i64,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Undo> {
        self.write_journaled(|tx| {
            let name = super::candidates::load_candidate(tx, candidate_id)?.name;
            upsert_note(tx, candidate_id, None, body, now)?;
            Ok(Undo::labelled(format!("note on {name}")))
        })
    }
}
