//! The store on real SQLite files in temporary directories: opening,
//! migrating, refusing what is not ours, and every recruiter action with
//! what it writes and what undo takes back.

mod common;

use callsheet::domain::{
    AttemptResult, Bucket, Callback, CallbackStatus, Direction, Interval, Outcome,
};
use callsheet::error::Error;
use callsheet::store::{migrations, FileKind, Store, APPLICATION_ID};
use chrono::Duration;
use common::{call_at, day, mon, rules, screen, seeded};
use rusqlite::Connection;
use std::path::Path;

const LONDON: chrono_tz::Tz = chrono_tz::Europe::London;

/// The fixed day in a fresh database file (keep the dir alive).
fn day_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    (tmp, store)
}

/// The open callbacks at `hhmm` on the fixed day.
fn queue(store: &Store, hhmm: &str) -> Vec<Callback> {
    store.open_callbacks(mon(hhmm), LONDON).unwrap()
}

/// Marks the call at `hhmm` voicemail three minutes in; its callback's id.
fn voicemail_callback(store: &Store, hhmm: &str) -> i64 {
    let done = store
        .mark(
            call_at(store, hhmm),
            Outcome::Voicemail,
            mon(hhmm) + Duration::minutes(3),
            &rules(),
        )
        .unwrap();
    assert!(done.callback_due.is_some());
    queue(store, hhmm)
        .into_iter()
        .filter(|c| c.origin_screen_id == Some(call_at(store, hhmm)))
        .map(|c| c.id)
        .next()
        .unwrap()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

fn open_err(path: &Path) -> Error {
    Store::open(path).expect_err("should be refused")
}

#[test]
fn migrates_from_nothing_and_creates_private_file_and_directory() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data").join("callsheet");
    let path = dir.join("callsheet.sqlite3");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    store.import(&day(), mon("07:00"), false).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = dir.join("callsheet.sqlite3-wal");
    assert!(wal.exists(), "WAL mode keeps a -wal file while open");
    assert_eq!(mode(&wal), 0o600);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn an_empty_file_is_migrated() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("empty.sqlite3");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
}

#[test]
fn migrates_from_each_earlier_version_keeping_data() {
    for version in 1..migrations::latest() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            for sql in &migrations::MIGRATIONS[..version as usize] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", version).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO candidates (name, phone, phone_key, created_at) VALUES ('Ana', '+44 1', '+441', 0)",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::latest());
        assert_eq!(store.candidate(1).unwrap().name, "Ana");
        assert!(!store.is_demo().unwrap());
    }
}

#[test]
fn marks_survive_close_and_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, store) = seeded(tmp.path());
    let id = call_at(&store, "09:00");
    let done = store
        .mark_with_note(
            id,
            Outcome::Voicemail,
            Some("left a message"),
            mon("09:03"),
            &rules(),
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let call = store.call(id).unwrap();
    assert_eq!(call.outcome, Outcome::Voicemail);
    assert_eq!(call.marked_at, Some(mon("09:03")));
    assert_eq!(call.note, "left a message");
    let q = queue(&store, "09:05");
    assert_eq!(q.len(), 1);
    assert_eq!(Some(q[0].due), done.callback_due);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, store) = seeded(tmp.path());
    drop(store);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::latest() + 3)
            .unwrap();
    }
    let before = read(&path);
    let e = open_err(&path);
    assert!(matches!(e, Error::NewerSchema { .. }), "{e}");
    assert!(e.to_string().contains("newer callsheet"), "{e}");
    assert_eq!(read(&path), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("notes.sqlite3");
    std::fs::write(&path, "Monday: call Ana at 9\n".repeat(20)).unwrap();
    let before = read(&path);
    let e = open_err(&path);
    assert!(matches!(e, Error::NotOurs { .. }), "{e}");
    assert!(e.to_string().contains("not an SQLite database"), "{e}");
    assert_eq!(read(&path), before);
    assert!(!tmp.path().join("notes.sqlite3-wal").exists());
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("other.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);")
            .unwrap();
    }
    let before = read(&path);
    let e = open_err(&path);
    assert!(e.to_string().contains("another program's tables"), "{e}");
    assert_eq!(read(&path), before);
    assert_eq!(
        Store::probe(&path).unwrap(),
        FileKind::Other("not a callsheet database".into())
    );
}

