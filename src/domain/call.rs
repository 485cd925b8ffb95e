//! A call on the calendar: a scheduled screen or a placed callback.

use super::{Candidate, Interval, Outcome};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Whether a calendar call is a booked screen or a callback placed from the
/// queue (shown differently, and answering it closes its callback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallKind {
    Screen,
    Callback,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Screen => "screen",
            CallKind::Callback => "callback",
        }
    }

    pub fn parse(s: &str) -> Option<CallKind> {
        match s {
            "screen" => Some(CallKind::Screen),
            "callback" => Some(CallKind::Callback),
            _ => None,
        }
    }
}

/// One call on the calendar with everything the day view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub id: i64,
    pub candidate: Candidate,
    pub role: Option<String>,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub kind: CallKind,
    pub outcome: Outcome,
    pub marked_at: Option<DateTime<Utc>>,
    pub note: String,
}

impl Call {
    pub fn end(&self) -> DateTime<Utc> {
        self.start + Duration::minutes(i64::from(self.minutes))
    }

    pub fn interval(&self) -> Interval {
        Interval::new(self.start, self.end())
    }

    /// Whether `now` falls inside the call's slot.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.interval().contains(now)
    }
}

/// Picks the call the day view should open on: the one in progress, or else
/// the next one to start, or else the last one of the day.
pub fn focus_index(calls: &[Call], now: DateTime<Utc>) -> Option<usize> {
    if calls.is_empty() {
        return None;
    }
    calls
        .iter()
        .position(|c| c.is_live(now))
        .or_else(|| calls.iter().position(|c| c.start >= now))
        .or(Some(calls.len() - 1))
}

/// The next call that has not started yet, for the header's countdown.
pub fn next_call(calls: &[Call], now: DateTime<Utc>) -> Option<&Call> {
    calls
        .iter()
        .filter(|c| c.start > now && c.outcome == Outcome::Scheduled)
        .min_by_key(|c| c.start)
}

/// A countdown such as "in 12 min" or "in 1 h 05 min".
pub fn countdown(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let secs = (at - now).num_seconds().max(0);
    // Round up: a call 30 s away is "in 1 min", never "in 0 min".
    let mins = (secs + 59) / 60;
    if mins >= 60 {
        format!("in {} h {:02} min", mins / 60, mins % 60)
    } else {
        format!("in {mins} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn call(id: i64, h: u32, m: u32) -> Call {
        Call {
            id,
            candidate: Candidate {
                id,
                name: format!("C{id}"),
                phone: String::new(),
                email: None,
                timezone: None,
                ..Candidate::default()
            },
            role: None,
            start: Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap(),
            minutes: 30,
            kind: CallKind::Screen,
            outcome: Outcome::Scheduled,
            marked_at: None,
            note: String::new(),
        }
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    #[test]
    fn focus_prefers_live_then_next_then_last() {
        let calls = vec![call(1, 9, 0), call(2, 10, 0), call(3, 11, 0)];
        assert_eq!(focus_index(&calls, at(10, 10)), Some(1));
        assert_eq!(focus_index(&calls, at(9, 45)), Some(1));
        assert_eq!(focus_index(&calls, at(7, 0)), Some(0));
        assert_eq!(focus_index(&calls, at(17, 0)), Some(2));
        assert_eq!(focus_index(&[], at(17, 0)), None);
    }

    #[test]
    fn next_call_skips_marked_and_started() {
        let mut calls = vec![call(1, 9, 0), call(2, 10, 0), call(3, 11, 0)];
        calls[1].outcome = Outcome::Answered;
        assert_eq!(next_call(&calls, at(9, 5)).map(|c| c.id), Some(3));
        assert!(next_call(&calls, at(11, 0)).is_none());
    }

    #[test]
    fn countdown_rounds_up_and_shows_hours() {
        assert_eq!(countdown(at(9, 0), at(9, 12)), "in 12 min");
        assert_eq!(countdown(at(9, 0), at(10, 5)), "in 1 h 05 min");
        let almost = at(9, 0) - Duration::seconds(30);
        assert_eq!(countdown(almost, at(9, 0)), "in 1 min");
        assert_eq!(countdown(at(9, 1), at(9, 0)), "in 0 min");
    }
}
