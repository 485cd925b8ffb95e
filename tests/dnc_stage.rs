//! Do-not-call and the candidate's stage, on real SQLite files: every path
//! that would contact a flagged candidate refuses without an explicit
//! override, setting the flag drops their callbacks in the same
//! transaction, and undo puts everything back.

mod common;

use callsheet::app::{update::update, Action, App, EditKey, Focus, Mode};
use callsheet::domain::{CallbackStatus, Direction, Outcome, Stage};
use callsheet::error::Error;
use callsheet::store::Store;
use chrono::Duration;
use common::{call_at, mon, rules, screen, seeded, settings};

const LONDON: chrono_tz::Tz = chrono_tz::Europe::London;

fn day_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    (tmp, store)
}

fn ana(store: &Store) -> i64 {
    store.call(call_at(store, "09:00")).unwrap().candidate.id
}

/// Ana's 09:00 marked voicemail at 09:03: her callback's id.
fn ana_voicemail(store: &Store) -> i64 {
    store
        .mark(
            call_at(store, "09:00"),
            Outcome::Voicemail,
            mon("09:03"),
            &rules(),
        )
        .unwrap();
    store.open_callbacks(mon("09:05"), LONDON).unwrap()[0].id
}

fn status_of(store: &Store, cb: i64) -> CallbackStatus {
    store.callback(cb, mon("09:10"), LONDON).unwrap().status
}

#[test]
fn setting_dnc_drops_open_callbacks_in_the_same_write_and_undo_restores_both() {
    let (_t, store) = day_store();
    let cb = ana_voicemail(&store);
    let undo = store
        .set_do_not_call(
            ana(&store),
            true,
            Some(" moved abroad\x1b[2J "),
            mon("09:10"),
        )
        .unwrap();
    assert_eq!(
        undo.label(),
        "do-not-call on Ana Souza (1 callback dropped)"
    );
    let c = store.candidate(ana(&store)).unwrap();
    assert!(c.do_not_call);
    assert_eq!(c.dnc_reason.as_deref(), Some("moved abroad[2J"));
    assert_eq!(c.dnc_at, Some(mon("09:10")));
    assert!(store
        .open_callbacks(mon("09:10"), LONDON)
        .unwrap()
        .is_empty());
    assert_eq!(status_of(&store, cb), CallbackStatus::Dropped);

    store.undo(&undo, mon("09:11"), &rules()).unwrap();
    let c = store.candidate(ana(&store)).unwrap();
    assert!(!c.do_not_call);
    assert_eq!((c.dnc_reason, c.dnc_at), (None, None));
    let q = store.open_callbacks(mon("09:11"), LONDON).unwrap();
    assert_eq!(q.iter().map(|c| c.id).collect::<Vec<_>>(), vec![cb]);
}

#[test]
fn clearing_dnc_is_undoable_and_clearing_twice_is_refused() {
    let (_t, store) = day_store();
    let id = ana(&store);
    store
        .set_do_not_call(id, true, Some("asked"), mon("08:00"))
        .unwrap();
    let undo = store
        .set_do_not_call(id, false, None, mon("08:30"))
        .unwrap();
    assert!(!store.candidate(id).unwrap().do_not_call);
    assert!(matches!(
        store.set_do_not_call(id, false, None, mon("08:31")),
        Err(Error::Refused(_))
    ));
    store.undo(&undo, mon("08:32"), &rules()).unwrap();
    let c = store.candidate(id).unwrap();
    assert!(c.do_not_call);
    assert_eq!(c.dnc_reason.as_deref(), Some("asked"));
    assert_eq!(c.dnc_at, Some(mon("08:00")));
}

#[test]
fn a_mark_is_kept_but_queues_nothing_unless_overridden() {
    let (_t, store) = day_store();
    store
        .set_do_not_call(ana(&store), true, Some("asked"), mon("08:00"))
        .unwrap();
    let id = call_at(&store, "09:00");
    let done = store
        .mark(id, Outcome::NoShow, mon("09:10"), &rules())
        .unwrap();
    assert_eq!(
        done.refusal.as_deref(),
        Some("Ana Souza is do-not-call (asked)")
    );
    assert_eq!(store.call(id).unwrap().outcome, Outcome::NoShow);
    assert!(store
        .open_callbacks(mon("09:10"), LONDON)
        .unwrap()
        .is_empty());
    // The explicit override queues it.
    let done = store
        .mark_with(id, Outcome::Voicemail, None, true, mon("09:11"), &rules())
        .unwrap();
    assert!(done.refusal.is_none() && done.callback_due.is_some());
}

