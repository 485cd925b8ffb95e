//! A recruiter's day as sequences of Actions against App + a real SQLite
//! file, checking both the state and what a fresh connection reads back.

mod common;

use callsheet::app::{update::update, Action, App, EditKey, Focus, Mode, StatusKind};
use callsheet::config::Settings;
use callsheet::domain::{Bucket, CallKind, Outcome};
use callsheet::keymap::Keymap;
use callsheet::store::{NewScreen, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use std::path::PathBuf;

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
}

struct Day {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    app: App,
}

/// A screen from the shared fixtures, in the candidate's own zone.
fn screen(name: &str, phone: &str, tz: Option<chrono_tz::Tz>, start: DateTime<Utc>) -> NewScreen {
    let mut s = common::screen(name, phone, start);
    s.candidate.timezone = tz;
    s
}

/// Mon 23 Nov 2026, London (UTC+0 in November); now 09:40.
fn day() -> Day {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cs.sqlite3");
    let store = Store::open(&path).unwrap();
    let rows = vec![
        screen("Ana Souza", "+44 7700 900001", None, at(23, 9, 0)),
        screen("Bo Lindqvist", "+46 70 123 4567", None, at(23, 9, 30)),
        screen(
            "Chen Wei",
            "+1 212 555 0100",
            Some(chrono_tz::America::New_York),
            at(23, 14, 0),
        ),
        screen("Dee Okafor", "+44 7700 900004", None, at(23, 10, 30)),
        screen("Eve Martin", "+44 7700 900005", None, at(23, 12, 0)),
    ];
    store.import(&rows, at(20, 12, 0), false).unwrap();
    let app = App::new(
        Settings::with_zone(chrono_tz::Europe::London),
        &store,
        at(23, 9, 40),
        None,
    )
    .unwrap();
    Day {
        _dir: dir,
        path,
        store,
        app,
    }
}

impl Day {
    fn act(&mut self, a: Action) {
        let now = self.app.now;
        update(&mut self.app, &self.store, a, now);
    }
    fn act_at(&mut self, a: Action, now: DateTime<Utc>) {
        update(&mut self.app, &self.store, a, now);
    }
    fn select(&mut self, name: &str) {
        let i = self
            .app
            .calls
            .iter()
            .position(|c| c.candidate.name == name)
            .unwrap();
        self.app.focus = Focus::Day;
        self.app.call_sel = Some(i);
    }
    /// A second, independent connection: what is really on disk.
    fn reopen(&self) -> Store {
        Store::open(&self.path).unwrap()
    }
    fn outcome_on_disk(&self, name: &str) -> Outcome {
        let s = self.reopen();
        let calls = s.calls_between(at(23, 0, 0), at(24, 0, 0)).unwrap();
        calls
            .iter()
            .find(|c| c.candidate.name == name)
            .unwrap()
            .outcome
    }
    fn queue_on_disk(&self) -> Vec<callsheet::domain::Callback> {
        self.reopen()
            .open_callbacks(self.app.now, chrono_tz::Europe::London)
            .unwrap()
    }
    fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }
    fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.act(Action::Edit(if c == '\n' {
                EditKey::Newline
            } else {
                EditKey::Char(c)
            }));
        }
    }
}

#[test]
fn opens_on_the_live_call() {
    let d = day();
    assert_eq!(
        d.app.selected_call().unwrap().candidate.name,
        "Bo Lindqvist"
    );
    // Calls are in time order whatever the import order.
    let names: Vec<_> = d
        .app
        .calls
        .iter()
        .map(|c| c.candidate.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Ana Souza",
            "Bo Lindqvist",
            "Dee Okafor",
            "Eve Martin",
            "Chen Wei"
        ]
    );
}

#[test]
fn voicemail_is_on_disk_and_queues_a_callback_two_hours_later() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    assert_eq!(d.outcome_on_disk("Ana Souza"), Outcome::Voicemail);
    let q = d.queue_on_disk();
    assert_eq!(q.len(), 1);
    // 09:40 + 2 h = 11:40 → first free slot at or after it: 12:00 is Eve,
    // so 12:30.
    assert_eq!(q[0].due, at(23, 12, 30));
    assert_eq!(q[0].attempts_this_week, 1);
    assert!(
        d.status().contains("callback queued 12:30"),
        "{}",
        d.status()
    );
    assert_eq!(d.app.tally(Outcome::Voicemail), 1);
    assert_eq!(d.app.queue.len(), 1);
}

