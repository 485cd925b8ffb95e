//! The candidate record (Enter): contact, zone and their time now, the
//! do-not-call flag, attempts this week, the template to say or send,
//! notes, and the whole history of calls and attempts in time order.
//!
//! Reads the `Detail` the app loaded; scrolls by `detail.scroll`, clamped
//! so the last line never scrolls out of sight.

use super::grid::put;
use super::header::CALLBACK_SYMBOL;
use super::pane::{self, Anchor};
use super::promises::PROMISE_SYMBOL;
use super::schedule::call_status;
use super::text::{clean, fit, wrap};
use super::theme::Theme;
use super::when;
use crate::app::{App, Detail};
use crate::domain::attempt::lateness_phrase;
use crate::domain::promise::{due_date, Promise, PromiseStatus};
use crate::domain::{Attempt, Call, CallKind, Direction, Outcome};
use chrono::{DateTime, Datelike, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

const LABEL_W: usize = 11;
const KIND_W: usize = 10;
const RESULT_W: usize = 14;

pub fn render_detail(app: &App, theme: &Theme, d: &Detail, area: Rect, buf: &mut Buffer) {
    let text_w = usize::from(area.width.saturating_sub(4));
    let lines = lines(app, theme, d, text_w);
    let title = Line::from(vec![
        Span::styled(" Candidate · ", theme.heading),
        Span::styled(format!("{} ", clean(&d.candidate.name)), theme.heading),
    ]);
    let top = Anchor::Top(usize::from(d.scroll));
    let p = pane::open(theme, true, title, area, buf, 0, lines.len(), top);
    let (inner, top) = (p.inner, p.offset);
    let max = lines.len().saturating_sub(p.visible);
    app.max_scroll
        .set(Some(u16::try_from(max).unwrap_or(u16::MAX)));
    for (k, line) in lines
        .iter()
        .skip(top)
        .take(usize::from(inner.height))
        .enumerate()
    {
        put(
            buf,
            inner.x + 1,
            inner.y + k as u16,
            inner.width.saturating_sub(2),
            line,
        );
    }
}

fn label(text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(fit(text, LABEL_W), theme.dim)
}

/// A heading followed by a wrapped note (or "none").
fn note_block(
    out: &mut Vec<Line<'static>>,
    heading: Line<'static>,
    note: &str,
    theme: &Theme,
    w: usize,
) {
    out.push(heading);
    if note.trim().is_empty() {
        out.push(Line::styled("  (none)", theme.dim));
        return;
    }
    for l in wrap(note.trim_end(), w.saturating_sub(2).max(1)) {
        out.push(Line::raw(format!("  {}", l.trim_end())));
    }
}

fn lines(app: &App, theme: &Theme, d: &Detail, w: usize) -> Vec<Line<'static>> {
    let zone = app.settings.zone();
    let c = &d.candidate;
    let mut out = Vec::new();

    let mut name = vec![Span::styled(clean(&c.name), theme.strong)];
    if c.do_not_call {
        name.push(Span::styled("   DNC · do not call", theme.dnc));
    }
    out.push(Line::from(name));
    let phone_style = if c.do_not_call {
        theme.dim.add_modifier(Modifier::CROSSED_OUT)
    } else {
        theme.strong
    };
    out.push(Line::from(vec![
        label("Phone", theme),
        Span::styled(clean(&c.phone), phone_style),
    ]));
    let email = c.email.as_deref().map(clean).filter(|e| !e.is_empty());
    out.push(Line::from(vec![
        label("Email", theme),
        Span::raw(email.unwrap_or_else(|| "—".into())),
    ]));
    out.extend(super::standing::standing_lines(app, theme, c, LABEL_W));
    let (zone_text, their) = match c.timezone {
        Some(tz) => (
            clean(tz.name()),
            app.now.with_timezone(&tz).format("%H:%M %a").to_string(),
        ),
        None => (
            format!("same as yours ({})", zone.name()),
            app.now.with_timezone(&zone).format("%H:%M %a").to_string(),
        ),
    };
    out.push(Line::from(vec![
        label("Zone", theme),
        Span::raw(zone_text),
        Span::styled(" · their time now ", theme.dim),
        Span::styled(their, theme.strong),
    ]));
    if let Some(call) = &d.call {
        for w in crate::domain::dst::warnings(zone, c.timezone, app.now, call.start) {
            out.push(Line::from(vec![
                label("Clocks", theme),
                Span::styled(format!("⚠ {}", w.describe(zone)), theme.warn),
            ]));
        }
    }
    let policy = &app.settings.rules.policy;
    let mut week = vec![
        label("This week", theme),
        Span::raw(format!(
            "{} (limit {})",
            plural(d.attempts_this_week as usize, "attempt"),
            policy.weekly_attempt_limit
        )),
    ];
    if policy.over_cadence(d.attempts_this_week) {
        week.push(Span::styled(
            "  ! another call would be pestering",
            theme.warn,
        ));
    }
    out.push(Line::from(week));
    let f = &d.figures;
    let mut record = format!(
        "{} · {} held · {} · {}",
        plural(f.screens as usize, "screen"),
        f.held,
        plural(f.voicemails as usize, "voicemail"),
        plural(f.no_shows as usize, "no-show")
    );
    if f.cancelled > 0 || f.late_cancellations > 0 {
        record.push_str(&format!(
            " · {} cancelled ({} late)",
            f.cancelled, f.late_cancellations
        ));
    }
    if f.rescheduled > 0 {
        record.push_str(&format!(" · {} moved", f.rescheduled));
    }
    if f.inbound > 0 {
        record.push_str(&format!(" · {} called in", f.inbound));
        if let Some(m) = f.median_inbound_late() {
            record.push_str(&format!(" (median {m} min late)"));
        }
    }
    out.push(Line::from(vec![label("Record", theme), Span::raw(record)]));
    if let Some(warning) = f.reliability_line(zone) {
        out.push(Line::from(vec![
            label("", theme),
            Span::styled(format!("⚠ {warning}"), theme.warn),
        ]));
    }
    out.push(Line::default());
    out.extend(super::templates::detail_lines(app, theme, d, w));
    out.push(Line::default());

    note_block(
        &mut out,
        Line::styled("Candidate note", theme.heading),
        &d.candidate_note,
        theme,
        w,
    );
    if let Some(call) = &d.call {
        let mut heading = vec![
            Span::styled("Note on the call · ", theme.heading),
            Span::styled(when::date_hm(call.start, zone), theme.heading),
        ];
        if let Some(role) = call.role.as_deref().map(clean) {
            heading.push(Span::styled(format!(" · {role}"), theme.dim));
        }
        note_block(&mut out, Line::from(heading), &call.note, theme, w);
    }
    out.push(Line::default());
    out.extend(super::promises::detail_lines(app, theme, d));
    out.push(Line::default());

    let no_shows = d
        .history
        .iter()
        .filter(|c| c.outcome == Outcome::NoShow)
        .count();
    out.push(Line::from(vec![
        Span::styled("History", theme.heading),
        Span::styled(
            format!(
                "  {} · {} · {}",
                plural(d.history.len(), "call"),
                plural(no_shows, "no-show"),
                plural(d.attempts.len(), "attempt")
            ),
            theme.dim,
        ),
    ]));
    let mut events: Vec<(DateTime<Utc>, u8, Line<'static>)> = Vec::new();
    let selected = d.call.as_ref().map(|c| c.id);
    let this_year = app.today().year();
    let year = d
        .history
        .iter()
        .map(|c| c.start)
        .chain(d.attempts.iter().map(|a| a.at))
        .any(|t| t.with_timezone(&zone).year() != this_year);
    for call in &d.history {
        let line = call_line(app, theme, call, Some(call.id) == selected, year);
        events.push((call.start, 0, line));
        if let Some(more) = change_line(app, theme, d, call, year) {
            events.push((call.start, 0, more));
        }
    }
    for a in &d.attempts {
        events.push((a.at, 1, attempt_line(app, theme, a, year)));
    }
    // Promises made, moved and kept belong in the same story, in order.
    for p in &d.promises {
        for (at, text) in promise_events(app, p) {
            events.push((at, 2, promise_line(app, theme, at, text, year)));
        }
    }
    events.sort_by_key(|e| (e.0, e.1));
    if events.is_empty() {
        out.push(Line::styled("  nothing yet", theme.dim));
    }
    out.extend(events.into_iter().map(|e| e.2));
    out
}

/// "Mon 23 Nov 08:30", or with the year ("Fri 12 Dec 2025 08:30") when
/// the history reaches into another year.
fn history_time(app: &App, t: DateTime<Utc>, year: bool) -> String {
    let local = t.with_timezone(&app.settings.zone());
    if year {
        local.format("%a %d %b %Y %H:%M").to_string()
    } else {
        local.format("%a %d %b %H:%M").to_string()
    }
}

/// "1 call", "2 calls".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn call_line(app: &App, theme: &Theme, call: &Call, selected: bool, year: bool) -> Line<'static> {
    let kind = match call.kind {
        CallKind::Screen => "screen".to_string(),
        CallKind::Callback => format!("{CALLBACK_SYMBOL} callback"),
    };
    let status = call_status(call, app.now, app.settings.no_show_grace_minutes, theme);
    let status = Span::styled(fit(&status.content, RESULT_W), status.style);
    let marker = if selected { "▶ " } else { "  " };
    Line::from(vec![
        Span::styled(marker, theme.key),
        Span::raw(format!("{}  ", history_time(app, call.start, year))),
        Span::styled(fit(&kind, KIND_W), theme.strong),
        Span::raw("  "),
        status,
        Span::raw("  "),
        Span::styled(
            call.role.as_deref().map(clean).unwrap_or_default(),
            theme.dim,
        ),
    ])
}

