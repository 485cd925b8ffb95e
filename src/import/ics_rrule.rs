//! Recurrence rules (RFC 5545 §3.3.10), the common subset: FREQ
//! DAILY/WEEKLY/MONTHLY/YEARLY with INTERVAL, COUNT, UNTIL; BYDAY for
//! DAILY and WEEKLY (weekday codes) and MONTHLY (with ordinals: `2TU`,
//! `-1FR`, or every such weekday); BYMONTHDAY for MONTHLY. Anything else is
//! refused with a reason, so the caller can skip the series and say why
//! rather than guess its dates.
//!
//! Instances are made in the series' local wall time, so a 09:00 New York
//! meeting stays at 09:00 New York across a daylight-saving change.
//!
//! Must not import: rusqlite, ratatui, crossterm.

use super::ics_zone::{nth_weekday, parse_naive, weekday};
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, Utc, Weekday};

/// Hard cap on instances looked at per series (a hostile `FREQ=DAILY`
/// from year 1 must not spin).
const MAX_STEPS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Until {
    Utc(DateTime<Utc>),
    Local(NaiveDateTime),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    until: Option<Until>,
    byday: Vec<Weekday>,
    /// MONTHLY: `(ordinal, weekday)`; ordinal `None` is every such day.
    monthly_byday: Vec<(Option<i32>, Weekday)>,
    /// MONTHLY: days of the month; negative counts from the end.
    bymonthday: Vec<i32>,
}

