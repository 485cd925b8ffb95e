//! Moving through lists: Home/End/PgUp/PgDn and g/G in every list and
//! scrolling view, and the mouse (when `mouse = true`): a click selects the
//! row under the pointer, switching lists if needed; the wheel moves the
//! selection. Real store, real key table, real screen layout (TestBackend),
//! real `update`.

mod common;

use callsheet::app::{update::update, Action, App, Focus, Mode};
use callsheet::domain::Outcome;
use callsheet::keymap::Keymap;
use callsheet::mouse;
use callsheet::ui::{render_with, Theme};
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

fn row_of(app: &App, w: u16, h: u16, needle: &str) -> u16 {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render_with(app, &Keymap::default(), &Theme::plain(), f))
        .unwrap();
    let buf = t.backend().buffer().clone();
    // The last match: the header may name the next call too.
    (0..h)
        .rev()
        .find(|&y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains(needle)
        })
        .unwrap_or_else(|| panic!("{needle:?} not on screen"))
}

fn ev(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

fn apply(app: &mut App, store: &callsheet::store::Store, area: Rect, e: MouseEvent) {
    for a in mouse::actions(app, area, &e) {
        update(app, store, a, app.now);
    }
}

#[test]
fn a_click_selects_the_row_and_the_wheel_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = common::seeded(dir.path());
    let now = common::mon("10:40");
    let mut app = App::new(common::settings(), &store, now, None).unwrap();
    // A voicemail on the 09:00 call puts Ana in the callback queue.
    app.call_sel = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "Ana Souza");
    update(&mut app, &store, Action::Mark(Outcome::Voicemail), now);
    assert_eq!(app.queue.len(), 1);

    let (w, h) = (120, 40);
    let area = Rect::new(0, 0, w, h);
    let jose = app
        .calls
        .iter()
        .position(|c| c.candidate.name == "José Müller")
        .unwrap();
    let y = row_of(&app, w, h, "José Müller");
    apply(
        &mut app,
        &store,
        area,
        ev(MouseEventKind::Down(MouseButton::Left), 20, y),
    );
    assert_eq!(app.call_sel, Some(jose));

    // The queue sits beside the day at 120 columns: a click there moves
    // the keyboard to it.
    let x = w - 20;
    let y = (0..h)
        .rev()
        .find(|&y| {
            mouse::actions(
                &app,
                area,
                &ev(MouseEventKind::Down(MouseButton::Left), x, y),
            )
            .contains(&Action::Select(0))
        })
        .expect("the callback row is clickable");
    apply(
        &mut app,
        &store,
        area,
        ev(MouseEventKind::Down(MouseButton::Left), x, y),
    );
    assert_eq!(app.focus, Focus::Queue);
    assert_eq!(app.queue_sel, Some(0));

    // Back to the day; the wheel moves the selection, clamped at the ends.
    update(&mut app, &store, Action::SwitchFocus, now);
    apply(&mut app, &store, area, ev(MouseEventKind::ScrollUp, 20, 10));
    assert_eq!(app.call_sel, Some(0));
    apply(
        &mut app,
        &store,
        area,
        ev(MouseEventKind::ScrollDown, 20, 10),
    );
    assert_eq!(app.call_sel, Some(3.min(app.calls.len() - 1)));

    // A click on nothing (the header) does nothing.
    assert_eq!(
        mouse::actions(
            &app,
            area,
            &ev(MouseEventKind::Down(MouseButton::Left), 5, 0)
        ),
        []
    );
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn draw(app: &App) {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render_with(app, &Keymap::default(), &Theme::plain(), f))
        .unwrap();
}

