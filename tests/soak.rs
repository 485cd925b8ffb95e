//! A long day (issue 6, item 8): a random recruiter drives the app through
//! `update` with `Action`s (the path keys take) on a real database file,
//! with a fast clock (0–2 minutes a step, from 07:30 Monday through
//! Tuesday), while "another window" imports more calls and re-imports
//! the same file through a second connection.
//!
//! After every step:
//! - each screen has exactly one, valid outcome: `scheduled` with no mark
//!   time, or a mark with one; no candidate is booked twice at one time;
//! - every open callback belongs to a candidate who is not do-not-call
//!   (setting the flag drops their open callbacks in the same
//!   transaction, and undo restores both together, so this is exact);
//! - the header's tallies (answered, voicemail, no-show, cancelled,
//!   rescheduled, callbacks due) equal counts made with SQL on the file;
//! - the selections are inside their lists and the day and queue on screen
//!   are what the database holds;
//! - and nothing panics. `PRAGMA integrity_check` every 100 steps.
//!
//! `CALLSHEET_SOAK_STEPS` (default 3000) and `CALLSHEET_SOAK_SEED`
//! (default random) control the run; the seed is printed.

mod common;

use callsheet::app::update::update;
use callsheet::app::{Action, App, EditKey, Mode};
use callsheet::domain::Outcome;
use callsheet::import::{csv, Context};
use callsheet::store::Store;
use callsheet::ui::Theme;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use std::path::Path;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

const NAMES: [&str; 12] = [
    "Ana Souza",
    "José Müller",
    "王小明",
    "Zoë Ó Briain",
    "Liam O'Brien",
    "Amara Okafor",
    "Chen Wei",
    "Sofia Rossi",
    "Noah Williams",
    "Emma Clarke",
    "Marcus Johnson",
    "Chloé Dubois",
];

/// A CSV of `n` screens on `date`, every 30 minutes from 08:00, with
/// candidates from the list (so the same people come back).
fn day_csv(date: &str, n: usize, first: usize) -> Vec<u8> {
    let mut s = String::from("start,candidate,phone,role\n");
    for i in 0..n {
        let k = (first + i) % NAMES.len();
        let (h, m) = (8 + i / 2, if i % 2 == 0 { "00" } else { "30" });
        s.push_str(&format!(
            "{date} {h:02}:{m},{},+44 7700 9{k:05},Engineer\n",
            NAMES[k]
        ));
    }
    s.into_bytes()
}

fn ctx() -> Context {
    Context {
        zone: chrono_tz::Europe::London,
        slot_minutes: 30,
    }
}

/// "Another window": imports through its own connection, as the CLI does.
fn import_elsewhere(db: &Path, bytes: &[u8], now: DateTime<Utc>) {
    let other = Store::open(db).unwrap();
    let rows = csv::parse("more.csv", bytes, &ctx()).unwrap();
    other.import(&rows, now, false).unwrap();
}

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> usize {
    conn.query_row(sql, params, |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// The database's own account of what must hold.
fn check_database(conn: &Connection, why: &str) {
    let bad = count(
        conn,
        "SELECT COUNT(*) FROM screens WHERE outcome NOT IN
           ('scheduled','answered','voicemail','no-show','cancelled','rescheduled')
           OR (outcome = 'scheduled') <> (marked_at IS NULL)",
        [],
    );
    assert_eq!(bad, 0, "{why}: a screen without exactly one outcome");
    let doubled = count(
        conn,
        "SELECT COUNT(*) FROM (SELECT 1 FROM screens
           WHERE outcome NOT IN ('cancelled','rescheduled')
           GROUP BY candidate_id, start_utc HAVING COUNT(*) > 1)",
        [],
    );
    assert_eq!(doubled, 0, "{why}: a candidate booked twice at one time");
    let dnc_open = count(
        conn,
        "SELECT COUNT(*) FROM callbacks cb JOIN candidates c ON c.id = cb.candidate_id
          WHERE cb.status = 'open' AND c.do_not_call",
        [],
    );
    assert_eq!(
        dnc_open, 0,
        "{why}: an open callback for a do-not-call candidate"
    );
}

/// The header's number before `word` ("✓ 3 answered" → 3), if shown.
fn header_number(header: &str, word: &str) -> Option<usize> {
    let words: Vec<&str> = header.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[1] == word)
        .and_then(|w| w[0].parse().ok())
}

