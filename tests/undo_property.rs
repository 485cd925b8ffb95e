//! The undo property (issue 13, item 2): any sequence of recruiter actions
//! followed by undoing all of them, newest first, leaves the database
//! exactly as it was, compared by a canonical dump of every table. Real
//! SQLite files in temp dirs; proptest picks the actions.

mod common;

use callsheet::domain::change::{ChangedBy, ScreenChange};
use callsheet::domain::{AttemptResult, Interval, Outcome, Stage, Undo};
use callsheet::store::{MarkOptions, Store};
use chrono::{DateTime, Duration, Utc};
use common::{mon, rules, seeded};
use proptest::prelude::*;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::path::Path;

/// One recruiter action; indices pick among what exists at the time.
#[derive(Debug, Clone)]
enum Act {
    Mark(usize, u8),
    Cancel(usize, u8),
    Dnc(usize, bool),
    Stage(usize, usize),
    CallNote(usize, String),
    CandidateNote(usize, String),
    AddPromise(usize),
    KeepPromise(usize),
    MovePromise(usize),
    NoNews(usize),
    Place(usize),
    Snooze(usize),
    Drop(usize),
    Reached(usize),
    Inbound(usize),
    Attempt(usize, u8),
    Reschedule(usize, usize),
}

fn act() -> impl Strategy<Value = Act> {
    let i = 0usize..6;
    prop_oneof![
        (i.clone(), 0u8..5).prop_map(|(a, b)| Act::Mark(a, b)),
        (i.clone(), 0u8..3).prop_map(|(a, b)| Act::Cancel(a, b)),
        (i.clone(), any::<bool>()).prop_map(|(a, b)| Act::Dnc(a, b)),
        (i.clone(), 0usize..9).prop_map(|(a, b)| Act::Stage(a, b)),
        (i.clone(), "[a-z ]{0,6}").prop_map(|(a, b)| Act::CallNote(a, b)),
        (i.clone(), "[a-z ]{0,6}").prop_map(|(a, b)| Act::CandidateNote(a, b)),
        i.clone().prop_map(Act::AddPromise),
        i.clone().prop_map(Act::KeepPromise),
        i.clone().prop_map(Act::MovePromise),
        i.clone().prop_map(Act::NoNews),
        i.clone().prop_map(Act::Place),
        i.clone().prop_map(Act::Snooze),
        i.clone().prop_map(Act::Drop),
        i.clone().prop_map(Act::Reached),
        i.clone().prop_map(Act::Inbound),
        (i.clone(), 0u8..3).prop_map(|(a, b)| Act::Attempt(a, b)),
        (i.clone(), 0usize..3).prop_map(|(a, b)| Act::Reschedule(a, b)),
    ]
}

const OUTCOMES: [Outcome; 5] = [
    Outcome::Answered,
    Outcome::Voicemail,
    Outcome::NoShow,
    Outcome::Scheduled,
    Outcome::Cancelled,
];

fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
    (!v.is_empty()).then(|| v[i % v.len()])
}

