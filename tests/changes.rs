//! Cancellations, reschedules and open-screen attempts against a real
//! SQLite file: what is written, what a fresh connection reads back, and
//! that undo puts everything back.

mod common;

use callsheet::domain::change::{ChangedBy, Notice, ScreenChange};
use callsheet::domain::record::{figures, figures_of};
use callsheet::domain::{AttemptResult, CallbackReason, CallbackStatus, Interval, Outcome};
use callsheet::store::{MarkOptions, Store};
use chrono::Duration;
use common::{call_at, mon, rules, seeded};

fn cancel_opts(by: ChangedBy, told: &str) -> MarkOptions {
    MarkOptions {
        change: Some(ScreenChange {
            by,
            told_at: mon(told),
            reason: String::new(),
        }),
        ..MarkOptions::default()
    }
}

fn slot(hhmm_tomorrow: &str) -> Interval {
    let start = mon(hhmm_tomorrow) + Duration::days(1);
    Interval::minutes(start, 30)
}

#[test]
fn a_late_candidate_cancellation_is_recorded_and_queues_a_rebook() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let id = call_at(&store, "11:00");
    let done = store
        .mark_as(
            id,
            Outcome::Cancelled,
            &cancel_opts(ChangedBy::Candidate, "08:30"),
            mon("08:31"),
            &rules(),
        )
        .unwrap();
    assert!(done.callback_due.is_some(), "a rebook callback is queued");

    let fresh = Store::open(&path).unwrap();
    let call = fresh.call(id).unwrap();
    assert_eq!(call.outcome, Outcome::Cancelled);
    let change = call.change.clone().expect("who and when are kept");
    assert_eq!(change.by, ChangedBy::Candidate);
    assert_eq!(change.notice(call.start), Notice::Late);
    let queue = fresh
        .open_callbacks(mon("08:31"), common::settings().zone())
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].reason, CallbackReason::Rebook);
    assert!(
        fresh.attempts_for(call.candidate.id).unwrap().is_empty(),
        "a cancellation is not a dial"
    );
    // The day view's lighter reads of the record see the late notice too.
    let cand = call.candidate.id;
    let lean = figures_of(
        fresh.screen_facts(cand).unwrap(),
        &fresh.inbound_calls_of(cand).unwrap(),
        mon("12:00"),
    );
    assert_eq!(lean.late_cancellations, 1);
    assert_eq!(
        lean,
        figures(
            &fresh.calls_for_candidate(cand).unwrap(),
            &fresh.attempts_for(cand).unwrap(),
            mon("12:00")
        )
    );

    store.undo(&done.undo, mon("08:32"), &rules()).unwrap();
    let call = Store::open(&path).unwrap().call(id).unwrap();
    assert_eq!(call.outcome, Outcome::Scheduled);
    assert_eq!(call.change, None, "undo clears the change record");
    assert!(fresh
        .open_callbacks(mon("08:32"), common::settings().zone())
        .unwrap()
        .is_empty());
}

#[test]
fn correcting_a_cancellation_and_undoing_brings_its_record_back() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = seeded(dir.path());
    let id = call_at(&store, "11:00");
    store
        .mark_as(
            id,
            Outcome::Cancelled,
            &cancel_opts(ChangedBy::HiringManager, "07:00"),
            mon("07:05"),
            &rules(),
        )
        .unwrap();
    let fix = store
        .mark(id, Outcome::Answered, mon("11:20"), &rules())
        .unwrap();
    assert_eq!(store.call(id).unwrap().change, None);
    store.undo(&fix.undo, mon("11:21"), &rules()).unwrap();
    let call = store.call(id).unwrap();
    assert_eq!(call.outcome, Outcome::Cancelled);
    assert_eq!(call.change.map(|c| c.by), Some(ChangedBy::HiringManager));
}