fn check_header(app: &App, conn: &Connection, why: &str) {
    // Wide: the unmarked calls come first and may be many.
    let area = ratatui::layout::Rect::new(0, 0, 3000, 2);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    callsheet::ui::render_header(app, &Theme::colored(), area, &mut buf);
    let header: String = (0..area.width).map(|x| buf[(x, 1)].symbol()).collect();
    let span = app.settings.rules.hours.day_span(app.date);
    let (from, to) = (span.start.timestamp(), span.end.timestamp());
    for o in [
        Outcome::Answered,
        Outcome::Voicemail,
        Outcome::NoShow,
        Outcome::Cancelled,
        Outcome::Rescheduled,
    ] {
        let sql = count(
            conn,
            "SELECT COUNT(*) FROM screens WHERE outcome = ?1 AND start_utc >= ?2 AND start_utc < ?3",
            rusqlite::params![o.as_str(), from, to],
        );
        let shown = header_number(&header, o.as_str());
        // Cancelled and rescheduled are shown only when there are some.
        let shown = match (o, shown) {
            (Outcome::Cancelled | Outcome::Rescheduled, None) => 0,
            (_, s) => s.unwrap_or_else(|| panic!("{why}: no {o:?} in {header:?}")),
        };
        assert_eq!(
            shown, sql,
            "{why}: header {header:?} says {shown} {o:?}, SQL {sql}"
        );
    }
    let due = count(
        conn,
        "SELECT COUNT(*) FROM callbacks WHERE status = 'open'
           AND (called_in_at IS NOT NULL OR due_utc <= ?1)",
        [app.now.timestamp() + 15 * 60],
    );
    let shown = header_number(&header, "callbacks")
        .or_else(|| header_number(&header, "callback"))
        .unwrap_or_else(|| panic!("{why}: no callbacks due in {header:?}"));
    assert_eq!(
        shown, due,
        "{why}: header {header:?} says {shown} due, SQL {due}"
    );
}

