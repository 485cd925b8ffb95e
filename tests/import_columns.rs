//! Real exports' columns through the binary (#15): a New York recruiter
//! imports rows written in each candidate's local time.

mod common;

use std::path::Path;

/// Six rows, each in its candidate's own local time, and the UTC each
/// really is (worked out by hand: 6 July 2026, all zones on summer time
/// where they have one; Kolkata +05:30, Tokyo +09:00, São Paulo -03:00).
const ROWS: [(&str, &str, &str, &str); 6] = [
    (
        "Ana Souza",
        "America/Sao_Paulo",
        "2026-07-06 10:00",
        "2026-07-06T13:00:00Z",
    ),
    (
        "Priya Nair",
        "Asia/Kolkata",
        "2026-07-06 19:30",
        "2026-07-06T14:00:00Z",
    ),
    (
        "Kenji Sato",
        "Asia/Tokyo",
        "2026-07-07 00:30",
        "2026-07-06T15:30:00Z",
    ),
    (
        "Léa Dubois",
        "Europe/Paris",
        "2026-07-06 17:00",
        "2026-07-06T15:00:00Z",
    ),
    (
        "Sam Okafor",
        "America/Chicago",
        "2026-07-06 09:00",
        "2026-07-06T14:00:00Z",
    ),
    (
        "Jo Park",
        "America/New_York",
        "2026-07-06 11:30",
        "2026-07-06T15:30:00Z",
    ),
];

fn write_csv(dir: &Path) -> String {
    let mut s = String::from("Full name,Phone number,Start time,Duration (min),Time zone\n");
    for (i, (name, tz, local, _)) in ROWS.iter().enumerate() {
        s.push_str(&format!("{name},+1 212 555 01{i:02},{local},30,{tz}\n"));
    }
    let p = dir.join("ats.csv");
    std::fs::write(&p, s).unwrap();
    p.display().to_string()
}

fn starts(db: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT c.name, s.start_utc FROM screens s JOIN candidates c ON c.id = s.candidate_id ORDER BY c.name")
        .unwrap();
    st.query_map([], |r| {
        let secs: i64 = r.get(1)?;
        Ok((
            r.get::<_, String>(0)?,
            chrono::DateTime::from_timestamp(secs, 0)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> common::Run {
    let mut all = vec![
        "--db",
        db.to_str().unwrap(),
        "--now",
        "2026-07-01T12:00:00Z",
        "--tz",
        "America/New_York",
    ];
    all.extend_from_slice(args);
    common::run_in(dir, &all)
}

#[test]
fn new_york_recruiter_with_times_in_candidate_gets_every_call_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let csv = write_csv(dir.path());
    let r = run(
        dir.path(),
        &db,
        &["import", "--times-in", "candidate", &csv],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("6 added"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("read in each row's own timezone (--times-in candidate)"),
        "{}",
        r.stdout
    );
    let mut want: Vec<(String, String)> = ROWS
        .iter()
        .map(|(n, _, _, utc)| (n.to_string(), utc.to_string()))
        .collect();
    want.sort();
    assert_eq!(starts(&db), want);
}

#[test]
fn without_times_in_the_summary_says_the_recruiters_zone_was_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let csv = write_csv(dir.path());
    let r = run(dir.path(), &db, &["import", "--dry-run", &csv]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("times without an offset were read in America/New_York, your zone (--times-in candidate reads each row in its own timezone column)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_history_import_keeps_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let p = dir.path().join("history.csv");
    std::fs::write(
        &p,
        "name,phone,start,outcome\nAna,+1 212 555 0100,2026-06-01 09:00,answered\nBo,+1 212 555 0101,2026-06-01 09:30,no-show\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &db,
        &["import", p.to_str().unwrap(), "--map", "x=ignore"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let got: Vec<(String, i64)> = conn
        .prepare("SELECT s.outcome, (SELECT count(*) FROM attempts a WHERE a.screen_id = s.id) FROM screens s ORDER BY start_utc")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        got,
        vec![("answered".to_string(), 1), ("no-show".to_string(), 1)]
    );
    let bad = run(
        dir.path(),
        &db,
        &["import", p.to_str().unwrap(), "--map", "x=nothing"],
    );
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("'nothing' is not a field"),
        "{}",
        bad.stderr
    );
}
