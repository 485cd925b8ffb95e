//! The terminal's real cursor sits on the selected row of the focused
//! list (screen readers and braille displays follow the cursor, not the
//! highlight), and moves with the selection.

mod common;

use callsheet::app::{update::update, Action, App, Focus};
use callsheet::store::Store;
use callsheet::ui::Theme;
use chrono::{TimeZone, Utc};

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

/// The text of the row the cursor is on, and the cursor's column.
fn cursor_row(app: &App, w: u16, h: u16) -> (String, u16) {
    let mut t = common::draw(app, &Theme::plain(), w, h);
    let pos = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer();
    let row = (0..buf.area.width)
        .map(|x| buf[(x, pos.y)].symbol().to_string())
        .collect();
    (row, pos.x)
}

#[test]
fn the_cursor_follows_the_selected_call_and_callback() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cs.sqlite3")).unwrap();
    let rows = vec![
        common::screen("Ana Souza", "+44 7700 900001", at(9, 0)),
        common::screen("Bo Lindqvist", "+46 70 123 4567", at(9, 30)),
        common::screen("Chen Wei", "+1 212 555 0100", at(14, 0)),
    ];
    store.import(&rows, at(8, 0), false).unwrap();
    let mut app = App::new(common::settings(), &store, at(9, 40), None).unwrap();
    for (w, h) in [(120, 40), (80, 24)] {
        let (row, x) = cursor_row(&app, w, h);
        assert!(row.contains("Bo Lindqvist"), "{w}x{h}: {row}");
        // On the selection marker, just inside the pane's border.
        assert_eq!(x, 1);
        assert!(row.contains('▶'), "{row}");
    }
    update(&mut app, &store, Action::Down, at(9, 40));
    assert!(cursor_row(&app, 120, 40).0.contains("Chen Wei"));

    // Marking Ana voicemail queues her callback; in the queue the cursor
    // is on it.
    update(&mut app, &store, Action::Top, at(9, 40));
    update(
        &mut app,
        &store,
        Action::Mark(callsheet::domain::Outcome::Voicemail),
        at(9, 40),
    );
    update(&mut app, &store, Action::SwitchFocus, at(9, 40));
    assert_eq!(app.focus, Focus::Queue);
    for (w, h) in [(120, 40), (80, 24)] {
        let (row, _) = cursor_row(&app, w, h);
        assert!(row.contains("Ana Souza"), "{w}x{h}: {row}");
    }
}