/// What a recruiter might do next, given what is on screen.
fn next_action(rng: &mut fastrand::Rng, app: &App) -> Action {
    let text = |rng: &mut fastrand::Rng| {
        let c = ['a', 'é', ' ', '王', '1', 'x', '\n'][rng.usize(..7)];
        Action::Edit(if c == '\n' {
            EditKey::Newline
        } else {
            EditKey::Char(c)
        })
    };
    match &app.mode {
        Mode::Confirm(..) => Action::Confirm(rng.u8(..4) != 0),
        Mode::Note(_) | Mode::DropReason { .. } | Mode::ToldAt { .. } => match rng.u8(..10) {
            0..=5 => text(rng),
            6 => Action::Pick(rng.usize(..6)),
            7 => Action::Edit(EditKey::Backspace),
            8 => Action::Edit(EditKey::Cancel),
            _ => Action::Edit(EditKey::Save),
        },
        Mode::Search(_) => match rng.u8(..6) {
            0..=2 => Action::Edit(EditKey::Char(['a', 'o', 'z', '7'][rng.usize(..4)])),
            3 => Action::Down,
            4 => Action::Choose,
            _ => Action::Back,
        },
        Mode::Book(_) => match rng.u8(..8) {
            0..=2 => Action::Edit(EditKey::Char(['a', 'o', 'z', '7'][rng.usize(..4)])),
            3 => Action::Down,
            4 => Action::SwitchFocus,
            5 => Action::Choose,
            6 => Action::Pick(rng.usize(..9)),
            _ => Action::Back,
        },
        Mode::Form(_) => match rng.u8(..8) {
            0..=2 => text(rng),
            3 => Action::Down,
            4 => Action::Pick(rng.usize(..9)),
            5 => Action::Choose,
            6 => Action::Edit(EditKey::Save),
            _ => Action::Back,
        },
        Mode::PickSlot(_) | Mode::Outcomes(_) | Mode::Reschedule(_) => match rng.u8(..6) {
            0 => Action::Down,
            1 | 2 => Action::Choose,
            3 | 4 => Action::Pick(rng.usize(..8)),
            _ => Action::Back,
        },
        Mode::Promises(_) | Mode::Owed(_) => match rng.u8(..8) {
            0 | 1 => Action::Down,
            2 => Action::KeepPromise,
            3 => Action::PromiseNoNews,
            4 => Action::MovePromise,
            5 => Action::OpenDetail,
            _ => Action::Back,
        },
        Mode::Detail(_) | Mode::Help | Mode::Report(_) => match rng.u8(..8) {
            0 => Action::AddPromise,
            1 => Action::SetStage,
            2 => Action::EditCandidateNote,
            3 => Action::PrevWeek,
            4 => Action::Down,
            _ => Action::Back,
        },
        Mode::Normal => {
            let marks = matches!(app.focus, callsheet::app::Focus::Day);
            let call = Action::Select(rng.usize(..app.calls.len().max(1)));
            let all = [
                (10, call),
                (if marks { 0 } else { 4 }, Action::SwitchFocus),
                (8, Action::Down),
                (6, Action::Up),
                (1, Action::SwitchFocus),
                (if marks { 8 } else { 0 }, Action::Mark(Outcome::Answered)),
                (if marks { 8 } else { 0 }, Action::Mark(Outcome::Voicemail)),
                (if marks { 7 } else { 0 }, Action::Mark(Outcome::NoShow)),
                (3, Action::OutcomeMenu),
                (3, Action::Reschedule),
                (4, Action::Undo),
                (3, Action::EditCallNote),
                (1, Action::EditCandidateNote),
                (2, Action::OpenDetail),
                (4, Action::PlaceCallback),
                (2, Action::CallbackReached),
                (2, Action::SnoozeCallback),
                (2, Action::DropCallback),
                (2, Action::LogInbound),
                (2, Action::ToggleDoNotCall),
                (2, Action::AddPromise),
                (1, Action::TogglePromises),
                (1, Action::ToggleOwed),
                (1, Action::OpenReport),
                (1, Action::OpenSearch),
                (1, Action::NextDay),
                (1, Action::PrevDay),
                (4, Action::Today),
                (1, Action::Top),
                (1, Action::Bottom),
            ];
            let total: usize = all.iter().map(|(w, _)| w).sum();
            let mut pick = rng.usize(..total);
            for (w, a) in all {
                if pick < w {
                    return a;
                }
                pick -= w;
            }
            unreachable!()
        }
    }
}

