//! The real binary: every command on temporary databases, with `--db`,
//! `--now` and `--tz` always given (and HOME pointed at the temp dir) so
//! nothing touches the real home or depends on when the tests run.

mod common;

use common::{run_in, Run, BIN, DAY_CSV, ZONE};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// Monday 23 November 2026, 09:40 in London.
const NOW: &str = "2026-11-23T09:40:00Z";

impl Run {
    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "exit {}\nstdout: {}\nstderr: {}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    /// Exit 1, nothing on stdout, exactly one `callsheet: …` line on stderr.
    fn fails_with(self, needle: &str) -> String {
        assert_eq!(
            self.code, 1,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stdout, "", "nothing but data on stdout");
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one line: {:?}",
            self.stderr
        );
        assert!(self.stderr.starts_with("callsheet: "), "{}", self.stderr);
        assert!(
            self.stderr.contains(needle),
            "{needle:?} not in {}",
            self.stderr
        );
        self.stderr
    }
}

/// A temp dir with a database path in it, and a runner that always passes
/// `--db`, `--now` and `--tz`.
struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("calls.sqlite3");
        Fixture { dir, db }
    }

    fn file(&self, name: &str, body: impl AsRef<[u8]>) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    }

    fn at(&self, now: &str, args: &[&str]) -> Run {
        let db = self.db.display().to_string();
        let mut all = vec!["--db", &db, "--now", now, "--tz", ZONE];
        all.extend_from_slice(args);
        run_in(self.dir.path(), &all)
    }

    fn run(&self, args: &[&str]) -> Run {
        self.at(NOW, args)
    }

    fn imported() -> Fixture {
        let f = Fixture::new();
        let csv = f.file("day.csv", DAY_CSV);
        f.run(&["import", &csv]).ok();
        f
    }

    fn day_json(&self) -> Vec<Value> {
        self.run(&["day", "--json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .clone()
    }

    fn id_at(&self, start: &str) -> String {
        self.day_json()
            .iter()
            .find(|c| c["start"] == start)
            .map(|c| c["id"].to_string())
            .expect("a call at that time")
    }
}

#[test]
fn import_day_mark_callbacks_round_trip() {
    let f = Fixture::new();
    let csv = f.file("day.csv", DAY_CSV);
    let out = f.run(&["import", &csv]).ok();
    assert!(
        out.stdout
            .contains(": 4 added, 0 updated, 0 unchanged, 0 skipped (4 new candidates)"),
        "{}",
        out.stdout
    );

    let day = f.day_json();
    assert_eq!(day.len(), 4);
    let ana = &day[0];
    assert_eq!(ana["start"], "2026-11-23T09:00:00Z");
    assert_eq!(ana["end"], "2026-11-23T09:30:00Z");
    assert_eq!(ana["candidate"]["name"], "Ana Souza");
    assert_eq!(ana["candidate"]["phone"], "+44 20 7946 0001");
    assert_eq!(ana["candidate"]["timezone"], Value::Null);
    assert_eq!(ana["role"], "Backend Engineer");
    assert_eq!(ana["kind"], "screen");
    assert_eq!(ana["outcome"], "scheduled");
    assert_eq!(ana["note"], "Referred by José, keen");
    // No end column value: one 30-minute slot.
    assert_eq!(day[1]["end"], "2026-11-23T10:30:00Z");
    assert_eq!(day[2]["candidate"]["name"], "王小明");
    assert_eq!(day[2]["note"], "line one\nline two");
    assert_eq!(day[3]["candidate"]["timezone"], "America/New_York");

    let id = ana["id"].to_string();
    let out = f
        .run(&["mark", &id, "voicemail", "--note", "left a message"])
        .ok();
    // Marked 09:40 → two hours later is 11:40; 11:30 starts too early, so
    // the first free slot is 12:00.
    assert_eq!(
        out.stdout,
        format!("marked call {id}: voicemail on Ana Souza 09:00; callback due 12:00; note saved\n")
    );

    let day = f.day_json();
    assert_eq!(day[0]["outcome"], "voicemail");
    assert_eq!(day[0]["note"], "left a message");
    assert_eq!(day[0]["marked_at"], "2026-11-23T09:40:00Z");

    let queue = f.run(&["callbacks", "--json"]).ok().json();
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 1);
    let cb = &queue[0];
    assert_eq!(cb["candidate"]["name"], "Ana Souza");
    assert_eq!(cb["candidate"]["phone"], "+44 20 7946 0001");
    assert_eq!(cb["due"], "2026-11-23T12:00:00Z");
    assert_eq!(cb["reason"], "voicemail");
    assert_eq!(cb["status"], "open");
    assert_eq!(cb["bucket"], "later");
    assert_eq!(cb["why"], "voicemail 09:00");
    assert_eq!(cb["attempts_this_week"], 1);
    assert_eq!(cb["origin_call_id"].to_string(), id);

    // At 12:20 the same callback is due now; at 13:00 overdue.
    let later = f
        .at("2026-11-23T12:20:00Z", &["callbacks", "--json"])
        .ok()
        .json();
    assert_eq!(later[0]["bucket"], "due-now");
    let late = f
        .at("2026-11-23T13:00:00Z", &["callbacks", "--json"])
        .ok()
        .json();
    assert_eq!(late[0]["bucket"], "overdue");
}

