//! Privacy (issue 6, item 6): the database, its -wal/-shm and every export
//! are created readable by the user only (0600, the data directory 0700)
//! even under the usual umask 022; no candidate data reaches the log, even
//! at `-vv`; and `callsheet doctor` reports path, schema, integrity,
//! permissions and sizes without changing anything.

#![cfg(target_os = "linux")]

mod common;

use callsheet::store::{migrations, Store};
use common::{command_in, output_of, run_in, seeded, sibling, Run};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const NOW: &str = "2026-11-23T09:40:00Z";

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The binary with `args`, the fixed clock and zone, under umask 022.
fn run(home: &Path, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;
    let mut c = command_in(home);
    c.args(["--now", NOW, "--tz", common::ZONE]).args(args);
    // SAFETY: umask is async-signal-safe and cannot fail.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0o022);
            Ok(())
        });
    }
    output_of(&mut c)
}

fn ok(what: &str, r: Run) -> Run {
    assert_eq!(r.code, 0, "{what}: {}", r.stderr);
    r
}

#[test]
fn the_database_its_wal_and_shm_exports_and_the_data_dir_are_private_under_umask_022() {
    // SAFETY: umask cannot fail; this test binary's other tests make
    // their own files under whatever umask is in force.
    unsafe { libc::umask(0o022) };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let csv = h.join("day.csv");
    std::fs::write(&csv, common::DAY_CSV).unwrap();
    // The default place, so the data directory is made too.
    ok("import", run(h, &["import", csv.to_str().unwrap()]));
    let data = h.join("xdg/callsheet");
    let db = data.join("callsheet.sqlite3");
    assert_eq!(mode(&data), 0o700, "data directory");
    assert_eq!(mode(&db), 0o600, "database");

    // While it is open, as when the app runs: the -wal and -shm.
    let store = Store::open(&db).unwrap();
    store.integrity_check().unwrap();
    for suffix in ["-wal", "-shm"] {
        assert_eq!(mode(&sibling(&db, suffix)), 0o600, "{suffix}");
    }
    // An open writer is no reason for doctor to fail or to write.
    let before = std::fs::read(&db).unwrap();
    let r = ok("doctor", run(h, &["doctor", "--json"]));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["healthy"], true, "{}", r.stdout);
    assert_eq!(v["files"][1]["mode"], "0600", "{}", r.stdout);
    assert_eq!(v["files"][2]["mode"], "0600", "{}", r.stdout);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    drop(store);

    for (args, file) in [
        (["export", "--csv", "--day", "2026-11-23"], "log.csv"),
        (["export", "--ics", "--day", "2026-11-23"], "day.ics"),
        (["export", "--csv", "--callbacks", "-q"], "queue.csv"),
    ] {
        let out = h.join(file);
        let mut all = args.to_vec();
        all.extend(["-o", out.to_str().unwrap()]);
        ok("export", run(h, &all));
        assert_eq!(mode(&out), 0o600, "{file}");
    }
    ok("demo", run(h, &["demo", "--no-tui"]));
    assert_eq!(mode(&data.join("demo.sqlite3")), 0o600, "demo database");
}

