//! iCalendar import: realistic exports from Google, Outlook/Exchange and
//! Apple, daylight-saving weeks, re-import, cancellation, series with
//! exceptions and broken files.
//!
//! Every expected UTC time below was worked out by hand from the zone's
//! rules, not by calling the code under test:
//! - US clocks go forward 2026-03-08 and back 2026-11-01;
//! - EU clocks go forward 2026-03-29 and back 2026-10-25.

mod common;

use callsheet::domain::Outcome;
use callsheet::import::ics::{parse, Calendar, Options};
use callsheet::import::{read_calendar, Context};
use callsheet::store::Store;
use chrono::{DateTime, Duration, Utc};
use std::path::PathBuf;

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
        screen_words: None,
        ..Options::around(chrono::DateTime::UNIX_EPOCH)
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics")
        .join(name)
}

fn load(name: &str) -> Calendar {
    read_calendar(&[fixture(name)], &ctx(), &opts()).unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-03-01T12:00:00Z")
}

/// `(start, minutes, name, phone)` of every screen, by start.
fn screens(cal: &Calendar) -> Vec<(DateTime<Utc>, u32, String, String)> {
    let mut v: Vec<_> = cal
        .screens
        .iter()
        .map(|s| {
            (
                s.start,
                s.minutes,
                s.candidate.name.clone(),
                s.candidate.phone.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// `(start, end, summary)` of every busy block, by start.
fn busy(cal: &Calendar) -> Vec<(DateTime<Utc>, DateTime<Utc>, String)> {
    let mut v: Vec<_> = cal
        .busy
        .iter()
        .map(|b| (b.start, b.end, b.summary.clone()))
        .collect();
    v.sort();
    v
}

/// Every call in 2026.
fn all_calls(store: &Store) -> Vec<callsheet::domain::Call> {
    store
        .calls_between(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"))
        .unwrap()
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn google_export_new_york_screen_in_the_week_the_us_has_changed_and_europe_has_not() {
    let cal = load("google.ics");
    assert_eq!(
        screens(&cal),
        vec![
            // 09:00 EDT (UTC-4): the US changed on 8 March.
            (
                at("2026-03-10T13:00:00Z"),
                30,
                s("Ana Souza"),
                s("+1 212 555 0143")
            ),
            // Given in UTC, 45 minutes by DURATION; phone from the description.
            (
                at("2026-10-27T14:00:00Z"),
                45,
                s("Bruno Lima"),
                s("+55 11 98765 4321")
            ),
        ]
    );
    let ana = &cal
        .screens
        .iter()
        .find(|s| s.candidate.name == "Ana Souza")
        .unwrap();
    assert_eq!(
        ana.candidate.email.as_deref(),
        Some("ana.souza@example.com")
    );
    assert!(ana
        .note
        .as_deref()
        .unwrap()
        .contains("prefers mornings.\nCV"));
    assert_eq!(ana.source, Some((s("ics"), s("g1-ana@google.com"))));
}

#[test]
fn google_series_with_exdate_and_moved_instance_and_floating_time() {
    let cal = load("google.ics");
    assert_eq!(
        busy(&cal),
        vec![
            // Floating 10:00 read in X-WR-TIMEZONE Europe/London (GMT).
            (
                at("2026-03-12T10:00:00Z"),
                at("2026-03-12T10:30:00Z"),
                s("Team standup")
            ),
            // The series: 16 March 11:00 GMT; 23 March excluded;
            (
                at("2026-03-16T11:00:00Z"),
                at("2026-03-16T11:30:00Z"),
                s("1:1 with manager")
            ),
            // 30 March moved to 15:00 BST, once (not beside the master's 11:00);
            (
                at("2026-03-30T14:00:00Z"),
                at("2026-03-30T14:30:00Z"),
                s("1:1 with manager (moved)")
            ),
            // 6 April 11:00 BST: the wall time holds across the change.
            (
                at("2026-04-06T10:00:00Z"),
                at("2026-04-06T10:30:00Z"),
                s("1:1 with manager")
            ),
        ]
    );
    let uids: Vec<&str> = cal.busy.iter().map(|b| b.uid.as_str()).collect();
    assert!(uids.contains(&"g4-one-on-one@google.com/20260330T100000Z"));
    assert!(
        cal.skipped.iter().any(|x| x.contains("all-day")),
        "{:?}",
        cal.skipped
    );
}

#[test]
fn outlook_windows_zones_custom_vtimezone_and_cdo_properties() {
    let cal = load("outlook.ics");
    assert_eq!(
        screens(&cal),
        vec![
            // "Eastern Standard Time" is New York: 10:00 EDT.
            (at("2026-03-17T14:00:00Z"), 30, s("Chloe Martin"), s("")),
            // 01:30 happens twice on 1 November: the first (EDT) is meant;
            // DTEND 02:00 exists once (EST, 07:00Z), so the event really
            // lasts 90 minutes, as RFC 5545 reads it.
            (
                at("2026-11-01T05:30:00Z"),
                90,
                s("Dev Patel"),
                s("+1-646-555-0199")
            ),
        ]
    );
    assert_eq!(
        busy(&cal),
        vec![
            // "Customized Time Zone" is only defined by its VTIMEZONE (EU
            // rules): 10:00 CEST, the day after Europe changed.
            (
                at("2026-03-30T08:00:00Z"),
                at("2026-03-30T09:00:00Z"),
                s("Budget review")
            ),
            // "W. Europe Standard Time" is Berlin: 09:00 CET after 25 October,
            // while New York is still on EDT.
            (
                at("2026-10-26T08:00:00Z"),
                at("2026-10-26T09:00:00Z"),
                s("Hiring sync")
            ),
        ]
    );
    let chloe = cal
        .screens
        .iter()
        .find(|s| s.candidate.name == "Chloe Martin")
        .unwrap();
    assert_eq!(
        chloe.candidate.email.as_deref(),
        Some("chloe.martin@example.org")
    );
}

#[test]
fn apple_export_with_structured_location_split_utf8_fold_and_no_end() {
    let cal = load("apple.ics");
    assert_eq!(
        screens(&cal),
        vec![(
            // Lisbon is on WET (UTC+0) until 29 March.
            at("2026-03-25T15:00:00Z"),
            30,
            s("João Gonçalves"),
            s("+351 912 345 678")
        )]
    );
    // A floating time with no X-WR-TIMEZONE is in the recruiter's zone.
    assert_eq!(
        busy(&cal),
        vec![(
            at("2026-03-26T08:00:00Z"),
            at("2026-03-26T09:00:00Z"),
            s("Dentist")
        )]
    );
    assert!(
        cal.warnings
            .iter()
            .any(|w| w.contains("apple.ics:1: BEGIN:VCALENDAR is never ended")),
        "{:?}",
        cal.warnings
    );
}

#[test]
fn reimport_is_idempotent_and_a_moved_event_moves() {
    let store = Store::open_in_memory().unwrap();
    let first = store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    assert_eq!((first.screens.added, first.busy_added), (2, 4));
    let again = store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    assert_eq!(
        (
            again.screens.added,
            again.screens.updated,
            again.screens.unchanged
        ),
        (0, 0, 2)
    );
    assert_eq!(
        (again.busy_added, again.busy_updated, again.busy_unchanged),
        (0, 0, 4)
    );

    let moved = store
        .import_calendar(&load("google-moved.ics"), now(), false)
        .unwrap();
    assert_eq!((moved.screens.added, moved.screens.updated), (0, 1));
    assert_eq!((moved.busy_added, moved.busy_updated), (0, 1));
    let calls = store
        .calls_between(at("2026-03-10T00:00:00Z"), at("2026-03-11T00:00:00Z"))
        .unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].start, at("2026-03-10T14:00:00Z"));
    let blocks = store
        .busy_blocks(at("2026-03-12T00:00:00Z"), at("2026-03-13T00:00:00Z"))
        .unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].0.start, at("2026-03-12T11:00:00Z"));
}

#[test]
fn cancellation_removes_an_unmarked_screen_and_a_whole_series() {
    let store = Store::open_in_memory().unwrap();
    store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    let r = store
        .import_calendar(&load("google-cancel.ics"), now(), false)
        .unwrap();
    // Ana's screen and the three remaining 1:1 instances.
    assert_eq!(r.cancelled, 4, "{r:?}");
    let all = all_calls(&store);
    assert_eq!(all.len(), 1, "only Bruno is left");
    assert_eq!(all[0].candidate.name, "Bruno Lima");
    let blocks = store
        .busy_blocks(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"))
        .unwrap();
    assert_eq!(blocks.len(), 1, "only the standup is left: {blocks:?}");
}

/// google.ics imported, and Ana's screen marked `outcome` at `when`.
fn google_with_ana_marked(outcome: Outcome, when: &str) -> (Store, i64) {
    let store = Store::open_in_memory().unwrap();
    store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    let ana = store
        .calls_between(at("2026-03-10T00:00:00Z"), at("2026-03-11T00:00:00Z"))
        .unwrap()[0]
        .id;
    let rules = callsheet::config::Settings::with_zone(chrono_tz::Europe::London).rules;
    store.mark(ana, outcome, at(when), &rules).unwrap();
    (store, ana)
}

#[test]
fn cancelling_a_marked_screen_keeps_it_and_says_so() {
    let (store, ana) = google_with_ana_marked(Outcome::Answered, "2026-03-10T13:30:00Z");
    let r = store
        .import_calendar(&load("google-cancel.ics"), now(), false)
        .unwrap();
    assert_eq!(r.kept.len(), 1, "{r:?}");
    assert!(r.kept[0].contains("already marked"), "{}", r.kept[0]);
    assert!(store.call(ana).is_ok());
}

#[test]
fn dry_run_writes_nothing() {
    let store = Store::open_in_memory().unwrap();
    let r = store
        .import_calendar(&load("google.ics"), now(), true)
        .unwrap();
    assert_eq!(r.screens.added, 2);
    let all = all_calls(&store);
    assert!(all.is_empty());
}

#[test]
fn unknown_tzid_is_an_error_naming_it_and_its_line_and_nothing_is_written() {
    let store = Store::open_in_memory().unwrap();
    store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    let before = all_calls(&store);
    // A good file first and a bad one second: neither is imported.
    let e = read_calendar(
        &[fixture("google-moved.ics"), fixture("bad-tzid.ics")],
        &ctx(),
        &opts(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("bad-tzid.ics:9:"), "{e}");
    assert!(e.contains("Mars/Olympus_Mons"), "{e}");
    let after = all_calls(&store);
    assert_eq!(before, after);
}

#[test]
fn unterminated_event_is_an_error_with_its_line() {
    let e = read_calendar(&[fixture("unterminated.ics")], &ctx(), &opts())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unterminated.ics:8: BEGIN:VEVENT is never ended"),
        "{e}"
    );
}

#[test]
fn non_utf8_bytes_are_replaced_with_a_warning_naming_the_line() {
    let bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260310T090000Z\r\nSUMMARY:Phone screen: Ren\xe9 Roy\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let cal = parse("latin1.ics", bytes, &ctx(), &opts()).unwrap();
    assert_eq!(cal.screens[0].candidate.name, "Ren\u{fffd} Roy");
    assert_eq!(
        cal.warnings,
        vec!["latin1.ics:5: not UTF-8; unreadable bytes replaced"]
    );
}

#[test]
fn screens_match_replaces_the_default_rule() {
    let o = opts().with_screens_match("standup|budget");
    let cal = read_calendar(&[fixture("google.ics"), fixture("outlook.ics")], &ctx(), &o).unwrap();
    let mut names: Vec<_> = cal
        .screens
        .iter()
        .map(|s| s.candidate.name.as_str())
        .collect();
    names.sort();
    // No screen word left in "Team standup": the whole summary names it.
    assert_eq!(names, vec!["Budget review", "Team standup"]);
    assert_eq!(cal.busy.len(), 4 + 2 + 2);
}

#[test]
fn window_limits_series_and_single_events() {
    let o = Options {
        from: at("2026-03-20T00:00:00Z"),
        to: at("2026-04-01T00:00:00Z"),
        screen_words: None,
        ..Options::around(chrono::DateTime::UNIX_EPOCH)
    };
    let cal = read_calendar(&[fixture("google.ics")], &ctx(), &o).unwrap();
    assert!(cal.screens.is_empty());
    assert_eq!(busy(&cal).len(), 1, "only the moved 30 March instance");
    assert_eq!(cal.busy[0].start, at("2026-03-30T14:00:00Z"));
    assert!(cal.busy[0].end - cal.busy[0].start == Duration::minutes(30));
}

#[test]
fn random_bytes_never_panic_the_parser() {
    // A small deterministic generator (no extra dependency): bytes drawn
    // from iCalendar's own alphabet so the parser gets deep.
    let alphabet: &[u8] = b"BEGIN:VCALENDAREVTDSRUZ0123456789;=,\"\r\n \t\xc3\xa9\xff-TZIDXP";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let head = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=";
    for _ in 0..2000 {
        let len = (next() % 200) as usize;
        let mut bytes = head.to_vec();
        bytes.extend((0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]));
        let _ = parse("fuzz.ics", &bytes, &ctx(), &opts());
    }
}

// ----------------------------------------------------------------- export

#[test]
fn exported_day_reads_back_as_the_same_screens() {
    use callsheet::import::export::calls_ics;
    let store = Store::open_in_memory().unwrap();
    store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    store
        .import_calendar(&load("outlook.ics"), now(), false)
        .unwrap();
    let calls = all_calls(&store);
    let text = calls_ics(&calls, now());
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    let back = parse("export.ics", text.as_bytes(), &ctx(), &opts()).unwrap();
    assert!(back.busy.is_empty() && back.warnings.is_empty(), "{back:?}");
    let mut want: Vec<_> = calls
        .iter()
        .map(|c| {
            (
                c.start,
                c.minutes,
                c.candidate.name.clone(),
                c.candidate.phone.clone(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(screens(&back), want);
}

#[test]
fn export_csv_defuses_formulas() {
    use callsheet::import::export::calls_csv;
    let hostile = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:h\nDTSTART:20260310T090000Z\nSUMMARY:Phone screen: =SUM Ana\nLOCATION:+44 20 7946 0000\nEND:VEVENT\nEND:VCALENDAR\n";
    let store = Store::open_in_memory().unwrap();
    let cal = parse("h.ics", hostile, &ctx(), &opts()).unwrap();
    store.import_calendar(&cal, now(), false).unwrap();
    let csv = calls_csv(&all_calls(&store), chrono_tz::Europe::London).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",'=SUM Ana,"), "{row}");
    assert!(row.contains(",'+44 20 7946 0000,"), "{row}");
}

/// The binary: import with a dry run, for real, then export to a file.
#[test]
fn cli_import_then_export_to_a_private_file() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_callsheet"))
            .args(args)
            .args([
                "--db",
                db.to_str().unwrap(),
                "--now",
                "2026-03-01T12:00:00Z",
                "--tz",
                "Europe/London",
            ])
            .env("HOME", dir.path())
            .env_remove("CALLSHEET_DB")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    let google = fixture("google.ics");
    let google = google.to_str().unwrap();
    // Bruno's October screen is past the default 90 days: --to reaches it.
    let dry = run(&["import", google, "--dry-run", "--to", "2026-12-31"]);
    assert!(dry.starts_with("dry run, nothing written: "), "{dry}");
    assert!(dry.contains("2 added"), "{dry}");
    assert!(dry.contains("busy: 4 added"), "{dry}");
    assert!(dry.contains("all-day event"), "{dry}");
    assert!(!db.exists(), "a dry run creates no database");
    let first = run(&["import", google, "--to", "2026-12-31"]);
    assert!(first.contains("2 added"), "{first}");
    let again = run(&["import", google, "--to", "2026-12-31"]);
    assert!(again.contains("0 added, 0 updated, 2 unchanged"), "{again}");
    assert!(
        again.contains("busy: 0 added, 0 updated, 4 unchanged"),
        "{again}"
    );

    let out = dir.path().join("day.ics");
    run(&[
        "export",
        "--day",
        "2026-03-10",
        "--format",
        "ics",
        "-o",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("DTSTART:20260310T130000Z"), "{text}");
    assert!(text.contains("SUMMARY:Phone screen: Ana Souza"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The CSV is the call log (one row per attempt): nothing dialled yet.
    let csv = run(&["export", "--day", "2026-03-10", "--format", "csv"]);
    assert_eq!(csv, callsheet::import::export::LOG_COLUMNS.join(",") + "\n");
}

// ----------------------------------------------------------- more mess

#[test]
fn a_marked_screen_that_moved_is_kept_and_reported() {
    let (store, ana) = google_with_ana_marked(Outcome::Voicemail, "2026-03-10T13:10:00Z");
    let r = store
        .import_calendar(&load("google-moved.ics"), now(), false)
        .unwrap();
    assert_eq!(r.screens.updated, 0, "{r:?}");
    assert!(
        r.kept[0].contains("already marked voicemail; kept where it was"),
        "{r:?}"
    );
    let call = store.call(ana).unwrap();
    assert_eq!(call.start, at("2026-03-10T13:00:00Z"));
    assert_eq!(call.outcome, Outcome::Voicemail);
}

#[test]
fn escape_sequences_in_a_summary_never_reach_the_store() {
    let bytes = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e\nDTSTART:20260310T090000Z\nSUMMARY:Phone screen: Ana\x1b[2J\x1b]0;pwned\x07 Souza\nEND:VEVENT\nBEGIN:VEVENT\nUID:f\nDTSTART:20260310T100000Z\nSUMMARY:Lunch\x1b[31m\xe2\x80\xae\nEND:VEVENT\nEND:VCALENDAR\n";
    let store = Store::open_in_memory().unwrap();
    let cal = parse("esc.ics", bytes, &ctx(), &opts()).unwrap();
    store.import_calendar(&cal, now(), false).unwrap();
    let name = &all_calls(&store)[0].candidate.name;
    assert!(!name.chars().any(|c| c.is_control()), "{name:?}");
    let blocks = store
        .busy_blocks(at("2026-03-10T00:00:00Z"), at("2026-03-11T00:00:00Z"))
        .unwrap();
    assert_eq!(blocks[0].1, "Lunch[31m");
}

#[test]
fn fifty_thousand_events_and_a_huge_line() {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for i in 0..50_000 {
        let day = 1 + i % 28;
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:bulk-{i}\r\nDTSTART:202606{day:02}T{:02}0000Z\r\nDURATION:PT30M\r\nSUMMARY:Meeting {i}\r\nEND:VEVENT\r\n",
            8 + i % 10
        ));
    }
    text.push_str(&format!(
        "BEGIN:VEVENT\r\nUID:huge\r\nDTSTART:20260601T070000Z\r\nSUMMARY:Big\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "x".repeat(1_000_000)
    ));
    let cal = parse("big.ics", text.as_bytes(), &ctx(), &opts()).unwrap();
    assert_eq!(cal.busy.len(), 50_001);
}

#[test]
fn a_series_moved_to_another_hour_replaces_its_old_instances() {
    let store = Store::open_in_memory().unwrap();
    store
        .import_calendar(&load("google.ics"), now(), false)
        .unwrap();
    let r = store
        .import_calendar(&load("google-series-moved.ics"), now(), false)
        .unwrap();
    // Old: 16 March, 30 March (override), 6 April. New: 16 and 23 March
    // at 12:00 GMT; the override's instance is gone from the series too.
    assert_eq!((r.busy_added, r.removed), (2, 3), "{r:?}");
    let blocks: Vec<_> = store
        .busy_blocks(at("2026-03-13T00:00:00Z"), at("2026-04-30T00:00:00Z"))
        .unwrap()
        .into_iter()
        .map(|(iv, _)| iv.start)
        .collect();
    assert_eq!(
        blocks,
        vec![at("2026-03-16T12:00:00Z"), at("2026-03-23T12:00:00Z")]
    );
}

#[test]
fn exdate_as_a_date_drops_that_day_of_a_timed_series() {
    let bytes = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:d\nDTSTART;TZID=America/New_York:20260309T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE;VALUE=DATE:20260310\nSUMMARY:Sync\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = parse("d.ics", bytes, &ctx(), &opts()).unwrap();
    let starts: Vec<_> = busy(&cal).into_iter().map(|b| b.0).collect();
    // 09:00 EDT on the 9th and the 11th.
    assert_eq!(
        starts,
        vec![at("2026-03-09T13:00:00Z"), at("2026-03-11T13:00:00Z")]
    );
}

/// Random screens (awkward names, phones, roles, notes; times around the
/// 2026 DST changes) survive store → export → import into a fresh store.
#[test]
fn random_screens_survive_export_and_import() {
    use callsheet::import::export::calls_ics;
    use callsheet::store::{NewCandidate, NewScreen};
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let pieces = [
        "Ana",
        "Souza",
        "João",
        "O'Neil",
        "Zoë",
        "Lee, Min",
        "A;B",
        "back\\slash",
        "Dr.",
        "Phone",
        "screen:",
        "with",
        "-",
        "(x)",
        "李",
        "Émile",
        "Call",
    ];
    let bases = [
        at("2026-03-07T14:00:00Z"),
        at("2026-03-28T23:30:00Z"),
        at("2026-10-24T22:00:00Z"),
        at("2026-10-31T05:30:00Z"),
    ];
    for round in 0..20 {
        let mut rows = Vec::new();
        for i in 0..8 {
            let words = 1 + next(3);
            let name: Vec<&str> = (0..words)
                .map(|_| pieces[next(pieces.len() as u64) as usize])
                .collect();
            let name = format!("{} {i}", name.join(" "));
            rows.push(NewScreen {
                candidate: NewCandidate {
                    name,
                    phone: format!("+44 20 7946 {:04}", next(10_000)),
                    email: None,
                    timezone: None,
                },
                role: (next(2) == 0).then(|| s("Backend, senior; remote")),
                start: bases[next(4) as usize] + Duration::minutes(30 * next(96) as i64),
                minutes: [15, 30, 45, 60][next(4) as usize],
                note: (next(2) == 0).then(|| s("line one\nline two, with; marks\\")),
                source: Some((s("test"), format!("r{round}-{i}"))),
                origin: s("generated"),
                outcome: None,
            });
        }
        let from = Store::open_in_memory().unwrap();
        from.import(&rows, now(), false).unwrap();
        let text = calls_ics(&all_calls(&from), now());
        let cal = parse("rt.ics", text.as_bytes(), &ctx(), &opts()).unwrap();
        let to = Store::open_in_memory().unwrap();
        to.import_calendar(&cal, now(), false).unwrap();
        let key = |store: &Store| {
            common::call_keys(
                store,
                at("2026-01-01T00:00:00Z"),
                at("2027-01-01T00:00:00Z"),
            )
        };
        assert_eq!(key(&from), key(&to), "round {round}\n{text}");
    }
}
