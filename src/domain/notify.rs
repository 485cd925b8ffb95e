//! When to ring: a call about to start, and a screen whose no-show grace
//! has run out with no mark. Pure: the event loop asks with the clock's
//! time and rings for what comes back (see `tui::notify`).
//!
//! Each alert fires once: the caller keeps a `Fired` set. An alert is only
//! due for a few minutes after its moment, so opening the app at three in
//! the afternoon does not ring for every unmarked morning screen (the day
//! view flags those anyway).

use super::{Call, CallKind, Outcome};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// How long after its moment an alert may still fire.
pub const STALE_AFTER_MINUTES: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    /// The call starts in `call_soon_minutes`.
    CallSoon,
    /// The screen started `grace` minutes ago and nobody marked it.
    GraceOver,
}

/// One thing to ring for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Alert {
    pub kind: AlertKind,
    pub call_id: i64,
    /// The call's start: a call moved to another time alerts again.
    pub start: DateTime<Utc>,
}

/// What to ring for; from the config's `[notifications]` and grace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRules {
    /// Minutes before a call; 0 turns the alert off.
    pub call_soon_minutes: u32,
    /// Whether the grace alert is on.
    pub grace: bool,
    pub grace_minutes: u32,
}

/// The alerts already given, so each fires once.
#[derive(Debug, Default, Clone)]
pub struct Fired(HashSet<Alert>);

impl Fired {
    /// Remembers `a`; false if it had already fired.
    pub fn insert(&mut self, a: Alert) -> bool {
        self.0.insert(a)
    }

    /// Forgets alerts for calls long past, so the set stays small in an
    /// app left open for weeks.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        self.0.retain(|a| a.start > now - Duration::days(1));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AlertRules {
    /// When `kind` becomes due for `call`, if it applies to the call at
    /// all.
    fn moment(&self, kind: AlertKind, call: &Call) -> Option<DateTime<Utc>> {
        if call.outcome != Outcome::Scheduled {
            return None;
        }
        match kind {
            AlertKind::CallSoon if self.call_soon_minutes > 0 => {
                Some(call.start - Duration::minutes(i64::from(self.call_soon_minutes)))
            }
            AlertKind::GraceOver if self.grace && call.kind == CallKind::Screen => {
                Some(call.start + Duration::minutes(i64::from(self.grace_minutes)))
            }
            _ => None,
        }
    }

    /// The alerts due at `now` that have not fired yet, earliest first.
    /// The caller rings for them and adds them to `fired`.
    pub fn due(&self, calls: &[Call], now: DateTime<Utc>, fired: &Fired) -> Vec<Alert> {
        let stale = Duration::minutes(STALE_AFTER_MINUTES);
        let mut out: Vec<(DateTime<Utc>, Alert)> = Vec::new();
        for call in calls {
            for kind in [AlertKind::CallSoon, AlertKind::GraceOver] {
                let Some(at) = self.moment(kind, call) else {
                    continue;
                };
                // A call-soon alert after the call began is no use.
                let until = match kind {
                    AlertKind::CallSoon => call.start.min(at + stale),
                    AlertKind::GraceOver => at + stale,
                };
                let alert = Alert {
                    kind,
                    call_id: call.id,
                    start: call.start,
                };
                if at <= now && now < until && !fired.0.contains(&alert) {
                    out.push((at, alert));
                }
            }
        }
        out.sort_by_key(|(at, a)| (*at, a.call_id));
        out.into_iter().map(|(_, a)| a).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Candidate;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn call(id: i64, start: DateTime<Utc>, kind: CallKind, outcome: Outcome) -> Call {
        Call {
            id,
            candidate: Candidate {
                id,
                name: "Ana Souza".into(),
                phone: "+44 7700 900123".into(),
                ..Candidate::default()
            },
            role: None,
            start,
            minutes: 30,
            kind,
            outcome,
            marked_at: None,
            note: String::new(),
            change: None,
            rescheduled_from: None,
        }
    }

    const RULES: AlertRules = AlertRules {
        call_soon_minutes: 1,
        grace: true,
        grace_minutes: 10,
    };

    fn kinds(calls: &[Call], now: DateTime<Utc>, fired: &Fired) -> Vec<(AlertKind, i64)> {
        RULES
            .due(calls, now, fired)
            .into_iter()
            .map(|a| (a.kind, a.call_id))
            .collect()
    }

    #[test]
    fn a_call_one_minute_away_alerts_once() {
        let calls = [call(1, at(10, 0), CallKind::Screen, Outcome::Scheduled)];
        let mut fired = Fired::default();
        assert_eq!(kinds(&calls, at(9, 58), &fired), []);
        let due = RULES.due(&calls, at(9, 59), &fired);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].kind, AlertKind::CallSoon);
        assert!(fired.insert(due[0]));
        assert_eq!(kinds(&calls, at(9, 59), &fired), [], "fires once");
        assert_eq!(kinds(&calls, at(10, 0), &fired), [], "not after it starts");
    }

    #[test]
    fn an_unmarked_screen_alerts_when_its_grace_runs_out() {
        let calls = [call(2, at(10, 0), CallKind::Screen, Outcome::Scheduled)];
        let fired = Fired::default();
        assert_eq!(kinds(&calls, at(10, 9), &fired), []);
        assert_eq!(
            kinds(&calls, at(10, 10), &fired),
            [(AlertKind::GraceOver, 2)]
        );
        assert_eq!(
            kinds(&calls, at(10, 14), &fired),
            [(AlertKind::GraceOver, 2)]
        );
        assert_eq!(kinds(&calls, at(10, 15), &fired), [], "stale by then");
    }

    #[test]
    fn marked_calls_and_placed_callbacks_have_no_grace_alert() {
        let calls = [
            call(3, at(10, 0), CallKind::Screen, Outcome::Answered),
            call(4, at(10, 0), CallKind::Callback, Outcome::Scheduled),
        ];
        assert_eq!(kinds(&calls, at(10, 10), &Fired::default()), []);
        // A placed callback still gets its one-minute warning.
        assert_eq!(
            kinds(&calls, at(9, 59), &Fired::default()),
            [(AlertKind::CallSoon, 4)]
        );
    }

    #[test]
    fn settings_turn_each_alert_off() {
        let calls = [call(5, at(10, 0), CallKind::Screen, Outcome::Scheduled)];
        let off = AlertRules {
            call_soon_minutes: 0,
            grace: false,
            grace_minutes: 10,
        };
        for m in [59, 60, 70] {
            let now = at(9, 0) + Duration::minutes(m);
            assert_eq!(off.due(&calls, now, &Fired::default()), []);
        }
    }

    #[test]
    fn a_moved_call_alerts_again_and_old_alerts_are_forgotten() {
        let mut fired = Fired::default();
        let first = call(6, at(10, 0), CallKind::Screen, Outcome::Scheduled);
        for a in RULES.due(std::slice::from_ref(&first), at(9, 59), &fired) {
            fired.insert(a);
        }
        let moved = call(6, at(11, 0), CallKind::Screen, Outcome::Scheduled);
        assert_eq!(
            kinds(std::slice::from_ref(&moved), at(10, 59), &fired),
            [(AlertKind::CallSoon, 6)]
        );
        fired.prune(at(10, 0) + Duration::days(2));
        assert!(fired.is_empty());
    }
}
