//! The screens: `render(&App, &Keymap, frame)` draws the app; it only reads.
//!
//! Layout, top to bottom: two header lines (day, clock, next call, tallies),
//! the lists, a status line and the key hints. On a wide terminal (at least
//! `WIDE` columns) the day and the callback queue sit side by side; on a
//! narrower one the focused pane takes the width and the frame's title works
//! as a pair of tabs, with the queue's counts always in view. Overlays (help,
//! note editor, slot picker, drop reason, confirm) are drawn on top; detail
//! replaces the lists. Below `MIN_WIDTH`×`MIN_HEIGHT` only a message shows.
//!
//! Modules: `theme` (styles, defined once), `text` (cleaning, widths,
//! wrapping), `when` (times), `grid` (aligned cells, scrolling, boxes), one
//! module per screen part. Nothing here changes state or touches the store;
//! list scroll positions are derived from the selection every frame, so the
//! same `App` always gives the same screen.

mod booking;
mod callbacks;
mod detail;
mod footer;
mod forms;
mod grid;
mod header;
mod help;
mod menus;
mod overlay;
mod pane;
mod promises;
mod report;
mod schedule;
mod standing;
pub mod sync_line;
mod templates;
mod text;
pub mod theme;
mod when;

/// The two header lines alone (the soak test reads the tallies at any
/// width without drawing the whole screen).
pub use header::render_header;
pub use theme::Theme;

use crate::app::{Action, App, Focus, Mode};
use crate::keymap::Keymap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use std::sync::OnceLock;

/// The smallest terminal the app draws into.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// From this width the callback queue sits beside the day.
pub const WIDE: u16 = 100;

/// The queue pane's width beside the day: a third of the screen, within
/// these bounds (two-line rows fit in the minimum).
const QUEUE_MIN_W: u16 = 38;
const QUEUE_MAX_W: u16 = 56;
const HEADER_H: u16 = 2;
const FOOTER_H: u16 = 2;

/// The process's theme, chosen once from the config's colours and the
/// environment (`NO_COLOR`).
pub fn theme(palette: &theme::Palette) -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::from_env(palette))
}

/// Draws the whole app with the process's theme.
pub fn render(app: &App, keymap: &Keymap, frame: &mut Frame) {
    render_with(app, keymap, theme(&app.settings.theme), frame);
}