#[test]
fn undo_takes_back_the_mark_and_its_callback() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    d.act(Action::Undo);
    assert_eq!(d.outcome_on_disk("Ana Souza"), Outcome::Scheduled);
    assert!(d.queue_on_disk().is_empty());
    let s = d.reopen();
    let ana = d.app.calls[0].candidate.id;
    assert!(
        s.attempts_for(ana).unwrap().is_empty(),
        "the attempt is undone too"
    );
    assert!(d.status().starts_with("Undone"), "{}", d.status());
    d.act(Action::Undo);
    assert!(d.status().contains("Nothing to undo"));
}

#[test]
fn double_press_does_not_queue_twice() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    d.act(Action::Mark(Outcome::Voicemail));
    assert_eq!(d.queue_on_disk().len(), 1);
    assert!(d.status().contains("already marked voicemail"));
}

#[test]
fn changing_a_mark_asks_first_and_replaces_the_callback() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    d.act(Action::Mark(Outcome::Answered));
    assert!(matches!(d.app.mode, Mode::Confirm(..)));
    d.act(Action::Confirm(false));
    assert_eq!(d.app.mode, Mode::Normal);
    assert_eq!(d.outcome_on_disk("Ana Souza"), Outcome::Voicemail);
    d.act(Action::Mark(Outcome::Answered));
    d.act(Action::Confirm(true));
    assert_eq!(d.outcome_on_disk("Ana Souza"), Outcome::Answered);
    assert!(
        d.queue_on_disk().is_empty(),
        "answered: the voicemail callback goes"
    );
    // Undo of a correction brings the voicemail (and a callback) back.
    d.act(Action::Undo);
    assert_eq!(d.outcome_on_disk("Ana Souza"), Outcome::Voicemail);
    assert_eq!(d.queue_on_disk().len(), 1);
}

#[test]
fn no_show_callback_goes_to_next_working_day_in_candidates_hours() {
    let mut d = day();
    d.select("Chen Wei");
    // Chen's 14:00 London is 09:00 New York; marked at 14:10.
    d.act_at(Action::Mark(Outcome::NoShow), at(23, 14, 10));
    let q = d.queue_on_disk();
    // Tue 24 Nov: 08:00 New York = 13:00 London is the first slot that fits.
    assert_eq!(q[0].due, at(24, 13, 0));
}

#[test]
fn place_a_callback_into_a_free_slot_and_undo_it() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    d.act(Action::SwitchFocus);
    d.act(Action::PlaceCallback);
    let Mode::PickSlot(p) = &d.app.mode else {
        panic!("no picker: {:?}", d.app.status)
    };
    assert_eq!(p.slots[0].start, at(23, 12, 30));
    assert!(p.slots.len() >= 3);
    d.act(Action::Down);
    d.act(Action::Choose);
    assert_eq!(d.app.mode, Mode::Normal);
    assert!(
        d.queue_on_disk().is_empty(),
        "placed callbacks leave the queue"
    );
    let placed = d
        .app
        .calls
        .iter()
        .find(|c| c.kind == CallKind::Callback)
        .expect("on the calendar");
    assert_eq!(placed.start, at(23, 13, 0));
    assert_eq!(placed.candidate.name, "Ana Souza");
    // Answering the placed call closes it.
    let placed_id = placed.id;
    d.app.focus = Focus::Day;
    d.app.call_sel = d.app.calls.iter().position(|c| c.id == placed_id);
    d.act_at(Action::Mark(Outcome::Answered), at(23, 13, 5));
    d.act(Action::Undo);
    d.act(Action::Undo);
    assert_eq!(
        d.queue_on_disk().len(),
        1,
        "undo of placing puts it back in the queue"
    );
    assert!(d.app.calls.iter().all(|c| c.kind == CallKind::Screen));
}

#[test]
fn snooze_moves_to_the_next_free_slot() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    d.act(Action::SwitchFocus);
    d.act(Action::SnoozeCallback);
    assert_eq!(d.queue_on_disk()[0].due, at(23, 13, 0));
}

