//! The template section of the candidate detail: the one that fits where
//! the candidate stands (or the one picked with `T`), filled in, ready to
//! read out or copy with `y`; the others a `T` away.

use super::text::wrap;
use super::theme::Theme;
use crate::app::templates::{filled, order, shown};
use crate::app::{App, Detail};
use ratatui::text::{Line, Span};

/// Lines for the detail, text wrapped to `w` columns.
pub fn detail_lines(app: &App, theme: &Theme, d: &Detail, w: usize) -> Vec<Line<'static>> {
    let kind = shown(app, d);
    let order = order(app, d);
    let nth = order.iter().position(|k| *k == kind).unwrap_or(0) + 1;
    let mut out = vec![Line::from(vec![
        Span::styled("Template · ", theme.heading),
        Span::styled(kind.label(), theme.heading),
        Span::styled(
            format!("  {nth} of {} · T next · y copy", order.len()),
            theme.dim,
        ),
    ])];
    for l in wrap(&filled(app, d, kind), w.saturating_sub(2).max(1)) {
        out.push(Line::raw(format!("  {}", l.trim_end())));
    }
    out
}
