//! Half-hour slots, the working-day grid and the free-slot finder.
//!
//! Every instant is UTC; a day is a date in the recruiter's zone. Local
//! times that do not exist (spring-forward gap) are skipped and repeated
//! ones (fall-back fold) mean their first occurrence, as RFC 5545 reads them.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// A half-open span of time `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Interval {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Interval { start, end }
    }

    pub fn minutes(start: DateTime<Utc>, minutes: i64) -> Self {
        Interval {
            start,
            end: start + Duration::minutes(minutes),
        }
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// The recruiter's working week: zone, days, hours and slot length.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkingHours {
    pub zone: Tz,
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub slot_minutes: u32,
}

impl Default for WorkingHours {
    fn default() -> Self {
        WorkingHours {
            zone: chrono_tz::UTC,
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
            slot_minutes: 30,
        }
    }
}

/// Turns a local wall-clock time into UTC, never failing.
///
/// A time in a spring-forward gap is read with the offset before the gap
/// (so 02:30 on the day clocks jump 02:00→03:00 becomes 03:30 local); a
/// time in a fall-back fold means its first occurrence.
pub fn local_to_utc(zone: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // The offset in force just before the gap.
            let before = naive - Duration::hours(3);
            let offset = match zone.from_local_datetime(&before) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                    t.offset().fix().local_minus_utc()
                }
                LocalResult::None => 0,
            };
            Utc.from_utc_datetime(&(naive - Duration::seconds(i64::from(offset))))
        }
    }
}

/// Whether a local wall-clock time exists exactly once in `zone`.
fn local_exists(zone: Tz, date: NaiveDate, time: NaiveTime) -> bool {
    !matches!(
        zone.from_local_datetime(&date.and_time(time)),
        LocalResult::None
    )
}

impl WorkingHours {
    pub fn slot_len(&self) -> Duration {
        Duration::minutes(i64::from(self.slot_minutes.max(1)))
    }

    /// The recruiter's local date of an instant.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.zone).date_naive()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.days.contains(&date.weekday())
    }

    /// The first working day strictly after `date` (`date` itself if no day
    /// of the week is a working day, so a bad configuration cannot loop).
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..7 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                return d;
            }
        }
        date.succ_opt().unwrap_or(date)
    }

    /// The UTC span of the recruiter's whole local day (midnight to midnight).
    pub fn day_span(&self, date: NaiveDate) -> Interval {
        let next = date.succ_opt().unwrap_or(date);
        Interval::new(
            local_to_utc(self.zone, date, NaiveTime::MIN),
            local_to_utc(self.zone, next, NaiveTime::MIN),
        )
    }

    /// The working-hours span of a date, whether or not it is a working day.
    pub fn work_span(&self, date: NaiveDate) -> Interval {
        Interval::new(
            local_to_utc(self.zone, date, self.start),
            local_to_utc(self.zone, date, self.end),
        )
    }

    /// Every slot of the working day on `date`, in order.
    ///
    /// Slots are laid on the local wall clock (08:00, 08:30, …) and a slot
    /// whose local start does not exist that day (DST gap) is left out.
    pub fn slots(&self, date: NaiveDate) -> Vec<Interval> {
        let mut out = Vec::new();
        let step = self.slot_len();
        let mut t = self.start;
        while t < self.end {
            let (next, wrapped) = t.overflowing_add_signed(step);
            if local_exists(self.zone, date, t) {
                let start = local_to_utc(self.zone, date, t);
                out.push(Interval::new(start, start + step));
            }
            if wrapped != 0 || next <= t {
                break;
            }
            t = next;
        }
        out
    }
}