/// Under a cancelled, moved or rebooked call: who, notice, and the link
/// to the screen it replaced or was replaced by.
fn change_line(
    app: &App,
    theme: &Theme,
    d: &Detail,
    call: &Call,
    year: bool,
) -> Option<Line<'static>> {
    let mut parts = Vec::new();
    if let Some(ch) = &call.change {
        parts.push(clean(&ch.describe(call.outcome, call.start)));
    }
    if let Some(from) = call.rescheduled_from {
        if let Some(old) = d.history.iter().find(|c| c.id == from) {
            parts.push(format!(
                "rebooked from {}",
                history_time(app, old.start, year)
            ));
        }
    }
    if let Some(new) = d
        .history
        .iter()
        .find(|c| c.rescheduled_from == Some(call.id))
    {
        parts.push(format!("moved to {}", history_time(app, new.start, year)));
    }
    (!parts.is_empty()).then(|| {
        Line::styled(
            format!("{:width$}↳ {}", "", parts.join(" · "), width = 4),
            theme.dim,
        )
    })
}

/// When each thing happened to a promise, and what to say of it.
fn promise_events(app: &App, p: &Promise) -> Vec<(DateTime<Utc>, String)> {
    let hours = &app.settings.rules.hours;
    let day = |t| due_date(hours, t).format("%a %d %b").to_string();
    let what = clean(&p.what);
    let mut out = vec![(
        p.created_at,
        format!("promised {what}, by {}", day(p.due_at_first())),
    )];
    for m in &p.moves {
        let why = clean(&m.reason);
        out.push((m.at, format!("moved {what} to {}: {why}", day(m.to_due))));
    }
    if let (PromiseStatus::Kept, Some(at)) = (p.status, p.closed_at) {
        out.push((at, format!("kept {what}")));
    }
    out
}

fn promise_line(
    app: &App,
    theme: &Theme,
    at: DateTime<Utc>,
    text: String,
    year: bool,
) -> Line<'static> {
    Line::from(vec![
        Span::raw("  "),
        Span::styled(format!("{}  ", history_time(app, at, year)), theme.dim),
        Span::styled(fit(&format!("{PROMISE_SYMBOL} promise"), KIND_W), theme.dim),
        Span::raw("  "),
        Span::raw(text),
    ])
}

fn attempt_line(app: &App, theme: &Theme, a: &Attempt, year: bool) -> Line<'static> {
    let dir = match a.direction {
        Direction::Outbound => "→ outbound",
        Direction::Inbound => "← inbound",
    };
    // For a call-in, how late it was says more than "called in".
    let result = match (a.direction, a.late_minutes) {
        (Direction::Inbound, Some(m)) => Span::styled(lateness_phrase(m), theme.heading),
        _ => Span::raw(a.result.label()),
    };
    Line::from(vec![
        Span::raw("  "),
        Span::styled(format!("{}  ", history_time(app, a.at, year)), theme.dim),
        Span::styled(fit(dir, KIND_W), theme.dim),
        Span::raw("  "),
        result,
    ])
}