#[test]
fn placing_or_snoozing_a_flagged_candidates_callback_needs_the_override() {
    let (_t, store) = day_store();
    let id = ana(&store);
    store.set_do_not_call(id, true, None, mon("09:00")).unwrap();
    // Only the explicit override queues a callback for them at all.
    let call = call_at(&store, "09:00");
    store
        .mark_with(call, Outcome::NoShow, None, true, mon("09:07"), &rules())
        .unwrap();
    let cb = store.open_callbacks(mon("09:07"), LONDON).unwrap()[0].id;
    let slot = store.free_slots_for(cb, mon("09:07"), &rules(), 1).unwrap()[0];
    let refused = store.place_callback(cb, slot, mon("09:08"), &rules());
    assert!(matches!(refused, Err(Error::Refused(m)) if m.contains("do-not-call")));
    let refused = store.snooze_callback(cb, mon("09:08"), &rules());
    assert!(matches!(refused, Err(Error::Refused(_))));
    store
        .snooze_callback_with(cb, true, mon("09:08"), &rules())
        .unwrap();
    store
        .place_callback_with(cb, slot, true, mon("09:09"), &rules())
        .unwrap();
}

#[test]
fn an_inbound_call_from_a_flagged_candidate_is_logged_but_queues_nothing() {
    let (_t, store) = day_store();
    let id = ana(&store);
    store.set_do_not_call(id, true, None, mon("08:00")).unwrap();
    let done = store
        .log_inbound(id, Some(call_at(&store, "09:00")), mon("09:45"))
        .unwrap();
    assert_eq!(done.callback_id, None);
    assert!(done.refusal.is_some());
    let a = store.attempts_for(id).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].direction, a[0].late_minutes),
        (Direction::Inbound, Some(45))
    );
    assert!(store
        .open_callbacks(mon("09:45"), LONDON)
        .unwrap()
        .is_empty());
    store.undo(&done.undo, mon("09:46"), &rules()).unwrap();
    assert!(store.attempts_for(id).unwrap().is_empty());
}

#[test]
fn import_refuses_new_screens_for_a_flagged_candidate_unless_allowed() {
    let (_t, store) = day_store();
    store
        .set_do_not_call(ana(&store), true, Some("moved abroad"), mon("08:00"))
        .unwrap();
    let mut row = screen("Ana Souza", "+44 20 7946 0001", mon("16:00"));
    row.origin = "calls.csv:7".into();
    let r = store.import(&[row.clone()], mon("12:00"), false).unwrap();
    assert_eq!(r.added, 0);
    assert_eq!(
        r.skipped,
        vec!["calls.csv:7: Ana Souza is do-not-call (moved abroad); not booked (--allow-dnc books it)"]
    );
    let r = store
        .import_with(&[row], mon("12:00"), false, true)
        .unwrap();
    assert_eq!((r.added, r.skipped.len()), (1, 0));
}

#[test]
fn stage_changes_remember_when_and_undo() {
    let (_t, store) = day_store();
    let id = ana(&store);
    assert_eq!(store.candidate(id).unwrap().stage, Stage::New);
    let undo = store
        .set_stage(id, Stage::RejectedNotTold, mon("10:00"))
        .unwrap();
    assert_eq!(undo.label(), "Ana Souza → rejected — not told");
    let c = store.candidate(id).unwrap();
    assert_eq!(
        (c.stage, c.stage_at),
        (Stage::RejectedNotTold, Some(mon("10:00")))
    );
    assert!(matches!(
        store.set_stage(id, Stage::RejectedNotTold, mon("10:01")),
        Err(Error::Refused(_))
    ));
    store.undo(&undo, mon("10:02"), &rules()).unwrap();
    let c = store.candidate(id).unwrap();
    assert_eq!((c.stage, c.stage_at), (Stage::New, None));
}

// ------------------------------------------------------------ in the app

fn app(store: &Store) -> App {
    App::new(settings(), store, mon("09:40"), None).unwrap()
}

fn act(app: &mut App, store: &Store, a: Action) {
    let now = app.now + Duration::seconds(1);
    update(app, store, a, now);
}

fn select(app: &mut App, name: &str) {
    app.focus = Focus::Day;
    app.call_sel = app.calls.iter().position(|c| c.candidate.name == name);
}

