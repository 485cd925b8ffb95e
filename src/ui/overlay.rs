//! The small boxes drawn over the lists: the note editor, the slot picker,
//! the drop-reason prompt and the yes/no question.
//!
//! Each reads its own part of `Mode`; the ones with a text field return
//! where the terminal cursor belongs, which `ui::render` sets on the frame.

use super::grid::{centered, overlay_box, put, scroll_offset};
use super::text::{clean, field_view, wrap, wrap_with_cursor};
use super::theme::Theme;
use super::when;
use crate::app::{App, Confirm, Editor, SlotPicker, DROP_REASONS};
use crate::domain::{Candidate, Interval};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

/// The widest a box gets, so short lines do not stretch across the screen.
const NOTE_W: u16 = 72;
const NOTE_H: u16 = 14;

pub(super) fn title(text: &str, theme: &Theme) -> Line<'static> {
    Line::styled(format!(" {} ", clean(text)), theme.heading)
}

/// The multi-line note editor; returns the cursor position.
pub fn render_note(theme: &Theme, e: &Editor, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let rect = centered(area, NOTE_W.min(area.width.saturating_sub(4)), NOTE_H);
    if rect.width < 5 || rect.height < 3 {
        return None;
    }
    let inner = overlay_box(buf, rect, title(&e.title, theme), theme.border_focused);
    let text = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let w = wrap_with_cursor(&e.text, usize::from(text.width), e.cursor);
    let visible = usize::from(text.height);
    let (row, col) = w.cursor;
    // Scroll only as far as needed: typing at the end keeps the view still.
    let top = row.saturating_sub(visible.saturating_sub(1));
    for (k, line) in w.lines.iter().skip(top).take(visible).enumerate() {
        put(
            buf,
            text.x,
            text.y + k as u16,
            text.width,
            &Line::raw(line.clone()),
        );
    }
    let y = text.y + u16::try_from(row - top).ok()?;
    let x = text.x + u16::try_from(col).ok()?;
    (y < text.bottom() && x < text.right()).then_some(Position { x, y })
}

/// The short list of free slots a callback can be placed into.
pub fn render_slot_picker(app: &App, theme: &Theme, p: &SlotPicker, area: Rect, buf: &mut Buffer) {
    let their = app
        .queue
        .iter()
        .find(|c| c.id == p.callback_id)
        .and_then(|c| c.candidate.timezone.map(|tz| (c.candidate.clone(), tz)));
    let mut lines = vec![Line::styled("Free slots that suit you both:", theme.dim)];
    let first = lines.len();
    for (i, slot) in p.slots.iter().enumerate() {
        lines.push(slot_line(app, theme, i, slot, their.as_ref()));
    }
    if p.slots.is_empty() {
        lines.push(Line::styled(
            "No free slot found in the coming days.",
            theme.warn,
        ));
    }
    let heading = format!("Place callback · {}", p.candidate);
    let sel = (!p.slots.is_empty()).then(|| first + p.selected.min(p.slots.len() - 1));
    list_box(theme, &heading, &lines, sel, area, buf);
}

/// "1  Tue 24 Nov 10:00–10:30  today  their 05:00 New York".
pub(super) fn slot_line(
    app: &App,
    theme: &Theme,
    i: usize,
    slot: &Interval,
    their: Option<&(Candidate, Tz)>,
) -> Line<'static> {
    let zone = app.settings.zone();
    let local = slot.start.with_timezone(&zone);
    let today = if local.date_naive() == app.today() {
        "  today"
    } else {
        ""
    };
    let mut spans = vec![
        Span::styled(format!("{:>2}  ", i + 1), theme.key),
        Span::styled(
            format!(
                "{}–{}",
                local.format("%a %d %b %H:%M"),
                when::hm(slot.end, zone)
            ),
            theme.strong,
        ),
        Span::styled(today, theme.dim),
    ];
    if let Some((cand, tz)) = their {
        if cand.clock_differs(zone, slot.start) {
            spans.push(Span::styled(
                format!("  their {}", when::their_time(slot.start, *tz)),
                theme.dim,
            ));
        }
    }
    Line::from(spans)
}

