//! Opening the database for a command that only reads (`day`, `callbacks`,
//! `export`, listings), without writing a byte.
//!
//! `Store::open` is for writers: it switches to WAL, so on a file nobody
//! else has open it creates the `-wal` and `-shm` files and, on close, the
//! last connection checkpoints and deletes them: a `callsheet day` that
//! only prints would write to disk every time. Here:
//!
//! - **No other process has the file open** (no `-wal`, no `-journal`):
//!   every committed page is in the main file. It is read as `immutable`
//!   (no WAL, no shared memory, nothing created) under a shared lock taken
//!   the way SQLite takes it, so a writer that starts meanwhile cannot
//!   change the main file under us: its changes go to its own `-wal`, and
//!   the checkpoint it would run on close needs an exclusive lock it cannot
//!   get while ours is held (it leaves its `-wal` for the next writer).
//! - **A writer has it open** (`-wal` and `-shm` present): an ordinary
//!   read-only connection reads through them, seeing every commit, and
//!   being read-only it never checkpoints.
//! - **Anything else** (no file, an empty or foreign file, an older schema
//!   that needs migrating, a newer one, a leftover `-wal` without `-shm`, a
//!   writer holding the lock, a platform without open-file-description
//!   locks): `None`, and
//!   the caller opens normally, which migrates, recovers, waits or refuses
//!   with the usual message.

use super::{busy_timeout, check_header, migrations, sibling, Store, APPLICATION_ID};
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
    let (conn, lock) = if sibling("-wal").exists() {
        if !sibling("-shm").exists() {
            return None;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        (Connection::open_with_flags(path, flags).ok()?, None)
    } else {
        // The lock first: from here on nobody checkpoints into the file, so
        // if no -wal exists now, the main file holds every commit we see.
        let lock = lock::Shared::take(path)?;
        if sibling("-wal").exists() {
            return None;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let uri = format!("file:{}?immutable=1", uri_path(path));
        (Connection::open_with_flags(uri, flags).ok()?, Some(lock))
    };
    conn.busy_timeout(busy_timeout()).ok()?;
    Some((conn, lock))
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
