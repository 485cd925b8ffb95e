//! Candidates, their notes and their call attempts.

use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::{Attempt, AttemptResult, Candidate, Direction, Stage};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// Columns `candidate_from_row` reads, in order, prefixed by `c.`.
///
/// Do-not-call is the record's own flag or a number or email it shares
/// with a do-not-call record (`identity::shared_dnc_sql`), whose reason
/// then says which.
pub(crate) const CANDIDATE_COLS: &str = concat!(
    "c.id, c.name, c.phone, c.email, c.timezone, (c.do_not_call <> 0 OR ",
    super::identity::shared_dnc_sql!(),
    " IS NOT NULL), CASE WHEN c.do_not_call <> 0 THEN c.dnc_reason ELSE ",
    super::identity::shared_dnc_sql!(),
    " END, c.dnc_at, c.stage, c.stage_at"
);

/// How many columns `CANDIDATE_COLS` is: the next column after them.
pub(crate) const CANDIDATE_COL_COUNT: usize = 10;

/// Reads a candidate from the `CANDIDATE_COLS` columns starting at `at`.
pub(crate) fn candidate_from_row(r: &Row, at: usize) -> rusqlite::Result<Candidate> {
    let tz: Option<String> = r.get(at + 4)?;
    Ok(Candidate {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        phone: r.get(at + 2)?,
        email: r.get(at + 3)?,
        // An unknown zone in the file is shown as the recruiter's own
        // rather than failing the whole day.
        timezone: tz.and_then(|z| z.parse().ok()),
        do_not_call: r.get::<_, i64>(at + 5)? != 0,
        dnc_reason: r.get(at + 6)?,
        dnc_at: opt_from_secs(r.get(at + 7)?),
        stage: Stage::parse(&r.get::<_, String>(at + 8)?).unwrap_or_default(),
        stage_at: opt_from_secs(r.get(at + 9)?),
    })
}

