//! Dials: the call in progress and, once closed, its length and what the
//! line did (schema 12's `dials`).

use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::live_call::{ClosedBy, LineResult, LiveCall};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

/// One dial as the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DialRecord {
    pub call: LiveCall,
    pub ended: Option<DateTime<Utc>>,
    /// `None` while open, and for a dial closed at a restart.
    pub seconds: Option<i64>,
    pub line_result: Option<LineResult>,
    pub closed_by: Option<String>,
    /// The attempt the closing mark wrote.
    pub attempt_id: Option<i64>,
}

const COLS: &str = "d.id, d.candidate_id, d.screen_id, c.name, d.number, d.started_utc,
                    d.ended_utc, d.seconds, d.line_result, d.closed_by, d.attempt_id";

fn record(r: &Row) -> rusqlite::Result<DialRecord> {
    Ok(DialRecord {
        call: LiveCall {
            id: r.get(0)?,
            candidate_id: r.get(1)?,
            screen_id: r.get(2)?,
            name: r.get(3)?,
            number: r.get(4)?,
            started: from_secs(r.get(5)?),
        },
        ended: opt_from_secs(r.get(6)?),
        seconds: r.get(7)?,
        line_result: r
            .get::<_, String>(8)
            .map(|s| LineResult::parse(&s))
            .ok()
            .flatten(),
        closed_by: r.get(9)?,
        attempt_id: r.get(10)?,
    })
}

impl Store {
    /// Records a dial to `candidate_id` starting at `now`: the call in
    /// progress until something closes it.
    pub fn open_dial(
        &self,
        candidate_id: i64,
        screen_id: Option<i64>,
        number: &str,
        now: DateTime<Utc>,
    ) -> Result<LiveCall> {
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO dials (candidate_id, screen_id, number, started_utc)
                 VALUES (?1, ?2, ?3, ?4)",
                params![candidate_id, screen_id, number, to_secs(now)],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.dial(id).map(|d| d.call)
    }

    /// One dial by id.
    pub fn dial(&self, id: i64) -> Result<DialRecord> {
        let sql = format!(
            "SELECT {COLS} FROM dials d JOIN candidates c ON c.id = d.candidate_id WHERE d.id = ?1"
        );
        self.conn()
            .query_row(&sql, [id], record)
            .optional()?
            .ok_or_else(|| crate::error::Error::NotFound(format!("dial {id}")))
    }

    /// Dials not closed yet, oldest first.
    pub fn open_dials(&self) -> Result<Vec<LiveCall>> {
        let sql = format!(
            "SELECT {COLS} FROM dials d JOIN candidates c ON c.id = d.candidate_id
             WHERE d.ended_utc IS NULL ORDER BY d.started_utc, d.id"
        );
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map([], record)?;
        Ok(rows
            .map(|r| r.map(|d| d.call))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every dial to a candidate, oldest first.
    pub fn dials_for(&self, candidate_id: i64) -> Result<Vec<DialRecord>> {
        let sql = format!(
            "SELECT {COLS} FROM dials d JOIN candidates c ON c.id = d.candidate_id
             WHERE d.candidate_id = ?1 ORDER BY d.started_utc, d.id"
        );
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map([candidate_id], record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Closes dial `id` at `now` with its length. `line` is what the phone
    /// did, when a softphone said; `attempt` the mark that closed it.
    /// Returns the length in seconds; a dial already closed is left as it
    /// was (and its recorded length returned).
    pub fn close_dial(
        &self,
        id: i64,
        now: DateTime<Utc>,
        by: ClosedBy,
        line: Option<LineResult>,
        attempt: Option<i64>,
    ) -> Result<Option<i64>> {
        self.write(|tx| {
            let started: Option<(i64, Option<i64>, Option<i64>)> = tx
                .query_row(
                    "SELECT started_utc, ended_utc, seconds FROM dials WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((started, ended, seconds)) = started else {
                return Err(crate::error::Error::NotFound(format!("dial {id}")));
            };
            if ended.is_some() {
                return Ok(seconds);
            }
            let secs = (to_secs(now) - started).max(0);
            tx.execute(
                "UPDATE dials SET ended_utc = ?1, seconds = ?2, closed_by = ?3,
                     line_result = COALESCE(?4, line_result), attempt_id = ?5
                 WHERE id = ?6",
                params![
                    to_secs(now),
                    secs,
                    by.as_str(),
                    line.map(LineResult::as_str),
                    attempt,
                    id
                ],
            )?;
            Ok(Some(secs))
        })
    }

    /// Records what the line did on an open dial without closing it
    /// (`established` while the call goes on).
    pub fn set_line_result(&self, id: i64, line: LineResult) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE dials SET line_result = ?1 WHERE id = ?2 AND ended_utc IS NULL",
                params![line.as_str(), id],
            )?;
            Ok(())
        })
    }

    /// Closes every dial left open (the app quit during a call) at `now`,
    /// with no length: when the call really ended is not known. Returns
    /// the dials closed, so the app can say so.
    pub fn close_left_open_dials(&self, now: DateTime<Utc>) -> Result<Vec<LiveCall>> {
        let open = self.open_dials()?;
        if open.is_empty() {
            return Ok(open);
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE dials SET ended_utc = ?1, closed_by = ?2 WHERE ended_utc IS NULL",
                params![to_secs(now), ClosedBy::Restart.as_str()],
            )?;
            Ok(())
        })?;
        Ok(open)
    }

    /// Dials to a candidate in `[from, to)` that no mark accounts for
    /// (closed by the line or a restart, or still open): with the marks'
    /// attempts, what the weekly cadence counts.
    pub fn unmarked_dials_between(
        &self,
        candidate_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<u32> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM dials
             WHERE candidate_id = ?1 AND started_utc >= ?2 AND started_utc < ?3
               AND attempt_id IS NULL",
            params![candidate_id, to_secs(from), to_secs(to)],
            |r| r.get(0),
        )?)
    }
}
