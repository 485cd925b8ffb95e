//! What a report is counted from: plain records the store reads for a
//! range (`store::report`), one per call, callback, inbound call and
//! promise.

use crate::domain::{CallbackStatus, Outcome};
use chrono::{DateTime, Utc};

/// A call on the calendar: when it started and what it came to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallRecord {
    pub start: DateTime<Utc>,
    pub outcome: Outcome,
}

/// A callback: when it was queued and how it ended (if it has).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallbackRecord {
    pub queued: DateTime<Utc>,
    pub status: CallbackStatus,
    pub closed: Option<DateTime<Utc>>,
}

/// An inbound call with its lateness against the slot it was about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InboundRecord {
    pub at: DateTime<Utc>,
    pub late_minutes: i64,
}

/// A promise by its first due time: was the candidate told by then?
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PromiseRecord {
    /// The end of the local day first promised (before any move).
    pub due: DateTime<Utc>,
    /// When it was kept, if it has been.
    pub kept: Option<DateTime<Utc>>,
    /// The first "no news yet" call that met it, if any.
    pub no_news: Option<DateTime<Utc>>,
}

/// What a report is computed from (the store's range reads).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportInput {
    pub calls: Vec<CallRecord>,
    pub callbacks: Vec<CallbackRecord>,
    pub inbound: Vec<InboundRecord>,
    pub promises: Vec<PromiseRecord>,
}
