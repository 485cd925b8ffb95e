//! Drawing rows of cells that stay aligned, whatever the text.
//!
//! Each cell is drawn into its own column rectangle and clipped there, so a
//! wide character or a long name can never push the next column along.
//! Also: the scroll offset that keeps a selection in view, and centred
//! boxes for overlays. Every write is bounds-checked, so no size panics.

use super::text::cut;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Direction, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

/// Draws `line` at (x, y) in at most `max` columns (and never outside the
/// buffer), ending in "…" when it had to be cut, honouring the line's own
/// alignment inside those columns.
pub fn put(buf: &mut Buffer, x: u16, y: u16, max: u16, line: &Line) {
    if !buf.area.contains(Position { x, y }) {
        return;
    }
    let max = max.min(buf.area.right().saturating_sub(x));
    let line = clip(line, usize::from(max));
    let w = u16::try_from(line.width()).unwrap_or(u16::MAX).min(max);
    let x = match line.alignment {
        Some(Alignment::Right) => x + (max - w),
        Some(Alignment::Center) => x + (max - w) / 2,
        _ => x,
    };
    buf.set_line(x, y, &line, max);
}

/// `line` cut to `max` columns with a trailing "…" when it is wider.
pub fn clip<'a>(line: &Line<'a>, max: usize) -> Line<'a> {
    if line.width() <= max {
        return line.clone();
    }
    let mut out = Line {
        spans: Vec::new(),
        ..line.clone()
    };
    let mut used = 0;
    for span in &line.spans {
        let w = span.width();
        if used + w < max {
            out.spans.push(span.clone());
            used += w;
        } else {
            let end = cut(&span.content, max - used);
            out.spans.push(Span::styled(end, span.style));
            break;
        }
    }
    out
}

/// Column positions for rows drawn cell by cell.
#[derive(Debug, Clone)]
pub struct Grid {
    cols: Vec<Rect>,
}

impl Grid {
    /// Lays `constraints` out across `area` with one space between columns.
    pub fn new(area: Rect, constraints: &[Constraint]) -> Grid {
        let row = Rect { height: 1, ..area };
        Grid {
            cols: split(row, Direction::Horizontal, 1, constraints),
        }
    }

    /// The width of column `i` (0 when there is no such column).
    pub fn width(&self, i: usize) -> usize {
        self.cols.get(i).map_or(0, |r| usize::from(r.width))
    }

    /// Draws one row at `y`: cell `i` in column `i`, each clipped to it.
    pub fn draw(&self, buf: &mut Buffer, y: u16, cells: &[Line]) {
        for (col, cell) in self.cols.iter().zip(cells) {
            put(buf, col.x, y, col.width, cell);
        }
    }
}

/// `constraints` laid out across `area` in `direction`, `spacing` cells
/// apart, as ratatui's `Layout` does; see [`lengths_and_fills`].
pub fn split(
    area: Rect,
    direction: Direction,
    spacing: u16,
    constraints: &[Constraint],
) -> Vec<Rect> {
    lengths_and_fills(area, direction, spacing, constraints).unwrap_or_else(|| {
        Layout::new(direction, constraints.iter().copied())
            .spacing(spacing)
            .split(area)
            .to_vec()
    })
}

/// `Length`s and `Fill`s laid out directly when the lengths fit: the
/// rectangles ratatui's constraint solver gives (a test compares them at
/// every size), without running it. Each solve cost ~300k instructions,
/// and the first frame lays out six: ~1.4M of its 11.7M (callgrind, 1M
/// screens). `None` for anything else.
fn lengths_and_fills(
    area: Rect,
    direction: Direction,
    spacing: u16,
    constraints: &[Constraint],
) -> Option<Vec<Rect>> {
    let (mut fixed, mut weights) = (0u32, 0u32);
    for c in constraints {
        match *c {
            Constraint::Length(n) => fixed += u32::from(n),
            Constraint::Fill(w) if w > 0 => weights += u32::from(w),
            _ => return None,
        }
    }
    let gaps = u32::try_from(constraints.len()).ok()?.checked_sub(1)? * u32::from(spacing);
    let (origin, size) = match direction {
        Direction::Horizontal => (area.x, area.width),
        Direction::Vertical => (area.y, area.height),
    };
    let room = u32::from(size).checked_sub(fixed + gaps)?;
    if weights == 0 {
        return None;
    }
    // Exact edges, each rounded to the nearest cell, as the solver's are.
    let unit = f64::from(room) / f64::from(weights);
    let mut at = f64::from(origin);
    let mut out = Vec::with_capacity(constraints.len());
    for c in constraints {
        let len = match *c {
            Constraint::Length(n) => f64::from(n),
            Constraint::Fill(f) => unit * f64::from(f),
            _ => return None,
        };
        let (start, end) = (at.round() as u16, (at + len).round() as u16);
        out.push(match direction {
            Direction::Horizontal => Rect {
                x: start,
                width: end - start,
                ..area
            },
            Direction::Vertical => Rect {
                y: start,
                height: end - start,
                ..area
            },
        });
        at += len + f64::from(spacing);
    }
    Some(out)
}

