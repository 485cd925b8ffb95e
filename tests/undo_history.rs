//! Undo that restores exactly what it says (issue 13, item 2): each action
//! is undone whole from the store's journal, notes are on the undo stack,
//! and undoing over a later change asks first. The app driven by
//! `Action`s on a real SQLite file.

mod common;

use callsheet::app::{update::update, Action, App, EditKey, Focus, Mode, StatusKind};
use callsheet::domain::{CallbackStatus, Outcome};
use callsheet::store::Store;
use chrono::Duration;
use common::{call_at, mon, rules, seeded, settings};

const LONDON: chrono_tz::Tz = chrono_tz::Europe::London;

fn day_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    (tmp, store)
}

fn app(store: &Store) -> App {
    App::new(settings(), store, mon("09:40"), None).unwrap()
}

fn act(app: &mut App, store: &Store, a: Action) {
    let now = app.now + Duration::seconds(1);
    update(app, store, a, now);
}

fn typed(app: &mut App, store: &Store, text: &str) {
    for c in text.chars() {
        act(app, store, Action::Edit(EditKey::Char(c)));
    }
}

fn select(app: &mut App, name: &str) {
    app.focus = Focus::Day;
    app.call_sel = app.calls.iter().position(|c| c.candidate.name == name);
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Ana's callbacks of any status, as (id, status).
fn ana_callbacks(store: &Store, app: &App) -> Vec<(i64, CallbackStatus)> {
    let id = call_at(store, "09:00");
    let cand = store.call(id).unwrap().candidate.id;
    // Every callback the queue or the record can see.
    let mut out = Vec::new();
    for cb_id in 1..=20 {
        if let Ok(cb) = store.callback(cb_id, app.now, LONDON) {
            if cb.candidate.id == cand {
                out.push((cb.id, cb.status));
            }
        }
    }
    out
}

#[test]
fn undoing_a_correction_then_do_not_call_brings_back_the_dropped_callback() {
    let (_t, store) = day_store();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::Mark(Outcome::NoShow));
    let queued = ana_callbacks(&store, &app);
    assert_eq!(queued.len(), 1, "the no-show queues one callback");
    let cb = queued[0].0;

    act(&mut app, &store, Action::ToggleDoNotCall);
    typed(&mut app, &store, "asked not to be called");
    act(&mut app, &store, Action::Edit(EditKey::Newline));
    assert!(
        status(&app).contains("1 callback dropped"),
        "{}",
        status(&app)
    );

    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::Mark(Outcome::Voicemail));
    assert!(matches!(app.mode, Mode::Confirm(..)), "a re-mark asks");
    act(&mut app, &store, Action::Confirm(true));
    assert_eq!(
        store.call(call_at(&store, "09:00")).unwrap().outcome,
        Outcome::Voicemail
    );

    act(&mut app, &store, Action::Undo);
    assert_eq!(
        store.call(call_at(&store, "09:00")).unwrap().outcome,
        Outcome::NoShow
    );
    act(&mut app, &store, Action::Undo);
    assert!(status(&app).starts_with("Undone: do-not-call on Ana Souza (1 callback dropped)"));
    let ana = store.call(call_at(&store, "09:00")).unwrap();
    assert_eq!(ana.outcome, Outcome::NoShow);
    assert!(!ana.candidate.do_not_call);
    assert_eq!(
        ana_callbacks(&store, &app),
        vec![(cb, CallbackStatus::Open)],
        "the callback the do-not-call dropped is back, and open"
    );
    assert!(app.queue.iter().any(|c| c.id == cb));
    common::assert_app_is_the_store(&app, &store, "after both undos");
}

#[test]
fn a_note_is_on_the_undo_stack_so_u_takes_back_the_note_not_an_older_action() {
    let (_t, store) = day_store();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::Mark(Outcome::Answered));
    act(&mut app, &store, Action::EditCallNote);
    assert!(matches!(app.mode, Mode::Note(_)));
    typed(&mut app, &store, "keen, ask about notice");
    act(&mut app, &store, Action::Edit(EditKey::Save));
    let id = call_at(&store, "09:00");
    assert_eq!(store.call(id).unwrap().note, "keen, ask about notice");

    act(&mut app, &store, Action::Undo);
    assert!(
        status(&app).starts_with("Undone: note on the call with Ana Souza"),
        "{}",
        status(&app)
    );
    let call = store.call(id).unwrap();
    assert_eq!(call.note, "", "the note is gone");
    assert_eq!(call.outcome, Outcome::Answered, "the mark before it stays");
    act(&mut app, &store, Action::Undo);
    assert_eq!(store.call(id).unwrap().outcome, Outcome::Scheduled);
}

#[test]
fn undoing_over_a_later_change_from_elsewhere_asks_and_no_leaves_it() {
    let (_t, store) = day_store();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::Mark(Outcome::Voicemail));
    let id = call_at(&store, "09:00");
    // Another window corrects the mark after ours.
    store
        .mark(id, Outcome::Answered, mon("09:45"), &rules())
        .unwrap();

    act(&mut app, &store, Action::Undo);
    let Mode::Confirm(c, _) = &app.mode else {
        panic!("expected a question, got {:?}", app.mode);
    };
    assert!(c.prompt.contains("later change"), "{}", c.prompt);
    act(&mut app, &store, Action::Confirm(false));
    assert_eq!(
        store.call(id).unwrap().outcome,
        Outcome::Answered,
        "no: nothing changes"
    );
    assert_eq!(app.undo.len(), 1, "and the action stays on the stack");

    act(&mut app, &store, Action::Undo);
    act(&mut app, &store, Action::Confirm(true));
    assert_eq!(store.call(id).unwrap().outcome, Outcome::Scheduled);
    assert!(app.undo.is_empty());
    assert_eq!(
        app.status.as_ref().map(|s| s.kind),
        Some(StatusKind::Success)
    );
}

#[test]
fn clearing_do_not_call_asks_first() {
    let (_t, store) = day_store();
    let id = store.call(call_at(&store, "09:00")).unwrap().candidate.id;
    store
        .set_do_not_call(id, true, Some("asked"), mon("08:00"))
        .unwrap();
    let mut app = app(&store);
    select(&mut app, "Ana Souza");
    act(&mut app, &store, Action::ToggleDoNotCall);
    assert!(matches!(app.mode, Mode::Confirm(..)));
    assert!(
        store.candidate(id).unwrap().do_not_call,
        "not cleared before yes"
    );
    act(&mut app, &store, Action::Confirm(true));
    assert!(!store.candidate(id).unwrap().do_not_call);
    act(&mut app, &store, Action::Undo);
    assert!(store.candidate(id).unwrap().do_not_call);
}
