//! How times and dates read on screen, in one place.
//!
//! Instants are UTC everywhere else; they become local only here, for
//! display: the recruiter's zone for the day, the candidate's beside it.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// "09:40" in `zone`.
pub fn hm(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%H:%M").to_string()
}

/// A due time: "14:30" on `today`, "Tue 09:00" within a week either side,
/// else "07 Dec 09:00".
pub fn day_hm(t: DateTime<Utc>, zone: Tz, today: NaiveDate) -> String {
    let local = t.with_timezone(&zone);
    let days = (local.date_naive() - today).num_days();
    if days == 0 {
        local.format("%H:%M").to_string()
    } else if days.abs() < 7 {
        local.format("%a %H:%M").to_string()
    } else {
        local.format("%d %b %H:%M").to_string()
    }
}

/// "Mon 23 Nov 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%a %d %b %Y").to_string()
}

/// "Mon 23 Nov 2026 10:00" in `zone`, for history lines.
pub fn date_hm(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%a %d %b %Y %H:%M")
        .to_string()
}

/// How the shown day relates to today, in a word.
pub fn relative_day(date: NaiveDate, today: NaiveDate) -> &'static str {
    match (date - today).num_days() {
        0 => "today",
        1 => "tomorrow",
        -1 => "yesterday",
        _ => "not today",
    }
}

/// The city of a zone, compactly: "America/New_York" → "New York".
pub fn city(zone: Tz) -> String {
    let name = zone.name();
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

/// The candidate's clock at `t`: "05:30 New York".
pub fn their_time(t: DateTime<Utc>, zone: Tz) -> String {
    format!("{} {}", hm(t, zone), city(zone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }

    #[test]
    fn due_times_read_short_near_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let z = chrono_tz::Europe::London;
        assert_eq!(day_hm(at(23, 14, 30), z, today), "14:30");
        assert_eq!(day_hm(at(24, 9, 0), z, today), "Tue 09:00");
        assert_eq!(day_hm(at(20, 9, 0), z, today), "Fri 09:00");
        assert_eq!(day_hm(at(30, 9, 0), z, today), "30 Nov 09:00");
    }

    #[test]
    fn cities_are_compact() {
        assert_eq!(city(chrono_tz::America::New_York), "New York");
        assert_eq!(
            city(chrono_tz::America::Argentina::Buenos_Aires),
            "Buenos Aires"
        );
        assert_eq!(city(chrono_tz::UTC), "UTC");
        assert_eq!(
            their_time(at(23, 10, 30), chrono_tz::America::New_York),
            "05:30 New York"
        );
    }
}