#[test]
fn drop_needs_a_reason_and_numbers_pick_one() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    d.act(Action::SwitchFocus);
    d.act(Action::DropCallback);
    d.act(Action::Edit(EditKey::Newline));
    assert_eq!(d.queue_on_disk().len(), 1, "no reason, no drop");
    assert_eq!(d.app.status.as_ref().unwrap().kind, StatusKind::Warning);
    // The prompt stays open with an empty reason.
    d.act(Action::DropCallback);
    d.act(Action::Pick(2));
    let Mode::DropReason { input, .. } = &d.app.mode else {
        panic!()
    };
    assert_eq!(input.text, "accepted another offer");
    d.act(Action::Edit(EditKey::Newline));
    assert!(d.queue_on_disk().is_empty());
}

#[test]
fn inbound_call_logs_lateness_and_tops_the_queue() {
    let mut d = day();
    d.select("Dee Okafor");
    d.act_at(Action::Mark(Outcome::NoShow), at(23, 10, 40));
    d.select("Ana Souza");
    d.act_at(Action::Mark(Outcome::Voicemail), at(23, 10, 41));
    // Ana rings back at 09:00 + 47 min? No: at 11:17, 2 h 17 min after her slot.
    d.act_at(Action::LogInbound, at(23, 11, 17));
    assert!(
        d.status()
            .contains("Ana Souza called back 2 h 17 min after the slot"),
        "{}",
        d.status()
    );
    assert_eq!(d.app.queue[0].candidate.name, "Ana Souza");
    assert_eq!(d.app.queue[0].bucket(d.app.now, 30), Bucket::CalledIn);
    assert_eq!(
        d.app.selected_callback().unwrap().candidate.name,
        "Ana Souza"
    );
    let s = d.reopen();
    let att = s.attempts_for(d.app.queue[0].candidate.id).unwrap();
    assert_eq!(att.last().unwrap().late_minutes, Some(137));
    d.act(Action::Undo);
    assert_ne!(d.app.queue[0].bucket(d.app.now, 30), Bucket::CalledIn);
}

#[test]
fn inbound_without_a_callback_queues_one_at_the_top() {
    let mut d = day();
    d.select("Bo Lindqvist");
    d.act_at(Action::LogInbound, at(23, 9, 47));
    assert!(
        d.status().contains("called back 17 min after the slot"),
        "{}",
        d.status()
    );
    assert_eq!(d.queue_on_disk().len(), 1);
    d.act(Action::Undo);
    assert!(d.queue_on_disk().is_empty());
}

#[test]
fn notes_are_typed_in_place_and_saved_with_the_call() {
    let mut d = day();
    d.select("Bo Lindqvist");
    d.act(Action::EditCallNote);
    d.type_text("Asked for 2pm\nprefers mobile; café ok");
    d.act(Action::Edit(EditKey::Save));
    assert_eq!(d.app.mode, Mode::Normal);
    let s = d.reopen();
    let bo = s
        .calls_between(at(23, 0, 0), at(24, 0, 0))
        .unwrap()
        .into_iter()
        .find(|c| c.candidate.name == "Bo Lindqvist")
        .unwrap();
    assert_eq!(bo.note, "Asked for 2pm\nprefers mobile; café ok");
    assert_eq!(d.app.selected_call().unwrap().note, bo.note);
}

#[test]
fn candidate_note_from_the_detail_returns_to_the_detail() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::OpenDetail);
    assert!(matches!(d.app.mode, Mode::Detail(_)));
    d.act(Action::EditCandidateNote);
    d.type_text("Prefers WhatsApp");
    d.act(Action::Edit(EditKey::Save));
    let Mode::Detail(det) = &d.app.mode else {
        panic!("{:?}", d.app.mode)
    };
    assert_eq!(det.candidate_note, "Prefers WhatsApp");
    assert_eq!(
        d.reopen().candidate_note(det.candidate.id).unwrap(),
        "Prefers WhatsApp"
    );
}

#[test]
fn cancelling_a_changed_note_asks_before_throwing_it_away() {
    let mut d = day();
    d.select("Ana Souza");
    d.act(Action::EditCallNote);
    d.type_text("half a thought");
    d.act(Action::Edit(EditKey::Cancel));
    assert!(matches!(d.app.mode, Mode::Confirm(..)));
    d.act(Action::Confirm(false));
    let Mode::Note(ed) = &d.app.mode else {
        panic!()
    };
    assert_eq!(ed.text, "half a thought");
    d.act(Action::Edit(EditKey::Cancel));
    d.act(Action::Confirm(true));
    assert_eq!(d.app.mode, Mode::Normal);
    assert_eq!(d.outcome_on_disk("Ana Souza"), Outcome::Scheduled);
    assert_eq!(d.app.selected_call().unwrap().note, "");
}

