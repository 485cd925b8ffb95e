//! Promises to candidates: add, list, keep, move, and "no news yet" calls
//! that meet them, each one transaction with its undo.

use super::candidates::{candidate_from_row, insert_attempt, load_candidate, CANDIDATE_COLS};
use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::dnc::may_contact;
use crate::domain::promise::{add_working_days, due_date, due_instant, PromiseMove};
use crate::domain::{AttemptResult, Direction, Promise, PromiseStatus, Undo, WorkingHours};
use crate::error::{Error, Result};
use crate::sanitize;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The reason written on the move a "no news yet" call makes.
pub const NO_NEWS_REASON: &str = "no news yet call";

pub(crate) fn promise_query(filter: &str) -> String {
    format!(
        "SELECT p.id, p.screen_id, p.what, p.due_utc, p.waiting_on_hm, p.status, p.created_at,
                p.closed_at, {CANDIDATE_COLS}
         FROM promises p JOIN candidates c ON c.id = p.candidate_id
         WHERE {filter}"
    )
}

fn promise_from_row(r: &Row) -> rusqlite::Result<Promise> {
    Ok(Promise {
        id: r.get(0)?,
        screen_id: r.get(1)?,
        what: r.get(2)?,
        due: from_secs(r.get(3)?),
        waiting_on_hm: r.get::<_, i64>(4)? != 0,
        status: PromiseStatus::parse(&r.get::<_, String>(5)?).unwrap_or(PromiseStatus::Open),
        created_at: from_secs(r.get(6)?),
        closed_at: opt_from_secs(r.get(7)?),
        candidate: candidate_from_row(r, 8)?,
        moves: Vec::new(),
    })
}