/// Runs `a` at `now`; the undo when it was done (a refusal changes
/// nothing, so it has no undo).
fn run(store: &Store, a: &Act, now: DateTime<Utc>) -> Option<Undo> {
    let r = rules();
    let calls: Vec<i64> = store
        .calls_between(mon("00:00"), mon("00:00") + Duration::days(30))
        .ok()?
        .iter()
        .map(|c| c.id)
        .collect();
    let cands: Vec<i64> = store
        .calls_between(mon("00:00"), mon("00:00") + Duration::days(30))
        .ok()?
        .iter()
        .map(|c| c.candidate.id)
        .collect();
    let queue: Vec<i64> = store
        .open_callbacks(now, r.hours.zone)
        .ok()?
        .iter()
        .map(|c| c.id)
        .collect();
    let promises: Vec<i64> = store.open_promises().ok()?.iter().map(|p| p.id).collect();
    let change = |k: u8| ScreenChange {
        by: ChangedBy::ALL[usize::from(k) % 3],
        told_at: now - Duration::minutes(5),
        reason: "r".into(),
    };
    let out = match a {
        Act::Mark(i, o) => store
            .mark(pick(&calls, *i)?, OUTCOMES[usize::from(*o) % 4], now, &r)
            .map(|d| d.undo),
        Act::Cancel(i, k) => {
            let opts = MarkOptions {
                change: Some(change(*k)),
                ..MarkOptions::default()
            };
            store
                .mark_as(pick(&calls, *i)?, Outcome::Cancelled, &opts, now, &r)
                .map(|d| d.undo)
        }
        Act::Dnc(i, on) => store.set_do_not_call(pick(&cands, *i)?, *on, Some("asked"), now),
        Act::Stage(i, s) => store.set_stage(pick(&cands, *i)?, Stage::ALL[*s % 9], now),
        Act::CallNote(i, t) => store.save_call_note(pick(&calls, *i)?, t, now),
        Act::CandidateNote(i, t) => store.save_candidate_note(pick(&cands, *i)?, t, now),
        Act::AddPromise(i) => store
            .add_promise(
                pick(&cands, *i)?,
                None,
                "news",
                r.hours.local_date(now) + Duration::days(2),
                false,
                now,
                &r.hours,
            )
            .map(|x| x.1),
        Act::KeepPromise(i) => store.keep_promise(pick(&promises, *i)?, now),
        Act::MovePromise(i) => store.move_promise(
            pick(&promises, *i)?,
            r.hours.local_date(now) + Duration::days(4),
            "hm away",
            now,
            &r.hours,
        ),
        Act::NoNews(i) => store
            .promise_no_news(pick(&promises, *i)?, now, &r.hours, 2)
            .map(|x| x.1),
        Act::Place(i) => {
            let cb = pick(&queue, *i)?;
            let slot = *store.free_slots_for(cb, now, &r, 1).ok()?.first()?;
            store
                .place_callback_with(cb, slot, true, now, &r)
                .map(|x| x.1)
        }
        Act::Snooze(i) => store
            .snooze_callback_with(pick(&queue, *i)?, true, now, &r)
            .map(|x| x.1),
        Act::Drop(i) => store.drop_callback(pick(&queue, *i)?, "duplicate", now, &r),
        Act::Reached(i) => store.callback_reached(pick(&queue, *i)?, now, &r),
        Act::Inbound(i) => {
            let call = pick(&calls, *i)?;
            let cand = store.call(call).ok()?.candidate.id;
            store.log_inbound(cand, Some(call), now).map(|d| d.undo)
        }
        Act::Attempt(i, k) => store.log_attempt(
            pick(&calls, *i)?,
            [
                AttemptResult::Busy,
                AttemptResult::NoAnswer,
                AttemptResult::WrongNumber,
            ][usize::from(*k) % 3],
            now,
            r.hours.zone,
        ),
        Act::Reschedule(i, s) => {
            let call = pick(&calls, *i)?;
            let slots: Vec<Interval> = store.reschedule_slots(call, now, &r, 3).ok()?;
            let slot = pick(&slots, *s)?;
            store
                .reschedule(call, slot, change(0), true, now, &r)
                .map(|x| x.1)
        }
    };
    out.ok()
}

/// Every table, every row, in a canonical order.
///
/// Left out, each for a reason:
/// - `screens.sequence`: iCalendar SEQUENCE, kept by a trigger; an undone
///   change is one more revision a subscribed calendar must see, so it
///   rises and never goes back (RFC 5545 §3.8.7.4).
/// - the search index `candidate_names` and its shadow tables: SQLite's
///   own structure, derived from `candidates` by triggers; its layout
///   after a delete and re-insert may differ while its content is the
///   same, so it is checked with FTS5's `integrity-check` instead.
fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    conn.execute(
        "INSERT INTO candidate_names (candidate_names) VALUES ('integrity-check')",
        [],
    )
    .expect("the search index agrees with the candidates");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'candidate_names%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut cells = Vec::new();
                for (k, n) in names.iter().enumerate() {
                    if t == "screens" && n == "sequence" {
                        continue;
                    }
                    let v: Value = r.get(k)?;
                    cells.push(format!("{n}={v:?}"));
                }
                Ok(format!("{t}: {}", cells.join(", ")))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

fn check(actions: &[Act]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let (path, store) = seeded(tmp.path());
    let before = dump(&path);
    let mut now = mon("09:05");
    let mut undos = Vec::new();
    for a in actions {
        now += Duration::minutes(7);
        if let Some(u) = run(&store, a, now) {
            undos.push((a.clone(), u));
        }
    }
    while let Some((a, u)) = undos.pop() {
        if let Err(e) = store.undo_action(&u) {
            return Err(TestCaseError::fail(format!("undo of {a:?} refused: {e}")));
        }
    }
    let after = dump(&path);
    prop_assert_eq!(before, after);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn undoing_every_action_leaves_the_database_as_it_was(
        actions in proptest::collection::vec(act(), 1..24)
    ) {
        check(&actions)?;
    }
}

/// The issue's own sequence, as a fixed case of the property.
#[test]
fn the_no_show_dnc_correction_sequence_undoes_to_the_start() {
    check(&[
        Act::Mark(0, 2),
        Act::Dnc(0, true),
        Act::Mark(0, 1),
        Act::CallNote(0, "x".into()),
    ])
    .unwrap();
}
