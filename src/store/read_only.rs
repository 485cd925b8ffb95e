//! Opening the database for a command that only reads (`day`, `callbacks`,
//! `export`, `doctor`, listings), without changing a byte of it.
//!
//! `Store::open` is for writers: it checks and migrates the schema and sets
//! the journal mode. Here, with the schema already current:
//!
//! - **A writer has it open** (`-wal` and `-shm` present): an ordinary
//!   read-only connection reads through them, seeing every commit, and
//!   being read-only it never checkpoints.
//! - **Nobody has it open** (no `-wal`): a read-write connection that may
//!   not write (`query_only`). It is an ordinary WAL reader: it creates
//!   the `-wal` and `-shm` while open and, being the last connection out,
//!   removes them on close (an empty `-wal` checkpoints nothing, so the
//!   main file is not touched), leaving the directory as it found it.
//!   This used to be an `immutable` read under a shared lock, on the
//!   belief that no writer could then change the main file. Wrong: a
//!   writer that starts meanwhile checkpoints into the main file whenever
//!   its `-wal` passes 1,000 pages (an import does), and `PRAGMA
//!   wal_checkpoint` from any process does at once; neither needs more
//!   than the shared lock the reader holds too. The immutable reader then
//!   read pages from two versions of the file: `doctor` reported index
//!   rows missing and `export` "database disk image is malformed" on a
//!   sound file (issue 14, item 3). As a registered WAL reader, the
//!   checkpointer leaves alone what this connection's snapshot needs.
//! - **A file no writer can start on**: no write bit in its mode, or a
//!   `-wal` that cannot be made (a read-only directory, a full disk). It
//!   is still read as `immutable` under SQLite's shared lock: a writer
//!   needs to open the file for writing and to make a `-wal`, so none can
//!   checkpoint into it.
//! - **Anything else** (no file, an empty or foreign file, an older schema
//!   that needs migrating, a newer one, a leftover `-wal` without `-shm`, a
//!   hot journal): `None`, and the caller opens normally, which migrates,
//!   recovers, waits or refuses with the usual message.

use super::{busy_timeout, check_header, migrations, sibling, Sidecars, Store, APPLICATION_ID};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Opens `path` for reading without writing, or `None` when only the
/// normal open can handle the file as it is.
pub(super) fn open(path: &Path) -> Option<Store> {
    let (conn, lock) = connect(path)?;
    let (version, app_id) = version_and_owner(&conn).ok()?;
    if app_id != APPLICATION_ID || version != migrations::latest() {
        return None;
    }
    Some(Store {
        conn,
        path: Some(path.to_path_buf()),
        _read_lock: lock,
        phone_region: Default::default(),
        journal_ready: std::cell::Cell::new(false),
    })
}

/// The file's schema version (`user_version`) and owner (`application_id`).
pub(super) fn version_and_owner(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        "SELECT user_version, application_id FROM pragma_user_version, pragma_application_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A connection to the SQLite file at `path`, whatever its schema, that
/// cannot write to the disk, with the lock that keeps what it reads whole
/// (held until after the connection closes); `None` as for [`open`].
pub(super) fn connect(path: &Path) -> Option<(Connection, Option<lock::Shared>)> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() == 0 || check_header(path).is_err() {
        return None;
    }
    let sibling = |suffix: &str| sibling(path, suffix);
    if sibling("-journal").exists() {
        // A hot journal needs rolling back first.
        return None;
    }
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let (conn, lock) = if sibling("-wal").exists() {
        if !sibling("-shm").exists() {
            return None;
        }
        (Connection::open_with_flags(path, read_only).ok()?, None)
    } else if nobody_may_write(&meta) {
        immutable(path)?
    } else {
        match wal_reader(path) {
            Some(conn) => (conn, None),
            // The -wal could not be made (a read-only directory, a full
            // disk): then no other process can make one either, so no
            // writer can start and the immutable read is safe.
            None => immutable(path)?,
        }
    };
    conn.busy_timeout(busy_timeout()).ok()?;
    Some((conn, lock))
}

