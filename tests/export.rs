//! `callsheet export`: iCalendar with DTSTAMP and a SEQUENCE that rises
//! when a call changes, the CSV call log (one row per attempt), the
//! --ics/--csv/--format flags, inclusive --from/--to and private files.

use callsheet::domain::Outcome;
use callsheet::import::export::{calls_ics_with_sequence, log_csv};
use callsheet::import::ics::Options;
use callsheet::import::{read_calendar, Context};
use callsheet::store::Store;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::process::Command;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics")
        .join(name)
}

fn import(store: &Store, name: &str) {
    let ctx = Context {
        zone: chrono_tz::Europe::London,
        slot_minutes: 30,
    };
    let opts = Options {
        from: at("2026-01-01T00:00:00Z"),
        to: at("2027-01-01T00:00:00Z"),
        screen_words: None,
        ..Options::around(chrono::DateTime::UNIX_EPOCH)
    };
    let cal = read_calendar(&[fixture(name)], &ctx, &opts).unwrap();
    store
        .import_calendar(&cal, at("2026-03-01T12:00:00Z"), false)
        .unwrap();
}

/// The SEQUENCE line of the event with this UID.
fn sequence_of(ics: &str, uid: &str) -> u32 {
    let event = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:{uid}\r\n")))
        .unwrap_or_else(|| panic!("no {uid} in {ics}"));
    let line = event
        .lines()
        .find_map(|l| l.strip_prefix("SEQUENCE:"))
        .unwrap_or_else(|| panic!("no SEQUENCE in {event}"));
    line.trim().parse().unwrap()
}

