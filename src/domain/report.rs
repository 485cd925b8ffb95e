//! The week in numbers: what the `R` view and `callsheet report` show.
//!
//! Pure: the store hands over plain records for a range, [`week_report`]
//! counts them. Every rate carries its `n`, so "40 % of 5" reads as the
//! handful it is and not as a trend. Days, hours and weekdays are the
//! recruiter's local ones (the zone passed in), so a call at 09:00 London
//! counts as 09:00 whatever the UTC offset was that day.

use super::{CallbackStatus, Outcome};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

/// The longest range a report covers (a year, with a leap day).
pub const MAX_DAYS: i64 = 366;

/// How soon a callback must be reached to count as "within 24 h".
pub const REACH_WITHIN: Duration = Duration::hours(24);

/// Inclusive local dates a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl ReportRange {
    /// `from..=to`, refused when backwards or longer than [`MAX_DAYS`].
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<ReportRange, String> {
        if from > to {
            return Err(format!("the range starts {from}, after it ends ({to})"));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_DAYS {
            return Err(format!(
                "{from} to {to} is {days} days; a report covers at most {MAX_DAYS}"
            ));
        }
        Ok(ReportRange { from, to })
    }

    /// The working week holding `date`: its Monday to the last working day
    /// of the week (Friday by default; Sunday when weekends are worked).
    /// With no working days configured, Monday to Friday.
    pub fn week_of(date: NaiveDate, working_days: &[Weekday]) -> ReportRange {
        let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        let last = working_days
            .iter()
            .map(|d| d.num_days_from_monday())
            .max()
            .unwrap_or(4);
        ReportRange {
            from: monday,
            to: monday + Duration::days(i64::from(last)),
        }
    }

    /// The same range moved by `weeks` (negative: back).
    pub fn shift_weeks(self, weeks: i64) -> ReportRange {
        let by = Duration::weeks(weeks);
        match (
            self.from.checked_add_signed(by),
            self.to.checked_add_signed(by),
        ) {
            (Some(from), Some(to)) => ReportRange { from, to },
            _ => self,
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Every date of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while({
            let to = self.to;
            move |d| *d <= to
        })
    }

    /// "Mon 16 – Fri 20 Nov 2026", "Mon 30 Nov – Fri 04 Dec 2026".
    pub fn title(&self) -> String {
        if self.from == self.to {
            return self.from.format("%a %d %b %Y").to_string();
        }
        let from = if self.from.year() != self.to.year() {
            "%a %d %b %Y"
        } else if self.from.month() != self.to.month() {
            "%a %d %b"
        } else {
            "%a %d"
        };
        format!(
            "{} – {}",
            self.from.format(from),
            self.to.format("%a %d %b %Y")
        )
    }
}

/// A call on the calendar: when it started and what it came to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallRecord {
    pub start: DateTime<Utc>,
    pub outcome: Outcome,
}

/// A callback: when it was queued and how it ended (if it has).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallbackRecord {
    pub queued: DateTime<Utc>,
    pub status: CallbackStatus,
    pub closed: Option<DateTime<Utc>>,
}

/// An inbound call with its lateness against the slot it was about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InboundRecord {
    pub at: DateTime<Utc>,
    pub late_minutes: i64,
}

/// A promise by its first due time: was the candidate told by then?
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PromiseRecord {
    /// The end of the local day first promised (before any move).
    pub due: DateTime<Utc>,
    /// When it was kept, if it has been.
    pub kept: Option<DateTime<Utc>>,
    /// The first "no news yet" call that met it, if any.
    pub no_news: Option<DateTime<Utc>>,
}

/// What a report is computed from (the store's range reads).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportInput {
    pub calls: Vec<CallRecord>,
    pub callbacks: Vec<CallbackRecord>,
    pub inbound: Vec<InboundRecord>,
    pub promises: Vec<PromiseRecord>,
}

/// How many calls came to each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts {
    pub answered: u32,
    pub voicemail: u32,
    pub no_show: u32,
    pub cancelled: u32,
    pub rescheduled: u32,
    /// Started, not marked (yet).
    pub unmarked: u32,
    /// On the calendar, not started yet: kept apart from `unmarked` so a
    /// report read mid-week does not call the rest of the week unmarked.
    pub to_come: u32,
}

