//! The callback policy: when a missed call is tried again.
//!
//! Voicemail → the first free slot at least two hours after the mark, today
//! or a later working day. No-show → the first free slot on the next working
//! day. Always inside the recruiter's working hours and the candidate's own
//! reasonable hours.

use super::slot::{local_to_utc, Interval, LocalHours, SlotFinder, WorkingHours};
use super::Outcome;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The largest values the policy acts on. The config refuses more (see
/// `config::bounds`, which prints these ranges); the arithmetic here
/// clamps to them too, so a policy built in code can neither overflow a
/// date nor walk billions of days (issue 14, item 4).
pub mod limits {
    /// A week: a voicemail callback later than that is not a callback.
    pub const MAX_VOICEMAIL_DELAY_MINUTES: i64 = 7 * 24 * 60;
    /// Six weeks of working days.
    pub const MAX_WORKING_DAYS: u32 = 30;
    /// A year ahead for a free slot.
    pub const MAX_HORIZON_DAYS: u32 = 366;
}

/// The rules for queuing callbacks. Every field has a default, so a config
/// file may set only what it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallbackPolicy {
    /// Minimum wait after leaving a voicemail.
    pub voicemail_delay_minutes: i64,
    /// Working days to wait after a no-show (1 = next working day).
    pub no_show_working_days: u32,
    /// The candidate's reasonable hours in their own zone.
    #[serde(with = "hhmm_pair")]
    pub candidate_hours: LocalHours,
    /// How far ahead to look for a free slot before giving up.
    pub horizon_days: u32,
    /// Attempts per candidate per week before the cadence guard warns.
    pub weekly_attempt_limit: u32,
}

impl Default for CallbackPolicy {
    fn default() -> Self {
        CallbackPolicy {
            voicemail_delay_minutes: 120,
            no_show_working_days: 1,
            candidate_hours: LocalHours::default(),
            horizon_days: 21,
            weekly_attempt_limit: 2,
        }
    }
}

/// Where a callback should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackPlan {
    /// When the callback is due: the start of `slot`, or the earliest
    /// allowed time when no free slot was found within the horizon.
    pub due: DateTime<Utc>,
    pub slot: Option<Interval>,
}

impl CallbackPolicy {
    /// The earliest a callback for `outcome` may be made.
    pub fn earliest(
        &self,
        outcome: Outcome,
        call_start: DateTime<Utc>,
        now: DateTime<Utc>,
        hours: &WorkingHours,
    ) -> Option<DateTime<Utc>> {
        match outcome {
            // A cancellation is rebooked as soon as a voicemail is returned:
            // the candidate is still interested and expecting the call.
            Outcome::Voicemail | Outcome::Cancelled => {
                let wait = self
                    .voicemail_delay_minutes
                    .clamp(0, limits::MAX_VOICEMAIL_DELAY_MINUTES);
                // Saturates at the end of time rather than panicking.
                Some(
                    now.checked_add_signed(Duration::minutes(wait))
                        .unwrap_or(DateTime::<Utc>::MAX_UTC),
                )
            }
            Outcome::NoShow => {
                // Counted from the day of the missed call, not of a late mark.
                let mut day = hours.local_date(call_start);
                for _ in 0..self.no_show_working_days.clamp(1, limits::MAX_WORKING_DAYS) {
                    day = hours.next_working_day(day);
                }
                Some(local_to_utc(hours.zone, day, chrono::NaiveTime::MIN).max(now))
            }
            Outcome::Answered | Outcome::Scheduled | Outcome::Rescheduled => None,
        }
    }

    /// Plans the callback that marking a call with `outcome` queues, or
    /// `None` when the outcome queues none.
    pub fn plan(
        &self,
        outcome: Outcome,
        call_start: DateTime<Utc>,
        now: DateTime<Utc>,
        hours: &WorkingHours,
        candidate_zone: Option<Tz>,
        busy: &[Interval],
    ) -> Option<CallbackPlan> {
        let earliest = self.earliest(outcome, call_start, now, hours)?;
        Some(self.plan_from(earliest, hours, candidate_zone, busy))
    }

    /// The first free slot at or after `earliest` that suits both people.
    pub fn plan_from(
        &self,
        earliest: DateTime<Utc>,
        hours: &WorkingHours,
        candidate_zone: Option<Tz>,
        busy: &[Interval],
    ) -> CallbackPlan {
        let slot = self.finder(hours, candidate_zone, busy).first(earliest);
        CallbackPlan {
            due: slot.map_or(earliest, |s| s.start),
            slot,
        }
    }

    /// A slot finder limited to the candidate's hours.
    pub fn finder<'a>(
        &self,
        hours: &'a WorkingHours,
        candidate_zone: Option<Tz>,
        busy: &'a [Interval],
    ) -> SlotFinder<'a> {
        SlotFinder {
            hours,
            busy,
            candidate: Some((candidate_zone.unwrap_or(hours.zone), self.candidate_hours)),
            horizon_days: self.horizon_days(),
        }
    }

    /// How many days ahead to look for a free slot, at most
    /// [`limits::MAX_HORIZON_DAYS`].
    pub fn horizon_days(&self) -> u32 {
        self.horizon_days.min(limits::MAX_HORIZON_DAYS)
    }

    /// Whether one more attempt would go past the weekly limit.
    pub fn over_cadence(&self, attempts_this_week: u32) -> bool {
        attempts_this_week >= self.weekly_attempt_limit
    }
}