#[test]
fn a_mark_made_elsewhere_shows_on_the_next_tick() {
    let mut d = day();
    let other = d.reopen();
    let eve = d
        .app
        .calls
        .iter()
        .find(|c| c.candidate.name == "Eve Martin")
        .unwrap()
        .id;
    other
        .mark(eve, Outcome::Answered, at(23, 9, 41), &d.app.settings.rules)
        .unwrap();
    d.act(Action::Tick);
    assert_eq!(
        d.app.calls.iter().find(|c| c.id == eve).unwrap().outcome,
        Outcome::Answered
    );
    // The selection stays on the same call.
    assert_eq!(
        d.app.selected_call().unwrap().candidate.name,
        "Bo Lindqvist"
    );
}

#[test]
fn a_failed_write_changes_nothing_and_says_so() {
    let mut d = day();
    d.select("Eve Martin");
    // Another process deletes the call under us.
    assert_eq!(
        rusqlite_delete(&d.path, d.app.selected_call().unwrap().id),
        1
    );
    let before = d.app.calls.clone();
    d.act(Action::Mark(Outcome::Answered));
    assert_eq!(d.app.status.as_ref().unwrap().kind, StatusKind::Warning);
    assert!(d.status().contains("no call"), "{}", d.status());
    assert_eq!(d.app.calls, before, "state is as it was");
    assert!(d.app.undo.is_empty());
}

fn rusqlite_delete(path: &std::path::Path, id: i64) -> usize {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute("DELETE FROM screens WHERE id = ?1", [id])
        .unwrap()
}

#[test]
fn cadence_guard_asks_before_a_third_attempt_in_a_week() {
    let mut d = day();
    // Attempt 1: Ana no-shows; her callback goes to Tuesday.
    d.select("Ana Souza");
    d.act_at(Action::Mark(Outcome::NoShow), at(23, 9, 41));
    d.app.focus = Focus::Queue;
    d.app.queue_sel = Some(0);
    let first = d.app.queue[0].id;
    d.act(Action::PlaceCallback);
    d.act(Action::Choose);
    // Attempt 2: the placed callback call on Tuesday goes to voicemail.
    d.act(Action::NextDay);
    let placed = d
        .app
        .calls
        .iter()
        .position(|c| c.kind == CallKind::Callback)
        .expect("placed on Tuesday");
    let start = d.app.calls[placed].start;
    d.app.call_sel = Some(placed);
    d.act_at(
        Action::Mark(Outcome::Voicemail),
        start + Duration::minutes(2),
    );
    // Queuing the callback that would be a third attempt asks first.
    let Mode::Confirm(c, _) = &d.app.mode else {
        panic!("no cadence question on queuing: {:?}", d.app.mode)
    };
    assert!(
        c.prompt.contains("2 call attempts this week") && c.prompt.contains("Queue another"),
        "{}",
        c.prompt
    );
    d.act(Action::Confirm(true));
    assert_eq!(d.app.calls[placed].outcome, Outcome::Voicemail);
    // Placing a third attempt in the same week must ask first.
    d.app.focus = Focus::Queue;
    d.app.queue_sel = Some(0);
    assert_ne!(d.app.queue[0].id, first, "a new callback for the voicemail");
    assert_eq!(d.app.queue[0].attempts_this_week, 2);
    d.act(Action::PlaceCallback);
    d.act(Action::Choose);
    let Mode::Confirm(c, _) = &d.app.mode else {
        panic!("no cadence question: {:?}", d.app.mode)
    };
    assert!(
        c.prompt.contains("2 call attempts this week"),
        "{}",
        c.prompt
    );
    d.act(Action::Confirm(false));
    assert_eq!(d.app.mode, Mode::Normal);
    assert_eq!(d.queue_on_disk().len(), 1, "not placed");
    // And "yes" places it.
    d.act(Action::PlaceCallback);
    d.act(Action::Choose);
    d.act(Action::Confirm(true));
    assert!(d.queue_on_disk().is_empty());
}

