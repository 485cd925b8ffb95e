//! The callback queue: list, place, reach, snooze, drop, and inbound calls.

use super::candidates::{candidate_from_row, insert_attempt, load_candidate, CANDIDATE_COLS};
use super::occupancy::{occupancy, require_free};
use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::callback::week_span;
use crate::domain::dnc::may_contact;
use crate::domain::occupancy::{spans, Occupant};
use crate::domain::{
    AttemptResult, CallKind, Callback, CallbackReason, CallbackStatus, Direction, Interval, Rules,
    Undo,
};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(crate) fn callback_query(filter: &str) -> String {
    format!(
        "SELECT b.id, b.reason, b.due_utc, b.status, b.placed_screen_id, b.called_in_at,
                b.origin_screen_id, o.start_utc,
                (SELECT count(*) FROM attempts a
                  WHERE a.candidate_id = b.candidate_id AND a.direction = 'outbound'
                    AND a.at_utc >= ?1 AND a.at_utc < ?2),
                {CANDIDATE_COLS}
         FROM callbacks b
         JOIN candidates c ON c.id = b.candidate_id
         LEFT JOIN screens o ON o.id = b.origin_screen_id
         WHERE {filter}"
    )
}

fn callback_from_row(r: &Row) -> rusqlite::Result<Callback> {
    Ok(Callback {
        id: r.get(0)?,
        reason: CallbackReason::parse(&r.get::<_, String>(1)?).unwrap_or(CallbackReason::Requested),
        due: from_secs(r.get(2)?),
        status: CallbackStatus::parse(&r.get::<_, String>(3)?).unwrap_or(CallbackStatus::Open),
        placed_screen_id: r.get(4)?,
        called_in_at: opt_from_secs(r.get(5)?),
        origin_screen_id: r.get(6)?,
        origin_start: opt_from_secs(r.get(7)?),
        attempts_this_week: u32::try_from(r.get::<_, i64>(8)?).unwrap_or(u32::MAX),
        candidate: candidate_from_row(r, 9)?,
    })
}

fn load(conn: &Connection, id: i64, week: (DateTime<Utc>, DateTime<Utc>)) -> Result<Callback> {
    conn.query_row(
        &callback_query("b.id = ?3"),
        params![to_secs(week.0), to_secs(week.1), id],
        callback_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no callback with id {id}")))
}

fn require_open(cb: &Callback) -> Result<()> {
    if cb.status == CallbackStatus::Open {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "the callback to {} is already {}",
            cb.candidate.name,
            cb.status.as_str()
        )))
    }
}

/// What an inbound call did, for the status line and undo.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundDone {
    pub undo: Undo,
    /// Minutes after the missed slot's start, when there was one.
    pub late_minutes: Option<i64>,
    /// Their callback, now at the top; `None` for a do-not-call candidate.
    pub callback_id: Option<i64>,
    /// Why no callback was touched (do-not-call), in words.
    pub refusal: Option<String>,
}

