//! A candidate's track record: the figures on their record and the one-line
//! reliability warning shown on the day before the recruiter dials.
//!
//! Only facts count: outcomes marked on screens, cancellations with the
//! notice they gave, and inbound calls with how late they were.

use super::attempt::minutes_phrase;
use super::change::ScreenChange;
use super::{Attempt, AttemptResult, Call, CallKind, Direction, Outcome};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// What a candidate's history adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Booked screens that were due to happen by now (not moved away).
    pub screens: u32,
    pub held: u32,
    pub voicemails: u32,
    pub no_shows: u32,
    pub cancelled: u32,
    /// Cancellations or reschedules by the candidate with under 24 h notice.
    pub late_cancellations: u32,
    pub rescheduled: u32,
    pub inbound: u32,
    /// The latest inbound call that came after its slot: when, minutes late.
    pub last_late_inbound: Option<(DateTime<Utc>, i64)>,
    /// Minutes late of every inbound call measured against a slot.
    pub inbound_late_minutes: Vec<i64>,
}

/// What the record counts of one call: its kind, outcome and start, and
/// whether the candidate moved or cancelled it at short notice. The day
/// view adds up every candidate's record on each load, so the store reads
/// just this (`Store::screen_facts`) rather than whole calls with their
/// notes, roles and candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenFact {
    pub kind: CallKind,
    pub outcome: Outcome,
    pub start: DateTime<Utc>,
    pub late_by_candidate: bool,
}

impl ScreenFact {
    pub fn new(
        kind: CallKind,
        outcome: Outcome,
        start: DateTime<Utc>,
        change: Option<&ScreenChange>,
    ) -> ScreenFact {
        ScreenFact {
            kind,
            outcome,
            start,
            late_by_candidate: change.is_some_and(|ch| ch.is_late_by_candidate(start)),
        }
    }
}

impl From<&Call> for ScreenFact {
    fn from(c: &Call) -> ScreenFact {
        ScreenFact::new(c.kind, c.outcome, c.start, c.change.as_ref())
    }
}

/// Adds up `calls` and `attempts` (one candidate's) as they stand at `now`.
pub fn figures(calls: &[Call], attempts: &[Attempt], now: DateTime<Utc>) -> Figures {
    figures_of(calls.iter().map(ScreenFact::from), attempts, now)
}

