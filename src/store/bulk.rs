//! Bulk writes for generated history (benchmarks, load tests).
//!
//! The per-row API (`import`, `mark`) runs the policy and reads before
//! every write; writing a million screens of history through it would take
//! hours. These methods write the same rows with cached statements inside
//! one transaction per batch, so a caller commits every ~50,000 rows.

use super::candidates::phone_key;
use super::{to_secs, Store};
use crate::domain::{AttemptResult, CallbackReason, CallbackStatus, Direction, Outcome};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// A callback a historical call queued, and what became of it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct BulkCallback {
    pub reason: CallbackReason,
    pub due: DateTime<Utc>,
    pub status: CallbackStatus,
    pub closed_at: Option<DateTime<Utc>>,
}

/// One historical call, already decided: outcome, attempt, callback, note.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct BulkCall {
    pub candidate_id: i64,
    pub role_id: Option<i64>,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub outcome: Outcome,
    pub marked_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub callback: Option<BulkCallback>,
}

impl Store {
    /// Adds roles by title (existing titles are kept) and returns their ids
    /// in the order given.
    #[doc(hidden)]
    pub fn bulk_roles(&self, titles: &[&str]) -> Result<Vec<i64>> {
        self.write(|tx| {
            let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO roles (title) VALUES (?1)")?;
            let mut get = tx.prepare_cached("SELECT id FROM roles WHERE title = ?1")?;
            let mut ids = Vec::with_capacity(titles.len());
            for t in titles {
                ins.execute([t])?;
                ids.push(get.query_row([t], |r| r.get(0))?);
            }
            Ok(ids)
        })
    }

    /// Adds candidates without looking for existing ones (the caller makes
    /// the phone numbers unique) in one transaction; returns their ids.
    #[doc(hidden)]
    pub fn bulk_candidates(
        &self,
        rows: &[super::NewCandidate],
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        self.write(|tx| {
            let mut st = tx.prepare_cached(
                "INSERT INTO candidates (name, phone, phone_key, email, timezone, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut ids = Vec::with_capacity(rows.len());
            for c in rows {
                st.execute(params![
                    c.name,
                    c.phone,
                    phone_key(&c.phone),
                    c.email,
                    c.timezone.map(|z| z.name().to_string()),
                    to_secs(now)
                ])?;
                ids.push(tx.last_insert_rowid());
            }
            Ok(ids)
        })
    }

    /// Writes calls with their outbound attempt (when marked), queued
    /// callback and note, in one transaction. Returns how many rows of any
    /// kind were written.
    #[doc(hidden)]
    pub fn bulk_calls(&self, calls: &[BulkCall]) -> Result<usize> {
        self.write(|tx| {
            let mut screen = tx.prepare_cached(
                "INSERT INTO screens (candidate_id, role_id, start_utc, minutes, kind, outcome, marked_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'screen', ?5, ?6, ?3)",
            )?;
            let mut attempt = tx.prepare_cached(
                "INSERT INTO attempts (candidate_id, screen_id, at_utc, direction, result)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut callback = tx.prepare_cached(
                "INSERT INTO callbacks (candidate_id, origin_screen_id, reason, due_utc, status, created_at, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut link = tx.prepare_cached(
                "UPDATE screens SET mark_attempt_id = ?1, mark_callback_id = ?2 WHERE id = ?3",
            )?;
            let mut note = tx.prepare_cached(
                "INSERT INTO notes (candidate_id, screen_id, body, updated_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut written = 0;
            for c in calls {
                screen.execute(params![
                    c.candidate_id,
                    c.role_id,
                    to_secs(c.start),
                    i64::from(c.minutes.clamp(1, 1440)),
                    c.outcome.as_str(),
                    c.marked_at.map(to_secs)
                ])?;
                let id = tx.last_insert_rowid();
                written += 1;
                if let (Some(at), Some(result)) = (c.marked_at, AttemptResult::for_mark(c.outcome))
                {
                    attempt.execute(params![
                        c.candidate_id,
                        id,
                        to_secs(at),
                        Direction::Outbound.as_str(),
                        result.as_str()
                    ])?;
                    let attempt_id = tx.last_insert_rowid();
                    let mut callback_id = None;
                    if let Some(cb) = &c.callback {
                        callback.execute(params![
                            c.candidate_id,
                            id,
                            cb.reason.as_str(),
                            to_secs(cb.due),
                            cb.status.as_str(),
                            to_secs(at),
                            cb.closed_at.map(to_secs)
                        ])?;
                        callback_id = Some(tx.last_insert_rowid());
                        written += 1;
                    }
                    link.execute(params![attempt_id, callback_id, id])?;
                    written += 1;
                }
                if let Some(body) = c.note.as_deref().filter(|b| !b.trim().is_empty()) {
                    note.execute(params![
                        c.candidate_id,
                        id,
                        body,
                        to_secs(c.marked_at.unwrap_or(c.start))
                    ])?;
                    written += 1;
                }
            }
            Ok(written)
        })
    }
}
