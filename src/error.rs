//! The crate's error type: typed where an error starts, worded for the
//! recruiter where it ends (the status line or a one-line message on stderr).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Database { path: String, message: String },

    #[error("{path}: written by a newer callsheet (schema {found}, this one knows up to {known}); not opened, nothing changed")]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },

    #[error("{path}: not a callsheet database ({why}); nothing changed")]
    NotOurs { path: String, why: String },

    #[error("the database is busy (another callsheet is writing); try again")]
    Busy,

    #[error("{0}")]
    Sql(#[from] rusqlite::Error),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{file}:{line}:{column}: {message}")]
    Import {
        file: String,
        line: u64,
        column: String,
        message: String,
    },

    #[error("{0}")]
    NotFound(String),

    #[error("{0}")]
    Refused(String),

    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Turns SQLite's busy/locked codes into a message the user can act on.
    pub fn from_sql(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy) | Some(DatabaseLocked) => Error::Busy,
            _ => Error::Sql(e),
        }
    }
}
