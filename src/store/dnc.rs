//! Do-not-call and stage: the two facts about a candidate that change who
//! the recruiter may call and what they owe them. Each change is one
//! transaction with its undo.

use super::calls::callback_before;
use super::candidates::load_candidate;
use super::{to_secs, Store};
use crate::domain::dnc::{self, Refusal};
use crate::domain::{Stage, Undo};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::Refused(r.to_string())
    }
}

impl Store {
    /// Sets (`on`) or clears the do-not-call flag.
    ///
    /// Setting it drops the candidate's open callbacks in the same
    /// transaction (drop reason "do not call"), so the queue never shows
    /// one as workable; undo restores the flag and those callbacks. Setting
    /// it again only updates the reason.
    pub fn set_do_not_call(
        &self,
        candidate_id: i64,
        on: bool,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Undo> {
        let reason = reason
            .map(|r| crate::sanitize::line(r).trim().to_string())
            .filter(|r| !r.is_empty());
        let region = self.phone_region();
        self.write_journaled(|tx| {
            let mut c = load_candidate(tx, candidate_id)?;
            // The record's own flag: `load_candidate` also counts a number
            // shared with another do-not-call record.
            (c.do_not_call, c.dnc_reason) = tx.query_row(
                "SELECT do_not_call <> 0, dnc_reason FROM candidates WHERE id = ?1",
                [candidate_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            // The flag holds on the number and email they have now, as on
            // every one an import gave them.
            super::identity::remember_current(tx, candidate_id, region, now)?;
            if !on && !c.do_not_call {
                return Err(Error::Refused(format!("{} is not do-not-call", c.name)));
            }
            let dropped = if on {
                let at = if c.do_not_call { c.dnc_at } else { Some(now) };
                tx.execute(
                    "UPDATE candidates SET do_not_call = 1, dnc_reason = ?1, dnc_at = ?2 WHERE id = ?3",
                    params![reason, at.map(to_secs), candidate_id],
                )?;
                drop_open_callbacks(tx, candidate_id, now)?
            } else {
                tx.execute(
                    "UPDATE candidates SET do_not_call = 0, dnc_reason = NULL, dnc_at = NULL WHERE id = ?1",
                    [candidate_id],
                )?;
                Vec::new()
            };
            let label = match (on, dropped.len()) {
                (false, _) => format!("cleared do-not-call on {}", c.name),
                (true, 0) => format!("do-not-call on {}", c.name),
                (true, 1) => format!("do-not-call on {} (1 callback dropped)", c.name),
                (true, n) => format!("do-not-call on {} ({n} callbacks dropped)", c.name),
            };
            Ok(Undo::labelled(label))
        })
    }

    /// Moves a candidate to `stage`, remembering when.
    pub fn set_stage(&self, candidate_id: i64, stage: Stage, now: DateTime<Utc>) -> Result<Undo> {
        self.write_journaled(|tx| {
            let c = load_candidate(tx, candidate_id)?;
            if c.stage == stage {
                return Err(Error::Refused(format!("{} is already {stage}", c.name)));
            }
            tx.execute(
                "UPDATE candidates SET stage = ?1, stage_at = ?2 WHERE id = ?3",
                params![stage.as_str(), to_secs(now), candidate_id],
            )?;
            Ok(Undo::labelled(format!("{} → {stage}", c.name)))
        })
    }
}

/// Drops every open callback of a do-not-call candidate (drop reason "do
/// not call"), so the queue never offers one; returns them as they were,
/// for undo.
fn drop_open_callbacks(
    conn: &Connection,
    candidate_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<crate::domain::undo::CallbackBefore>> {
    let ids: Vec<i64> = {
        let mut st = conn.prepare_cached(
            "SELECT id FROM callbacks WHERE candidate_id = ?1 AND status = 'open'",
        )?;
        let rows = st.query_map([candidate_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut dropped = Vec::with_capacity(ids.len());
    for id in ids {
        dropped.push(callback_before(conn, id)?);
        conn.execute(
            "UPDATE callbacks SET status = 'dropped', drop_reason = ?1, closed_at = ?2 WHERE id = ?3",
            params![dnc::DROP_REASON, to_secs(now), id],
        )?;
    }
    Ok(dropped)
}
