//! Crash safety (issue 6, item 1): the real binary is killed with SIGKILL
//! at random points while it marks calls or imports a file, and after
//! every kill the database must pass `PRAGMA integrity_check`, hold every
//! mark whose command said "marked", hold no half-written mark, and hold
//! either the whole imported file or none of it.
//!
//! Knobs (environment): `CALLSHEET_CRASH_KILLS` (mark kills, default 200),
//! `CALLSHEET_CRASH_IMPORT_KILLS` (default 100), `CALLSHEET_CRASH_SEED`
//! (the RNG seed for the kill delays; printed with every failure, so a
//! failing run can be replayed). `cargo test --test crash -- --nocapture`
//! prints the counts and times that docs/reliability.md quotes.

#![cfg(target_os = "linux")]

mod common;

use callsheet::store::Store;
use common::{many_calls_csv, sandboxed, scheduled_ids, sibling};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T09:40:00Z";
/// Calls each mark round is given to mark before its kill.
const PER_ROUND: usize = 8;
const ZONE: &str = "Europe/London";

fn knob(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    knob(
        "CALLSHEET_CRASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    )
}

/// `sh -c script` with `args` and the binary as `$CS_BIN`, on `db`, in
/// its own process group with stdout piped: the group is what gets
/// killed, so a shell loop dies with the mark it runs.
fn spawn(home: &Path, db: &Path, script: &str, args: &[String]) -> Child {
    let mut sh = Command::new("sh");
    sandboxed(&mut sh, home)
        .arg("-c")
        .arg(script)
        .arg("sh")
        .args(args)
        .env("CALLSHEET_DB", db)
        .env("CALLSHEET_NOW", NOW)
        .env("CALLSHEET_TZ", ZONE)
        .env("CS_BIN", common::BIN)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sh")
}

/// SIGKILL to the whole group, then what it printed before dying.
fn kill(mut child: Child) -> (String, String) {
    // SAFETY: kill(2) with a negative pid signals the process group the
    // child leads (process_group(0) made its pid the group id).
    unsafe {
        libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
    }
    let _ = child.wait();
    let (mut out, mut err) = (String::new(), String::new());
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_string(&mut out);
    }
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_string(&mut err);
    }
    (out, err)
}