#[test]
fn day_text_is_aligned_and_shows_the_candidates_own_time() {
    let f = Fixture::imported();
    let out = f.run(&["day"]).ok().stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Mon 23 Nov 2026 · Europe/London · 4 calls");
    let row = |name: &str| {
        *lines
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {out}"))
    };
    // Columns line up in terminal cells, wide characters included.
    use unicode_width::UnicodeWidthStr;
    let col = |l: &str, text: &str| l[..l.find(text).unwrap()].width();
    let role = col(row("Ana Souza"), "Backend Engineer");
    assert_eq!(col(row("王小明"), "Frontend Engineer"), role);
    assert_eq!(col(row("Zoë Ó Briain"), "Engineering Manager"), role);
    let phone = col(row("Ana Souza"), "+44");
    assert_eq!(col(row("王小明"), "+44"), phone);
    assert_eq!(col(row("Zoë Ó Briain"), "+1 212"), phone);
    // 14:00 in London is 09:00 in New York; same-zone rows show nothing.
    assert!(row("Zoë").contains("09:00 EST"), "{out}");
    assert!(!row("Ana Souza").contains("GMT"), "{out}");
    assert!(row("Ana Souza").ends_with("· scheduled"));
    assert!(out.contains("note: line one"), "{out}");
}

#[test]
fn a_bad_row_names_file_line_and_column_and_nothing_is_written() {
    let f = Fixture::imported();
    let before = f.day_json();
    let good = f.file(
        "more.csv",
        "start,candidate,phone\n2026-11-23 16:00,Léa Dubois,+44 20 7946 0106\n",
    );
    let bad = f.file(
        "bad.csv",
        "start,candidate,phone\n2026-11-23 15:00,Kwame Mensah,+44 20 7946 0107\n\n2026-11-23 25:00,Sam Okafor,+44 20 7946 0104\n",
    );
    let err = f
        .run(&["import", &good, &bad])
        .fails_with("bad.csv:4:start:");
    assert!(
        err.contains("'2026-11-23 25:00' is not a date and time"),
        "{err}"
    );
    // Neither the good file nor the good row of the bad one was written.
    assert_eq!(f.day_json(), before);
}

