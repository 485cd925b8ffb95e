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

/// The main database file's bytes in a [`snapshot`].
fn before_main(s: &[(String, Vec<u8>)]) -> Vec<u8> {
    s.iter()
        .find(|(n, _)| n == "callsheet.sqlite3")
        .map(|(_, b)| b.clone())
        .unwrap()
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
        // An ordinary WAL reader (issue 14, item 3): its -wal and -shm
        // exist while it is open, and the main file is not touched.
        assert_eq!(std::fs::read(&path).unwrap(), before_main(&before));
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

/// A writer that starts while a read is under way cannot checkpoint into
/// the file on close (the reader is a WAL reader): its changes wait in its
/// `-wal`, the reader's next read sees them, and the next writer takes the
/// `-wal` in. (The immutable read this replaces kept seeing the file as it
/// was, which is also why a checkpoint under it read as corruption.)
#[test]
fn a_writer_that_comes_and_goes_during_a_read_leaves_the_file_to_the_reader() {
    let (_tmp, path) = closed_db();
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(day_names(&reader).len(), 4);
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
        5,
        "the reader's next read sees the commit"
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

/// Issue 14, item 3: readers (`doctor`, `export --ics`) run in a loop
/// while imports run one after another in other processes and a third
/// connection forces checkpoints into the main file. Every reader must see
/// a sound file: `doctor` exits 0 with no problem and `export` succeeds.
/// With the old immutable read, a reader that started between two imports
/// read pages of two versions of the file and reported corruption.
#[test]
fn readers_beside_an_import_and_forced_checkpoints_never_report_corruption() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let (tmp, path) = closed_db();
    // A file big enough that a read takes a while: 20,000 more calls.
    {
        let store = Store::open(&path).unwrap();
        let screens: Vec<_> = (0..20_000i64)
            .map(|i| {
                common::screen(
                    &format!("Seed {i} with a longer name"),
                    &format!("+44 20 8{:03} {:04}", i / 10_000, i % 10_000),
                    mon("08:00") + chrono::Duration::minutes(30 * (i + 48)),
                )
            })
            .collect();
        store.import(&screens, mon("07:00"), false).unwrap();
    }
    assert!(!sibling(&path, "-wal").exists());
    // Private, as the app makes its data directory (doctor checks it).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let dir = tmp.path().to_path_buf();
    let run = move |path: &Path, args: &[&str]| {
        let mut c = Command::new(BIN);
        common::sandboxed(&mut c, &dir);
        c.arg("--db")
            .arg(path)
            .args(["--now", "2026-11-23T09:40:00Z", "--tz", common::ZONE])
            .args(args);
        c
    };
    // Imports on new days and numbers, one after another, so the file is
    // sometimes closed (no -wal) when a reader starts and a writer comes
    // in under it.
    let csvs: Vec<PathBuf> = (0..8u32)
        .map(|round| {
            let csv = tmp.path().join(format!("big{round}.csv"));
            let mut text = String::from("start,candidate,phone,role\n");
            for i in 0..1500u32 {
                let day = 1 + i / 40 + round * 40;
                let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
                    + chrono::Duration::days(i64::from(day));
                let (h, m) = (8 + (i % 40) / 4, (i % 4) * 15);
                text.push_str(&format!(
                    "{date} {h:02}:{m:02},Person {round} {i} with a longer name,+44 20 7{round:03} {i:04},Role {i}\n"
                ));
            }
            std::fs::write(&csv, text).unwrap();
            csv
        })
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let importer = {
        let (done, path, run) = (done.clone(), path.clone(), run.clone());
        std::thread::spawn(move || {
            for csv in &csvs {
                let out = run(&path, &["import", csv.to_str().unwrap()])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "import: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                std::thread::sleep(std::time::Duration::from_millis(30));
            }
            done.store(true, Ordering::SeqCst);
        })
    };
    let checkpointer = {
        let (done, path) = (done.clone(), path.clone());
        std::thread::spawn(move || {
            for _ in 0..20_000 {
                if done.load(Ordering::SeqCst) {
                    break;
                }
                if common::sibling(&path, "-wal").exists() {
                    if let Ok(c) = Connection::open(&path) {
                        let _ = c.busy_timeout(std::time::Duration::from_millis(20));
                        let _ = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
        })
    };
    let mut failures = Vec::new();
    let mut reads = 0;
    // Readers until the imports end (bounded: at most 400 of each).
    for _ in 0..400 {
        let last = done.load(Ordering::SeqCst);
        for args in [&["doctor"][..], &["export", "--format", "ics"][..]] {
            let out = run(&path, args).output().unwrap();
            reads += 1;
            let said = String::from_utf8_lossy(&out.stderr).into_owned()
                + &String::from_utf8_lossy(&out.stdout);
            let corrupt = [
                "malformed",
                "missing from index",
                "wrong # of entries",
                "corrupt",
            ]
            .iter()
            .any(|w| said.contains(w));
            if corrupt || !out.status.success() {
                failures.push(format!("{args:?}: {said}"));
            }
        }
        if last {
            break;
        }
    }
    importer.join().unwrap();
    checkpointer.join().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {reads} reads failed: {failures:#?}",
        failures.len()
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let calls: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM screens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(calls, 20_004 + 8 * 1500, "every import landed");
}
