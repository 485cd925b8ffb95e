//! Writing a parsed iCalendar file: screens (through the same rules as
//! every import), busy time and cancellations, in one transaction.

use super::{import_one, NewScreen};
use crate::error::Result;
use crate::import::ics::{Calendar, CalendarReport, SOURCE};
use crate::sanitize;
use crate::store::{to_secs, Store};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;

impl Store {
    /// Writes a calendar all or nothing; with `dry_run` only the report.
    ///
    /// Busy time is matched by `(source, uid)`: a moved event moves its
    /// block. A cancellation deletes an unmarked screen (and busy block);
    /// a screen already marked is kept and reported.
    pub fn import_calendar(
        &self,
        cal: &Calendar,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<CalendarReport> {
        self.import_calendar_with(cal, now, dry_run, false)
    }

    /// `import_calendar`; `allow_dnc` as in `Store::import_with`.
    pub fn import_calendar_with(
        &self,
        cal: &Calendar,
        now: DateTime<Utc>,
        dry_run: bool,
        allow_dnc: bool,
    ) -> Result<CalendarReport> {
        let region = self.phone_region();
        let run = |tx: &rusqlite::Transaction| apply_in(tx, cal, region, now, allow_dnc);
        if dry_run {
            self.rehearse(run)
        } else {
            self.write(run)
        }
    }
}

/// A screen already marked whose event has moved is kept where it was
/// (its outcome is about the call that happened) and reported.
fn marked_and_moved(conn: &Connection, row: &NewScreen) -> Result<Option<String>> {
    let Some((src, uid)) = &row.source else {
        return Ok(None);
    };
    let found: Option<(i64, i64, String)> = conn
        .query_row(
            "SELECT id, start_utc, outcome FROM screens WHERE source = ?1 AND source_uid = ?2",
            params![src, uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(found
        .filter(|(_, start, outcome)| outcome != "scheduled" && *start != to_secs(row.start))
        .map(|(id, _, outcome)| {
            format!(
                "{}: moved in the calendar, but call {id} is already marked {outcome}; kept where it was",
                row.origin
            )
        }))
}

fn upsert_busy(
    conn: &Connection,
    b: &crate::import::ics::NewBusy,
    report: &mut CalendarReport,
) -> Result<()> {
    let summary = sanitize::line(b.summary.trim());
    let (start, end) = (to_secs(b.start), to_secs(b.end));
    let found: Option<(i64, i64, i64, String)> = conn
        .query_row(
            "SELECT id, start_utc, end_utc, summary FROM busy WHERE source = ?1 AND source_uid = ?2",
            params![SOURCE, b.uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match found {
        Some((_, s, e, ref old)) if (s, e, old.as_str()) == (start, end, summary.as_str()) => {
            report.busy_unchanged += 1;
        }
        Some((id, ..)) => {
            conn.execute(
                "UPDATE busy SET start_utc = ?1, end_utc = ?2, summary = ?3 WHERE id = ?4",
                params![start, end, summary, id],
            )?;
            report.busy_updated += 1;
        }
        None => {
            conn.execute(
                "INSERT INTO busy (start_utc, end_utc, summary, source, source_uid) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![start, end, summary, SOURCE, b.uid],
            )?;
            report.busy_added += 1;
        }
    }
    Ok(())
}

/// Removes unmarked instances of each series, inside the window it was
/// read over, that the file no longer has (the series moved or shrank).
fn prune_series(conn: &Connection, cal: &Calendar, report: &mut CalendarReport) -> Result<()> {
    let current: HashSet<&str> = cal
        .screens
        .iter()
        .filter_map(|s| s.source.as_ref().map(|(_, u)| u.as_str()))
        .chain(cal.busy.iter().map(|b| b.uid.as_str()))
        .collect();
    for (uid, from, to) in &cal.series {
        let window = params![SOURCE, uid, to_secs(*from), to_secs(*to)];
        for (table, extra) in [("screens", "AND outcome = 'scheduled'"), ("busy", "")] {
            let stale: Vec<(i64, String)> = {
                let mut st = conn.prepare(&format!(
                    "SELECT id, source_uid FROM {table} WHERE source = ?1
                     AND substr(source_uid, 1, length(?2) + 1) = ?2 || '/'
                     AND start_utc >= ?3 AND start_utc < ?4 {extra}"
                ))?;
                let rows = st.query_map(window, |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (id, u) in stale {
                if !current.contains(u.as_str()) {
                    if table == "screens" {
                        conn.execute("DELETE FROM notes WHERE screen_id = ?1", [id])?;
                    }
                    conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
                    report.removed += 1;
                }
            }
        }
    }
    Ok(())
}

/// Cancels `uid` exactly, and every instance `uid/…` of a series.
fn cancel(conn: &Connection, uid: &str, origin: &str, report: &mut CalendarReport) -> Result<()> {
    const MATCH: &str =
        "source = ?1 AND (source_uid = ?2 OR substr(source_uid, 1, length(?2) + 1) = ?2 || '/')";
    let screens: Vec<(i64, String)> = {
        let mut st = conn.prepare(&format!(
            "SELECT id, outcome FROM screens WHERE {MATCH} ORDER BY start_utc"
        ))?;
        let rows = st.query_map(params![SOURCE, uid], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, outcome) in screens {
        if outcome == "scheduled" {
            conn.execute("DELETE FROM notes WHERE screen_id = ?1", [id])?;
            conn.execute("DELETE FROM screens WHERE id = ?1", [id])?;
            report.cancelled += 1;
        } else {
            report.kept.push(format!(
                "{origin}: cancelled, but call {id} is already marked {outcome}; kept"
            ));
        }
    }
    report.cancelled += conn.execute(
        &format!("DELETE FROM busy WHERE {MATCH}"),
        params![SOURCE, uid],
    )?;
    Ok(())
}

/// Writes `cal` inside the caller's transaction, by the same rules as
/// [`Store::import_calendar_with`]: the hook calendar sync (`store::sync`)
/// uses to apply a source's changes and its sync state in one transaction.
pub(crate) fn apply_in(
    tx: &Connection,
    cal: &Calendar,
    region: Option<crate::domain::phone::Region>,
    now: DateTime<Utc>,
    allow_dnc: bool,
) -> Result<CalendarReport> {
    let mut report = CalendarReport::default();
    crate::store::identity::read_pending_numbers(tx, region, now)?;
    for row in &cal.screens {
        if let Some(why) = marked_and_moved(tx, row)? {
            report.kept.push(why);
            continue;
        }
        import_one(tx, row, region, now, allow_dnc, &mut report.screens)?;
    }
    for b in &cal.busy {
        upsert_busy(tx, b, &mut report)?;
    }
    prune_series(tx, cal, &mut report)?;
    for (uid, origin) in &cal.cancelled {
        cancel(tx, uid, origin, &mut report)?;
    }
    Ok(report)
}
