//! The call in progress: who, since when, and how long it lasted.
//!
//! A dial opens one; the next mark (or the line hanging up) closes it with
//! its length. The clock is whatever the caller passes, so the timer and
//! the recorded length are tested with fixed instants.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A dial that has not been closed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveCall {
    /// The dial's row in the store.
    pub id: i64,
    pub candidate_id: i64,
    /// The screen dialled from, if it was one (not a queued callback).
    pub screen_id: Option<i64>,
    pub name: String,
    pub number: String,
    pub started: DateTime<Utc>,
}

/// How a dial was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClosedBy {
    /// The recruiter marked the call (or the callback reached).
    Mark,
    /// The phone line ended it (a softphone event).
    HangUp,
    /// Left open when the app quit; closed at the next start, length
    /// unknown.
    Restart,
}

impl ClosedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ClosedBy::Mark => "mark",
            ClosedBy::HangUp => "hang-up",
            ClosedBy::Restart => "restart",
        }
    }
}

/// What the phone line did, as a softphone reports it (the recruiter's
/// mark is the other layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineResult {
    /// Handed to the dial command; what the line did is not known.
    Dialled,
    Established,
    Busy,
    NoAnswer,
    Rejected,
    Failed,
}

impl LineResult {
    pub fn as_str(self) -> &'static str {
        match self {
            LineResult::Dialled => "dialled",
            LineResult::Established => "established",
            LineResult::Busy => "busy",
            LineResult::NoAnswer => "no-answer",
            LineResult::Rejected => "rejected",
            LineResult::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<LineResult> {
        [
            LineResult::Dialled,
            LineResult::Established,
            LineResult::Busy,
            LineResult::NoAnswer,
            LineResult::Rejected,
            LineResult::Failed,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

impl LiveCall {
    /// Whole seconds since the dial; never negative (a clock set back).
    pub fn seconds(&self, now: DateTime<Utc>) -> i64 {
        (now - self.started).num_seconds().max(0)
    }

    /// "03:12", or "1:02:03" past an hour: the header's timer.
    pub fn timer(&self, now: DateTime<Utc>) -> String {
        clock_text(self.seconds(now))
    }
}

/// `mm:ss`, or `h:mm:ss` from an hour.
pub fn clock_text(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn call(started: DateTime<Utc>) -> LiveCall {
        LiveCall {
            id: 1,
            candidate_id: 2,
            screen_id: Some(3),
            name: "Priya".into(),
            number: "+918047190142".into(),
            started,
        }
    }

    #[test]
    fn the_timer_reads_minutes_and_seconds() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 11, 0, 0).unwrap();
        let c = call(t0);
        assert_eq!(c.timer(t0), "00:00");
        assert_eq!(c.timer(t0 + chrono::Duration::seconds(192)), "03:12");
        assert_eq!(c.timer(t0 + chrono::Duration::seconds(3723)), "1:02:03");
        assert_eq!(c.seconds(t0 - chrono::Duration::seconds(5)), 0);
    }

    #[test]
    fn line_results_round_trip() {
        for r in [
            LineResult::Dialled,
            LineResult::Established,
            LineResult::Busy,
            LineResult::NoAnswer,
            LineResult::Rejected,
            LineResult::Failed,
        ] {
            assert_eq!(LineResult::parse(r.as_str()), Some(r));
        }
        assert_eq!(LineResult::parse("nope"), None);
    }
}
