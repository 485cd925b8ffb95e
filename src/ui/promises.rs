//! The follow-through views: open promises (`P`) and close the loop (`O`),
//! the overdue-promises item in the header, and the promises section of
//! the candidate detail. Render only: reads `App`.

use super::grid::Grid;
use super::pane::{self, Anchor, GUTTER};
use super::text::clean;
use super::theme::Theme;
use super::when;
use crate::app::{App, Detail, OwedList, PromiseList};
use crate::domain::promise::{due_date, Urgency};
use crate::domain::{Candidate, Promise, PromiseStatus};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The symbol promises go by in the header and the views.
pub const PROMISE_SYMBOL: &str = "⚑";

/// "⚑ 2 promises overdue", for the header, when any are.
pub fn header_item(app: &App, theme: &Theme) -> Option<Vec<Span<'static>>> {
    let hours = &app.settings.rules.hours;
    let n = app
        .promises
        .iter()
        .filter(|p| p.urgency(app.now, hours) == Urgency::Overdue)
        .count();
    let word = if n == 1 { "promise" } else { "promises" };
    (n > 0).then(|| {
        vec![
            Span::styled(
                format!("{PROMISE_SYMBOL} {n}"),
                theme.warn.patch(theme.strong),
            ),
            Span::styled(format!(" {word} overdue"), theme.warn),
        ]
    })
}

fn urgency_style(theme: &Theme, u: Urgency) -> Style {
    match u {
        Urgency::Overdue => theme.warn,
        Urgency::DueToday => theme.heading,
        Urgency::Later => theme.dim,
    }
}

/// A name with the do-not-call marker when set.
fn name_cell(theme: &Theme, c: &Candidate) -> Line<'static> {
    let mut spans = vec![Span::styled(clean(&c.name), theme.strong)];
    if c.do_not_call {
        spans.push(Span::styled(" DNC", theme.dnc));
    }
    Line::from(spans)
}

/// A phone: struck through and marked for a do-not-call candidate.
fn phone_cell(theme: &Theme, c: &Candidate) -> Line<'static> {
    let phone = clean(&c.phone);
    if c.do_not_call {
        Line::from(vec![
            Span::styled("DNC ", theme.dnc),
            Span::styled(phone, theme.dim.add_modifier(Modifier::CROSSED_OUT)),
        ])
    } else {
        Line::raw(phone)
    }
}

