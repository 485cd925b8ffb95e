//! How the report's figures read: the range's title, a column's heading,
//! "40 % of 5", weekday names and numbers without a needless ".0". Kept
//! apart from the counting so the wording changes without touching it.

use super::{OutcomeCounts, Rate, ReportRange};
use crate::domain::Outcome;
use chrono::Datelike;

impl ReportRange {
    /// "Mon 16 – Fri 20 Nov 2026", "Mon 30 Nov – Fri 04 Dec 2026".
    pub fn title(&self) -> String {
        if self.from == self.to {
            return self.from.format("%a %d %b %Y").to_string();
        }
        let from = if self.from.year() != self.to.year() {
            "%a %d %b %Y"
        } else if self.from.month() != self.to.month() {
            "%a %d %b"
        } else {
            "%a %d"
        };
        format!(
            "{} – {}",
            self.from.format(from),
            self.to.format("%a %d %b %Y")
        )
    }
}

impl OutcomeCounts {
    /// A column's heading: the outcome's name, "unmarked" for `Scheduled`.
    pub fn heading(o: Outcome) -> &'static str {
        match o {
            Outcome::Scheduled => "unmarked",
            other => other.as_str(),
        }
    }
}

impl Rate {
    /// "40 % of 5", "— of 0".
    pub fn phrase(&self) -> String {
        match self.percent {
            Some(p) => format!("{} % of {}", fmt_number(p), self.n),
            None => "— of 0".into(),
        }
    }
}

pub(super) fn weekday_name(days_from_monday: u32) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .get(days_from_monday as usize)
        .copied()
        .unwrap_or("?")
}

/// "40", "52.5": a figure without a needless ".0".
pub fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}
