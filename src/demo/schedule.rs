//! Where the demo's calls go relative to now: which day is the demo day,
//! where now falls in it, the earlier days of the week, which slots hold
//! screens, and each person's zone and slot.

use super::data::Person;
use crate::domain::slot::LocalHours;
use crate::domain::{Interval, WorkingHours};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

/// Where "now" falls relative to the demo day's working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Before,
    /// In the working day, in slot `c`.
    During(usize),
    After,
}

/// The demo day and where now falls in it.
pub(super) fn choose_day(hours: &WorkingHours, now: DateTime<Utc>) -> (NaiveDate, Phase) {
    let today = hours.local_date(now);
    if !hours.is_working_day(today) {
        return (previous_working_day(hours, today), Phase::After);
    }
    let slots = hours.slots(today);
    let phase = match (slots.first(), slots.last()) {
        (Some(first), Some(_)) if now < first.start => Phase::Before,
        (Some(_), Some(last)) if now >= last.end => Phase::After,
        (Some(_), Some(_)) => slots
            .iter()
            .position(|s| s.contains(now))
            // Between two slots (a DST gap): the next one.
            .or_else(|| slots.iter().position(|s| s.start > now))
            .map_or(Phase::After, Phase::During),
        _ => Phase::After,
    };
    (today, phase)
}

pub(super) fn previous_working_day(hours: &WorkingHours, date: NaiveDate) -> NaiveDate {
    let mut d = date;
    for _ in 0..7 {
        d = d.pred_opt().unwrap_or(d);
        if hours.is_working_day(d) {
            return d;
        }
    }
    date.pred_opt().unwrap_or(date)
}

/// The working days from the Monday of `prev`'s week up to (not
/// including) `prev`, oldest first.
pub(super) fn earlier_days(hours: &WorkingHours, prev: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let monday = prev - Duration::days(i64::from(prev.weekday().num_days_from_monday()));
    monday
        .iter_days()
        .take_while(|d| *d < prev)
        .filter(|d| hours.is_working_day(*d))
        .collect()
}

pub(super) fn working_days_before(hours: &WorkingHours, date: NaiveDate, n: u32) -> NaiveDate {
    (0..n).fold(date, |d, _| previous_working_day(hours, d))
}

/// What each slot of the demo day holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    Screen,
    Free,
    Busy,
}

/// Lays out the day: the busy block, four free gaps spread through the day,
/// and screens in the rest. During the day the slot after now (after the
/// busy block, if that comes first) is kept free, so a snoozed callback can
/// be "due soon" in it, and the current slot is never a gap.
pub(super) fn layout(slots: &[Interval], busy: &Interval, phase: Phase) -> Vec<Use> {
    let n = slots.len();
    let mut uses: Vec<Use> = slots
        .iter()
        .map(|s| {
            if s.overlaps(busy) {
                Use::Busy
            } else {
                Use::Screen
            }
        })
        .collect();
    let mut free: Vec<usize> = [0.15, 0.35, 0.65, 0.85]
        .iter()
        .map(|f| (f * n as f64).round() as usize)
        .filter(|&i| i < n && uses[i] != Use::Busy)
        .collect();
    if let Phase::During(c) = phase {
        if let Some(f) = (c + 1..n).find(|&i| uses[i] != Use::Busy) {
            if !free.contains(&f) {
                if let Some(k) = (0..free.len()).min_by_key(|&k| free[k].abs_diff(f)) {
                    free.remove(k);
                }
                free.push(f);
            }
        }
        free.retain(|&i| i != c);
    }
    for i in free {
        uses[i] = Use::Free;
    }
    uses
}

/// The first zone in `names` whose clock differs from the recruiter's on
/// `at`; the first valid one if none does.
pub(super) fn pick_zone(names: &[String], recruiter: Tz, at: DateTime<Utc>) -> Option<Tz> {
    use chrono::Offset;
    let zones: Vec<Tz> = names.iter().filter_map(|n| n.parse().ok()).collect();
    let offset = |z: Tz| at.with_timezone(&z).offset().fix();
    zones
        .iter()
        .copied()
        .find(|&z| offset(z) != offset(recruiter))
        .or_else(|| zones.first().copied())
}

/// Puts today's people into the screen slots: people in other zones first,
/// each into the slot nearest 11:00 their time that fits their day, then
/// everyone else in order.
pub(super) fn assign(
    people: &[(Person, Option<Tz>)],
    screens: &[Interval],
) -> Vec<(usize, Interval)> {
    let mut taken = vec![false; screens.len()];
    let mut out: Vec<(usize, Interval)> = Vec::new();
    let hours = LocalHours::default();
    let eleven = NaiveTime::from_hms_opt(11, 0, 0).unwrap_or(NaiveTime::MIN);
    for (p, (_, zone)) in people.iter().enumerate() {
        let Some(z) = zone else { continue };
        let best = (0..screens.len())
            .filter(|&i| !taken[i] && hours.fits(*z, &screens[i]))
            .min_by_key(|&i| {
                let local = screens[i].start.with_timezone(z).time();
                (local - eleven).num_minutes().abs()
            });
        if let Some(i) = best {
            taken[i] = true;
            out.push((p, screens[i]));
        }
    }
    let mut free_slots = (0..screens.len()).filter(|&i| !taken[i]);
    for p in 0..people.len() {
        if out.iter().any(|(q, _)| *q == p) {
            continue;
        }
        match free_slots.next() {
            Some(i) => out.push((p, screens[i])),
            None => break,
        }
    }
    out
}
