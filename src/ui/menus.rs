//! The boxes for outcomes beyond one key: the `m` menu, "when were you
//! told?", the reschedule picker, and `/` search.

use super::overlay::{field_box, list_box, slot_line};
use super::text::{clean, fit, width};
use super::theme::Theme;
use super::when;
use crate::app::{App, Editor, OutcomeMenu, Reschedule, Search, MENU, RESCHEDULE_REASONS};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

/// The `m` menu: screen outcomes, attempts that leave it open, cancellations.
pub fn render_outcome_menu(theme: &Theme, m: &OutcomeMenu, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::styled(
        "What happened? (r moves the screen instead)",
        theme.dim,
    )];
    let first = lines.len();
    for (i, (_, label)) in MENU.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}  ", i + 1), theme.key),
            Span::raw(*label),
        ]));
    }
    let heading = format!("Outcome · {}", m.title);
    list_box(
        theme,
        &heading,
        &lines,
        Some(first + m.selected.min(MENU.len() - 1)),
        area,
        buf,
    );
}

/// "When were you told?" for a cancellation; returns the cursor.
pub fn render_told_at(
    theme: &Theme,
    input: &Editor,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let lines = vec![
        Line::styled(clean(&input.title), theme.strong),
        Line::styled(
            "24 h or more ahead is fine; less is a late cancellation.",
            theme.dim,
        ),
        Line::default(),
    ];
    field_box(theme, "Cancelled", lines, None, "Told:", input, area, buf)
}

/// `r`: free slots that suit both, then who asked for the move.
pub fn render_reschedule(app: &App, theme: &Theme, r: &Reschedule, area: Rect, buf: &mut Buffer) {
    let heading = format!("Reschedule · {}", r.title);
    let mut lines = Vec::new();
    match r.slot {
        None => {
            lines.push(Line::styled("Free slots that suit you both:", theme.dim));
            let their = r.candidate.timezone.map(|tz| (r.candidate.clone(), tz));
            for (i, slot) in r.slots.iter().enumerate() {
                lines.push(slot_line(app, theme, i, slot, their.as_ref()));
            }
        }
        Some(slot) => {
            lines.push(Line::from(vec![
                Span::styled("To ", theme.dim),
                Span::styled(when::date_hm(slot.start, app.settings.zone()), theme.strong),
                Span::styled(". Why is it moving?", theme.dim),
            ]));
            for (i, (reason, _)) in RESCHEDULE_REASONS.iter().enumerate() {
                lines.push(Line::from(vec![
                    Span::styled(format!("{:>2}  ", i + 1), theme.key),
                    Span::raw(*reason),
                ]));
            }
        }
    }
    let sel = (!r.is_empty()).then(|| 1 + r.selected.min(r.len() - 1));
    list_box(theme, &heading, &lines, sel, area, buf);
}

/// `/`: the query and the matches; returns the cursor.
pub fn render_search(
    app: &App,
    theme: &Theme,
    s: &Search,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let zone = app.settings.zone();
    let name_w = s
        .hits
        .iter()
        .map(|h| width(&clean(&h.candidate.name)))
        .max()
        .unwrap_or(0)
        .clamp(10, 28);
    let mut lines = Vec::new();
    for h in &s.hits {
        let c = &h.candidate;
        let phone = clean(&c.phone);
        let phone_span = if c.do_not_call {
            Span::styled(phone, theme.dim.add_modifier(Modifier::CROSSED_OUT))
        } else {
            Span::raw(phone)
        };
        let mut spans = vec![
            Span::styled(fit(&clean(&c.name), name_w), theme.strong),
            Span::raw("  "),
        ];
        if c.do_not_call {
            spans.push(Span::styled("DNC ", theme.dnc));
        }
        spans.push(phone_span);
        let when = match (h.next_call, h.last_call) {
            (Some(n), _) => format!("  next {}", app.when(n)),
            (None, Some(l)) => format!("  last {}", when::date_hm(l, zone)),
            (None, None) => "  never called".into(),
        };
        spans.push(Span::styled(when, theme.dim));
        lines.push(Line::from(spans));
    }
    let status = if s.input.text.trim().is_empty() {
        "Type part of a name, or digits of a phone number (the last 4 will do)."
    } else if s.hits.is_empty() {
        "No match."
    } else {
        "↑↓ choose · Enter open their record · Esc close"
    };
    lines.push(Line::default());
    lines.push(Line::styled(status, theme.dim));
    lines.push(Line::default());
    // The list sits above the field; the selection is highlighted in it.
    let sel = (!s.hits.is_empty()).then(|| s.selected.min(s.hits.len() - 1));
    field_box(
        theme,
        "Find a candidate",
        lines,
        sel,
        "Find:",
        &s.input,
        area,
        buf,
    )
}
