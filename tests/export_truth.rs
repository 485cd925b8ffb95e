//! Exports that carry every outcome (#13 item 3): a cancelled screen is
//! `STATUS:CANCELLED` with its reason, a moved screen is the same event at
//! its new time with a higher SEQUENCE, and the CSV call log tells a
//! no-show from a missed dial, with a row for each cancellation and move.
//! Each test reads what the real `callsheet export` wrote.

mod common;

use callsheet::domain::change::{ChangedBy, ScreenChange};
use callsheet::domain::{AttemptResult, Interval, Outcome};
use callsheet::import::export::LOG_COLUMNS;
use callsheet::store::{MarkOptions, Store};
use common::{at, call_at, mon, rules, seeded};
use std::path::Path;
use std::process::Command;

/// `callsheet export ARGS` on `db` at `now`: stdout, which must succeed.
fn export(db: &Path, home: &Path, now: &str, args: &[&str]) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_callsheet"));
    common::sandboxed(&mut c, home);
    let out = c
        .env("CALLSHEET_NOW", now)
        .env("CALLSHEET_TZ", "Europe/London")
        .arg("--db")
        .arg(db)
        .arg("export")
        .args(args)
        .output()
        .expect("run callsheet");
    assert!(
        out.status.success(),
        "export {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 export")
}

/// The unfolded lines of the VEVENT with this UID.
fn event(ics: &str, uid: &str) -> Vec<String> {
    let unfolded = ics.replace("\r\n ", "");
    let block = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:{uid}\r\n")))
        .unwrap_or_else(|| panic!("no {uid} in {ics}"))
        .to_string();
    block.lines().map(str::to_string).collect()
}

fn prop(ev: &[String], name: &str) -> Option<String> {
    ev.iter()
        .find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
}

fn cancel(store: &Store, id: i64, reason: &str, told: &str) {
    let opts = MarkOptions {
        change: Some(ScreenChange {
            by: ChangedBy::Candidate,
            told_at: at(told),
            reason: reason.into(),
        }),
        ..MarkOptions::default()
    };
    store
        .mark_as(id, Outcome::Cancelled, &opts, at(told), &rules())
        .unwrap();
}

fn csv_rows(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn a_cancelled_screen_is_status_cancelled_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = seeded(dir.path());
    let (ana, jose) = (call_at(&store, "09:00"), call_at(&store, "10:00"));
    cancel(&store, jose, "got another offer", "2026-11-23T08:30:00Z");
    drop(store);
    let ics = export(&db, dir.path(), "2026-11-23T12:00:00Z", &["--ics"]);
    let ev = event(&ics, &format!("call-{jose}@callsheet"));
    assert_eq!(prop(&ev, "STATUS").as_deref(), Some("CANCELLED"), "{ev:?}");
    let desc = prop(&ev, "DESCRIPTION").unwrap_or_default();
    assert!(desc.contains("got another offer"), "{desc}");
    assert!(desc.contains("by the candidate"), "{desc}");
    assert_eq!(
        prop(&ev, "X-CALLSHEET-OUTCOME").as_deref(),
        Some("cancelled")
    );
    // The others are not cancelled.
    let ana = event(&ics, &format!("call-{ana}@callsheet"));
    assert_eq!(prop(&ana, "STATUS"), None, "{ana:?}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn a_moved_screen_is_the_same_event_at_its_new_time_with_a_higher_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = seeded(dir.path());
    let ana = call_at(&store, "09:00");
    let uid = format!("call-{ana}@callsheet");
    drop(store);
    let before = export(&db, dir.path(), "2026-11-23T07:30:00Z", &["--ics"]);
    let seq_before: u32 = prop(&event(&before, &uid), "SEQUENCE")
        .unwrap()
        .parse()
        .unwrap();

    let store = Store::open(&db).unwrap();
    let slot = Interval::new(mon("15:00"), mon("15:30"));
    let change = ScreenChange {
        by: ChangedBy::Candidate,
        told_at: at("2026-11-23T07:45:00Z"),
        reason: "train delayed".into(),
    };
    let (new_id, _) = store
        .reschedule(
            ana,
            slot,
            change,
            false,
            at("2026-11-23T07:45:00Z"),
            &rules(),
        )
        .unwrap();
    drop(store);
    let after = export(&db, dir.path(), "2026-11-23T08:00:00Z", &["--ics"]);
    // One event for Ana, under the first screen's UID, at 15:00.
    assert_eq!(after.matches("BEGIN:VEVENT").count(), 4, "{after}");
    assert!(
        !after.contains(&format!("call-{new_id}@callsheet")),
        "{after}"
    );
    let ev = event(&after, &uid);
    assert_eq!(prop(&ev, "DTSTART").as_deref(), Some("20261123T150000Z"));
    let seq_after: u32 = prop(&ev, "SEQUENCE").unwrap().parse().unwrap();
    assert!(seq_after > seq_before, "{seq_before} → {seq_after}");
    assert_eq!(prop(&ev, "STATUS"), None, "a moved screen is not cancelled");
    let desc = prop(&ev, "DESCRIPTION").unwrap_or_default();
    assert!(desc.contains("train delayed"), "{desc}");
    assert!(desc.contains("2026-11-23 09:00 UTC"), "{desc}");

    // Marking the moved screen raises SEQUENCE again.
    let store = Store::open(&db).unwrap();
    store
        .mark(new_id, Outcome::Answered, mon("15:35"), &rules())
        .unwrap();
    drop(store);
    let marked = export(&db, dir.path(), "2026-11-23T16:00:00Z", &["--ics"]);
    let s: u32 = prop(&event(&marked, &uid), "SEQUENCE")
        .unwrap()
        .parse()
        .unwrap();
    assert!(s > seq_after, "{seq_after} → {s}");
}

#[test]
fn a_screen_moved_to_another_day_is_exported_on_the_day_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = seeded(dir.path());
    let ana = call_at(&store, "09:00");
    let slot = Interval::new(at("2026-11-25T10:00:00Z"), at("2026-11-25T10:30:00Z"));
    let change = ScreenChange {
        by: ChangedBy::Recruiter,
        told_at: at("2026-11-23T07:45:00Z"),
        reason: String::new(),
    };
    store
        .reschedule(
            ana,
            slot,
            change,
            false,
            at("2026-11-23T07:45:00Z"),
            &rules(),
        )
        .unwrap();
    drop(store);
    // A calendar that holds Monday's export must learn the screen left.
    let monday = export(&db, dir.path(), "2026-11-23T08:00:00Z", &["--ics"]);
    let ev = event(&monday, &format!("call-{ana}@callsheet"));
    assert_eq!(prop(&ev, "DTSTART").as_deref(), Some("20261125T100000Z"));
    // The week holds it once.
    let week = export(
        &db,
        dir.path(),
        "2026-11-23T08:00:00Z",
        &["--ics", "--from", "2026-11-23", "--to", "2026-11-27"],
    );
    assert_eq!(
        week.matches(&format!("UID:call-{ana}@callsheet")).count(),
        1
    );
    assert_eq!(week.matches("BEGIN:VEVENT").count(), 4);
}