#[test]
fn bad_files_get_clear_one_line_errors() {
    let f = Fixture::imported();
    let mut latin1 = b"start,candidate,phone\n2026-11-23 15:00,Jos".to_vec();
    latin1.extend_from_slice(b"\xe9,+44 20 7946 0107\n");
    let p = f.file("latin1.csv", latin1);
    f.run(&["import", &p])
        .fails_with("latin1.csv:2:candidate: not UTF-8");

    let p = f.file("typo.csv", "start,candidate,phone,timezon\n");
    f.run(&["import", &p])
        .fails_with("typo.csv:1:timezon: unknown column 'timezon'");

    let p = f.file("week.xlsx", "whatever");
    f.run(&["import", &p])
        .fails_with("cannot import .xlsx files");

    let missing = f.dir.path().join("nope.csv").display().to_string();
    f.run(&["import", &missing]).fails_with("nope.csv");

    let p = f.file(
        "dnc.csv",
        "start,candidate,phone,notes\n2026-11-23 15:00,\"Evil\x1b[2J\",+44 20 7946 0199,\"hi\x1b]0;pwned\x07\"\n",
    );
    f.run(&["import", &p]).ok();
    let day = f.day_json();
    let evil = day
        .iter()
        .find(|c| c["start"] == "2026-11-23T15:00:00Z")
        .unwrap();
    assert_eq!(evil["candidate"]["name"], "Evil[2J");
    assert_eq!(evil["note"], "hi]0;pwned");
}

#[test]
fn re_importing_adds_nothing() {
    let f = Fixture::imported();
    let csv = f.file("again.csv", DAY_CSV);
    let out = f.run(&["import", &csv]).ok();
    assert!(
        out.stdout
            .contains(": 0 added, 0 updated, 4 unchanged, 0 skipped (0 new candidates)"),
        "{}",
        out.stdout
    );
    assert_eq!(f.day_json().len(), 4);
}

