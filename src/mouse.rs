//! Mouse → actions: a click selects the row under the pointer (switching
//! to its list), the wheel moves through the list or view in front.
//!
//! Only used when `mouse = true` in the config: taking the mouse stops the
//! terminal's own text selection (see the README).

use crate::app::{Action, App, Focus};
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
        MouseEventKind::ScrollDown => vec![Action::Down; WHEEL_ROWS],
        MouseEventKind::ScrollUp => vec![Action::Up; WHEEL_ROWS],
        _ => Vec::new(),
    }
}
