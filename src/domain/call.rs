//! A call on the calendar: a scheduled screen or a placed callback.

use super::change::ScreenChange;
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
    /// Who cancelled or moved it and when they said so.
    pub change: Option<ScreenChange>,
    /// The missed or moved screen this one was booked to replace.
    pub rescheduled_from: Option<i64>,
}

impl Call {
    /// A half-hour screen for unit tests: no role, no note, a default
    /// candidate, nothing changed.
    #[cfg(test)]
    pub(crate) fn test_screen(id: i64, start: DateTime<Utc>, outcome: Outcome) -> Call {
        Call {
            id,
            candidate: Candidate::default(),
            role: None,
            start,
            minutes: 30,
            kind: CallKind::Screen,
            outcome,
            marked_at: None,
            note: String::new(),
            change: None,
            rescheduled_from: None,
        }
    }

    pub fn end(&self) -> DateTime<Utc> {
        self.start + Duration::minutes(i64::from(self.minutes))
    }

    pub fn interval(&self) -> Interval {
        Interval::new(self.start, self.end())
    }

    /// Whether the call should have been marked by now: it started at least
    /// `grace_minutes` ago and still says scheduled. A missed call nobody
    /// marked is a candidate nobody calls back.
    pub fn is_unmarked_past(&self, now: DateTime<Utc>, grace_minutes: u32) -> bool {
        self.outcome == Outcome::Scheduled
            && self.start + Duration::minutes(i64::from(grace_minutes)) <= now
    }

    /// Whether `now` falls inside the call's slot.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.interval().contains(now)
    }
}

/// The calls in `calls` left unmarked past their grace period, in order.
pub fn unmarked_past(calls: &[Call], now: DateTime<Utc>, grace_minutes: u32) -> Vec<&Call> {
    calls
        .iter()
        .filter(|c| c.is_unmarked_past(now, grace_minutes))
        .collect()
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
            change: None,
            rescheduled_from: None,
        }
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    #[test]
    fn unmarked_past_waits_for_the_grace_period() {
        let mut calls = vec![call(1, 9, 0), call(2, 10, 0), call(3, 11, 0)];
        calls[0].outcome = Outcome::Answered;
        // 10:09: the 10:00 call is still within its 10 minutes.
        assert!(unmarked_past(&calls, at(10, 9), 10).is_empty());
        let late: Vec<i64> = unmarked_past(&calls, at(10, 10), 10)
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(late, vec![2]);
        // Marked calls never count, however old.
        let late: Vec<i64> = unmarked_past(&calls, at(18, 0), 10)
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(late, vec![2, 3]);
        assert_eq!(unmarked_past(&calls, at(10, 0), 0).len(), 1);
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
