//! Promises a recruiter makes to a candidate: "I'll update you after the
//! hiring manager's feedback — by Fri 27 Nov".
//!
//! A promise is due by the end of a local day (the recruiter's zone): it is
//! stored as the UTC instant that day ends, and it is overdue from then
//! until it is kept, moved (with a reason) or met by a "no news yet" call.
//!
//! A "no news yet" call meets the promise for now but does not close it:
//! the candidate is still owed the real news. The call is logged as an
//! attempt and the promise's due date moves on by the close-the-loop
//! interval (`Settings.owed_after_working_days` working days after the
//! call), recorded in its history like any other move, with the reason
//! "no news yet call". So a promise is never overdue straight after such a
//! call, and comes back in time if the news still has not come.

use super::{Candidate, WorkingHours};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PromiseStatus {
    Open,
    /// Done: the candidate got what was promised.
    Kept,
}

impl PromiseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PromiseStatus::Open => "open",
            PromiseStatus::Kept => "kept",
        }
    }

    pub fn parse(s: &str) -> Option<PromiseStatus> {
        match s {
            "open" => Some(PromiseStatus::Open),
            "kept" => Some(PromiseStatus::Kept),
            _ => None,
        }
    }
}

/// One change of a promise's due date, kept as its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromiseMove {
    pub at: DateTime<Utc>,
    pub from_due: DateTime<Utc>,
    pub to_due: DateTime<Utc>,
    pub reason: String,
    /// The "no news yet" call that met the promise, when that was the move.
    pub attempt_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Promise {
    pub id: i64,
    pub candidate: Candidate,
    /// The call it was made on, if any.
    pub screen_id: Option<i64>,
    pub what: String,
    /// The end of the local day it is due by.
    pub due: DateTime<Utc>,
    /// The recruiter is waiting on the hiring manager to keep it.
    pub waiting_on_hm: bool,
    pub status: PromiseStatus,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Due-date changes, oldest first.
    pub moves: Vec<PromiseMove>,
}

/// Where an open promise stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    Overdue,
    DueToday,
    Later,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::DueToday => "due today",
            Urgency::Later => "later",
        }
    }
}

impl Promise {
    /// The due date as first promised, before any move.
    pub fn due_at_first(&self) -> DateTime<Utc> {
        self.moves.first().map_or(self.due, |m| m.from_due)
    }

    /// The local date it is due by.
    pub fn due_date(&self, hours: &WorkingHours) -> NaiveDate {
        due_date(hours, self.due)
    }

    pub fn urgency(&self, now: DateTime<Utc>, hours: &WorkingHours) -> Urgency {
        if now >= self.due {
            Urgency::Overdue
        } else if self.due_date(hours) == hours.local_date(now) {
            Urgency::DueToday
        } else {
            Urgency::Later
        }
    }

    /// Whether it was kept by its due time (for "promises kept on time").
    pub fn kept_on_time(&self) -> Option<bool> {
        match (self.status, self.closed_at) {
            (PromiseStatus::Kept, Some(at)) => Some(at <= self.due),
            _ => None,
        }
    }
}

/// The instant a promise due on local `date` falls due: the end of that
/// day in the recruiter's zone.
pub fn due_instant(hours: &WorkingHours, date: NaiveDate) -> DateTime<Utc> {
    hours.day_span(date).end
}

/// The local date of a due instant (the day that ends there).
pub fn due_date(hours: &WorkingHours, due: DateTime<Utc>) -> NaiveDate {
    hours.local_date(due - Duration::seconds(1))
}

/// `n` working days after `date` (weekends and other days off skipped).
pub fn add_working_days(hours: &WorkingHours, date: NaiveDate, n: u32) -> NaiveDate {
    (0..n).fold(date, |d, _| hours.next_working_day(d))
}

/// Reads a due date as a recruiter types it, relative to `today`:
/// "today", "tomorrow", a weekday ("fri", "friday": the next one after
/// today), "27 nov" / "nov 27" (this year, or next if that has passed),
/// "2026-11-27", or "+3d" / "+2w" / "+3" (days or weeks from today).
/// A date before today is refused.
pub fn parse_due(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim().to_lowercase();
    let bad = || {
        format!(
            "'{}' is not a date (try fri, 27 nov, 2026-11-27 or +3d)",
            text.trim()
        )
    };
    if t.is_empty() {
        return Err("when is it due? (try fri, 27 nov, 2026-11-27 or +3d)".into());
    }
    let date = if t == "today" {
        today
    } else if t == "tomorrow" || t == "tmr" {
        today + Duration::days(1)
    } else if let Some(rest) = t.strip_prefix('+') {
        let (num, unit) = match rest.find(|c: char| !c.is_ascii_digit()) {
            Some(i) => rest.split_at(i),
            None => (rest, "d"),
        };
        let n: i64 = num.parse().map_err(|_| bad())?;
        let days = match unit.trim() {
            "d" | "day" | "days" => n,
            "w" | "wk" | "week" | "weeks" => n.checked_mul(7).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if days > 3660 {
            return Err(bad());
        }
        today + Duration::days(days)
    } else if let Some(wd) = weekday(&t) {
        let ahead = (7 + wd.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64)
            % 7;
        today + Duration::days(if ahead == 0 { 7 } else { ahead })
    } else if let Ok(d) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        d
    } else {
        day_month(&t, today).ok_or_else(bad)?
    };
    if date < today {
        return Err(format!("{} is in the past", date.format("%a %d %b %Y")));
    }
    Ok(date)
}

