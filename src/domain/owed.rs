//! Close the loop: what the recruiter owes people, and how long they have
//! waited, in working days.
//!
//! Three kinds of debt: a candidate who had a screen and has heard nothing
//! since for more than N working days (`Settings.owed_after_working_days`);
//! a rejection decided but not delivered (stage "rejected — not told"); a
//! promise due today or overdue. The store gathers the facts; the rules of
//! who is owed and for how long are here.

use super::promise::{due_date, Urgency};
use super::{Candidate, Promise, Stage, WorkingHours};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// How far back a held screen counts: older silences are history, not a
/// debt (and the query stays bounded on years of calls).
pub const LOOKBACK_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum OwedKind {
    /// A held screen, and no contact since.
    News { held: DateTime<Utc> },
    /// Rejected, and not yet told.
    Rejection,
    /// An open promise due today or overdue.
    Promise {
        id: i64,
        what: String,
        due: DateTime<Utc>,
        waiting_on_hm: bool,
    },
}

/// One thing owed to one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owed {
    pub candidate: Candidate,
    #[serde(flatten)]
    pub kind: OwedKind,
    /// Since when they have waited (last contact, the decision, the due
    /// time).
    pub since: DateTime<Utc>,
    /// Working days waited since then (for a promise: past its due day).
    pub working_days: u32,
}

impl Owed {
    /// "7 working days", "due today", "2 working days overdue".
    pub fn waited(&self) -> String {
        let days = |n: u32| match n {
            1 => "1 working day".to_string(),
            n => format!("{n} working days"),
        };
        match &self.kind {
            OwedKind::Promise { .. } if self.working_days == 0 => "due today".into(),
            OwedKind::Promise { .. } => format!("{} overdue", days(self.working_days)),
            _ if self.working_days == 0 => "today".into(),
            _ => days(self.working_days),
        }
    }

    /// What is owed, in a few words.
    pub fn what(&self) -> String {
        match &self.kind {
            OwedKind::News { .. } => "news after their screen".into(),
            OwedKind::Rejection => "the rejection call".into(),
            OwedKind::Promise {
                what,
                waiting_on_hm,
                ..
            } => {
                if *waiting_on_hm {
                    format!("{what} (waiting on the hiring manager)")
                } else {
                    what.clone()
                }
            }
        }
    }
}

/// Working days after `since`'s local date, up to and including today's.
pub fn working_days_since(hours: &WorkingHours, since: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    working_days_between(hours, hours.local_date(since), hours.local_date(now))
}

fn working_days_between(hours: &WorkingHours, from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| hours.is_working_day(*d))
        .count() as u32
}

/// The facts about a candidate's last held screen the store gathers.
#[derive(Debug, Clone, PartialEq)]
pub struct Silence {
    pub candidate: Candidate,
    /// Start of their latest answered screen.
    pub held: DateTime<Utc>,
    /// Their latest attempt either way, if any.
    pub last_contact: Option<DateTime<Utc>>,
    /// They have a call booked ahead: not waiting on news.
    pub booked_ahead: bool,
}

/// Whether a silence after a held screen has become a debt: more than
/// `after` working days with no contact, nothing booked, not do-not-call,
/// and their stage not one that already closes the loop (or owes the
/// rejection call, which is listed as such).
pub fn news_owed(
    s: &Silence,
    now: DateTime<Utc>,
    hours: &WorkingHours,
    after: u32,
) -> Option<Owed> {
    let c = &s.candidate;
    if s.booked_ahead || c.do_not_call || c.stage.is_closed() || c.stage == Stage::RejectedNotTold {
        return None;
    }
    let since = s.last_contact.map_or(s.held, |t| t.max(s.held));
    let working_days = working_days_since(hours, since, now);
    (working_days > after).then(|| Owed {
        candidate: c.clone(),
        kind: OwedKind::News { held: s.held },
        since,
        working_days,
    })
}