#[test]
fn a_mark_records_an_attempt_and_a_callback_and_undo_removes_both() {
    let (_tmp, store) = day_store();
    let id = call_at(&store, "10:00");
    let candidate = store.call(id).unwrap().candidate.id;
    let done = store
        .mark(id, Outcome::Voicemail, mon("10:04"), &rules())
        .unwrap();
    // Voicemail at 10:04 → first free slot ≥ 12:04: 12:30 (12:00 is free
    // too but starts before 12:04).
    assert_eq!(done.callback_due, Some(mon("12:30")));
    assert!(done.callback_in_free_slot);
    let attempts = store.attempts_for(candidate).unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].result, AttemptResult::VoicemailLeft);
    assert_eq!(attempts[0].direction, Direction::Outbound);
    assert_eq!(attempts[0].at, mon("10:04"));
    assert_eq!(attempts[0].screen_id, Some(id));
    assert_eq!(queue(&store, "10:05").len(), 1);

    store.undo(&done.undo, mon("10:06"), &rules()).unwrap();
    let call = store.call(id).unwrap();
    assert_eq!(call.outcome, Outcome::Scheduled);
    assert_eq!(call.marked_at, None);
    assert!(store.attempts_for(candidate).unwrap().is_empty());
    assert!(queue(&store, "10:06").is_empty());
}

#[test]
fn no_show_queues_a_callback_on_the_next_working_day() {
    let (_tmp, store) = day_store();
    let id = call_at(&store, "09:00");
    let done = store
        .mark(id, Outcome::NoShow, mon("09:10"), &rules())
        .unwrap();
    assert_eq!(done.callback_due, Some(common::at("2026-11-24T08:00:00Z")));
    let a = store
        .attempts_for(store.call(id).unwrap().candidate.id)
        .unwrap();
    assert_eq!(a[0].result, AttemptResult::NoAnswer);
}

#[test]
fn a_correction_replaces_what_the_first_mark_wrote_and_undo_restores_it() {
    let (_tmp, store) = day_store();
    let id = call_at(&store, "09:00");
    let candidate = store.call(id).unwrap().candidate.id;
    store
        .mark(id, Outcome::Voicemail, mon("09:03"), &rules())
        .unwrap();
    let fix = store
        .mark(id, Outcome::Answered, mon("09:05"), &rules())
        .unwrap();
    assert_eq!(store.call(id).unwrap().outcome, Outcome::Answered);
    let attempts = store.attempts_for(candidate).unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].result, AttemptResult::Answered);
    assert!(queue(&store, "09:06").is_empty());

    store.undo(&fix.undo, mon("09:07"), &rules()).unwrap();
    let call = store.call(id).unwrap();
    assert_eq!(call.outcome, Outcome::Voicemail);
    assert_eq!(call.marked_at, Some(mon("09:03")));
    assert_eq!(queue(&store, "09:07").len(), 1);
    assert_eq!(
        store.attempts_for(candidate).unwrap()[0].result,
        AttemptResult::VoicemailLeft
    );
}

#[test]
fn the_same_mark_twice_is_refused_and_queues_nothing_more() {
    let (_tmp, store) = day_store();
    let id = call_at(&store, "09:00");
    store
        .mark(id, Outcome::Voicemail, mon("09:03"), &rules())
        .unwrap();
    let e = store
        .mark_with_note(
            id,
            Outcome::Voicemail,
            Some("typed twice"),
            mon("09:04"),
            &rules(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("already marked voicemail"), "{e}");
    // The refused mark's note was not saved either: one transaction.
    assert_eq!(store.call(id).unwrap().note, "");
    assert_eq!(queue(&store, "09:05").len(), 1);
}

#[test]
fn marking_an_unknown_call_is_not_found() {
    let (_tmp, store) = day_store();
    let e = store
        .mark(999, Outcome::Answered, mon("09:00"), &rules())
        .unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e}");
}