fn export_year(store: &Store) -> String {
    let (from, to) = (at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
    let calls = store.calls_between(from, to).unwrap();
    let seq = store.call_sequences(from, to).unwrap();
    calls_ics_with_sequence(&calls, &seq, at("2026-03-02T08:00:00Z"))
}

#[test]
fn sequence_rises_when_a_call_moves_or_is_marked_and_not_otherwise() {
    let store = Store::open_in_memory().unwrap();
    import(&store, "google.ics");
    let ana = store
        .calls_between(at("2026-03-10T00:00:00Z"), at("2026-03-11T00:00:00Z"))
        .unwrap()[0]
        .id;
    let uid = format!("call-{ana}@callsheet");
    let first = export_year(&store);
    assert!(first.contains("DTSTAMP:20260302T080000Z\r\n"), "{first}");
    assert_eq!(sequence_of(&first, &uid), 0);

    // Importing the same file again changes nothing, so neither does SEQUENCE.
    import(&store, "google.ics");
    assert_eq!(sequence_of(&export_year(&store), &uid), 0);

    // The event moved in the calendar: the screen moves, SEQUENCE rises.
    import(&store, "google-moved.ics");
    let moved = export_year(&store);
    assert_eq!(sequence_of(&moved, &uid), 1);

    // Marking it is a change too; every export after says so the same way.
    let rules = callsheet::config::Settings::with_zone(chrono_tz::Europe::London).rules;
    store
        .mark(ana, Outcome::Voicemail, at("2026-03-10T14:10:00Z"), &rules)
        .unwrap();
    assert_eq!(sequence_of(&export_year(&store), &uid), 2);
    assert_eq!(sequence_of(&export_year(&store), &uid), 2);
}

#[test]
fn csv_call_log_has_one_row_per_attempt_with_the_calls_note() {
    let store = Store::open_in_memory().unwrap();
    import(&store, "google.ics");
    let ana = store
        .calls_between(at("2026-03-10T00:00:00Z"), at("2026-03-11T00:00:00Z"))
        .unwrap()[0]
        .id;
    let rules = callsheet::config::Settings::with_zone(chrono_tz::Europe::London).rules;
    store
        .mark_with_note(
            ana,
            Outcome::Voicemail,
            Some("=HYPERLINK(\"x\") left a message"),
            at("2026-03-10T13:05:00Z"),
            &rules,
        )
        .unwrap();
    let mut log = Vec::new();
    store
        .export_log(
            at("2026-03-10T00:00:00Z"),
            at("2026-03-11T00:00:00Z"),
            |r| {
                log.push(r.clone());
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    let csv = log_csv(&log, chrono_tz::America::New_York).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "time_utc,local,event,call_id,candidate_id,candidate,phone,scheduled_utc,\
         scheduled_local,outcome,direction,result,late_minutes,changed_by,notice,\
         moved_to_utc,moved_to_local,reason,note"
    );
    let prefix = format!(
        "2026-03-10T13:05:00Z,2026-03-10 09:05,mark,{ana},{},Ana Souza,'+1 212 555 0143,",
        log[0].candidate.id
    );
    assert!(lines[1].starts_with(&prefix), "{}", lines[1]);
    assert!(
        lines[1].contains(",voicemail,outbound,voicemail-left,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(",\"'=HYPERLINK(\"\"x\"\") left a message\""),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 2);
}

fn run(db: &Path, home: &Path, args: &[&str]) -> (bool, String, String) {
    run_at(db, home, "2026-03-01T12:00:00Z", args)
}

fn run_at(db: &Path, home: &Path, now: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_callsheet"))
        .args(args)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--now",
            now,
            "--tz",
            "Europe/London",
        ])
        .env("HOME", home)
        .env_remove("CALLSHEET_DB")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_export_flags_ranges_and_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let ok = |args: &[&str]| {
        let (ok, out, err) = run(&db, dir.path(), args);
        assert!(ok, "{args:?}: {out}{err}");
        out
    };
    let google = fixture("google.ics");
    ok(&["import", google.to_str().unwrap(), "--to", "2026-12-31"]);

    // Ana is 2026-03-10, Bruno in October: an inclusive range holds both
    // ends, a day holds only its own.
    let both = ok(&[
        "export",
        "--ics",
        "--from",
        "2026-03-10",
        "--to",
        "2026-10-31",
    ]);
    assert_eq!(both.matches("BEGIN:VEVENT").count(), 2, "{both}");
    assert!(both.contains("SEQUENCE:0\r\n"), "{both}");
    assert!(both.contains("DTSTAMP:20260301T120000Z\r\n"), "{both}");
    let day = ok(&["export", "--ics", "--day", "2026-03-10"]);
    assert_eq!(day.matches("BEGIN:VEVENT").count(), 1, "{day}");
    let to_only = ok(&["export", "--ics", "--to", "2026-03-10"]);
    assert_eq!(to_only, day);
    // --format stays as the long form of --ics/--csv.
    let alias = ok(&["export", "--format", "ics", "--day", "2026-03-10"]);
    assert_eq!(alias, day);

    let (good, _, err) = run(
        &db,
        dir.path(),
        &[
            "export",
            "--csv",
            "--from",
            "2026-03-11",
            "--to",
            "2026-03-10",
        ],
    );
    assert!(!good && err.contains("after"), "{err}");
    let (good, _, _) = run(
        &db,
        dir.path(),
        &[
            "export",
            "--ics",
            "--day",
            "2026-03-10",
            "--from",
            "2026-03-10",
        ],
    );
    assert!(!good, "--day and --from together are refused");
    let (good, _, _) = run(&db, dir.path(), &["export", "--ics", "--csv"]);
    assert!(!good, "one format at a time");
    let (good, _, _) = run(&db, dir.path(), &["export"]);
    assert!(!good, "a format is required");

    // A mark writes an attempt: the CSV log has its row, to a 0600 file.
    let id = ok(&["day", "--date", "2026-03-10", "--json"]);
    let id: serde_json::Value = serde_json::from_str(&id).unwrap();
    let id = find_id(&id).expect("a call id in the day's JSON");
    let (marked, out, err) = run_at(
        &db,
        dir.path(),
        "2026-03-10T13:20:00Z",
        &[
            "mark",
            &id.to_string(),
            "no-show",
            "--note",
            "did not pick up",
        ],
    );
    assert!(marked, "{out}{err}");
    let out = dir.path().join("log.csv");
    std::fs::write(&out, "old").unwrap();
    ok(&[
        "export",
        "--csv",
        "--day",
        "2026-03-10",
        "-o",
        out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    // The example row in docs/export.md: a no-show, told apart from a
    // missed dial by `mark` and its outcome.
    assert_eq!(
        lines[1],
        "2026-03-10T13:20:00Z,2026-03-10 13:20,mark,1,1,Ana Souza,'+1 212 555 0143,\
         2026-03-10T13:00:00Z,2026-03-10 13:00,no-show,outbound,no-answer,,,,,,,did not pick up"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The mark changed the call: its SEQUENCE is now 1.
    let after = ok(&["export", "--ics", "--day", "2026-03-10"]);
    assert!(after.contains("SEQUENCE:1\r\n"), "{after}");
}

/// The first `"id"` number in a call list's JSON, wherever it nests.
fn find_id(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Array(a) => a.iter().find_map(find_id),
        serde_json::Value::Object(o) => o
            .get("id")
            .and_then(|i| i.as_i64())
            .or_else(|| o.values().find_map(find_id)),
        _ => None,
    }
}