#[test]
fn rescheduling_books_the_new_screen_and_links_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let old = call_at(&store, "10:00");
    let change = ScreenChange {
        by: ChangedBy::Candidate,
        told_at: mon("09:00"),
        reason: "the candidate asked to move it".into(),
    };
    let (new, undo) = store
        .reschedule(old, slot("15:00"), change, false, mon("09:00"), &rules())
        .unwrap();

    let fresh = Store::open(&path).unwrap();
    let moved = fresh.call(old).unwrap();
    assert_eq!(moved.outcome, Outcome::Rescheduled);
    assert_eq!(
        moved.change.as_ref().map(|c| c.notice(moved.start)),
        Some(Notice::Late)
    );
    let booked = fresh.call(new).unwrap();
    assert_eq!(booked.rescheduled_from, Some(old));
    assert_eq!(booked.outcome, Outcome::Scheduled);
    assert_eq!(booked.start, slot("15:00").start);
    assert_eq!(booked.role, moved.role, "same role");
    assert_eq!(fresh.moved_to(old).unwrap(), Some(booked.start));

    // Moving it again from the old screen is refused, and says where it went.
    let again = store.reschedule(
        old,
        slot("16:00"),
        ScreenChange {
            by: ChangedBy::Recruiter,
            told_at: mon("09:01"),
            reason: String::new(),
        },
        false,
        mon("09:01"),
        &rules(),
    );
    let err = again.unwrap_err().to_string();
    assert!(err.contains("already moved to Tue 24 Nov 15:00"), "{err}");

    store.undo(&undo, mon("09:02"), &rules()).unwrap();
    let fresh = Store::open(&path).unwrap();
    assert_eq!(fresh.call(old).unwrap().outcome, Outcome::Scheduled);
    assert!(fresh.call(new).is_err(), "the new screen is gone");
}

#[test]
fn rescheduling_a_no_show_places_its_callback_and_answering_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = seeded(dir.path());
    let old = call_at(&store, "09:00");
    store
        .mark(old, Outcome::NoShow, mon("09:12"), &rules())
        .unwrap();
    let zone = common::settings().zone();
    assert_eq!(store.open_callbacks(mon("09:12"), zone).unwrap().len(), 1);
    let change = ScreenChange {
        by: ChangedBy::Candidate,
        told_at: mon("09:30"),
        reason: "rebooking a missed screen".into(),
    };
    let (new, undo) = store
        .reschedule(old, slot("10:00"), change, false, mon("09:30"), &rules())
        .unwrap();
    assert_eq!(
        store.call(old).unwrap().outcome,
        Outcome::NoShow,
        "a missed screen stays missed"
    );
    assert!(
        store.open_callbacks(mon("09:30"), zone).unwrap().is_empty(),
        "the callback is answered by the new booking"
    );
    // Undo puts the callback back in the queue.
    store.undo(&undo, mon("09:31"), &rules()).unwrap();
    assert!(store.call(new).is_err(), "the new screen is gone");
    let queue = store.open_callbacks(mon("09:31"), zone).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].status, CallbackStatus::Open);

    // Redo it and hold the new screen: the callback is reached.
    let change = ScreenChange {
        by: ChangedBy::Candidate,
        told_at: mon("09:32"),
        reason: String::new(),
    };
    let (new2, _) = store
        .reschedule(old, slot("10:00"), change, false, mon("09:32"), &rules())
        .unwrap();
    store
        .mark(new2, Outcome::Answered, slot("10:00").start, &rules())
        .unwrap();
    let cb = store.callback(queue[0].id, mon("09:33"), zone).unwrap();
    assert_eq!(cb.status, CallbackStatus::Reached);
}