/// Waits for the child to finish on its own; its exit code and output.
fn finish(child: Child) -> (i32, String, String) {
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn import(home: &Path, db: &Path, csv: &Path) {
    let (code, _, err) = finish(spawn(
        home,
        db,
        "exec \"$CS_BIN\" import \"$1\"",
        &[csv.display().to_string()],
    ));
    assert_eq!(code, 0, "import: {err}");
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What must hold after every kill: SQLite's own check passes, and no mark
/// is half there (a voicemail always has its attempt and its callback; an
/// attempt or callback always belongs to a marked call).
fn check_whole(conn: &Connection, seed: u64, round: u64) {
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "seed {seed}, kill {round}");
    let torn = [
        (
            "voicemail without its attempt",
            "SELECT count(*) FROM screens s WHERE s.outcome = 'voicemail' AND NOT EXISTS \
             (SELECT 1 FROM attempts a WHERE a.id = s.mark_attempt_id AND a.screen_id = s.id)",
        ),
        (
            "voicemail without its callback",
            "SELECT count(*) FROM screens s WHERE s.outcome = 'voicemail' AND NOT EXISTS \
             (SELECT 1 FROM callbacks c WHERE c.id = s.mark_callback_id)",
        ),
        (
            "attempt on an unmarked call",
            "SELECT count(*) FROM attempts a JOIN screens s ON s.id = a.screen_id \
             WHERE s.outcome = 'scheduled'",
        ),
        (
            "callback from no mark",
            "SELECT count(*) FROM callbacks c WHERE NOT EXISTS \
             (SELECT 1 FROM screens s WHERE s.mark_callback_id = c.id)",
        ),
    ];
    for (what, sql) in torn {
        assert_eq!(count(conn, sql), 0, "{what}; seed {seed}, kill {round}");
    }
}

/// How long one whole run of `script` takes here, the median of three:
/// the kill delays are drawn from a few times that.
fn time_of(mut run: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    t.sort();
    t[1]
}

/// `callsheet mark ID voicemail` in a shell loop over the calls still
/// unmarked, killed after a random delay of up to three marks' time, so the
/// kills land before, inside and after transactions and commits.
#[test]
fn marks_killed_at_random_points_lose_nothing_reported_and_tear_nothing() {
    let kills = knob("CALLSHEET_CRASH_KILLS", 200);
    let seed = seed();
    let mut rng = fastrand::Rng::with_seed(seed);
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("crash.sqlite3");
    let csv = home.path().join("calls.csv");
    // Enough calls for every round to mark all eight it is given, however
    // fast the machine is at the time.
    std::fs::write(
        &csv,
        many_calls_csv(kills as usize * PER_ROUND + 16, "2026-11-02", "Crash"),
    )
    .unwrap();
    import(home.path(), &db, &csv);

    let script = "for id in \"$@\"; do \"$CS_BIN\" mark \"$id\" voicemail || exit 3; done";
    let mut pending = {
        let conn = Connection::open(&db).unwrap();
        scheduled_ids(&conn)
    };
    let one_mark = time_of(|| {
        let id = pending.pop().unwrap();
        let (code, _, err) = finish(spawn(home.path(), &db, script, &[id.to_string()]));
        assert_eq!(code, 0, "{err}");
    });

    let started = Instant::now();
    let mut reported: BTreeSet<i64> = BTreeSet::new();
    let mut unreported = 0usize;
    for round in 0..kills {
        let conn = Connection::open(&db).unwrap();
        let before = scheduled_ids(&conn);
        drop(conn);
        let ids: Vec<String> = before
            .iter()
            .take(PER_ROUND)
            .map(|i| i.to_string())
            .collect();
        assert!(!ids.is_empty(), "ran out of calls to mark");
        let delay = rng.u64(0..=one_mark.as_micros() as u64 * 3);
        let child = spawn(home.path(), &db, script, &ids);
        std::thread::sleep(Duration::from_micros(delay));
        let (out, err) = kill(child);
        assert!(
            err.is_empty(),
            "a mark failed before the kill (seed {seed}, kill {round}): {err}"
        );
        let said: BTreeSet<i64> = out
            .lines()
            .filter_map(|l| l.strip_prefix("marked call "))
            .map(|l| l.split(':').next().unwrap().parse().unwrap())
            .collect();
        let conn = Connection::open(&db).unwrap();
        check_whole(&conn, seed, round);
        let after: BTreeSet<i64> = scheduled_ids(&conn).into_iter().collect();
        for id in &said {
            assert!(
                !after.contains(id),
                "call {id} was reported marked but is not (seed {seed}, kill {round})"
            );
        }
        // Committed, killed before it could say so: allowed, and counted
        // to show the kills reach the commit.
        unreported += before
            .iter()
            .filter(|id| !after.contains(id) && !said.contains(id))
            .count();
        reported.extend(said);
    }
    // A last look through the app's own open and check.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    for id in &reported {
        assert!(store.call(*id).unwrap().outcome.is_marked(), "call {id}");
    }
    eprintln!(
        "crash/mark: seed {seed}: {kills} kills in {:.1} s (one mark {:.1} ms): \
         {} marks reported and present, {unreported} committed but killed before reporting, \
         integrity ok after every kill",
        started.elapsed().as_secs_f64(),
        one_mark.as_secs_f64() * 1e3,
        reported.len(),
    );
    assert!(
        reported.len() as u64 >= kills / 4,
        "too few marks got through for the test to mean anything: {} (seed {seed})",
        reported.len()
    );
}

/// `callsheet import` of a 400-row file into a database that already holds
/// a day, killed after a random delay of up to 1.3 imports' time: after
/// each kill the file is wholly in or wholly out.
#[test]
fn an_import_killed_at_random_points_is_all_in_or_all_out() {
    let kills = knob("CALLSHEET_CRASH_IMPORT_KILLS", 100);
    let seed = seed();
    let mut rng = fastrand::Rng::with_seed(seed);
    let home = tempfile::tempdir().unwrap();
    let base = home.path().join("base.sqlite3");
    let db = home.path().join("crash.sqlite3");
    let day = home.path().join("day.csv");
    let file = home.path().join("month.csv");
    const ROWS: i64 = 400;
    std::fs::write(&day, many_calls_csv(16, "2026-11-23", "Day")).unwrap();
    std::fs::write(
        &file,
        many_calls_csv(ROWS as usize, "2026-12-01", "Imported"),
    )
    .unwrap();
    import(home.path(), &base, &day);
    assert!(!sibling(&base, "-wal").exists());

    let fresh = || {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(&db, suffix));
        }
        std::fs::copy(&base, &db).unwrap();
    };
    let script = "exec \"$CS_BIN\" import \"$1\"";
    let arg = [file.display().to_string()];
    let one_import = time_of(|| {
        fresh();
        let (code, _, err) = finish(spawn(home.path(), &db, script, &arg));
        assert_eq!(code, 0, "{err}");
    });

    let started = Instant::now();
    let (mut none, mut all) = (0, 0);
    for round in 0..kills {
        fresh();
        let delay = rng.u64(0..=one_import.as_micros() as u64 * 13 / 10);
        let child = spawn(home.path(), &db, script, &arg);
        std::thread::sleep(Duration::from_micros(delay));
        let (out, err) = kill(child);
        assert!(err.is_empty(), "seed {seed}, kill {round}: {err}");
        let conn = Connection::open(&db).unwrap();
        check_whole(&conn, seed, round);
        let screens = count(&conn, "SELECT count(*) FROM screens");
        let candidates = count(&conn, "SELECT count(*) FROM candidates");
        match (screens, candidates) {
            (16, 16) => {
                assert!(out.is_empty(), "reported but not in (seed {seed}): {out}");
                none += 1;
            }
            (s, c) if s == 16 + ROWS && c == 16 + ROWS => all += 1,
            (s, c) => {
                panic!("half an import: {s} calls, {c} candidates (seed {seed}, kill {round})")
            }
        }
    }
    eprintln!(
        "crash/import: seed {seed}: {kills} kills in {:.1} s (one import of {ROWS} rows {:.0} ms): \
         {none} with none of the file, {all} with all of it, integrity ok after every kill",
        started.elapsed().as_secs_f64(),
        one_import.as_secs_f64() * 1e3,
    );
    if kills >= 20 {
        assert!(
            none > 0 && all > 0,
            "the kills never landed on one side of the commit (seed {seed}): {none} none, {all} all"
        );
    }
}

