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

fn ev(uid: &str, body: &str) -> String {
    format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20260310T090000Z\r\n{body}SUMMARY:Budget review\r\nEND:VEVENT\r\n")
}

#[test]
fn absurd_lengths_nested_events_and_duplicate_uids_are_problems() {
    let text = ics(&[
        &ev("huge@t", "DURATION:P9999999W\r\n"),
        &ev("back@t", "DTEND:20260310T080000Z\r\n"),
        &ev("long@t", "DTEND:20260310T230000Z\r\n"),
        &ev("ok@t", "DTEND:20260310T100000Z\r\n"),
        &ev("ok@t", "DTEND:20260310T110000Z\r\n"),
        "BEGIN:VEVENT\r\nUID:outer@t\r\nDTSTART:20260311T090000Z\r\nBEGIN:VEVENT\r\nUID:inner@t\r\nEND:VEVENT\r\nEND:VEVENT\r\n",
        &ev("panic@t", "DURATION:P99999999999999W\r\n"),
    ]);
    let got = problems("a.ics", &text);
    let has = |needle: &str| got.iter().any(|l| l.contains(needle));
    assert!(
        has("a.ics:7: the event lasts") && has("(UID huge@t)"),
        "{got:#?}"
    );
    assert!(
        has("ends before it starts (or at the same moment) (UID back@t)"),
        "{got:#?}"
    );
    assert!(
        has("the event lasts 14 h, longer than the 12 h") && has("(UID long@t)"),
        "{got:#?}"
    );
    assert!(
        has("a.ics:28: this UID is also the event at line 22"),
        "{got:#?}"
    );
    assert!(
        has("a.ics:37: BEGIN:VEVENT inside the VEVENT begun at line 34"),
        "{got:#?}"
    );
    assert!(has("is not a duration (UID panic@t)"), "{got:#?}");
}

#[test]
fn an_endless_daily_series_stops_at_the_per_import_cap_and_says_so() {
    let text = ics(&["BEGIN:VEVENT\r\nUID:daily@t\r\nDTSTART:20260105T090000Z\r\nDTEND:20260105T093000Z\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n"]);
    let o = Options {
        to: at("9999-12-31T00:00:00Z"),
        max_instances: 500,
        ..opts()
    };
    let cal = parse("d.ics", text.as_bytes(), &ctx(), &o).unwrap();
    assert_eq!(cal.busy.len(), 500);
    assert!(
        cal.warnings
            .iter()
            .any(|w| w.contains("stopped after 500 instances")),
        "{:?}",
        cal.warnings
    );
    // The series' window ends at its last instance, so nothing past it is pruned.
    assert!(
        cal.series[0].2 <= at("2027-06-01T00:00:00Z"),
        "{:?}",
        cal.series
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever length an event claims, nothing stored is absurd: every
    /// busy block and screen read lasts more than nothing and at most the
    /// maximum; anything else is a problem.
    #[test]
    fn nothing_absurd_is_read(weeks in 0i64..20_000_000, hours in -48i64..48, minutes in -600i64..6000, use_end in proptest::bool::ANY) {
        let body = if use_end {
            let end = at("2026-03-10T09:00:00Z") + chrono::Duration::hours(hours) + chrono::Duration::minutes(minutes);
            format!("DTEND:{}\r\n", end.format("%Y%m%dT%H%M%SZ"))
        } else {
            format!("DURATION:P{weeks}WT{}H{}M\r\n", hours.abs(), minutes.abs())
        };
        let text = ics(&[&ev("p@t", &body), &ev("q@t", &body.replace("Budget", "Phone screen"))]);
        if let Ok(cal) = parse("p.ics", text.as_bytes(), &ctx(), &opts()) {
            for b in &cal.busy {
                proptest::prop_assert!(b.end > b.start);
                proptest::prop_assert!(b.end - b.start <= chrono::Duration::hours(12));
            }
            for s in &cal.screens {
                proptest::prop_assert!(s.minutes >= 1 && s.minutes <= 720);
            }
        }
    }
}
