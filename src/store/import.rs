//! Writing imported calls: one transaction per file, idempotent on re-import.
//!
//! Parsers (`crate::import`) turn a file into `NewScreen`s; this module
//! decides what is new, what changed and what is already there, so every
//! format gets the same rules.

use super::candidates::load_candidate;
use super::{to_secs, Store};
use crate::domain::dnc::may_contact;
use crate::error::Result;
use crate::sanitize;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// iCalendar busy time and cancellations, beside the screens.
pub(super) mod calendar;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewCandidate {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub timezone: Option<Tz>,
}

/// One call to put on the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct NewScreen {
    pub candidate: NewCandidate,
    pub role: Option<String>,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub note: Option<String>,
    /// `(source, uid)` for formats with stable identities (iCalendar UID);
    /// without one, a call is the same call if it has the same candidate
    /// and start.
    pub source: Option<(String, String)>,
    /// Where it came from, for messages: "file.csv:12".
    pub origin: String,
    /// A call already held (a history import): its outcome. `None` is a
    /// call still to come.
    pub outcome: Option<crate::domain::Outcome>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub candidates_added: usize,
    /// Rows left out, each with its origin and why.
    pub skipped: Vec<String>,
    /// Who the rows were (issue 12): a name that shares a number with
    /// another person, a record's other name kept as an alias.
    pub identity: Vec<String>,
    /// The region numbers without a country code were read in (`GB`),
    /// when the rows had any.
    pub region: Option<String>,
}