#[test]
fn do_not_call_records_the_attempt_but_queues_no_callback() {
    let (_tmp, store) = day_store();
    let id = call_at(&store, "09:00");
    let candidate = store.call(id).unwrap().candidate.id;
    store
        .set_do_not_call(
            candidate,
            true,
            Some("asked not to be called"),
            mon("09:01"),
        )
        .unwrap();
    let done = store
        .mark(id, Outcome::Voicemail, mon("09:03"), &rules())
        .unwrap();
    assert!(done.skipped_do_not_call);
    assert_eq!(done.callback_due, None);
    assert_eq!(store.attempts_for(candidate).unwrap().len(), 1);
    assert!(queue(&store, "09:05").is_empty());
}

#[test]
fn a_placed_callback_becomes_a_call_and_answering_it_closes_the_callback() {
    let (_tmp, store) = day_store();
    let cb = voicemail_callback(&store, "09:00");
    let slots = store.free_slots_for(cb, mon("09:05"), &rules(), 3).unwrap();
    assert_eq!(
        slots.iter().map(|s| s.start).collect::<Vec<_>>(),
        vec![mon("11:30"), mon("12:00"), mon("12:30")]
    );
    let (placed, undo) = store
        .place_callback(cb, slots[0], mon("09:05"), &rules())
        .unwrap();
    let call = store.call(placed).unwrap();
    assert_eq!(call.kind.as_str(), "callback");
    assert_eq!(call.start, mon("11:30"));
    assert!(queue(&store, "09:06").is_empty());
    // The slot is taken now.
    let again = store.place_callback(cb, slots[0], mon("09:06"), &rules());
    assert!(again.is_err());

    store
        .mark(placed, Outcome::Answered, mon("11:50"), &rules())
        .unwrap();
    let closed = store.callback(cb, mon("11:51"), LONDON).unwrap();
    assert_eq!(closed.status, CallbackStatus::Reached);

    // Undoing the placement is refused once the placed call is marked.
    assert!(store.undo(&undo, mon("11:52"), &rules()).is_err());
}

#[test]
fn undo_of_a_placement_removes_the_call_and_reopens_the_callback() {
    let (_tmp, store) = day_store();
    let cb = voicemail_callback(&store, "09:00");
    let slot = Interval::minutes(mon("15:00"), 30);
    let (placed, undo) = store
        .place_callback(cb, slot, mon("09:05"), &rules())
        .unwrap();
    store.undo(&undo, mon("09:06"), &rules()).unwrap();
    assert!(store.call(placed).is_err());
    let back = store.callback(cb, mon("09:06"), LONDON).unwrap();
    assert_eq!(back.status, CallbackStatus::Open);
}

#[test]
fn reached_snoozed_and_dropped_callbacks() {
    let (_tmp, store) = day_store();
    let r = rules();
    let [a, b, c] = ["09:00", "10:00", "11:00"].map(|t| voicemail_callback(&store, t));
    assert_eq!(queue(&store, "11:10").len(), 3);

    // Reached: closed, with an answered attempt on the record.
    let reached = store.callback_reached(a, mon("11:40"), &r).unwrap();
    let cand = store.callback(a, mon("11:40"), LONDON).unwrap();
    assert_eq!(cand.status, CallbackStatus::Reached);
    let attempts = store.attempts_for(cand.candidate.id).unwrap();
    assert_eq!(attempts.last().unwrap().result, AttemptResult::Answered);
    store.undo(&reached, mon("11:41"), &r).unwrap();
    assert_eq!(
        store.callback(a, mon("11:41"), LONDON).unwrap().status,
        CallbackStatus::Open
    );
    assert_eq!(store.attempts_for(cand.candidate.id).unwrap().len(), 1);

    // Snoozed: later, still open.
    let before = store.callback(b, mon("11:42"), LONDON).unwrap().due;
    let (due, _) = store.snooze_callback(b, mon("11:42"), &r).unwrap();
    assert!(due > before, "{due} > {before}");
    assert_eq!(store.callback(b, mon("11:42"), LONDON).unwrap().due, due);

    // Dropped: needs a reason; then off the queue.
    assert!(store.drop_callback(c, "   ", mon("11:43"), &r).is_err());
    store
        .drop_callback(c, "took another offer", mon("11:43"), &r)
        .unwrap();
    let open: Vec<i64> = queue(&store, "11:44").iter().map(|q| q.id).collect();
    assert_eq!(open.len(), 2);
    assert!(!open.contains(&c));
    // A closed callback cannot be acted on again.
    assert!(store.callback_reached(c, mon("11:45"), &r).is_err());
}

