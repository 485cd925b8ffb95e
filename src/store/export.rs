//! Reads for the exports, streamed: each row is handed to the caller as
//! SQLite returns it, so an export of five years holds one row in memory,
//! not the whole range (the 1M-screen history peaked at 1.14 GiB when it
//! was collected first).
//!
//! Moves are the one thing that needs more than the row: a screen moved
//! to another slot is exported as the same event (the UID of the first
//! screen of the chain) with a `SEQUENCE` above every earlier export's.
//! The chains are read first into a map as small as the number of moves.

use super::calls::{call_from_row, CALL_SELECT};
use super::candidates::{candidate_from_row, CANDIDATE_COLS, CANDIDATE_COL_COUNT};
use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::change::{ChangedBy, ScreenChange};
use crate::domain::{AttemptResult, Call, Direction, Outcome};
use crate::error::Result;
use crate::import::export::{moved_phrase, ExportedCall, LogEvent, LogRow};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::{HashMap, HashSet};

/// `CALL_SELECT`'s column count: `sequence` comes after it and the
/// candidate's columns.
const CALL_COLS: usize = 12;

/// A move, as the later screen sees it.
struct Hop {
    /// The screen it was moved from.
    from: i64,
    /// That screen's own change count.
    from_sequence: u32,
    /// "moved by the candidate, …; was 2026-11-23 10:00 UTC".
    phrase: String,
}

/// Every move in the file: `later → hop`, and `earlier → later` (the
/// newest replacement when there were several).
struct Moves {
    back: HashMap<i64, Hop>,
    forward: HashMap<i64, i64>,
}

fn seq(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

fn moves(conn: &Connection) -> Result<Moves> {
    let mut st = conn.prepare_cached(
        "SELECT n.id, o.id, o.sequence, o.start_utc, o.changed_by, o.told_at, o.change_reason
         FROM screens n JOIN screens o ON o.id = n.rescheduled_from
         WHERE n.rescheduled_from IS NOT NULL AND o.outcome = 'rescheduled'
         ORDER BY n.id",
    )?;
    let mut rows = st.query([])?;
    let mut m = Moves {
        back: HashMap::new(),
        forward: HashMap::new(),
    };
    while let Some(r) = rows.next()? {
        let (later, earlier): (i64, i64) = (r.get(0)?, r.get(1)?);
        let was = from_secs(r.get(3)?);
        let change = match (
            r.get::<_, Option<String>>(4)?
                .as_deref()
                .and_then(ChangedBy::parse),
            opt_from_secs(r.get(5)?),
        ) {
            (Some(by), Some(told_at)) => Some(ScreenChange {
                by,
                told_at,
                reason: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            }),
            _ => None,
        };
        m.back.insert(
            later,
            Hop {
                from: earlier,
                from_sequence: seq(r.get(2)?),
                phrase: moved_phrase(change.as_ref(), was),
            },
        );
        m.forward.insert(earlier, later);
    }
    Ok(m)
}

impl Moves {
    /// The call as exported: the chain's first UID, the chain's summed
    /// sequence. Bounded: a corrupt file with a cycle cannot loop.
    fn export(&self, call: Call, own_sequence: u32) -> ExportedCall {
        let mut x = ExportedCall::plain(call, own_sequence);
        x.moved = self.back.get(&x.call.id).map(|h| h.phrase.clone());
        let mut at = x.call.id;
        for _ in 0..1000 {
            let Some(hop) = self.back.get(&at) else { break };
            x.sequence = x.sequence.saturating_add(hop.from_sequence);
            at = hop.from;
        }
        x.uid_call = at;
        x
    }

    /// The newest screen a moved one ended up as.
    fn latest(&self, id: i64) -> i64 {
        let mut at = id;
        for _ in 0..1000 {
            match self.forward.get(&at) {
                Some(&next) => at = next,
                None => break,
            }
        }
        at
    }
}

fn call_with_sequence(r: &Row) -> rusqlite::Result<(Call, u32)> {
    let call = call_from_row(r)?;
    let sequence: i64 = r.get(CALL_COLS + CANDIDATE_COL_COUNT)?;
    Ok((call, seq(sequence)))
}

fn export_call_query(filter: &str) -> String {
    format!(
        "{CALL_SELECT}, {CANDIDATE_COLS}, s.sequence
         FROM screens s
         JOIN candidates c ON c.id = s.candidate_id
         LEFT JOIN roles r ON r.id = s.role_id
         LEFT JOIN notes n ON n.screen_id = s.id
         WHERE {filter}"
    )
}

impl Store {
    /// Every call starting in `[from, to)` as the iCalendar export writes
    /// it, in time order, handed to `each` one at a time. A screen that
    /// was moved is not written itself: the screen it became carries its
    /// UID, here if it starts in the range, else in the moved screen's
    /// place (once).
    pub fn export_calls(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        mut each: impl FnMut(&ExportedCall) -> Result<()>,
    ) -> Result<usize> {
        let conn = self.conn();
        let moves = moves(conn)?;
        let mut st = conn.prepare_cached(&export_call_query(
            "s.start_utc >= ?1 AND s.start_utc < ?2 ORDER BY s.start_utc, s.id",
        ))?;
        let mut rows = st.query(params![to_secs(from), to_secs(to)])?;
        let mut elsewhere = HashSet::new();
        let mut written = 0;
        while let Some(r) = rows.next()? {
            let (call, sequence) = call_with_sequence(r)?;
            if call.outcome == Outcome::Rescheduled && moves.forward.contains_key(&call.id) {
                let latest = moves.latest(call.id);
                if !elsewhere.insert(latest) {
                    continue;
                }
                let found = conn
                    .query_row(
                        &export_call_query("s.id = ?1"),
                        [latest],
                        call_with_sequence,
                    )
                    .optional()?;
                match found {
                    Some((l, _)) if l.start >= from && l.start < to => continue,
                    Some((l, s)) => each(&moves.export(l, s))?,
                    None => each(&ExportedCall::plain(call, sequence))?,
                }
            } else {
                each(&moves.export(call, sequence))?;
            }
            written += 1;
        }
        Ok(written)
    }

    /// The CSV call log for `[from, to)`, oldest first, handed to `each`
    /// one row at a time: every attempt made in the range (a mark, a dial
    /// that left the call open, an inbound call) and every screen booked
    /// in the range that was cancelled or moved (at the time the recruiter
    /// was told).
    pub fn export_log(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        mut each: impl FnMut(&LogRow) -> Result<()>,
    ) -> Result<usize> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT 0, a.at_utc, a.id, a.screen_id, s.start_utc, s.outcome, a.direction,
                    a.result, a.late_minutes, s.mark_attempt_id = a.id,
                    NULL, NULL, NULL, NULL, n.body, {CANDIDATE_COLS}
             FROM attempts a
             JOIN candidates c ON c.id = a.candidate_id
             LEFT JOIN screens s ON s.id = a.screen_id
             LEFT JOIN notes n ON n.screen_id = a.screen_id AND a.screen_id IS NOT NULL
             WHERE a.at_utc >= ?1 AND a.at_utc < ?2
             UNION ALL
             SELECT 1, COALESCE(s.told_at, s.marked_at, s.start_utc), s.id, s.id, s.start_utc,
                    s.outcome, NULL, NULL, NULL, 0,
                    s.changed_by, s.told_at, s.change_reason,
                    (SELECT m.start_utc FROM screens m WHERE m.rescheduled_from = s.id
                     ORDER BY m.id DESC LIMIT 1),
                    n.body, {CANDIDATE_COLS}
             FROM screens s
             JOIN candidates c ON c.id = s.candidate_id
             LEFT JOIN notes n ON n.screen_id = s.id
             WHERE s.start_utc >= ?1 AND s.start_utc < ?2
               AND s.outcome IN ('cancelled', 'rescheduled')
             ORDER BY 2, 1, 3"
        ))?;
        let mut rows = st.query(params![to_secs(from), to_secs(to)])?;
        let mut written = 0;
        while let Some(r) = rows.next()? {
            each(&log_row(r)?)?;
            written += 1;
        }
        Ok(written)
    }
}