/// [`figures`] from the facts of each call.
pub fn figures_of(
    calls: impl IntoIterator<Item = ScreenFact>,
    attempts: &[Attempt],
    now: DateTime<Utc>,
) -> Figures {
    let mut f = Figures::default();
    for c in calls.into_iter().filter(|c| c.kind == CallKind::Screen) {
        let late = c.late_by_candidate;
        match c.outcome {
            Outcome::Scheduled => {
                if c.start <= now {
                    f.screens += 1;
                }
                continue;
            }
            Outcome::Answered => f.held += 1,
            Outcome::Voicemail => f.voicemails += 1,
            Outcome::NoShow => f.no_shows += 1,
            Outcome::Cancelled => f.cancelled += 1,
            Outcome::Rescheduled => {
                f.rescheduled += 1;
                f.late_cancellations += u32::from(late);
                continue;
            }
        }
        f.late_cancellations += u32::from(late);
        f.screens += 1;
    }
    for a in attempts
        .iter()
        .filter(|a| a.direction == Direction::Inbound && a.result == AttemptResult::CalledIn)
    {
        f.inbound += 1;
        if let Some(m) = a.late_minutes {
            f.inbound_late_minutes.push(m);
            if m > 0 && f.last_late_inbound.is_none_or(|(at, _)| a.at > at) {
                f.last_late_inbound = Some((a.at, m));
            }
        }
    }
    f
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Figures {
    /// The warning a recruiter wants before dialling, e.g.
    /// "2 no-shows in 3 screens; called back 45 min late on 20 Nov", or
    /// `None` when the record holds nothing to be wary of.
    pub fn reliability_line(&self, zone: Tz) -> Option<String> {
        let mut parts = Vec::new();
        if self.no_shows > 0 {
            parts.push(format!(
                "{} in {}",
                plural(self.no_shows, "no-show", "no-shows"),
                plural(self.screens, "screen", "screens")
            ));
        }
        if self.late_cancellations > 0 {
            parts.push(plural(
                self.late_cancellations,
                "late cancellation",
                "late cancellations",
            ));
        }
        if let Some((at, m)) = self.last_late_inbound {
            parts.push(format!(
                "called back {} late on {}",
                minutes_phrase(m),
                at.with_timezone(&zone).format("%-d %b")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// The median minutes late of inbound calls, if any were measured.
    pub fn median_inbound_late(&self) -> Option<i64> {
        let mut v = self.inbound_late_minutes.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        Some(v[v.len() / 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::{ChangedBy, ScreenChange};
    use crate::domain::Candidate;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn screen(id: i64, start: &str, outcome: Outcome) -> Call {
        Call {
            candidate: Candidate {
                id: 1,
                name: "Ana".into(),
                ..Candidate::default()
            },
            ..Call::test_screen(id, utc(start), outcome)
        }
    }

    fn inbound(at: &str, late: Option<i64>) -> Attempt {
        Attempt {
            id: 1,
            candidate_id: 1,
            screen_id: None,
            at: utc(at),
            direction: Direction::Inbound,
            result: AttemptResult::CalledIn,
            late_minutes: late,
        }
    }

    const NOW: &str = "2026-11-24T12:00:00Z";

    #[test]
    fn counts_each_outcome_once() {
        let mut cancelled = screen(4, "2026-11-19T10:00:00Z", Outcome::Cancelled);
        cancelled.change = Some(ScreenChange {
            by: ChangedBy::Candidate,
            told_at: utc("2026-11-19T09:00:00Z"),
            reason: String::new(),
        });
        let calls = vec![
            screen(1, "2026-11-16T10:00:00Z", Outcome::NoShow),
            screen(2, "2026-11-17T10:00:00Z", Outcome::Answered),
            screen(3, "2026-11-18T10:00:00Z", Outcome::Voicemail),
            cancelled,
            screen(5, "2026-11-20T10:00:00Z", Outcome::NoShow),
            // Still to come: not counted.
            screen(6, "2026-11-25T10:00:00Z", Outcome::Scheduled),
        ];
        let f = figures(&calls, &[], utc(NOW));
        assert_eq!(f.screens, 5);
        assert_eq!(
            (f.held, f.voicemails, f.no_shows, f.cancelled),
            (1, 1, 2, 1)
        );
        assert_eq!(f.late_cancellations, 1);
    }

    #[test]
    fn rescheduled_screens_are_not_screens_but_late_moves_count() {
        let mut moved = screen(1, "2026-11-20T10:00:00Z", Outcome::Rescheduled);
        moved.change = Some(ScreenChange {
            by: ChangedBy::Candidate,
            told_at: utc("2026-11-20T09:30:00Z"),
            reason: "clash".into(),
        });
        let mut early = screen(2, "2026-11-21T10:00:00Z", Outcome::Rescheduled);
        early.change = Some(ScreenChange {
            by: ChangedBy::Candidate,
            told_at: utc("2026-11-18T09:30:00Z"),
            reason: String::new(),
        });
        let f = figures(&[moved, early], &[], utc(NOW));
        assert_eq!((f.screens, f.rescheduled, f.late_cancellations), (0, 2, 1));
    }

    #[test]
    fn callbacks_placed_from_the_queue_are_not_screens() {
        let mut cb = screen(1, "2026-11-20T10:00:00Z", Outcome::NoShow);
        cb.kind = CallKind::Callback;
        assert_eq!(figures(&[cb], &[], utc(NOW)).screens, 0);
    }

    #[test]
    fn the_line_names_the_risks_before_the_call() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let calls = vec![
            screen(1, "2026-11-16T10:00:00Z", Outcome::NoShow),
            screen(2, "2026-11-17T10:00:00Z", Outcome::Answered),
            screen(3, "2026-11-18T10:00:00Z", Outcome::NoShow),
        ];
        let attempts = vec![
            inbound("2026-11-18T10:45:00Z", Some(45)),
            inbound("2026-11-16T11:00:00Z", Some(60)),
            inbound("2026-11-17T09:00:00Z", None),
        ];
        let f = figures(&calls, &attempts, utc(NOW));
        assert_eq!(f.inbound, 3);
        assert_eq!(
            f.reliability_line(zone).as_deref(),
            Some("2 no-shows in 3 screens; called back 45 min late on 18 Nov")
        );
        assert_eq!(f.median_inbound_late(), Some(60));
    }

    #[test]
    fn a_clean_record_gives_no_line() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let calls = vec![screen(1, "2026-11-16T10:00:00Z", Outcome::Answered)];
        let attempts = vec![inbound("2026-11-16T09:00:00Z", Some(-5))];
        let f = figures(&calls, &attempts, utc(NOW));
        assert_eq!(f.reliability_line(zone), None);
        assert_eq!(f.median_inbound_late(), Some(-5));
    }

    #[test]
    fn singular_words_for_one() {
        let zone: Tz = "UTC".parse().unwrap();
        let calls = vec![screen(1, "2026-11-16T10:00:00Z", Outcome::NoShow)];
        let f = figures(
            &calls,
            &[inbound("2026-11-16T12:05:00Z", Some(125))],
            utc(NOW),
        );
        assert_eq!(
            f.reliability_line(zone).as_deref(),
            Some("1 no-show in 1 screen; called back 2 h 5 min late on 16 Nov")
        );
    }
}
