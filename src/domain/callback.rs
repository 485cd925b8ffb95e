//! The callback queue: who to call back, why, by when, in what order.

use super::Candidate;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// Why a callback was queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackReason {
    Voicemail,
    NoShow,
    /// The screen was cancelled: call to rebook it.
    Rebook,
    /// Queued by hand (e.g. the candidate asked for a call).
    Requested,
}

impl CallbackReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackReason::Voicemail => "voicemail",
            CallbackReason::NoShow => "no-show",
            CallbackReason::Rebook => "rebook",
            CallbackReason::Requested => "requested",
        }
    }

    pub fn parse(s: &str) -> Option<CallbackReason> {
        match s {
            "voicemail" => Some(CallbackReason::Voicemail),
            "no-show" => Some(CallbackReason::NoShow),
            "rebook" => Some(CallbackReason::Rebook),
            "requested" => Some(CallbackReason::Requested),
            _ => None,
        }
    }

    pub fn for_outcome(o: super::Outcome) -> Option<CallbackReason> {
        match o {
            super::Outcome::Voicemail => Some(CallbackReason::Voicemail),
            super::Outcome::NoShow => Some(CallbackReason::NoShow),
            super::Outcome::Cancelled => Some(CallbackReason::Rebook),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackStatus {
    /// In the queue, waiting.
    Open,
    /// Put on the calendar as a call.
    Placed,
    /// The candidate was reached.
    Reached,
    /// Taken off the queue with a reason.
    Dropped,
}

impl CallbackStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackStatus::Open => "open",
            CallbackStatus::Placed => "placed",
            CallbackStatus::Reached => "reached",
            CallbackStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<CallbackStatus> {
        match s {
            "open" => Some(CallbackStatus::Open),
            "placed" => Some(CallbackStatus::Placed),
            "reached" => Some(CallbackStatus::Reached),
            "dropped" => Some(CallbackStatus::Dropped),
            _ => None,
        }
    }

    /// Open and placed callbacks are still owed to the candidate.
    pub fn is_pending(self) -> bool {
        matches!(self, CallbackStatus::Open | CallbackStatus::Placed)
    }
}

/// A queued callback with what the queue pane shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub id: i64,
    pub candidate: Candidate,
    pub reason: CallbackReason,
    /// Start of the missed call that queued it, for "voicemail 10:00".
    pub origin_start: Option<DateTime<Utc>>,
    pub origin_screen_id: Option<i64>,
    pub due: DateTime<Utc>,
    pub status: CallbackStatus,
    pub placed_screen_id: Option<i64>,
    /// When the candidate last rang in about it: puts it at the top.
    pub called_in_at: Option<DateTime<Utc>>,
    pub attempts_this_week: u32,
}

/// Where a callback sits in the queue, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bucket {
    /// The candidate rang in: call them back first.
    CalledIn,
    Overdue,
    DueNow,
    Later,
}

impl Bucket {
    pub fn label(self) -> &'static str {
        match self {
            Bucket::CalledIn => "called in",
            Bucket::Overdue => "overdue",
            Bucket::DueNow => "due now",
            Bucket::Later => "later",
        }
    }
}

/// How early a callback counts as "due now".
pub const DUE_SOON: i64 = 15;

impl Callback {
    /// The queue bucket at `now`: due now from 15 minutes before its time
    /// until its slot has passed; overdue after that.
    pub fn bucket(&self, now: DateTime<Utc>, slot_minutes: u32) -> Bucket {
        if self.called_in_at.is_some() {
            Bucket::CalledIn
        } else if now >= self.due + Duration::minutes(i64::from(slot_minutes)) {
            Bucket::Overdue
        } else if now >= self.due - Duration::minutes(DUE_SOON) {
            Bucket::DueNow
        } else {
            Bucket::Later
        }
    }

    /// "voicemail 10:00", "no-show Mon 14:30" (another day), or "requested".
    pub fn why(&self, zone: Tz, today: NaiveDate) -> String {
        match self.origin_start {
            None => self.reason.as_str().to_string(),
            Some(t) => {
                let local = t.with_timezone(&zone);
                if local.date_naive() == today {
                    format!("{} {}", self.reason.as_str(), local.format("%H:%M"))
                } else {
                    format!(
                        "{} {}",
                        self.reason.as_str(),
                        local.format("%a %d %b %H:%M")
                    )
                }
            }
        }
    }
}

