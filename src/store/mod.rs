//! The only code that speaks SQL.
//!
//! `Store` owns the rusqlite `Connection` and gives back domain types; rows
//! never leave this module. Every recruiter action is one `BEGIN IMMEDIATE`
//! transaction, committed (with `synchronous=FULL` in WAL mode) before the
//! call returns, so when the screen says "saved" it is on disk.

mod book;
mod bulk;
mod callbacks;
mod calls;
mod candidates;
mod changes;
mod dials;
mod dnc;
pub mod doctor;
mod export;
mod identity;
mod import;
mod journal;
mod meta;
pub mod migrations;
mod notes;
mod occupancy;
mod owed;
mod plans;
mod promises;
mod read_only;
mod report;
mod search;
mod sql_error;
mod sync;

#[doc(hidden)]
pub use book::Who;
pub use bulk::{BulkCall, BulkCallback};
pub use callbacks::InboundDone;
pub use calls::{MarkDone, MarkOptions};
pub use import::{ImportReport, NewCandidate, NewScreen};
pub use meta::FileKind;
#[doc(hidden)]
pub use plans::hot_path_queries;
pub use sync::{OwnEvent, Pending, SourceState, SyncChange};

use crate::error::{Error, Result};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Marks our files so a stray SQLite database is not mistaken for ours
/// ("CSHT").
pub const APPLICATION_ID: i64 = 0x4353_4854;

/// How long a write waits for another process holding the lock before
/// the recruiter is told the database is busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// [`BUSY_TIMEOUT`], or `CALLSHEET_BUSY_TIMEOUT_MS` when set: the tests
/// that hold the lock on purpose use it to see the time-out message
/// without waiting five seconds each time.
pub(crate) fn busy_timeout() -> Duration {
    std::env::var("CALLSHEET_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(BUSY_TIMEOUT)
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held by a store from [`Store::open_read_only`] that reads the file
    /// as immutable; after `conn`, so it is released last.
    _read_lock: Option<read_only::lock::Shared>,
    /// The region numbers without a country code are read in (issue 12):
    /// set by whoever knows the config ([`Store::set_phone_region`]).
    phone_region: std::cell::Cell<Option<crate::domain::phone::Region>>,
    /// This connection's undo journal triggers are installed (see
    /// `journal.rs`): done at the first undoable write.
    journal_ready: std::cell::Cell<bool>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    ///
    /// A new file and any directory it needs are created private to the
    /// user (0600 / 0700) before SQLite touches them, so the `-wal` and
    /// `-shm` files inherit the same mode. A file that is not a callsheet
    /// database, or one from a newer version, is refused without being
    /// modified.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let existed = path.exists();
        if existed {
            check_header(path)?;
        } else {
            create_private(path)?;
        }
        let sidecars = Sidecars::before_open(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::Database {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        // SQLite quietly opens a file it may not write read-only; the first
        // query would then leave -wal/-shm behind and every mark would fail
        // later with no file named. Nothing has been read or made yet here.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(Error::Database {
                path: shown,
                message: READ_ONLY.into(),
            });
        }
        let store = Store {
            conn,
            path: Some(path.to_path_buf()),
            _read_lock: None,
            phone_region: Default::default(),
            journal_ready: std::cell::Cell::new(false),
        };
        if let Err(e) = store.prepare(&shown) {
            drop(store);
            sidecars.forget_unused();
            return Err(match e.as_sql() {
                Some(sql) => Error::Database {
                    path: shown,
                    message: describe_sql(sql),
                },
                None => e,
            });
        }
        Ok(store)
    }

    /// Opens `path` for a command that only reads (`day`, `callbacks`,
    /// `export`, listings) without writing to the disk: no `-wal`/`-shm`
    /// files created, no checkpoint. Sees every committed change, also
    /// while the app or another command has the file open, and works on a
    /// read-only file. Any file it cannot read that way (missing, empty,
    /// foreign, older or newer schema, left by a crash) gets the normal
    /// [`Store::open`], which migrates, recovers or refuses as usual.
    /// A write through the returned store fails as read-only.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        match read_only::open(path) {
            Some(store) => Ok(store),
            None => Store::open(path),
        }
    }

    /// A private in-memory database (tests and dry runs).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let store = Store {
            conn,
            path: None,
            _read_lock: None,
            phone_region: Default::default(),
            journal_ready: std::cell::Cell::new(false),
        };
        store.prepare(":memory:")?;
        Ok(store)
    }

    /// How long this store's writes wait for another writer before
    /// failing as busy (the tests that hold the lock on purpose).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Checks ownership and version, then sets pragmas and migrates.
    ///
    /// Nothing is written until the checks have passed: `journal_mode=WAL`
    /// itself modifies the file.
    fn prepare(&self, shown: &str) -> Result<()> {
        self.conn.busy_timeout(busy_timeout())?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let tables: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if app_id != 0 && app_id != APPLICATION_ID {
            return Err(Error::NotOurs {
                path: shown.to_string(),
                why: format!("application id {app_id:#x}"),
            });
        }
        if app_id == 0 && tables > 0 {
            return Err(Error::NotOurs {
                path: shown.to_string(),
                why: "it holds another program's tables".into(),
            });
        }
        if version > migrations::latest() {
            return Err(Error::NewerSchema {
                path: shown.to_string(),
                found: version,
                known: migrations::latest(),
            });
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        if self.path.is_some() {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Database {
                    path: shown.to_string(),
                    message: format!("could not switch to WAL journal (got {mode})"),
                });
            }
        }
        // FULL: a mark survives power loss once the screen shows it.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.migrate(version)
    }

    fn migrate(&self, from: i64) -> Result<()> {
        if from == migrations::latest() {
            return Ok(());
        }
        self.write(|tx| {
            // Re-read inside the lock: another process may have migrated.
            let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for (i, sql) in migrations::MIGRATIONS
                .iter()
                .enumerate()
                .skip(current.max(0) as usize)
            {
                tx.execute_batch(sql)?;
                identity::after_migration(tx, i)?;
                tx.pragma_update(None, "user_version", i as i64 + 1)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            Ok(())
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction and commits.
    ///
    /// Immediate, so a write never starts as a read and then fails with
    /// "database is locked" when it tries to upgrade; the busy timeout then
    /// covers the wait for another writer.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(Error::from_sql)?;
        let out = f(&tx)?;
        tx.commit().map_err(Error::from_sql)?;
        Ok(out)
    }

    /// Runs `f`'s reads in one read transaction: one consistent snapshot,
    /// and one WAL read lock instead of one per statement. Inside a
    /// transaction already, `f` simply runs in it. `f` must not write.
    pub fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f();
        }
        self.conn.execute_batch("BEGIN").map_err(Error::from_sql)?;
        let out = f();
        // Nothing was written, so ending it either way loses nothing.
        let end = self.conn.execute_batch("COMMIT").map_err(Error::from_sql);
        let out = out?;
        end?;
        Ok(out)
    }

    /// Runs `f` in a transaction that is always rolled back (dry runs).
    pub(crate) fn rehearse<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(Error::from_sql)?;
        let out = f(&tx);
        tx.rollback().map_err(Error::from_sql)?;
        out
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// SQLite's own check of the file, for `doctor` and the tests.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// A cheap counter that changes whenever any connection commits, so the
    /// app can pick up marks made by another process.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// Refuses a file that is not SQLite before SQLite is let near it: the
/// bundled library opens anything and only fails at the first query.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::Database {
            path: shown,
            message: "is a directory".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    match f.read_exact(&mut head) {
        Ok(()) if &head == b"SQLite format 3\0" => Ok(()),
        _ => Err(Error::NotOurs {
            path: shown,
            why: "not an SQLite database".into(),
        }),
    }
}

