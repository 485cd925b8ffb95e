//! `callsheet demo`: a realistic call day, made relative to now.
//!
//! The people, roles and notes come from `assets/demo/day.json`; this module
//! decides when everything happens so the demo looks right whenever it runs:
//!
//! - **The demo day** is today on a working day. Before working hours it is
//!   a day about to start (yesterday's callbacks waiting); during them, the
//!   calls before now are marked, the one in progress is live and a free
//!   slot follows it; after them, the day is done but for its last call,
//!   left for the recruiter to mark. On a weekend it is the last working
//!   day, finished the same way, and the app opens on that date.
//! - **The previous working day** holds six marked screens and a callback
//!   placed on the calendar and missed again, so the queue always has
//!   overdue callbacks, a candidate at the weekly attempt limit, and one
//!   who rang in (from today's voicemail once its "called back 47 min
//!   after" has happened, else from yesterday's).
//! - **History**: one candidate missed a screen days ago, was reached, had a
//!   first screen yesterday and a second today.
//!
//! Everything is written through the same `Store` calls the app uses
//! (`import`, `mark_with_note`, `place_callback`, `log_inbound`,
//! `snooze_callback`, `callback_reached`), each at the moment it would have happened, so
//! attempts, callbacks and lateness look as they would after a real day.
//!
//! Must not import: ratatui, crossterm, rusqlite.

use crate::config::Settings;
use crate::domain::promise::add_working_days;
use crate::domain::slot::{local_to_utc, LocalHours};
use crate::domain::{Bucket, Call, Interval, Outcome, WorkingHours};
use crate::error::{Error, Result};
use crate::store::{FileKind, NewCandidate, NewScreen, Store};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const DATA: &str = include_str!("../assets/demo/day.json");

/// What `callsheet demo` built, for its summary line and the app.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSummary {
    /// The day the app should open on.
    pub date: NaiveDate,
    pub calls: usize,
    pub marked: usize,
    pub open_callbacks: usize,
    pub overdue: usize,
}

impl DemoSummary {
    pub fn line(&self, path: &Path) -> String {
        format!(
            "demo day {}: {} calls ({} marked), {} callbacks queued ({} overdue); database {}",
            self.date.format("%a %d %b %Y"),
            self.calls,
            self.marked,
            self.open_callbacks,
            self.overdue,
            path.display()
        )
    }
}

/// Replaces whatever demo is at `path` with a fresh one built for `now`.
///
/// Refuses to delete anything that is not a callsheet demo (the recruiter's
/// real database, another program's file): only an absent or empty file,
/// or a database carrying the demo mark, is replaced.
pub fn build(path: &Path, now: DateTime<Utc>, settings: &Settings) -> Result<DemoSummary> {
    match Store::probe(path)? {
        FileKind::Absent | FileKind::Empty | FileKind::Demo => {}
        FileKind::Other(why) => {
            return Err(Error::Refused(format!(
                "{}: {why}; the demo only replaces its own database (choose another --db)",
                path.display()
            )))
        }
    }
    for p in [
        path.to_path_buf(),
        sidecar(path, "-wal"),
        sidecar(path, "-shm"),
    ] {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(p, e)),
        }
    }
    let store = Store::open(path)?;
    store.mark_as_demo(now)?;
    populate(&store, now, settings)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

// ---------------------------------------------------------------- the data

#[derive(Debug, Deserialize)]
struct Data {
    busy: BusyData,
    today: Vec<Person>,
    yesterday: Vec<Person>,
    /// Earlier days of the week, `PER_EARLIER_DAY` people a day in turn.
    #[serde(default)]
    week: Vec<Person>,
}

/// How many of `Data::week` each earlier day of the week takes.
const PER_EARLIER_DAY: usize = 4;

