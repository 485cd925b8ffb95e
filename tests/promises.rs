//! Promises and close-the-loop on real SQLite files, through the store and
//! through the app: add, keep, move (kept as history), "no news yet" calls,
//! the overdue count in the header, and the owed list with its waits.

mod common;

use callsheet::app::{update::update, Action, App, EditKey, Focus, Mode};
use callsheet::domain::owed::OwedKind;
use callsheet::domain::promise::Urgency;
use callsheet::domain::{Direction, Outcome, PromiseStatus, Stage};
use callsheet::error::Error;
use callsheet::store::Store;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::{call_at, mon, rules, seeded, settings};

fn day_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store) = seeded(tmp.path());
    (tmp, store)
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// `d` November (or December past 30) 2026 at `h`:00 UTC (= London).
fn at(d: u32, h: u32) -> DateTime<Utc> {
    if d > 30 {
        Utc.with_ymd_and_hms(2026, 12, d - 30, h, 0, 0).unwrap()
    } else {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }
}

fn cand(store: &Store, hhmm: &str) -> i64 {
    store.call(call_at(store, hhmm)).unwrap().candidate.id
}

/// Ana's promise "update after HM feedback" by Fri 27 Nov, made at 09:30.
fn ana_promise(store: &Store) -> i64 {
    let hours = &rules().hours;
    let (id, _) = store
        .add_promise(
            cand(store, "09:00"),
            Some(call_at(store, "09:00")),
            "update after HM feedback\x1b[31m",
            date(11, 27),
            true,
            mon("09:30"),
            hours,
        )
        .unwrap();
    id
}

#[test]
fn a_promise_is_stored_due_at_the_end_of_its_local_day_and_undo_removes_it() {
    let (_t, store) = day_store();
    let hours = &rules().hours;
    let (id, undo) = store
        .add_promise(
            cand(&store, "09:00"),
            None,
            "call back",
            date(11, 27),
            false,
            mon("09:30"),
            hours,
        )
        .unwrap();
    assert_eq!(
        undo.label(),
        "promise to Ana Souza: call back by Fri 27 Nov"
    );
    let p = store.promise(id).unwrap();
    assert_eq!(p.due, at(28, 0));
    assert_eq!(p.status, PromiseStatus::Open);
    assert_eq!(p.urgency(at(27, 17), hours), Urgency::DueToday);
    store.undo(&undo, mon("09:31"), &rules()).unwrap();
    assert!(matches!(store.promise(id), Err(Error::NotFound(_))));
}

#[test]
fn text_is_cleaned_and_an_empty_promise_is_refused() {
    let (_t, store) = day_store();
    let p = store.promise(ana_promise(&store)).unwrap();
    assert_eq!(p.what, "update after HM feedback[31m");
    assert!(p.waiting_on_hm);
    let empty = store.add_promise(
        cand(&store, "09:00"),
        None,
        " \t",
        date(11, 27),
        false,
        mon("09:30"),
        &rules().hours,
    );
    assert!(matches!(empty, Err(Error::Invalid(_))));
}

#[test]
fn keep_closes_it_on_time_or_late_and_undo_reopens() {
    let (_t, store) = day_store();
    let id = ana_promise(&store);
    let undo = store.keep_promise(id, at(27, 16)).unwrap();
    let p = store.promise(id).unwrap();
    assert_eq!(
        (p.status, p.kept_on_time()),
        (PromiseStatus::Kept, Some(true))
    );
    assert!(store.open_promises().unwrap().is_empty());
    assert!(matches!(
        store.keep_promise(id, at(27, 17)),
        Err(Error::Refused(_))
    ));
    store.undo(&undo, at(27, 17), &rules()).unwrap();
    let p = store.promise(id).unwrap();
    assert_eq!((p.status, p.closed_at), (PromiseStatus::Open, None));
}

