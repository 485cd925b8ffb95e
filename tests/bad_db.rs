//! Bad databases (issue 6, item 3): a file that is not a database, a
//! truncated one, a corrupted one, one from a newer schema, a read-only
//! file, a read-only directory, a directory that cannot be made, and a
//! full disk or a write error. For each, the app's start (with and without
//! `--exit-after-first-frame`), `mark` and `import` print one clear line
//! on stderr, exit non-zero, never panic, and leave the file byte for byte
//! as it was with no `-wal`/`-shm` left behind; `day` does the same, or,
//! where it can read without writing (a read-only file or directory, a
//! full disk), prints the day and still changes nothing. `doctor`
//! reports each problem (exit 1) or a healthy file (exit 0), changing
//! nothing either.
//!
//! Permissions mean nothing to root, and CI runs as root: then the binary
//! runs as `nobody` (uid/gid 65534), to whom the files belong. The full
//! disk is a 2 MiB tmpfs, filled up, where mounting is allowed (root);
//! every run also gets the write errors of `RLIMIT_FSIZE` (4 KiB: real
//! `EFBIG` from the kernel, on the database, its -wal/-shm and the log).

#![cfg(target_os = "linux")]

mod common;

use callsheet::store::migrations;
use common::{many_calls_csv, run_in, sandboxed, sibling, Run};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOW: &str = "2026-11-23T09:40:00Z";
const NOBODY: u32 = 65534;

fn root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Every file in `dir` (recursively) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// What a command may do with a bad database.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    /// One line on stderr, exit 1.
    Refused,
    /// Prints the day, exit 0 (reading needs no write).
    Reads,
    /// `doctor`: the report on stdout; exit 0 with "problems none", or
    /// exit 1 with the problems listed and one line on stderr.
    Reports { healthy: bool },
}

/// One bad database: where it is, the directory whose files must not
/// change, and how to limit the run (full disk by rlimit).
struct Case {
    name: &'static str,
    db: PathBuf,
    watch: PathBuf,
    fsize_limit: Option<u64>,
    day: Expect,
}

/// The home every run uses (config, log) and the place cases are built.
struct Home {
    dir: tempfile::TempDir,
    csv: PathBuf,
    /// The binary, where nobody can run it.
    bin: PathBuf,
}