#[test]
fn an_inbound_call_records_lateness_and_goes_to_the_top_of_the_queue() {
    let (_tmp, store) = day_store();
    let r = rules();
    let first = call_at(&store, "09:00");
    let second = call_at(&store, "10:00");
    store
        .mark(first, Outcome::Voicemail, mon("09:03"), &r)
        .unwrap();
    store
        .mark(second, Outcome::Voicemail, mon("10:03"), &r)
        .unwrap();
    let caller = store.call(second).unwrap().candidate.id;
    let done = store.log_inbound(caller, None, mon("10:47")).unwrap();
    assert_eq!(done.late_minutes, Some(47));
    assert_eq!(
        done.undo.label(),
        "José Müller called back 47 min after the slot"
    );
    let inbound = store.attempts_for(caller).unwrap();
    let last = inbound.last().unwrap();
    assert_eq!(last.direction, Direction::Inbound);
    assert_eq!(last.late_minutes, Some(47));

    let mut q = queue(&store, "10:50");
    callsheet::domain::callback::sort_queue(&mut q, mon("10:50"), 30);
    assert_eq!(q[0].candidate.id, caller);
    assert_eq!(q[0].bucket(mon("10:50"), 30), Bucket::CalledIn);

    store.undo(&done.undo, mon("10:51"), &r).unwrap();
    assert!(queue(&store, "10:51")
        .iter()
        .all(|c| c.called_in_at.is_none()));
    assert_eq!(store.attempts_for(caller).unwrap().len(), 1);
}

#[test]
fn an_inbound_call_without_a_callback_queues_one() {
    let (_tmp, store) = day_store();
    let id = call_at(&store, "14:00");
    let caller = store.call(id).unwrap().candidate.id;
    let done = store.log_inbound(caller, Some(id), mon("13:55")).unwrap();
    assert_eq!(done.late_minutes, Some(-5));
    let q = queue(&store, "13:56");
    assert_eq!(q.len(), 1);
    assert_eq!(Some(q[0].id), done.callback_id);
    assert_eq!(q[0].reason.as_str(), "requested");
}

#[test]
fn re_importing_the_same_calls_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, store) = seeded(tmp.path());
    let id = call_at(&store, "09:00");
    store
        .mark(id, Outcome::Answered, mon("09:28"), &rules())
        .unwrap();
    let again = store.import(&day(), mon("12:00"), false).unwrap();
    assert_eq!(
        (
            again.added,
            again.updated,
            again.unchanged,
            again.candidates_added
        ),
        (0, 0, 4, 0)
    );
    // The recruiter's mark is kept.
    assert_eq!(store.call(id).unwrap().outcome, Outcome::Answered);

    // A changed role updates the call in place.
    let mut rows = day();
    rows[0].role = Some("Staff Engineer".into());
    let r = store.import(&rows, mon("12:01"), false).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 1, 3));
    assert_eq!(
        store.call(id).unwrap().role.as_deref(),
        Some("Staff Engineer")
    );

    // The same number typed another way is the same candidate.
    let same = screen("Ana Souza", "+44 (0)20-7946-0001", mon("16:00"));
    let r = store.import(&[same], mon("12:02"), false).unwrap();
    assert_eq!((r.added, r.candidates_added), (1, 0));
    let other = screen("Ana Souza", "+44 20 7946 0009", mon("16:30"));
    let r = store.import(&[other], mon("12:03"), false).unwrap();
    assert_eq!((r.added, r.candidates_added), (1, 1));
    drop(store);
    let store = Store::open(&path).unwrap();
    let calls = store.calls_between(mon("00:00"), mon("23:59")).unwrap();
    assert_eq!(calls.len(), 6);
    assert_eq!(calls[0].candidate.id, calls[4].candidate.id);
}

