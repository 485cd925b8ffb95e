//! The two header lines: which day, the clock, the next call, the tallies.
//!
//! Reads `App` only. The countdown shows only when the day on screen is
//! today: a countdown on another day's list would be a lie.

use super::grid::put;
use super::text::{clean, truncate, width};
use super::theme::Theme;
use super::when;
use crate::app::App;
use crate::domain::call::{countdown, next_call};
use crate::domain::Outcome;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The symbol the header and the queue use for callbacks.
pub const CALLBACK_SYMBOL: &str = "↻";

/// The day, what is next and the clock on the first line; open promises,
/// unmarked calls and the tallies on the second.
pub fn render_header(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let zone = app.settings.zone();
    let today = app.today();
    let rel = when::relative_day(app.date, today);
    // Another day stands out as a badge: marks there are easy to misplace.
    let (sep, rel) = if app.date == today {
        (" · ", Span::styled(rel, theme.heading))
    } else {
        (
            " ·",
            Span::styled(format!(" {rel} "), theme.warn.patch(theme.selected)),
        )
    };
    let left = Line::from(vec![
        Span::styled(format!(" {}", when::long_date(app.date)), theme.strong),
        Span::raw(sep),
        rel,
    ]);
    let right = Line::from(vec![
        Span::styled(when::hm(app.now, zone), theme.strong),
        Span::styled(format!(" {} ", when::city(zone)), theme.dim),
    ])
    .right_aligned();
    let (lw, rw) = (left.width() as u16, right.width() as u16);
    put(buf, area.x, area.y, area.width, &left);
    put(buf, area.x, area.y, area.width, &right);
    let mid_x = area.x + lw + 3;
    let mid_w = area.width.saturating_sub(lw + rw + 6);
    if mid_w > 0 {
        let mid = next_line(app, theme, usize::from(mid_w));
        put(buf, mid_x, area.y, mid_w, &mid);
    }
    if area.height > 1 {
        let line = tallies(app, theme);
        put(buf, area.x, area.y + 1, area.width, &line);
        super::sync_line::render(app, theme.warn, theme.dim, area, line.width() as u16, buf);
    }
}

/// "next 10:30 Marcus Johnson in 50 min", cut to `max` columns.
fn next_line(app: &App, theme: &Theme, max: usize) -> Line<'static> {
    if let Some(live) = &app.live_call {
        // The call in progress beats what is next, on any day on show.
        let timer = live.timer(app.now);
        let fixed = width("on call with ") + width(" · ") + width(&timer);
        let name = truncate(&clean(&live.name), max.saturating_sub(fixed));
        return Line::from(vec![
            Span::styled("on call with ", theme.live),
            Span::styled(name, theme.strong),
            Span::raw(" · "),
            Span::styled(timer, theme.strong),
        ]);
    }
    if app.date != app.today() {
        return Line::default();
    }
    let zone = app.settings.zone();
    match next_call(&app.calls, app.now) {
        Some(c) => {
            let time = when::hm(c.start, zone);
            let cd = countdown(app.now, c.start);
            let fixed = width("next ") + width(&time) + 1 + 1 + width(&cd);
            let name = truncate(&clean(&c.candidate.name), max.saturating_sub(fixed));
            Line::from(vec![
                Span::styled("next ", theme.dim),
                Span::styled(time, theme.strong),
                Span::raw(" "),
                Span::styled(name, theme.strong),
                Span::raw(" "),
                Span::styled(cd, theme.heading),
            ])
        }
        None => match app
            .calls
            .iter()
            .find(|c| c.is_live(app.now) && !c.outcome.is_marked())
        {
            Some(live) => {
                let text = format!(
                    "last call, until {}: {}",
                    when::hm(live.end(), zone),
                    clean(&live.candidate.name)
                );
                Line::styled(truncate(&text, max), theme.live)
            }
            None => Line::styled(truncate("no more calls today", max), theme.dim),
        },
    }
}

/// "! 1 to mark: 10:00 Ana  ✓ 3 answered  ✉ 1 voicemail  ✗ 1 no-show  ↻ 2 callbacks due",
/// after any overdue promises.
fn tallies(app: &App, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    // First, so a narrow screen never cuts it off: it stays all day.
    if let Some(item) = super::promises::header_item(app, theme) {
        spans.extend(item);
    }
    let mut item = |sym: &str, n: usize, word: &str, style: Style| {
        if spans.len() > 1 {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(
            format!("{sym} {n}"),
            style.patch(theme.strong),
        ));
        spans.push(Span::styled(format!(" {word}"), style));
    };
    let unmarked = app.unmarked();
    if !unmarked.is_empty() {
        // Past the grace period nobody marked: at the end of the day the
        // header names them, so none goes home unmarked. Before the tallies,
        // so a narrow screen cuts the counts, never this.
        let word = if app.day_over() {
            "left unmarked at the end of the day"
        } else {
            "to mark"
        };
        let zone = app.settings.zone();
        let names: Vec<String> = unmarked
            .iter()
            .map(|c| format!("{} {}", when::hm(c.start, zone), clean(&c.candidate.name)))
            .collect();
        let word = format!("{word}: {}", names.join(", "));
        item("!", unmarked.len(), &word, theme.needs_mark);
    }
    for o in Outcome::MARKS {
        item(o.symbol(), app.tally(o), o.as_str(), theme.outcome(o));
    }
    for o in [Outcome::Cancelled, Outcome::Rescheduled] {
        let n = app.tally(o);
        if n > 0 {
            item(o.symbol(), n, o.as_str(), theme.outcome(o));
        }
    }
    let due = app.callbacks_due();
    let style = if due > 0 { theme.warn } else { theme.dim };
    let word = if due == 1 {
        "callback due"
    } else {
        "callbacks due"
    };
    item(CALLBACK_SYMBOL, due, word, style);
    Line::from(spans)
}
