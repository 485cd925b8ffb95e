//! The demo's story before it is written: the calls to book and what the
//! recruiter and the candidates do to them, each at its moment relative
//! to now (`Plan`).

use super::data::{hhmm, Data, Person, PER_EARLIER_DAY};
use super::schedule::*;
use crate::domain::promise::add_working_days;
use crate::domain::slot::local_to_utc;
use crate::domain::{Interval, Outcome, WorkingHours};
use crate::error::Result;
use crate::store::{NewCandidate, NewScreen};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// Something the recruiter (or a candidate) did to a call.
#[derive(Debug, Clone)]
pub(super) enum Act {
    Mark {
        outcome: Outcome,
        note: Option<String>,
        /// The callback this mark queues is reached this long after due.
        reach_after: Option<i64>,
        /// Its callback is placed in the first free slot and missed again.
        retry: bool,
    },
    /// The candidate rang in about this call.
    Inbound,
    /// Its callback was snoozed to the next free slot.
    Snooze,
    /// Its callback was reached.
    Reach,
    /// Its callback was placed on the calendar and missed again.
    Retry,
    /// A promise to the call's candidate, due by the end of `due`.
    Promise { what: String, due: NaiveDate },
    /// The promise made on this call was kept.
    KeepPromise,
    /// The promise made on this call was met by a "no news yet" call.
    NoNews,
}

/// A call, by who and when (ids are known only after the import).
pub(super) type Key = (String, DateTime<Utc>);

/// The demo before it is written: calls to book, and what happens when.
pub(super) struct Plan {
    pub(super) day: NaiveDate,
    pub(super) rows: Vec<NewScreen>,
    pub(super) busy: (Interval, String),
    pub(super) candidate_notes: Vec<(String, String)>,
    pub(super) steps: Vec<(DateTime<Utc>, Key, Act)>,
}

