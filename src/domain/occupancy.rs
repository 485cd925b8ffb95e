//! The one slot rule: a slot is taken by exactly one thing.
//!
//! A screen (or a placed callback, which is a call on the calendar), a
//! queued callback's due slot, or busy time. Everything that offers or
//! takes a slot (the free-slot finder, the callback policy, the picker,
//! reschedule, booking, the day view's "— free —") asks this module,
//! so no two of them can disagree about what is free. Plain values only:
//! the store gathers the occupants (`Store::occupancy`), this decides.

use super::slot::{Interval, WorkingHours};
use chrono::{DateTime, Utc};

/// What holds a span of the recruiter's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Occupant {
    /// A call on the calendar: a screen or a placed callback (by call id).
    Call(i64),
    /// A queued callback, holding the slot it is due in (by callback id).
    QueuedCallback(i64),
    /// Blocked time that is not a call (by busy id).
    Busy(i64),
}

impl Occupant {
    /// "a call", "a queued callback", "busy time": for refusals.
    pub fn phrase(self) -> &'static str {
        match self {
            Occupant::Call(_) => "a call",
            Occupant::QueuedCallback(_) => "a queued callback",
            Occupant::Busy(_) => "busy time",
        }
    }
}

/// One thing and the span it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occupied {
    pub span: Interval,
    pub by: Occupant,
}

/// The slot a queued callback due at `due` holds: the working slot that
/// contains it (a candidate who rang in at 09:47 holds 09:30–10:00, not
/// half of two slots), or one slot's length from `due` outside the grid.
pub fn queued_span(hours: &WorkingHours, due: DateTime<Utc>) -> Interval {
    hours
        .slots(hours.local_date(due))
        .into_iter()
        .find(|s| s.contains(due))
        .unwrap_or_else(|| Interval::new(due, due + hours.slot_len()))
}

/// What takes `slot`, if anything, leaving out `except` (the callback
/// being placed or moved does not block its own slot).
pub fn occupant_of(
    slot: &Interval,
    taken: &[Occupied],
    except: Option<Occupant>,
) -> Option<Occupied> {
    taken
        .iter()
        .filter(|o| Some(o.by) != except)
        .find(|o| o.span.overlaps(slot))
        .copied()
}

/// Whether `slot` is free: nothing in `taken` (but `except`) overlaps it.
pub fn slot_is_free(slot: &Interval, taken: &[Occupied], except: Option<Occupant>) -> bool {
    occupant_of(slot, taken, except).is_none()
}

/// The spans of `taken` without `except`, in order, as the slot finder
/// takes them.
pub fn spans(taken: &[Occupied], except: Option<Occupant>) -> Vec<Interval> {
    let mut out: Vec<Interval> = taken
        .iter()
        .filter(|o| Some(o.by) != except)
        .map(|o| o.span)
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap()
    }

    #[test]
    fn a_queued_callback_holds_the_whole_slot_it_falls_in() {
        let hours = WorkingHours::default();
        assert_eq!(
            queued_span(&hours, at(9, 47)),
            Interval::new(at(9, 30), at(10, 0))
        );
        assert_eq!(
            queued_span(&hours, at(8, 0)),
            Interval::new(at(8, 0), at(8, 30))
        );
        // Outside working hours: one slot from the due time.
        assert_eq!(
            queued_span(&hours, at(19, 10)),
            Interval::new(at(19, 10), at(19, 40))
        );
    }

    #[test]
    fn each_kind_of_occupant_takes_a_slot_and_only_its_own_is_excepted() {
        let slot = Interval::new(at(8, 0), at(8, 30));
        for by in [
            Occupant::Call(1),
            Occupant::QueuedCallback(2),
            Occupant::Busy(3),
        ] {
            let taken = [Occupied { span: slot, by }];
            assert!(!slot_is_free(&slot, &taken, None), "{by:?}");
            assert!(slot_is_free(&slot, &taken, Some(by)), "{by:?}");
            assert!(!slot_is_free(&slot, &taken, Some(Occupant::Call(99))));
            let next = Interval::new(at(8, 30), at(9, 0));
            assert!(slot_is_free(&next, &taken, None));
        }
    }

    #[test]
    fn spans_leave_out_the_excepted_one_and_are_ordered() {
        let a = Occupied {
            span: Interval::new(at(9, 0), at(9, 30)),
            by: Occupant::Busy(1),
        };
        let b = Occupied {
            span: Interval::new(at(8, 0), at(8, 30)),
            by: Occupant::QueuedCallback(7),
        };
        assert_eq!(spans(&[a, b], None), vec![b.span, a.span]);
        assert_eq!(
            spans(&[a, b], Some(Occupant::QueuedCallback(7))),
            vec![a.span]
        );
    }
}
