//! The range reads behind the week's report.
//!
//! Three index-backed reads (see `plans.rs`): calls by start, callbacks by
//! when they were queued, inbound calls with a lateness by when they came.
//! They return plain records; `domain::report` does the counting.

use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::report::{
    week_report, CallRecord, CallbackRecord, InboundRecord, PromiseRecord, ReportInput,
    ReportRange, WeekReport,
};
use crate::domain::{CallbackStatus, Outcome, WorkingHours};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

/// Calls starting in `[?1, ?2)`: uses `screens_start`.
pub(crate) const CALLS_SQL: &str =
    "SELECT start_utc, outcome FROM screens WHERE start_utc >= ?1 AND start_utc < ?2";

/// Callbacks queued in `[?1, ?2)`: uses `callbacks_created` (schema 8).
pub(crate) const CALLBACKS_SQL: &str =
    "SELECT created_at, status, closed_at FROM callbacks WHERE created_at >= ?1 AND created_at < ?2";

/// Inbound calls with a lateness in `[?1, ?2)`: uses `attempts_at` (schema 8).
pub(crate) const INBOUND_SQL: &str = "SELECT at_utc, late_minutes FROM attempts
     WHERE at_utc >= ?1 AND at_utc < ?2 AND direction = 'inbound' AND late_minutes IS NOT NULL";

/// Promises first due in `[?1, ?2)`: those due there and never moved
/// (`promises_status_due`), and those whose first move was from a due time
/// there (`promise_moves_from_due`, schema 9); with when each was kept and
/// first met by a "no news yet" call (`promise_moves_promise`). The caller
/// keeps the ones whose first due time is in the range.
pub(crate) const PROMISES_SQL: &str = "SELECT p.due_utc, p.status, p.closed_at,
        (SELECT m.from_due FROM promise_moves m WHERE m.promise_id = p.id
         ORDER BY m.at_utc, m.id LIMIT 1),
        (SELECT min(m.at_utc) FROM promise_moves m
         WHERE m.promise_id = p.id AND m.attempt_id IS NOT NULL)
     FROM promises p
     WHERE p.id IN (
        SELECT id FROM promises
        WHERE status IN ('open', 'kept') AND due_utc >= ?1 AND due_utc < ?2
        UNION
        SELECT promise_id FROM promise_moves WHERE from_due >= ?1 AND from_due < ?2)";

impl Store {
    /// Everything a report of `[from, to)` counts, read in one snapshot so
    /// a mark made meanwhile by another process cannot half-appear.
    pub fn report_input(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<ReportInput> {
        let (from, to) = (to_secs(from), to_secs(to));
        let tx = self.conn().unchecked_transaction()?;
        let calls = rows(&tx, CALLS_SQL, (from, to), |r| {
            Ok(CallRecord {
                start: from_secs(r.get(0)?),
                outcome: r.get::<_, String>(1)?.parse().unwrap_or(Outcome::Scheduled),
            })
        })?;
        let callbacks = rows(&tx, CALLBACKS_SQL, (from, to), |r| {
            Ok(CallbackRecord {
                queued: from_secs(r.get(0)?),
                status: CallbackStatus::parse(&r.get::<_, String>(1)?)
                    .unwrap_or(CallbackStatus::Open),
                closed: opt_from_secs(r.get(2)?),
            })
        })?;
        let inbound = rows(&tx, INBOUND_SQL, (from, to), |r| {
            Ok(InboundRecord {
                at: from_secs(r.get(0)?),
                late_minutes: r.get(1)?,
            })
        })?;
        // A promise is due at the midnight ending its day, so one due on
        // the range's last day is due exactly at `to`: read one second on.
        let promises = rows(&tx, PROMISES_SQL, (from, to + 1), |r| {
            let kept = r.get::<_, String>(1)? == "kept";
            Ok(PromiseRecord {
                due: from_secs(r.get::<_, Option<i64>>(3)?.unwrap_or(r.get(0)?)),
                kept: opt_from_secs(r.get(2)?).filter(|_| kept),
                no_news: opt_from_secs(r.get(4)?),
            })
        })?;
        tx.finish()?;
        Ok(ReportInput {
            calls,
            callbacks,
            inbound,
            promises,
        })
    }
}

/// Every row of `sql` over `[from, to)` unix seconds, as `f` reads it.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    (from, to): (i64, i64),
    f: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare_cached(sql)?;
    let out = st.query_map(params![from, to], f)?;
    Ok(out.collect::<rusqlite::Result<Vec<T>>>()?)
}

impl Store {
    /// The report of `range`'s local days (in `hours.zone`) as of `now`.
    pub fn week_report(
        &self,
        range: ReportRange,
        hours: &WorkingHours,
        now: DateTime<Utc>,
    ) -> Result<WeekReport> {
        let (start, end) = (
            hours.day_span(range.from).start,
            hours.day_span(range.to).end,
        );
        let input = self.report_input(start, end)?;
        Ok(week_report(range, hours.zone, now, &input))
    }
}
