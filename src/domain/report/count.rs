//! Counting a range's records into a [`WeekReport`], in the recruiter's
//! local days and hours.

use super::text::weekday_name;
use super::{
    CallbackFigures, DayFigures, HourRate, LateFigures, OutcomeCounts, PromiseFigures, Rate,
    ReportInput, ReportRange, WeekReport, WeekdayRate, REACH_WITHIN,
};
use crate::domain::{CallbackStatus, Outcome};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// Counts `input` over `range` in `zone` at `now`.
///
/// Calls count on their local start date and hour; callbacks when queued
/// in the range; inbound calls when they came in the range. Records
/// outside the range are ignored, so the caller may over-fetch.
pub fn week_report(
    range: ReportRange,
    zone: Tz,
    now: DateTime<Utc>,
    input: &ReportInput,
) -> WeekReport {
    let local_date = |t: DateTime<Utc>| t.with_timezone(&zone).date_naive();
    let mut days: BTreeMap<NaiveDate, OutcomeCounts> = range
        .days()
        .map(|d| (d, OutcomeCounts::default()))
        .collect();
    let mut total = OutcomeCounts::default();
    // (no-shows, held) by hour and by weekday.
    let mut by_hour: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    let mut by_weekday: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for call in &input.calls {
        let local = call.start.with_timezone(&zone);
        let Some(day) = days.get_mut(&local.date_naive()) else {
            continue;
        };
        let ahead = call.start > now;
        day.add(call.outcome, ahead);
        total.add(call.outcome, ahead);
        if call.outcome.is_dial() {
            let no_show = u32::from(call.outcome == Outcome::NoShow);
            for (map, key) in [
                (&mut by_hour, local.hour()),
                (&mut by_weekday, local.weekday().num_days_from_monday()),
            ] {
                let e = map.entry(key).or_default();
                e.0 += no_show;
                e.1 += 1;
            }
        }
    }

    let mut callbacks = CallbackFigures::default();
    for cb in input
        .callbacks
        .iter()
        .filter(|c| range.contains(local_date(c.queued)))
    {
        callbacks.queued += 1;
        let deadline = cb.queued + REACH_WITHIN;
        match (cb.status, cb.closed) {
            (CallbackStatus::Reached, Some(at)) if at <= deadline => {
                callbacks.reached_within_24h += 1
            }
            (CallbackStatus::Reached, _) => callbacks.reached_later += 1,
            (CallbackStatus::Dropped, _) => callbacks.dropped += 1,
            _ if now < deadline => callbacks.too_soon += 1,
            _ => callbacks.waiting += 1,
        }
    }
    callbacks.within_24h = Rate::of(
        callbacks.reached_within_24h,
        callbacks.queued - callbacks.too_soon,
    );

    let mut promises = PromiseFigures::default();
    // The day a due instant ends (a promise due Friday is due at the
    // midnight that ends it).
    let due_day = |t: DateTime<Utc>| local_date(t - Duration::seconds(1));
    for p in input
        .promises
        .iter()
        .filter(|p| range.contains(due_day(p.due)))
    {
        promises.due += 1;
        let by_due = |t: Option<DateTime<Utc>>| t.is_some_and(|t| t <= p.due);
        if by_due(p.kept) {
            promises.kept_on_time += 1;
        } else if by_due(p.no_news) {
            promises.no_news_on_time += 1;
        } else if now < p.due {
            promises.not_yet_due += 1;
        } else {
            promises.late += 1;
        }
    }
    promises.on_time = Rate::of(
        promises.kept_on_time + promises.no_news_on_time,
        promises.due - promises.not_yet_due,
    );

    let mut late: Vec<i64> = input
        .inbound
        .iter()
        .filter(|i| range.contains(local_date(i.at)))
        .map(|i| i.late_minutes)
        .collect();
    late.sort_unstable();

    WeekReport {
        from: range.from,
        to: range.to,
        zone: zone.name().to_string(),
        days: days
            .into_iter()
            .map(|(date, counts)| DayFigures {
                date,
                weekday: date.format("%a").to_string(),
                counts,
            })
            .collect(),
        no_show: Rate::of(total.no_show, total.held()),
        total,
        no_show_by_hour: by_hour
            .into_iter()
            .map(|(hour, (hits, n))| HourRate {
                hour,
                no_show: Rate::of(hits, n),
            })
            .collect(),
        no_show_by_weekday: by_weekday
            .into_iter()
            .map(|(d, (hits, n))| WeekdayRate {
                weekday: weekday_name(d).to_string(),
                no_show: Rate::of(hits, n),
            })
            .collect(),
        callbacks,
        inbound_late: LateFigures {
            n: late.len() as u32,
            median_minutes: median(&late),
        },
        promises,
    }
}

/// The middle value of sorted numbers (the mean of the two middle ones
/// when there is an even count).
pub(super) fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    Some(if n % 2 == 1 {
        sorted[mid] as f64
    } else {
        (sorted[mid - 1] as f64 + sorted[mid] as f64) / 2.0
    })
}
