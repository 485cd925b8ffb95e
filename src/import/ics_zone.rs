//! Turning iCalendar date-times into UTC: `Z`, `TZID` (IANA, Windows, or a
//! `VTIMEZONE` defined in the file) and floating times.
//!
//! Gap and fold rule (RFC 5545 §3.3.5, the same as `slot::local_to_utc`):
//! a local time skipped by a spring-forward change is read with the offset
//! before the gap; a repeated one means its first occurrence.
//!
//! Must not import: rusqlite, ratatui, crossterm.

use super::ics_lines::Prop;
use super::windows_zones;
use crate::domain::slot::local_to_utc;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::HashMap;

/// How a local time in an event is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    Utc,
    Tz(Tz),
    /// A `VTIMEZONE` from the file that names no zone callsheet knows.
    Rules(VtzRules),
}

impl Zone {
    pub fn to_utc(&self, t: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Utc => Utc.from_utc_datetime(&t),
            Zone::Tz(z) => local_to_utc(*z, t.date(), t.time()),
            Zone::Rules(r) => r.to_utc(t),
        }
    }
}

/// One `STANDARD` or `DAYLIGHT` observance.
#[derive(Debug, Clone, PartialEq)]
pub struct Observance {
    /// First onset, in local time of the offset before it.
    start: NaiveDateTime,
    from: i32,
    to: i32,
    /// Yearly rule: month and (nth, weekday); nth < 0 counts from the end.
    yearly: Option<(u32, i32, Weekday)>,
}

/// The observances of one `VTIMEZONE`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VtzRules {
    observances: Vec<Observance>,
}

impl VtzRules {
    /// Onsets of every observance around `year`, latest not after `t` wins.
    fn offset_at(&self, t: NaiveDateTime) -> i32 {
        let mut best: Option<(NaiveDateTime, &Observance)> = None;
        for o in &self.observances {
            let years = t.year() - 1..=t.year();
            let onsets: Vec<NaiveDateTime> = match o.yearly {
                Some((month, nth, wd)) => years
                    .filter_map(|y| nth_weekday(y, month, nth, wd))
                    .map(|d| d.and_time(o.start.time()))
                    .filter(|d| *d >= o.start)
                    .collect(),
                None => vec![o.start],
            };
            for onset in onsets {
                // A gap's times (onset .. onset + jump) still take the old
                // offset; a fold's repeated times are before the onset.
                let effective = onset + Duration::seconds(i64::from((o.to - o.from).max(0)));
                if effective <= t && best.is_none_or(|(b, _)| onset > b) {
                    best = Some((onset, o));
                }
            }
        }
        match best {
            Some((_, o)) => o.to,
            // Before every onset: the earliest observance's "from".
            None => self
                .observances
                .iter()
                .min_by_key(|o| o.start)
                .map_or(0, |o| o.from),
        }
    }

    fn to_utc(&self, t: NaiveDateTime) -> DateTime<Utc> {
        Utc.from_utc_datetime(&(t - Duration::seconds(i64::from(self.offset_at(t)))))
    }
}

/// The `nth` `wd` of a month (`-1` = the last).
pub fn nth_weekday(year: i32, month: u32, nth: i32, wd: Weekday) -> Option<NaiveDate> {
    if nth > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, wd, u8::try_from(nth).ok()?)
    } else {
        let (ny, nm) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let last = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        last.checked_sub_signed(Duration::days(i64::from(back) + 7 * i64::from(-nth - 1)))
    }
}

/// Reads `+HHMM` / `-HHMM[SS]` into seconds east of UTC.
fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if rest.len() < 4 || !rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = rest[0..2].parse().ok()?;
    let m: i32 = rest[2..4].parse().ok()?;
    let sec: i32 = rest.get(4..6).and_then(|x| x.parse().ok()).unwrap_or(0);
    Some(sign * (h * 3600 + m * 60 + sec))
}

pub fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// Builds an observance from its properties; `None` if it lacks what is
/// needed (it is then ignored).
pub fn observance(props: &[Prop]) -> Option<Observance> {
    let get = |n: &str| props.iter().find(|p| p.name == n).map(|p| p.value.as_str());
    let start = parse_naive(get("DTSTART")?)?;
    let from = parse_offset(get("TZOFFSETFROM")?)?;
    let to = parse_offset(get("TZOFFSETTO")?)?;
    let yearly = get("RRULE").and_then(|r| {
        let mut month = None;
        let mut byday = None;
        for part in r.split(';') {
            let (k, v) = part.split_once('=')?;
            match k.to_ascii_uppercase().as_str() {
                "FREQ" if !v.eq_ignore_ascii_case("YEARLY") => return None,
                "BYMONTH" => month = v.parse().ok(),
                "BYDAY" => {
                    let v = v.to_ascii_uppercase();
                    let split = v.len().checked_sub(2).filter(|&i| v.is_char_boundary(i))?;
                    let (n, d) = v.split_at(split);
                    let n = if n.is_empty() { 1 } else { n.parse().ok()? };
                    byday = Some((n, weekday(d)?));
                }
                _ => {}
            }
        }
        let (n, d) = byday?;
        Some((month?, n, d))
    });
    Some(Observance {
        start,
        from,
        to,
        yearly,
    })
}