/// Serialises `LocalHours` as `["08:00", "20:00"]` for the config file.
mod hhmm_pair {
    use super::LocalHours;
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(h: &LocalHours, s: S) -> Result<S::Ok, S::Error> {
        [
            h.start.format("%H:%M").to_string(),
            h.end.format("%H:%M").to_string(),
        ]
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<LocalHours, D::Error> {
        let [a, b] = <[String; 2]>::deserialize(d)?;
        let p = |x: &str| {
            NaiveTime::parse_from_str(x, "%H:%M")
                .map_err(|_| serde::de::Error::custom(format!("'{x}' is not a time like 08:00")))
        };
        let (start, end) = (p(&a)?, p(&b)?);
        if start >= end {
            return Err(serde::de::Error::custom(
                "candidate hours must start before they end",
            ));
        }
        Ok(LocalHours { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }
    fn hours() -> WorkingHours {
        WorkingHours {
            zone: London,
            ..WorkingHours::default()
        }
    }

    /// When the default policy puts the callback for a call at `start`
    /// marked `outcome` at `now`, with nothing else booked.
    fn due(
        outcome: Outcome,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
        zone: Option<Tz>,
    ) -> DateTime<Utc> {
        CallbackPolicy::default()
            .plan(outcome, start, now, &hours(), zone, &[])
            .unwrap()
            .due
    }

    #[test]
    fn voicemail_waits_two_hours_for_a_free_slot() {
        let p = CallbackPolicy::default();
        // Mark at 10:05 on Mon 23 Nov; 12:30 is the first slot ≥ 12:05.
        let busy = [Interval::minutes(at(23, 12, 30), 30)];
        let plan = p
            .plan(
                Outcome::Voicemail,
                at(23, 10, 0),
                at(23, 10, 5),
                &hours(),
                None,
                &busy,
            )
            .unwrap();
        assert_eq!(plan.due, at(23, 13, 0));
    }

    #[test]
    fn late_voicemail_rolls_to_next_working_day() {
        // Marked Fri 27 Nov 16:30 → 18:30 is after hours → Mon 30 Nov 08:00.
        assert_eq!(
            due(Outcome::Voicemail, at(27, 16, 30), at(27, 16, 30), None),
            at(30, 8, 0)
        );
    }

    #[test]
    fn no_show_goes_to_next_working_day() {
        assert_eq!(
            due(Outcome::NoShow, at(23, 9, 0), at(23, 9, 10), None),
            at(24, 8, 0)
        );
        // Friday no-show → Monday.
        assert_eq!(
            due(Outcome::NoShow, at(27, 9, 0), at(27, 9, 10), None),
            at(30, 8, 0)
        );
    }

    #[test]
    fn no_show_marked_late_still_counts_from_the_missed_day() {
        // Missed Mon 23 at 17:00, marked Tue 24 at 09:10: Tue is the next
        // working day, and the first slot not in the past is 09:30.
        assert_eq!(
            due(Outcome::NoShow, at(23, 17, 0), at(24, 9, 10), None),
            at(24, 9, 30)
        );
    }

    #[test]
    fn callback_respects_candidate_local_hours() {
        // Candidate in Los Angeles (UTC−8): 08:00 LA is 16:00 London.
        assert_eq!(
            due(
                Outcome::NoShow,
                at(23, 9, 0),
                at(23, 9, 5),
                Some(chrono_tz::America::Los_Angeles)
            ),
            at(24, 16, 0)
        );
    }

    #[test]
    fn answered_queues_nothing() {
        let p = CallbackPolicy::default();
        assert!(p
            .plan(
                Outcome::Answered,
                at(23, 9, 0),
                at(23, 9, 5),
                &hours(),
                None,
                &[]
            )
            .is_none());
    }

    #[test]
    fn no_slot_within_horizon_falls_back_to_earliest() {
        let p = CallbackPolicy {
            horizon_days: 2,
            ..CallbackPolicy::default()
        };
        let busy = [Interval::new(at(23, 0, 0), at(28, 0, 0))];
        let plan = p
            .plan(
                Outcome::Voicemail,
                at(23, 9, 0),
                at(23, 9, 0),
                &hours(),
                None,
                &busy,
            )
            .unwrap();
        assert_eq!(plan.slot, None);
        assert_eq!(plan.due, at(23, 11, 0));
    }

    #[test]
    fn cadence_limit_is_inclusive() {
        let p = CallbackPolicy::default();
        assert!(!p.over_cadence(1));
        assert!(p.over_cadence(2));
    }

    #[test]
    fn policy_reads_partial_config() {
        let p: CallbackPolicy = serde_json::from_str(
            r#"{"voicemail_delay_minutes": 60, "candidate_hours": ["09:00","18:00"]}"#,
        )
        .unwrap();
        assert_eq!(p.voicemail_delay_minutes, 60);
        assert_eq!(p.no_show_working_days, 1);
        assert!(serde_json::from_str::<CallbackPolicy>(
            r#"{"candidate_hours": ["19:00","18:00"]}"#
        )
        .is_err());
    }
}