/// The main file read as `immutable` under SQLite's shared lock, for
/// when no writer can start: from the lock on, nobody checkpoints into
/// the file, and if no -wal exists once it is held, the main file holds
/// every commit we see.
fn immutable(path: &Path) -> Option<(Connection, Option<lock::Shared>)> {
    let lock = lock::Shared::take(path)?;
    if sibling(path, "-wal").exists() {
        return None;
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    Some((Connection::open_with_flags(uri, flags).ok()?, Some(lock)))
}

/// A WAL reader on a file nobody has open: read-write so that, the last
/// one out, it removes the -wal and -shm it made; `query_only` so that it
/// never writes. `None` (and nothing left behind) when the -wal and -shm
/// cannot be made or the file cannot be opened for writing.
fn wal_reader(path: &Path) -> Option<Connection> {
    let sidecars = Sidecars::before_open(path);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).ok().filter(|c| {
        !c.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
            && c.pragma_update(None, "query_only", true).is_ok()
            // Opens the WAL (creating -wal and -shm) now, not at the
            // caller's first query.
            && c
                .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
                .is_ok()
    });
    if conn.is_none() {
        sidecars.forget_unused();
    }
    conn
}

/// Whether the file's mode has no write bit for anyone.
fn nobody_may_write(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o222 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

/// `path` for a `file:` URI: every byte but unreserved ones and `/`
/// percent-encoded, so `?`, `#` and `%` in a name stay part of the name.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(target_os = "linux")]
pub(super) mod lock {
    //! SQLite's own reader lock, taken by hand for the immutable read.
    //!
    //! SQLite locks a database with `fcntl` byte-range locks at fixed
    //! offsets (sqlite3.c, "The byte-range locking used by SQLite"): a
    //! reader holds a read lock on the 510 "shared" bytes, having checked
    //! the "pending" byte is not claimed by a writer on its way to an
    //! exclusive lock. Taken as open-file-description locks, which conflict
    //! with SQLite's POSIX locks in this process as in any other, and are
    //! not dropped when some other descriptor of the file is closed.
    use std::fs::File;
    use std::os::fd::AsRawFd;
    use std::path::Path;

    const PENDING_BYTE: i64 = 0x4000_0000;
    const SHARED_FIRST: i64 = PENDING_BYTE + 2;
    const SHARED_SIZE: i64 = 510;

    /// A held shared lock; released when dropped (its descriptor closes).
    pub struct Shared(#[allow(dead_code)] File);

    impl Shared {
        /// Takes the shared lock without waiting, or `None` when a writer
        /// holds or is claiming the exclusive lock.
        pub fn take(path: &Path) -> Option<Shared> {
            let file = File::open(path).ok()?;
            set(&file, PENDING_BYTE, 1, libc::F_RDLCK)?;
            let shared = set(&file, SHARED_FIRST, SHARED_SIZE, libc::F_RDLCK);
            set(&file, PENDING_BYTE, 1, libc::F_UNLCK)?;
            shared?;
            Some(Shared(file))
        }
    }

    fn set(file: &File, start: i64, len: i64, kind: libc::c_int) -> Option<()> {
        // SAFETY: `flock` is plain data, zeroed (l_pid must be 0 for an
        // open-file-description lock) then filled in; the descriptor is
        // open for the call's duration (borrowed `file`).
        let rc = unsafe {
            let mut fl: libc::flock = std::mem::zeroed();
            fl.l_type = kind as libc::c_short;
            fl.l_whence = libc::SEEK_SET as libc::c_short;
            fl.l_start = start as libc::off_t;
            fl.l_len = len as libc::off_t;
            libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &fl)
        };
        (rc == 0).then_some(())
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) mod lock {
    /// No open-file-description locks here: the immutable read is never
    /// taken and reading commands use the normal open.
    pub struct Shared;

    impl Shared {
        pub fn take(_: &std::path::Path) -> Option<Shared> {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_keep_special_characters_as_part_of_the_name() {
        assert_eq!(
            uri_path(Path::new("/tmp/a b?c#d%e.sqlite3")),
            "/tmp/a%20b%3Fc%23d%25e.sqlite3"
        );
        assert_eq!(uri_path(Path::new("/tmp/é")), "/tmp/%C3%A9");
    }
}