/// Fills in each promise's history of moves.
fn with_moves(conn: &Connection, mut list: Vec<Promise>) -> Result<Vec<Promise>> {
    let mut st = conn.prepare_cached(
        "SELECT at_utc, from_due, to_due, reason, attempt_id FROM promise_moves
         WHERE promise_id = ?1 ORDER BY at_utc, id",
    )?;
    for p in &mut list {
        let rows = st.query_map([p.id], |r| {
            Ok(PromiseMove {
                at: from_secs(r.get(0)?),
                from_due: from_secs(r.get(1)?),
                to_due: from_secs(r.get(2)?),
                reason: r.get(3)?,
                attempt_id: r.get(4)?,
            })
        })?;
        p.moves = rows.collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

fn load(conn: &Connection, id: i64) -> Result<Promise> {
    conn.query_row(&promise_query("p.id = ?1"), [id], promise_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no promise with id {id}")))
}

fn require_open(p: &Promise) -> Result<()> {
    match p.status {
        PromiseStatus::Open => Ok(()),
        s => Err(Error::Refused(format!(
            "the promise to {} is already {}",
            p.candidate.name,
            s.as_str()
        ))),
    }
}

fn insert_move(
    conn: &Connection,
    p: &Promise,
    to: DateTime<Utc>,
    reason: &str,
    attempt: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO promise_moves (promise_id, at_utc, from_due, to_due, reason, attempt_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            p.id,
            to_secs(now),
            to_secs(p.due),
            to_secs(to),
            reason,
            attempt
        ],
    )?;
    conn.execute(
        "UPDATE promises SET due_utc = ?1 WHERE id = ?2",
        params![to_secs(to), p.id],
    )?;
    Ok(conn.last_insert_rowid())
}

/// One line of text from the recruiter, cleaned; refused when empty.
fn required(text: &str, what: &str) -> Result<String> {
    let t = sanitize::line(text).trim().to_string();
    if t.is_empty() {
        return Err(Error::Invalid(format!("a promise needs {what}")));
    }
    Ok(t)
}

impl Store {
    /// Records a promise to a candidate, due by the end of `due`'s day.
    #[allow(clippy::too_many_arguments)]
    pub fn add_promise(
        &self,
        candidate_id: i64,
        screen_id: Option<i64>,
        what: &str,
        due: chrono::NaiveDate,
        waiting_on_hm: bool,
        now: DateTime<Utc>,
        hours: &WorkingHours,
    ) -> Result<(i64, Undo)> {
        let what = required(what, "what was promised")?;
        self.write_journaled(|tx| {
            let c = load_candidate(tx, candidate_id)?;
            tx.execute(
                "INSERT INTO promises (candidate_id, screen_id, what, due_utc, waiting_on_hm, status, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6)",
                params![
                    candidate_id,
                    screen_id,
                    what,
                    to_secs(due_instant(hours, due)),
                    waiting_on_hm as i64,
                    to_secs(now)
                ],
            )?;
            let id = tx.last_insert_rowid();
            let label = format!("promise to {}: {what} by {}", c.name, due.format("%a %d %b"));
            Ok((id, Undo::labelled(label)))
        })
    }

    /// Every open promise, soonest due first, with its history.
    pub fn open_promises(&self) -> Result<Vec<Promise>> {
        let mut st = self
            .conn()
            .prepare_cached(&promise_query("p.status = 'open' ORDER BY p.due_utc, p.id"))?;
        let rows = st.query_map([], promise_from_row)?;
        with_moves(self.conn(), rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every promise made to a candidate, oldest first, with its history.
    pub fn promises_for(&self, candidate_id: i64) -> Result<Vec<Promise>> {
        let mut st = self.conn().prepare_cached(&promise_query(
            "p.candidate_id = ?1 ORDER BY p.created_at, p.id",
        ))?;
        let rows = st.query_map([candidate_id], promise_from_row)?;
        with_moves(self.conn(), rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn promise(&self, id: i64) -> Result<Promise> {
        let p = load(self.conn(), id)?;
        Ok(with_moves(self.conn(), vec![p])?.remove(0))
    }

    /// Closes a promise as kept: the candidate got what was promised.
    pub fn keep_promise(&self, id: i64, now: DateTime<Utc>) -> Result<Undo> {
        self.write_journaled(|tx| {
            let p = load(tx, id)?;
            require_open(&p)?;
            tx.execute(
                "UPDATE promises SET status = 'kept', closed_at = ?1 WHERE id = ?2",
                params![to_secs(now), id],
            )?;
            Ok(Undo::labelled(format!(
                "kept the promise to {}",
                p.candidate.name
            )))
        })
    }

    /// Moves a promise to a new due day, with the reason kept as history.
    pub fn move_promise(
        &self,
        id: i64,
        due: chrono::NaiveDate,
        reason: &str,
        now: DateTime<Utc>,
        hours: &WorkingHours,
    ) -> Result<Undo> {
        let reason = required(reason, "a reason to move it")?;
        self.write_journaled(|tx| {
            let p = load(tx, id)?;
            require_open(&p)?;
            let to = due_instant(hours, due);
            if to == p.due {
                return Err(Error::Refused(format!(
                    "the promise to {} is already due {}",
                    p.candidate.name,
                    due.format("%a %d %b")
                )));
            }
            insert_move(tx, &p, to, &reason, None, now)?;
            Ok(Undo::labelled(format!(
                "moved the promise to {} to {}",
                p.candidate.name,
                due.format("%a %d %b")
            )))
        })
    }

    /// Logs a "no news yet" call against a promise: an answered outbound
    /// attempt, and the promise moved on to `after` working days from
    /// today (never earlier than it was), recorded as a move. See
    /// `domain::promise` for why the promise stays open.
    pub fn promise_no_news(
        &self,
        id: i64,
        now: DateTime<Utc>,
        hours: &WorkingHours,
        after: u32,
    ) -> Result<(chrono::NaiveDate, Undo)> {
        self.write_journaled(|tx| {
            let p = load(tx, id)?;
            require_open(&p)?;
            may_contact(&p.candidate, false)?;
            let next = add_working_days(hours, hours.local_date(now), after.max(1));
            let to = due_instant(hours, next).max(p.due);
            let attempt = insert_attempt(
                tx,
                p.candidate.id,
                p.screen_id,
                now,
                Direction::Outbound,
                AttemptResult::Answered,
                None,
            )?;
            insert_move(tx, &p, to, NO_NEWS_REASON, Some(attempt), now)?;
            let day = due_date(hours, to);
            Ok((
                day,
                Undo::labelled(format!(
                    "no news yet call to {}; next update by {}",
                    p.candidate.name,
                    day.format("%a %d %b")
                )),
            ))
        })
    }
}