/// `path` with `suffix` added to its name: the `-wal`, `-shm` and
/// `-journal` files SQLite keeps beside a database.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The `-wal` and `-shm` files an open that fails must not leave behind.
pub(super) struct Sidecars {
    wal: PathBuf,
    shm: PathBuf,
    existed: bool,
}

impl Sidecars {
    pub(super) fn before_open(path: &Path) -> Sidecars {
        let (wal, shm) = (sibling(path, "-wal"), sibling(path, "-shm"));
        let existed = wal.exists() || shm.exists();
        Sidecars { wal, shm, existed }
    }

    /// After a failed open (a full disk, a bad file), removes the pair this
    /// open created and could not use, which SQLite leaves when it cannot
    /// finish setting them up. Only when neither was there before, the
    /// -wal holds no frame and the -shm never reached the 32 KiB every
    /// live WAL connection maps: then no other process can be using them.
    pub(super) fn forget_unused(self) {
        if self.existed {
            return;
        }
        let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
        let unused = len(&self.wal).unwrap_or(0) == 0 && len(&self.shm).unwrap_or(0) < 32 * 1024;
        if unused {
            let _ = std::fs::remove_file(&self.wal);
            let _ = std::fs::remove_file(&self.shm);
        }
    }
}

/// Creates an empty file readable by the user only, and its directory.
fn create_private(path: &Path) -> Result<()> {
    use std::fs::{DirBuilder, OpenOptions};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut b = DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                b.mode(0o700);
            }
            b.create(dir).map_err(|e| Error::io(dir, e))?;
        }
    }
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    match o.open(path) {
        Ok(_) => Ok(()),
        // Another process created it between our check and now: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

const READ_ONLY: &str = "read-only: callsheet needs to write here; nothing changed";

fn describe_sql(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => "not a database, or corrupt; nothing changed".into(),
        Some(ErrorCode::DatabaseCorrupt) => "the database is corrupt; nothing changed".into(),
        Some(ErrorCode::ReadOnly) => READ_ONLY.into(),
        Some(ErrorCode::CannotOpen) => "cannot open (missing or unreadable directory?)".into(),
        Some(ErrorCode::DiskFull) => "the disk is full; nothing was saved".into(),
        Some(ErrorCode::SystemIoFailure) => {
            "cannot read or write the file (disk full or failing?); nothing was saved".into()
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            "busy: another callsheet holds the database; try again".into()
        }
        _ => e.to_string(),
    }
}

/// UTC instant ↔ the unix seconds stored in every `*_utc` / `*_at` column.
pub(crate) fn to_secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_secs(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(s, 0).single().unwrap_or_default()
}

pub(crate) fn opt_from_secs(s: Option<i64>) -> Option<DateTime<Utc>> {
    s.map(from_secs)
}