/// A titled box of lines, one of them highlighted; scrolls to keep it in
/// view.
pub(super) fn list_box(
    theme: &Theme,
    heading: &str,
    lines: &[Line<'static>],
    selected: Option<usize>,
    area: Rect,
    buf: &mut Buffer,
) -> Rect {
    // Two columns of border, two of margin (the marker), one on the right.
    let want_w = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(super::text::width(heading) + 4)
        + 5;
    let want_w = u16::try_from(want_w).unwrap_or(u16::MAX).clamp(40, NOTE_W);
    let want_h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, want_w.min(area.width.saturating_sub(4)), want_h);
    let inner = overlay_box(buf, rect, title(heading, theme), theme.border_focused);
    let visible = usize::from(inner.height);
    let top = scroll_offset(lines.len(), visible, selected.map(|s| (s, s + 1)));
    for (k, line) in lines.iter().enumerate().skip(top).take(visible) {
        let y = inner.y + (k - top) as u16;
        put(buf, inner.x + 2, y, inner.width.saturating_sub(3), line);
        if Some(k) == selected {
            put(buf, inner.x, y, 2, &Line::styled("▶", theme.key));
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected);
        }
    }
    inner
}

/// The numbered drop reasons and the typed reason; returns the cursor.
pub fn render_drop_reason(
    theme: &Theme,
    candidate: &str,
    input: &Editor,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let mut lines = vec![Line::styled("Pick a number, or type a reason:", theme.dim)];
    for (i, r) in DROP_REASONS.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}  ", i + 1), theme.key),
            Span::raw(*r),
        ]));
    }
    lines.push(Line::default());
    let heading = format!("Drop callback · {candidate}");
    field_box(theme, &heading, lines, None, "Reason:", input, area, buf)
}

/// A box of `lines` (one of them highlighted) ending in a one-line field
/// after `label`; returns the cursor position.
#[allow(clippy::too_many_arguments)]
pub(super) fn field_box(
    theme: &Theme,
    heading: &str,
    mut lines: Vec<Line<'static>>,
    selected: Option<usize>,
    label: &str,
    input: &Editor,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    lines.push(Line::styled(label.to_string(), theme.strong));
    let inner = list_box(theme, heading, &lines, selected, area, buf);
    // The field sits on the label's line, after the label.
    let y = inner.y + u16::try_from(lines.len() - 1).ok()?;
    let x = inner.x + 2 + u16::try_from(super::text::width(label) + 1).ok()?;
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

/// The yes/no question, over whatever was on screen.
pub fn render_confirm(
    theme: &Theme,
    c: &Confirm,
    choices: Vec<(String, &'static str)>,
    area: Rect,
    buf: &mut Buffer,
) {
    let w = 60.min(area.width.saturating_sub(4));
    let text_w = usize::from(w.saturating_sub(4)).max(1);
    let prompt = wrap(&c.prompt, text_w);
    let h = u16::try_from(prompt.len() + 4).unwrap_or(u16::MAX);
    let rect = centered(area, w, h);
    let inner = overlay_box(
        buf,
        rect,
        Line::styled(" Are you sure? ", theme.warn),
        theme.warn,
    );
    for (k, l) in prompt.iter().enumerate() {
        put(
            buf,
            inner.x + 1,
            inner.y + k as u16,
            inner.width.saturating_sub(2),
            &Line::styled(l.trim_end().to_string(), theme.strong),
        );
    }
    let spans: Vec<Span> = choices
        .into_iter()
        .flat_map(|(k, l)| {
            [
                Span::styled(format!("  {k}"), theme.key),
                Span::raw(format!(" {l}")),
            ]
        })
        .collect();
    let y = inner.bottom().saturating_sub(1);
    put(buf, inner.x, y, inner.width, &Line::from(spans).centered());
}
