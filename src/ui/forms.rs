//! The follow-through forms drawn over the detail or the lists: the
//! do-not-call reason and the stage picker (and the promise forms).
//! Only reads the form; returns where the text cursor belongs.

use super::grid::put;
use super::overlay::list_box;
use super::text::{clean, field_view};
use super::theme::Theme;
use crate::app::{App, Editor, Form, MoveForm, PromiseForm};
use crate::domain::promise::parse_due;
use crate::domain::Stage;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

pub fn render_form(
    app: &App,
    theme: &Theme,
    form: &Form,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    match form {
        Form::Promise(f) => render_promise(app, theme, f, area, buf),
        Form::MovePromise(f) => render_move(app, theme, f, area, buf),
        Form::DncReason { name, input, .. } => {
            let lines = vec![
                Line::styled("No callbacks or new screens will be offered;", theme.dim),
                Line::styled("their open callbacks are dropped (u undoes).", theme.dim),
                Line::default(),
                Line::styled("Reason:", theme.strong),
            ];
            let heading = format!("Do not call · {}", clean(name));
            let inner = list_box(theme, &heading, &lines, None, area, buf);
            field(inner, lines.len() - 1, "Reason: ", input, buf)
        }
        Form::Stage {
            name,
            current,
            selected,
            ..
        } => {
            let lines: Vec<Line> = Stage::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut spans = vec![
                        Span::styled(format!("{:>2}  ", i + 1), theme.key),
                        Span::styled(s.label(), theme.strong),
                    ];
                    if s == current {
                        spans.push(Span::styled("  (now)", theme.dim));
                    }
                    Line::from(spans)
                })
                .collect();
            let heading = format!("Stage · {}", clean(name));
            list_box(theme, &heading, &lines, Some(*selected), area, buf);
            None
        }
    }
}

/// Width of the field labels in the promise forms.
const LABEL_W: usize = 10;

/// "→ Fri 27 Nov", or why the typed date is not one, as the recruiter types.
fn due_preview(app: &App, theme: &Theme, typed: &str) -> Span<'static> {
    if typed.trim().is_empty() {
        return Span::styled("fri, 27 nov, 2026-11-27, +3d", theme.dim);
    }
    match parse_due(typed, app.today()) {
        Ok(d) => Span::styled(format!("→ {}", d.format("%a %d %b %Y")), theme.strong),
        Err(e) => Span::styled(e, theme.warn),
    }
}

fn label(text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{text:<LABEL_W$}"), theme.dim)
}

fn render_promise(
    app: &App,
    theme: &Theme,
    f: &PromiseForm,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let tick = if f.waiting_on_hm { "[x]" } else { "[ ]" };
    let lines = vec![
        Line::from(label("What:", theme)),
        Line::from(label("By when:", theme)),
        Line::from(vec![
            Span::raw(" ".repeat(LABEL_W)),
            due_preview(app, theme, &f.due.text),
        ]),
        Line::from(vec![
            Span::styled(tick, theme.key),
            Span::raw(" waiting on the hiring manager"),
        ]),
        Line::default(),
        Line::styled("Tab next · Space ticks the box · Enter saves", theme.dim),
    ];
    let row = [0, 1, 3][f.field.min(2)];
    let heading = format!("Promise · {}", clean(&f.name));
    let inner = list_box(theme, &heading, &lines, Some(row), area, buf);
    let pad = " ".repeat(LABEL_W);
    let what = field(inner, 0, &pad, &f.what, buf);
    let due = field(inner, 1, &pad, &f.due, buf);
    match f.field {
        0 => what,
        1 => due,
        _ => None,
    }
}

fn render_move(
    app: &App,
    theme: &Theme,
    f: &MoveForm,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let lines = vec![
        Line::styled(clean(&f.what), theme.strong),
        Line::default(),
        Line::from(label("New date:", theme)),
        Line::from(vec![
            Span::raw(" ".repeat(LABEL_W)),
            due_preview(app, theme, &f.due.text),
        ]),
        Line::from(label("Why:", theme)),
        Line::default(),
        Line::styled("Tab next · Enter saves (the reason is kept)", theme.dim),
    ];
    let row = if f.field == 0 { 2 } else { 4 };
    let heading = format!("Move promise · {}", clean(&f.name));
    let inner = list_box(theme, &heading, &lines, Some(row), area, buf);
    let pad = " ".repeat(LABEL_W);
    let due = field(inner, 2, &pad, &f.due, buf);
    let why = field(inner, 4, &pad, &f.reason, buf);
    if f.field == 0 {
        due
    } else {
        why
    }
}

/// A one-line text field on line `row` of a `list_box`, after `label`;
/// returns the cursor.
fn field(
    inner: Rect,
    row: usize,
    label: &str,
    input: &Editor,
    buf: &mut Buffer,
) -> Option<Position> {
    let y = inner.y + u16::try_from(row).ok()?;
    let x = inner.x + 2 + u16::try_from(super::text::width(label)).ok()?;
    let room = inner.right().saturating_sub(x + 1);
    if y >= inner.bottom() || room == 0 {
        return None;
    }
    let (shown, col) = field_view(&input.text, input.cursor, usize::from(room));
    put(buf, x, y, room, &Line::raw(shown));
    Some(Position {
        x: x + u16::try_from(col).ok()?,
        y,
    })
}