/// The first row to show so that rows `[start, end)` are in view, sitting
/// about a third of the way down when the list is longer than the view.
pub fn scroll_offset(total: usize, visible: usize, focus: Option<(usize, usize)>) -> usize {
    if total <= visible || visible == 0 {
        return 0;
    }
    let Some((start, end)) = focus else {
        return 0;
    };
    let mut top = start.saturating_sub(visible / 3);
    if end > top + visible {
        top = end - visible;
    }
    top.min(total - visible)
}

/// A `w`×`h` box centred in `area`, shrunk to fit it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `area` and draws an overlay frame titled `title`; returns the
/// inside.
pub fn overlay_box(buf: &mut Buffer, area: Rect, title: Line, border: Style) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_stays_in_view_a_third_down() {
        assert_eq!(scroll_offset(10, 20, Some((9, 10))), 0);
        assert_eq!(scroll_offset(40, 12, Some((20, 21))), 16);
        assert_eq!(scroll_offset(40, 12, Some((39, 40))), 28);
        assert_eq!(scroll_offset(40, 12, Some((2, 3))), 0);
        assert_eq!(scroll_offset(40, 0, Some((2, 3))), 0);
        // A tall item is shown whole.
        assert_eq!(scroll_offset(40, 3, Some((10, 13))), 10);
    }

    #[test]
    fn put_never_writes_outside_the_buffer() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        put(&mut buf, 2, 0, 10, &Line::from("王小明"));
        put(&mut buf, 9, 9, 10, &Line::from("x"));
        put(&mut buf, 0, 0, 0, &Line::from("x").right_aligned());
        // Two columns left: no room for 王 and the ellipsis both.
        assert_eq!(buf[(2, 0)].symbol(), "…");
        put(&mut buf, 0, 0, 4, &Line::from("王小"));
        assert_eq!(buf[(0, 0)].symbol(), "王");
    }

    #[test]
    fn clipped_lines_end_in_an_ellipsis_inside_the_last_span() {
        let line = Line::from(vec![Span::raw("DNC "), Span::raw("+44 7700 900123")]);
        let cut = clip(&line, 10);
        assert_eq!(cut.to_string(), "DNC +44 7…");
        assert_eq!(cut.spans.len(), 2);
        assert_eq!(clip(&line, 4).to_string(), "DNC…");
    }

    #[test]
    fn lengths_and_fills_are_laid_out_as_ratatui_does() {
        use Constraint::{Fill, Length};
        let mut sets: Vec<Vec<Constraint>> = vec![
            vec![Fill(3), Fill(3), Length(8), Length(6)],
            vec![Fill(1), Length(8)],
            vec![Length(10), Length(9), Fill(1), Fill(2), Length(8)],
            vec![Length(22), Fill(1), Fill(2), Length(18)],
            vec![Fill(1)],
            vec![Length(5)],
            // The screen's header, body and footer; the body's two panes.
            vec![Length(2), Fill(1), Length(2)],
            vec![Length(1), Fill(1), Length(3)],
            vec![Fill(1), Length(40)],
            vec![Fill(1), Length(56)],
        ];
        // The day's columns: time, name (and role), phone, their time, status.
        for phone in [5, 12, 15, 20] {
            for their in [None, Some(5), Some(14)] {
                for role in [false, true] {
                    let mut v = vec![Length(11)];
                    v.extend(if role {
                        vec![Fill(3), Fill(2)]
                    } else {
                        vec![Fill(1)]
                    });
                    v.push(Length(phone));
                    v.extend(their.map(Length));
                    v.push(Length(12));
                    sets.push(v);
                }
            }
        }
        for set in &sets {
            for (direction, spacing) in [
                (Direction::Horizontal, 1),
                (Direction::Horizontal, 0),
                (Direction::Vertical, 0),
            ] {
                for at in [0, 3] {
                    for size in (0..=130).chain([199, 200, 201, 255, 320]) {
                        let area = match direction {
                            Direction::Horizontal => Rect::new(at, 7, size, 1),
                            Direction::Vertical => Rect::new(5, at, 80, size),
                        };
                        let Some(ours) = lengths_and_fills(area, direction, spacing, set) else {
                            continue;
                        };
                        let theirs = Layout::new(direction, set.iter().copied())
                            .spacing(spacing)
                            .split(area)
                            .to_vec();
                        assert_eq!(ours, theirs, "{set:?} {direction:?} {spacing} in {area:?}");
                    }
                }
            }
        }
        // What it does not take, the solver lays out.
        let row = Rect::new(0, 0, 10, 1);
        let h = Direction::Horizontal;
        assert_eq!(lengths_and_fills(row, h, 1, &[Length(8), Length(8)]), None);
        assert_eq!(
            lengths_and_fills(row, h, 1, &[Constraint::Min(3), Fill(1)]),
            None
        );
        // Lengths alone leave room over, which is ratatui's flex to place.
        assert_eq!(lengths_and_fills(row, h, 1, &[Length(3)]), None);
        assert_eq!(split(row, h, 1, &[Length(3)]), [Rect::new(0, 0, 3, 1)]);
    }

    #[test]
    fn centred_box_fits_inside_any_area() {
        let r = centered(Rect::new(0, 0, 10, 4), 40, 40);
        assert_eq!(r, Rect::new(0, 0, 10, 4));
        let r = centered(Rect::new(0, 0, 80, 24), 40, 10);
        assert_eq!(r, Rect::new(20, 7, 40, 10));
    }
}
