//! A framed, scrolling list pane: the frame, the "▲ above · ▼ below"
//! counts, the selection marker and highlight, and the empty-list message.
//!
//! Shared by the day, the queue and the detail so that focus, scrolling and
//! selection look and behave the same in all three.

use super::grid::{clip, put, scroll_offset};
use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Widget};

/// The selection marker's column at the left of a list.
pub const GUTTER: u16 = 2;

/// Where a pane's list starts showing.
pub enum Anchor {
    /// Keep lines `[start, end)` in view (the selection), if any.
    Keep(Option<(usize, usize)>),
    /// Start at this line, clamped so the end is never scrolled past.
    Top(usize),
}

/// A drawn pane frame: the inside, and which lines of the list show.
pub struct Pane {
    pub inner: Rect,
    /// The first list line shown.
    pub offset: usize,
    /// How many list lines fit under the pane's own header rows.
    pub visible: usize,
}

/// Draws the frame of a pane over a list of `total` lines with
/// `header_rows` fixed rows above it.
///
/// The border is thick and bright when the pane has the keyboard, so focus
/// shows without colour too; a title too long for the border ends in "…".
#[allow(clippy::too_many_arguments)]
pub fn open(
    theme: &Theme,
    focused: bool,
    title: Line,
    area: Rect,
    buf: &mut Buffer,
    header_rows: u16,
    total: usize,
    anchor: Anchor,
) -> Pane {
    let (offset, visible) = window(area, header_rows, total, anchor);
    let below = total.saturating_sub(offset + visible);
    let (kind, style) = if focused {
        (BorderType::Thick, theme.border_focused)
    } else {
        (BorderType::Plain, theme.border)
    };
    let block = Block::bordered()
        .border_type(kind)
        .border_style(style)
        .title(clip(&title, usize::from(area.width.saturating_sub(4))))
        .title_bottom(more_title(theme, offset, below));
    let inner = block.inner(area);
    block.render(area, buf);
    Pane {
        inner,
        offset,
        visible,
    }
}

/// Which lines of a `total`-line list a pane in `area` shows: (first
/// line, how many fit).
pub fn window(area: Rect, header_rows: u16, total: usize, anchor: Anchor) -> (usize, usize) {
    let visible = usize::from(area.height.saturating_sub(2 + header_rows));
    let offset = match anchor {
        Anchor::Keep(focus) => scroll_offset(total, visible, focus),
        Anchor::Top(top) => top.min(total.saturating_sub(visible)),
    };
    (offset, visible)
}

/// The list line under screen position (x, y) in a pane drawn in `area`
/// whose list starts at line `offset`, if the position is on the list.
pub fn line_at(area: Rect, header_rows: u16, offset: usize, x: u16, y: u16) -> Option<usize> {
    let inner = Block::bordered().inner(area);
    let top = inner.y.saturating_add(header_rows);
    let on = inner.contains(ratatui::layout::Position { x, y }) && y >= top;
    on.then(|| offset + usize::from(y - top))
}

/// Where list line `line` of a pane in `area` is drawn (its first
/// column, the selection marker's), if it is in view: the terminal's real
/// cursor goes there, so screen readers and braille displays follow the
/// selection.
pub fn line_position(
    area: Rect,
    header_rows: u16,
    total: usize,
    anchor: Anchor,
    line: usize,
) -> Option<Position> {
    let (offset, visible) = window(area, header_rows, total, anchor);
    if line < offset || line >= offset + visible {
        return None;
    }
    let inner = Block::bordered().inner(area);
    let y = inner.y + header_rows + u16::try_from(line - offset).ok()?;
    (y < inner.bottom() && inner.width > 0).then_some(Position { x: inner.x, y })
}

/// "▲ 3 above · ▼ 5 below" for a bottom border, when the list scrolls.
fn more_title<'a>(theme: &Theme, above: usize, below: usize) -> Line<'a> {
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("▲ {above} above"));
    }
    if below > 0 {
        parts.push(format!("▼ {below} below"));
    }
    if parts.is_empty() {
        return Line::default();
    }
    Line::styled(format!(" {} ", parts.join(" · ")), theme.dim).right_aligned()
}

/// Highlights row `y` of a list as selected, with the marker in the gutter
/// (solid in the focused list, hollow otherwise) when `marker` is set.
pub fn select_row(
    buf: &mut Buffer,
    theme: &Theme,
    focused: bool,
    inner: Rect,
    y: u16,
    marker: bool,
) {
    let (mark, style) = if focused {
        ("▶", theme.selected)
    } else {
        ("▷", theme.selected_unfocused)
    };
    if marker {
        put(buf, inner.x, y, GUTTER, &Line::from(mark));
    }
    buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
}

/// Lines centred in the middle of `inner` (for an empty list).
pub fn message(buf: &mut Buffer, inner: Rect, lines: &[Line]) {
    let h = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let top = inner.y + inner.height.saturating_sub(h) / 2;
    for (k, l) in lines.iter().enumerate() {
        let y = top + k as u16;
        if y < inner.bottom() {
            put(buf, inner.x, y, inner.width, &l.clone().centered());
        }
    }
}
