//! The booking overlay (`b`): the free slot, then who, with each person's
//! own clock at that slot beside them.

use super::overlay::{field_box, list_box};
use super::text::{clean, fit, width};
use super::theme::Theme;
use super::when;
use crate::app::booking::{Booking, Step, NEW_FIELDS};
use crate::app::App;
use crate::domain::Candidate;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

/// "13:30 their time (Kolkata)", when their clock differs from yours.
fn their_time(zone: Option<Tz>, recruiter: Tz, at: DateTime<Utc>) -> Option<String> {
    let c = Candidate {
        timezone: zone,
        ..Candidate::default()
    };
    let z = zone?;
    c.clock_differs(recruiter, at)
        .then(|| format!("{} their time ({})", when::hm(at, z), when::city(z)))
}

pub fn render_booking(
    app: &App,
    theme: &Theme,
    b: &Booking,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let zone = app.settings.zone();
    let slot = b.chosen()?;
    let slot_text = format!(
        "{}–{}",
        when::hm(slot.start, zone),
        when::hm(slot.end, zone)
    );
    match b.step {
        Step::Slot => {
            let lines: Vec<Line<'static>> = b
                .slots
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let n = if i < 9 {
                        format!("{} ", i + 1)
                    } else {
                        "  ".into()
                    };
                    Line::from(vec![
                        Span::styled(n, theme.dim),
                        Span::styled(
                            format!("{}–{}", when::hm(s.start, zone), when::hm(s.end, zone)),
                            theme.strong,
                        ),
                        Span::styled("  free", theme.dim),
                    ])
                })
                .collect();
            let heading = format!("Book a screen: which slot on {}", when::long_date(app.date));
            list_box(theme, &heading, &lines, Some(b.slot), area, buf);
            None
        }
        Step::Who => {
            let name_w = b
                .hits
                .iter()
                .map(|h| width(&clean(&h.candidate.name)))
                .max()
                .unwrap_or(0)
                .clamp(10, 28);
            let mut lines: Vec<Line<'static>> = Vec::new();
            for h in &b.hits {
                let c = &h.candidate;
                let mut spans = vec![
                    Span::styled(fit(&clean(&c.name), name_w), theme.strong),
                    Span::raw("  "),
                ];
                if c.do_not_call {
                    spans.push(Span::styled("DNC (not bookable) ", theme.dnc));
                }
                spans.push(Span::raw(clean(&c.phone)));
                if let Some(t) = their_time(c.timezone, zone, slot.start) {
                    spans.push(Span::styled(format!("  {t}"), theme.dim));
                }
                lines.push(Line::from(spans));
            }
            let hint = if b.query.text.trim().is_empty() {
                "Type part of a name or phone · Tab: someone new"
            } else if b.hits.is_empty() {
                "No match · Tab: someone new"
            } else {
                "↑↓ choose · Enter book · Tab someone new · Esc back"
            };
            lines.push(Line::default());
            lines.push(Line::styled(hint, theme.dim));
            lines.push(Line::default());
            let sel = (!b.hits.is_empty()).then(|| b.selected.min(b.hits.len() - 1));
            let heading = format!("Book {slot_text}: who");
            field_box(theme, &heading, lines, sel, "Find:", &b.query, area, buf)
        }
        Step::New => {
            let mut lines: Vec<Line<'static>> = Vec::new();
            for (i, f) in NEW_FIELDS.iter().enumerate() {
                if i == b.field {
                    continue;
                }
                let v = b.new.get(i).map(|e| clean(&e.text)).unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(format!("{f}: "), theme.dim),
                    Span::raw(v),
                ]));
            }
            let local = match b.new_zone() {
                Some(z) => their_time(Some(z), zone, slot.start)
                    .unwrap_or_else(|| "same clock as yours".into()),
                None if b.new.get(2).is_some_and(|e| !e.text.trim().is_empty()) => {
                    "zone: an IANA name like Asia/Kolkata".into()
                }
                None => "zone empty: yours".into(),
            };
            lines.push(Line::styled(local, theme.dim));
            lines.push(Line::styled(
                "Tab next field · Enter book · Esc back",
                theme.dim,
            ));
            lines.push(Line::default());
            let label = format!("{}:", NEW_FIELDS.get(b.field).copied().unwrap_or(""));
            let heading = format!("Book {slot_text}: someone new");
            let input = b.new.get(b.field)?;
            field_box(theme, &heading, lines, None, &label, input, area, buf)
        }
    }
}
