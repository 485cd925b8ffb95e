//! The day view's timeline: calls, free slots, busy time and "now", in order.
//!
//! A pure function of the day's data so the screen and its tests agree on
//! what a day looks like.

use super::slot::{Interval, WorkingHours};
use super::Call;
use chrono::{DateTime, NaiveDate, Utc};

/// One line of the day view.
#[derive(Debug, Clone, PartialEq)]
pub enum DayRow {
    /// `calls[i]`.
    Call(usize),
    /// A working slot with nothing booked: a gap a callback can go into.
    Free(Interval),
    /// Blocked time that is not a call; `busy[i]` of the day.
    Busy(usize),
    /// A queued callback due in this slot, not yet placed: `queued[i]`
    /// (the open queue, in its order). It holds the slot (see
    /// `domain::occupancy`), so the slot is not shown free.
    Queued(usize),
    /// The "now" marker, between the rows before and after it.
    Now(DateTime<Utc>),
}

/// Builds the day's rows: every working slot is covered by a call, by busy
/// time or by a queued callback's due slot (`queued`: the span each open
/// callback holds, by queue index), or is free; calls outside working
/// hours still show.
pub fn day_rows(
    hours: &WorkingHours,
    date: NaiveDate,
    calls: &[Call],
    busy: &[(Interval, String)],
    queued: &[Interval],
    now: DateTime<Utc>,
) -> Vec<DayRow> {
    // (start, order within same start, row)
    let mut keyed: Vec<(DateTime<Utc>, u8, DayRow)> = Vec::new();
    for (i, c) in calls.iter().enumerate() {
        keyed.push((c.start, 1, DayRow::Call(i)));
    }
    let span = hours.day_span(date);
    for (i, (iv, _)) in busy.iter().enumerate() {
        if iv.overlaps(&span) {
            keyed.push((iv.start.max(span.start), 2, DayRow::Busy(i)));
        }
    }
    for (i, iv) in queued.iter().enumerate() {
        if span.contains(iv.start) {
            keyed.push((iv.start, 3, DayRow::Queued(i)));
        }
    }
    if hours.is_working_day(date) {
        for slot in hours.slots(date) {
            let taken = calls.iter().any(|c| c.interval().overlaps(&slot))
                || busy.iter().any(|(b, _)| b.overlaps(&slot))
                || queued.iter().any(|q| q.overlaps(&slot));
            if !taken {
                keyed.push((slot.start, 4, DayRow::Free(slot)));
            }
        }
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut rows: Vec<DayRow> = keyed.into_iter().map(|k| k.2).collect();
    if span.contains(now) {
        let start_of = |r: &DayRow| match r {
            DayRow::Call(i) => calls[*i].start,
            DayRow::Free(s) => s.start,
            DayRow::Busy(i) => busy[*i].0.start,
            DayRow::Queued(i) => queued[*i].start,
            DayRow::Now(t) => *t,
        };
        let at = rows
            .iter()
            .position(|r| start_of(r) > now)
            .unwrap_or(rows.len());
        rows.insert(at, DayRow::Now(now));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CallKind, Candidate, Outcome};
    use chrono::{Duration, TimeZone};

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }
    fn call(h: u32, m: u32) -> Call {
        Call {
            id: 1,
            candidate: Candidate {
                id: 1,
                name: "A".into(),
                phone: String::new(),
                email: None,
                timezone: None,
                ..Candidate::default()
            },
            role: None,
            start: at(h, m),
            minutes: 30,
            kind: CallKind::Screen,
            outcome: Outcome::Scheduled,
            marked_at: None,
            note: String::new(),
            change: None,
            rescheduled_from: None,
        }
    }
    fn date() -> NaiveDate {
        at(0, 0).date_naive()
    }

    #[test]
    fn empty_working_day_is_all_free_slots() {
        let rows = day_rows(
            &WorkingHours::default(),
            date(),
            &[],
            &[],
            &[],
            at(0, 0) - Duration::days(2),
        );
        assert_eq!(rows.len(), 20);
        assert!(rows.iter().all(|r| matches!(r, DayRow::Free(_))));
    }

    #[test]
    fn calls_replace_their_slots_and_now_sits_between() {
        let calls = [call(9, 0), call(10, 0)];
        let rows = day_rows(
            &WorkingHours::default(),
            date(),
            &calls,
            &[],
            &[],
            at(9, 40),
        );
        // 20 slots − 2 booked + 2 calls + now
        assert_eq!(rows.len(), 21);
        let pos_now = rows
            .iter()
            .position(|r| matches!(r, DayRow::Now(_)))
            .unwrap();
        assert_eq!(
            rows[pos_now - 1],
            DayRow::Free(Interval::minutes(at(9, 30), 30))
        );
        assert_eq!(rows[pos_now + 1], DayRow::Call(1));
    }

    #[test]
    fn busy_time_covers_slots_and_shows_once() {
        let busy = [(Interval::new(at(12, 0), at(13, 0)), "Lunch".to_string())];
        let rows = day_rows(
            &WorkingHours::default(),
            date(),
            &[],
            &busy,
            &[],
            at(0, 0) - Duration::days(2),
        );
        assert_eq!(
            rows.iter().filter(|r| matches!(r, DayRow::Busy(_))).count(),
            1
        );
        assert_eq!(rows.len(), 20 - 2 + 1);
    }

    #[test]
    fn early_call_outside_hours_still_shows() {
        let calls = [call(7, 0)];
        let rows = day_rows(
            &WorkingHours::default(),
            date(),
            &calls,
            &[],
            &[],
            at(0, 0) - Duration::days(2),
        );
        assert_eq!(rows[0], DayRow::Call(0));
        assert_eq!(rows.len(), 21);
    }

    #[test]
    fn a_queued_callback_holds_its_slot_instead_of_free() {
        let queued = [
            Interval::minutes(at(8, 0), 30),
            // Another day's callback is not on this one.
            Interval::minutes(at(8, 0) + Duration::days(1), 30),
        ];
        let rows = day_rows(
            &WorkingHours::default(),
            date(),
            &[],
            &[],
            &queued,
            at(0, 0) - Duration::days(2),
        );
        assert_eq!(rows[0], DayRow::Queued(0));
        assert_eq!(rows[1], DayRow::Free(Interval::minutes(at(8, 30), 30)));
        assert_eq!(rows.len(), 20);
        assert!(!rows.contains(&DayRow::Queued(1)));
    }

    #[test]
    fn weekend_shows_only_calls() {
        let sat = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let rows = day_rows(&WorkingHours::default(), sat, &[], &[], &[], at(0, 0));
        assert!(rows.is_empty());
    }
}
