//! The callback queue pane: grouped by bucket (called in, overdue, due
//! now, later), each with candidate, why, due time and attempts this week.
//!
//! A wide pane gives each callback one line; a narrow one (beside the day)
//! gives it two. Reads `App` only; scrolls to keep the selection in view.

use super::grid::{put, Grid};
use super::pane::{self, Anchor, Pane, GUTTER};
use super::text::clean;
use super::theme::Theme;
use super::when;
use crate::app::App;
use crate::domain::{Bucket, Callback};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};

/// Inner width from which a callback fits on one line.
const ONE_LINE_FROM: u16 = 60;
const DUE_W: u16 = 12;
/// "! 2/wk": attempts this week, flagged at the cadence limit.
const WEEK_W: u16 = 6;

/// "1 called in · 2 overdue · 1 later" (or "none"), for titles and tabs.
pub fn summary(app: &App) -> String {
    let slot = app.settings.rules.hours.slot_minutes;
    let counts = [
        Bucket::CalledIn,
        Bucket::Overdue,
        Bucket::DueNow,
        Bucket::Later,
    ]
    .map(|b| {
        (
            b,
            app.queue
                .iter()
                .filter(|c| c.bucket(app.now, slot) == b)
                .count(),
        )
    });
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(b, n)| format!("{n} {}", b.label()))
        .collect();
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(" · ")
    }
}

/// "3 waiting, 2 due", for a narrow border.
pub fn short_summary(app: &App) -> String {
    match (app.queue.len(), app.callbacks_due()) {
        (0, _) => "none".into(),
        (n, 0) => format!("{n} waiting"),
        (n, due) => format!("{n} waiting, {due} due"),
    }
}

/// One line of the pane: a bucket heading, or line `k` (0 or 1) of
/// callback `i`.
enum Item {
    Heading(Bucket, usize),
    Row(usize, u8),
}

/// The pane's lines, and which of them the selected callback takes.
fn items(app: &App, one_line: bool) -> (Vec<Item>, Option<(usize, usize)>) {
    let slot = app.settings.rules.hours.slot_minutes;
    let per_row: u8 = if one_line { 1 } else { 2 };
    let mut items = Vec::new();
    let mut sel_lines = None;
    let mut last = None;
    for (i, cb) in app.queue.iter().enumerate() {
        let b = cb.bucket(app.now, slot);
        if last != Some(b) {
            let n = app.queue[i..]
                .iter()
                .take_while(|c| c.bucket(app.now, slot) == b)
                .count();
            items.push(Item::Heading(b, n));
            last = Some(b);
        }
        if Some(i) == app.queue_sel {
            sel_lines = Some((items.len(), items.len() + usize::from(per_row)));
        }
        for k in 0..per_row {
            items.push(Item::Row(i, k));
        }
    }
    (items, sel_lines)
}

/// The callback (index into `app.queue`) drawn at (x, y) by a queue pane
/// in `area`, if any: for mouse clicks.
pub fn callback_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    let one_line = area.width.saturating_sub(2) >= ONE_LINE_FROM;
    let (items, sel) = items(app, one_line);
    let (offset, _) = pane::window(area, 0, items.len(), Anchor::Keep(sel));
    match items.get(pane::line_at(area, 0, offset, x, y)?)? {
        Item::Row(i, _) => Some(*i),
        Item::Heading(..) => None,
    }
}

/// Where the selected callback's first line is drawn by a queue pane in
/// `area`.
pub fn selected_position(app: &App, area: Rect) -> Option<ratatui::layout::Position> {
    let one_line = area.width.saturating_sub(2) >= ONE_LINE_FROM;
    let (items, sel) = items(app, one_line);
    pane::line_position(area, 0, items.len(), Anchor::Keep(sel), sel?.0)
}

/// Draws the queue pane (its frame included) into `area`.
pub fn render_queue(
    app: &App,
    theme: &Theme,
    focused: bool,
    title: Line,
    area: Rect,
    buf: &mut Buffer,
) {
    let one_line = area.width.saturating_sub(2) >= ONE_LINE_FROM;
    let (items, sel_lines) = items(app, one_line);
    let Pane {
        inner,
        offset,
        visible,
    } = pane::open(
        theme,
        focused,
        title,
        area,
        buf,
        0,
        items.len(),
        Anchor::Keep(sel_lines),
    );
    if inner.width <= GUTTER || inner.height == 0 {
        return;
    }
    if app.queue.is_empty() {
        let lines = [
            Line::styled("No callbacks waiting", theme.strong),
            Line::styled("Voicemail and no-show marks queue them here.", theme.dim),
        ];
        pane::message(buf, inner, &lines);
        return;
    }

    let rows = Rect {
        x: inner.x + GUTTER,
        width: inner.width - GUTTER,
        ..inner
    };
    let wide = Grid::new(
        rows,
        &[
            Constraint::Fill(3),
            Constraint::Fill(3),
            Constraint::Length(DUE_W),
            Constraint::Length(WEEK_W),
        ],
    );
    let top = Grid::new(rows, &[Constraint::Fill(1), Constraint::Length(DUE_W)]);
    let bottom = Grid::new(rows, &[Constraint::Fill(1), Constraint::Length(WEEK_W)]);
    for (k, item) in items.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + (k - offset) as u16;
        match item {
            Item::Heading(b, n) => {
                let text = format!("{} ({n})", b.label().to_uppercase());
                put(
                    buf,
                    inner.x,
                    y,
                    inner.width,
                    &Line::styled(text, theme.bucket(*b)),
                );
            }
            Item::Row(i, line) => {
                let Some(cb) = app.queue.get(*i) else {
                    continue;
                };
                let [name, why, due, week] = cells(app, theme, cb);
                if one_line {
                    wide.draw(buf, y, &[name, why, due, week]);
                } else if *line == 0 {
                    top.draw(buf, y, &[name, due]);
                } else {
                    let why = Line::from([vec![Span::raw("  ")], why.spans].concat());
                    bottom.draw(buf, y, &[why, week]);
                }
                if Some(*i) == app.queue_sel {
                    pane::select_row(buf, theme, focused, inner, y, *line == 0);
                }
            }
        }
    }
}

/// Name, why, due and attempts-this-week cells of one callback.
fn cells(app: &App, theme: &Theme, cb: &Callback) -> [Line<'static>; 4] {
    let zone = app.settings.zone();
    let today = app.today();
    let slot = app.settings.rules.hours.slot_minutes;
    let bucket = cb.bucket(app.now, slot);
    let mut name = vec![Span::styled(clean(&cb.candidate.name), theme.strong)];
    if cb.candidate.do_not_call {
        name.push(Span::styled(" DNC", theme.dnc));
    }
    let due = match cb.called_in_at {
        Some(t) => format!("rang {}", when::day_hm(t, zone, today)),
        None => when::day_hm(cb.due, zone, today),
    };
    // At the weekly limit another call would be pestering: say so in a
    // mark as well as a colour.
    let over = app
        .settings
        .rules
        .policy
        .over_cadence(cb.attempts_this_week);
    let week = match over {
        true => Line::styled(format!("! {}/wk", cb.attempts_this_week), theme.warn),
        false => Line::styled(format!("{}/wk", cb.attempts_this_week), theme.dim),
    };
    [
        Line::from(name),
        Line::styled(clean(&cb.why(zone, today)), theme.dim),
        Line::styled(due, theme.bucket(bucket)).right_aligned(),
        week.right_aligned(),
    ]
}