impl Rule {
    /// Parses an `RRULE` value; `Err` says what is not supported.
    pub fn parse(v: &str) -> Result<Rule, String> {
        let mut freq = None;
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            byday: Vec::new(),
            monthly_byday: Vec::new(),
            bymonthday: Vec::new(),
        };
        for part in v.split(';').filter(|p| !p.trim().is_empty()) {
            let (k, val) = part
                .split_once('=')
                .ok_or_else(|| format!("RRULE part {part:?} has no value"))?;
            let val = val.trim().to_ascii_uppercase();
            match k.trim().to_ascii_uppercase().as_str() {
                "FREQ" => {
                    freq = Some(match val.as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        o => return Err(format!("RRULE FREQ={o} is not supported")),
                    })
                }
                "INTERVAL" => {
                    rule.interval =
                        val.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                            format!("RRULE INTERVAL={val} is not a positive number")
                        })?
                }
                "COUNT" => {
                    rule.count = Some(
                        val.parse()
                            .map_err(|_| format!("RRULE COUNT={val} is not a number"))?,
                    )
                }
                "UNTIL" => {
                    rule.until = Some(
                        parse_until(&val)
                            .ok_or_else(|| format!("RRULE UNTIL={val} is not a date"))?,
                    )
                }
                "BYDAY" => {
                    for code in val.split(',').map(str::trim) {
                        let bad = || format!("RRULE BYDAY={code} is not a weekday");
                        // The weekday is the last two bytes; a multi-byte
                        // character there is no weekday (and no place to split).
                        let split = code
                            .len()
                            .checked_sub(2)
                            .filter(|&i| code.is_char_boundary(i))
                            .ok_or_else(bad)?;
                        let (n, d) = code.split_at(split);
                        let d = weekday(d).ok_or_else(bad)?;
                        let n = match n {
                            "" => None,
                            n => Some(n.parse::<i32>().map_err(|_| bad())?),
                        };
                        rule.monthly_byday.push((n, d));
                    }
                }
                "BYMONTHDAY" => {
                    for d in val.split(',') {
                        rule.bymonthday.push(
                            d.trim()
                                .parse()
                                .ok()
                                .filter(|n: &i32| (1..=31).contains(&n.abs()))
                                .ok_or_else(|| format!("RRULE BYMONTHDAY={d} is not a day"))?,
                        );
                    }
                }
                "WKST" => {}
                o => return Err(format!("RRULE {o} is not supported")),
            }
        }
        rule.freq = freq.ok_or("RRULE has no FREQ")?;
        match rule.freq {
            Freq::Monthly => {}
            _ if !rule.bymonthday.is_empty() => {
                return Err("RRULE BYMONTHDAY is only supported with FREQ=MONTHLY".into())
            }
            Freq::Daily | Freq::Weekly => {
                for (n, d) in std::mem::take(&mut rule.monthly_byday) {
                    if let Some(n) = n {
                        let code = d.to_string().to_uppercase();
                        return Err(format!("RRULE BYDAY={n}{} needs FREQ=MONTHLY", &code[..2]));
                    }
                    rule.byday.push(d);
                }
            }
            Freq::Yearly if !rule.monthly_byday.is_empty() => {
                return Err("RRULE BYDAY with FREQ=YEARLY is not supported".into())
            }
            Freq::Yearly => {}
        }
        rule.byday.sort_by_key(|d| d.num_days_from_monday());
        rule.byday.dedup();
        Ok(rule)
    }

    /// Local start times of the series from `start`, in order, until
    /// `keep_going(local)` says stop (the caller's window end), COUNT or
    /// UNTIL runs out. `to_utc` reads a local time in the series' zone.
    pub fn expand(
        &self,
        start: NaiveDateTime,
        to_utc: &dyn Fn(NaiveDateTime) -> DateTime<Utc>,
        window_end: DateTime<Utc>,
    ) -> Vec<NaiveDateTime> {
        let mut out = Vec::new();
        let time = start.time();
        let mut emitted = 0u32;
        for step in 0..MAX_STEPS {
            let dates = self.dates_in_period(start.date(), step as u32);
            let Some(dates) = dates else { break };
            for d in dates {
                if d < start.date() {
                    continue;
                }
                let local = d.and_time(time);
                let past_until = match &self.until {
                    Some(Until::Utc(u)) => to_utc(local) > *u,
                    Some(Until::Local(u)) => local > *u,
                    None => false,
                };
                if past_until || self.count.is_some_and(|c| emitted >= c) {
                    return out;
                }
                if to_utc(local) >= window_end {
                    return out;
                }
                emitted += 1;
                out.push(local);
            }
        }
        out
    }

    /// The dates of period `k` (the k-th day/week/month/year counted in
    /// steps of INTERVAL); `None` past the calendar's end.
    fn dates_in_period(&self, first: NaiveDate, k: u32) -> Option<Vec<NaiveDate>> {
        let n = k.checked_mul(self.interval)?;
        Some(match self.freq {
            Freq::Daily => {
                let d = first.checked_add_signed(Duration::days(i64::from(n)))?;
                if self.byday.is_empty() || self.byday.contains(&d.weekday()) {
                    vec![d]
                } else {
                    vec![]
                }
            }
            Freq::Weekly => {
                let monday =
                    first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
                let week = monday.checked_add_signed(Duration::weeks(i64::from(n)))?;
                if self.byday.is_empty() {
                    vec![week + Duration::days(i64::from(first.weekday().num_days_from_monday()))]
                } else {
                    self.byday
                        .iter()
                        .map(|d| week + Duration::days(i64::from(d.num_days_from_monday())))
                        .collect()
                }
            }
            // A month or year without the day (the 31st, 29 February)
            // has no instance, as RFC 5545 says.
            Freq::Monthly if self.monthly_byday.is_empty() && self.bymonthday.is_empty() => {
                add_months_exact(first, n).into_iter().collect()
            }
            Freq::Monthly => {
                let month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1)?
                    .checked_add_months(Months::new(n))?;
                let (y, m) = (month.year(), month.month());
                let last = month.checked_add_months(Months::new(1))?.pred_opt()?.day();
                let mut days: Vec<NaiveDate> = Vec::new();
                for (ord, wd) in &self.monthly_byday {
                    match ord {
                        Some(k) => days.extend(nth_weekday(y, m, *k, *wd)),
                        None => days.extend(
                            (1..=last)
                                .filter_map(|d| NaiveDate::from_ymd_opt(y, m, d))
                                .filter(|d| d.weekday() == *wd),
                        ),
                    }
                }
                for d in &self.bymonthday {
                    let day = if *d > 0 { *d } else { last as i32 + 1 + d };
                    days.extend(
                        u32::try_from(day)
                            .ok()
                            .and_then(|x| NaiveDate::from_ymd_opt(y, m, x)),
                    );
                }
                days.sort();
                days.dedup();
                days
            }
            Freq::Yearly => add_months_exact(first, n.checked_mul(12)?)
                .into_iter()
                .collect(),
        })
    }
}