impl OutcomeCounts {
    /// The outcomes in table order (unmarked last).
    pub const COLUMNS: [Outcome; 6] = [
        Outcome::Answered,
        Outcome::Voicemail,
        Outcome::NoShow,
        Outcome::Cancelled,
        Outcome::Rescheduled,
        Outcome::Scheduled,
    ];

    fn slot(&mut self, o: Outcome) -> &mut u32 {
        match o {
            Outcome::Answered => &mut self.answered,
            Outcome::Voicemail => &mut self.voicemail,
            Outcome::NoShow => &mut self.no_show,
            Outcome::Cancelled => &mut self.cancelled,
            Outcome::Rescheduled => &mut self.rescheduled,
            Outcome::Scheduled => &mut self.unmarked,
        }
    }

    /// Counts a call with outcome `o`; `ahead`: it has not started yet.
    fn add(&mut self, o: Outcome, ahead: bool) {
        if o == Outcome::Scheduled && ahead {
            self.to_come += 1;
        } else {
            *self.slot(o) += 1;
        }
    }

    /// A column's heading: the outcome's name, "unmarked" for `Scheduled`.
    pub fn heading(o: Outcome) -> &'static str {
        match o {
            Outcome::Scheduled => "unmarked",
            other => other.as_str(),
        }
    }

    /// How many calls came to `o` (`Scheduled`: started, not marked yet).
    pub fn get(&self, o: Outcome) -> u32 {
        let mut copy = *self;
        *copy.slot(o)
    }

    /// Calls that took place (the phone was dialled), whatever they came
    /// to: the no-show rate's n. Cancelled and moved calls never happened.
    pub fn held(&self) -> u32 {
        self.answered + self.voicemail + self.no_show
    }

    pub fn total(&self) -> u32 {
        self.held() + self.cancelled + self.rescheduled + self.unmarked + self.to_come
    }
}

/// `hits` of `n`, with the percentage when there is an `n`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rate {
    pub hits: u32,
    pub n: u32,
    /// `hits / n` as a percentage, one decimal; none when `n` is 0.
    pub percent: Option<f64>,
}

impl Rate {
    pub fn of(hits: u32, n: u32) -> Rate {
        Rate {
            hits,
            n,
            percent: (n > 0).then(|| (f64::from(hits) * 1000.0 / f64::from(n)).round() / 10.0),
        }
    }

    /// "40 % of 5", "— of 0".
    pub fn phrase(&self) -> String {
        match self.percent {
            Some(p) => format!("{} % of {}", fmt_number(p), self.n),
            None => "— of 0".into(),
        }
    }
}

/// One local date's calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayFigures {
    pub date: NaiveDate,
    /// "Mon".
    pub weekday: String,
    #[serde(flatten)]
    pub counts: OutcomeCounts,
}

/// The no-show rate of calls starting in one local hour (9 = 09:00–09:59).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HourRate {
    pub hour: u32,
    pub no_show: Rate,
}

/// The no-show rate of calls on one weekday.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekdayRate {
    /// "Mon".
    pub weekday: String,
    pub no_show: Rate,
}

/// Callbacks queued in the range and how soon they were reached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CallbackFigures {
    /// Queued in the range (by a mark, or by an inbound call).
    pub queued: u32,
    /// Reached no more than 24 h after being queued.
    pub reached_within_24h: u32,
    /// Reached, but after more than 24 h.
    pub reached_later: u32,
    pub dropped: u32,
    /// Still open or placed, 24 h or more after being queued.
    pub waiting: u32,
    /// Queued less than 24 h ago and not yet reached: too soon to count
    /// either way, so left out of the rate.
    pub too_soon: u32,
    /// Reached within 24 h, of the callbacks whose 24 h are decided.
    pub within_24h: Rate,
}

