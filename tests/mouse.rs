//! The mouse (when `mouse = true`): a click selects the row under the
//! pointer, switching lists if needed; the wheel moves the selection.
//! Real store, real screen layout (TestBackend), real `update`.

mod common;

use callsheet::app::{update::update, Action, App, Focus};
use callsheet::domain::Outcome;
use callsheet::keymap::Keymap;
use callsheet::mouse;
use callsheet::ui::{render_with, Theme};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
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
