//! Booking a screen into a free slot: the `b` key and `callsheet book`.
//!
//! One transaction: find (or add) the candidate, refuse a do-not-call
//! person and a taken slot, insert the screen. Whether a slot is free is
//! asked of [`slot_taken`] only, so there is one place to point at the
//! calendar's one slot rule.

use super::candidates::load_candidate;
use super::import::role_id;
use super::{to_secs, NewCandidate, Store};
use crate::domain::dnc::may_contact;
use crate::domain::{Interval, Rules, Undo};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// Who a booking is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// A candidate on record, by id.
    Existing(i64),
    /// Someone new (found by phone if they are on record after all).
    New(NewCandidate),
}

/// Whether anything on the calendar (a call, a queued callback's slot or
/// busy time) takes `slot`: the one occupancy rule (`store::occupancy`)
/// that the day view, the slot finders and reschedule use.
fn slot_taken(
    conn: &Connection,
    slot: Interval,
    hours: &crate::domain::WorkingHours,
) -> Result<bool> {
    Ok(super::occupancy::slot_taken_in(conn, slot, hours, None)?.is_some())
}

impl Store {
    /// Books `who` into `slot` for `role`. Refuses a slot that is over, one
    /// that is taken and a do-not-call candidate (no override: book them
    /// through an import with `--allow-dnc` if it must be done). Returns
    /// the new screen's id and how to undo the booking.
    pub fn book(
        &self,
        who: &Who,
        slot: Interval,
        role: Option<&str>,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<(i64, Undo)> {
        let zone = rules.hours.zone;
        let when = slot.start.with_timezone(&zone).format("%a %d %b %H:%M");
        let minutes = (slot.end - slot.start).num_minutes();
        if !(1..=1440).contains(&minutes) {
            return Err(Error::Invalid(format!(
                "a screen is 1 to 1440 minutes long, not {minutes}"
            )));
        }
        if slot.end <= now {
            return Err(Error::Refused(format!("{when} is over: not booked")));
        }
        self.write_journaled(|tx| {
            let id = match who {
                Who::Existing(id) => *id,
                Who::New(c) => {
                    if crate::sanitize::line(&c.name).trim().is_empty() {
                        return Err(Error::Invalid("a new candidate needs a name".into()));
                    }
                    // The same identity rule as an import: a new person who
                    // shares a do-not-call number or email is refused below.
                    let region = self.phone_region();
                    match super::identity::find_or_add_candidate(tx, c, region, None, "", now)? {
                        Ok(found) => found.id,
                        Err(why) => return Err(Error::Invalid(why)),
                    }
                }
            };
            let candidate = load_candidate(tx, id)?;
            may_contact(&candidate, false)
                .map_err(|r| Error::Refused(format!("{r}: not booked")))?;
            if slot_taken(tx, slot, &rules.hours)? {
                return Err(Error::Refused(format!("{when} is taken: not booked")));
            }
            let role = role_id(tx, role)?;
            tx.execute(
                "INSERT INTO screens (candidate_id, role_id, start_utc, minutes, kind, outcome, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'screen', 'scheduled', ?5)",
                params![id, role, to_secs(slot.start), minutes, to_secs(now)],
            )?;
            let screen_id = tx.last_insert_rowid();
            let label = format!(
                "booked {} at {}",
                crate::sanitize::line(&candidate.name),
                slot.start.with_timezone(&zone).format("%a %H:%M")
            );
            // Undo goes through the journal: the screen goes, and so does a
            // candidate (with their contacts) that this booking created.
            Ok((screen_id, Undo::labelled(label)))
        })
    }
}