#[test]
fn the_call_log_tells_a_no_show_from_a_missed_dial_and_logs_cancellations() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = seeded(dir.path());
    let (ana, jose, wang, zoe) = (
        call_at(&store, "09:00"),
        call_at(&store, "10:00"),
        call_at(&store, "11:00"),
        call_at(&store, "14:00"),
    );
    let zone = chrono_tz::Europe::London;
    // Ana: a dial nobody answered, the screen left open, answered later.
    store
        .log_attempt(ana, AttemptResult::NoAnswer, mon("09:01"), zone)
        .unwrap();
    store
        .mark(ana, Outcome::Answered, mon("09:05"), &rules())
        .unwrap();
    // José: a no-show.
    store
        .mark(jose, Outcome::NoShow, mon("10:10"), &rules())
        .unwrap();
    // 王小明: cancelled that morning.
    cancel(&store, wang, "sick", "2026-11-23T08:00:00Z");
    // Zoë: moved to Wednesday.
    let slot = Interval::new(at("2026-11-25T15:00:00Z"), at("2026-11-25T15:30:00Z"));
    let change = ScreenChange {
        by: ChangedBy::HiringManager,
        told_at: at("2026-11-23T08:15:00Z"),
        reason: "panel clash".into(),
    };
    store
        .reschedule(
            zoe,
            slot,
            change,
            false,
            at("2026-11-23T08:15:00Z"),
            &rules(),
        )
        .unwrap();
    drop(store);

    let csv = export(&db, dir.path(), "2026-11-23T17:00:00Z", &["--csv"]);
    assert_eq!(csv.lines().next(), Some(LOG_COLUMNS.join(",").as_str()));
    let rows = csv_rows(&csv);
    let pick = |call: i64, event: &str| {
        rows.iter()
            .find(|r| r["call_id"] == call.to_string() && r["event"] == event)
            .unwrap_or_else(|| panic!("no {event} row for {call} in {csv}"))
            .clone()
    };
    let dial = pick(ana, "dial");
    assert_eq!(dial["result"], "no-answer");
    assert_eq!(dial["direction"], "outbound");
    assert_eq!(dial["outcome"], "answered");
    assert_eq!(dial["scheduled_utc"], "2026-11-23T09:00:00Z");
    let no_show = pick(jose, "mark");
    assert_eq!(no_show["result"], "no-answer");
    assert_eq!(no_show["outcome"], "no-show");
    assert_ne!(
        (&dial["event"], &dial["outcome"]),
        (&no_show["event"], &no_show["outcome"]),
        "an ATS must tell them apart"
    );
    let c = pick(wang, "cancellation");
    assert_eq!(c["time_utc"], "2026-11-23T08:00:00Z");
    assert_eq!(c["outcome"], "cancelled");
    assert_eq!(c["changed_by"], "candidate");
    assert_eq!(c["notice"], "late notice");
    assert_eq!(c["reason"], "sick");
    assert_eq!(c["scheduled_utc"], "2026-11-23T11:00:00Z");
    let m = pick(zoe, "reschedule");
    assert_eq!(m["moved_to_utc"], "2026-11-25T15:00:00Z");
    assert_eq!(m["changed_by"], "hiring-manager");
    assert_eq!(m["reason"], "panel clash");
    // Candidate ids are the candidates', oldest row first.
    assert!(rows
        .iter()
        .all(|r| r["candidate_id"].parse::<i64>().is_ok()));
    let times: Vec<&String> = rows.iter().map(|r| &r["time_utc"]).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
    assert_eq!(rows.len(), 5, "{csv}");
}
