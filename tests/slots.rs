//! The one slot rule (issue 13, item 1): a slot is taken by exactly one
//! thing: a screen, a placed callback, a queued callback's due slot, or
//! busy time. The callback policy, the picker, reschedule and
//! `Store::slot_is_free` agree on it; real SQLite files in temp dirs.

mod common;

use callsheet::domain::occupancy::Occupant;
use callsheet::domain::{Interval, Outcome};
use common::{at, call_at, mon, rules, seeded};

fn tue(hhmm: &str) -> chrono::DateTime<chrono::Utc> {
    at(&format!("2026-11-24T{hhmm}:00Z"))
}

#[test]
fn two_no_shows_on_the_same_morning_queue_callbacks_in_different_slots() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    let first = store
        .mark(
            call_at(&store, "09:00"),
            Outcome::NoShow,
            mon("09:10"),
            &rules(),
        )
        .unwrap();
    let second = store
        .mark(
            call_at(&store, "10:00"),
            Outcome::NoShow,
            mon("10:10"),
            &rules(),
        )
        .unwrap();
    assert_eq!(first.callback_due, Some(tue("08:00")));
    assert!(second.callback_in_free_slot);
    assert_eq!(
        second.callback_due,
        Some(tue("08:30")),
        "the second no-show's callback must not share 08:00 with the first"
    );
}

#[test]
fn a_queued_callbacks_slot_is_not_free_to_anyone_else() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    let r = rules();
    store
        .mark(call_at(&store, "09:00"), Outcome::NoShow, mon("09:10"), &r)
        .unwrap();
    let eight = Interval::minutes(tue("08:00"), 30);
    assert!(!store.slot_is_free(eight, &r.hours).unwrap());
    assert!(store
        .slot_is_free(Interval::minutes(tue("08:30"), 30), &r.hours)
        .unwrap());
    let taken = store
        .occupancy(tue("08:00"), tue("09:00"), &r.hours)
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert!(matches!(taken[0].by, Occupant::QueuedCallback(_)));
    assert_eq!(taken[0].span, eight);

    // José's voicemail callback: the picker never offers Ana's 08:00.
    store
        .mark(
            call_at(&store, "10:00"),
            Outcome::Voicemail,
            mon("17:20"),
            &r,
        )
        .unwrap();
    let queue = store.open_callbacks(mon("17:30"), r.hours.zone).unwrap();
    let (ana, jose) = (&queue[0], &queue[1]);
    assert_eq!(ana.due, tue("08:00"));
    assert_eq!(jose.due, tue("08:30"), "the policy skips Ana's slot");
    let offered = store.free_slots_for(jose.id, mon("17:30"), &r, 3).unwrap();
    assert!(offered.iter().all(|s| !s.overlaps(&eight)), "{offered:?}");
    // ...and placing José there is refused, naming what holds it.
    let err = store
        .place_callback(jose.id, eight, mon("17:30"), &r)
        .unwrap_err()
        .to_string();
    assert!(err.contains("queued callback"), "{err}");
    // Ana's own callback may go into the slot it holds.
    let ana_slots = store.free_slots_for(ana.id, mon("17:30"), &r, 1).unwrap();
    assert_eq!(ana_slots, vec![eight]);
    store
        .place_callback(ana.id, eight, mon("17:30"), &r)
        .unwrap();
    // Placed, it is a call there: still one occupant of the slot.
    let taken = store
        .occupancy(tue("08:00"), tue("08:30"), &r.hours)
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert!(matches!(taken[0].by, Occupant::Call(_)));
}

#[test]
fn reschedule_does_not_offer_or_take_a_queued_callbacks_slot() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    let r = rules();
    store
        .mark(call_at(&store, "09:00"), Outcome::NoShow, mon("09:10"), &r)
        .unwrap();
    let jose = call_at(&store, "10:00");
    // From Monday evening the first slot that suits is Tuesday's.
    let offered = store.reschedule_slots(jose, mon("17:45"), &r, 2).unwrap();
    assert_eq!(
        offered,
        vec![
            Interval::minutes(tue("08:30"), 30),
            Interval::minutes(tue("09:00"), 30)
        ]
    );
    let change = callsheet::domain::change::ScreenChange {
        by: callsheet::domain::change::ChangedBy::Candidate,
        told_at: mon("09:30"),
        reason: String::new(),
    };
    let err = store
        .reschedule(
            jose,
            Interval::minutes(tue("08:00"), 30),
            change,
            false,
            mon("09:30"),
            &r,
        )
        .unwrap_err();
    assert!(err.to_string().contains("no longer free"), "{err}");
}

#[test]
fn snoozing_moves_a_callback_past_slots_other_callbacks_hold() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    let r = rules();
    store
        .mark(call_at(&store, "09:00"), Outcome::NoShow, mon("09:10"), &r)
        .unwrap();
    store
        .mark(call_at(&store, "10:00"), Outcome::NoShow, mon("10:10"), &r)
        .unwrap();
    let queue = store.open_callbacks(mon("10:15"), r.hours.zone).unwrap();
    // Ana at 08:00 snoozed: 08:30 is José's, so she goes to 09:00.
    let (due, _) = store
        .snooze_callback(queue[0].id, mon("10:15"), &r)
        .unwrap();
    assert_eq!(due, tue("09:00"));
}
