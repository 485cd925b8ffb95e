//! The report view (`R`): the week in numbers and charts.
//!
//! Top: calls per day as a grouped bar chart (one bar per outcome, each
//! bar labelled with its letter, so the chart reads without colour), and
//! the key numbers beside it. Bottom: the no-show rate by hour of day and
//! by weekday, each bar's percentage on it and its n under its label, so a
//! rate of one call is seen as one call. Fits 80×24; grows with the screen.

use super::grid::put;
use super::text::wrap;
use super::theme::Theme;
use crate::app::App;
use crate::domain::report::{Rate, WeekReport};
use crate::domain::Outcome;
use crate::report_text::{key_numbers, KEY_LABEL_W};
use chrono::Timelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Widget};

/// The outcomes the day chart can draw, with their letters.
const BARS: [(Outcome, &str, &str); 5] = [
    (Outcome::Answered, "A", "answered"),
    (Outcome::Voicemail, "V", "voicemail"),
    (Outcome::NoShow, "N", "no-show"),
    (Outcome::Cancelled, "C", "cancelled"),
    (Outcome::Rescheduled, "R", "rescheduled"),
];

/// The bars each day gets: the three marks always, cancelled and
/// rescheduled when the range has any.
fn bars(r: &WeekReport) -> Vec<(Outcome, &'static str, &'static str)> {
    BARS.iter()
        .copied()
        .filter(|(o, _, _)| o.is_dial() || r.total.get(*o) > 0)
        .collect()
}
/// The key numbers' column, beside the day chart.
const NUMBERS_MIN_W: u16 = 34;

pub fn render_report(app: &App, theme: &Theme, r: &WeekReport, area: Rect, buf: &mut Buffer) {
    let title = Line::from(vec![
        Span::styled(" Report · ", theme.heading),
        Span::styled(format!("{} ", r.range().title()), theme.heading),
        Span::styled(format!("· {} ", r.zone), theme.dim),
    ]);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    // The rate charts take a third (at least their labels and three rows of
    // bar); the day chart and the key numbers the rest.
    let rates_h = (inner.height.saturating_sub(3) / 3).max(5);
    let [top_head, top, _, bottom_head, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(rates_h),
    ])
    .areas(inner);

    let days_w = day_chart_width(r, inner.width.saturating_sub(NUMBERS_MIN_W + 2));
    let [chart, _, numbers] = Layout::horizontal([
        Constraint::Length(days_w),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .areas(top);
    // The legend takes the whole line: with five bars a day it is wider
    // than the chart, and the key numbers need no heading.
    let legend = legend(theme, &bars(r), top_head.width);
    put(buf, top_head.x, top_head.y, top_head.width, &legend);
    draw_days(theme, r, chart, buf);
    draw_numbers(theme, r, numbers, buf);

    let hours = hour_rates(app, r);
    let weekdays: Vec<(String, Rate)> = r
        .no_show_by_weekday
        .iter()
        .map(|w| (w.weekday.clone(), w.no_show))
        .collect();
    let hours_w = rate_chart_width(hours.len(), 2, bottom.width * 2 / 3);
    let [hour_head, _, weekday_head] = Layout::horizontal([
        Constraint::Length(hours_w),
        Constraint::Length(4),
        Constraint::Fill(1),
    ])
    .areas(bottom_head);
    let [hour_area, _, weekday_area] = Layout::horizontal([
        Constraint::Length(hours_w),
        Constraint::Length(4),
        Constraint::Fill(1),
    ])
    .areas(bottom);
    put(
        buf,
        hour_head.x,
        hour_head.y,
        bottom_head.width,
        &Line::from(vec![
            Span::styled("No-show % by hour", theme.heading),
            Span::styled(" (n = calls held, under each bar)", theme.dim),
        ]),
    );
    put(
        buf,
        weekday_head.x,
        weekday_head.y,
        weekday_head.width,
        &Line::styled("by weekday", theme.heading),
    );
    draw_rates(theme, &hours, hour_area, buf);
    draw_rates(theme, &weekdays, weekday_area, buf);
}

/// "Calls per day  A answered  V voicemail  N no-show", without the
/// title when that does not fit `width`: the letters on the bars are
/// explained whatever the width.
fn legend(
    theme: &Theme,
    bars: &[(Outcome, &'static str, &'static str)],
    width: u16,
) -> Line<'static> {
    let mut keys = Vec::new();
    for &(o, letter, word) in bars {
        keys.push(Span::styled(
            letter,
            theme.outcome(o).add_modifier(Modifier::BOLD),
        ));
        keys.push(Span::styled(format!(" {word}  "), theme.dim));
    }
    let full = Line::from(
        std::iter::once(Span::styled("Calls per day  ", theme.heading))
            .chain(keys.iter().cloned())
            .collect::<Vec<_>>(),
    );
    if full.width() <= usize::from(width) {
        full
    } else {
        Line::from(keys)
    }
}

/// The width the day chart takes: as wide as its bars need, bars 2 to 4
/// cells wide, within `room`.
fn day_chart_width(r: &WeekReport, room: u16) -> u16 {
    let days = r.days.len().max(1) as u16;
    let per_day = bars(r).len() as u16;
    let bar = day_bar_width(days, per_day, room);
    days * bar * per_day + days.saturating_sub(1) * 2
}