/// The candidate's reasonable hours for a call, in their own zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Default for LocalHours {
    fn default() -> Self {
        LocalHours {
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(20, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl LocalHours {
    /// Whether the whole of `slot` falls inside these hours in `zone`.
    ///
    /// A slot that crosses the candidate's midnight never fits: nobody wants
    /// a screen at 23:45.
    pub fn fits(&self, zone: Tz, slot: &Interval) -> bool {
        let s = slot.start.with_timezone(&zone);
        let e = slot.end.with_timezone(&zone);
        s.date_naive() == e.date_naive() && self.start <= s.time() && e.time() <= self.end
    }
}

/// Searches forward for free slots.
///
/// `busy` is every booked interval (calls, busy time) in the search window;
/// a slot is free when it overlaps none of them. `candidate` limits slots to
/// the candidate's reasonable local hours.
pub struct SlotFinder<'a> {
    pub hours: &'a WorkingHours,
    pub busy: &'a [Interval],
    pub candidate: Option<(Tz, LocalHours)>,
    /// How many days ahead to look before giving up.
    pub horizon_days: u32,
}

impl SlotFinder<'_> {
    /// Free slots starting at or after `from`, in time order, at most `limit`.
    pub fn find(&self, from: DateTime<Utc>, limit: usize) -> Vec<Interval> {
        let mut out = Vec::new();
        if limit == 0 {
            return out;
        }
        let mut date = self.hours.local_date(from);
        for _ in 0..=self.horizon_days {
            if self.hours.is_working_day(date) {
                for slot in self.hours.slots(date) {
                    if slot.start < from || !self.is_free(&slot) {
                        continue;
                    }
                    if let Some((zone, local)) = self.candidate {
                        if !local.fits(zone, &slot) {
                            continue;
                        }
                    }
                    out.push(slot);
                    if out.len() >= limit {
                        return out;
                    }
                }
            }
            match date.succ_opt() {
                Some(d) => date = d,
                None => break,
            }
        }
        out
    }

    pub fn first(&self, from: DateTime<Utc>) -> Option<Interval> {
        self.find(from, 1).into_iter().next()
    }

    pub fn is_free(&self, slot: &Interval) -> bool {
        !self.busy.iter().any(|b| b.overlaps(slot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Europe::London};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn london() -> WorkingHours {
        WorkingHours {
            zone: London,
            ..WorkingHours::default()
        }
    }

    #[test]
    fn working_day_has_twenty_half_hour_slots() {
        let slots = london().slots(d(2026, 11, 23));
        assert_eq!(slots.len(), 20);
        assert_eq!(slots[0].start, utc("2026-11-23T08:00:00Z"));
        assert_eq!(slots[19].end, utc("2026-11-23T18:00:00Z"));
    }

    #[test]
    fn slots_follow_the_local_clock_across_dst() {
        // London is on BST (UTC+1) in July: 08:00 local is 07:00 UTC.
        let slots = london().slots(d(2026, 7, 6));
        assert_eq!(slots[0].start, utc("2026-07-06T07:00:00Z"));
    }

    #[test]
    fn gap_slot_is_skipped_and_fold_slot_is_first_occurrence() {
        let night = WorkingHours {
            zone: New_York,
            start: t(1, 0),
            end: t(4, 0),
            days: vec![Weekday::Sun],
            slot_minutes: 30,
        };
        // 2026-03-08: 02:00→03:00 in New York; 02:00 and 02:30 do not exist.
        let spring = night.slots(d(2026, 3, 8));
        assert_eq!(spring.len(), 4);
        // 2026-11-01: 01:00–02:00 happens twice; first occurrence is EDT.
        let fall = night.slots(d(2026, 11, 1));
        assert_eq!(fall[0].start, utc("2026-11-01T05:00:00Z"));
        assert_eq!(fall.len(), 6);
    }

    #[test]
    fn local_to_utc_reads_gap_with_offset_before() {
        // 02:30 on spring-forward day, EST offset −5 → 07:30Z.
        assert_eq!(
            local_to_utc(New_York, d(2026, 3, 8), t(2, 30)),
            utc("2026-03-08T07:30:00Z")
        );
    }

    #[test]
    fn next_working_day_skips_weekend() {
        let h = london();
        assert_eq!(h.next_working_day(d(2026, 11, 27)), d(2026, 11, 30));
        assert_eq!(h.next_working_day(d(2026, 11, 23)), d(2026, 11, 24));
    }

    #[test]
    fn no_working_days_does_not_loop() {
        let h = WorkingHours {
            days: vec![],
            ..london()
        };
        assert_eq!(h.next_working_day(d(2026, 11, 23)), d(2026, 11, 24));
        let f = SlotFinder {
            hours: &h,
            busy: &[],
            candidate: None,
            horizon_days: 30,
        };
        assert!(f.first(utc("2026-11-23T08:00:00Z")).is_none());
    }

    #[test]
    fn finder_skips_booked_slots() {
        let h = london();
        let busy = [
            Interval::minutes(utc("2026-11-23T10:00:00Z"), 30),
            Interval::minutes(utc("2026-11-23T10:30:00Z"), 60),
        ];
        let f = SlotFinder {
            hours: &h,
            busy: &busy,
            candidate: None,
            horizon_days: 14,
        };
        let got = f.find(utc("2026-11-23T10:00:00Z"), 2);
        assert_eq!(got[0].start, utc("2026-11-23T11:30:00Z"));
        assert_eq!(got[1].start, utc("2026-11-23T12:00:00Z"));
    }

    #[test]
    fn finder_does_not_start_a_slot_in_the_past() {
        let h = london();
        let f = SlotFinder {
            hours: &h,
            busy: &[],
            candidate: None,
            horizon_days: 14,
        };
        assert_eq!(
            f.first(utc("2026-11-23T10:05:00Z")).unwrap().start,
            utc("2026-11-23T10:30:00Z")
        );
    }

    #[test]
    fn finder_rolls_over_to_next_working_day_when_full() {
        let h = london();
        let busy = [Interval::new(
            utc("2026-11-27T08:00:00Z"),
            utc("2026-11-27T18:00:00Z"),
        )];
        let f = SlotFinder {
            hours: &h,
            busy: &busy,
            candidate: None,
            horizon_days: 14,
        };
        // Friday is full: Monday 08:00.
        assert_eq!(
            f.first(utc("2026-11-27T07:00:00Z")).unwrap().start,
            utc("2026-11-30T08:00:00Z")
        );
    }

    #[test]
    fn finder_respects_candidate_local_hours() {
        // Recruiter in London, candidate in New York (UTC−5 in November):
        // 08:00 NY is 13:00 London, so the first fitting slot is 13:00.
        let h = london();
        let f = SlotFinder {
            hours: &h,
            busy: &[],
            candidate: Some((New_York, LocalHours::default())),
            horizon_days: 14,
        };
        assert_eq!(
            f.first(utc("2026-11-23T08:00:00Z")).unwrap().start,
            utc("2026-11-23T13:00:00Z")
        );
    }

    #[test]
    fn finder_with_candidate_far_east_uses_early_slots() {
        // Candidate in Tokyo (UTC+9): 20:00 Tokyo is 11:00 London, so a
        // slot must end by 11:00 London time.
        let h = london();
        let f = SlotFinder {
            hours: &h,
            busy: &[],
            candidate: Some((chrono_tz::Asia::Tokyo, LocalHours::default())),
            horizon_days: 14,
        };
        let got = f.find(utc("2026-11-23T10:00:00Z"), 3);
        assert_eq!(got[0].start, utc("2026-11-23T10:00:00Z"));
        // 10:30–11:00 London ends at 20:00 Tokyo exactly: still fits.
        assert_eq!(got[1].start, utc("2026-11-23T10:30:00Z"));
        assert_eq!(got[2].start, utc("2026-11-24T08:00:00Z"));
    }

    #[test]
    fn interval_overlap_is_half_open() {
        let a = Interval::minutes(utc("2026-11-23T10:00:00Z"), 30);
        let b = Interval::minutes(utc("2026-11-23T10:30:00Z"), 30);
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&Interval::minutes(utc("2026-11-23T10:29:00Z"), 1)));
    }
}
