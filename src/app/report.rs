//! The report view (`R`): the week in numbers for the week on show.
//!
//! Opens on the working week holding the day on show; `[`/`]` move a week.
//! The figures are read when the view opens or moves, and again when
//! another process writes, so a mark made elsewhere shows up.

use super::{App, Mode};
use crate::domain::report::ReportRange;
use crate::error::Result;
use crate::store::Store;

/// Opens the report on the working week of the day on show.
pub fn open(app: &mut App, store: &Store) -> Result<()> {
    let range = ReportRange::week_of(app.date, &app.settings.rules.hours.days);
    load(app, store, range)
}

/// Moves the open report by `weeks`.
pub fn shift(app: &mut App, store: &Store, weeks: i64) -> Result<()> {
    match &app.mode {
        Mode::Report(r) => {
            let range = r.range().shift_weeks(weeks);
            load(app, store, range)
        }
        _ => Ok(()),
    }
}

/// Moves the open report to the week holding today.
pub fn this_week(app: &mut App, store: &Store) -> Result<()> {
    if !matches!(app.mode, Mode::Report(_)) {
        return Ok(());
    }
    let range = ReportRange::week_of(app.today(), &app.settings.rules.hours.days);
    load(app, store, range)
}

/// Re-reads the open report's week (after another process wrote).
pub fn refresh(app: &mut App, store: &Store) -> Result<()> {
    shift(app, store, 0)
}

/// Reads `range`; on an error the view stays as it was.
fn load(app: &mut App, store: &Store, range: ReportRange) -> Result<()> {
    let report = store.week_report(range, &app.settings.rules.hours, app.now)?;
    app.mode = Mode::Report(Box::new(report));
    Ok(())
}
