//! The inclusive local dates a report covers: a working week, or a range
//! of at most [`MAX_DAYS`].

use super::MAX_DAYS;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

/// Inclusive local dates a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl ReportRange {
    /// `from..=to`, refused when backwards or longer than [`MAX_DAYS`].
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<ReportRange, String> {
        if from > to {
            return Err(format!("the range starts {from}, after it ends ({to})"));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_DAYS {
            return Err(format!(
                "{from} to {to} is {days} days; a report covers at most {MAX_DAYS}"
            ));
        }
        Ok(ReportRange { from, to })
    }

    /// The working week holding `date`: its Monday to the last working day
    /// of the week (Friday by default; Sunday when weekends are worked).
    /// With no working days configured, Monday to Friday.
    pub fn week_of(date: NaiveDate, working_days: &[Weekday]) -> ReportRange {
        let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        let last = working_days
            .iter()
            .map(|d| d.num_days_from_monday())
            .max()
            .unwrap_or(4);
        ReportRange {
            from: monday,
            to: monday + Duration::days(i64::from(last)),
        }
    }

    /// The same range moved by `weeks` (negative: back).
    pub fn shift_weeks(self, weeks: i64) -> ReportRange {
        let by = Duration::weeks(weeks);
        match (
            self.from.checked_add_signed(by),
            self.to.checked_add_signed(by),
        ) {
            (Some(from), Some(to)) => ReportRange { from, to },
            _ => self,
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Every date of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while({
            let to = self.to;
            move |d| *d <= to
        })
    }
}