/// Promises first due on a day of the range, and whether the candidate
/// heard by then: kept, or met by a "no news yet" call. Moving a due date
/// does not make a promise on time; the first date is the one promised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PromiseFigures {
    /// First due on a day of the range.
    pub due: u32,
    /// Kept by the first due time.
    pub kept_on_time: u32,
    /// Not kept by then, but met by a "no news yet" call by then.
    pub no_news_on_time: u32,
    /// Neither by the first due time (kept later, moved, or still open).
    pub late: u32,
    /// Not due yet and not met yet: too soon to count, left out of n.
    pub not_yet_due: u32,
    /// Kept or met on time, of the promises whose time is decided.
    pub on_time: Rate,
}

/// Lateness of inbound calls against the slot they were about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LateFigures {
    /// Inbound calls with a lateness.
    pub n: u32,
    /// The median minutes after the slot's start; none without calls.
    pub median_minutes: Option<f64>,
}

/// The figures of a range of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The IANA zone days and hours are counted in.
    pub zone: String,
    /// Every date of the range, in order, calls or not.
    pub days: Vec<DayFigures>,
    pub total: OutcomeCounts,
    /// No-show rate by local hour of the call's start: hours with calls
    /// held, in order.
    pub no_show_by_hour: Vec<HourRate>,
    /// No-show rate by weekday, Monday first: weekdays with calls held.
    pub no_show_by_weekday: Vec<WeekdayRate>,
    /// The no-show rate over the whole range.
    pub no_show: Rate,
    pub callbacks: CallbackFigures,
    pub inbound_late: LateFigures,
    pub promises: PromiseFigures,
}

impl WeekReport {
    pub fn range(&self) -> ReportRange {
        ReportRange {
            from: self.from,
            to: self.to,
        }
    }
}

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
fn median(sorted: &[i64]) -> Option<f64> {
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

fn weekday_name(days_from_monday: u32) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .get(days_from_monday as usize)
        .copied()
        .unwrap_or("?")
}

