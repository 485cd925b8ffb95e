//! Booking a screen into a free slot: `b` in the app (Actions against App
//! + a real SQLite file) and `callsheet book` (the real binary).

mod common;

use callsheet::app::booking::Step;
use callsheet::app::{update::update, Action, App, EditKey, Mode, StatusKind};
use callsheet::store::Store;
use chrono::{DateTime, TimeZone, Utc};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

/// Ana 09:00, Bo 09:30, Priya 10:00 (Kolkata; do-not-call if `dnc`) and
/// Priya's only call moved off the day so she has none; now 09:40.
fn day(dir: &std::path::Path) -> (Store, App) {
    let store = Store::open(&dir.join("cs.sqlite3")).unwrap();
    let mut priya = common::screen("Priya Raghunathan", "+91 80 4719 0142", at(8, 0));
    priya.candidate.timezone = Some(chrono_tz::Asia::Kolkata);
    // Her earlier call is on Friday, so she is on record but not on the day.
    priya.start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let rows = vec![
        common::screen("Ana Souza", "+44 7700 900001", at(9, 0)),
        common::screen("Bo Lindqvist", "+46 70 123 4567", at(9, 30)),
        priya,
    ];
    store.import(&rows, at(8, 0), false).unwrap();
    let app = App::new(common::settings(), &store, at(9, 40), None).unwrap();
    (store, app)
}

fn act(app: &mut App, store: &Store, a: Action) {
    update(app, store, a, at(9, 40));
}

fn typed(app: &mut App, store: &Store, text: &str) {
    for c in text.chars() {
        act(app, store, Action::Edit(EditKey::Char(c)));
    }
}

fn booking(app: &App) -> &callsheet::app::booking::Booking {
    match &app.mode {
        Mode::Book(b) => b,
        m => panic!("not booking: {m:?}"),
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn b_books_a_found_candidate_into_the_offered_free_slot_and_u_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut app) = day(dir.path());
    act(&mut app, &store, Action::Book);
    let b = booking(&app);
    assert_eq!(b.step, Step::Slot);
    // 09:40 with Bo's 09:30 call selected: 10:00 is the first free slot.
    assert_eq!(b.chosen().unwrap().start, at(10, 0));
    assert!(b.slots.iter().all(|s| s.end > at(9, 40)), "none is over");
    act(&mut app, &store, Action::Choose);
    typed(&mut app, &store, "Priya");
    let b = booking(&app);
    assert_eq!(b.step, Step::Who);
    assert_eq!(b.hits.len(), 1);
    // Their own clock at the slot is on screen while choosing.
    let screen = common::screen_text(&app, 120, 30);
    assert!(screen.contains("15:30 their time (Kolkata)"), "{screen}");
    act(&mut app, &store, Action::Choose);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "Saved: booked Priya Raghunathan at Mon 10:00");
    let call = app.selected_call().unwrap();
    assert_eq!(call.candidate.name, "Priya Raghunathan");
    assert_eq!(call.start, at(10, 0));
    assert_eq!((call.end() - call.start).num_minutes(), 30);
    // A fresh connection has it.
    let fresh = Store::open(&dir.path().join("cs.sqlite3")).unwrap();
    assert_eq!(fresh.calls_between(at(10, 0), at(10, 30)).unwrap().len(), 1);

    act(&mut app, &store, Action::Undo);
    assert_eq!(
        status(&app),
        "Undone: booked Priya Raghunathan at Mon 10:00 (removes 1 call)"
    );
    assert!(fresh
        .calls_between(at(10, 0), at(10, 30))
        .unwrap()
        .is_empty());
    assert!(app.calls.iter().all(|c| c.start != at(10, 0)));
    common::assert_app_is_the_store(&app, &store, "after undo");
}

#[test]
fn a_new_candidate_is_booked_with_their_zone_and_role_and_undo_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut app) = day(dir.path());
    act(&mut app, &store, Action::Book);
    act(&mut app, &store, Action::Down); // 10:30
    act(&mut app, &store, Action::Choose);
    act(&mut app, &store, Action::SwitchFocus);
    assert_eq!(booking(&app).step, Step::New);
    typed(&mut app, &store, "Kwame Mensah");
    act(&mut app, &store, Action::Edit(EditKey::Down));
    typed(&mut app, &store, "+233 30 555 0100");
    act(&mut app, &store, Action::Edit(EditKey::Down));
    typed(&mut app, &store, "America/New_York");
    let screen = common::screen_text(&app, 120, 30);
    assert!(screen.contains("05:30 their time (New York)"), "{screen}");
    act(&mut app, &store, Action::Edit(EditKey::Down));
    typed(&mut app, &store, "Backend Engineer");
    act(&mut app, &store, Action::Choose);
    assert_eq!(status(&app), "Saved: booked Kwame Mensah at Mon 10:30");
    let call = app.selected_call().unwrap().clone();
    assert_eq!(call.start, at(10, 30));
    assert_eq!(call.candidate.timezone, Some(chrono_tz::America::New_York));
    assert_eq!(call.role.as_deref(), Some("Backend Engineer"));
    act(&mut app, &store, Action::Undo);
    assert!(
        store.candidate(call.candidate.id).is_err(),
        "the new record goes too"
    );
}

