//! What a report comes to: outcome counts, rates that carry their `n`,
//! and the per-day, per-hour, per-weekday, callback, promise and lateness
//! figures of a [`WeekReport`]. How they read is in `text`.

use super::ReportRange;
use crate::domain::Outcome;
use chrono::NaiveDate;
use serde::Serialize;

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

    pub(super) fn slot(&mut self, o: Outcome) -> &mut u32 {
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
    pub(super) fn add(&mut self, o: Outcome, ahead: bool) {
        if o == Outcome::Scheduled && ahead {
            self.to_come += 1;
        } else {
            *self.slot(o) += 1;
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