#[test]
fn day_navigation_and_today() {
    let mut d = day();
    d.act(Action::NextDay);
    assert_eq!(d.app.date, at(24, 0, 0).date_naive());
    assert!(d.app.calls.is_empty());
    assert_eq!(d.app.call_sel, None);
    d.act(Action::Mark(Outcome::Answered));
    assert!(d.status().contains("no call selected"));
    d.act(Action::PrevDay);
    d.act(Action::PrevDay);
    assert_eq!(d.app.date, at(22, 0, 0).date_naive());
    d.act(Action::Today);
    assert_eq!(d.app.date, at(23, 0, 0).date_naive());
    assert_eq!(
        d.app.selected_call().unwrap().candidate.name,
        "Bo Lindqvist"
    );
}

#[test]
fn midnight_moves_today_along() {
    let mut d = day();
    d.act_at(Action::Tick, at(24, 0, 1));
    assert_eq!(d.app.date, at(24, 0, 0).date_naive());
}

#[test]
fn moving_is_clamped_at_both_ends() {
    let mut d = day();
    d.act(Action::Top);
    assert_eq!(d.app.call_sel, Some(0));
    d.act(Action::Up);
    assert_eq!(d.app.call_sel, Some(0));
    d.act(Action::Bottom);
    assert_eq!(d.app.call_sel, Some(4));
    d.act(Action::PageDown);
    assert_eq!(d.app.call_sel, Some(4));
}

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

#[test]
fn keys_map_by_mode_and_only_presses_count() {
    let mut d = day();
    let km = Keymap::default();
    assert_eq!(
        km.action_for(&d.app, &press(KeyCode::Char('v'))),
        Some(Action::Mark(Outcome::Voicemail))
    );
    assert_eq!(
        km.action_for(&d.app, &press(KeyCode::Char('j'))),
        Some(Action::Down)
    );
    let mut release = press(KeyCode::Char('v'));
    release.kind = KeyEventKind::Release;
    assert_eq!(km.action_for(&d.app, &release), None);
    // The same key means what its pane means: a promise on a call, placing
    // in the queue.
    assert_eq!(
        km.action_for(&d.app, &press(KeyCode::Char('p'))),
        Some(Action::AddPromise)
    );
    d.act(Action::SwitchFocus);
    assert_eq!(
        km.action_for(&d.app, &press(KeyCode::Char('p'))),
        Some(Action::PlaceCallback)
    );
    assert_eq!(km.action_for(&d.app, &press(KeyCode::Char('v'))), None);
    // While typing a note, 'q' is a letter, not quit.
    d.act(Action::SwitchFocus);
    d.act(Action::EditCallNote);
    assert_eq!(
        km.action_for(&d.app, &press(KeyCode::Char('q'))),
        Some(Action::Edit(EditKey::Char('q')))
    );
    assert_eq!(
        km.action_for(&d.app, &press(KeyCode::Esc)),
        Some(Action::Edit(EditKey::Save))
    );
}

#[test]
fn every_help_line_is_a_real_binding() {
    let km = Keymap::default();
    let help = km.help();
    let total: usize = help.iter().map(|(_, rows)| rows.len()).sum();
    assert!(total >= km.bindings.len());
    for bnd in &km.bindings {
        assert!(
            help.iter()
                .any(|(_, rows)| rows.iter().any(|(_, h)| *h == bnd.help)),
            "{} missing from help",
            bnd.help
        );
    }
}

#[test]
fn the_more_menu_logs_a_busy_attempt_and_leaves_the_screen_open() {
    let mut d = day();
    d.select("Bo Lindqvist");
    d.act(Action::OutcomeMenu);
    assert!(matches!(d.app.mode, Mode::Outcomes(_)), "{:?}", d.app.mode);
    d.act(Action::Pick(4)); // 5: busy
    assert_eq!(d.app.mode, Mode::Normal);
    assert!(
        d.status().contains("busy on Bo Lindqvist"),
        "{}",
        d.status()
    );
    assert_eq!(d.outcome_on_disk("Bo Lindqvist"), Outcome::Scheduled);
    let bo = d.app.selected_call().unwrap().candidate.id;
    assert_eq!(d.reopen().attempts_for(bo).unwrap().len(), 1);
    d.act(Action::Undo);
    assert!(d.reopen().attempts_for(bo).unwrap().is_empty());
}