/// Bars 1 to 4 cells wide, as wide as `days` groups of `per_day` fit.
fn day_bar_width(days: u16, per_day: u16, room: u16) -> u16 {
    let per_group = room.saturating_add(2) / days.max(1);
    (per_group.saturating_sub(2) / per_day.max(1)).clamp(1, 4)
}

fn draw_days(theme: &Theme, r: &WeekReport, area: Rect, buf: &mut Buffer) {
    if r.total.held() == 0 {
        let msg = Line::styled("No calls held in this range", theme.dim).centered();
        put(buf, area.x, area.y + area.height / 2, area.width, &msg);
        return;
    }
    let shown = bars(r);
    let per_day = shown.len() as u16;
    let bar_w = day_bar_width(r.days.len() as u16, per_day, area.width);
    let groups: Vec<BarGroup> = r
        .days
        .iter()
        .map(|d| {
            let bars: Vec<Bar> = shown
                .iter()
                .map(|(o, letter, _)| {
                    let n = d.counts.get(*o);
                    let style = theme.outcome(*o);
                    Bar::default()
                        .value(u64::from(n))
                        .label(Line::from(*letter))
                        .style(style)
                        .value_style(style.add_modifier(Modifier::REVERSED | Modifier::BOLD))
                })
                .collect();
            let label = if bar_w * per_day >= 6 {
                d.date.format("%a %d").to_string()
            } else {
                d.weekday.clone()
            };
            BarGroup::default()
                .label(Line::from(label).centered())
                .bars(&bars)
        })
        .collect();
    let mut chart = BarChart::default()
        .bar_width(bar_w)
        .bar_gap(0)
        .group_gap(2)
        .label_style(theme.dim);
    for g in groups {
        chart = chart.data(g);
    }
    chart.render(area, buf);
}

fn draw_numbers(theme: &Theme, r: &WeekReport, area: Rect, buf: &mut Buffer) {
    let mut y = area.y;
    for k in key_numbers(r) {
        if y >= area.bottom() {
            break;
        }
        let line = Line::from(vec![
            Span::styled(format!("{:<KEY_LABEL_W$}", k.label), theme.dim),
            Span::styled(k.value, theme.strong),
        ]);
        put(buf, area.x, y, area.width, &line);
        y += 1;
        let indent = 2;
        let room = area.width.saturating_sub(indent).max(1);
        for l in wrap(&k.detail.unwrap_or_default(), usize::from(room)) {
            if y >= area.bottom() || l.trim().is_empty() {
                break;
            }
            let line = Line::styled(l.trim_end().to_string(), theme.dim);
            put(buf, area.x + indent, y, room, &line);
            y += 1;
        }
    }
}

/// Working hours first and last (so quiet hours show as gaps), plus any
/// hour outside them that had calls.
fn hour_rates(app: &App, r: &WeekReport) -> Vec<(String, Rate)> {
    let hours = &app.settings.rules.hours;
    let first = hours.start.hour();
    let last = if hours.end.minute() == 0 {
        hours.end.hour().saturating_sub(1)
    } else {
        hours.end.hour()
    };
    let mut shown: Vec<u32> = (first..=last).collect();
    shown.extend(r.no_show_by_hour.iter().map(|h| h.hour));
    shown.sort_unstable();
    shown.dedup();
    shown
        .into_iter()
        .map(|h| {
            let rate = r
                .no_show_by_hour
                .iter()
                .find(|x| x.hour == h)
                .map(|x| x.no_show)
                .unwrap_or_default();
            (format!("{h:02}"), rate)
        })
        .collect()
}

/// The width `bars` rate bars take, each 2 to 5 cells, within `room`.
fn rate_chart_width(bars: usize, min_bar: u16, room: u16) -> u16 {
    let bars = bars.max(1) as u16;
    let bar = rate_bar_width(bars, room).max(min_bar);
    bars * bar + bars.saturating_sub(1)
}

fn rate_bar_width(bars: u16, room: u16) -> u16 {
    (room.saturating_add(1) / bars.max(1))
        .saturating_sub(1)
        .clamp(1, 5)
}

/// One bar per row of `rates`: its height and the number on it are the
/// percentage; under it, its label and then its n.
fn draw_rates(theme: &Theme, rates: &[(String, Rate)], area: Rect, buf: &mut Buffer) {
    if rates.is_empty() {
        let msg = Line::styled("no calls held", theme.dim);
        put(buf, area.x, area.y + area.height / 2, area.width, &msg);
        return;
    }
    let bar_w = rate_bar_width(rates.len() as u16, area.width);
    let style = theme.outcome(Outcome::NoShow);
    let mut chart = BarChart::default()
        .bar_width(bar_w)
        .bar_gap(0)
        .group_gap(1)
        .max(100)
        .label_style(theme.dim);
    for (label, rate) in rates {
        let pct = rate.percent.unwrap_or(0.0).round() as u64;
        let n = if rate.n == 0 {
            "·".to_string()
        } else {
            rate.n.to_string()
        };
        let bar = Bar::default()
            .value(pct)
            .text_value(pct.to_string())
            .label(Line::from(label.clone()))
            .style(style)
            .value_style(style.add_modifier(Modifier::REVERSED | Modifier::BOLD));
        chart = chart.data(
            BarGroup::default()
                .label(Line::styled(n, Style::new()).centered())
                .bars(&[bar]),
        );
    }
    chart.render(area, buf);
}