#[test]
fn a_long_day_through_the_action_layer_keeps_every_invariant() {
    let seed: u64 = env_or("CALLSHEET_SOAK_SEED", fastrand::u64(..));
    let steps: usize = env_or("CALLSHEET_SOAK_STEPS", 3000);
    eprintln!("soak: seed {seed} (CALLSHEET_SOAK_SEED={seed}), {steps} steps");
    let mut rng = fastrand::Rng::with_seed(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soak.sqlite3");
    let store = Store::open(&db).unwrap();
    let conn = Connection::open(&db).unwrap();
    let mut now = common::mon("07:30");
    let monday = day_csv("2026-11-23", 18, 0);
    import_elsewhere(&db, &monday, now);
    import_elsewhere(&db, &day_csv("2026-11-24", 18, 5), now);
    let mut app = App::new(common::settings(), &store, now, None).unwrap();
    let started = std::time::Instant::now();
    // What the status line said after each kind of action, for the report.
    let mut done = std::collections::BTreeMap::new();
    let mut marks_saved = 0;
    let mut recent = std::collections::VecDeque::new();
    for step in 0..steps {
        now += Duration::minutes(rng.i64(0..=2));
        let action = match rng.u8(..40) {
            // The other window imports, or re-imports Monday unchanged.
            0 => {
                let day = ["2026-11-24", "2026-11-25"][rng.usize(..2)];
                import_elsewhere(&db, &day_csv(day, rng.usize(1..8), rng.usize(..12)), now);
                Action::Tick
            }
            1 => {
                import_elsewhere(&db, &monday, now);
                Action::Tick
            }
            2..=4 => Action::Tick,
            _ => next_action(&mut rng, &app),
        };
        app.status = None;
        let name = format!("{action:?}");
        update(&mut app, &store, action, now);
        // The last steps and what the status line said, for a failure.
        let said = app
            .status
            .as_ref()
            .map_or(String::new(), |s| s.text.clone());
        recent.push_back(format!("{step} {now} {name}: {said}"));
        if recent.len() > 25 {
            recent.pop_front();
        }
        let why = format!(
            "seed {seed} step {step} at {now} after {name}; the last steps:\n{}\n",
            Vec::from(recent.clone()).join("\n")
        );
        if let Some(st) = &app.status {
            let key = format!("{:?} {}", st.kind, name.split('(').next().unwrap());
            *done.entry(key).or_insert(0usize) += 1;
            let saved = st.text.strip_prefix("Saved: ").unwrap_or("");
            if ["answered", "voicemail", "no-show", "cancelled"]
                .iter()
                .any(|o| saved.starts_with(o))
            {
                marks_saved += 1;
            }
        }
        check_database(&conn, &why);
        check_header(&app, &conn, &why);
        common::assert_app_is_the_store(&app, &store, &why);
        if step % 100 == 99 {
            assert_eq!(store.integrity_check().unwrap(), "ok", "{why}");
        }
    }
    let marks = count(
        &conn,
        "SELECT COUNT(*) FROM screens WHERE outcome <> 'scheduled'",
        [],
    );
    let callbacks = count(&conn, "SELECT COUNT(*) FROM callbacks", []);
    let notes = count(&conn, "SELECT COUNT(*) FROM notes", []);
    eprintln!(
        "soak: {steps} steps in {:.1} s to {now}: {marks_saved} marks saved, {marks} screens \
         marked at the end, {callbacks} callbacks, {notes} notes",
        started.elapsed().as_secs_f64()
    );
    eprintln!("soak: status lines by kind and action: {done:?}");
    assert!(
        now >= common::at("2026-11-24T00:00:00Z"),
        "the day did not end"
    );
    assert!(
        marks_saved >= steps / 60 && callbacks >= 5,
        "too little happened (seed {seed})"
    );
}

/// Found by the long day (seed 12907280722856364083): a CSV row for a
/// candidate at the time of the callback the recruiter placed for them is
/// that call, not a second one in the same slot.
#[test]
fn an_import_at_a_placed_callbacks_time_books_no_second_call() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::seeded(dir.path());
    let rules = common::rules();
    let now = common::mon("09:40");
    let ana = common::call_at(&store, "09:00");
    store.mark(ana, Outcome::Voicemail, now, &rules).unwrap();
    let cb = store.open_callbacks(now, rules.hours.zone).unwrap()[0].id;
    let slot = store
        .free_slots_for(cb, now, &rules, 1)
        .unwrap()
        .into_iter()
        .next()
        .expect("a free slot");
    store.place_callback(cb, slot, now, &rules).unwrap();
    let local = slot.start.with_timezone(&chrono_tz::Europe::London);
    let csv = format!(
        "start,candidate,phone\n{},Ana Souza,+44 20 7946 0001\n",
        local.format("%Y-%m-%d %H:%M")
    );
    import_elsewhere(&db, csv.as_bytes(), now);
    let conn = Connection::open(&db).unwrap();
    check_database(&conn, "after the import");
    let at_slot = store
        .calls_between(slot.start, slot.start + Duration::minutes(1))
        .unwrap();
    assert_eq!(at_slot.len(), 1, "{at_slot:?}");
}

/// Found by the long day (seed 9586594462396585313): undoing "clear
/// do-not-call" puts the flag back, so the callbacks opened while it was
/// off are dropped with it, as setting the flag does.
#[test]
fn undoing_a_cleared_do_not_call_drops_the_callbacks_opened_since() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::seeded(dir.path());
    let rules = common::rules();
    let now = common::mon("09:40");
    let ana = common::call_at(&store, "09:00");
    let who = store.call(ana).unwrap().candidate.id;
    store
        .set_do_not_call(who, true, Some("asked"), now)
        .unwrap();
    let cleared = store.set_do_not_call(who, false, None, now).unwrap();
    store.mark(ana, Outcome::Voicemail, now, &rules).unwrap();
    assert_eq!(
        store.open_callbacks(now, rules.hours.zone).unwrap().len(),
        1
    );
    store.undo(&cleared, now, &rules).unwrap();
    assert!(store.candidate(who).unwrap().do_not_call);
    assert!(store
        .open_callbacks(now, rules.hours.zone)
        .unwrap()
        .is_empty());
    check_database(&Connection::open(&db).unwrap(), "after the undo");
}