#[test]
fn a_cancellation_from_the_menu_asks_when_they_told_us() {
    let mut d = day();
    d.select("Eve Martin");
    d.act(Action::OutcomeMenu);
    d.act(Action::Down);
    d.act(Action::Pick(6)); // 7: cancelled by the candidate
    assert!(
        matches!(d.app.mode, Mode::ToldAt { .. }),
        "{:?}",
        d.app.mode
    );
    for _ in 0.."now".len() {
        d.act(Action::Edit(EditKey::Backspace));
    }
    d.type_text("tomorrow");
    d.act(Action::Edit(EditKey::Save));
    // Nonsense is refused and the prompt stays open with the text.
    assert!(matches!(d.app.mode, Mode::ToldAt { .. }));
    assert_eq!(d.app.status.as_ref().unwrap().kind, StatusKind::Warning);
    assert_eq!(d.outcome_on_disk("Eve Martin"), Outcome::Scheduled);
    for _ in 0.."tomorrow".len() {
        d.act(Action::Edit(EditKey::Backspace));
    }
    d.type_text("08:15");
    d.act(Action::Edit(EditKey::Save));
    assert_eq!(d.app.mode, Mode::Normal);
    assert_eq!(d.outcome_on_disk("Eve Martin"), Outcome::Cancelled);
    let eve = d
        .reopen()
        .calls_between(at(23, 12, 0), at(23, 12, 1))
        .unwrap();
    let change = eve[0].change.clone().expect("recorded");
    assert_eq!(change.told_at, at(23, 8, 15));
    assert_eq!(
        change.notice(eve[0].start),
        callsheet::domain::change::Notice::Late
    );
    // A rebook callback waits in the queue.
    assert!(d
        .queue_on_disk()
        .iter()
        .any(|c| c.candidate.name == "Eve Martin"));
}

#[test]
fn r_moves_a_screen_to_a_free_slot_and_selects_the_new_one() {
    let mut d = day();
    d.select("Dee Okafor");
    d.act(Action::Reschedule);
    let Mode::Reschedule(r) = &d.app.mode else {
        panic!("no picker: {:?} {}", d.app.mode, d.status())
    };
    let slot = r.slots[1];
    d.act(Action::Down);
    d.act(Action::Choose); // the second slot
    d.act(Action::Pick(0)); // the candidate asked
    assert_eq!(d.app.mode, Mode::Normal, "{}", d.status());
    assert!(
        d.status().starts_with("Saved: moved Dee Okafor"),
        "{}",
        d.status()
    );
    assert_eq!(d.outcome_on_disk("Dee Okafor"), Outcome::Rescheduled);
    let s = d.reopen();
    let new = s
        .calls_between(slot.start, slot.end)
        .unwrap()
        .into_iter()
        .find(|c| c.candidate.name == "Dee Okafor")
        .expect("booked in the chosen slot");
    assert!(new.rescheduled_from.is_some());
    if slot.start < at(24, 0, 0) {
        assert_eq!(d.app.selected_call().map(|c| c.id), Some(new.id));
    }
    d.act(Action::Undo);
    assert_eq!(d.outcome_on_disk("Dee Okafor"), Outcome::Scheduled);
    assert!(d.reopen().call(new.id).is_err());
}

#[test]
fn slash_finds_a_candidate_and_opens_their_record() {
    let mut d = day();
    d.act(Action::OpenSearch);
    d.type_text("che");
    let Mode::Search(s) = &d.app.mode else {
        panic!("{:?}", d.app.mode)
    };
    assert_eq!(s.hits.len(), 1);
    assert_eq!(s.hits[0].candidate.name, "Chen Wei");
    d.act(Action::Choose);
    let Mode::Detail(detail) = &d.app.mode else {
        panic!("{:?}", d.app.mode)
    };
    assert_eq!(detail.candidate.name, "Chen Wei");
    assert_eq!(
        detail.call.as_ref().map(|c| c.start),
        Some(at(23, 14, 0)),
        "opened on their next call"
    );
    // By the last digits of a phone number, too.
    d.act(Action::Back);
    d.act(Action::OpenSearch);
    d.type_text("0004");
    let Mode::Search(s) = &d.app.mode else {
        panic!()
    };
    assert_eq!(s.hits[0].candidate.name, "Dee Okafor");
    d.act(Action::Edit(EditKey::Cancel));
    assert_eq!(d.app.mode, Mode::Normal);
}

