//! Mouse → actions: a click selects the row under the pointer (switching
//! to its list), the wheel moves through the list or view in front
//! (promises, close the loop, menus and help too; never behind a form).
//!
//! Only used when `mouse = true` in the config: taking the mouse stops the
//! terminal's own text selection (see docs/keys.md).

use crate::app::{Action, App, Focus, Mode};
use crate::ui::{hit, Hit};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// Rows the wheel moves per notch.
const WHEEL_ROWS: usize = 3;

/// What a mouse event on a screen of size `area` asks for, in order.
pub fn actions(app: &App, area: Rect, ev: &MouseEvent) -> Vec<Action> {
    match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let (focus, i) = match hit(app, area, ev.column, ev.row) {
                Some(Hit::Call(i)) => (Focus::Day, i),
                Some(Hit::Callback(i)) => (Focus::Queue, i),
                None => return Vec::new(),
            };
            let mut out = Vec::new();
            if app.focus != focus {
                out.push(Action::SwitchFocus);
            }
            out.push(Action::Select(i));
            out
        }
        MouseEventKind::ScrollDown if wheel_moves(app) => vec![Action::Down; WHEEL_ROWS],
        MouseEventKind::ScrollUp if wheel_moves(app) => vec![Action::Up; WHEEL_ROWS],
        _ => Vec::new(),
    }
}

/// Whether the view in front is a list or a scrolling text the wheel can
/// move: not a form, a prompt or the report, where Up/Down would move the
/// day's selection out of sight behind it.
fn wheel_moves(app: &App) -> bool {
    matches!(
        app.mode,
        Mode::Normal
            | Mode::Detail(_)
            | Mode::Help
            | Mode::PickSlot(_)
            | Mode::Outcomes(_)
            | Mode::Reschedule(_)
            | Mode::Search(_)
            | Mode::Promises(_)
            | Mode::Owed(_)
    )
}