impl Store {
    /// Writes `rows` in one transaction (all or nothing); with `dry_run`
    /// the transaction is rolled back and only the report is returned.
    pub fn import(
        &self,
        rows: &[NewScreen],
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<ImportReport> {
        self.import_with(rows, now, dry_run, false)
    }

    /// `import`, where `allow_dnc` books new screens for do-not-call
    /// candidates too (the recruiter's explicit `--allow-dnc`); without it
    /// they are refused and listed in `skipped`.
    pub fn import_with(
        &self,
        rows: &[NewScreen],
        now: DateTime<Utc>,
        dry_run: bool,
        allow_dnc: bool,
    ) -> Result<ImportReport> {
        let region = self.phone_region();
        let run = |tx: &rusqlite::Transaction| {
            let mut report = ImportReport::default();
            super::identity::read_pending_numbers(tx, region, now)?;
            for row in rows {
                import_one(tx, row, region, now, allow_dnc, &mut report)?;
            }
            Ok(report)
        };
        if dry_run {
            self.rehearse(run)
        } else {
            self.write(run)
        }
    }

    /// Adds (or finds) a candidate, for the demo and tests.
    pub fn upsert_candidate(&self, c: &NewCandidate, now: DateTime<Utc>) -> Result<i64> {
        let region = self.phone_region();
        self.write(|tx| {
            match super::identity::find_or_add_candidate(tx, c, region, None, "", now)? {
                Ok(found) => Ok(found.id),
                Err(why) => Err(crate::error::Error::Invalid(why)),
            }
        })
    }
}

/// Finds (or adds) the row's candidate: `identity::find_or_add_candidate`.
/// Returns `(id, added, blocked)`, or `None` when the row is refused (the
/// reason is in `report.skipped`).
fn find_or_add_candidate(
    conn: &Connection,
    row: &NewScreen,
    region: Option<crate::domain::phone::Region>,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<Option<(i64, bool, bool)>> {
    match super::identity::find_or_add_candidate(
        conn,
        &row.candidate,
        region,
        row.source.as_ref(),
        &row.origin,
        now,
    )? {
        Ok(found) => {
            report.identity.extend(found.notes);
            if found.national {
                report.region = region.map(|r| r.as_ref().to_string());
            }
            Ok(Some((found.id, found.added, found.blocked)))
        }
        Err(why) => {
            report.skipped.push(why);
            Ok(None)
        }
    }
}

pub(crate) fn role_id(conn: &Connection, title: Option<&str>) -> Result<Option<i64>> {
    let Some(title) = title.map(sanitize::line).filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let title = title.trim();
    conn.execute("INSERT OR IGNORE INTO roles (title) VALUES (?1)", [title])?;
    Ok(Some(conn.query_row(
        "SELECT id FROM roles WHERE title = ?1",
        [title],
        |r| r.get(0),
    )?))
}

/// A call already held (a history import): its mark and the outbound
/// attempt behind it, at the call's start, as marking it would have made.
fn record_outcome(
    conn: &Connection,
    candidate_id: i64,
    screen_id: i64,
    row: &NewScreen,
    outcome: crate::domain::Outcome,
) -> Result<()> {
    use crate::domain::{AttemptResult, Direction};
    let at = to_secs(row.start);
    let attempt = match AttemptResult::for_mark(outcome) {
        Some(result) => {
            conn.prepare_cached(
                "INSERT INTO attempts (candidate_id, screen_id, at_utc, direction, result)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                candidate_id,
                screen_id,
                at,
                Direction::Outbound.as_str(),
                result.as_str()
            ])?;
            Some(conn.last_insert_rowid())
        }
        None => None,
    };
    conn.prepare_cached(
        "UPDATE screens SET outcome = ?1, marked_at = ?2, mark_attempt_id = ?3 WHERE id = ?4",
    )?
    .execute(params![outcome.as_str(), at, attempt, screen_id])?;
    Ok(())
}

pub(super) fn import_one(
    conn: &Connection,
    row: &NewScreen,
    region: Option<crate::domain::phone::Region>,
    now: DateTime<Utc>,
    allow_dnc: bool,
    report: &mut ImportReport,
) -> Result<()> {
    let Some((candidate_id, added, dnc)) = find_or_add_candidate(conn, row, region, now, report)?
    else {
        return Ok(());
    };
    if added {
        report.candidates_added += 1;
    }
    let role = role_id(conn, row.role.as_deref())?;
    let start = to_secs(row.start);
    let minutes = i64::from(row.minutes.clamp(1, 1440));
    let existing: Option<(i64, Option<i64>, i64, i64)> = match &row.source {
        Some((src, uid)) => conn
            .query_row(
                "SELECT id, role_id, start_utc, minutes FROM screens WHERE source = ?1 AND source_uid = ?2",
                params![src, uid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?,
        // Without an identity, a call for the same person at the same time
        // is the same call: a screen, or a callback the recruiter placed
        // there (else the day shows them twice in one slot).
        None => conn
            .query_row(
                "SELECT id, role_id, start_utc, minutes FROM screens
                 WHERE candidate_id = ?1 AND start_utc = ?2
                   AND (kind = 'screen' OR outcome NOT IN ('cancelled', 'rescheduled'))
                 ORDER BY kind = 'screen' DESC LIMIT 1",
                params![candidate_id, start],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?,
    };
    let screen_id = match existing {
        Some((id, old_role, old_start, old_minutes)) => {
            let role = role.or(old_role);
            if (role, start, minutes) == (old_role, old_start, old_minutes) {
                report.unchanged += 1;
            } else {
                conn.execute(
                    "UPDATE screens SET role_id = ?1, start_utc = ?2, minutes = ?3 WHERE id = ?4",
                    params![role, start, minutes, id],
                )?;
                report.updated += 1;
            }
            id
        }
        None => {
            if dnc {
                if let Err(refusal) = may_contact(&load_candidate(conn, candidate_id)?, allow_dnc) {
                    report.skipped.push(format!(
                        "{}: {}; not booked (--allow-dnc books it)",
                        row.origin,
                        sanitize::line(&refusal.to_string())
                    ));
                    return Ok(());
                }
            }
            let (src, uid) = match &row.source {
                Some((s, u)) => (Some(s.as_str()), Some(u.as_str())),
                None => (None, None),
            };
            conn.execute(
                "INSERT INTO screens (candidate_id, role_id, start_utc, minutes, kind, outcome, source, source_uid, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'screen', 'scheduled', ?5, ?6, ?7)",
                params![candidate_id, role, start, minutes, src, uid, to_secs(now)],
            )?;
            report.added += 1;
            let id = conn.last_insert_rowid();
            if let Some(outcome) = row.outcome {
                record_outcome(conn, candidate_id, id, row, outcome)?;
            }
            id
        }
    };
    if let Some(note) = row
        .note
        .as_deref()
        .map(|n| sanitize::clean(n, true))
        .filter(|n| !n.trim().is_empty())
    {
        // An imported note never overwrites one the recruiter wrote.
        conn.execute(
            "INSERT INTO notes (candidate_id, screen_id, body, updated_at)
             SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM notes WHERE screen_id = ?2)",
            params![candidate_id, screen_id, note.trim(), to_secs(now)],
        )?;
    }
    Ok(())
}