#[test]
fn d_asks_a_reason_saves_drops_callbacks_and_u_undoes() {
    let (_t, store) = day_store();
    let cb = ana_voicemail(&store);
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::ToggleDoNotCall);
    assert!(matches!(app.mode, Mode::Form(_)));
    for c in "moved abroad".chars() {
        act(&mut app, &store, Action::Edit(EditKey::Char(c)));
    }
    act(&mut app, &store, Action::Edit(EditKey::Newline));
    assert_eq!(app.mode, Mode::Normal);
    let status = app.status.clone().unwrap().text;
    assert!(
        status.contains("do-not-call on Ana Souza (1 callback dropped)"),
        "{status}"
    );
    assert!(app.queue.is_empty());
    assert!(app.calls.iter().any(|c| c.candidate.do_not_call));

    act(&mut app, &store, Action::Undo);
    assert_eq!(app.queue.iter().map(|c| c.id).collect::<Vec<_>>(), vec![cb]);
    assert!(!store.candidate(ana(&store)).unwrap().do_not_call);
}

#[test]
fn d_on_a_flagged_candidate_asks_before_clearing() {
    let (_t, store) = day_store();
    store
        .set_do_not_call(ana(&store), true, Some("asked"), mon("08:00"))
        .unwrap();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::ToggleDoNotCall);
    let Mode::Confirm(c, _) = &app.mode else {
        panic!("expected a question, got {:?}", app.mode);
    };
    assert_eq!(
        c.prompt,
        "Ana Souza is do-not-call (asked). Clear the flag?"
    );
    act(&mut app, &store, Action::Confirm(false));
    assert!(store.candidate(ana(&store)).unwrap().do_not_call);
    act(&mut app, &store, Action::ToggleDoNotCall);
    act(&mut app, &store, Action::Confirm(true));
    assert!(!store.candidate(ana(&store)).unwrap().do_not_call);
}

#[test]
fn marking_a_flagged_candidate_says_why_no_callback_was_queued() {
    let (_t, store) = day_store();
    store
        .set_do_not_call(ana(&store), true, Some("asked"), mon("08:00"))
        .unwrap();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::Mark(Outcome::Voicemail));
    let status = app.status.clone().unwrap().text;
    assert!(
        status.ends_with("Ana Souza is do-not-call (asked): no callback queued"),
        "{status}"
    );
    assert!(app.queue.is_empty());
}

#[test]
fn placing_a_flagged_callback_in_the_app_asks_for_the_override() {
    let (_t, store) = day_store();
    let id = ana(&store);
    store.set_do_not_call(id, true, None, mon("08:00")).unwrap();
    store
        .mark_with(
            call_at(&store, "09:00"),
            Outcome::Voicemail,
            None,
            true,
            mon("09:03"),
            &rules(),
        )
        .unwrap();
    let mut app = app(&store);
    app.focus = Focus::Queue;
    app.queue_sel = Some(0);
    act(&mut app, &store, Action::PlaceCallback);
    assert!(
        matches!(&app.mode, Mode::Confirm(c, _) if c.prompt.contains("Place a callback anyway?"))
    );
    act(&mut app, &store, Action::Confirm(true));
    let Mode::PickSlot(p) = &app.mode else {
        panic!("expected the picker, got {:?}", app.mode);
    };
    assert!(p.allow_dnc);
    act(&mut app, &store, Action::Choose);
    assert!(app.queue.is_empty(), "placed: {:?}", app.status);
}

#[test]
fn s_in_the_detail_picks_a_stage_and_returns_to_the_detail() {
    let (_t, store) = day_store();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::OpenDetail);
    act(&mut app, &store, Action::SetStage);
    assert!(matches!(app.mode, Mode::Form(_)));
    act(&mut app, &store, Action::Pick(6));
    let Mode::Detail(d) = &app.mode else {
        panic!("expected the detail back, got {:?}", app.mode);
    };
    assert_eq!(d.candidate.stage, Stage::RejectedNotTold);
    assert_eq!(
        store.candidate(d.candidate.id).unwrap().stage,
        Stage::RejectedNotTold
    );
    // Esc from a picker changes nothing.
    act(&mut app, &store, Action::SetStage);
    act(&mut app, &store, Action::Down);
    act(&mut app, &store, Action::Back);
    assert!(matches!(app.mode, Mode::Detail(_)));
    assert_eq!(
        store.candidate(ana(&store)).unwrap().stage,
        Stage::RejectedNotTold
    );
}