#[test]
fn a_taken_slot_and_a_do_not_call_person_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut app) = day(dir.path());
    let priya = store.search_candidates("Priya", at(9, 40), 5).unwrap()[0]
        .candidate
        .clone();
    store
        .set_do_not_call(priya.id, true, Some("accepted another offer"), at(9, 0))
        .unwrap();
    act(&mut app, &store, Action::Book);
    act(&mut app, &store, Action::Choose);
    typed(&mut app, &store, "Priya");
    act(&mut app, &store, Action::Choose);
    assert_eq!(
        status(&app),
        "Priya Raghunathan is do-not-call (accepted another offer): not booked"
    );
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Warning);
    assert!(
        matches!(app.mode, Mode::Book(_)),
        "still open to choose again"
    );

    // Another window books 10:00 after this booking listed it as free:
    // the store's check refuses it.
    let ana = app.calls[0].candidate.id;
    store
        .book(
            &callsheet::store::Who::Existing(ana),
            callsheet::domain::Interval::minutes(at(10, 0), 30),
            None,
            at(9, 40),
            &common::rules(),
        )
        .unwrap();
    for _ in 0..6 {
        act(&mut app, &store, Action::Edit(EditKey::Backspace));
    }
    typed(&mut app, &store, "Bo");
    assert_eq!(booking(&app).chosen().unwrap().start, at(10, 0));
    act(&mut app, &store, Action::Choose);
    assert_eq!(status(&app), "Mon 23 Nov 10:00 is taken: not booked");
    let at_ten = store.calls_between(at(10, 0), at(10, 30)).unwrap();
    assert_eq!(at_ten.len(), 1);
    assert_eq!(at_ten[0].candidate.id, ana);
}

fn cli_day(dir: &std::path::Path) -> std::path::PathBuf {
    let (store, _) = day(dir);
    drop(store);
    dir.join("cs.sqlite3")
}

#[test]
fn callsheet_book_books_and_a_taken_slot_exits_1_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_day(dir.path());
    let home = dir.path().join("home");
    let r = common::run_at(
        &home,
        &db,
        &[
            "book",
            "--candidate",
            "Priya",
            "--at",
            "2026-11-23 10:00",
            "--role",
            "SRE",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("booked call ")
            && r.stdout.ends_with(
                ": Priya Raghunathan Mon 23 Nov 10:00 for 30 min (15:30 their time, Asia/Kolkata)\n"
            ),
        "{}",
        r.stdout
    );
    let r = common::run_at(
        &home,
        &db,
        &[
            "book",
            "--candidate",
            "+46 70 123 4567",
            "--at",
            "2026-11-23 10:15",
            "--minutes",
            "15",
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "callsheet: Mon 23 Nov 10:15 is taken: not booked\n"
    );
    assert_eq!(r.stdout, "");
    let day = common::run_at(&home, &db, &["day", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&day.stdout).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ana Souza", "Bo Lindqvist", "Priya Raghunathan"]);
}

#[test]
fn callsheet_book_refuses_do_not_call_and_bad_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_day(dir.path());
    let home = dir.path().join("home");
    let day = common::run_at(&home, &db, &["day", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&day.stdout).unwrap();
    let bo = v[1]["candidate"]["id"].to_string();
    assert_eq!(
        common::run_at(&home, &db, &["dnc", &bo, "--reason", "moved abroad"]).code,
        0
    );
    let r = common::run_at(
        &home,
        &db,
        &["book", "--candidate", &bo, "--at", "2026-11-23 11:00"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "callsheet: Bo Lindqvist is do-not-call (moved abroad): not booked\n"
    );
    let r = common::run_at(&home, &db, &["book", "--candidate", "Ana", "--at", "soon"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--at 'soon'"), "{}", r.stderr);
    let r = common::run_at(
        &home,
        &db,
        &["book", "--candidate", "Ana", "--at", "2026-11-23 08:00"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "callsheet: Mon 23 Nov 08:00 is over: not booked\n"
    );
}
