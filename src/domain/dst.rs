//! Daylight-saving warnings: where candidates miss interviews.
//!
//! Two facts are worth a warning on a booked call: a clock change in either
//! zone between now and the call (the candidate's calendar may show the old
//! time), and a week when the two zones are an unusual distance apart
//! because one has changed its clocks and the other has not yet.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DstWarning {
    /// `zone`'s clocks change at `at`, after now and before the call.
    ClockChange { zone: Tz, at: DateTime<Utc> },
    /// The zones are `this_week` minutes apart at the call, where they are
    /// usually one of `usual` (winter, summer).
    UnusualGap { this_week: i32, usual: (i32, i32) },
}

fn offset_min(zone: Tz, t: DateTime<Utc>) -> i32 {
    t.with_timezone(&zone).offset().fix().local_minus_utc() / 60
}

/// The instant `zone`'s offset changes inside `(from, to]`, if it does.
fn change_between(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let before = offset_min(zone, from);
    if offset_min(zone, to) == before {
        return None;
    }
    // Bisect on whole seconds, where offsets change: at most ~25 steps
    // for a call booked months ahead.
    let (mut lo, mut hi) = (from.timestamp(), to.timestamp());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_min(zone, Utc.timestamp_opt(mid, 0).single()?) == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let hi = Utc.timestamp_opt(hi, 0).single()?;
    Some(hi)
}

fn gap_at(a: Tz, b: Tz, t: DateTime<Utc>) -> i32 {
    offset_min(b, t) - offset_min(a, t)
}

fn mid_month(year: i32, month: u32) -> DateTime<Utc> {
    let d = NaiveDate::from_ymd_opt(year, month, 15).unwrap_or_default();
    Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap_or_default())
}

/// The warnings for a call at `start` with a candidate in `candidate`
/// (`None`: the recruiter's own zone), seen at `now`.
pub fn warnings(
    recruiter: Tz,
    candidate: Option<Tz>,
    now: DateTime<Utc>,
    start: DateTime<Utc>,
) -> Vec<DstWarning> {
    let mut out = Vec::new();
    if start > now {
        let mut zones = vec![recruiter];
        if let Some(c) = candidate.filter(|c| *c != recruiter) {
            zones.push(c);
        }
        for zone in zones {
            if let Some(at) = change_between(zone, now, start) {
                out.push(DstWarning::ClockChange { zone, at });
            }
        }
    }
    if let Some(c) = candidate.filter(|c| *c != recruiter) {
        let year = start.year();
        let usual = (
            gap_at(recruiter, c, mid_month(year, 1)),
            gap_at(recruiter, c, mid_month(year, 7)),
        );
        let this_week = gap_at(recruiter, c, start);
        if this_week != usual.0 && this_week != usual.1 {
            out.push(DstWarning::UnusualGap { this_week, usual });
        }
    }
    out
}

/// "5 h behind", "9 h 30 ahead", "level".
fn hours(min: i32) -> String {
    let (h, m) = (min.abs() / 60, min.abs() % 60);
    let side = if min < 0 { "behind" } else { "ahead" };
    match (h, m) {
        (0, 0) => "level".to_string(),
        (h, 0) => format!("{h} h {side}"),
        (h, m) => format!("{h} h {m:02} {side}"),
    }
}

impl DstWarning {
    /// A sentence for the detail view, in the recruiter's zone.
    pub fn describe(&self, recruiter: Tz) -> String {
        match self {
            DstWarning::ClockChange { zone, at } => format!(
                "{} changes clocks {}, before this call: confirm the time",
                zone.name()
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .replace('_', " "),
                at.with_timezone(&recruiter).format("%a %d %b")
            ),
            DstWarning::UnusualGap { this_week, usual } => {
                let usual = if usual.0 == usual.1 {
                    hours(usual.0)
                } else {
                    format!("{} or {}", hours(usual.0), hours(usual.1))
                };
                format!(
                    "their clock is {} this week (usually {usual})",
                    hours(*this_week)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Asia::Tokyo, Europe::London};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn us_changed_europe_not_yet_is_an_unusual_week() {
        // 2026-03-10: New York on EDT (−4), London still GMT (0): 4 h, usually 5 h.
        let w = warnings(
            London,
            Some(New_York),
            utc("2026-03-09T08:00:00Z"),
            utc("2026-03-10T14:00:00Z"),
        );
        assert_eq!(
            w,
            vec![DstWarning::UnusualGap {
                this_week: -240,
                usual: (-300, -300)
            }]
        );
        assert!(
            w[0].describe(London)
                .ends_with("their clock is 4 h behind this week (usually 5 h behind)"),
            "{}",
            w[0].describe(London)
        );
    }

    #[test]
    fn ordinary_week_has_no_warning() {
        assert!(warnings(
            London,
            Some(New_York),
            utc("2026-11-20T08:00:00Z"),
            utc("2026-11-23T14:00:00Z")
        )
        .is_empty());
        assert!(warnings(
            London,
            Some(Tokyo),
            utc("2026-06-01T08:00:00Z"),
            utc("2026-06-02T08:00:00Z")
        )
        .is_empty());
    }

    #[test]
    fn clock_change_between_now_and_the_call_is_found_to_the_minute() {
        // Europe falls back at 01:00 UTC on Sun 25 Oct 2026.
        let w = warnings(
            London,
            None,
            utc("2026-10-23T09:00:00Z"),
            utc("2026-10-26T09:00:00Z"),
        );
        assert_eq!(
            w,
            vec![DstWarning::ClockChange {
                zone: London,
                at: utc("2026-10-25T01:00:00Z")
            }]
        );
    }

    #[test]
    fn candidate_zone_change_is_reported_too() {
        // New York falls back on Sun 1 Nov 2026 at 06:00 UTC; London changed a week before.
        let w = warnings(
            London,
            Some(New_York),
            utc("2026-10-30T09:00:00Z"),
            utc("2026-11-02T15:00:00Z"),
        );
        assert_eq!(
            w,
            vec![DstWarning::ClockChange {
                zone: New_York,
                at: utc("2026-11-01T06:00:00Z")
            }]
        );
    }

    #[test]
    fn clock_change_sentence_names_the_city_and_day() {
        let w = DstWarning::ClockChange {
            zone: New_York,
            at: utc("2026-11-01T06:00:00Z"),
        };
        assert_eq!(
            w.describe(London),
            "New York changes clocks Sun 01 Nov, before this call: confirm the time"
        );
    }

    #[test]
    fn past_calls_get_no_clock_change_warning() {
        assert!(warnings(
            London,
            None,
            utc("2026-10-27T09:00:00Z"),
            utc("2026-10-23T09:00:00Z")
        )
        .is_empty());
    }
}
