//! Cancellations, reschedules and dial attempts that leave a screen open.
//!
//! A reschedule is one transaction: the new screen is booked, the old one
//! is marked moved (or, if it was already missed, its callback is closed as
//! placed into the new screen), and the link between them is kept so the
//! record reads "no-show 20 Nov → rebooked 24 Nov 10:00".

use super::calls::{callback_before, mark_in, mark_target, MarkOptions};
use super::candidates::{insert_attempt, load_candidate};
use super::occupancy::{occupancy, require_free};
use super::{to_secs, Store};
use crate::domain::change::ScreenChange;
use crate::domain::dnc::may_contact;
use crate::domain::occupancy::{spans, Occupant};
use crate::domain::{AttemptResult, Direction, Interval, Outcome, Rules, Undo};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};

/// The next `limit` free slots from `from` that suit both the recruiter's
/// working hours and the candidate's local hours, by the one slot rule;
/// `except` (the callback being placed) does not block its own slot.
pub(crate) fn free_slots(
    conn: &Connection,
    candidate_zone: Option<Tz>,
    from: DateTime<Utc>,
    rules: &Rules,
    limit: usize,
    except: Option<Occupant>,
) -> Result<Vec<Interval>> {
    let horizon = Duration::days(i64::from(rules.policy.horizon_days) + 2);
    let taken = occupancy(conn, from, from + horizon, &rules.hours)?;
    let busy = spans(&taken, except);
    Ok(rules
        .policy
        .finder(&rules.hours, candidate_zone, &busy)
        .find(from, limit))
}

impl Store {
    /// Free slots to move a screen into, from now on.
    pub fn reschedule_slots(
        &self,
        screen_id: i64,
        now: DateTime<Utc>,
        rules: &Rules,
        limit: usize,
    ) -> Result<Vec<Interval>> {
        let target = mark_target(self.conn(), screen_id)?;
        free_slots(self.conn(), target.tz, now, rules, limit, None)
    }

    /// Books the screen `screen_id` again in `slot`, keeping the link from
    /// the new screen to the old. A screen still scheduled is marked
    /// rescheduled with `change`; one already missed or cancelled keeps its
    /// outcome, and the callback it queued is closed as placed into the new
    /// screen. A do-not-call candidate is refused unless `allow_dnc`.
    pub fn reschedule(
        &self,
        screen_id: i64,
        slot: Interval,
        change: ScreenChange,
        allow_dnc: bool,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<(i64, Undo)> {
        self.write_journaled(|tx| {
            let target = mark_target(tx, screen_id)?;
            if target.do_not_call {
                may_contact(&load_candidate(tx, target.candidate_id)?, allow_dnc).map_err(|r| {
                    Error::Refused(format!("{r}: no new screen without an override"))
                })?;
            }
            match target.outcome {
                Outcome::Answered => {
                    return Err(Error::Refused(format!(
                        "the screen with {} was held; book a new one instead",
                        target.name
                    )))
                }
                Outcome::Rescheduled => {
                    let to = moved_to_in(tx, screen_id)?;
                    return Err(Error::Refused(match to {
                        Some(s) => format!(
                            "already moved to {}: reschedule that one",
                            s.with_timezone(&rules.hours.zone).format("%a %d %b %H:%M")
                        ),
                        None => "already rescheduled".into(),
                    }));
                }
                _ => {}
            }
            require_free(tx, slot, &rules.hours, None)?;
            // The open callback a missed screen queued is answered by the
            // new booking.
            let callback = match target.callback_id {
                Some(cb) => Some(callback_before(tx, cb)?).filter(|b| b.status.is_pending()),
                None => None,
            };
            let minutes = (slot.end - slot.start).num_minutes().clamp(1, 1440);
            tx.execute(
                "INSERT INTO screens (candidate_id, role_id, start_utc, minutes, kind, outcome,
                                      from_callback_id, rescheduled_from, created_at)
                 SELECT candidate_id, role_id, ?1, ?2, 'screen', 'scheduled', ?3, id, ?4
                 FROM screens WHERE id = ?5",
                params![
                    to_secs(slot.start),
                    minutes,
                    callback.as_ref().map(|b| b.id),
                    to_secs(now),
                    screen_id
                ],
            )?;
            let new_id = tx.last_insert_rowid();
            if let Some(b) = &callback {
                tx.execute(
                    "UPDATE callbacks SET status = 'placed', placed_screen_id = ?1, due_utc = ?2
                     WHERE id = ?3",
                    params![new_id, to_secs(slot.start), b.id],
                )?;
            }
            if target.outcome == Outcome::Scheduled {
                let opts = MarkOptions {
                    change: Some(change),
                    queue_callback: false,
                    ..MarkOptions::default()
                };
                mark_in(tx, screen_id, Outcome::Rescheduled, &opts, now, rules)?;
            }
            let zone = rules.hours.zone;
            let label = format!(
                "moved {} {} to {}",
                target.name,
                target.start.with_timezone(&zone).format("%a %H:%M"),
                slot.start.with_timezone(&zone).format("%a %H:%M")
            );
            Ok((new_id, Undo::labelled(label)))
        })
    }

    /// Logs a dial that leaves the screen open (busy, no answer, wrong
    /// number): it counts towards the cadence and shows on the record.
    pub fn log_attempt(
        &self,
        screen_id: i64,
        result: AttemptResult,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<Undo> {
        self.write_journaled(|tx| {
            let target = mark_target(tx, screen_id)?;
            insert_attempt(
                tx,
                target.candidate_id,
                Some(screen_id),
                now,
                Direction::Outbound,
                result,
                None,
            )?;
            let label = format!(
                "{} on {} {}",
                result.label(),
                target.name,
                target.start.with_timezone(&zone).format("%H:%M")
            );
            Ok(Undo::labelled(label))
        })
    }

    /// When the screen booked to replace `screen_id` starts, if there is one.
    pub fn moved_to(&self, screen_id: i64) -> Result<Option<DateTime<Utc>>> {
        moved_to_in(self.conn(), screen_id)
    }
}

fn moved_to_in(conn: &Connection, screen_id: i64) -> Result<Option<DateTime<Utc>>> {
    let start: Option<i64> = conn
        .query_row(
            "SELECT start_utc FROM screens WHERE rescheduled_from = ?1 ORDER BY id DESC LIMIT 1",
            [screen_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(start.map(super::from_secs))
}