/// Draws the whole app with an explicit theme (tests, previews).
pub fn render_with(app: &App, keymap: &Keymap, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let cursor = draw(app, keymap, theme, area, frame.buffer_mut());
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// Draws into a buffer; returns where the text cursor belongs, if anywhere.
fn draw(
    app: &App,
    keymap: &Keymap,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let Some(body) = body_area(area) else {
        too_small(theme, area, buf);
        return None;
    };
    let head = Rect {
        height: body.y - area.y,
        ..area
    };
    let foot = Rect {
        y: body.bottom(),
        height: area.bottom() - body.bottom(),
        ..area
    };
    header::render_header(app, theme, head, buf);
    footer::render_footer(app, keymap, theme, foot, buf);
    draw_mode(app, keymap, theme, &app.mode, body, area, buf)
}

/// Draws `mode` (and what lies under it) into the body; `full` is the
/// whole screen, for the help.
fn draw_mode(
    app: &App,
    keymap: &Keymap,
    theme: &Theme,
    mode: &Mode,
    body: Rect,
    full: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    match mode {
        Mode::Detail(d) => {
            detail::render_detail(app, theme, d, body, buf);
            None
        }
        Mode::Report(r) => {
            report::render_report(app, theme, r, body, buf);
            None
        }
        Mode::Confirm(c, under) => {
            // The question sits over what it is about; no cursor under it.
            draw_mode(app, keymap, theme, under, body, full, buf);
            overlay::render_confirm(theme, c, keymap.hints(app), body, buf);
            None
        }
        Mode::Normal => {
            draw_lists(app, keymap, theme, body, buf);
            list_cursor(app, body)
        }
        Mode::Help => {
            draw_lists(app, keymap, theme, body, buf);
            help::render_help(app, keymap, theme, full, buf);
            None
        }
        Mode::Note(e) => {
            draw_lists(app, keymap, theme, body, buf);
            overlay::render_note(theme, e, body, buf)
        }
        Mode::PickSlot(p) => {
            draw_lists(app, keymap, theme, body, buf);
            overlay::render_slot_picker(app, theme, p, body, buf);
            None
        }
        Mode::Form(f) => {
            // Over the view it was opened from: the detail, or the lists.
            let under = app.resume.as_deref().unwrap_or(&Mode::Normal);
            draw_mode(app, keymap, theme, under, body, full, buf);
            forms::render_form(app, theme, f, body, buf)
        }
        Mode::Promises(v) => {
            promises::render_promises(app, theme, v, body, buf);
            None
        }
        Mode::Owed(v) => {
            promises::render_owed(app, theme, v, body, buf);
            None
        }
        Mode::DropReason {
            candidate, input, ..
        } => {
            draw_lists(app, keymap, theme, body, buf);
            overlay::render_drop_reason(theme, candidate, input, body, buf)
        }
        Mode::Outcomes(m) => {
            draw_lists(app, keymap, theme, body, buf);
            menus::render_outcome_menu(theme, m, body, buf);
            None
        }
        Mode::ToldAt { input, .. } => {
            draw_lists(app, keymap, theme, body, buf);
            menus::render_told_at(theme, input, body, buf)
        }
        Mode::Reschedule(r) => {
            draw_lists(app, keymap, theme, body, buf);
            menus::render_reschedule(app, theme, r, body, buf);
            None
        }
        Mode::Search(s) => {
            draw_lists(app, keymap, theme, body, buf);
            menus::render_search(app, theme, s, body, buf)
        }
        Mode::Book(b) => {
            draw_lists(app, keymap, theme, body, buf);
            booking::render_booking(app, theme, b, body, buf)
        }
    }
}

/// The terminal's cursor on the selected row of the focused list, so a
/// screen reader or braille display follows the selection.
fn list_cursor(app: &App, body: Rect) -> Option<Position> {
    let p = panes(app, body);
    match app.focus {
        Focus::Day => schedule::selected_position(app, p.day?),
        Focus::Queue => callbacks::selected_position(app, p.queue?),
    }
}

/// Where the day and the queue panes go in the body: side by side when
/// wide, else only the focused one, full width.
struct Panes {
    day: Option<Rect>,
    queue: Option<Rect>,
}

fn panes(app: &App, body: Rect) -> Panes {
    if body.width >= WIDE {
        let queue_w = (body.width / 3).clamp(QUEUE_MIN_W, QUEUE_MAX_W);
        let cols = grid::split(
            body,
            Direction::Horizontal,
            0,
            &[Constraint::Fill(1), Constraint::Length(queue_w)],
        );
        Panes {
            day: Some(cols[0]),
            queue: Some(cols[1]),
        }
    } else if app.focus == Focus::Day {
        Panes {
            day: Some(body),
            queue: None,
        }
    } else {
        Panes {
            day: None,
            queue: Some(body),
        }
    }
}

/// The body of the screen, when the screen is big enough to have one.
fn body_area(area: Rect) -> Option<Rect> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let rows = grid::split(
        area,
        Direction::Vertical,
        0,
        &[
            Constraint::Length(HEADER_H),
            Constraint::Fill(1),
            Constraint::Length(FOOTER_H),
        ],
    );
    Some(rows[1])
}

/// What a mouse click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// `app.calls[i]` in the day.
    Call(usize),
    /// `app.queue[i]` in the callback queue.
    Callback(usize),
}