/// Orders a queue for display: called in, overdue, due now, later; within
/// a bucket, the earliest due first (for called-in, the latest call first).
pub fn sort_queue(queue: &mut [Callback], now: DateTime<Utc>, slot_minutes: u32) {
    queue.sort_by(|a, b| {
        let (ba, bb) = (a.bucket(now, slot_minutes), b.bucket(now, slot_minutes));
        ba.cmp(&bb)
            .then_with(|| b.called_in_at.cmp(&a.called_in_at))
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The Monday-to-Sunday calendar week, in the recruiter's zone, that `at`
/// falls in, as a UTC span: what "attempts this week" counts over.
pub fn week_span(zone: Tz, at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = at.with_timezone(&zone).date_naive();
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let next_monday = monday + Duration::days(7);
    (
        super::slot::local_to_utc(zone, monday, chrono::NaiveTime::MIN),
        super::slot::local_to_utc(zone, next_monday, chrono::NaiveTime::MIN),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn cb(id: i64, due: DateTime<Utc>) -> Callback {
        Callback {
            id,
            candidate: Candidate {
                id,
                name: format!("C{id}"),
                phone: String::new(),
                email: None,
                timezone: None,
                ..Candidate::default()
            },
            reason: CallbackReason::Voicemail,
            origin_start: Some(at(9, 0)),
            origin_screen_id: Some(1),
            due,
            status: CallbackStatus::Open,
            placed_screen_id: None,
            called_in_at: None,
            attempts_this_week: 1,
        }
    }

    #[test]
    fn buckets_by_time() {
        let now = at(12, 0);
        assert_eq!(cb(1, at(11, 0)).bucket(now, 30), Bucket::Overdue);
        assert_eq!(cb(1, at(11, 30)).bucket(now, 30), Bucket::Overdue);
        assert_eq!(cb(1, at(11, 45)).bucket(now, 30), Bucket::DueNow);
        assert_eq!(cb(1, at(12, 10)).bucket(now, 30), Bucket::DueNow);
        assert_eq!(cb(1, at(12, 16)).bucket(now, 30), Bucket::Later);
    }

    #[test]
    fn queue_orders_called_in_overdue_due_now_later() {
        let now = at(12, 0);
        let mut q = vec![
            cb(1, at(15, 0)),
            cb(2, at(12, 0)),
            cb(3, at(9, 0)),
            cb(4, at(16, 0)),
        ];
        q[3].called_in_at = Some(at(11, 50));
        sort_queue(&mut q, now, 30);
        let ids: Vec<i64> = q.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![4, 3, 2, 1]);
    }

    #[test]
    fn earliest_due_first_within_bucket() {
        let now = at(8, 0);
        let mut q = vec![cb(1, at(15, 0)), cb(2, at(10, 0)), cb(3, at(12, 0))];
        sort_queue(&mut q, now, 30);
        assert_eq!(q.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 3, 1]);
    }

    #[test]
    fn why_names_reason_and_slot() {
        let c = cb(1, at(12, 0));
        let today = at(0, 0).date_naive();
        assert_eq!(c.why(chrono_tz::UTC, today), "voicemail 09:00");
        let yesterday = today.succ_opt().unwrap();
        assert_eq!(
            c.why(chrono_tz::UTC, yesterday),
            "voicemail Mon 23 Nov 09:00"
        );
    }

    #[test]
    fn week_is_monday_to_sunday_local() {
        // Wed 25 Nov 2026 in New York.
        let (s, e) = week_span(
            chrono_tz::America::New_York,
            Utc.with_ymd_and_hms(2026, 11, 25, 15, 0, 0).unwrap(),
        );
        assert_eq!(s, Utc.with_ymd_and_hms(2026, 11, 23, 5, 0, 0).unwrap());
        assert_eq!(e, Utc.with_ymd_and_hms(2026, 11, 30, 5, 0, 0).unwrap());
    }
}