#[test]
fn a_dry_run_import_reports_but_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("dry.sqlite3");
    let store = Store::open(&path).unwrap();
    let r = store.import(&day(), mon("07:00"), true).unwrap();
    assert_eq!((r.added, r.candidates_added), (4, 4));
    assert!(store
        .calls_between(mon("00:00"), mon("23:59"))
        .unwrap()
        .is_empty());
}

#[test]
fn an_import_of_a_do_not_call_candidate_books_nothing_new() {
    let (_tmp, store) = day_store();
    let ana = store.call(call_at(&store, "09:00")).unwrap().candidate.id;
    store
        .set_do_not_call(ana, true, None, mon("08:00"))
        .unwrap();
    let mut row = screen("Ana Souza", "+44 20 7946 0001", mon("16:00"));
    row.origin = "calls.csv:7".into();
    let r = store.import(&[row], mon("12:00"), false).unwrap();
    assert_eq!(r.added, 0);
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].starts_with("calls.csv:7: Ana Souza is do-not-call"));
}

#[test]
fn busy_time_shows_on_the_day_and_keeps_callbacks_out() {
    let (_tmp, store) = day_store();
    let lunch = Interval::new(mon("11:30"), mon("13:30"));
    store.add_busy(lunch, "Hiring sync\x1b[2J").unwrap();
    let blocks = store.busy_blocks(mon("00:00"), mon("23:59")).unwrap();
    assert_eq!(blocks, vec![(lunch, "Hiring sync[2J".to_string())]);
    assert!(store
        .add_busy(Interval::new(mon("12:00"), mon("12:00")), "nothing")
        .is_err());
    // Voicemail at 09:03 → earliest 11:03; 11:00 is booked, 11:30–13:30
    // is busy, so 13:30.
    let done = store
        .mark(
            call_at(&store, "09:00"),
            Outcome::Voicemail,
            mon("09:03"),
            &rules(),
        )
        .unwrap();
    assert_eq!(done.callback_due, Some(mon("13:30")));
}

#[test]
fn notes_on_calls_and_candidates_are_saved_and_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, store) = seeded(tmp.path());
    let id = call_at(&store, "11:00");
    let candidate = store.call(id).unwrap().candidate.id;
    store
        .set_call_note(id, "line one\nline two\x1b]52;c;x\x07", mon("11:20"))
        .unwrap();
    store
        .set_candidate_note(candidate, "prefers mornings", mon("11:21"))
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.call(id).unwrap().note, "line one\nline two]52;c;x");
    assert_eq!(store.candidate_note(candidate).unwrap(), "prefers mornings");
    store.set_call_note(id, "  ", mon("11:22")).unwrap();
    assert_eq!(store.call(id).unwrap().note, "");
}

#[test]
fn probe_tells_a_demo_from_anything_else_without_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("demo.sqlite3");
    assert_eq!(Store::probe(&path).unwrap(), FileKind::Absent);
    std::fs::write(&path, b"").unwrap();
    assert_eq!(Store::probe(&path).unwrap(), FileKind::Empty);
    std::fs::remove_file(&path).unwrap();

    let store = Store::open(&path).unwrap();
    assert!(matches!(Store::probe(&path).unwrap(), FileKind::Other(_)));
    store.mark_as_demo(mon("09:00")).unwrap();
    assert!(store.is_demo().unwrap());
    drop(store);
    let before = read(&path);
    assert_eq!(Store::probe(&path).unwrap(), FileKind::Demo);
    assert_eq!(read(&path), before);

    let real = tmp.path().join("real.sqlite3");
    drop(seeded(tmp.path()).1);
    std::fs::rename(tmp.path().join("callsheet.sqlite3"), &real).unwrap();
    assert_eq!(
        Store::probe(&real).unwrap(),
        FileKind::Other("a callsheet database that is not a demo".into())
    );
    assert!(matches!(
        Store::probe(tmp.path()).unwrap(),
        FileKind::Other(_)
    ));
}