/// Reads `YYYYMMDDTHHMMSS` (no `Z`).
pub fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s.trim(), "%Y%m%dT%H%M%S").ok()
}

/// Zones a file can refer to: its own `VTIMEZONE`s by `TZID`.
#[derive(Debug, Default)]
pub struct Zones {
    pub defined: HashMap<String, VtzRules>,
}

impl Zones {
    pub fn define(&mut self, tzid: &str, obs: Vec<Observance>) {
        self.defined
            .insert(tzid.to_string(), VtzRules { observances: obs });
    }

    /// Resolves a `TZID`: IANA name, Windows name, then the file's own
    /// `VTIMEZONE` rules. A name callsheet knows wins over the file's
    /// rules, since the tz database also has the zone's history.
    pub fn resolve(&self, tzid: &str) -> Option<Zone> {
        let name = tzid.trim().trim_start_matches('/');
        if let Ok(tz) = name.parse::<Tz>() {
            return Some(Zone::Tz(tz));
        }
        // Mozilla-style prefixes: "/mozilla.org/20070129_1/Europe/Berlin".
        if let Some(tz) = name
            .match_indices('/')
            .find_map(|(i, _)| name[i + 1..].parse::<Tz>().ok())
        {
            return Some(Zone::Tz(tz));
        }
        if let Some(tz) = windows_zones::to_iana(name) {
            return Some(Zone::Tz(tz));
        }
        self.defined
            .get(tzid)
            .filter(|r| !r.observances.is_empty())
            .map(|r| Zone::Rules(r.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_us_eastern() -> VtzRules {
        let p = |s: &str| {
            let (props, _) = super::super::ics_lines::unfold("t", s.as_bytes());
            observance(&props).unwrap()
        };
        VtzRules {
            observances: vec![
                p("DTSTART:19701101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n"),
                p("DTSTART:19700308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\n"),
            ],
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn vtimezone_rules_match_the_tz_database() {
        let r = rules_us_eastern();
        let t = |s| r.to_utc(parse_naive(s).unwrap());
        assert_eq!(t("20260306T090000"), utc("2026-03-06T14:00:00Z"));
        assert_eq!(t("20260309T090000"), utc("2026-03-09T13:00:00Z"));
        // In the gap: offset before (EST) → 02:30 EST = 07:30Z.
        assert_eq!(t("20260308T023000"), utc("2026-03-08T07:30:00Z"));
        // In the fold: first occurrence (EDT) → 01:30 EDT = 05:30Z.
        assert_eq!(t("20261101T013000"), utc("2026-11-01T05:30:00Z"));
        assert_eq!(t("20261102T090000"), utc("2026-11-02T14:00:00Z"));
        for s in ["20260308T023000", "20261101T013000", "20260701T120000"] {
            let n = parse_naive(s).unwrap();
            assert_eq!(
                r.to_utc(n),
                Zone::Tz(chrono_tz::America::New_York).to_utc(n),
                "{s}"
            );
        }
    }

    #[test]
    fn last_sunday_rule() {
        assert_eq!(
            nth_weekday(2026, 3, -1, Weekday::Sun),
            NaiveDate::from_ymd_opt(2026, 3, 29)
        );
        assert_eq!(
            nth_weekday(2026, 10, -1, Weekday::Sun),
            NaiveDate::from_ymd_opt(2026, 10, 25)
        );
    }

    #[test]
    fn tzid_forms() {
        let z = Zones::default();
        assert_eq!(
            z.resolve("Europe/Berlin"),
            Some(Zone::Tz(chrono_tz::Europe::Berlin))
        );
        assert_eq!(
            z.resolve("/mozilla.org/20070129_1/Europe/Berlin"),
            Some(Zone::Tz(chrono_tz::Europe::Berlin))
        );
        assert_eq!(
            z.resolve("Pacific Standard Time"),
            Some(Zone::Tz(chrono_tz::America::Los_Angeles))
        );
        assert_eq!(z.resolve("Customized Time Zone"), None);
    }
}