/// Minutes into a call at which it is marked: a voicemail is left at once,
/// a no-show is given a few minutes, an answered call is marked at its end.
pub(super) fn mark_delay(outcome: Outcome) -> Duration {
    Duration::minutes(match outcome {
        Outcome::Voicemail => 3,
        Outcome::NoShow => 9,
        _ => 26,
    })
}
pub(super) fn plan(data: &Data, now: DateTime<Utc>, hours: &WorkingHours) -> Result<Plan> {
    let zone = hours.zone;
    let (day, phase) = choose_day(hours, now);
    let prev = previous_working_day(hours, day);
    let at = |date: NaiveDate, t: &str| -> Result<DateTime<Utc>> {
        Ok(local_to_utc(zone, date, hhmm(t)?))
    };

    let slots = hours.slots(day);
    let busy = Interval::new(at(day, &data.busy.start)?, at(day, &data.busy.end)?);
    let uses = layout(&slots, &busy, phase);
    let screen_slots: Vec<Interval> = slots
        .iter()
        .zip(&uses)
        .filter(|(_, u)| **u == Use::Screen)
        .map(|(s, _)| *s)
        .collect();
    let noon = at(day, "12:00")?;
    let people: Vec<(Person, Option<Tz>)> = data
        .today
        .iter()
        .map(|p| (p.clone(), pick_zone(&p.timezone, zone, noon)))
        .collect();
    let placed = assign(&people, &screen_slots);

    let mut rows: Vec<NewScreen> = Vec::new();
    let mut steps: Vec<(DateTime<Utc>, Key, Act)> = Vec::new();
    let book = |rows: &mut Vec<NewScreen>, p: &Person, tz: Option<Tz>, start: DateTime<Utc>| {
        rows.push(NewScreen {
            candidate: NewCandidate {
                name: p.name.clone(),
                phone: p.phone.clone(),
                email: p.email.clone(),
                timezone: tz,
            },
            role: Some(p.role.clone()),
            start,
            minutes: hours.slot_minutes,
            note: p.prep.clone(),
            source: Some(("demo".into(), format!("{}@{}", p.phone, start.timestamp()))),
            origin: "demo".into(),
            outcome: None,
        });
        (p.name.clone(), start)
    };
    let mark = |p: &Person| Act::Mark {
        outcome: p.outcome,
        note: after_call_note(p),
        reach_after: None,
        retry: p.retry,
    };

    // Today: what has ended is marked, but for the day's last call once the
    // day is over (left for the recruiter to mark).
    let last_start = placed.iter().map(|(_, s)| s.start).max();
    let mut inbound_today = false;
    for (p, slot) in &placed {
        let (person, tz) = &people[*p];
        let key = book(&mut rows, person, *tz, slot.start);
        let left_for_the_recruiter = phase == Phase::After && Some(slot.start) == last_start;
        if slot.end > now || left_for_the_recruiter {
            continue;
        }
        steps.push((
            slot.start + mark_delay(person.outcome),
            key.clone(),
            mark(person),
        ));
        if let Some(late) = person.called_in_after {
            let t = slot.start + Duration::minutes(late);
            if t <= now {
                inbound_today = true;
                steps.push((t, key, Act::Inbound));
            }
        }
    }

    // Yesterday: all marked. Its caller rings in only if today's has not.
    for person in &data.yesterday {
        let start = at(prev, person.at.as_deref().unwrap_or("09:00"))?;
        let tz = pick_zone(&person.timezone, zone, start);
        let key = book(&mut rows, person, tz, start);
        steps.push((
            start + mark_delay(person.outcome),
            key.clone(),
            mark(person),
        ));
        if let (Some(late), false) = (person.called_in_after, inbound_today) {
            steps.push((start + Duration::minutes(late), key.clone(), Act::Inbound));
        }
        if let (true, Phase::During(c)) = (person.snooze, phase) {
            // A moment ago, inside the current slot, so the next free slot
            // (kept free by `layout`) is the one after it.
            let t = (now - Duration::minutes(2)).max(slots[c].start);
            steps.push((t, key, Act::Snooze));
        }
    }

    // Earlier days of the week (of the week before, when yesterday was
    // already in it), so the report (`R`) has a week to show. Each call's
    // callback is reached, most within a day; candidates rang in before.
    for (k, date) in earlier_days(hours, prev).into_iter().enumerate() {
        let people = data.week.iter().cycle().skip(k * PER_EARLIER_DAY);
        for person in people.take(PER_EARLIER_DAY.min(data.week.len())) {
            let start = at(date, person.at.as_deref().unwrap_or("09:00"))?;
            let key = book(&mut rows, person, None, start);
            let act = Act::Mark {
                outcome: person.outcome,
                note: person.note.clone(),
                reach_after: person.reached_after_minutes,
                retry: false,
            };
            let marked = start + mark_delay(person.outcome);
            steps.push((marked, key.clone(), act));
            if let Some(late) = person.called_in_after {
                steps.push((start + Duration::minutes(late), key.clone(), Act::Inbound));
            }
            if let Some(p) = &person.promise {
                let due = add_working_days(hours, date, p.due_after);
                let what = p.what.clone();
                steps.push((
                    marked + Duration::minutes(1),
                    key.clone(),
                    Act::Promise { what, due },
                ));
                match p.result.as_str() {
                    "kept" => steps.push((at(due, "11:00")?, key, Act::KeepPromise)),
                    "late" => {
                        let next = add_working_days(hours, due, 1);
                        steps.push((at(next, "10:00")?, key, Act::KeepPromise));
                    }
                    "no-news" => steps.push((at(due, "15:00")?, key, Act::NoNews)),
                    _ => {}
                }
            }
        }
    }

    // Earlier history.
    let mut candidate_notes = Vec::new();
    for (person, tz) in &people {
        if let Some(n) = &person.candidate_note {
            candidate_notes.push((person.name.clone(), n.clone()));
        }
        for past in &person.history {
            let date = working_days_before(hours, day, past.working_days_before);
            let start = at(date, &past.at)?;
            let mut p = person.clone();
            p.prep = None;
            let key = book(&mut rows, &p, *tz, start);
            let act = Act::Mark {
                outcome: past.outcome,
                note: past.note.clone(),
                reach_after: past.reached_after_minutes,
                retry: false,
            };
            steps.push((start + mark_delay(past.outcome), key, act));
        }
    }

    // In time order, so ids read in the order the calls happen.
    rows.sort_by_key(|r| r.start);
    Ok(Plan {
        day,
        rows,
        busy: (busy, data.busy.summary.clone()),
        candidate_notes,
        steps,
    })
}

/// What the recruiter types after the call, above the prep note it keeps.
pub(super) fn after_call_note(p: &Person) -> Option<String> {
    match (&p.note, &p.prep) {
        (Some(n), Some(prep)) => Some(format!("{n}\n\nPrep: {prep}")),
        (Some(n), None) => Some(n.clone()),
        (None, _) => None,
    }
}
