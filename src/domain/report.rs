//! The week in numbers: what the `R` view and `callsheet report` show.
//!
//! Pure: the store hands over plain records for a range, [`week_report`]
//! counts them. Every rate carries its `n`, so "40 % of 5" reads as the
//! handful it is and not as a trend. Days, hours and weekdays are the
//! recruiter's local ones (the zone passed in), so a call at 09:00 London
//! counts as 09:00 whatever the UTC offset was that day.
//!
//! Modules: `range` (the dates a report covers), `records` (what the store
//! hands over), `figures` (what comes out), `count` (records into
//! figures) and `text` (how the figures read: titles, headings, "40 % of
//! 5"). The public paths stay `domain::report::X` through the re-exports
//! below.

use chrono::Duration;

mod count;
mod figures;
mod range;
mod records;
mod text;

pub use count::week_report;
pub use figures::{
    CallbackFigures, DayFigures, HourRate, LateFigures, OutcomeCounts, PromiseFigures, Rate,
    WeekReport, WeekdayRate,
};
pub use range::ReportRange;
pub use records::{CallRecord, CallbackRecord, InboundRecord, PromiseRecord, ReportInput};
pub use text::fmt_number;
/// The longest range a report covers (a year, with a leap day).
pub const MAX_DAYS: i64 = 366;

/// How soon a callback must be reached to count as "within 24 h".
pub const REACH_WITHIN: Duration = Duration::hours(24);

#[cfg(test)]
mod tests;