/// Every list and scrolling view answers the same movement keys.
#[test]
fn home_end_page_keys_and_g_work_in_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = common::seeded(dir.path());
    let now = common::mon("10:40");
    let keymap = Keymap::default();
    let mut app = App::new(common::settings(), &store, now, None).unwrap();
    app.call_sel = Some(0);
    update(&mut app, &store, Action::Mark(Outcome::Voicemail), now);
    let moves = [
        (KeyCode::Home, Action::Top),
        (KeyCode::Char('g'), Action::Top),
        (KeyCode::End, Action::Bottom),
        (KeyCode::Char('G'), Action::Bottom),
        (KeyCode::PageUp, Action::PageUp),
        (KeyCode::PageDown, Action::PageDown),
        (KeyCode::Up, Action::Up),
        (KeyCode::Down, Action::Down),
    ];
    let check = |app: &mut App, view: &str| {
        for (code, want) in &moves {
            assert_eq!(
                keymap.action_for(app, &key(*code)).as_ref(),
                Some(want),
                "{code:?} in the {view}"
            );
        }
    };
    // The day, then the queue.
    check(&mut app, "day");
    let first = app.calls.len() - 1;
    update(&mut app, &store, Action::Bottom, now);
    assert_eq!(app.call_sel, Some(first));
    update(&mut app, &store, Action::SwitchFocus, now);
    check(&mut app, "queue");
    // The slot picker for the callback.
    update(&mut app, &store, Action::PlaceCallback, now);
    assert!(matches!(app.mode, Mode::PickSlot(_)), "{:?}", app.mode);
    check(&mut app, "slot picker");
    update(&mut app, &store, Action::Bottom, now);
    let Mode::PickSlot(p) = &app.mode else {
        unreachable!()
    };
    assert_eq!(p.selected, p.slots.len() - 1);
    update(&mut app, &store, Action::Back, now);
    // Promises and close-the-loop.
    for (open, view) in [
        (Action::TogglePromises, "promises"),
        (Action::ToggleOwed, "owed"),
    ] {
        update(&mut app, &store, open.clone(), now);
        check(&mut app, view);
        update(&mut app, &store, Action::Back, now);
        assert!(matches!(app.mode, Mode::Normal), "{view} closes");
    }
    // The candidate detail: End stops at the last line, so one Up moves.
    // A long note makes the record longer than the screen.
    let who = app.calls[app.call_sel.unwrap()].candidate.id;
    let note: Vec<String> = (1..=40).map(|i| format!("line {i}")).collect();
    store
        .set_candidate_note(who, &note.join("\n"), now)
        .unwrap();
    update(&mut app, &store, Action::SwitchFocus, now);
    update(&mut app, &store, Action::OpenDetail, now);
    assert!(matches!(app.mode, Mode::Detail(_)));
    check(&mut app, "detail");
    draw(&app);
    let max = app.max_scroll.get().expect("drawn");
    assert!(max > 1, "the record is longer than the screen: {max}");
    update(&mut app, &store, Action::Bottom, now);
    update(&mut app, &store, Action::Up, now);
    let Mode::Detail(d) = &app.mode else {
        unreachable!()
    };
    assert_eq!(d.scroll, max.saturating_sub(1));
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render_with(app, &Keymap::default(), &Theme::plain(), f))
        .unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// At 80×24 not every key fits in the help: it scrolls with the same keys
/// as every list, and says what is above and below.
#[test]
fn the_help_scrolls_on_a_small_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = common::seeded(dir.path());
    let now = common::mon("10:40");
    let keymap = Keymap::default();
    let mut app = App::new(common::settings(), &store, now, None).unwrap();
    update(&mut app, &store, Action::ToggleHelp, now);
    let first = screen(&app, 80, 24);
    assert!(first.contains("more below"), "{first}");
    assert!(!first.contains("Typing a note"), "{first}");
    for code in [KeyCode::End, KeyCode::Char('G')] {
        assert_eq!(keymap.action_for(&app, &key(code)), Some(Action::Bottom));
    }
    let action = keymap.action_for(&app, &key(KeyCode::End)).unwrap();
    update(&mut app, &store, action, now);
    let last = screen(&app, 80, 24);
    assert!(last.contains("Typing a note"), "{last}");
    assert!(
        last.contains("more above") && !last.contains("more below"),
        "{last}"
    );
    // Up from the end moves at once (no scrolling past the end), and Home
    // goes back to the top.
    update(&mut app, &store, Action::Up, now);
    assert!(screen(&app, 80, 24).contains("more below"));
    update(&mut app, &store, Action::Top, now);
    assert_eq!(screen(&app, 80, 24), first);
    // Closing and reopening starts at the top again; ? still closes.
    update(&mut app, &store, Action::Bottom, now);
    let close = keymap.action_for(&app, &key(KeyCode::Char('?'))).unwrap();
    update(&mut app, &store, close, now);
    assert!(matches!(app.mode, Mode::Normal));
    update(&mut app, &store, Action::ToggleHelp, now);
    assert_eq!(screen(&app, 80, 24), first);
}

#[test]
fn the_wheel_moves_the_promises_list_and_nothing_behind_a_form_or_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = common::seeded(dir.path());
    let now = common::mon("10:40");
    let mut app = App::new(common::settings(), &store, now, None).unwrap();
    let hours = app.settings.rules.hours.clone();
    let due = now.date_naive() + chrono::Duration::days(3);
    for c in app.calls.iter().take(3) {
        store
            .add_promise(c.candidate.id, None, "news", due, false, now, &hours)
            .unwrap();
    }
    app.reload(&store).unwrap();
    let area = Rect::new(0, 0, 100, 30);
    update(&mut app, &store, Action::TogglePromises, now);
    apply(
        &mut app,
        &store,
        area,
        ev(MouseEventKind::ScrollDown, 20, 10),
    );
    let Mode::Promises(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(p.selected, 2, "three rows down, clamped at the last");
    update(&mut app, &store, Action::Back, now);

    // Behind the report, the wheel must not move the day's selection.
    app.call_sel = Some(0);
    update(&mut app, &store, Action::OpenReport, now);
    assert!(matches!(app.mode, Mode::Report(_)));
    apply(
        &mut app,
        &store,
        area,
        ev(MouseEventKind::ScrollDown, 20, 10),
    );
    assert_eq!(app.call_sel, Some(0));
    assert!(mouse::actions(&app, area, &ev(MouseEventKind::ScrollUp, 20, 10)).is_empty());
}