impl Home {
    fn new() -> Home {
        // As root the runs are nobody's, who must reach the files and the
        // binary: so /tmp (whatever TMPDIR says), and the binary linked
        // (or copied) in, since the checkout may sit under a private
        // directory such as /root.
        let dir = if root() {
            tempfile::tempdir_in("/tmp").unwrap()
        } else {
            tempfile::tempdir().unwrap()
        };
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let csv = dir.path().join("more.csv");
        std::fs::write(&csv, many_calls_csv(4, "2026-12-01", "More")).unwrap();
        let bin = dir.path().join("callsheet");
        if std::fs::hard_link(common::BIN, &bin).is_err() {
            std::fs::copy(common::BIN, &bin).unwrap();
        }
        Home { dir, csv, bin }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A new directory for a case, holding a good seeded database.
    fn good(&self, name: &str) -> (PathBuf, PathBuf) {
        let dir = self.dir(name);
        let db = dir.join("callsheet.sqlite3");
        seed(self.path(), &db);
        (dir, db)
    }

    /// A new directory for a case, private as callsheet makes its own
    /// (so `doctor` finds only what the case is about).
    fn dir(&self, name: &str) -> PathBuf {
        let dir = self.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        dir
    }

    /// Hands everything to nobody when running as root, but the binary:
    /// a hard link shares its owner with the build's own file.
    fn give_away(&self) {
        if root() {
            chown_all(self.path(), &self.bin);
        }
    }

    /// The binary as the owner of the files, on `db`, with the fixed clock.
    fn run(&self, case: &Case, args: &[&str]) -> Run {
        let mut c = Command::new(&self.bin);
        sandboxed(&mut c, self.path())
            .args(["--db", case.db.to_str().unwrap(), "--now", NOW])
            .args(["--tz", common::ZONE])
            .args(args);
        if root() {
            c.uid(NOBODY).gid(NOBODY);
        }
        if let Some(limit) = case.fsize_limit {
            // SAFETY: between fork and exec only async-signal-safe calls
            // (signal, setrlimit) are made.
            unsafe {
                c.pre_exec(move || {
                    // EFBIG instead of death by SIGXFSZ; both survive exec.
                    libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                    let lim = libc::rlimit {
                        rlim_cur: limit,
                        rlim_max: limit,
                    };
                    if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        common::output_of(&mut c)
    }
}

fn chown_all(p: &Path, except: &Path) {
    if p == except {
        return;
    }
    std::os::unix::fs::chown(p, Some(NOBODY), Some(NOBODY)).unwrap();
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap().flatten() {
            chown_all(&e.path(), except);
        }
    }
}

/// A database with the day in it, closed cleanly (no -wal left).
fn seed(home: &Path, db: &Path) {
    let csv = home.join("seed.csv");
    std::fs::write(&csv, many_calls_csv(40, "2026-11-20", "Seed")).unwrap();
    let r = run_in(
        home,
        &[
            "--db",
            db.to_str().unwrap(),
            "--tz",
            common::ZONE,
            "--now",
            NOW,
            "import",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "seed: {}", r.stderr);
    assert!(!sibling(db, "-wal").exists());
}

/// A tmpfs of 2 MiB (the seeded file with its identity tables and the WAL at close fit; it is filled before use) mounted on `dir`, unmounted when dropped; `None`
/// where mounting is not allowed.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path) -> Option<Mount> {
        if !root() {
            return None;
        }
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` until a write fails.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

/// Every bad database, built in `home`. The mount (if any) must outlive
/// the runs.
fn cases(home: &Home) -> (Vec<Case>, Option<Mount>) {
    let mut out = Vec::new();
    let case = |name, db: &Path, watch: &Path, day| Case {
        name,
        db: db.to_path_buf(),
        watch: watch.to_path_buf(),
        fsize_limit: None,
        day,
    };

    let dir = home.dir("not-a-database");
    let db = dir.join("callsheet.sqlite3");
    std::fs::write(&db, "start,candidate,phone\n".repeat(300)).unwrap();
    out.push(case("not a database", &db, &dir, Expect::Refused));

    let (dir, db) = home.good("truncated");
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    out.push(case("truncated", &db, &dir, Expect::Refused));

    let (dir, db) = home.good("corrupted");
    // The calls table's root page and the one after it: pages every
    // command here reads (a page picked by its place in the file may hold
    // a table that none of them touches, and corruption is caught where it
    // is read; doctor checks the whole file).
    let (root, page): (i64, i64) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'screens'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let page = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (root, page)
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let at = ((root - 1) * page) as usize;
    let end = (at + 2 * page as usize).min(bytes.len());
    for b in &mut bytes[at..end] {
        *b = 0x5a;
    }
    std::fs::write(&db, bytes).unwrap();
    out.push(case("corrupted", &db, &dir, Expect::Refused));

    let (dir, db) = home.good("newer");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", migrations::latest() + 1)
        .unwrap();
    drop(conn);
    out.push(case("newer schema", &db, &dir, Expect::Refused));

    let (dir, db) = home.good("read-only-file");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    out.push(case("read-only file", &db, &dir, Expect::Reads));

    let (dir, db) = home.good("read-only-dir");
    out.push(case("read-only directory", &db, &dir, Expect::Reads));

    let dir = home.dir("cannot-make");
    let db = dir.join("missing/callsheet.sqlite3");
    out.push(case(
        "missing directory that cannot be made",
        &db,
        &dir,
        Expect::Refused,
    ));

    let dir = home.dir("full");
    let mount = Mount::tmpfs(&dir);
    let db = dir.join("callsheet.sqlite3");
    seed(home.path(), &db);
    if mount.is_some() {
        fill(&dir);
        out.push(case("full disk (2 MiB tmpfs)", &db, &dir, Expect::Reads));
    }
    // Also where mounting works: this one reaches the log file too.
    let (dir, db) = home.good("fsize");
    out.push(Case {
        fsize_limit: Some(4096),
        ..case("write error (RLIMIT_FSIZE)", &db, &dir, Expect::Reads)
    });

    home.give_away();
    // Permissions last: giving the files away must not undo them.
    for (name, mode) in [("read-only-dir", 0o500), ("cannot-make", 0o500)] {
        std::fs::set_permissions(
            home.path().join(name),
            std::fs::Permissions::from_mode(mode),
        )
        .unwrap();
    }
    (out, mount)
}

#[test]
fn every_bad_database_gets_one_clear_line_and_is_left_as_it_was() {
    let home = Home::new();
    let (cases, _mount) = cases(&home);
    let csv = home.csv.to_str().unwrap().to_string();
    let commands: [(&str, Vec<&str>); 6] = [
        ("app", vec![]),
        ("app first frame", vec!["--exit-after-first-frame"]),
        ("day", vec!["day", "--date", "2026-11-20"]),
        ("mark", vec!["mark", "1", "voicemail"]),
        ("import", vec!["import", &csv]),
        ("doctor", vec!["doctor"]),
    ];
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    for case in &cases {
        for (command, args) in &commands {
            let before = snapshot(&case.watch);
            let r = home.run(case, args);
            let after = snapshot(&case.watch);
            let expect = match *command {
                "day" => case.day,
                "doctor" => Expect::Reports {
                    healthy: case.day == Expect::Reads,
                },
                _ => Expect::Refused,
            };
            let what = format!("{} / {command}", case.name);
            let mut wrong = Vec::new();
            if before != after {
                let names = |s: &[(PathBuf, Vec<u8>)]| {
                    s.iter()
                        .map(|(p, b)| format!("{} ({} bytes)", p.display(), b.len()))
                        .collect::<Vec<_>>()
                };
                wrong.push(format!(
                    "files changed: {:?} -> {:?}",
                    names(&before),
                    names(&after)
                ));
            }
            if r.stderr.contains("panicked") {
                wrong.push("panicked".into());
            }
            match expect {
                Expect::Refused => {
                    if r.code != 1 {
                        wrong.push(format!("exit {}", r.code));
                    }
                    if r.stderr.lines().count() != 1 || !r.stderr.starts_with("callsheet: ") {
                        wrong.push("not one line on stderr".into());
                    }
                    if !r.stdout.is_empty() {
                        wrong.push(format!("stdout: {}", r.stdout));
                    }
                    lines.push(format!("{what}: {}", r.stderr.trim_end()));
                }
                Expect::Reads => {
                    if r.code != 0 || !r.stdout.contains("Seed") {
                        wrong.push(format!("exit {}, no day printed", r.code));
                    }
                    lines.push(format!("{what}: (prints the day)"));
                }
                Expect::Reports { healthy: true } => {
                    if r.code != 0 || !r.stderr.is_empty() || !r.stdout.contains("problems   none")
                    {
                        wrong.push(format!("exit {}, not healthy: {}", r.code, r.stdout));
                    }
                    lines.push(format!("{what}: (healthy)"));
                }
                Expect::Reports { healthy: false } => {
                    let problems: Vec<&str> = r
                        .stdout
                        .lines()
                        .filter(|l| l.starts_with("problem "))
                        .collect();
                    if r.code != 1
                        || problems.is_empty()
                        || !r.stderr.starts_with("callsheet: doctor found")
                        || r.stderr.lines().count() != 1
                    {
                        wrong.push(format!("exit {}, report: {}", r.code, r.stdout));
                    }
                    lines.push(format!("{what}: {}", problems.join(" | ")));
                }
            }
            if !wrong.is_empty() {
                failures.push(format!(
                    "{what}: {}; stderr: {}",
                    wrong.join(", "),
                    r.stderr
                ));
            }
        }
    }
    eprintln!("{}", lines.join("\n"));
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A mark in the app when the disk fills up under it: the status line
/// says so, and the screen and the file are as they were. Needs a tmpfs
/// (root); elsewhere the lock-held case in `tests/two_at_once.rs` covers
/// the same path through `update`.
#[test]
fn a_mark_in_the_app_on_a_full_disk_changes_nothing_and_says_so() {
    use callsheet::app::{update::update, Action, App, StatusKind};
    use callsheet::domain::Outcome;
    let dir = tempfile::tempdir().unwrap();
    let Some(_mount) = Mount::tmpfs(dir.path()) else {
        eprintln!("no tmpfs here (not root): covered by two_at_once's held lock");
        return;
    };
    let (db, store) = common::seeded(dir.path());
    let now = common::mon("09:40");
    let mut app = App::new(common::settings(), &store, now, None).unwrap();
    let (calls, queue, sel) = (app.calls.clone(), app.queue.clone(), app.call_sel);
    let id = calls[sel.unwrap()].id;
    fill(dir.path());

    update(&mut app, &store, Action::Mark(Outcome::Voicemail), now);
    let status = app.status.as_ref().expect("a status line");
    assert_eq!(status.kind, StatusKind::Error, "{}", status.text);
    assert!(status.text.contains("full"), "{}", status.text);
    eprintln!("full disk in the app: status line {:?}", status.text);
    assert_eq!(
        (&app.calls, &app.queue, app.call_sel),
        (&calls, &queue, sel)
    );
    assert!(app.undo.is_empty());
    drop(app);
    drop(store);
    std::fs::remove_file(dir.path().join("filler")).unwrap();
    let store = callsheet::store::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.call(id).unwrap().outcome, Outcome::Scheduled);
}