#[test]
fn a_move_needs_a_reason_and_is_kept_as_history() {
    let (_t, store) = day_store();
    let hours = &rules().hours;
    let id = ana_promise(&store);
    assert!(matches!(
        store.move_promise(id, date(12, 2), "  ", at(27, 10), hours),
        Err(Error::Invalid(_))
    ));
    let undo = store
        .move_promise(id, date(12, 2), "HM on holiday", at(27, 10), hours)
        .unwrap();
    let p = store.promise(id).unwrap();
    assert_eq!(p.due, at(33, 0));
    assert_eq!(p.moves.len(), 1);
    assert_eq!(
        (p.moves[0].from_due, p.moves[0].to_due),
        (at(28, 0), at(33, 0))
    );
    assert_eq!(p.moves[0].reason, "HM on holiday");
    store.undo(&undo, at(27, 11), &rules()).unwrap();
    let p = store.promise(id).unwrap();
    assert_eq!((p.due, p.moves.len()), (at(28, 0), 0));
}

#[test]
fn a_no_news_call_logs_an_attempt_and_moves_the_promise_on_five_working_days() {
    let (_t, store) = day_store();
    let hours = &rules().hours;
    let id = ana_promise(&store);
    let ana = cand(&store, "09:00");
    // Overdue on Monday 30th; the call pushes it to Monday 7 Dec.
    assert_eq!(
        store.promise(id).unwrap().urgency(at(30, 10), hours),
        Urgency::Overdue
    );
    let (day, undo) = store.promise_no_news(id, at(30, 10), hours, 5).unwrap();
    assert_eq!(day, date(12, 7));
    assert_eq!(
        undo.label(),
        "no news yet call to Ana Souza; next update by Mon 07 Dec"
    );
    let p = store.promise(id).unwrap();
    assert_eq!(p.status, PromiseStatus::Open);
    assert_eq!(p.urgency(at(30, 10), hours), Urgency::Later);
    assert_eq!(p.moves[0].reason, "no news yet call");
    let attempt = p.moves[0].attempt_id.unwrap();
    let a = store.attempts_for(ana).unwrap();
    assert!(a
        .iter()
        .any(|x| x.id == attempt && x.direction == Direction::Outbound));

    store.undo(&undo, at(30, 11), &rules()).unwrap();
    let p = store.promise(id).unwrap();
    assert_eq!((p.due, p.moves.len()), (at(28, 0), 0));
    assert!(store
        .attempts_for(ana)
        .unwrap()
        .iter()
        .all(|x| x.id != attempt));
}

#[test]
fn a_no_news_call_never_brings_a_later_promise_forward() {
    let (_t, store) = day_store();
    let hours = &rules().hours;
    let (id, _) = store
        .add_promise(
            cand(&store, "09:00"),
            None,
            "offer letter",
            date(12, 31),
            false,
            mon("09:30"),
            hours,
        )
        .unwrap();
    let (day, _) = store.promise_no_news(id, mon("10:00"), hours, 5).unwrap();
    assert_eq!(day, date(12, 31));
}

#[test]
fn a_no_news_call_to_a_do_not_call_candidate_is_refused() {
    let (_t, store) = day_store();
    let id = ana_promise(&store);
    store
        .set_do_not_call(cand(&store, "09:00"), true, Some("asked"), mon("10:00"))
        .unwrap();
    let r = store.promise_no_news(id, mon("10:05"), &rules().hours, 5);
    assert!(matches!(r, Err(Error::Refused(m)) if m.contains("do-not-call")));
}

