//! Cancellations and reschedules: who called a screen off, and how much
//! notice they gave.
//!
//! Notice is what recruiters judge reliability by: a candidate who moves a
//! screen two days ahead is organised; one who cancels ten minutes before is
//! a risk; one who never says anything is a no-show. The class is derived
//! from two timestamps, never typed, so it cannot be fudged.

use super::Outcome;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// Who called the screen off or moved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangedBy {
    Candidate,
    Recruiter,
    HiringManager,
}

impl ChangedBy {
    pub const ALL: [ChangedBy; 3] = [
        ChangedBy::Candidate,
        ChangedBy::Recruiter,
        ChangedBy::HiringManager,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangedBy::Candidate => "candidate",
            ChangedBy::Recruiter => "recruiter",
            ChangedBy::HiringManager => "hiring-manager",
        }
    }

    pub fn parse(s: &str) -> Option<ChangedBy> {
        ChangedBy::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// "by the candidate", for the record and the status line.
    pub fn phrase(self) -> &'static str {
        match self {
            ChangedBy::Candidate => "by the candidate",
            ChangedBy::Recruiter => "by us",
            ChangedBy::HiringManager => "by the hiring manager",
        }
    }
}

/// How much warning the other side had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notice {
    /// 24 hours or more before the start.
    Ample,
    /// Before the start, but less than 24 hours.
    Late,
    /// At or after the start: no call, no show.
    None,
}

impl Notice {
    /// Classifies notice given at `told` for a screen starting at `start`.
    pub fn classify(told: DateTime<Utc>, start: DateTime<Utc>) -> Notice {
        if told >= start {
            Notice::None
        } else if start - told >= Duration::hours(24) {
            Notice::Ample
        } else {
            Notice::Late
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Notice::Ample => "24 h+ notice",
            Notice::Late => "late notice",
            Notice::None => "no notice",
        }
    }
}

/// What is recorded when a screen is cancelled or moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenChange {
    pub by: ChangedBy,
    /// When the recruiter was told (not when they typed it in).
    pub told_at: DateTime<Utc>,
    pub reason: String,
}

impl ScreenChange {
    pub fn notice(&self, start: DateTime<Utc>) -> Notice {
        Notice::classify(self.told_at, start)
    }

    /// Whether this counts against the candidate's reliability: they called
    /// it off themselves with less than a day's warning.
    pub fn is_late_by_candidate(&self, start: DateTime<Utc>) -> bool {
        self.by == ChangedBy::Candidate && self.notice(start) != Notice::Ample
    }

    /// "cancelled by the candidate, late notice (3 h before): sick".
    pub fn describe(&self, outcome: Outcome, start: DateTime<Utc>) -> String {
        let verb = match outcome {
            Outcome::Rescheduled => "moved",
            _ => "cancelled",
        };
        let notice = self.notice(start);
        let ahead = match notice {
            Notice::None => String::new(),
            _ => format!(" ({} before)", span_phrase(start - self.told_at)),
        };
        let mut s = format!("{verb} {}, {}{ahead}", self.by.phrase(), notice.label());
        if !self.reason.trim().is_empty() {
            s.push_str(": ");
            s.push_str(self.reason.trim());
        }
        s
    }
}

/// "3 d", "5 h", "40 min": a rough span for notice and waits.
pub fn span_phrase(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    if m >= 48 * 60 {
        format!("{} d", m / (24 * 60))
    } else if m >= 60 {
        format!("{} h", m / 60)
    } else {
        format!("{m} min")
    }
}

