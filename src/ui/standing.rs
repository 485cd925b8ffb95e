//! A candidate's standing in the detail view: their stage and, when set,
//! the do-not-call flag with its reason and date. Kept apart from
//! `detail` so the record's layout and these facts change separately.

use super::text::{clean, fit};
use super::theme::Theme;
use super::when;
use crate::app::App;
use crate::domain::Candidate;
use ratatui::text::{Line, Span};

/// Lines for the detail, each led by a label `label_w` cells wide.
pub fn standing_lines(
    app: &App,
    theme: &Theme,
    c: &Candidate,
    label_w: usize,
) -> Vec<Line<'static>> {
    let zone = app.settings.zone();
    let today = app.today();
    let label = |t: &str| Span::styled(fit(t, label_w), theme.dim);
    let mut stage = vec![label("Stage"), Span::styled(c.stage.label(), theme.strong)];
    if let Some(at) = c.stage_at {
        stage.push(Span::styled(
            format!(" · since {}", when::day_hm(at, zone, today)),
            theme.dim,
        ));
    }
    let mut out = vec![Line::from(stage)];
    if c.do_not_call {
        let mut dnc = vec![label("DNC"), Span::styled("do not call", theme.dnc)];
        if let Some(at) = c.dnc_at {
            dnc.push(Span::styled(
                format!(" · since {}", when::day_hm(at, zone, today)),
                theme.dim,
            ));
        }
        if let Some(r) = c.dnc_reason.as_deref().filter(|r| !r.trim().is_empty()) {
            dnc.push(Span::raw(format!(" · {}", clean(r))));
        }
        out.push(Line::from(dnc));
    }
    out
}