#[test]
fn a_dry_run_writes_nothing() {
    let f = Fixture::new();
    let csv = f.file("day.csv", DAY_CSV);
    let out = f.run(&["import", "--dry-run", &csv]).ok();
    assert!(
        out.stdout.starts_with("dry run, nothing written: "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("4 added"), "{}", out.stdout);
    assert!(!f.db.exists(), "a dry run creates no database");

    f.run(&["import", &csv]).ok();
    let extra = f.file(
        "extra.csv",
        "start,candidate,phone\n2026-11-23 16:00,Léa Dubois,+44 20 7946 0106\n",
    );
    let out = f.run(&["import", &extra, "--dry-run"]).ok();
    assert!(out.stdout.contains("1 added"), "{}", out.stdout);
    assert_eq!(f.day_json().len(), 4);
}

#[test]
fn exit_codes_and_help() {
    let f = Fixture::imported();
    // Success.
    assert_eq!(f.run(&["callbacks"]).code, 0);
    // Usage errors: clap's message, exit 2.
    for args in [
        &["frobnicate"][..],
        &["mark", "abc", "answered"],
        &["mark", "1", "maybe"],
        &["mark", "1"],
        &["import"],
        &["day", "--date", "23/11/2026"],
        &["--no-such-flag"],
    ] {
        let r = f.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    // Other errors: one line, exit 1.
    f.run(&["mark", "999", "answered"])
        .fails_with("no call with id 999");
    let id = f.id_at("2026-11-23T09:00:00Z");
    f.run(&["mark", &id, "answered"]).ok();
    f.run(&["mark", &id, "answered"])
        .fails_with("already marked answered");
    // A correction says what it was.
    let out = f.run(&["mark", &id, "no-show"]).ok();
    assert!(out.stdout.contains("(was answered)"), "{}", out.stdout);
    assert!(
        out.stdout.contains("callback due Tue 24 Nov 08:00"),
        "{}",
        out.stdout
    );

    // --help everywhere, on stdout, exit 0.
    for args in [
        &["--help"][..],
        &["demo", "--help"],
        &["import", "--help"],
        &["day", "--help"],
        &["callbacks", "--help"],
        &["mark", "--help"],
    ] {
        let r = run_in(f.dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}");
        assert!(
            r.stdout.contains("Usage: callsheet"),
            "{args:?}: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains("--db <PATH>"),
            "{args:?}: global options listed"
        );
    }
}

#[test]
fn global_options_work_before_or_after_the_command_and_from_the_environment() {
    let f = Fixture::imported();
    let db = f.db.display().to_string();
    let after = run_in(
        f.dir.path(),
        &["day", "--json", "--db", &db, "--now", NOW, "--tz", ZONE],
    )
    .ok();
    assert_eq!(after.json().as_array().unwrap().len(), 4);

    let out = Command::new(BIN)
        .args(["day", "--json"])
        .env("CALLSHEET_DB", &db)
        .env("CALLSHEET_NOW", NOW)
        .env("CALLSHEET_TZ", ZONE)
        .env("HOME", f.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);

    // --date is a day in the recruiter's zone: at UTC+14 the 09:00Z call
    // is 23:00 on the 23rd and the others are on the 24th.
    let kiritimati = |date: &str| {
        let args = [
            "--db",
            &db,
            "--now",
            NOW,
            "--tz",
            "Pacific/Kiritimati",
            "day",
            "--json",
            "--date",
            date,
        ];
        run_in(f.dir.path(), &args)
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(kiritimati("2026-11-23"), 1);
    assert_eq!(kiritimati("2026-11-24"), 3);
}

#[test]
fn bad_now_and_tz_are_one_line_errors() {
    let f = Fixture::imported();
    let db = f.db.display().to_string();
    run_in(f.dir.path(), &["--db", &db, "--now", "yesterday", "day"])
        .fails_with("--now 'yesterday'");
    run_in(f.dir.path(), &["--db", &db, "--tz", "Mars/Olympus", "day"])
        .fails_with("unknown time zone 'Mars/Olympus'");
    let out = Command::new(BIN)
        .args(["--db", &db, "day"])
        .env("CALLSHEET_NOW", "2026-13-45")
        .env("HOME", f.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--now '2026-13-45'"), "{err}");
}

#[test]
fn reading_commands_do_not_create_a_database() {
    let f = Fixture::new();
    f.run(&["day"]).fails_with("no database here yet");
    f.run(&["callbacks", "--json"])
        .fails_with("no database here yet");
    f.run(&["mark", "1", "answered"])
        .fails_with("no database here yet");
    assert!(!f.db.exists());
}

#[test]
fn an_empty_day_and_queue_print_cleanly() {
    let f = Fixture::imported();
    let out = f.run(&["day", "--date", "2026-11-28"]).ok();
    assert_eq!(out.stdout, "Sat 28 Nov 2026 · Europe/London · 0 calls\n");
    assert_eq!(
        f.run(&["day", "--json", "--date", "2026-11-28"])
            .ok()
            .stdout,
        "[]\n"
    );
    assert_eq!(
        f.run(&["callbacks"]).ok().stdout,
        "0 open callbacks · Europe/London\n"
    );
}

/// Builds the demo at `now` and checks the day it made.
fn demo_at(now: &str, expect_day: &str, expect_marked: std::ops::RangeInclusive<usize>) {
    let f = Fixture::new();
    let db = f.dir.path().join("demo.sqlite3");
    let dbs = db.display().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", dbs.as_str(), "--now", now, "--tz", ZONE];
        all.extend_from_slice(args);
        run_in(f.dir.path(), &all)
    };
    let out = run(&["demo", "--no-tui"]).ok();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stdout.contains(&dbs), "{}", out.stdout);

    let day = run(&["day", "--json", "--date", expect_day]).ok().json();
    let day = day.as_array().unwrap();
    assert_eq!(day.len(), 14, "{now}");
    let marked = day.iter().filter(|c| c["outcome"] != "scheduled").count();
    assert!(expect_marked.contains(&marked), "{now}: {marked} marked");
    for c in day {
        if c["outcome"] != "scheduled" {
            assert!(
                c["end"].as_str().unwrap() <= now,
                "{now}: marked before it ended: {c}"
            );
        }
    }
    let zones: Vec<&str> = day
        .iter()
        .filter_map(|c| c["candidate"]["timezone"].as_str())
        .collect();
    assert!(zones.contains(&"America/New_York") && zones.contains(&"Asia/Kolkata"));
    let names: Vec<&str> = day
        .iter()
        .map(|c| c["candidate"]["name"].as_str().unwrap())
        .collect();
    for n in ["José Müller", "王小明", "Zoë Ó Briain"] {
        assert!(names.contains(&n), "{n}");
    }

    let queue = run(&["callbacks", "--json"]).ok().json();
    let buckets: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bucket"].as_str().unwrap())
        .collect();
    assert_eq!(buckets[0], "called-in", "{now}: {buckets:?}");
    assert!(buckets.contains(&"overdue"), "{now}: {buckets:?}");

    // Zoë has history: a no-show on an earlier day.
    let earlier: Vec<Value> = (1..=7)
        .filter_map(|back| {
            let d = chrono::NaiveDate::parse_from_str(expect_day, "%Y-%m-%d").unwrap()
                - chrono::Duration::days(back);
            let v = run(&["day", "--json", "--date", &d.to_string()])
                .ok()
                .json();
            Some(v.as_array()?.clone())
        })
        .flatten()
        .filter(|c| c["candidate"]["name"] == "Zoë Ó Briain")
        .collect();
    assert!(
        earlier.iter().any(|c| c["outcome"] == "no-show"),
        "{earlier:?}"
    );

    // Run again: rebuilt fresh, not added to.
    run(&["demo", "--no-tui"]).ok();
    let again = run(&["day", "--json", "--date", expect_day]).ok().json();
    assert_eq!(again.as_array().unwrap().len(), 14);
}

#[test]
fn demo_before_the_working_day() {
    demo_at("2026-11-24T06:30:00Z", "2026-11-24", 0..=0);
}

#[test]
fn demo_in_the_middle_of_the_day() {
    demo_at("2026-11-24T11:40:00Z", "2026-11-24", 5..=6);
}

#[test]
fn demo_after_the_working_day() {
    // All but the last call, left for the recruiter to mark.
    demo_at("2026-11-24T19:30:00Z", "2026-11-24", 13..=13);
}

#[test]
fn demo_on_a_weekend_builds_the_last_working_day() {
    demo_at("2026-11-28T10:00:00Z", "2026-11-27", 13..=13);
}

#[test]
fn demo_never_replaces_a_database_that_is_not_a_demo() {
    let f = Fixture::imported();
    let before = std::fs::read(&f.db).unwrap();
    let err = f.run(&["demo", "--no-tui"]).fails_with("not a demo");
    assert!(err.contains("choose another --db"), "{err}");
    assert_eq!(std::fs::read(&f.db).unwrap(), before);
    assert_eq!(f.day_json().len(), 4);

    let notes = f.file("notes.sqlite3", "my notes, not a database");
    run_in(
        f.dir.path(),
        &[
            "--db", &notes, "--now", NOW, "--tz", ZONE, "demo", "--no-tui",
        ],
    )
    .fails_with("not an SQLite database");
    assert_eq!(std::fs::read(&notes).unwrap(), b"my notes, not a database");
}

#[test]
fn demo_defaults_to_the_demo_file_in_the_data_directory() {
    let f = Fixture::new();
    let out = run_in(
        f.dir.path(),
        &["--now", NOW, "--tz", ZONE, "demo", "--no-tui"],
    )
    .ok();
    let expected = f
        .dir
        .path()
        .join("xdg")
        .join("callsheet")
        .join("demo.sqlite3");
    assert!(expected.exists(), "{}", out.stdout);
    assert!(
        out.stdout.contains(&expected.display().to_string()),
        "{}",
        out.stdout
    );
    assert!(!f
        .dir
        .path()
        .join("xdg/callsheet/callsheet.sqlite3")
        .exists());
}

#[test]
fn demo_ignores_callsheet_db_which_names_the_real_database() {
    let f = Fixture::imported();
    let before = std::fs::read(&f.db).unwrap();
    let out = Command::new(BIN)
        .args(["--now", NOW, "--tz", ZONE, "demo", "--no-tui"])
        .env("CALLSHEET_DB", &f.db)
        .env("HOME", f.dir.path())
        .env("XDG_DATA_HOME", f.dir.path().join("xdg"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let demo = f.dir.path().join("xdg/callsheet/demo.sqlite3");
    assert!(demo.exists());
    assert_eq!(std::fs::read(&f.db).unwrap(), before);
}

#[test]
fn dnc_drops_callbacks_and_every_cli_path_respects_it_unless_overridden() {
    let f = Fixture::imported();
    let ana = f.id_at("2026-11-23T09:00:00Z");
    let day = f.day_json();
    let cand = day[0]["candidate"]["id"].to_string();
    f.run(&["mark", &ana, "voicemail"]).ok();
    let out = f
        .run(&["dnc", &cand, "--reason", "asked not to be called"])
        .ok();
    assert_eq!(
        out.stdout,
        "do-not-call on Ana Souza (1 callback dropped)\n"
    );
    let cbs = f.run(&["callbacks", "--json"]).ok().json();
    assert_eq!(cbs.as_array().unwrap().len(), 0);
    let day = f.day_json();
    assert_eq!(day[0]["candidate"]["do_not_call"], true);
    assert_eq!(day[0]["candidate"]["dnc_reason"], "asked not to be called");
    let table = f.run(&["day"]).ok().stdout;
    assert!(table.contains("DNC +44 20 7946 0001"), "{table}");

    // Correcting the mark records it but queues nothing now.
    let out = f.run(&["mark", &ana, "no-show"]).ok();
    assert!(out.stdout.contains("(was voicemail)"), "{}", out.stdout);
    assert!(
        out.stdout.contains("so no callback was queued"),
        "{}",
        out.stdout
    );
    // A new screen for her from a file is refused unless allowed.
    let csv = f.file(
        "more.csv",
        "start,candidate,phone\n2026-11-23 16:00,Ana Souza,+44 20 7946 0001\n",
    );
    let out = f.run(&["import", &csv]).ok();
    assert!(
        out.stdout
            .contains("more.csv:2: Ana Souza is do-not-call (asked not to be called); not booked"),
        "{}",
        out.stdout
    );
    let out = f.run(&["import", "--allow-dnc", &csv]).ok();
    assert!(out.stdout.contains("1 added"), "{}", out.stdout);
    let late = f.id_at("2026-11-23T16:00:00Z");
    let out = f
        .at("2026-11-23T16:05:00Z", &["mark", &late, "voicemail"])
        .ok();
    assert!(
        out.stdout.contains("Ana Souza is do-not-call (asked not to be called), so no callback was queued (--allow-dnc queues it)"),
        "{}",
        out.stdout
    );
    let out = f
        .at(
            "2026-11-23T16:06:00Z",
            &["mark", &late, "no-show", "--allow-dnc"],
        )
        .ok();
    assert!(out.stdout.contains("callback due"), "{}", out.stdout);

    let out = f.run(&["dnc", &cand, "--clear"]).ok();
    assert_eq!(out.stdout, "cleared do-not-call on Ana Souza\n");
    f.run(&["dnc", &cand, "--clear"])
        .fails_with("Ana Souza is not do-not-call");
    f.run(&["dnc", "999"])
        .fails_with("no candidate with id 999");
}

#[test]
fn stage_is_set_by_name_and_shown_in_json() {
    let f = Fixture::imported();
    let cand = f.day_json()[0]["candidate"]["id"].to_string();
    assert_eq!(f.day_json()[0]["candidate"]["stage"], "new");
    let out = f.run(&["stage", &cand, "rejected-not-told"]).ok();
    assert_eq!(out.stdout, "stage: Ana Souza → rejected — not told\n");
    assert_eq!(f.day_json()[0]["candidate"]["stage"], "rejected-not-told");
    let bad = f.run(&["stage", &cand, "rejected"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("not a stage"), "{}", bad.stderr);
}

#[test]
fn promises_and_owed_print_as_tables_and_json() {
    let f = Fixture::imported();
    let day = f.day_json();
    let ana = day[0]["candidate"]["id"].to_string();
    let jose = day[1]["candidate"]["id"].to_string();
    let out = f
        .run(&[
            "promise",
            &ana,
            "update after HM feedback",
            "--by",
            "fri",
            "--waiting-on-hm",
        ])
        .ok();
    assert!(
        out.stdout
            .starts_with("promise 1: promise to Ana Souza: update after HM feedback by Fri 27 Nov"),
        "{}",
        out.stdout
    );
    f.run(&["promise", &ana, "x", "--by", "someday"])
        .fails_with("'someday' is not a date");
    f.run(&["promise", &ana, "x", "--by", "2026-11-20"])
        .fails_with("is in the past");

    let list = f.run(&["promises", "--json"]).ok().json();
    let p = &list[0];
    assert_eq!(p["what"], "update after HM feedback");
    assert_eq!(p["due"], "2026-11-28T00:00:00Z");
    assert_eq!(p["due_date"], "2026-11-27");
    assert_eq!(p["urgency"], "later");
    assert_eq!(p["waiting_on_hm"], true);

    // Answered on Monday, nothing since; a rejection decided but not told.
    let ana_call = f.id_at("2026-11-23T09:00:00Z");
    f.run(&["mark", &ana_call, "answered"]).ok();
    f.run(&["stage", &jose, "rejected-not-told"]).ok();

    // Tuesday 1 December: the promise is overdue, Ana has waited 6 working days.
    let tue = "2026-12-01T10:00:00Z";
    let table = f.at(tue, &["promises"]).ok().stdout;
    assert!(
        table.starts_with("1 open promise · 1 overdue · Europe/London\n"),
        "{table}"
    );
    assert!(table.contains("Fri 27 Nov  overdue  Ana Souza"), "{table}");
    let owed = f.at(tue, &["owed", "--json"]).ok().json();
    let rows: Vec<(String, String, String)> = owed
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap().to_string(),
                o["candidate"]["name"].as_str().unwrap().to_string(),
                o["waited"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // On a tie, the rejection call comes before news.
            (
                "rejection".into(),
                "José Müller".into(),
                "6 working days".into()
            ),
            ("news".into(), "Ana Souza".into(), "6 working days".into()),
            (
                "promise".into(),
                "Ana Souza".into(),
                "2 working days overdue".into()
            ),
        ]
    );
    let table = f.at(tue, &["owed"]).ok().stdout;
    assert!(
        table.starts_with("3 owed · news after 5 working days · Europe/London\n"),
        "{table}"
    );
    assert!(table.contains("the rejection call"), "{table}");
}

// -------------------------------------------------------------- templates

#[test]
fn template_prints_the_one_that_fits_filled_for_the_candidate() {
    let f = Fixture::imported();
    let ana = f.id_at("2026-11-23T09:00:00Z");
    f.run(&["mark", &ana, "voicemail"]).ok();

    // No settings: the gaps say what to set, and the text is still whole.
    let out = f.run(&["template", "--candidate", "Ana"]).ok();
    assert!(
        out.stdout
            .starts_with("Hi Ana, it's [your name — set recruiter_name in config.toml]. I tried"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Backend Engineer"), "{}", out.stdout);
    assert!(out
        .stdout
        .contains("[callback number — set callback_number in config.toml]"));
    assert!(out.stdout.ends_with(".\n"));
    assert_eq!(out.stderr, "");

    let config = f.file(
        "config.toml",
        "callback_number = \"+44 20 7946 0000\"\nrecruiter_name = \"Jordan\"\n",
    );
    let vm = f
        .run(&[
            "--config",
            &config,
            "template",
            "voicemail",
            "--candidate",
            &ana,
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(vm["kind"], "voicemail");
    assert_eq!(vm["candidate"]["name"], "Ana Souza");
    let text = vm["text"].as_str().unwrap();
    assert!(text.starts_with("Hi Ana, it's Jordan calling about the Backend Engineer role. We had a call booked for today at 09:00"), "{text}");
    assert!(text.contains("ring me back on +44 20 7946 0000"), "{text}");

    // A CJK name is greeted whole; found by the end of their number.
    let wang = f
        .run(&["template", "--candidate", "0003", "--json"])
        .ok()
        .json();
    assert_eq!(wang["candidate"]["name"], "王小明");
    assert!(wang["text"].as_str().unwrap().starts_with("Hi 王小明, "));

    // A do-not-call candidate: the text still prints, with a warning on
    // stderr (none with -q).
    f.run(&[
        "dnc",
        &wang["candidate"]["id"].to_string(),
        "--reason",
        "asked us to stop",
    ])
    .ok();
    let dnc = f.run(&["template", "--candidate", "0003"]).ok();
    assert!(dnc.stdout.starts_with("Hi 王小明, "), "{}", dnc.stdout);
    assert_eq!(
        dnc.stderr,
        "callsheet: warning: 王小明 is do-not-call (asked us to stop)\n"
    );
    assert_eq!(
        f.run(&["-q", "template", "--candidate", "0003"])
            .ok()
            .stderr,
        ""
    );

    // A decided rejection nobody has delivered comes first.
    let zoe = f
        .run(&["template", "--candidate", "zoe", "--json"])
        .ok()
        .json();
    let id = zoe["candidate"]["id"].to_string();
    f.run(&["stage", &id, "rejected-not-told"]).ok();
    let out = f
        .run(&["template", "--candidate", &id, "--json"])
        .ok()
        .json();
    assert_eq!(out["kind"], "rejection");
    assert!(out["text"].as_str().unwrap().starts_with("Hi Zoë, "));
}

#[test]
fn template_refuses_an_unclear_candidate_and_an_unknown_kind() {
    let f = Fixture::imported();
    let many = f
        .run(&["template", "--candidate", "+44 20 7946"])
        .fails_with("matches more than one candidate");
    assert!(many.contains("Ana Souza (id "), "{many}");
    f.run(&["template", "--candidate", "Nobody"])
        .fails_with("no candidate matches 'Nobody'");
    let bad = f.run(&["template", "letter", "--candidate", "Ana"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr
            .contains("'letter' is not a template (voicemail, follow-up, no-news, rejection)"),
        "{}",
        bad.stderr
    );
}

/// The app started where there is no terminal at all (cron, a pipe, a
/// session with no controlling tty) says so in one line and exits 1; it
/// used to panic inside `ratatui::init`.
#[cfg(target_os = "linux")]
#[test]
fn the_app_without_a_terminal_says_so_in_one_line() {
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let built = run_in(
        h,
        &[
            "--db",
            db,
            "--now",
            "2026-11-23T11:10:00Z",
            "--tz",
            ZONE,
            "demo",
            "--no-tui",
        ],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let mut cmd = Command::new(BIN);
    cmd.args(["--db", db, "--now", "2026-11-23T11:10:00Z", "--tz", ZONE])
        .env_remove("CALLSHEET_CONFIG")
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("xdg-config"))
        .env("XDG_STATE_HOME", h.join("xdg-state"))
        .stdin(std::process::Stdio::null());
    // SAFETY: setsid(2) in the child before exec: a new session has no
    // controlling terminal, so /dev/tty cannot be opened either.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("callsheet: terminal:"), "{stderr}");
}

/// Issue 14, item 7: clap quotes the argument it refuses; an OSC 52 (set
/// the clipboard) or any other control in it must not reach the terminal.
#[test]
fn a_usage_error_echoes_no_control_bytes() {
    let home = tempfile::tempdir().unwrap();
    for id in ["\u{1b}]52;c;AAAA\u{7}", "\u{9b}2J\u{1b}[31mred"] {
        let r = run_in(home.path(), &["mark", id, "voicemail"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("invalid value"), "{}", r.stderr);
        assert!(
            !r.stderr
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || ('\u{80}'..='\u{9f}').contains(&c)),
            "{:?}",
            r.stderr
        );
    }
}