#[test]
fn unmarked_calls_are_flagged_after_the_grace_and_listed_at_the_end_of_the_day() {
    let mut d = day();
    // 09:40: Ana (09:00) is past grace; Bo (09:30) is exactly ten minutes in.
    let names = |d: &Day| -> Vec<String> {
        d.app
            .unmarked()
            .iter()
            .map(|c| c.candidate.name.clone())
            .collect()
    };
    assert_eq!(names(&d), ["Ana Souza", "Bo Lindqvist"]);
    assert!(!d.app.day_over());
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Answered));
    assert_eq!(names(&d), ["Bo Lindqvist"]);
    d.act_at(Action::Tick, at(23, 18, 5));
    assert!(d.app.day_over());
    assert_eq!(
        names(&d),
        ["Bo Lindqvist", "Dee Okafor", "Eve Martin", "Chen Wei"]
    );
}

// -------------------------------------------------------------- templates

/// Presses `c` through the real key table and applies what it maps to.
fn key(d: &mut Day, km: &Keymap, c: char) {
    let action = km
        .action_for(&d.app, &press(KeyCode::Char(c)))
        .unwrap_or_else(|| panic!("{c} is bound here"));
    d.act(action);
}

#[test]
fn y_puts_the_template_that_fits_in_the_pending_clipboard() {
    let mut d = day();
    d.app.settings.callback_number = Some("+44 20 7946 0000".into());
    d.app.settings.recruiter_name = Some("Jordan".into());
    let km = Keymap::default();
    d.select("Ana Souza");
    d.act(Action::Mark(Outcome::Voicemail));
    assert_eq!(d.app.clipboard, None, "nothing is copied until asked");

    // On the day: after a voicemail, the follow-up text.
    key(&mut d, &km, 'y');
    let text = d.app.clipboard.take().expect("y copies");
    assert!(text.starts_with("Hi Ana, it's Jordan."), "{text}");
    assert!(text.contains("+44 20 7946 0000"), "{text}");
    let status = d.app.status.clone().unwrap();
    assert_eq!(
        status.text,
        format!(
            "Copied follow-up text for Ana Souza ({} chars)",
            text.chars().count()
        )
    );
    assert_eq!(status.kind, StatusKind::Success);

    // In the detail: the same one on show first; T moves on, y copies
    // the one on show.
    d.act(Action::OpenDetail);
    let Mode::Detail(detail) = &d.app.mode else {
        panic!("detail open");
    };
    assert_eq!(detail.template, None);
    key(&mut d, &km, 'T');
    key(&mut d, &km, 'y');
    let voicemail = d.app.clipboard.take().expect("y copies in the detail");
    assert!(
        voicemail.contains("sorry to have missed you"),
        "{voicemail}"
    );
    assert!(
        voicemail.contains("today at 09:00"),
        "the screen's time: {voicemail}"
    );
    assert!(d
        .app
        .status
        .as_ref()
        .unwrap()
        .text
        .starts_with("Copied voicemail script for Ana Souza"));
    // A note saved in the detail keeps the template picked.
    d.act(Action::EditCandidateNote);
    d.act(Action::Edit(EditKey::Char('x')));
    d.act(Action::Edit(EditKey::Save));
    let Mode::Detail(detail) = &d.app.mode else {
        panic!("back in the detail");
    };
    assert_eq!(
        detail.template,
        Some(callsheet::domain::template::TemplateKind::Voicemail)
    );
}

#[test]
fn y_in_the_promises_view_copies_the_no_news_text() {
    let mut d = day();
    let km = Keymap::default();
    let ana = d.app.calls[0].candidate.id;
    let hours = d.app.settings.rules.hours.clone();
    let due = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    d.store
        .add_promise(
            ana,
            None,
            "update after HM feedback",
            due,
            false,
            at(23, 9, 0),
            &hours,
        )
        .unwrap();
    d.app.reload(&d.store).unwrap();
    d.act(Action::TogglePromises);
    key(&mut d, &km, 'y');
    let text = d.app.clipboard.take().expect("y copies");
    assert!(text.contains("by Monday 23 November"), "{text}");
    assert!(
        text.contains("[callback number — set callback_number in config.toml]"),
        "no number set: a visible gap, {text}"
    );
}