#[test]
fn doctor_reports_a_healthy_database() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = h.join("data");
    std::fs::create_dir(&dir).unwrap();
    let (db, store) = seeded(&dir);
    drop(store);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let db_arg = db.to_str().unwrap();

    let text = ok("doctor", run(h, &["--db", db_arg, "doctor"])).stdout;
    for needle in [
        format!("database   {db_arg}"),
        format!("schema     {0} (this callsheet: {0})", migrations::latest()),
        "integrity  ok".into(),
        "journal    wal".into(),
        "file       0600".into(),
        "directory  0700".into(),
        "4 candidates, 4 calls, 0 attempts".into(),
        format!(
            "config     {}",
            h.join("xdg-config/callsheet/config.toml").display()
        ),
        format!("log        {}", h.join("xdg-state/callsheet").display()),
        "problems   none".into(),
    ] {
        assert!(text.contains(&needle), "{needle:?} missing:\n{text}");
    }
    let v: Value = serde_json::from_str(
        &ok(
            "doctor --json",
            run(h, &["--db", db_arg, "doctor", "--json"]),
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(v["healthy"], true);
    assert_eq!(v["schema_version"], migrations::latest());
    assert_eq!(v["schema_expected"], migrations::latest());
    assert_eq!(v["integrity"], "ok");
    assert_eq!(v["journal_mode"], "wal");
    assert_eq!(v["rows"]["calls"], 4);
    assert_eq!(
        v["files"][0]["bytes"],
        std::fs::metadata(&db).unwrap().len()
    );
    assert_eq!(v["files"][1]["exists"], false);
    assert_eq!(v["problems"], Value::Array(vec![]));
}

#[test]
fn doctor_flags_files_others_can_read_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (db, store) = seeded(h);
    drop(store);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(h, std::fs::Permissions::from_mode(0o755)).unwrap();
    let before = std::fs::read(&db).unwrap();

    let r = run(h, &["--db", db.to_str().unwrap(), "doctor"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(
        r.stderr,
        "callsheet: doctor found 2 problems (listed above)\n"
    );
    assert!(
        r.stdout.contains("(mode 644); chmod 600") && r.stdout.contains("(mode 755); chmod 700"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("integrity  ok"), "{}", r.stdout);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!sibling(&db, "-wal").exists() && !sibling(&db, "-shm").exists());
    assert_eq!(mode(&db), 0o644, "doctor reports; it does not chmod");
}

/// A candidate whose every detail is distinctive (and hostile: escapes,
/// quotes), put through every command at `-vv`, including ones that fail
/// quoting the data: none of it may reach the log.
#[test]
fn no_candidate_data_reaches_the_log_even_at_vv() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("cs.sqlite3");
    let db_arg = db.to_str().unwrap();
    let name = "Qzx\u{1b}[2J\u{1b}]52;c;Q0FOQVJZ\u{7}\"Canaryname\" O'Vrr";
    let csv = h.join("in.csv");
    std::fs::write(
        &csv,
        format!(
            "start,candidate,phone,email,role,notes\n\
             2026-11-23 09:00,\"{name}\",+44 7700 555019,canary@mail.example,Roleblue,Notecanary\n"
        ),
    )
    .unwrap();
    let bad = h.join("bad.csv");
    std::fs::write(
        &bad,
        "start,candidate,phone\nnot a date,Badrowcanary,+44 7700 555018\n",
    )
    .unwrap();
    let vv = |args: &[&str]| {
        let mut all = vec!["-vv", "--db", db_arg, "--now", NOW, "--tz", common::ZONE];
        all.extend_from_slice(args);
        run_in(h, &all)
    };
    ok("import", vv(&["import", csv.to_str().unwrap()]));
    let day: Value = serde_json::from_str(&ok("day", vv(&["day", "--json"])).stdout).unwrap();
    let (call, cand) = (
        day[0]["id"].to_string(),
        day[0]["candidate"]["id"].to_string(),
    );
    ok(
        "mark",
        vv(&["mark", &call, "voicemail", "--note", "Markcanary 95k"]),
    );
    ok(
        "promise",
        vv(&["promise", &cand, "Promisecanary", "--by", "+3d"]),
    );
    ok("dnc", vv(&["dnc", &cand, "--reason", "Dnccanary"]));
    ok("stage", vv(&["stage", &cand, "submitted"]));
    for args in [
        vec!["callbacks", "--json"],
        vec!["promises"],
        vec!["owed", "--json"],
        vec!["export", "--csv", "--day", "2026-11-23"],
        vec!["doctor"],
    ] {
        vv(&args);
    }
    assert_eq!(vv(&["import", bad.to_str().unwrap()]).code, 1);
    assert_eq!(vv(&["mark", "999", "answered"]).code, 1);

    let mut log = String::new();
    let dir = h.join("xdg-state");
    let files = callsheet::logging::files(&dir.join("callsheet"));
    assert!(!files.is_empty(), "no log written");
    assert_eq!(mode(&dir.join("callsheet")), 0o700, "the log directory");
    for f in files {
        log.push_str(&String::from_utf8_lossy(&std::fs::read(f).unwrap()));
    }
    assert!(log.contains("command=\"mark\""), "{log}");
    for secret in [
        "Qzx",
        "Canaryname",
        "Vrr",
        "Q0FOQVJZ",
        "\u{1b}",
        "555019",
        "555018",
        "canary@",
        "Roleblue",
        "Notecanary",
        "Markcanary",
        "95k",
        "Promisecanary",
        "Dnccanary",
        "Badrowcanary",
    ] {
        assert!(
            !log.contains(secret),
            "{secret:?} leaked into the log:\n{log}"
        );
    }
}

/// Issue 14, item 9: the log file is the user's only, like the directory
/// it sits in, even under umask 000 (it was 0666 there, 0644 under 022);
/// a file an older callsheet left 0644 is made private when next written.
#[test]
fn log_files_are_0600_even_under_umask_000() {
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let csv = h.join("day.csv");
    std::fs::write(&csv, common::DAY_CSV).unwrap();
    let db = h.join("cs.sqlite3");
    let import = |h: &Path| {
        let mut c = command_in(h);
        c.args(["--now", NOW, "--tz", common::ZONE, "--db"])
            .arg(&db)
            .arg("import")
            .arg(&csv);
        // SAFETY: umask is async-signal-safe and cannot fail.
        unsafe {
            c.pre_exec(|| {
                libc::umask(0);
                Ok(())
            });
        }
        ok("import", output_of(&mut c))
    };
    import(h);
    let dir = h.join("xdg-state/callsheet");
    let files = callsheet::logging::files(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&dir), 0o700, "the log directory");
    assert_eq!(mode(&files[0]), 0o600, "{}", files[0].display());

    std::fs::set_permissions(&files[0], std::fs::Permissions::from_mode(0o644)).unwrap();
    import(h);
    assert_eq!(mode(&files[0]), 0o600, "an existing 0644 log");
}