/// A candidate at "rejected — not told" is owed the call, however recent.
pub fn rejection_owed(c: &Candidate, now: DateTime<Utc>, hours: &WorkingHours) -> Option<Owed> {
    if c.stage != Stage::RejectedNotTold || c.do_not_call {
        return None;
    }
    let since = c.stage_at.unwrap_or(now).min(now);
    Some(Owed {
        candidate: c.clone(),
        kind: OwedKind::Rejection,
        since,
        working_days: working_days_since(hours, since, now),
    })
}

/// An open promise is owed once it is due today or overdue.
pub fn promise_owed(p: &Promise, now: DateTime<Utc>, hours: &WorkingHours) -> Option<Owed> {
    if p.urgency(now, hours) == Urgency::Later {
        return None;
    }
    let due_day = due_date(hours, p.due);
    Some(Owed {
        candidate: p.candidate.clone(),
        kind: OwedKind::Promise {
            id: p.id,
            what: p.what.clone(),
            due: p.due,
            waiting_on_hm: p.waiting_on_hm,
        },
        since: p.due,
        working_days: working_days_between(hours, due_day, hours.local_date(now)),
    })
}

/// The list in the order to work it: longest wait first; on a tie,
/// promises, then rejections, then news; then by name.
pub fn sort_owed(list: &mut [Owed]) {
    let rank = |k: &OwedKind| match k {
        OwedKind::Promise { .. } => 0,
        OwedKind::Rejection => 1,
        OwedKind::News { .. } => 2,
    };
    list.sort_by(|a, b| {
        b.working_days
            .cmp(&a.working_days)
            .then(rank(&a.kind).cmp(&rank(&b.kind)))
            .then(a.candidate.name.cmp(&b.candidate.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::promise::{due_instant, PromiseStatus};
    use chrono::TimeZone;

    fn london() -> WorkingHours {
        WorkingHours {
            zone: chrono_tz::Europe::London,
            ..WorkingHours::default()
        }
    }
    /// November 2026: Mon 23, Fri 27, Mon 30; Wed 2 Dec.
    fn at(day: u32, h: u32) -> DateTime<Utc> {
        if day > 30 {
            Utc.with_ymd_and_hms(2026, 12, day - 30, h, 0, 0).unwrap()
        } else {
            Utc.with_ymd_and_hms(2026, 11, day, h, 0, 0).unwrap()
        }
    }
    fn cand(name: &str) -> Candidate {
        Candidate {
            id: 1,
            name: name.into(),
            ..Candidate::default()
        }
    }
    fn silence(held: DateTime<Utc>, last: Option<DateTime<Utc>>) -> Silence {
        Silence {
            candidate: cand("Ana"),
            held,
            last_contact: last,
            booked_ahead: false,
        }
    }

    #[test]
    fn working_days_skip_weekends_and_count_from_the_day_after() {
        let h = london();
        assert_eq!(working_days_since(&h, at(23, 10), at(23, 17)), 0);
        assert_eq!(working_days_since(&h, at(23, 10), at(27, 9)), 4);
        // Mon 23 → Wed 2 Dec: Tue..Fri (4) + Mon, Tue, Wed (3).
        assert_eq!(working_days_since(&h, at(23, 10), at(32, 9)), 7);
        // A Friday screen waits no working days over the weekend.
        assert_eq!(working_days_since(&h, at(27, 16), at(29, 12)), 0);
    }

    #[test]
    fn news_is_owed_after_more_than_n_working_days_of_silence() {
        let h = london();
        let s = silence(at(23, 10), Some(at(23, 10)));
        // Mon 30: 5 working days, not more than 5.
        assert_eq!(news_owed(&s, at(30, 12), &h, 5), None);
        let owed = news_owed(&s, at(32, 9), &h, 5).unwrap();
        assert_eq!(owed.working_days, 7);
        assert_eq!(owed.waited(), "7 working days");
        assert_eq!(owed.kind, OwedKind::News { held: at(23, 10) });
    }

    #[test]
    fn any_contact_since_the_screen_restarts_the_wait() {
        let h = london();
        let s = silence(at(23, 10), Some(at(27, 11)));
        assert_eq!(news_owed(&s, at(32, 9), &h, 5), None);
        let owed = news_owed(&s, at(32, 9), &h, 2).unwrap();
        assert_eq!((owed.since, owed.working_days), (at(27, 11), 3));
    }

    #[test]
    fn nobody_is_owed_news_who_is_booked_flagged_or_has_their_answer() {
        let h = london();
        let now = at(32, 9);
        let mut s = silence(at(23, 10), None);
        s.booked_ahead = true;
        assert_eq!(news_owed(&s, now, &h, 5), None);
        let mut s = silence(at(23, 10), None);
        s.candidate.do_not_call = true;
        assert_eq!(news_owed(&s, now, &h, 5), None);
        for stage in [
            Stage::Hired,
            Stage::RejectedTold,
            Stage::Withdrawn,
            Stage::RejectedNotTold,
        ] {
            let mut s = silence(at(23, 10), None);
            s.candidate.stage = stage;
            assert_eq!(news_owed(&s, now, &h, 5), None, "{stage}");
        }
        let mut s = silence(at(23, 10), None);
        s.candidate.stage = Stage::Interviewing;
        assert!(news_owed(&s, now, &h, 5).is_some());
    }

    #[test]
    fn an_undelivered_rejection_is_owed_from_the_day_it_was_decided() {
        let h = london();
        let mut c = cand("Bo");
        assert_eq!(rejection_owed(&c, at(27, 9), &h), None);
        c.stage = Stage::RejectedNotTold;
        c.stage_at = Some(at(23, 15));
        let owed = rejection_owed(&c, at(27, 9), &h).unwrap();
        assert_eq!(
            (owed.working_days, owed.waited()),
            (4, "4 working days".into())
        );
        assert_eq!(owed.what(), "the rejection call");
    }

    fn promise(due: NaiveDate) -> Promise {
        Promise {
            id: 7,
            candidate: cand("Chen"),
            screen_id: None,
            what: "update after HM feedback".into(),
            due: due_instant(&london(), due),
            waiting_on_hm: true,
            status: PromiseStatus::Open,
            created_at: at(23, 9),
            closed_at: None,
            moves: vec![],
        }
    }

    #[test]
    fn a_promise_is_owed_on_its_day_and_counts_working_days_overdue() {
        let h = london();
        let fri = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let p = promise(fri);
        assert_eq!(promise_owed(&p, at(26, 12), &h), None);
        let today = promise_owed(&p, at(27, 12), &h).unwrap();
        assert_eq!(today.waited(), "due today");
        assert_eq!(
            today.what(),
            "update after HM feedback (waiting on the hiring manager)"
        );
        // Over the weekend it is overdue, but no working day has passed.
        assert_eq!(promise_owed(&p, at(29, 12), &h).unwrap().working_days, 0);
        let late = promise_owed(&p, at(32, 9), &h).unwrap();
        assert_eq!(late.waited(), "3 working days overdue");
    }

    #[test]
    fn the_longest_wait_comes_first() {
        let h = london();
        let now = at(32, 9);
        let mut list = vec![
            news_owed(&silence(at(23, 10), None), now, &h, 5).unwrap(),
            promise_owed(
                &promise(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
                now,
                &h,
            )
            .unwrap(),
        ];
        list.push(Owed {
            working_days: 7,
            kind: OwedKind::Rejection,
            ..list[0].clone()
        });
        sort_owed(&mut list);
        let kinds: Vec<u32> = list.iter().map(|o| o.working_days).collect();
        assert_eq!(kinds, vec![7, 7, 2]);
        assert_eq!(list[0].kind, OwedKind::Rejection);
    }
}
