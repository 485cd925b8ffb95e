//! Writing the demo's `Plan` through the same `Store` calls the app uses,
//! each step at the moment it would have happened.

use super::story::{mark_delay, Act, Key, Plan};
use crate::config::Settings;
use crate::domain::{Call, Outcome};
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashMap};

/// Writes the plan through the store, each step at its own time, in time
/// order; steps whose time depends on an earlier one (reaching a callback
/// when it falls due) are scheduled as they become known.
pub(super) fn play(
    store: &Store,
    plan: &Plan,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<()> {
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

/// The open callback a call queued.
pub(super) fn open_callback_of(
    store: &Store,
    call_id: i64,
    at: DateTime<Utc>,
    zone: Tz,
) -> Result<i64> {
    store
        .open_callbacks(at, zone)?
        .into_iter()
        .find(|cb| cb.origin_screen_id == Some(call_id))
        .map(|cb| cb.id)
        .ok_or_else(|| Error::NotFound(format!("demo: no open callback for call {call_id}")))
}
