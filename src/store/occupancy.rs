//! What takes the recruiter's time: the one query behind the slot rule.
//!
//! `occupancy` gathers every occupant of a span (calls, queued callbacks'
//! due slots, busy time); `domain::occupancy` decides from those plain
//! values whether a slot is free. The finder, the callback policy, the
//! picker, reschedule and booking all come through here.

use super::{from_secs, to_secs, Store};
use crate::domain::occupancy::{occupant_of, queued_span, Occupant, Occupied};
use crate::domain::{Interval, WorkingHours};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// A call or a queued slot is at most a day long (schema check), so the
/// lower bound can use the start index without a scan.
const DAY_SECS: i64 = 86_400;

/// Every occupant overlapping `[from, to)`, in time order.
pub(crate) fn occupancy(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hours: &WorkingHours,
) -> Result<Vec<Occupied>> {
    let (f, t) = (to_secs(from), to_secs(to));
    let range = Interval::new(from, to);
    let mut out = Vec::new();
    let mut st = conn.prepare_cached(
        "SELECT id, start_utc, minutes FROM screens
         WHERE start_utc >= ?1 - 86400 AND start_utc < ?2",
    )?;
    let rows = st.query_map(params![f, t], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (id, s, m) = row?;
        let span = Interval::minutes(from_secs(s), m);
        if span.overlaps(&range) {
            out.push(Occupied {
                span,
                by: Occupant::Call(id),
            });
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT id, start_utc, end_utc FROM busy WHERE start_utc < ?2 AND end_utc > ?1",
    )?;
    let rows = st.query_map(params![f, t], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (id, s, e) = row?;
        out.push(Occupied {
            span: Interval::new(from_secs(s), from_secs(e)),
            by: Occupant::Busy(id),
        });
    }
    let mut st = conn.prepare_cached(QUEUED_DUE)?;
    // A due time is inside its slot, so a day either side covers it.
    let rows = st.query_map(params![f - DAY_SECS, t + DAY_SECS], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (id, due) = row?;
        let span = queued_span(hours, from_secs(due));
        if span.overlaps(&range) {
            out.push(Occupied {
                span,
                by: Occupant::QueuedCallback(id),
            });
        }
    }
    out.sort();
    Ok(out)
}

/// Open callbacks due in a range, by the queue's own index.
pub(super) const QUEUED_DUE: &str =
    "SELECT id, due_utc FROM callbacks WHERE status = 'open' AND due_utc >= ?1 AND due_utc < ?2";

/// What takes `slot` (but `except`), read inside the caller's transaction.
pub(crate) fn slot_taken_in(
    conn: &Connection,
    slot: Interval,
    hours: &WorkingHours,
    except: Option<Occupant>,
) -> Result<Option<Occupied>> {
    let taken = occupancy(conn, slot.start, slot.end, hours)?;
    Ok(occupant_of(&slot, &taken, except))
}

/// Refuses `slot` when something (but `except`) takes it, naming what.
pub(crate) fn require_free(
    conn: &Connection,
    slot: Interval,
    hours: &WorkingHours,
    except: Option<Occupant>,
) -> Result<()> {
    match slot_taken_in(conn, slot, hours, except)? {
        None => Ok(()),
        Some(o) => Err(Error::Refused(format!(
            "{} is no longer free: {} is there",
            slot.start.with_timezone(&hours.zone).format("%a %H:%M"),
            o.by.phrase()
        ))),
    }
}

impl Store {
    /// Everything that takes the recruiter's time in `[from, to)`: calls
    /// (screens and placed callbacks), queued callbacks' due slots and
    /// busy time, in time order. The one query behind the slot rule.
    pub fn occupancy(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        hours: &WorkingHours,
    ) -> Result<Vec<Occupied>> {
        occupancy(self.conn(), from, to, hours)
    }

    /// Whether `slot` is free under the one slot rule. A writer must check
    /// again inside its own transaction (`require_free`), as placing and
    /// rescheduling do; this is for offering a slot.
    pub fn slot_is_free(&self, slot: Interval, hours: &WorkingHours) -> Result<bool> {
        Ok(slot_taken_in(self.conn(), slot, hours, None)?.is_none())
    }
}
