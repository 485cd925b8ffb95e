//! Facts about the database file itself: whether it is a demo.
//!
//! `callsheet demo` rebuilds its database from scratch each run, so it must
//! be certain the file it deletes is one it made. A demo database carries a
//! `demo` row in `meta`; [`Store::probe`] reads that without writing a byte.

use super::{check_header, Store, APPLICATION_ID};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

const DEMO_KEY: &str = "demo";

/// What is at a path, as far as replacing it with a fresh demo goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// Nothing there.
    Absent,
    /// A zero-length file.
    Empty,
    /// A callsheet database marked as a demo.
    Demo,
    /// Anything else, with why it is not a demo.
    Other(String),
}

impl Store {
    /// Marks this database as a demo that `callsheet demo` may replace.
    pub fn mark_as_demo(&self, built_at: chrono::DateTime<chrono::Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [DEMO_KEY, &built_at.to_rfc3339()],
            )?;
            Ok(())
        })
    }

    /// Whether this database is a demo.
    pub fn is_demo(&self) -> Result<bool> {
        is_demo(self.conn())
    }

    /// Looks at `path` without changing it: absent, empty, a callsheet demo,
    /// or something else (the user's real database, another program's file).
    pub fn probe(path: &Path) -> Result<FileKind> {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Absent),
            Err(e) => return Err(Error::io(path, e)),
        };
        if !meta.is_file() {
            return Ok(FileKind::Other("not a regular file".into()));
        }
        if meta.len() == 0 {
            return Ok(FileKind::Empty);
        }
        if let Err(e) = check_header(path) {
            return Ok(FileKind::Other(match e {
                Error::NotOurs { why, .. } => why,
                other => other.to_string(),
            }));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags) {
            Ok(c) => c,
            Err(e) => return Ok(FileKind::Other(format!("cannot be read ({e})"))),
        };
        let app_id: i64 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
            Ok(id) => id,
            Err(e) => return Ok(FileKind::Other(format!("cannot be read ({e})"))),
        };
        if app_id != APPLICATION_ID {
            return Ok(FileKind::Other("not a callsheet database".into()));
        }
        match is_demo(&conn) {
            Ok(true) => Ok(FileKind::Demo),
            Ok(false) => Ok(FileKind::Other(
                "a callsheet database that is not a demo".into(),
            )),
            Err(e) => Ok(FileKind::Other(format!("cannot be read ({e})"))),
        }
    }
}

fn is_demo(conn: &Connection) -> Result<bool> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(false);
    }
    Ok(conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [DEMO_KEY], |_| Ok(()))
        .optional()?
        .is_some())
}
