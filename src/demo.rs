//! `callsheet demo`: a realistic call day, made relative to now.
//!
//! The people, roles and notes come from `assets/demo/day.json`; this module
//! decides when everything happens so the demo looks right whenever it runs:
//!
//! - **The demo day** is today on a working day. Before working hours it is
//!   a day about to start (yesterday's callbacks waiting); during them, the
//!   calls before now are marked, the one in progress is live and a free
//!   slot follows it; after them, the day is done but for its last call,
//!   left for the recruiter to mark. On a weekend it is the last working
//!   day, finished the same way, and the app opens on that date.
//! - **The previous working day** holds six marked screens and a callback
//!   placed on the calendar and missed again, so the queue always has
//!   overdue callbacks, a candidate at the weekly attempt limit, and one
//!   who rang in (from today's voicemail once its "called back 47 min
//!   after" has happened, else from yesterday's).
//! - **History**: one candidate missed a screen days ago, was reached, had a
//!   first screen yesterday and a second today.
//!
//! Everything is written through the same `Store` calls the app uses
//! (`import`, `mark_with_note`, `place_callback`, `log_inbound`,
//! `snooze_callback`, `callback_reached`), each at the moment it would have happened, so
//! attempts, callbacks and lateness look as they would after a real day.
//!
//! Must not import: ratatui, crossterm, rusqlite.

use crate::config::Settings;
use crate::domain::Bucket;
use crate::error::{Error, Result};
use crate::store::{FileKind, Store};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

mod data;
mod play;
mod schedule;
mod story;

use data::load_data;
use play::play;
use story::plan;

/// What `callsheet demo` built, for its summary line and the app.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSummary {
    /// The day the app should open on.
    pub date: NaiveDate,
    pub calls: usize,
    pub marked: usize,
    pub open_callbacks: usize,
    pub overdue: usize,
}

impl DemoSummary {
    pub fn line(&self, path: &Path) -> String {
        format!(
            "demo day {}: {} calls ({} marked), {} callbacks queued ({} overdue); database {}",
            self.date.format("%a %d %b %Y"),
            self.calls,
            self.marked,
            self.open_callbacks,
            self.overdue,
            path.display()
        )
    }
}

/// Replaces whatever demo is at `path` with a fresh one built for `now`.
///
/// Refuses to delete anything that is not a callsheet demo (the recruiter's
/// real database, another program's file): only an absent or empty file,
/// or a database carrying the demo mark, is replaced.
pub fn build(path: &Path, now: DateTime<Utc>, settings: &Settings) -> Result<DemoSummary> {
    match Store::probe(path)? {
        FileKind::Absent | FileKind::Empty | FileKind::Demo => {}
        FileKind::Other(why) => {
            return Err(Error::Refused(format!(
                "{}: {why}; the demo only replaces its own database (choose another --db)",
                path.display()
            )))
        }
    }
    for p in [
        path.to_path_buf(),
        sidecar(path, "-wal"),
        sidecar(path, "-shm"),
    ] {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(p, e)),
        }
    }
    let store = Store::open(path)?;
    store.mark_as_demo(now)?;
    populate(&store, now, settings)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Writes the demo into an open (empty) store.
pub fn populate(store: &Store, now: DateTime<Utc>, settings: &Settings) -> Result<DemoSummary> {
    let plan = plan(&load_data()?, now, &settings.rules.hours)?;
    play(store, &plan, now, settings)?;
    summarise(store, plan.day, now, settings)
}

fn summarise(
    store: &Store,
    day: NaiveDate,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<DemoSummary> {
    let hours = &settings.rules.hours;
    let span = hours.day_span(day);
    let calls = store.calls_between(span.start, span.end)?;
    let queue = store.open_callbacks(now, hours.zone)?;
    Ok(DemoSummary {
        date: day,
        calls: calls.len(),
        marked: calls.iter().filter(|c| c.outcome.is_marked()).count(),
        open_callbacks: queue.len(),
        overdue: queue
            .iter()
            .filter(|c| c.bucket(now, hours.slot_minutes) == Bucket::Overdue)
            .count(),
    })
}

#[cfg(test)]
mod tests;