#[test]
fn reschedule_refuses_a_taken_slot_a_held_screen_and_do_not_call() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = seeded(dir.path());
    let change = || ScreenChange {
        by: ChangedBy::Recruiter,
        told_at: mon("08:00"),
        reason: String::new(),
    };
    let ana = call_at(&store, "09:00");
    let jose = call_at(&store, "10:00");
    // 10:00 is José's.
    let taken = Interval::minutes(mon("10:00"), 30);
    let err = store
        .reschedule(ana, taken, change(), false, mon("08:00"), &rules())
        .unwrap_err();
    assert!(err.to_string().contains("no longer free"), "{err}");
    store
        .mark(jose, Outcome::Answered, mon("10:20"), &rules())
        .unwrap();
    let err = store
        .reschedule(jose, slot("09:00"), change(), false, mon("10:30"), &rules())
        .unwrap_err();
    assert!(err.to_string().contains("was held"), "{err}");

    let cand = store.call(ana).unwrap().candidate.id;
    store
        .set_do_not_call(cand, true, Some("asked"), mon("07:59"))
        .unwrap();
    let err = store
        .reschedule(ana, slot("09:00"), change(), false, mon("08:00"), &rules())
        .unwrap_err();
    assert!(err.to_string().contains("do-not-call"), "{err}");
    // An explicit override goes through.
    store
        .reschedule(ana, slot("09:00"), change(), true, mon("08:00"), &rules())
        .unwrap();
    assert_eq!(store.call(ana).unwrap().outcome, Outcome::Rescheduled);
}

#[test]
fn reschedule_slots_fit_both_peoples_hours() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = seeded(dir.path());
    // Zoë is in New York: 08:00 there is 13:00 in London.
    let zoe = call_at(&store, "14:00");
    let slots = store
        .reschedule_slots(zoe, mon("08:00"), &rules(), 4)
        .unwrap();
    assert!(!slots.is_empty());
    for s in &slots {
        assert!(s.start >= mon("13:00"), "{s:?} is before 08:00 in New York");
        assert_ne!(s.start, mon("14:00"), "her own booked slot is not free");
    }
}

#[test]
fn busy_and_wrong_number_are_attempts_that_leave_the_screen_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let zone = common::settings().zone();
    let id = call_at(&store, "09:00");
    let cand = store.call(id).unwrap().candidate.id;
    let undo = store
        .log_attempt(id, AttemptResult::Busy, mon("09:01"), zone)
        .unwrap();
    store
        .log_attempt(id, AttemptResult::WrongNumber, mon("09:05"), zone)
        .unwrap();
    let fresh = Store::open(&path).unwrap();
    assert_eq!(fresh.call(id).unwrap().outcome, Outcome::Scheduled);
    let results: Vec<_> = fresh
        .attempts_for(cand)
        .unwrap()
        .iter()
        .map(|a| a.result)
        .collect();
    assert_eq!(results, [AttemptResult::Busy, AttemptResult::WrongNumber]);
    assert_eq!(fresh.attempts_in_week(cand, zone, mon("09:06")).unwrap(), 2);
    store.undo(&undo, mon("09:07"), &rules()).unwrap();
    assert_eq!(fresh.attempts_for(cand).unwrap().len(), 1);
}

#[test]
fn the_record_adds_up_what_the_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = seeded(dir.path());
    let id = call_at(&store, "09:00");
    let cand = store.call(id).unwrap().candidate.id;
    store
        .mark(id, Outcome::NoShow, mon("09:12"), &rules())
        .unwrap();
    store.log_inbound(cand, Some(id), mon("09:57")).unwrap();
    let f = figures(
        &store.calls_for_candidate(cand).unwrap(),
        &store.attempts_for(cand).unwrap(),
        mon("12:00"),
    );
    assert_eq!((f.screens, f.no_shows, f.inbound), (1, 1, 1));
    assert_eq!(
        f.reliability_line(common::settings().zone()).as_deref(),
        Some("1 no-show in 1 screen; called back 57 min late on 23 Nov")
    );
    // The day view's lighter reads add up to the same record.
    let lean = figures_of(
        store.screen_facts(cand).unwrap(),
        &store.inbound_calls_of(cand).unwrap(),
        mon("12:00"),
    );
    assert_eq!(lean, f);
}
