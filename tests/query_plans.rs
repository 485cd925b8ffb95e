//! Every query on a hot path uses an index: `EXPLAIN QUERY PLAN` on a
//! seeded database must show no step that scans a whole table.
//!
//! The history grows by the year; a scan that costs nothing on the demo
//! day costs a second on a team's million screens.

use callsheet::domain::{CallbackReason, CallbackStatus, Outcome};
use callsheet::store::{hot_path_queries, BulkCall, BulkCallback, NewCandidate, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn seeded() -> Store {
    let store = Store::open_in_memory().expect("store");
    let now: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let people: Vec<NewCandidate> = (0..200)
        .map(|i| NewCandidate {
            name: format!("Candidate {i}"),
            phone: format!("+44 20 7946 {i:04}"),
            email: None,
            timezone: None,
        })
        .collect();
    let ids = store.bulk_candidates(&people, now).expect("candidates");
    let roles = store.bulk_roles(&["Backend", "Frontend"]).expect("roles");
    let calls: Vec<BulkCall> = (0..2_000i64)
        .map(|i| {
            let start = now - Duration::minutes(30 * i);
            let outcome = [Outcome::Answered, Outcome::Voicemail, Outcome::NoShow][i as usize % 3];
            BulkCall {
                candidate_id: ids[i as usize % ids.len()],
                role_id: Some(roles[i as usize % 2]),
                start,
                minutes: 30,
                outcome,
                marked_at: Some(start + Duration::minutes(5)),
                note: (i % 4 == 0).then(|| "keen; asked about remote".to_string()),
                callback: (outcome != Outcome::Answered).then(|| BulkCallback {
                    reason: if outcome == Outcome::Voicemail {
                        CallbackReason::Voicemail
                    } else {
                        CallbackReason::NoShow
                    },
                    due: start + Duration::days(1),
                    status: if i < 20 {
                        CallbackStatus::Open
                    } else {
                        CallbackStatus::Reached
                    },
                    closed_at: (i >= 20).then(|| start + Duration::days(1)),
                }),
            }
        })
        .collect();
    store.bulk_calls(&calls).expect("calls");
    store
}

/// A step reads a whole table when SQLite says `SCAN <table>`: with no
/// index, or walking a whole index ("SCAN t USING COVERING INDEX i" reads
/// every entry of `i`, as many as the table has rows: a covering index
/// that holds the filtered column makes SQLite prefer that to a table
/// scan, and it grows just the same). `SCAN CONSTANT ROW` and subquery
/// co-routines read no table.
///
/// The FTS5 name index is a virtual table, always shown as "SCAN … VIRTUAL
/// TABLE INDEX n:STR": STR lists the constraints FTS5 takes (`M` a MATCH,
/// `=` a rowid), and is empty when it reads every row.
fn is_full_scan(step: &str) -> bool {
    let step = step.trim();
    if let Some((_, index)) = step.split_once(" VIRTUAL TABLE INDEX ") {
        return index.split_once(':').is_none_or(|(_, s)| s.is_empty());
    }
    step.starts_with("SCAN ")
        && !step.starts_with("SCAN CONSTANT ROW")
        && !step.contains("SUBQUERY")
}

#[test]
fn no_hot_path_query_scans_a_table() {
    let store = seeded();
    let mut scans = Vec::new();
    for (what, sql) in hot_path_queries() {
        let plan = store.explain(&sql).expect(what);
        assert!(!plan.is_empty(), "{what}: no plan");
        println!("{what}:\n  {}", plan.join("\n  "));
        for step in &plan {
            if is_full_scan(step) {
                scans.push(format!("{what}: {}", step.trim()));
            }
        }
    }
    assert!(scans.is_empty(), "full table scans:\n{}", scans.join("\n"));
}

#[test]
fn the_check_catches_a_scan() {
    let store = seeded();
    for sql in [
        "SELECT id FROM screens WHERE minutes = 45",
        // A walk of the whole of a covering index is a scan too.
        "SELECT id FROM screens WHERE outcome = 'answered'",
    ] {
        let plan = store.explain(sql).expect("plan");
        assert!(plan.iter().any(|s| is_full_scan(s)), "{sql}: {plan:?}");
    }
    let plan = store
        .explain("SELECT rowid FROM candidate_names ORDER BY rowid DESC LIMIT 5")
        .expect("plan");
    assert!(plan.iter().any(|s| is_full_scan(s)), "{plan:?}");
}

/// The same check on a generated history, when one is named:
/// `CALLSHEET_PLAN_DB=/tmp/callsheet-bench-1000000.sqlite3 cargo test --test query_plans -- --nocapture`.
#[test]
fn no_scans_on_generated_history() {
    let Some(path) = std::env::var_os("CALLSHEET_PLAN_DB") else {
        return;
    };
    let store = Store::open(std::path::Path::new(&path)).expect("generated db");
    for (what, sql) in hot_path_queries() {
        let plan = store.explain(&sql).expect(what);
        println!("{what}:\n  {}", plan.join("\n  "));
        assert!(!plan.iter().any(|s| is_full_scan(s)), "{what}: {plan:?}");
    }
}