/// Reads "when were you told?" as a recruiter types it, in their zone:
/// `now` (or empty), `09:15` (today), `yesterday 16:00`, `-2h`, `-30m`,
/// `-1d`, `2026-11-21 16:00`. A time in the future is refused: nobody can
/// have been told yet.
pub fn parse_told_at(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, String> {
    let t = text.trim().to_lowercase();
    let today = now.with_timezone(&zone).date_naive();
    let at = |date: NaiveDate, time: NaiveTime| -> Result<DateTime<Utc>, String> {
        zone.from_local_datetime(&date.and_time(time))
            .earliest()
            .map(|d| d.with_timezone(&Utc))
            .ok_or_else(|| format!("{date} {time} does not exist in {}", zone.name()))
    };
    let hm = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
    let told = if t.is_empty() || t == "now" {
        now
    } else if let Some(rest) = t.strip_prefix('-') {
        let (num, unit) = rest.split_at(
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len()),
        );
        let n: i64 = num
            .parse()
            .map_err(|_| format!("'{text}': expected e.g. -2h"))?;
        let d = match unit.trim() {
            "m" | "min" => Duration::minutes(n),
            "h" | "" => Duration::hours(n),
            "d" => Duration::days(n),
            _ => return Err(format!("'{text}': use m, h or d, e.g. -2h")),
        };
        now - d
    } else if let Some(rest) = t.strip_prefix("yesterday") {
        let time = hm(rest).ok_or_else(|| format!("'{text}': expected yesterday HH:MM"))?;
        at(today.pred_opt().unwrap_or(today), time)?
    } else if let Some(time) = hm(&t) {
        at(today, time)?
    } else if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M") {
        at(dt.date(), dt.time())?
    } else {
        return Err(format!(
            "'{text}': try now, 09:15, yesterday 16:00, -2h or 2026-11-21 16:00"
        ));
    };
    if told > now + Duration::minutes(1) {
        return Err(format!("'{text}' is in the future"));
    }
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn notice_classes_follow_the_24_hour_line() {
        let start = utc("2026-11-24T10:00:00Z");
        assert_eq!(
            Notice::classify(utc("2026-11-23T10:00:00Z"), start),
            Notice::Ample
        );
        assert_eq!(
            Notice::classify(utc("2026-11-23T10:01:00Z"), start),
            Notice::Late
        );
        assert_eq!(
            Notice::classify(utc("2026-11-24T09:59:00Z"), start),
            Notice::Late
        );
        assert_eq!(Notice::classify(start, start), Notice::None);
        assert_eq!(
            Notice::classify(utc("2026-11-24T11:00:00Z"), start),
            Notice::None
        );
    }

    #[test]
    fn only_late_candidate_changes_count_against_them() {
        let start = utc("2026-11-24T10:00:00Z");
        let change = |by, told| ScreenChange {
            by,
            told_at: utc(told),
            reason: String::new(),
        };
        assert!(change(ChangedBy::Candidate, "2026-11-24T08:00:00Z").is_late_by_candidate(start));
        assert!(change(ChangedBy::Candidate, "2026-11-24T10:30:00Z").is_late_by_candidate(start));
        assert!(!change(ChangedBy::Candidate, "2026-11-22T08:00:00Z").is_late_by_candidate(start));
        assert!(!change(ChangedBy::Recruiter, "2026-11-24T09:00:00Z").is_late_by_candidate(start));
    }

    #[test]
    fn describes_who_notice_and_reason() {
        let start = utc("2026-11-24T10:00:00Z");
        let c = ScreenChange {
            by: ChangedBy::Candidate,
            told_at: utc("2026-11-24T07:00:00Z"),
            reason: "sick".into(),
        };
        assert_eq!(
            c.describe(Outcome::Cancelled, start),
            "cancelled by the candidate, late notice (3 h before): sick"
        );
        let c = ScreenChange {
            by: ChangedBy::HiringManager,
            told_at: utc("2026-11-21T10:00:00Z"),
            reason: String::new(),
        };
        assert_eq!(
            c.describe(Outcome::Rescheduled, start),
            "moved by the hiring manager, 24 h+ notice (3 d before)"
        );
    }

    #[test]
    fn told_at_accepts_what_a_recruiter_types() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let now = utc("2026-11-24T10:00:00Z");
        assert_eq!(parse_told_at("", now, zone), Ok(now));
        assert_eq!(parse_told_at("now", now, zone), Ok(now));
        assert_eq!(
            parse_told_at("09:15", now, zone),
            Ok(utc("2026-11-24T09:15:00Z"))
        );
        assert_eq!(
            parse_told_at("yesterday 16:00", now, zone),
            Ok(utc("2026-11-23T16:00:00Z"))
        );
        assert_eq!(
            parse_told_at("-2h", now, zone),
            Ok(utc("2026-11-24T08:00:00Z"))
        );
        assert_eq!(
            parse_told_at("-30m", now, zone),
            Ok(utc("2026-11-24T09:30:00Z"))
        );
        assert_eq!(
            parse_told_at("-1d", now, zone),
            Ok(utc("2026-11-23T10:00:00Z"))
        );
        assert_eq!(
            parse_told_at("2026-11-21 16:00", now, zone),
            Ok(utc("2026-11-21T16:00:00Z"))
        );
    }

    #[test]
    fn told_at_is_in_the_recruiters_zone() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let now = utc("2026-11-24T15:00:00Z");
        assert_eq!(
            parse_told_at("09:15", now, zone),
            Ok(utc("2026-11-24T14:15:00Z"))
        );
    }

    #[test]
    fn told_at_refuses_nonsense_and_the_future() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let now = utc("2026-11-24T10:00:00Z");
        assert!(parse_told_at("11:00", now, zone).is_err());
        assert!(parse_told_at("tomorrow", now, zone).is_err());
        assert!(parse_told_at("-2x", now, zone).is_err());
        assert!(parse_told_at("-h", now, zone).is_err());
        assert!(parse_told_at("25:00", now, zone).is_err());
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span_phrase(Duration::minutes(40)), "40 min");
        assert_eq!(span_phrase(Duration::minutes(300)), "5 h");
        assert_eq!(span_phrase(Duration::hours(47)), "47 h");
        assert_eq!(span_phrase(Duration::hours(72)), "3 d");
        assert_eq!(span_phrase(Duration::minutes(-5)), "0 min");
    }
}