/// A schema-1 database of 3,000 candidates and calls, as an old callsheet
/// left it (rollback journal, never opened by this build).
fn schema_one(path: &Path) {
    use callsheet::store::{migrations, APPLICATION_ID};
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch(migrations::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    let tx = conn.transaction().unwrap();
    for i in 0..3000i64 {
        tx.execute(
            "INSERT INTO candidates (name, phone, phone_key, created_at) VALUES (?1, ?2, ?3, 0)",
            (
                format!("Old {i}"),
                format!("+44 7700 {i:06}"),
                format!("447700{i:06}"),
            ),
        )
        .unwrap();
        tx.execute(
            "INSERT INTO screens (candidate_id, start_utc, created_at) VALUES (?1, ?2, 0)",
            (i + 1, 1_795_000_000 + i * 1800),
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// The first run of this build on an old database upgrades it (every
/// migration in one transaction); `callsheet day` killed at random points
/// of that upgrade leaves the old schema or the new one, never a mix, and
/// every row either way.
#[test]
fn an_upgrade_killed_at_random_points_is_all_old_or_all_new() {
    use callsheet::store::migrations;
    let kills = knob("CALLSHEET_CRASH_UPGRADE_KILLS", 40);
    let seed = seed();
    let mut rng = fastrand::Rng::with_seed(seed);
    let home = tempfile::tempdir().unwrap();
    let base = home.path().join("old.sqlite3");
    let db = home.path().join("crash.sqlite3");
    schema_one(&base);
    let old_tables = count(
        &Connection::open(&base).unwrap(),
        "SELECT count(*) FROM sqlite_schema",
    );
    let fresh = || {
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(sibling(&db, suffix));
        }
        std::fs::copy(&base, &db).unwrap();
    };
    let script = "exec \"$CS_BIN\" day";
    let one_upgrade = time_of(|| {
        fresh();
        let (code, _, err) = finish(spawn(home.path(), &db, script, &[]));
        assert_eq!(code, 0, "{err}");
    });

    let started = Instant::now();
    let (mut old, mut new) = (0, 0);
    for round in 0..kills {
        fresh();
        // Up to twice the calibrated upgrade: under load (CI runs test
        // binaries side by side) an upgrade takes longer than the one
        // measured, and every kill would land before the commit.
        let delay = rng.u64(0..=one_upgrade.as_micros() as u64 * 2);
        let child = spawn(home.path(), &db, script, &[]);
        std::thread::sleep(Duration::from_micros(delay));
        let (_, err) = kill(child);
        assert!(err.is_empty(), "seed {seed}, kill {round}: {err}");
        let conn = Connection::open(&db).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "seed {seed}, kill {round}");
        let version = count(&conn, "PRAGMA user_version");
        let tables = count(&conn, "SELECT count(*) FROM sqlite_schema");
        match version {
            1 => {
                assert_eq!(tables, old_tables, "half an upgrade (seed {seed})");
                old += 1;
            }
            v if v == migrations::latest() => new += 1,
            v => panic!("stopped at schema {v} (seed {seed}, kill {round})"),
        }
        assert_eq!(count(&conn, "SELECT count(*) FROM candidates"), 3000);
        assert_eq!(count(&conn, "SELECT count(*) FROM screens"), 3000);
        drop(conn);
        // And the next run finishes the job.
        if version == 1 && round % 8 == 0 {
            let store = Store::open(&db).unwrap();
            assert_eq!(store.schema_version().unwrap(), migrations::latest());
        }
    }
    eprintln!(
        "crash/upgrade: seed {seed}: {kills} kills in {:.1} s (one upgrade of 3,000 calls {:.0} ms): \
         {old} left at schema 1, {new} at schema {}, integrity ok after every kill",
        started.elapsed().as_secs_f64(),
        one_upgrade.as_secs_f64() * 1e3,
        migrations::latest()
    );
    if kills >= 20 {
        assert!(
            old > 0 && new > 0,
            "the kills never landed on one side of the commit (seed {seed}): {old} old, {new} new"
        );
    }
}