fn weekday(t: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let t = t.trim_end_matches('.');
    (t.len() >= 3)
        .then(|| {
            NAMES
                .iter()
                .find(|(n, _)| n.starts_with(t))
                .map(|(_, w)| *w)
        })
        .flatten()
}

/// "27 nov", "nov 27", "27 november": the next such date on or after
/// `today`.
fn day_month(t: &str, today: NaiveDate) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let parts: Vec<&str> = t.split_whitespace().collect();
    let [a, b] = parts[..] else {
        return None;
    };
    let (day, month) = match (a.parse::<u32>(), b.parse::<u32>()) {
        (Ok(d), Err(_)) => (d, b),
        (Err(_), Ok(d)) => (d, a),
        _ => return None,
    };
    let month = month.trim_end_matches('.');
    if month.len() < 3 {
        return None;
    }
    let m = MONTHS.iter().position(|n| n.starts_with(month))? as u32 + 1;
    let this = NaiveDate::from_ymd_opt(today.year(), m, day);
    match this {
        Some(d) if d >= today => Some(d),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, m, day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Monday 23 November 2026.
    fn mon() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }
    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn london() -> WorkingHours {
        WorkingHours {
            zone: chrono_tz::Europe::London,
            ..WorkingHours::default()
        }
    }

    #[test]
    fn due_dates_read_as_a_recruiter_types_them() {
        assert_eq!(parse_due("fri", mon()), Ok(d(11, 27)));
        assert_eq!(parse_due("Friday", mon()), Ok(d(11, 27)));
        assert_eq!(parse_due("27 nov", mon()), Ok(d(11, 27)));
        assert_eq!(parse_due("Nov 27", mon()), Ok(d(11, 27)));
        assert_eq!(parse_due("2026-11-27", mon()), Ok(d(11, 27)));
        assert_eq!(parse_due("+3d", mon()), Ok(d(11, 26)));
        assert_eq!(parse_due("+3", mon()), Ok(d(11, 26)));
        assert_eq!(parse_due("+2w", mon()), Ok(d(12, 7)));
        assert_eq!(parse_due("today", mon()), Ok(mon()));
        assert_eq!(parse_due("tomorrow", mon()), Ok(d(11, 24)));
    }

    #[test]
    fn a_weekday_is_the_next_one_after_today() {
        // Said on a Monday, "monday" means next week's.
        assert_eq!(parse_due("mon", mon()), Ok(d(11, 30)));
        assert_eq!(parse_due("sun", mon()), Ok(d(11, 29)));
    }

    #[test]
    fn a_day_and_month_already_past_is_next_year() {
        assert_eq!(
            parse_due("3 jan", mon()),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap())
        );
        assert_eq!(parse_due("23 nov", mon()), Ok(mon()));
    }

    #[test]
    fn nonsense_and_the_past_are_refused_with_a_hint() {
        for bad in [
            "",
            "someday",
            "31 feb",
            "+",
            "+3x",
            "fr",
            "2026-13-01",
            "+99999999999w",
        ] {
            assert!(parse_due(bad, mon()).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            parse_due("2026-11-20", mon()),
            Err("Fri 20 Nov 2026 is in the past".into())
        );
        assert!(parse_due("blah", mon()).unwrap_err().contains("try fri"));
    }

    fn promise(due: NaiveDate) -> Promise {
        Promise {
            id: 1,
            candidate: Candidate::default(),
            screen_id: None,
            what: "update after HM feedback".into(),
            due: due_instant(&london(), due),
            waiting_on_hm: true,
            status: PromiseStatus::Open,
            created_at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
            closed_at: None,
            moves: vec![],
        }
    }

    #[test]
    fn a_promise_is_due_until_the_end_of_its_local_day_then_overdue() {
        let h = london();
        let p = promise(d(11, 27));
        assert_eq!(p.due, Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap());
        assert_eq!(p.due_date(&h), d(11, 27));
        let at = |day, hh| Utc.with_ymd_and_hms(2026, 11, day, hh, 0, 0).unwrap();
        assert_eq!(p.urgency(at(26, 17), &h), Urgency::Later);
        assert_eq!(p.urgency(at(27, 8), &h), Urgency::DueToday);
        assert_eq!(p.urgency(at(27, 23), &h), Urgency::DueToday);
        assert_eq!(p.urgency(at(28, 0), &h), Urgency::Overdue);
    }

    #[test]
    fn the_due_day_is_the_recruiters_local_day_across_a_clock_change() {
        // New York's clocks go back on Sun 1 Nov 2026: that day is 25 hours.
        let h = WorkingHours {
            zone: chrono_tz::America::New_York,
            ..WorkingHours::default()
        };
        let due = due_instant(&h, d(11, 1));
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 2, 5, 0, 0).unwrap());
        assert_eq!(due_date(&h, due), d(11, 1));
    }

    #[test]
    fn kept_on_time_compares_with_the_due_instant() {
        let mut p = promise(d(11, 27));
        assert_eq!(p.kept_on_time(), None);
        p.status = PromiseStatus::Kept;
        p.closed_at = Some(Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap());
        assert_eq!(p.kept_on_time(), Some(true));
        p.closed_at = Some(Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap());
        assert_eq!(p.kept_on_time(), Some(false));
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let h = london();
        // Fri 27 Nov + 1 working day = Mon 30 Nov; Mon + 5 = next Mon.
        assert_eq!(add_working_days(&h, d(11, 27), 1), d(11, 30));
        assert_eq!(add_working_days(&h, mon(), 5), d(11, 30));
        assert_eq!(add_working_days(&h, mon(), 0), mon());
    }
}