/// One candidate, read on `conn` (inside a write, the transaction).
pub(crate) fn load_candidate(conn: &Connection, id: i64) -> Result<Candidate> {
    conn.query_row(
        &format!("SELECT {CANDIDATE_COLS} FROM candidates c WHERE c.id = ?1"),
        [id],
        |r| candidate_from_row(r, 0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no candidate with id {id}")))
}

/// Digits only (and a leading +), so the same number typed two ways matches.
///
/// In international form the optional trunk zero some write after the
/// country code ("+44 (0)20 …") is not dialled, so it is left out.
pub fn phone_key(phone: &str) -> String {
    let phone = phone.trim_start();
    if phone.starts_with('+') {
        let digits: String = phone
            .replace("(0)", "")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        format!("+{digits}")
    } else {
        phone.chars().filter(char::is_ascii_digit).collect()
    }
}

pub(super) const INBOUND_CALLS: &str =
    "SELECT id, candidate_id, screen_id, at_utc, direction, result, late_minutes
     FROM attempts WHERE candidate_id = ?1 AND direction = 'inbound' AND result = 'called-in'
     ORDER BY at_utc, id";

pub(super) fn attempt_from_row(r: &Row) -> rusqlite::Result<Attempt> {
    let dir: String = r.get(4)?;
    let res: String = r.get(5)?;
    Ok(Attempt {
        id: r.get(0)?,
        candidate_id: r.get(1)?,
        screen_id: r.get(2)?,
        at: from_secs(r.get(3)?),
        direction: Direction::parse(&dir).unwrap_or(Direction::Outbound),
        result: AttemptResult::parse(&res).unwrap_or(AttemptResult::NoAnswer),
        late_minutes: r.get(6)?,
    })
}

pub(crate) fn insert_attempt(
    conn: &Connection,
    candidate_id: i64,
    screen_id: Option<i64>,
    at: DateTime<Utc>,
    direction: Direction,
    result: AttemptResult,
    late_minutes: Option<i64>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO attempts (candidate_id, screen_id, at_utc, direction, result, late_minutes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            candidate_id,
            screen_id,
            to_secs(at),
            direction.as_str(),
            result.as_str(),
            late_minutes
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Outbound attempts by a candidate in `[from, to)`: the cadence count.
pub(crate) fn outbound_between(
    conn: &Connection,
    candidate_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<u32> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM attempts
         WHERE candidate_id = ?1 AND at_utc >= ?2 AND at_utc < ?3 AND direction = 'outbound'",
        params![candidate_id, to_secs(from), to_secs(to)],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(crate) fn upsert_note(
    conn: &Connection,
    candidate_id: i64,
    screen_id: Option<i64>,
    body: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let body = crate::sanitize::clean(body, true);
    let existing: Option<i64> = match screen_id {
        Some(s) => conn
            .query_row("SELECT id FROM notes WHERE screen_id = ?1", [s], |r| {
                r.get(0)
            })
            .optional()?,
        None => conn
            .query_row(
                "SELECT id FROM notes WHERE candidate_id = ?1 AND screen_id IS NULL",
                [candidate_id],
                |r| r.get(0),
            )
            .optional()?,
    };
    match (existing, body.trim().is_empty()) {
        (Some(id), true) => {
            conn.execute("DELETE FROM notes WHERE id = ?1", [id])?;
        }
        (Some(id), false) => {
            conn.execute(
                "UPDATE notes SET body = ?1, updated_at = ?2 WHERE id = ?3",
                params![body, to_secs(now), id],
            )?;
        }
        (None, true) => {}
        (None, false) => {
            conn.execute(
                "INSERT INTO notes (candidate_id, screen_id, body, updated_at) VALUES (?1, ?2, ?3, ?4)",
                params![candidate_id, screen_id, body, to_secs(now)],
            )?;
        }
    }
    Ok(())
}

impl Store {
    pub fn candidate(&self, id: i64) -> Result<Candidate> {
        load_candidate(self.conn(), id)
    }

    /// Every attempt on a candidate's record, oldest first.
    pub fn attempts_for(&self, candidate_id: i64) -> Result<Vec<Attempt>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, candidate_id, screen_id, at_utc, direction, result, late_minutes
             FROM attempts WHERE candidate_id = ?1 ORDER BY at_utc, id",
        )?;
        let rows = st.query_map([candidate_id], attempt_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The candidate's inbound calls (`called in`), oldest first: the
    /// attempts their record counts.
    pub fn inbound_calls_of(&self, candidate_id: i64) -> Result<Vec<Attempt>> {
        let mut st = self.conn().prepare_cached(INBOUND_CALLS)?;
        let rows = st.query_map([candidate_id], attempt_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Outbound attempts to a candidate in the calendar week of `at`.
    pub fn attempts_in_week(
        &self,
        candidate_id: i64,
        zone: chrono_tz::Tz,
        at: DateTime<Utc>,
    ) -> Result<u32> {
        let (from, to) = crate::domain::callback::week_span(zone, at);
        outbound_between(self.conn(), candidate_id, from, to)
    }

    /// The note on a candidate (not on any one call); empty if none.
    pub fn candidate_note(&self, candidate_id: i64) -> Result<String> {
        Ok(self
            .conn()
            .query_row(
                "SELECT body FROM notes WHERE candidate_id = ?1 AND screen_id IS NULL",
                [candidate_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Saves the note on a candidate; an empty note removes it.
    pub fn set_candidate_note(
        &self,
        candidate_id: i64,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            self.candidate(candidate_id)?;
            upsert_note(tx, candidate_id, None, body, now)
        })
    }

    /// Saves the note on a call; an empty note removes it.
    pub fn set_call_note(&self, screen_id: i64, body: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let candidate_id: i64 = tx
                .query_row(
                    "SELECT candidate_id FROM screens WHERE id = ?1",
                    [screen_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("no call with id {screen_id}")))?;
            upsert_note(tx, candidate_id, Some(screen_id), body, now)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_count_matches_the_column_list() {
        // The do-not-call subqueries hold no top-level comma; count the
        // columns outside parentheses.
        let mut depth = 0;
        let mut cols = 1;
        for ch in CANDIDATE_COLS.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => cols += 1,
                _ => {}
            }
        }
        assert_eq!(cols, CANDIDATE_COL_COUNT);
    }
}
