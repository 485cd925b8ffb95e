//! The follow-through forms drawn over the detail or the lists: the
//! do-not-call reason and the stage picker (and the promise forms).
//! Only reads the form; returns where the text cursor belongs.

use super::grid::put;
use super::overlay::list_box;
use super::text::{clean, field_view};
use super::theme::Theme;
use crate::app::{Editor, Form};
use crate::domain::Stage;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

pub fn render_form(theme: &Theme, form: &Form, area: Rect, buf: &mut Buffer) -> Option<Position> {
    match form {
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
