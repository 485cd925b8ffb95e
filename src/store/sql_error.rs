//! rusqlite's errors into the crate's [`Error`]: here, and not in
//! `error.rs`, because `store/` is the only code that names the SQL crate
//! (tests/layering.rs checks it). Inherent methods of `Error` may live in
//! any module of the crate, so callers still write `Error::from_sql`.
//!
//! Must not import: ratatui, crossterm.

use crate::error::Error;

impl Error {
    /// Turns SQLite's busy/locked codes (left after the busy timeout has
    /// retried for its whole length) into a message the user can act on.
    pub fn from_sql(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy) | Some(DatabaseLocked) => Error::Busy,
            _ => Error::Sql(Box::new(e)),
        }
    }

    /// The SQLite error inside [`Error::Sql`], for the messages that
    /// depend on its code.
    pub(crate) fn as_sql(&self) -> Option<&rusqlite::Error> {
        match self {
            Error::Sql(e) => e.downcast_ref::<rusqlite::Error>(),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::from_sql(e)
    }
}