/// "40", "52.5": a figure without a needless ".0".
pub fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const LONDON: Tz = chrono_tz::Europe::London;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    /// November 2026: London is on GMT, so these are also local times.
    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap()
    }

    fn call(day: u32, h: u32, m: u32, outcome: Outcome) -> CallRecord {
        CallRecord {
            start: at(day, h, m),
            outcome,
        }
    }

    fn week() -> ReportRange {
        ReportRange::new(d(16), d(20)).unwrap()
    }

    /// The known week, Mon 16 – Fri 20 Nov 2026, worked out by hand below.
    ///
    /// Calls (local = UTC):
    /// - Mon 16: 09:00 A, 09:30 N, 10:00 V, 14:00 A
    /// - Tue 17: 09:00 N, 11:00 A
    /// - Wed 18: 09:00 cancelled, 11:00 rescheduled (neither held)
    /// - Thu 19: 09:00 A, 14:00 N, 14:30 unmarked
    /// - Fri 20: 10:00 V
    /// - outside: Sun 15 09:00 N, Sat 21 09:00 N (must not count)
    ///
    /// Callbacks (queued → end), now = Fri 20 16:00:
    /// - Mon 09:35 → reached Mon 15:00 (5 h: within)
    /// - Mon 10:05 → reached Wed 10:05 (48 h: later)
    /// - Tue 09:05 → reached Wed 09:05 (exactly 24 h: within)
    /// - Thu 14:05 → dropped Thu 15:00
    /// - Thu 10:00 → still open (30 h ago: waiting)
    /// - Fri 10:05 → still open (6 h ago: too soon)
    /// - Sun 15 → reached within (outside: ignored)
    ///
    /// Inbound lateness: 47, 90, 15, 120 in range; 5 on Sat 21 (ignored).
    ///
    /// Promises by first due day (due at the midnight ending it):
    /// - due Tue 17: kept Tue 16:00 (on time)
    /// - due Wed 18: no-news call Wed 17:00, kept Mon 23 (on time: called)
    /// - due Wed 18: kept Thu 19 09:00 (late)
    /// - due Thu 19: open, never called (late)
    /// - due Fri 20: open, due at midnight, now 16:00 (not yet due)
    /// - due Fri 20: kept Fri 11:00 (on time, though not due yet)
    /// - due Mon 23: outside (ignored)
    fn known() -> ReportInput {
        use CallbackStatus::*;
        use Outcome::*;
        let cb = |queued, status, closed| CallbackRecord {
            queued,
            status,
            closed,
        };
        let inbound = |at, late_minutes| InboundRecord { at, late_minutes };
        // Due at the midnight that starts `day`, ending the day before.
        let promise = |day, kept, no_news| PromiseRecord {
            due: at(day, 0, 0),
            kept,
            no_news,
        };
        ReportInput {
            calls: vec![
                call(16, 9, 0, Answered),
                call(16, 9, 30, NoShow),
                call(16, 10, 0, Voicemail),
                call(16, 14, 0, Answered),
                call(17, 9, 0, NoShow),
                call(17, 11, 0, Answered),
                call(18, 9, 0, Cancelled),
                call(18, 11, 0, Rescheduled),
                call(19, 9, 0, Answered),
                call(19, 14, 0, NoShow),
                call(19, 14, 30, Scheduled),
                call(20, 10, 0, Voicemail),
                call(15, 9, 0, NoShow),
                call(21, 9, 0, NoShow),
            ],
            callbacks: vec![
                cb(at(16, 9, 35), Reached, Some(at(16, 15, 0))),
                cb(at(16, 10, 5), Reached, Some(at(18, 10, 5))),
                cb(at(17, 9, 5), Reached, Some(at(18, 9, 5))),
                cb(at(19, 14, 5), Dropped, Some(at(19, 15, 0))),
                cb(at(19, 10, 0), Open, None),
                cb(at(20, 10, 5), Open, None),
                cb(at(15, 9, 5), Reached, Some(at(15, 10, 0))),
            ],
            promises: vec![
                promise(18, Some(at(17, 16, 0)), None),
                promise(19, Some(at(23, 9, 0)), Some(at(18, 17, 0))),
                promise(19, Some(at(19, 9, 0)), None),
                promise(20, None, None),
                promise(21, None, None),
                promise(21, Some(at(20, 11, 0)), None),
                promise(24, None, None),
            ],
            inbound: vec![
                inbound(at(16, 10, 47), 47),
                inbound(at(17, 10, 30), 90),
                inbound(at(19, 14, 15), 15),
                inbound(at(20, 12, 0), 120),
                inbound(at(21, 9, 5), 5),
            ],
        }
    }

    fn report() -> WeekReport {
        week_report(week(), LONDON, at(20, 16, 0), &known())
    }

    fn counts(a: u32, v: u32, n: u32, unmarked: u32) -> OutcomeCounts {
        OutcomeCounts {
            answered: a,
            voicemail: v,
            no_show: n,
            unmarked,
            ..OutcomeCounts::default()
        }
    }

    #[test]
    fn counts_each_day_of_the_range_and_only_those() {
        let r = report();
        let got: Vec<(NaiveDate, &str, OutcomeCounts)> = r
            .days
            .iter()
            .map(|d| (d.date, d.weekday.as_str(), d.counts))
            .collect();
        assert_eq!(
            got,
            vec![
                (d(16), "Mon", counts(2, 1, 1, 0)),
                (d(17), "Tue", counts(1, 0, 1, 0)),
                (
                    d(18),
                    "Wed",
                    OutcomeCounts {
                        cancelled: 1,
                        rescheduled: 1,
                        ..OutcomeCounts::default()
                    }
                ),
                (d(19), "Thu", counts(1, 0, 1, 1)),
                (d(20), "Fri", counts(0, 1, 0, 0)),
            ]
        );
        assert_eq!(
            r.total,
            OutcomeCounts {
                cancelled: 1,
                rescheduled: 1,
                ..counts(4, 2, 3, 1)
            }
        );
        assert_eq!(r.total.held(), 9);
        assert_eq!(r.total.total(), 12);
        assert_eq!(r.total.get(Outcome::NoShow), 3);
        assert_eq!(r.total.get(Outcome::Scheduled), 1);
        assert_eq!(r.total.get(Outcome::Rescheduled), 1);
    }

    #[test]
    fn no_show_rate_by_hour_counts_held_calls_only() {
        // 09h: Mon A, Mon N (09:30), Tue N, Thu A → 2 of 4.
        // 10h: Mon V, Fri V → 0 of 2. 11h: Tue A → 0 of 1.
        // 14h: Mon A, Thu N (the unmarked 14:30 is not held) → 1 of 2.
        let r = report();
        let got: Vec<(u32, u32, u32)> = r
            .no_show_by_hour
            .iter()
            .map(|h| (h.hour, h.no_show.hits, h.no_show.n))
            .collect();
        assert_eq!(got, vec![(9, 2, 4), (10, 0, 2), (11, 0, 1), (14, 1, 2)]);
        assert_eq!(r.no_show_by_hour[0].no_show.percent, Some(50.0));
        assert_eq!(r.no_show_by_hour[1].no_show.percent, Some(0.0));
        assert_eq!(r.no_show, Rate::of(3, 9));
        assert_eq!(r.no_show.percent, Some(33.3));
    }

    #[test]
    fn no_show_rate_by_weekday_skips_days_without_held_calls() {
        let r = report();
        let got: Vec<(&str, u32, u32)> = r
            .no_show_by_weekday
            .iter()
            .map(|w| (w.weekday.as_str(), w.no_show.hits, w.no_show.n))
            .collect();
        assert_eq!(
            got,
            vec![("Mon", 1, 4), ("Tue", 1, 2), ("Thu", 1, 2), ("Fri", 0, 1)]
        );
    }

    #[test]
    fn callbacks_reached_within_24h_leave_out_the_undecided() {
        let c = report().callbacks;
        assert_eq!(
            c,
            CallbackFigures {
                queued: 6,
                reached_within_24h: 2,
                reached_later: 1,
                dropped: 1,
                waiting: 1,
                too_soon: 1,
                // 2 of the 5 whose 24 h are over.
                within_24h: Rate::of(2, 5),
            }
        );
        assert_eq!(c.within_24h.percent, Some(40.0));
        assert_eq!(c.within_24h.phrase(), "40 % of 5");
    }

    #[test]
    fn median_lateness_of_inbound_calls_in_range() {
        // 15, 47, 90, 120 → (47 + 90) / 2.
        let l = report().inbound_late;
        assert_eq!(l.n, 4);
        assert_eq!(l.median_minutes, Some(68.5));
    }

    #[test]
    fn promises_count_on_their_first_due_day() {
        let p = report().promises;
        assert_eq!(
            p,
            PromiseFigures {
                due: 6,
                kept_on_time: 2,
                no_news_on_time: 1,
                late: 2,
                not_yet_due: 1,
                on_time: Rate::of(3, 5),
            }
        );
        assert_eq!(p.on_time.phrase(), "60 % of 5");
    }

    #[test]
    fn median_of_odd_and_empty_sets() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[-5, 10, 200]), Some(10.0));
    }

    #[test]
    fn an_empty_week_has_days_and_no_rates() {
        let r = week_report(week(), LONDON, at(20, 16, 0), &ReportInput::default());
        assert_eq!(r.days.len(), 5);
        assert!(r.days.iter().all(|d| d.counts.total() == 0));
        assert_eq!(r.no_show.percent, None);
        assert_eq!(r.no_show.phrase(), "— of 0");
        assert!(r.no_show_by_hour.is_empty());
        assert_eq!(r.callbacks.within_24h.percent, None);
        assert_eq!(r.inbound_late.median_minutes, None);
    }

    #[test]
    fn days_and_hours_are_local_to_the_zone() {
        // 23:30 UTC on Mon 16 is 08:30 Tue 17 in Tokyo.
        let tokyo = chrono_tz::Asia::Tokyo;
        let input = ReportInput {
            calls: vec![call(16, 23, 30, Outcome::NoShow)],
            ..ReportInput::default()
        };
        let r = week_report(week(), tokyo, at(20, 16, 0), &input);
        assert_eq!(r.days[1].counts.no_show, 1);
        assert_eq!(r.no_show_by_hour[0].hour, 8);
        assert_eq!(r.no_show_by_weekday[0].weekday, "Tue");
        assert_eq!(r.zone, "Asia/Tokyo");
    }

    #[test]
    fn hours_follow_the_wall_clock_across_a_dst_change() {
        // London springs forward on Sun 29 Mar 2026: 09:00 local is 09:00
        // UTC on Fri 27 and 08:00 UTC on Mon 30.
        let range = ReportRange::new(
            NaiveDate::from_ymd_opt(2026, 3, 27).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
        )
        .unwrap();
        let input = ReportInput {
            calls: vec![
                CallRecord {
                    start: Utc.with_ymd_and_hms(2026, 3, 27, 9, 0, 0).unwrap(),
                    outcome: Outcome::NoShow,
                },
                CallRecord {
                    start: Utc.with_ymd_and_hms(2026, 3, 30, 8, 0, 0).unwrap(),
                    outcome: Outcome::Answered,
                },
            ],
            ..ReportInput::default()
        };
        let now = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
        let r = week_report(range, LONDON, now, &input);
        assert_eq!(r.no_show_by_hour.len(), 1);
        assert_eq!(r.no_show_by_hour[0].hour, 9);
        assert_eq!(r.no_show_by_hour[0].no_show, Rate::of(1, 2));
    }

    #[test]
    fn the_working_week_runs_monday_to_the_last_working_day() {
        let fri = vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        // From a Wednesday, and from the Sunday after: the same week.
        assert_eq!(ReportRange::week_of(d(18), &fri), week());
        assert_eq!(ReportRange::week_of(d(22), &fri), week());
        assert_eq!(
            ReportRange::week_of(d(18), &[Weekday::Mon, Weekday::Sat]).to,
            d(21)
        );
        assert_eq!(ReportRange::week_of(d(18), &[]), week());
        assert_eq!(
            week().shift_weeks(1),
            ReportRange::new(d(23), d(27)).unwrap()
        );
        assert_eq!(week().shift_weeks(-1).from, d(9));
    }

    #[test]
    fn ranges_are_checked() {
        assert!(ReportRange::new(d(20), d(16)).is_err());
        assert!(ReportRange::new(d(16), d(16)).is_ok());
        let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert!(ReportRange::new(from, from + Duration::days(365)).is_ok());
        assert!(ReportRange::new(from, from + Duration::days(366)).is_err());
    }

    #[test]
    fn titles_read_naturally() {
        assert_eq!(week().title(), "Mon 16 – Fri 20 Nov 2026");
        assert_eq!(
            ReportRange::new(d(30), d(30) + Duration::days(4))
                .unwrap()
                .title(),
            "Mon 30 Nov – Fri 04 Dec 2026"
        );
        assert_eq!(
            ReportRange::new(d(16), d(16)).unwrap().title(),
            "Mon 16 Nov 2026"
        );
    }

    #[test]
    fn the_report_serialises_for_scripts() {
        let json = serde_json::to_value(report()).unwrap();
        assert_eq!(json["from"], "2026-11-16");
        assert_eq!(json["days"][0]["no_show"], 1);
        assert_eq!(json["days"][0]["weekday"], "Mon");
        assert_eq!(json["callbacks"]["within_24h"]["percent"], 40.0);
        assert_eq!(json["inbound_late"]["median_minutes"], 68.5);
        assert_eq!(json["days"][2]["cancelled"], 1);
        assert_eq!(json["total"]["rescheduled"], 1);
    }

    #[test]
    fn a_call_not_yet_started_is_to_come_not_unmarked() {
        let input = ReportInput {
            calls: vec![
                call(18, 9, 0, Outcome::Scheduled),
                call(18, 15, 0, Outcome::Scheduled),
                call(19, 9, 0, Outcome::Scheduled),
            ],
            ..ReportInput::default()
        };
        // Wed 18 at noon: the morning call is late to be marked, the
        // afternoon's and Thursday's have not happened.
        let r = week_report(week(), LONDON, at(18, 12, 0), &input);
        assert_eq!(
            (r.total.unmarked, r.total.to_come, r.total.total()),
            (1, 2, 3)
        );
        assert_eq!(
            (r.days[2].counts.unmarked, r.days[2].counts.to_come),
            (1, 1)
        );
        assert_eq!(r.days[3].counts.to_come, 1);
    }
}