#[derive(Debug, Deserialize)]
struct BusyData {
    summary: String,
    start: String,
    end: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Person {
    name: String,
    phone: String,
    #[serde(default)]
    email: Option<String>,
    /// Their zone, with alternatives for when it matches the recruiter's.
    #[serde(default)]
    timezone: Vec<String>,
    role: String,
    outcome: Outcome,
    /// Local time of yesterday's screen.
    #[serde(default)]
    at: Option<String>,
    /// A note written when the call was booked.
    #[serde(default)]
    prep: Option<String>,
    /// A note written after the call.
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    candidate_note: Option<String>,
    /// Rang back this many minutes after the missed slot.
    #[serde(default)]
    called_in_after: Option<i64>,
    /// Earlier in the week: their callback was reached this long after it
    /// fell due.
    #[serde(default)]
    reached_after_minutes: Option<i64>,
    /// Earlier in the week: a promise made on the call.
    #[serde(default)]
    promise: Option<PromiseData>,
    /// Their callback was snoozed to the free slot after now.
    #[serde(default)]
    snooze: bool,
    /// Their callback was placed in a free slot and missed again.
    #[serde(default)]
    retry: bool,
    #[serde(default)]
    history: Vec<Past>,
}

/// A promise made on a call earlier in the week, and how it went.
#[derive(Debug, Clone, Deserialize)]
struct PromiseData {
    what: String,
    /// Due this many working days after the call.
    due_after: u32,
    /// "kept" (on the due day), "late" (the working day after), "no-news"
    /// (a "no news yet" call on the due day) or "open".
    result: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Past {
    working_days_before: u32,
    at: String,
    outcome: Outcome,
    #[serde(default)]
    note: Option<String>,
    /// Their callback was reached this long after it fell due.
    #[serde(default)]
    reached_after_minutes: Option<i64>,
}

fn load_data() -> Result<Data> {
    serde_json::from_str(DATA).map_err(|e| Error::Invalid(format!("demo data: {e}")))
}

fn hhmm(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|_| Error::Invalid(format!("demo data: '{s}' is not a time like 09:30")))
}

// ------------------------------------------------------------ the schedule

/// Where "now" falls relative to the demo day's working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Before,
    /// In the working day, in slot `c`.
    During(usize),
    After,
}

