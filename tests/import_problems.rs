//! Real files in (#15): every problem of a file named at once, with its
//! line (and the event's UID for .ics); encodings and empty files get
//! their own message; nothing is written while any problem stands.

mod common;

use callsheet::import::ics::{parse, Options};
use callsheet::import::{read_calendar, Context};
use chrono::{DateTime, Utc};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn ctx() -> Context {
    Context {
        zone: chrono_tz::Europe::London,
        slot_minutes: 30,
    }
}

fn opts() -> Options {
    Options {
        from: at("2026-01-01T00:00:00Z"),
        to: at("2027-01-01T00:00:00Z"),
        ..Options::around(at("2026-03-01T12:00:00Z"))
    }
}

fn ics(events: &[&str]) -> String {
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n");
    for e in events {
        s.push_str(e);
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

fn problems(name: &str, text: &str) -> Vec<String> {
    match parse(name, text.as_bytes(), &ctx(), &opts()) {
        Ok(cal) => panic!("expected problems, read {} screens", cal.screens.len()),
        Err(e) => e.to_string().lines().map(str::to_string).collect(),
    }
}

#[test]
fn an_ics_with_several_broken_components_names_each_with_line_and_uid() {
    let good = "BEGIN:VEVENT\r\nUID:good@t\r\nDTSTART:20260310T090000Z\r\nDTEND:20260310T093000Z\r\nSUMMARY:Phone screen: Ana\r\nEND:VEVENT\r\n";
    let bad_start = "BEGIN:VEVENT\r\nUID:bad-start@t\r\nDTSTART:2026-03-10 09:00\r\nSUMMARY:Phone screen: Bea\r\nEND:VEVENT\r\n";
    let no_start = "BEGIN:VEVENT\r\nUID:no-start@t\r\nSUMMARY:Phone screen: Cy\r\nEND:VEVENT\r\n";
    let bad_tz = "BEGIN:VEVENT\r\nUID:bad-tz@t\r\nDTSTART;TZID=Mars/Olympus_Mons:20260310T090000\r\nSUMMARY:Phone screen: Di\r\nEND:VEVENT\r\n";
    let bad_duration = "BEGIN:VEVENT\r\nUID:bad-dur@t\r\nDTSTART:20260310T090000Z\r\nDURATION:soon\r\nSUMMARY:Phone screen: Ed\r\nEND:VEVENT\r\n";
    let text = ics(&[
        good,
        bad_start,
        no_start,
        good.replace("good@", "good2@").as_str(),
        bad_tz,
        bad_duration,
    ]);
    let got = problems("cal.ics", &text);
    let want = [
        ("cal.ics:12:", "bad-start@t"),
        ("cal.ics:15:", "no-start@t"),
        ("cal.ics:27:", "bad-tz@t"),
        ("cal.ics:33:", "bad-dur@t"),
    ];
    assert_eq!(got.len(), want.len() + 1, "{got:#?}");
    for ((line, uid), g) in want.iter().zip(&got) {
        assert!(g.starts_with(line), "want {line}: {g}");
        assert!(g.ends_with(&format!("(UID {uid})")), "want {uid}: {g}");
    }
    assert!(got[2].contains("Mars/Olympus_Mons"), "{}", got[2]);
    assert_eq!(
        got[4],
        "4 problems; nothing imported (fix them and import again)"
    );
}

#[test]
fn structural_problems_are_all_named_too() {
    // An END that closes nothing, and an event never ended.
    let text = "BEGIN:VCALENDAR\r\nEND:VTODO\r\nBEGIN:VEVENT\r\nUID:a@t\r\nDTSTART:20260310T090000Z\r\nBEGIN:VEVENT\r\nUID:b@t\r\n";
    let got = problems("s.ics", text);
    assert!(
        got.iter()
            .any(|l| l == "s.ics:2: END:VTODO without BEGIN:VTODO"),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|l| l.starts_with("s.ics:3: BEGIN:VEVENT is never ended")),
        "{got:#?}"
    );
}

#[test]
fn empty_and_utf16_files_get_their_own_messages() {
    for bytes in [&b""[..], b"\r\n  \n"] {
        let e = parse("empty.ics", bytes, &ctx(), &opts())
            .unwrap_err()
            .to_string();
        assert_eq!(e, "empty.ics: empty (no iCalendar data in the file)");
    }
    let e = callsheet::import::csv::parse("empty.csv", b"", &ctx())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("empty.csv:1:-: empty file"), "{e}");

    let text = ics(&["BEGIN:VEVENT\r\nUID:u@t\r\nDTSTART:20260310T090000Z\r\nSUMMARY:Phone screen: Zoë\r\nEND:VEVENT\r\n"]);
    for bom in [true, false] {
        let mut bytes: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { vec![] };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let cal = parse("wide.ics", &bytes, &ctx(), &opts()).unwrap();
        assert_eq!(cal.screens[0].candidate.name, "Zoë");
        assert_eq!(
            cal.notes,
            vec!["wide.ics: read as UTF-16 (little-endian) text"]
        );
    }
}

#[test]
fn problems_in_several_files_are_listed_together_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(&a, "start,candidate,phone\nlater,Ana,+44 20 7946 0001\n").unwrap();
    let b = dir.path().join("b.ics");
    std::fs::write(
        &b,
        ics(&["BEGIN:VEVENT\r\nUID:x@t\r\nSUMMARY:Phone screen: Bo\r\nEND:VEVENT\r\n"]),
    )
    .unwrap();
    let e = read_calendar(&[&a, &b], &ctx(), &opts())
        .unwrap_err()
        .to_string();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 3, "{e}");
    assert!(lines[0].contains("a.csv:2:start:"), "{e}");
    assert!(
        lines[1].contains("b.ics:4: VEVENT has no DTSTART (UID x@t)"),
        "{e}"
    );
}

/// The binary prints every problem on its own line, exits 1 and writes
/// nothing; `--dry-run` lists past the cap.
#[test]
fn cli_lists_every_problem_and_dry_run_lists_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let csv = dir.path().join("bad.csv");
    let mut s = String::from("start,candidate,phone\n2026-11-23 09:00,Ana,+44 20 7946 0001\n");
    for _ in 0..25 {
        s.push_str("2026-11-23 9am,Bea,+44 20 7946 0002\n");
    }
    std::fs::write(&csv, s).unwrap();
    let run = |args: &[&str]| common::run_at(dir.path(), &db, args);
    let out = run(&["import", csv.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    let err = out.stderr.clone();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 22, "{err}");
    assert!(lines[0].starts_with("callsheet: "), "{err}");
    assert!(lines[0].contains("bad.csv:3:start:"), "{err}");
    assert!(lines[19].contains("bad.csv:22:start:"), "{err}");
    assert_eq!(
        lines[20],
        "callsheet: and 5 more (--dry-run lists them all)"
    );
    assert!(!db.exists(), "a failed import created the database");
    let out = run(&["import", "--dry-run", csv.to_str().unwrap()]);
    let err = out.stderr;
    assert_eq!(err.lines().count(), 26, "{err}");
}