#[test]
fn owed_lists_silence_after_a_held_screen_rejections_and_due_promises() {
    let (_t, store) = day_store();
    let hours = &rules().hours;
    // Ana: held screen Mon 23, nothing since.
    store
        .mark(
            call_at(&store, "09:00"),
            Outcome::Answered,
            mon("09:25"),
            &rules(),
        )
        .unwrap();
    // José: held, then a follow-up call on Fri 27: the wait restarts.
    let jose = cand(&store, "10:00");
    store
        .mark(
            call_at(&store, "10:00"),
            Outcome::Answered,
            mon("10:25"),
            &rules(),
        )
        .unwrap();
    store.log_inbound(jose, None, at(27, 11)).unwrap();
    // 王小明: held, then rejected and not told (listed once, as the rejection).
    let wang = cand(&store, "11:00");
    store
        .mark(
            call_at(&store, "11:00"),
            Outcome::Answered,
            mon("11:25"),
            &rules(),
        )
        .unwrap();
    store
        .set_stage(wang, Stage::RejectedNotTold, at(25, 15))
        .unwrap();
    // Zoë: a promise due Mon 30.
    let zoe = cand(&store, "14:00");
    store
        .add_promise(
            zoe,
            None,
            "feedback",
            date(11, 30),
            false,
            mon("14:30"),
            hours,
        )
        .unwrap();

    // Wed 2 Dec.
    let owed = store.owed(at(32, 9), hours, 5).unwrap();
    let rows: Vec<(String, u32, String)> = owed
        .iter()
        .map(|o| (o.candidate.name.clone(), o.working_days, o.waited()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Ana Souza".into(), 7, "7 working days".into()),
            ("王小明".into(), 5, "5 working days".into()),
            ("Zoë Ó Briain".into(), 2, "2 working days overdue".into()),
        ]
    );
    assert!(matches!(owed[0].kind, OwedKind::News { .. }));
    assert_eq!(owed[1].kind, OwedKind::Rejection);
    // José's wait restarted on Friday: 3 working days, not yet owed.
    assert!(owed.iter().all(|o| o.candidate.id != jose));
    assert!(store
        .owed(at(32, 9), hours, 2)
        .unwrap()
        .iter()
        .any(|o| o.candidate.id == jose));

    // Telling 王小明 and keeping Zoë's promise closes those loops.
    store
        .set_stage(wang, Stage::RejectedTold, at(32, 10))
        .unwrap();
    let p = store.open_promises().unwrap()[0].id;
    store.keep_promise(p, at(32, 10)).unwrap();
    let names: Vec<String> = store
        .owed(at(32, 11), hours, 5)
        .unwrap()
        .into_iter()
        .map(|o| o.candidate.name)
        .collect();
    assert_eq!(names, vec!["Ana Souza".to_string()]);
}

#[test]
fn a_call_booked_ahead_means_nobody_is_waiting() {
    let (_t, store) = day_store();
    store
        .mark(
            call_at(&store, "09:00"),
            Outcome::Answered,
            mon("09:25"),
            &rules(),
        )
        .unwrap();
    let mut row = common::screen("Ana Souza", "+44 20 7946 0001", at(33, 10));
    row.origin = "next".into();
    store.import(&[row], mon("12:00"), false).unwrap();
    assert!(store.owed(at(32, 9), &rules().hours, 5).unwrap().is_empty());
}

// ------------------------------------------------------------ in the app

fn app(store: &Store, now: DateTime<Utc>) -> App {
    App::new(settings(), store, now, Some(date(11, 23))).unwrap()
}

fn act(app: &mut App, store: &Store, a: Action) {
    let now = app.now + Duration::seconds(1);
    update(app, store, a, now);
}