/// A list pane: a header row, one row per item, the selection kept in
/// view, and `empty` centred when there are no rows.
#[allow(clippy::too_many_arguments)]
fn table(
    theme: &Theme,
    title: String,
    columns: &[Constraint],
    header: &[&str],
    rows: &[Vec<Line<'static>>],
    selected: usize,
    empty: &[&str],
    area: Rect,
    buf: &mut Buffer,
) {
    let title = Line::styled(format!(" {title} "), theme.heading);
    let sel = (!rows.is_empty()).then(|| (selected, selected + 1));
    let p = pane::open(
        theme,
        true,
        title,
        area,
        buf,
        1,
        rows.len(),
        Anchor::Keep(sel),
    );
    let inner = p.inner;
    let body = Rect {
        x: inner.x + GUTTER,
        width: inner.width.saturating_sub(GUTTER),
        ..inner
    };
    let grid = Grid::new(body, columns);
    let head: Vec<Line> = header
        .iter()
        .map(|h| Line::styled(h.to_string(), theme.column_header))
        .collect();
    grid.draw(buf, inner.y, &head);
    if rows.is_empty() {
        let lines: Vec<Line> = empty.iter().map(|l| Line::styled(*l, theme.dim)).collect();
        let below = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        pane::message(buf, below, &lines);
        return;
    }
    for (k, row) in rows.iter().enumerate().skip(p.offset).take(p.visible) {
        let y = inner.y + 1 + (k - p.offset) as u16;
        grid.draw(buf, y, row);
        if k == selected {
            pane::select_row(buf, theme, true, inner, y, true);
        }
    }
}

/// `P`: open promises, soonest due first.
pub fn render_promises(app: &App, theme: &Theme, v: &PromiseList, area: Rect, buf: &mut Buffer) {
    let hours = &app.settings.rules.hours;
    let overdue = app
        .promises
        .iter()
        .filter(|p| p.urgency(app.now, hours) == Urgency::Overdue)
        .count();
    let title = format!("Promises · {} open, {overdue} overdue", app.promises.len());
    let rows: Vec<Vec<Line>> = app
        .promises
        .iter()
        .map(|p| {
            let u = p.urgency(app.now, hours);
            let mut what = vec![Span::raw(clean(&p.what))];
            if p.waiting_on_hm {
                what.push(Span::styled(" · waiting on HM", theme.dim));
            }
            let moved = match p.moves.len() {
                0 => String::new(),
                n => format!("moved {n}×"),
            };
            vec![
                Line::styled(
                    due_date(hours, p.due).format("%a %d %b").to_string(),
                    theme.strong,
                ),
                Line::styled(u.label(), urgency_style(theme, u)),
                name_cell(theme, &p.candidate),
                Line::from(what),
                Line::styled(moved, theme.dim),
            ]
        })
        .collect();
    table(
        theme,
        title,
        &[
            Constraint::Length(10),
            Constraint::Length(9),
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Length(8),
        ],
        &["Due", "", "Candidate", "Promised", ""],
        &rows,
        v.selected,
        &[
            "No open promises.",
            "p on a call or in a candidate's detail makes one.",
        ],
        area,
        buf,
    );
}

/// `O`: what the recruiter owes people, longest wait first.
pub fn render_owed(app: &App, theme: &Theme, v: &OwedList, area: Rect, buf: &mut Buffer) {
    let title = format!(
        "Close the loop · {} owed · news after {} working days",
        v.rows.len(),
        app.settings.owed_after_working_days
    );
    let rows: Vec<Vec<Line>> = v
        .rows
        .iter()
        .map(|o| {
            let style = if o.working_days > 0 {
                theme.warn
            } else {
                theme.heading
            };
            vec![
                Line::styled(o.waited(), style),
                name_cell(theme, &o.candidate),
                Line::raw(clean(&o.what())),
                phone_cell(theme, &o.candidate),
            ]
        })
        .collect();
    table(
        theme,
        title,
        &[
            Constraint::Length(22),
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Length(18),
        ],
        &["Waited", "Candidate", "Owed", "Phone"],
        &rows,
        v.selected,
        &["Nobody is waiting on you.", "The loop is closed."],
        area,
        buf,
    );
}

/// The promises section of the candidate detail: open ones first, each
/// with its moves; kept ones after.
pub fn detail_lines(app: &App, theme: &Theme, d: &Detail) -> Vec<Line<'static>> {
    let hours = &app.settings.rules.hours;
    let zone = app.settings.zone();
    let today = app.today();
    let open = d
        .promises
        .iter()
        .filter(|p| p.status == PromiseStatus::Open)
        .count();
    let summary = if d.promises.is_empty() {
        "  none (p makes one)".to_string()
    } else {
        format!("  {open} open · {} kept", d.promises.len() - open)
    };
    let mut out = vec![Line::from(vec![
        Span::styled("Promises", theme.heading),
        Span::styled(summary, theme.dim),
    ])];
    let mut list: Vec<&Promise> = d.promises.iter().collect();
    list.sort_by_key(|p| (p.status != PromiseStatus::Open, p.due));
    for p in list {
        let due = due_date(hours, p.due).format("%a %d %b").to_string();
        let state = match p.status {
            PromiseStatus::Open => {
                let u = p.urgency(app.now, hours);
                Span::styled(format!("{:<9}", u.label()), urgency_style(theme, u))
            }
            PromiseStatus::Kept => {
                let on_time = match p.kept_on_time() {
                    Some(false) => "kept late",
                    _ => "kept",
                };
                Span::styled(format!("{on_time:<9}"), theme.dim)
            }
        };
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(format!("{PROMISE_SYMBOL} by {due}  "), theme.strong),
            state,
            Span::raw(format!("  {}", clean(&p.what))),
        ];
        if p.waiting_on_hm {
            spans.push(Span::styled(" · waiting on HM", theme.dim));
        }
        out.push(Line::from(spans));
        for m in &p.moves {
            out.push(Line::styled(
                format!(
                    "      {} moved {} → {}: {}",
                    when::day_hm(m.at, zone, today),
                    due_date(hours, m.from_due).format("%a %d %b"),
                    due_date(hours, m.to_due).format("%a %d %b"),
                    clean(&m.reason)
                ),
                theme.dim,
            ));
        }
    }
    out
}
