//! The demo's people, roles and notes, as `assets/demo/day.json` holds
//! them: read once, never changed. When each thing happens is decided in
//! `schedule` and `story`.

use crate::domain::Outcome;
use crate::error::{Error, Result};
use chrono::NaiveTime;
use serde::Deserialize;

const DATA: &str = include_str!("../../assets/demo/day.json");

#[derive(Debug, Deserialize)]
pub(super) struct Data {
    pub(super) busy: BusyData,
    pub(super) today: Vec<Person>,
    pub(super) yesterday: Vec<Person>,
    /// Earlier days of the week, `PER_EARLIER_DAY` people a day in turn.
    #[serde(default)]
    pub(super) week: Vec<Person>,
}

/// How many of `Data::week` each earlier day of the week takes.
pub(super) const PER_EARLIER_DAY: usize = 4;

#[derive(Debug, Deserialize)]
pub(super) struct BusyData {
    pub(super) summary: String,
    pub(super) start: String,
    pub(super) end: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Person {
    pub(super) name: String,
    pub(super) phone: String,
    #[serde(default)]
    pub(super) email: Option<String>,
    /// Their zone, with alternatives for when it matches the recruiter's.
    #[serde(default)]
    pub(super) timezone: Vec<String>,
    pub(super) role: String,
    pub(super) outcome: Outcome,
    /// Local time of yesterday's screen.
    #[serde(default)]
    pub(super) at: Option<String>,
    /// A note written when the call was booked.
    #[serde(default)]
    pub(super) prep: Option<String>,
    /// A note written after the call.
    #[serde(default)]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) candidate_note: Option<String>,
    /// Rang back this many minutes after the missed slot.
    #[serde(default)]
    pub(super) called_in_after: Option<i64>,
    /// Earlier in the week: their callback was reached this long after it
    /// fell due.
    #[serde(default)]
    pub(super) reached_after_minutes: Option<i64>,
    /// Earlier in the week: a promise made on the call.
    #[serde(default)]
    pub(super) promise: Option<PromiseData>,
    /// Their callback was snoozed to the free slot after now.
    #[serde(default)]
    pub(super) snooze: bool,
    /// Their callback was placed in a free slot and missed again.
    #[serde(default)]
    pub(super) retry: bool,
    #[serde(default)]
    pub(super) history: Vec<Past>,
}

/// A promise made on a call earlier in the week, and how it went.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PromiseData {
    pub(super) what: String,
    /// Due this many working days after the call.
    pub(super) due_after: u32,
    /// "kept" (on the due day), "late" (the working day after), "no-news"
    /// (a "no news yet" call on the due day) or "open".
    pub(super) result: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Past {
    pub(super) working_days_before: u32,
    pub(super) at: String,
    pub(super) outcome: Outcome,
    #[serde(default)]
    pub(super) note: Option<String>,
    /// Their callback was reached this long after it fell due.
    #[serde(default)]
    pub(super) reached_after_minutes: Option<i64>,
}

pub(super) fn load_data() -> Result<Data> {
    serde_json::from_str(DATA).map_err(|e| Error::Invalid(format!("demo data: {e}")))
}

pub(super) fn hhmm(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|_| Error::Invalid(format!("demo data: '{s}' is not a time like 09:30")))
}