/// The call or callback drawn at (x, y) on a screen of size `area`, if
/// any, with nothing on top of the lists (the layout `render` uses).
pub fn hit(app: &App, area: Rect, x: u16, y: u16) -> Option<Hit> {
    if !matches!(app.mode, Mode::Normal) {
        return None;
    }
    let p = panes(app, body_area(area)?);
    let inside = |r: Option<Rect>| r.filter(|r| r.contains(Position { x, y }));
    if let Some(r) = inside(p.day) {
        return schedule::call_at(app, r, x, y).map(Hit::Call);
    }
    callbacks::callback_at(app, inside(p.queue)?, x, y).map(Hit::Callback)
}

/// The day and the queue: side by side when wide, else the focused one
/// with both named in its title, tab-like, and the key that switches.
fn draw_lists(app: &App, keymap: &Keymap, theme: &Theme, body: Rect, buf: &mut Buffer) {
    let day_focused = app.focus == Focus::Day;
    let day_title = format!(" Day · {} ", calls_count(app));
    let p = panes(app, body);
    // The full queue counts when they fit the border, else just how many.
    let queue_title = |room: u16| {
        let full = format!(" Callbacks · {} ", callbacks::summary(app));
        if text::width(&full) + 4 > usize::from(room) {
            format!(" Callbacks · {} ", callbacks::short_summary(app))
        } else {
            full
        }
    };
    if let (Some(day), Some(queue)) = (p.day, p.queue) {
        let tab = |text: String, focused: bool| {
            let style = if focused { theme.heading } else { theme.dim };
            Line::from(Span::styled(text, style))
        };
        let day_tab = tab(day_title, day_focused);
        schedule::render_day(app, theme, day_focused, day_tab, day, buf);
        let queue_tab = tab(queue_title(queue.width), !day_focused);
        callbacks::render_queue(app, theme, !day_focused, queue_tab, queue, buf);
        return;
    }
    let switch = keymap
        .bindings
        .iter()
        .find(|b| b.action == Action::SwitchFocus)
        .and_then(|b| b.keys.first())
        .map(|k| format!(" {} ⇄ ", k.label()))
        .unwrap_or_default();
    let room = body
        .width
        .saturating_sub(text::width(&day_title) as u16 + text::width(&switch) as u16 + 2);
    let parts = [
        (
            day_title,
            day_focused.then_some(theme.heading.patch(theme.selected)),
        ),
        (
            queue_title(room),
            (!day_focused).then_some(theme.heading.patch(theme.selected)),
        ),
        (switch, Some(theme.key)),
    ];
    let title = tabs(theme, &parts);
    if let Some(day) = p.day {
        schedule::render_day(app, theme, true, title, day, buf);
    } else if let Some(queue) = p.queue {
        callbacks::render_queue(app, theme, true, title, queue, buf);
    }
}

/// "Day · 9 calls │ Callbacks · 2 overdue │ Tab ⇄": parts with a style
/// stand out, the rest are dim.
fn tabs(theme: &Theme, parts: &[(String, Option<Style>)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (k, (text, style)) in parts.iter().filter(|p| !p.0.is_empty()).enumerate() {
        if k > 0 {
            spans.push(Span::styled("│", theme.border));
        }
        spans.push(Span::styled(text.clone(), style.unwrap_or(theme.dim)));
    }
    Line::from(spans)
}

fn calls_count(app: &App) -> String {
    match app.calls.len() {
        1 => "1 call".into(),
        n => format!("{n} calls"),
    }
}

/// "Terminal too small: need 80×24, have 40×10", centred, at any size.
fn too_small(theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let msg = format!(
        "Terminal too small: need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}",
        area.width, area.height
    );
    let lines = text::wrap(&msg, usize::from(area.width));
    let h = lines.len().min(usize::from(area.height));
    let top = area.y + (area.height - h as u16) / 2;
    for (k, l) in lines.iter().take(h).enumerate() {
        let line = Line::styled(l.trim_end().to_string(), theme.warn).centered();
        grid::put(buf, area.x, top + k as u16, area.width, &line);
    }
}