/// The demo day and where now falls in it.
fn choose_day(hours: &WorkingHours, now: DateTime<Utc>) -> (NaiveDate, Phase) {
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

fn previous_working_day(hours: &WorkingHours, date: NaiveDate) -> NaiveDate {
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
fn earlier_days(hours: &WorkingHours, prev: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let monday = prev - Duration::days(i64::from(prev.weekday().num_days_from_monday()));
    monday
        .iter_days()
        .take_while(|d| *d < prev)
        .filter(|d| hours.is_working_day(*d))
        .collect()
}

fn working_days_before(hours: &WorkingHours, date: NaiveDate, n: u32) -> NaiveDate {
    (0..n).fold(date, |d, _| previous_working_day(hours, d))
}

/// What each slot of the demo day holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Screen,
    Free,
    Busy,
}

/// Lays out the day: the busy block, four free gaps spread through the day,
/// and screens in the rest. During the day the slot after now (after the
/// busy block, if that comes first) is kept free, so a snoozed callback can
/// be "due soon" in it, and the current slot is never a gap.
fn layout(slots: &[Interval], busy: &Interval, phase: Phase) -> Vec<Use> {
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
fn pick_zone(names: &[String], recruiter: Tz, at: DateTime<Utc>) -> Option<Tz> {
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
fn assign(people: &[(Person, Option<Tz>)], screens: &[Interval]) -> Vec<(usize, Interval)> {
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

// --------------------------------------------------------------- the story

/// Something the recruiter (or a candidate) did to a call.
#[derive(Debug, Clone)]
enum Act {
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
type Key = (String, DateTime<Utc>);

/// The demo before it is written: calls to book, and what happens when.
struct Plan {
    day: NaiveDate,
    rows: Vec<NewScreen>,
    busy: (Interval, String),
    candidate_notes: Vec<(String, String)>,
    steps: Vec<(DateTime<Utc>, Key, Act)>,
}

/// Minutes into a call at which it is marked: a voicemail is left at once,
/// a no-show is given a few minutes, an answered call is marked at its end.
fn mark_delay(outcome: Outcome) -> Duration {
    Duration::minutes(match outcome {
        Outcome::Voicemail => 3,
        Outcome::NoShow => 9,
        _ => 26,
    })
}

/// Writes the demo into an open (empty) store.
pub fn populate(store: &Store, now: DateTime<Utc>, settings: &Settings) -> Result<DemoSummary> {
    let plan = plan(&load_data()?, now, &settings.rules.hours)?;
    play(store, &plan, now, settings)?;
    summarise(store, plan.day, now, settings)
}

fn plan(data: &Data, now: DateTime<Utc>, hours: &WorkingHours) -> Result<Plan> {
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

/// Writes the plan through the store, each step at its own time, in time
/// order; steps whose time depends on an earlier one (reaching a callback
/// when it falls due) are scheduled as they become known.
fn play(store: &Store, plan: &Plan, now: DateTime<Utc>, settings: &Settings) -> Result<()> {
    let rules = &settings.rules;
    let zone = rules.hours.zone;
    // Booked a week before the earliest call, as an imported calendar is.
    let earliest = plan.rows.first().map_or(now, |r| r.start);
    let booked = (earliest - Duration::days(7)).min(now);
    store.import(&plan.rows, booked, false)?;
    store.add_busy(plan.busy.0, &plan.busy.1)?;

    let calls: HashMap<Key, Call> = store
        .calls_between(
            earliest,
            plan.rows.last().map_or(now, |r| r.start) + Duration::days(1),
        )?
        .into_iter()
        .map(|c| ((c.candidate.name.clone(), c.start), c))
        .collect();
    for (name, note) in &plan.candidate_notes {
        if let Some(c) = calls.values().find(|c| &c.candidate.name == name) {
            store.set_candidate_note(c.candidate.id, note, booked)?;
        }
    }

    // (time, sequence) → (call id, act): a queue that stays in time order
    // as steps are added.
    let mut queue: BTreeMap<(DateTime<Utc>, usize), (i64, Act)> = BTreeMap::new();
    for (seq, (t, key, act)) in plan.steps.iter().enumerate() {
        let c = calls
            .get(key)
            .ok_or_else(|| Error::NotFound(format!("demo: no call for {} at {}", key.0, key.1)))?;
        queue.insert((*t, seq), (c.id, act.clone()));
    }
    let mut seq = queue.len();
    // Promises by the call they were made on.
    let mut promises: HashMap<i64, i64> = HashMap::new();
    let mut later = |queue: &mut BTreeMap<_, _>, t: DateTime<Utc>, id: i64, act: Act| {
        if t <= now {
            seq += 1;
            queue.insert((t, seq), (id, act));
        }
    };
    while let Some(((t, _), (id, act))) = queue.pop_first() {
        if t > now {
            break;
        }
        match act {
            Act::Mark {
                outcome,
                note,
                reach_after,
                retry,
            } => {
                let done = store.mark_with_note(id, outcome, note.as_deref(), t, rules)?;
                if let (Some(due), Some(after)) = (done.callback_due, reach_after) {
                    later(&mut queue, due + Duration::minutes(after), id, Act::Reach);
                }
                if retry {
                    later(&mut queue, t + Duration::minutes(1), id, Act::Retry);
                }
            }
            Act::Inbound => {
                let c = store.call(id)?;
                store.log_inbound(c.candidate.id, Some(id), t)?;
            }
            Act::Snooze => {
                store.snooze_callback(open_callback_of(store, id, t, zone)?, t, rules)?;
            }
            Act::Reach => {
                store.callback_reached(open_callback_of(store, id, t, zone)?, t, rules)?;
            }
            Act::Promise { what, due } => {
                let c = store.call(id)?;
                let (p, _) = store.add_promise(
                    c.candidate.id,
                    Some(id),
                    &what,
                    due,
                    true,
                    t,
                    &rules.hours,
                )?;
                promises.insert(id, p);
            }
            Act::KeepPromise => {
                if let Some(p) = promises.get(&id) {
                    store.keep_promise(*p, t)?;
                }
            }
            Act::NoNews => {
                if let Some(p) = promises.get(&id) {
                    let after = settings.owed_after_working_days;
                    store.promise_no_news(*p, t, &rules.hours, after)?;
                }
            }
            Act::Retry => {
                let cb = open_callback_of(store, id, t, zone)?;
                if let Some(slot) = store.free_slots_for(cb, t, rules, 1)?.first() {
                    let (placed, _) = store.place_callback(cb, *slot, t, rules)?;
                    if slot.end <= now {
                        let act = Act::Mark {
                            outcome: Outcome::Voicemail,
                            note: Some("Called back in the placed slot: voicemail again.".into()),
                            reach_after: None,
                            retry: false,
                        };
                        later(
                            &mut queue,
                            slot.start + mark_delay(Outcome::Voicemail),
                            placed,
                            act,
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

/// What the recruiter types after the call, above the prep note it keeps.
fn after_call_note(p: &Person) -> Option<String> {
    match (&p.note, &p.prep) {
        (Some(n), Some(prep)) => Some(format!("{n}\n\nPrep: {prep}")),
        (Some(n), None) => Some(n.clone()),
        (None, _) => None,
    }
}

/// The open callback a call queued.
fn open_callback_of(store: &Store, call_id: i64, at: DateTime<Utc>, zone: Tz) -> Result<i64> {
    store
        .open_callbacks(at, zone)?
        .into_iter()
        .find(|cb| cb.origin_screen_id == Some(call_id))
        .map(|cb| cb.id)
        .ok_or_else(|| Error::NotFound(format!("demo: no open callback for call {call_id}")))
}

fn summarise(
    store: &Store,
    day: NaiveDate,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<DemoSummary> {
    let hours = &settings.rules.hours;
    let span = hours.day_span(day);
    let calls = store.calls_between(span.start, span.end)?;
    let queue = store.open_callbacks(now, hours.zone)?;
    Ok(DemoSummary {
        date: day,
        calls: calls.len(),
        marked: calls.iter().filter(|c| c.outcome.is_marked()).count(),
        open_callbacks: queue.len(),
        overdue: queue
            .iter()
            .filter(|c| c.bucket(now, hours.slot_minutes) == Bucket::Overdue)
            .count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn settings(zone: Tz) -> Settings {
        Settings::with_zone(zone)
    }

    fn build_at(zone: Tz, now: DateTime<Utc>) -> (Store, DemoSummary) {
        let store = Store::open_in_memory().unwrap();
        let s = populate(&store, now, &settings(zone)).unwrap();
        (store, s)
    }

    #[test]
    fn data_parses_and_has_fourteen_people_today() {
        let d = load_data().unwrap();
        assert_eq!(d.today.len(), 14);
        assert!(d.yesterday.iter().all(|p| p.at.is_some()));
    }

    #[test]
    fn layout_keeps_the_slot_after_now_free() {
        let hours = WorkingHours::default();
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let slots = hours.slots(day);
        let busy = Interval::new(slots[9].start, slots[10].end);
        for c in 0..slots.len() {
            let uses = layout(&slots, &busy, Phase::During(c));
            assert_ne!(uses[c], Use::Free, "slot {c}");
            assert_eq!(uses.iter().filter(|u| **u == Use::Free).count(), 4);
            if let Some(f) = (c + 1..slots.len()).find(|&i| uses[i] != Use::Busy) {
                assert_eq!(uses[f], Use::Free, "after {c}");
            }
        }
        let uses = layout(&slots, &busy, Phase::Before);
        assert_eq!(uses.iter().filter(|u| **u == Use::Screen).count(), 14);
    }

    #[test]
    fn weekend_builds_the_last_working_day() {
        let sat = Utc.with_ymd_and_hms(2026, 11, 28, 11, 0, 0).unwrap();
        let (_, s) = build_at(chrono_tz::Europe::London, sat);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(s.calls, 14);
        assert_eq!(s.marked, 13);
    }

    #[test]
    fn mid_morning_has_marks_a_live_call_and_a_callback_due_soon() {
        let zone = chrono_tz::Europe::London;
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 40, 0).unwrap();
        let (store, s) = build_at(zone, now);
        assert_eq!(s.calls, 14);
        let span = WorkingHours {
            zone,
            ..WorkingHours::default()
        }
        .day_span(s.date);
        let calls = store.calls_between(span.start, span.end).unwrap();
        for c in &calls {
            assert_eq!(
                c.outcome.is_marked(),
                c.end() <= now,
                "{} {}",
                c.candidate.name,
                c.start
            );
            assert!(c.marked_at.is_none_or(|m| m <= now));
        }
        let queue = store.open_callbacks(now, zone).unwrap();
        assert!(queue.iter().any(|c| c.bucket(now, 30) == Bucket::Overdue));
        assert!(
            queue
                .iter()
                .any(|c| c.due > now && c.due - now <= Duration::minutes(30)),
            "{queue:#?}"
        );
        assert_eq!(queue.iter().filter(|c| c.called_in_at.is_some()).count(), 1);
    }

    /// Every half hour (at :07 and :37) of a week, in two zones: the demo day always has
    /// 14 calls, nothing in the future is marked, the queue always has an
    /// overdue callback and exactly one candidate who rang in, and during
    /// working hours a callback falls due soon.
    #[test]
    fn looks_right_at_any_time_of_the_week() {
        for zone in [chrono_tz::Europe::London, chrono_tz::America::Chicago] {
            let hours = WorkingHours {
                zone,
                ..WorkingHours::default()
            };
            let monday = local_to_utc(
                zone,
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                NaiveTime::MIN,
            );
            for step in 0..(7 * 48) {
                let now = monday + Duration::minutes(30 * step + 7);
                let (store, s) = build_at(zone, now);
                let at = format!("{zone} {now}");
                assert_eq!(s.calls, 14, "{at}");
                assert!(hours.is_working_day(s.date), "{at}");
                let span = hours.day_span(s.date);
                for c in store.calls_between(span.start, span.end).unwrap() {
                    if c.outcome.is_marked() {
                        assert!(c.end() <= now, "{at}: {} marked early", c.candidate.name);
                    }
                }
                let queue = store.open_callbacks(now, zone).unwrap();
                assert!(s.overdue >= 1, "{at}: {queue:#?}");
                let called_in = queue.iter().filter(|c| c.called_in_at.is_some()).count();
                assert_eq!(called_in, 1, "{at}");
                let (_, phase) = choose_day(&hours, now);
                let last_slot = hours.slots(s.date).last().map(|l| l.start);
                if let Phase::During(_) = phase {
                    if last_slot.is_some_and(|l| l > now) {
                        assert!(
                            queue
                                .iter()
                                .any(|c| c.due > now && c.due - now <= Duration::minutes(90)),
                            "{at}: nothing due soon"
                        );
                    }
                }
            }
        }
    }

    /// On a Friday afternoon the report of the week has calls every day,
    /// a cancellation, callbacks reached within a day and later, inbound
    /// lateness, and promises kept, met by a no-news call, and late.
    #[test]
    fn the_week_is_worth_a_report() {
        use crate::domain::report::ReportRange;
        let zone = chrono_tz::Europe::London;
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
        let settings = settings(zone);
        let (store, s) = build_at(zone, now);
        let hours = &settings.rules.hours;
        let range = ReportRange::week_of(s.date, &hours.days);
        let r = store.week_report(range, hours, now).unwrap();
        assert_eq!(r.days.len(), 5);
        for d in &r.days {
            assert!(d.counts.held() >= 3, "{}: {:?}", d.date, d.counts);
        }
        assert!(r.total.cancelled >= 1, "{:?}", r.total);
        let p = r.promises;
        assert!(p.due >= 3 && p.on_time.hits >= 2 && p.late >= 1, "{p:?}");
        assert!(
            r.total.no_show >= 3 && r.total.voicemail >= 3,
            "{:?}",
            r.total
        );
        assert!(r.callbacks.reached_within_24h >= 3, "{:?}", r.callbacks);
        assert!(r.callbacks.reached_later >= 1, "{:?}", r.callbacks);
        assert!(r.inbound_late.n >= 3, "{:?}", r.inbound_late);
        assert!(r.no_show_by_hour.len() >= 6);
    }

    #[test]
    fn other_zone_candidates_are_called_in_their_daytime() {
        let zone = chrono_tz::Europe::London;
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).unwrap();
        let (store, s) = build_at(zone, now);
        let span = WorkingHours {
            zone,
            ..WorkingHours::default()
        }
        .day_span(s.date);
        let calls = store.calls_between(span.start, span.end).unwrap();
        let foreign: Vec<&Call> = calls
            .iter()
            .filter(|c| c.candidate.timezone.is_some())
            .collect();
        assert_eq!(foreign.len(), 2);
        for c in foreign {
            let z = c.candidate.timezone.unwrap();
            assert!(c.candidate.clock_differs(zone, c.start));
            assert!(
                LocalHours::default().fits(z, &c.interval()),
                "{}",
                c.candidate.name
            );
        }
    }
}