fn log_row(r: &Row) -> rusqlite::Result<LogRow> {
    let part: i64 = r.get(0)?;
    let outcome = r
        .get::<_, Option<String>>(5)?
        .and_then(|o| o.parse::<Outcome>().ok());
    let direction = r
        .get::<_, Option<String>>(6)?
        .as_deref()
        .and_then(Direction::parse);
    let is_mark = r.get::<_, Option<bool>>(9)?.unwrap_or(false);
    let event = match (part, outcome, direction) {
        (1, Some(Outcome::Rescheduled), _) => LogEvent::Reschedule,
        (1, _, _) => LogEvent::Cancellation,
        (_, _, Some(Direction::Inbound)) => LogEvent::Inbound,
        _ if is_mark => LogEvent::Mark,
        _ => LogEvent::Dial,
    };
    let change = match (
        r.get::<_, Option<String>>(10)?
            .as_deref()
            .and_then(ChangedBy::parse),
        opt_from_secs(r.get(11)?),
    ) {
        (Some(by), Some(told_at)) => Some(ScreenChange {
            by,
            told_at,
            reason: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(LogRow {
        at: from_secs(r.get(1)?),
        event,
        call_id: r.get(3)?,
        scheduled: opt_from_secs(r.get(4)?),
        outcome,
        direction,
        result: r
            .get::<_, Option<String>>(7)?
            .as_deref()
            .and_then(AttemptResult::parse),
        late_minutes: r.get(8)?,
        change,
        moved_to: opt_from_secs(r.get(13)?),
        note: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
        candidate: candidate_from_row(r, 15)?,
    })
}
