//! The live calendars' words in the header: "calendar synced 2 min ago",
//! or "calendar offline since 10:14: working from the last copy (why)".
//! A function of the state the sync thread last reported and the clock.

use crate::app::App;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// What the header needs to know about the live calendars.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarState {
    /// When every source last synced without an error.
    pub last_ok: Option<DateTime<Utc>>,
    /// Since when a source has failed, and why (the first failing one).
    pub failing: Option<(DateTime<Utc>, String)>,
}

/// The header's words.
pub fn text(state: &CalendarState, now: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    match (&state.failing, state.last_ok) {
        (Some((since, why)), _) => format!(
            "calendar offline since {}: working from the last copy ({})",
            since.with_timezone(&zone).format("%H:%M"),
            crate::sanitize::line(why)
        ),
        (None, Some(t)) => match (now - t).num_minutes().max(0) {
            0 => "calendar synced just now".into(),
            m => format!("calendar synced {m} min ago"),
        },
        (None, None) => "calendar not synced yet".into(),
    }
}

/// Puts the words at the right end of the header's second line when they
/// fit beside what is there (`used` columns).
pub fn render(app: &App, warn: Style, dim: Style, area: Rect, used: u16, buf: &mut Buffer) {
    let Some(state) = &app.calendar else { return };
    if area.height < 2 {
        return;
    }
    let words = text(state, app.now, app.settings.zone());
    let style = if state.failing.is_some() { warn } else { dim };
    let w = words.chars().count() as u16 + 1;
    if used + 2 + w > area.width {
        return;
    }
    let line = Line::from(vec![Span::styled(words, style), Span::raw(" ")]);
    buf.set_line(area.x + area.width - w, area.y + 1, &line, w);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn synced_ago_or_offline_since_with_why() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 20, 0).unwrap();
        let zone = chrono_tz::Europe::London;
        let ok = CalendarState {
            last_ok: Some(now - chrono::Duration::minutes(2)),
            failing: None,
        };
        assert_eq!(text(&ok, now, zone), "calendar synced 2 min ago");
        let down = CalendarState {
            last_ok: ok.last_ok,
            failing: Some((
                Utc.with_ymd_and_hms(2026, 11, 23, 10, 14, 0).unwrap(),
                "connection refused".into(),
            )),
        };
        assert_eq!(
            text(&down, now, zone),
            "calendar offline since 10:14: working from the last copy (connection refused)"
        );
    }
}