fn add_months_exact(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    let r = d.checked_add_months(Months::new(months))?;
    (r.day() == d.day()).then_some(r)
}

fn parse_until(v: &str) -> Option<Until> {
    if let Some(z) = v.strip_suffix('Z') {
        return parse_naive(z).map(|n| Until::Utc(n.and_utc()));
    }
    if let Some(n) = parse_naive(v) {
        return Some(Until::Local(n));
    }
    NaiveDate::parse_from_str(v, "%Y%m%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(Until::Local)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> NaiveDateTime {
        parse_naive(s).unwrap()
    }

    fn far() -> DateTime<Utc> {
        n("21000101T000000").and_utc()
    }

    #[test]
    fn weekly_byday_with_count() {
        let r = Rule::parse("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5").unwrap();
        let got = r.expand(n("20261124T090000"), &|t| t.and_utc(), far());
        let want: Vec<_> = [
            "20261124T090000",
            "20261126T090000",
            "20261201T090000",
            "20261203T090000",
            "20261208T090000",
        ]
        .iter()
        .map(|s| n(s))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn daily_interval_until_and_window() {
        let r = Rule::parse("FREQ=DAILY;INTERVAL=2;UNTIL=20261130T235959Z").unwrap();
        let got = r.expand(n("20261123T090000"), &|t| t.and_utc(), far());
        assert_eq!(got.len(), 4); // 23, 25, 27, 29
        let r = Rule::parse("FREQ=DAILY").unwrap();
        let got = r.expand(
            n("20261123T090000"),
            &|t| t.and_utc(),
            n("20261126T000000").and_utc(),
        );
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn unsupported_parts_are_named() {
        let e = Rule::parse("FREQ=WEEKLY;BYDAY=2TU").unwrap_err();
        assert!(e.contains("2TU"), "{e}");
        assert!(Rule::parse("FREQ=HOURLY").unwrap_err().contains("HOURLY"));
        assert!(Rule::parse("FREQ=MONTHLY;BYSETPOS=-1").is_err());
    }

    #[test]
    fn monthly_by_ordinal_weekday_and_month_day() {
        let r = Rule::parse("FREQ=MONTHLY;BYDAY=2TU,-1FR;COUNT=4").unwrap();
        let got = r.expand(n("20260310T090000"), &|t| t.and_utc(), far());
        let want: Vec<_> = [
            "20260310T090000",
            "20260327T090000",
            "20260414T090000",
            "20260424T090000",
        ]
        .iter()
        .map(|s| n(s))
        .collect();
        assert_eq!(got, want);
        let r = Rule::parse("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=2").unwrap();
        let got = r.expand(n("20260201T090000"), &|t| t.and_utc(), far());
        assert_eq!(got, vec![n("20260228T090000"), n("20260331T090000")]);
    }

    #[test]
    fn monthly_skips_months_without_the_day() {
        let r = Rule::parse("FREQ=MONTHLY;COUNT=3").unwrap();
        let got = r.expand(n("20260131T090000"), &|t| t.and_utc(), far());
        assert_eq!(
            got,
            vec![
                n("20260131T090000"),
                n("20260331T090000"),
                n("20260531T090000")
            ]
        );
    }
}
