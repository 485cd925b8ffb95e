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

    /// Built through [`Error::from_sql`] (also by `?`), so a busy or
    /// locked database never reaches the recruiter as SQLite's "database
    /// is locked". Always a `rusqlite::Error`, boxed so that only `store/`
    /// names the SQL crate (`store/sql_error.rs` builds and reads it).
    #[error("{0}")]
    Sql(Box<dyn std::error::Error + Send + Sync>),

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

    /// Everything wrong with the files of one import, one line each
    /// (`file:line: …`), capped, with "and N more" last; nothing written.
    #[error("{}", .0.join("\n"))]
    Problems(Vec<String>),

    #[error("{0}")]
    NotFound(String),

    #[error("{0}")]
    Refused(String),

    #[error("{0}")]
    Invalid(String),

    /// A config file named with `--config` that has problems: one line
    /// each, `path:line: key: message`.
    #[error("{}", .0.join("\n"))]
    Config(Vec<String>),

    /// The app was ended by this signal (SIGTERM, SIGINT, SIGQUIT,
    /// SIGHUP) after giving the terminal back; the process exits with
    /// 128 + its number, as a shell reports a signal's end.
    #[error("ended by signal {0}")]
    Signal(i32),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// What kind of error this is, for the log: never the message, which
    /// can quote a candidate's details or a file's contents.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Database { .. } => "database",
            Error::NewerSchema { .. } => "newer_schema",
            Error::NotOurs { .. } => "not_ours",
            Error::Busy => "busy",
            Error::Sql(_) => "sql",
            Error::Io { .. } => "io",
            Error::Import { .. } => "import",
            Error::Problems(_) => "import",
            Error::NotFound(_) => "not_found",
            Error::Refused(_) => "refused",
            Error::Invalid(_) => "invalid",
            Error::Config(_) => "config",
            Error::Signal(_) => "signal",
        }
    }
}
