//! `Store::open_read_only` and the reading commands built on it: they
//! write nothing to the disk (no `-wal`/`-shm`, no checkpoint), see every
//! commit, and hand any file they cannot read that way to the normal open.

mod common;

use callsheet::error::Error;
use callsheet::store::{migrations, Store, APPLICATION_ID};
use common::{mon, seeded, sibling};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_callsheet");

/// Every file in the directory with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn day_names(store: &Store) -> Vec<String> {
    store
        .calls_between(mon("00:00"), mon("23:59"))
        .unwrap()
        .into_iter()
        .map(|c| c.candidate.name)
        .collect()
}

/// A seeded file with nobody connected: only the database file is there.
fn closed_db() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (path, store) = seeded(tmp.path());
    drop(store);
    assert!(!sibling(&path, "-wal").exists());
    (tmp, path)
}

#[test]
fn reading_a_closed_file_creates_and_changes_nothing() {
    let (tmp, path) = closed_db();
    let before = snapshot(tmp.path());
    {
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(day_names(&store).len(), 4);
        assert_eq!(
            store
                .search_candidates("ana", mon("08:00"), 5)
                .unwrap()
                .len(),
            1
        );
        assert!(!sibling(&path, "-wal").exists(), "no -wal while open");
        assert!(!sibling(&path, "-shm").exists(), "no -shm while open");
        // A write through it is refused, not half-done.
        assert!(store.set_candidate_note(1, "x", mon("08:00")).is_err());
    }
    assert!(snapshot(tmp.path()) == before, "the directory changed");
}

#[test]
fn while_the_app_has_the_file_open_it_sees_every_commit_and_never_checkpoints() {
    let (tmp, path) = closed_db();
    let writer = Store::open(&path).unwrap();
    writer
        .import(
            &[common::screen(
                "Olu Mensah",
                "+44 20 7946 0009",
                mon("16:00"),
            )],
            mon("08:00"),
            false,
        )
        .unwrap();
    let before = snapshot(tmp.path());
    assert!(before.iter().any(|(n, _)| n.ends_with("-wal")));
    {
        let reader = Store::open_read_only(&path).unwrap();
        assert!(day_names(&reader).contains(&"Olu Mensah".to_string()));
        // A commit made while the reader is open is seen by its next read.
        writer.set_candidate_note(1, "seen?", mon("08:05")).unwrap();
        assert_eq!(reader.candidate_note(1).unwrap(), "seen?");
    }
    // The reader changed none of the three files; the writer still works.
    let after = snapshot(tmp.path());
    let main = |s: &[(String, Vec<u8>)]| s.iter().find(|(n, _)| n == "callsheet.sqlite3").cloned();
    assert_eq!(
        main(&after),
        main(&before),
        "no checkpoint into the main file"
    );
    writer
        .set_candidate_note(1, "still writing", mon("08:10"))
        .unwrap();
    assert_eq!(writer.integrity_check().unwrap(), "ok");
}

/// A writer that starts while an immutable read is under way cannot
/// checkpoint into the file on close: its changes wait in its `-wal`, and
/// the next read finds them there.
#[test]
fn a_writer_that_comes_and_goes_during_a_read_leaves_the_file_to_the_reader() {
    let (_tmp, path) = closed_db();
    let reader = Store::open_read_only(&path).unwrap();
    let main_before = std::fs::read(&path).unwrap();
    {
        let writer = Store::open(&path).unwrap();
        writer
            .import(
                &[common::screen(
                    "Olu Mensah",
                    "+44 20 7946 0009",
                    mon("16:00"),
                )],
                mon("08:00"),
                false,
            )
            .unwrap();
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        main_before,
        "no checkpoint under the reader"
    );
    assert_eq!(
        day_names(&reader).len(),
        4,
        "the reader's view is the file as it was"
    );
    drop(reader);
    let next = Store::open_read_only(&path).unwrap();
    assert!(day_names(&next).contains(&"Olu Mensah".to_string()));
    drop(next);
    // The next writer takes the -wal in and the file is whole.
    let writer = Store::open(&path).unwrap();
    assert_eq!(day_names(&writer).len(), 5);
    assert_eq!(writer.integrity_check().unwrap(), "ok");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, path) = closed_db();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(tmp.path());
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(day_names(&store).len(), 4);
    drop(store);
    assert!(snapshot(tmp.path()) == before, "the directory changed");
}

#[test]
fn an_older_schema_is_migrated_by_the_normal_open() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("old.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(migrations::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
    }
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
}

#[test]
fn foreign_and_newer_files_are_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let foreign = tmp.path().join("foreign.sqlite3");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        .unwrap();
    let newer = tmp.path().join("newer.sqlite3");
    {
        let conn = Connection::open(&newer).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", migrations::latest() + 1)
            .unwrap();
    }
    let text = tmp.path().join("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    let before = snapshot(tmp.path());
    assert!(matches!(
        Store::open_read_only(&foreign),
        Err(Error::NotOurs { .. })
    ));
    assert!(matches!(
        Store::open_read_only(&newer),
        Err(Error::NewerSchema { .. })
    ));
    assert!(matches!(
        Store::open_read_only(&text),
        Err(Error::NotOurs { .. })
    ));
    assert!(snapshot(tmp.path()) == before, "the directory changed");
}

#[test]
fn reading_commands_leave_the_directory_as_they_found_it() {
    let (tmp, path) = closed_db();
    let before = snapshot(tmp.path());
    let out_file = tmp.path().join("out");
    // The log goes to the state directory, which is not the database's.
    let state = tempfile::tempdir().unwrap();
    for args in [
        vec!["day", "--date", "2026-11-23"],
        vec!["day", "--json"],
        vec!["callbacks"],
        vec!["callbacks", "--json"],
        vec!["export", "--format", "ics"],
    ] {
        let out = Command::new(BIN)
            .args([
                "--db",
                path.to_str().unwrap(),
                "--now",
                "2026-11-23T09:40:00Z",
                "--tz",
                common::ZONE,
            ])
            .args(&args)
            .env("HOME", tmp.path())
            .env("XDG_DATA_HOME", tmp.path())
            .env("XDG_CONFIG_HOME", tmp.path())
            .env("XDG_STATE_HOME", state.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
    assert!(!out_file.exists());
    assert!(snapshot(tmp.path()) == before, "the directory changed");
}
