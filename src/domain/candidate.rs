//! A person the recruiter calls.

use super::Stage;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// A candidate as the day view and the callback queue need them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    /// The candidate's own zone; `None` means the same as the recruiter's.
    #[serde(serialize_with = "serialize_tz")]
    pub timezone: Option<Tz>,
    pub do_not_call: bool,
    /// Why they must not be called, as the recruiter wrote it.
    pub dnc_reason: Option<String>,
    /// When the flag was set (unknown for flags set before schema 5).
    pub dnc_at: Option<DateTime<Utc>>,
    pub stage: Stage,
    /// When the stage last changed; `None` if it never has.
    pub stage_at: Option<DateTime<Utc>>,
}

/// One result of a candidate search: who, and where they stand on the
/// calendar, which is what the results are ranked by (see
/// `Store::search_candidates`) and what the recruiter needs to tell two
/// people of the same name apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateHit {
    pub candidate: Candidate,
    /// The latest call of theirs that started before the search's `now`,
    /// whatever its outcome.
    pub last_call: Option<chrono::DateTime<chrono::Utc>>,
    /// Their earliest call still scheduled at or after `now`.
    pub next_call: Option<chrono::DateTime<chrono::Utc>>,
}

fn serialize_tz<S: serde::Serializer>(tz: &Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
    match tz {
        Some(z) => s.serialize_some(z.name()),
        None => s.serialize_none(),
    }
}

impl Candidate {
    /// The zone to reason about the candidate's hours in.
    pub fn zone_or(&self, recruiter: Tz) -> Tz {
        self.timezone.unwrap_or(recruiter)
    }

    /// Whether their clock reads differently from the recruiter's at `at`,
    /// which is when the day view shows their local time beside the slot.
    pub fn clock_differs(&self, recruiter: Tz, at: chrono::DateTime<chrono::Utc>) -> bool {
        use chrono::Offset;
        match self.timezone {
            None => false,
            Some(z) => {
                at.with_timezone(&z).offset().fix() != at.with_timezone(&recruiter).offset().fix()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn cand(tz: Option<Tz>) -> Candidate {
        Candidate {
            id: 1,
            name: "Ana".into(),
            phone: "+44".into(),
            email: None,
            timezone: tz,
            ..Candidate::default()
        }
    }

    #[test]
    fn same_offset_zone_does_not_differ() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        // Lisbon and London share an offset all year.
        assert!(!cand(Some(chrono_tz::Europe::Lisbon)).clock_differs(chrono_tz::Europe::London, at));
        assert!(
            cand(Some(chrono_tz::America::Chicago)).clock_differs(chrono_tz::Europe::London, at)
        );
        assert!(!cand(None).clock_differs(chrono_tz::Europe::London, at));
    }

    #[test]
    fn offsets_differ_only_in_the_weeks_dst_disagrees() {
        let london = chrono_tz::Europe::London;
        let ny = chrono_tz::America::New_York;
        // 2026-03-10: New York has sprung forward (UTC−4), London has not (UTC+0).
        let at = Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap();
        let c = cand(Some(ny));
        assert!(c.clock_differs(london, at));
        assert_eq!(at.with_timezone(&ny).format("%H:%M").to_string(), "10:00");
    }
}