fn type_text(app: &mut App, store: &Store, s: &str) {
    for c in s.chars() {
        act(app, store, Action::Edit(EditKey::Char(c)));
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn p_on_a_call_takes_what_and_when_and_saves_one_promise() {
    let (_t, store) = day_store();
    let mut app = app(&store, mon("09:40"));
    app.focus = Focus::Day;
    app.call_sel = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "Ana Souza");
    act(&mut app, &store, Action::AddPromise);
    type_text(&mut app, &store, "update after HM feedback");
    act(&mut app, &store, Action::Edit(EditKey::Down));
    type_text(&mut app, &store, "someday");
    act(&mut app, &store, Action::Edit(EditKey::Newline));
    // A date that is not one keeps the form open and says why.
    assert!(matches!(app.mode, Mode::Form(_)));
    assert!(
        status(&app).contains("'someday' is not a date"),
        "{}",
        status(&app)
    );
    for _ in 0.."someday".len() {
        act(&mut app, &store, Action::Edit(EditKey::Backspace));
    }
    type_text(&mut app, &store, "fri");
    act(&mut app, &store, Action::Edit(EditKey::Down));
    act(&mut app, &store, Action::Edit(EditKey::Char(' ')));
    act(&mut app, &store, Action::Edit(EditKey::Newline));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        status(&app),
        "Saved: promise to Ana Souza: update after HM feedback by Fri 27 Nov"
    );
    let p = &store.open_promises().unwrap()[0];
    assert!(p.waiting_on_hm);
    assert_eq!(p.screen_id, Some(call_at(&store, "09:00")));
    assert_eq!(app.promises.len(), 1);
    act(&mut app, &store, Action::Undo);
    assert!(store.open_promises().unwrap().is_empty());
}

#[test]
fn the_promises_view_keeps_moves_and_logs_no_news_calls() {
    let (_t, store) = day_store();
    let id = ana_promise(&store);
    // Tuesday 1 Dec: overdue, and the header says so.
    let mut app = app(&store, at(31, 10));
    assert_eq!(app.promises.len(), 1);
    act(&mut app, &store, Action::TogglePromises);
    assert!(matches!(app.mode, Mode::Promises(_)));
    act(&mut app, &store, Action::MovePromise);
    type_text(&mut app, &store, "+2d");
    act(&mut app, &store, Action::Edit(EditKey::Down));
    type_text(&mut app, &store, "HM travelling");
    act(&mut app, &store, Action::Edit(EditKey::Newline));
    assert!(
        matches!(app.mode, Mode::Promises(_)),
        "back to the list: {:?}",
        app.mode
    );
    assert_eq!(store.promise(id).unwrap().moves[0].reason, "HM travelling");
    act(&mut app, &store, Action::PromiseNoNews);
    assert!(
        status(&app).contains("no news yet call to Ana Souza"),
        "{}",
        status(&app)
    );
    act(&mut app, &store, Action::KeepPromise);
    assert!(app.promises.is_empty());
    assert_eq!(store.promise(id).unwrap().status, PromiseStatus::Kept);
    act(&mut app, &store, Action::Undo);
    assert_eq!(app.promises.len(), 1);
    act(&mut app, &store, Action::OpenDetail);
    let Mode::Detail(d) = &app.mode else {
        panic!("expected the candidate, got {:?}", app.mode);
    };
    assert_eq!(d.promises.len(), 1);
}

#[test]
fn the_owed_view_rereads_after_a_write_and_works_promise_rows() {
    let (_t, store) = day_store();
    ana_promise(&store);
    store
        .set_stage(cand(&store, "10:00"), Stage::RejectedNotTold, mon("12:00"))
        .unwrap();
    let mut app = app(&store, at(27, 10));
    act(&mut app, &store, Action::ToggleOwed);
    let Mode::Owed(v) = &app.mode else {
        panic!("expected the owed view");
    };
    assert_eq!(v.rows.len(), 2);
    // Rows: the rejection (4 working days) first, then the promise (due today).
    act(&mut app, &store, Action::KeepPromise);
    assert!(status(&app).contains("not a promise"), "{}", status(&app));
    act(&mut app, &store, Action::Down);
    act(&mut app, &store, Action::KeepPromise);
    let Mode::Owed(v) = &app.mode else {
        panic!("expected the owed view");
    };
    assert_eq!(v.rows.len(), 1);
    act(&mut app, &store, Action::Undo);
    let Mode::Owed(v) = &app.mode else {
        panic!("expected the owed view");
    };
    assert_eq!(v.rows.len(), 2);
    act(&mut app, &store, Action::ToggleOwed);
    assert_eq!(app.mode, Mode::Normal);
}