impl Store {
    /// The open callback queue (not yet placed or closed), with each
    /// candidate's outbound attempts in the week of `now`. Unsorted: the
    /// domain's `sort_queue` orders it for the moment it is shown.
    pub fn open_callbacks(&self, now: DateTime<Utc>, zone: chrono_tz::Tz) -> Result<Vec<Callback>> {
        let (f, t) = week_span(zone, now);
        let mut st = self.conn().prepare_cached(&callback_query(
            "b.status = 'open' ORDER BY b.due_utc, b.id",
        ))?;
        let rows = st.query_map(params![to_secs(f), to_secs(t)], callback_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn callback(&self, id: i64, now: DateTime<Utc>, zone: chrono_tz::Tz) -> Result<Callback> {
        load(self.conn(), id, week_span(zone, now))
    }

    /// The next free slots for a callback, both people's hours respected.
    pub fn free_slots_for(
        &self,
        id: i64,
        now: DateTime<Utc>,
        rules: &Rules,
        limit: usize,
    ) -> Result<Vec<Interval>> {
        let cb = self.callback(id, now, rules.hours.zone)?;
        // A candidate who rang in wants a call now; otherwise keep to the
        // policy's earliest time.
        let from = if cb.called_in_at.is_some() {
            now
        } else {
            now.max(cb.due)
        };
        super::changes::free_slots(
            self.conn(),
            cb.candidate.timezone,
            from,
            rules,
            limit,
            Some(Occupant::QueuedCallback(id)),
        )
    }

    /// Puts a callback on the calendar as a call in `slot`.
    pub fn place_callback(
        &self,
        id: i64,
        slot: Interval,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<(i64, Undo)> {
        self.place_callback_with(id, slot, false, now, rules)
    }

    /// `place_callback`, where `allow_dnc` is the recruiter's explicit
    /// override for a do-not-call candidate.
    pub fn place_callback_with(
        &self,
        id: i64,
        slot: Interval,
        allow_dnc: bool,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<(i64, Undo)> {
        self.write_journaled(|tx| {
            let cb = load(tx, id, week_span(rules.hours.zone, now))?;
            require_open(&cb)?;
            may_contact(&cb.candidate, allow_dnc)?;
            require_free(tx, slot, &rules.hours, Some(Occupant::QueuedCallback(id)))?;
            let role: Option<i64> = match cb.origin_screen_id {
                Some(o) => tx
                    .query_row("SELECT role_id FROM screens WHERE id = ?1", [o], |r| r.get(0))
                    .optional()?
                    .flatten(),
                None => None,
            };
            let minutes = (slot.end - slot.start).num_minutes().clamp(1, 1440);
            tx.execute(
                "INSERT INTO screens (candidate_id, role_id, start_utc, minutes, kind, outcome, from_callback_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'scheduled', ?6, ?7)",
                params![cb.candidate.id, role, to_secs(slot.start), minutes, CallKind::Callback.as_str(), id, to_secs(now)],
            )?;
            let screen = tx.last_insert_rowid();
            tx.execute(
                "UPDATE callbacks SET status = 'placed', placed_screen_id = ?1, due_utc = ?2 WHERE id = ?3",
                params![screen, to_secs(slot.start), id],
            )?;
            let label = format!(
                "placed {} at {}",
                cb.candidate.name,
                slot.start.with_timezone(&rules.hours.zone).format("%a %H:%M")
            );
            Ok((screen, Undo::labelled(label)))
        })
    }

    /// Closes a callback as reached, logging the answered call.
    pub fn callback_reached(&self, id: i64, now: DateTime<Utc>, rules: &Rules) -> Result<Undo> {
        self.write_journaled(|tx| {
            let cb = load(tx, id, week_span(rules.hours.zone, now))?;
            require_open(&cb)?;
            insert_attempt(
                tx,
                cb.candidate.id,
                cb.origin_screen_id,
                now,
                Direction::Outbound,
                AttemptResult::Answered,
                None,
            )?;
            tx.execute(
                "UPDATE callbacks SET status = 'reached', closed_at = ?1 WHERE id = ?2",
                params![to_secs(now), id],
            )?;
            Ok(Undo::labelled(format!("reached {}", cb.candidate.name)))
        })
    }

    /// Moves a callback to the next free slot after its current due time
    /// (or after now, if it is already overdue).
    pub fn snooze_callback(
        &self,
        id: i64,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<(DateTime<Utc>, Undo)> {
        self.snooze_callback_with(id, false, now, rules)
    }

    /// `snooze_callback`, where `allow_dnc` is the recruiter's explicit
    /// override for a do-not-call candidate.
    pub fn snooze_callback_with(
        &self,
        id: i64,
        allow_dnc: bool,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<(DateTime<Utc>, Undo)> {
        self.write_journaled(|tx| {
            let cb = load(tx, id, week_span(rules.hours.zone, now))?;
            require_open(&cb)?;
            may_contact(&cb.candidate, allow_dnc)?;
            let from = (cb.due + Duration::minutes(1)).max(now);
            let horizon = Duration::days(i64::from(rules.policy.horizon_days) + 2);
            let taken = occupancy(tx, from, from + horizon, &rules.hours)?;
            let busy = spans(&taken, Some(Occupant::QueuedCallback(id)));
            let plan = rules
                .policy
                .plan_from(from, &rules.hours, cb.candidate.timezone, &busy);
            tx.execute(
                "UPDATE callbacks SET due_utc = ?1, called_in_at = NULL WHERE id = ?2",
                params![to_secs(plan.due), id],
            )?;
            let label = format!(
                "snoozed {} to {}",
                cb.candidate.name,
                plan.due.with_timezone(&rules.hours.zone).format("%a %H:%M")
            );
            Ok((plan.due, Undo::labelled(label)))
        })
    }

    /// Takes a callback off the queue with a reason.
    pub fn drop_callback(
        &self,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Undo> {
        let reason = crate::sanitize::clean(reason, false);
        if reason.trim().is_empty() {
            return Err(Error::Invalid("a dropped callback needs a reason".into()));
        }
        self.write_journaled(|tx| {
            let cb = load(tx, id, week_span(rules.hours.zone, now))?;
            require_open(&cb)?;
            tx.execute(
                "UPDATE callbacks SET status = 'dropped', drop_reason = ?1, closed_at = ?2 WHERE id = ?3",
                params![reason.trim(), to_secs(now), id],
            )?;
            Ok(Undo::labelled(format!("dropped {}", cb.candidate.name)))
        })
    }

    /// Logs an inbound call from a candidate and brings their callback to
    /// the top of the queue, queuing one if they had none.
    ///
    /// Lateness is measured from the start of `screen_id` when given (the
    /// call the recruiter has selected), else from the call that queued
    /// their open callback.
    pub fn log_inbound(
        &self,
        candidate_id: i64,
        screen_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<InboundDone> {
        self.write_journaled(|tx| {
            let candidate = load_candidate(tx, candidate_id)?;
            let name = candidate.name.clone();
            let open: Option<(i64, Option<i64>)> = tx
                .query_row(
                    "SELECT id, origin_screen_id FROM callbacks
                     WHERE candidate_id = ?1 AND status = 'open' ORDER BY due_utc LIMIT 1",
                    [candidate_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let slot_screen = screen_id.or(open.and_then(|o| o.1));
            let slot_start: Option<i64> = match slot_screen {
                Some(s) => tx
                    .query_row("SELECT start_utc FROM screens WHERE id = ?1", [s], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            let late = slot_start.map(|s| (to_secs(now) - s).div_euclid(60));
            insert_attempt(tx, candidate_id, slot_screen, now, Direction::Inbound, AttemptResult::CalledIn, late)?;
            // Do-not-call: the call is on their record, but nothing is
            // queued or brought forward to call them back.
            let refusal = may_contact(&candidate, false).err().map(|r| r.to_string());
            let callback_id = match open {
                _ if refusal.is_some() => None,
                Some((id, _)) => {
                    tx.execute(
                        "UPDATE callbacks SET called_in_at = ?1 WHERE id = ?2",
                        params![to_secs(now), id],
                    )?;
                    Some(id)
                }
                None => {
                    tx.execute(
                        "INSERT INTO callbacks (candidate_id, origin_screen_id, reason, due_utc, status, called_in_at, created_at)
                         VALUES (?1, ?2, 'requested', ?3, 'open', ?3, ?3)",
                        params![candidate_id, slot_screen, to_secs(now)],
                    )?;
                    Some(tx.last_insert_rowid())
                }
            };
            let phrase = late.map(crate::domain::attempt::lateness_phrase).unwrap_or_else(|| "called in".into());
            Ok(InboundDone {
                undo: Undo::labelled(format!("{name} {phrase}")),
                late_minutes: late,
                callback_id,
                refusal,
            })
        })
    }
}
