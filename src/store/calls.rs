//! Calls on the calendar: the day's list, busy time, marks and their undo.

use super::candidates::{
    candidate_from_row, insert_attempt, load_candidate, upsert_note, CANDIDATE_COLS,
};
use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::change::{ChangedBy, ScreenChange};
use crate::domain::dnc::may_contact;
use crate::domain::outcome::Transition;
use crate::domain::record::ScreenFact;
use crate::domain::undo::CallbackBefore;
use crate::domain::{
    AttemptResult, Call, CallKind, CallbackReason, CallbackStatus, Direction, Interval, Outcome,
    Rules, Undo,
};
use crate::error::{Error, Result};
use crate::import::export::LoggedAttempt;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(crate) const CALL_SELECT: &str =
    "SELECT s.id, s.start_utc, s.minutes, s.kind, s.outcome, s.marked_at, r.title, n.body,
            s.changed_by, s.told_at, s.change_reason, s.rescheduled_from";

pub(crate) fn call_query(filter: &str) -> String {
    format!(
        "{CALL_SELECT}, {CANDIDATE_COLS}
         FROM screens s
         JOIN candidates c ON c.id = s.candidate_id
         LEFT JOIN roles r ON r.id = s.role_id
         LEFT JOIN notes n ON n.screen_id = s.id
         WHERE {filter}"
    )
}

pub(super) const SCREEN_FACTS: &str =
    "SELECT kind, outcome, start_utc, changed_by, told_at FROM screens WHERE candidate_id = ?1";

pub(crate) fn call_from_row(r: &Row) -> rusqlite::Result<Call> {
    let kind: String = r.get(3)?;
    let outcome: String = r.get(4)?;
    Ok(Call {
        id: r.get(0)?,
        start: from_secs(r.get(1)?),
        minutes: r.get::<_, i64>(2)?.clamp(1, 1440) as u32,
        kind: CallKind::parse(&kind).unwrap_or(CallKind::Screen),
        outcome: outcome.parse().unwrap_or(Outcome::Scheduled),
        marked_at: opt_from_secs(r.get(5)?),
        role: r.get(6)?,
        note: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        change: match (
            r.get::<_, Option<String>>(8)?
                .as_deref()
                .and_then(ChangedBy::parse),
            opt_from_secs(r.get(9)?),
        ) {
            (Some(by), Some(told_at)) => Some(ScreenChange {
                by,
                told_at,
                reason: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            }),
            _ => None,
        },
        rescheduled_from: r.get(11)?,
        candidate: candidate_from_row(r, 12)?,
    })
}

/// The facts a mark needs about one call, read inside the write.
pub(crate) struct MarkTarget {
    pub(crate) candidate_id: i64,
    pub(crate) tz: Option<chrono_tz::Tz>,
    pub(crate) do_not_call: bool,
    pub(crate) name: String,
    pub(crate) start: DateTime<Utc>,
    pub(crate) outcome: Outcome,
    pub(crate) attempt_id: Option<i64>,
    pub(crate) callback_id: Option<i64>,
    pub(crate) from_callback_id: Option<i64>,
}

pub(crate) fn mark_target(conn: &Connection, id: i64) -> Result<MarkTarget> {
    conn.query_row(
        // Do-not-call as every read of a candidate sees it: the record's
        // flag or a number or email shared with a do-not-call record.
        concat!(
            "SELECT s.candidate_id, c.timezone, (c.do_not_call <> 0 OR ",
            super::identity::shared_dnc_sql!(),
            " IS NOT NULL), c.name, s.start_utc, s.outcome,
                s.marked_at, s.mark_attempt_id, s.mark_callback_id, s.from_callback_id
         FROM screens s JOIN candidates c ON c.id = s.candidate_id WHERE s.id = ?1"
        ),
        [id],
        |r| {
            Ok(MarkTarget {
                candidate_id: r.get(0)?,
                tz: r.get::<_, Option<String>>(1)?.and_then(|z| z.parse().ok()),
                do_not_call: r.get::<_, i64>(2)? != 0,
                name: r.get(3)?,
                start: from_secs(r.get(4)?),
                outcome: r.get::<_, String>(5)?.parse().unwrap_or(Outcome::Scheduled),
                attempt_id: r.get(7)?,
                callback_id: r.get(8)?,
                from_callback_id: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no call with id {id}")))
}

pub(crate) fn callback_before(conn: &Connection, id: i64) -> Result<CallbackBefore> {
    conn.query_row(
        "SELECT status, due_utc, called_in_at FROM callbacks WHERE id = ?1",
        [id],
        |r| {
            Ok(CallbackBefore {
                id,
                status: CallbackStatus::parse(&r.get::<_, String>(0)?)
                    .unwrap_or(CallbackStatus::Open),
                due: from_secs(r.get(1)?),
                called_in_at: opt_from_secs(r.get(2)?),
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no callback with id {id}")))
}

/// How a mark is made beyond its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkOptions {
    /// Who cancelled or moved the screen, for `Cancelled`/`Rescheduled`.
    pub change: Option<ScreenChange>,
    /// False when the recruiter chose not to queue the callback the outcome
    /// would queue (the cadence guard's "no").
    pub queue_callback: bool,
    /// The recruiter's explicit override to queue a callback for a
    /// do-not-call candidate anyway (`callsheet mark --allow-dnc`).
    pub allow_dnc: bool,
}

impl Default for MarkOptions {
    fn default() -> Self {
        MarkOptions {
            change: None,
            queue_callback: true,
            allow_dnc: false,
        }
    }
}

/// Ids and outcome only: the log never holds candidate data.
fn log_mark(id: i64, to: Outcome, done: &MarkDone) {
    tracing::info!(
        call = id,
        outcome = to.as_str(),
        callback_queued = done.callback_due.is_some(),
        "mark"
    );
}

/// What a mark did, for the status line and for undo.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkDone {
    pub undo: Undo,
    /// When the callback the mark queued is due, if it queued one.
    pub callback_due: Option<DateTime<Utc>>,
    /// False when no free slot was found and the callback is due at the
    /// earliest allowed time instead.
    pub callback_in_free_slot: bool,
    /// The candidate is do-not-call, so no callback was queued.
    pub skipped_do_not_call: bool,
    /// Why, in words ("Ana Souza is do-not-call (moved abroad)").
    pub refusal: Option<String>,
}

impl Store {
    /// Calls starting in `[from, to)`, in time order.
    pub fn calls_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Call>> {
        let mut st = self.conn().prepare_cached(&call_query(
            "s.start_utc >= ?1 AND s.start_utc < ?2 ORDER BY s.start_utc, s.id",
        ))?;
        let rows = st.query_map(params![to_secs(from), to_secs(to)], call_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn call(&self, id: i64) -> Result<Call> {
        self.conn()
            .query_row(&call_query("s.id = ?1"), [id], call_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no call with id {id}")))
    }

    /// Every call on a candidate's record, oldest first.
    pub fn calls_for_candidate(&self, candidate_id: i64) -> Result<Vec<Call>> {
        let mut st = self.conn().prepare_cached(&call_query(
            "s.candidate_id = ?1 ORDER BY s.start_utc, s.id",
        ))?;
        let rows = st.query_map([candidate_id], call_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What a candidate's record counts of each of their calls: read from
    /// `screens` alone, without the joins a whole call needs.
    pub fn screen_facts(&self, candidate_id: i64) -> Result<Vec<ScreenFact>> {
        let mut st = self.conn().prepare_cached(SCREEN_FACTS)?;
        let rows = st.query_map([candidate_id], |r| {
            let (kind, outcome): (String, String) = (r.get(0)?, r.get(1)?);
            let start = from_secs(r.get(2)?);
            let by = r.get::<_, Option<String>>(3)?;
            let change = match (
                by.as_deref().and_then(ChangedBy::parse),
                opt_from_secs(r.get(4)?),
            ) {
                (Some(by), Some(told_at)) => Some(ScreenChange {
                    by,
                    told_at,
                    reason: String::new(),
                }),
                _ => None,
            };
            Ok(ScreenFact::new(
                CallKind::parse(&kind).unwrap_or(CallKind::Screen),
                outcome.parse().unwrap_or(Outcome::Scheduled),
                start,
                change.as_ref(),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Busy-time blocks (not calls) overlapping `[from, to)`, for the day view.
    pub fn busy_blocks(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(Interval, String)>> {
        let mut st = self.conn().prepare_cached(
            "SELECT start_utc, end_utc, summary FROM busy WHERE start_utc < ?2 AND end_utc > ?1 ORDER BY start_utc",
        )?;
        let rows = st.query_map(params![to_secs(from), to_secs(to)], |r| {
            Ok((
                Interval::new(from_secs(r.get(0)?), from_secs(r.get(1)?)),
                r.get::<_, String>(2)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks a call, in one transaction: sets the outcome, records the
    /// attempt, and queues the callback the policy asks for.
    ///
    /// Re-marking a marked call with another outcome is a correction: what
    /// the earlier mark recorded is removed first. Marking with the same
    /// outcome again is refused, so a doubled key-press queues nothing.
    pub fn mark(
        &self,
        id: i64,
        to: Outcome,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<MarkDone> {
        self.mark_as(id, to, &MarkOptions::default(), now, rules)
    }

    /// `mark` with a change record (cancellations) or without the callback
    /// the outcome would queue.
    pub fn mark_as(
        &self,
        id: i64,
        to: Outcome,
        opts: &MarkOptions,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<MarkDone> {
        let done = self.write_journaled(|tx| mark_in(tx, id, to, opts, now, rules))?;
        log_mark(id, to, &done);
        Ok(done)
    }

    /// Marks a call and saves its note in the same transaction, so the
    /// note is never saved without the mark or the mark without the note.
    /// `None` leaves any note as it is; an empty note removes it.
    pub fn mark_with_note(
        &self,
        id: i64,
        to: Outcome,
        note: Option<&str>,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<MarkDone> {
        self.mark_with(id, to, note, false, now, rules)
    }

    /// `mark_with_note`, where `allow_dnc` is the recruiter's explicit
    /// override to queue a callback for a do-not-call candidate anyway
    /// (`callsheet mark --allow-dnc`).
    pub fn mark_with(
        &self,
        id: i64,
        to: Outcome,
        note: Option<&str>,
        allow_dnc: bool,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<MarkDone> {
        let opts = MarkOptions {
            allow_dnc,
            ..MarkOptions::default()
        };
        self.mark_as_with_note(id, to, &opts, note, now, rules)
    }

    /// `mark_as` and a note in one transaction.
    pub fn mark_as_with_note(
        &self,
        id: i64,
        to: Outcome,
        opts: &MarkOptions,
        note: Option<&str>,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<MarkDone> {
        self.write_journaled(|tx| {
            let done = mark_in(tx, id, to, opts, now, rules)?;
            if let Some(body) = note {
                let candidate_id: i64 = tx.query_row(
                    "SELECT candidate_id FROM screens WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                upsert_note(tx, candidate_id, Some(id), body, now)?;
            }
            Ok(done)
        })
        .inspect(|done| log_mark(id, to, done))
    }

    /// Blocks time on the recruiter's calendar that is not a call (a
    /// meeting, lunch): the day view shows it and no callback goes there.
    pub fn add_busy(&self, span: Interval, summary: &str) -> Result<i64> {
        if span.end <= span.start {
            return Err(Error::Invalid("busy time must end after it starts".into()));
        }
        let summary = crate::sanitize::line(summary);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO busy (start_utc, end_utc, summary) VALUES (?1, ?2, ?3)",
                params![to_secs(span.start), to_secs(span.end), summary.trim()],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Takes back one action (a mark, a callback action, a note …): every
    /// row it changed is put back as it was (see `store/journal.rs`).
    /// Refused, changing nothing, when that would overwrite a later change.
    pub fn undo(&self, undo: &Undo, _now: DateTime<Utc>, _rules: &Rules) -> Result<()> {
        self.undo_action(undo)
    }
}

/// Removes what the current mark of a call recorded and sets it back to
/// scheduled. Refuses when its callback has moved on (placed or reached).
pub(crate) fn reset_in(conn: &Connection, id: i64, t: &MarkTarget) -> Result<()> {
    if let Some(cb) = t.callback_id {
        let found: Option<(String, Option<String>)> = conn
            .query_row(
                "SELECT status, drop_reason FROM callbacks WHERE id = ?1",
                [cb],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // A callback the do-not-call flag dropped was never the
        // recruiter's decision: correcting the mark may take it away too.
        let status = found.map(|(s, why)| match why.as_deref() {
            Some(crate::domain::dnc::DROP_REASON) if s == "dropped" => "open".to_string(),
            _ => s,
        });
        match status.as_deref() {
            None | Some("open") => {
                conn.execute("DELETE FROM callbacks WHERE id = ?1", [cb])?;
            }
            Some(s) => {
                return Err(Error::Refused(format!(
                    "the callback this mark queued is already {s}; change that first"
                )))
            }
        }
    }
    if let Some(a) = t.attempt_id {
        conn.execute("DELETE FROM attempts WHERE id = ?1", [a])?;
    }
    if t.outcome == Outcome::Answered {
        if let Some(cb) = t.from_callback_id {
            conn.execute(
                "UPDATE callbacks SET status = 'placed', closed_at = NULL WHERE id = ?1 AND status = 'reached'",
                [cb],
            )?;
        }
    }
    conn.execute(
        "UPDATE screens SET outcome = 'scheduled', marked_at = NULL, mark_attempt_id = NULL,
             mark_callback_id = NULL, changed_by = NULL, told_at = NULL, change_reason = NULL
         WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

pub(crate) fn mark_in(
    conn: &Connection,
    id: i64,
    to: Outcome,
    opts: &MarkOptions,
    now: DateTime<Utc>,
    rules: &Rules,
) -> Result<MarkDone> {
    let target = mark_target(conn, id)?;
    let transition = target
        .outcome
        .transition(to)
        .map_err(|e| Error::Refused(format!("{}: {e}", target.name)))?;
    if matches!(transition, Transition::Reset | Transition::Correct) {
        reset_in(conn, id, &target)?;
    }
    let label = format!(
        "{} on {} {}",
        to,
        target.name,
        target
            .start
            .with_timezone(&rules.hours.zone)
            .format("%H:%M")
    );
    let mut done = MarkDone {
        undo: Undo::labelled(label),
        callback_due: None,
        callback_in_free_slot: false,
        skipped_do_not_call: false,
        refusal: None,
    };
    if !to.is_marked() {
        return Ok(done);
    }
    let attempt = match AttemptResult::for_mark(to) {
        Some(result) => Some(insert_attempt(
            conn,
            target.candidate_id,
            Some(id),
            now,
            Direction::Outbound,
            result,
            None,
        )?),
        None => None,
    };
    let mut callback_id = None;
    let reason = CallbackReason::for_outcome(to).filter(|_| opts.queue_callback);
    if let Some(reason) = reason {
        // Only a flagged candidate costs the extra read on the hot path.
        let refused = match target.do_not_call {
            true => may_contact(&load_candidate(conn, target.candidate_id)?, opts.allow_dnc).err(),
            false => None,
        };
        if let Some(refusal) = refused {
            // The mark is a fact and is kept; only the callback is refused.
            done.skipped_do_not_call = true;
            done.refusal = Some(refusal.to_string());
        } else {
            let horizon = Duration::days(i64::from(rules.policy.horizon_days()) + 2);
            let taken = super::occupancy::occupancy(
                conn,
                now.min(target.start),
                now.max(target.start) + horizon,
                &rules.hours,
            )?;
            let busy = crate::domain::occupancy::spans(&taken, None);
            if let Some(plan) =
                rules
                    .policy
                    .plan(to, target.start, now, &rules.hours, target.tz, &busy)
            {
                conn.execute(
                    "INSERT INTO callbacks (candidate_id, origin_screen_id, reason, due_utc, status, created_at)
                     VALUES (?1, ?2, ?3, ?4, 'open', ?5)",
                    params![target.candidate_id, id, reason.as_str(), to_secs(plan.due), to_secs(now)],
                )?;
                callback_id = Some(conn.last_insert_rowid());
                done.callback_due = Some(plan.due);
                done.callback_in_free_slot = plan.slot.is_some();
            }
        }
    }
    if to == Outcome::Answered {
        // A placed callback, or a screen rebooked from one, closes it.
        if let Some(cb) = target.from_callback_id {
            conn.execute(
                "UPDATE callbacks SET status = 'reached', closed_at = ?1 WHERE id = ?2",
                params![to_secs(now), cb],
            )?;
        }
    }
    let change = opts.change.as_ref();
    conn.execute(
        "UPDATE screens SET outcome = ?1, marked_at = ?2, mark_attempt_id = ?3, mark_callback_id = ?4,
             changed_by = ?5, told_at = ?6, change_reason = ?7
         WHERE id = ?8",
        params![
            to.as_str(),
            to_secs(now),
            attempt,
            callback_id,
            change.map(|c| c.by.as_str()),
            change.map(|c| to_secs(c.told_at)),
            change.map(|c| c.reason.as_str()),
            id
        ],
    )?;
    Ok(done)
}

impl Store {
    /// How many times each call starting in `[from, to)` changed start,
    /// length or outcome (schema 3's trigger counts): iCalendar `SEQUENCE`.
    pub fn call_sequences(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<i64, u32>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, sequence FROM screens WHERE start_utc >= ?1 AND start_utc < ?2",
        )?;
        let rows = st.query_map(params![to_secs(from), to_secs(to)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = std::collections::HashMap::new();
        for row in rows {
            let (id, seq) = row?;
            out.insert(id, u32::try_from(seq.max(0)).unwrap_or(u32::MAX));
        }
        Ok(out)
    }

    /// Every attempt made in `[from, to)`, oldest first, with its candidate
    /// and the note of the call it was made on.
    pub fn attempt_log(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<LoggedAttempt>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT a.id, a.candidate_id, a.screen_id, a.at_utc, a.direction, a.result,
                    a.late_minutes, n.body, {CANDIDATE_COLS}
             FROM attempts a
             JOIN candidates c ON c.id = a.candidate_id
             LEFT JOIN notes n ON n.screen_id = a.screen_id AND a.screen_id IS NOT NULL
             WHERE a.at_utc >= ?1 AND a.at_utc < ?2
             ORDER BY a.at_utc, a.id"
        ))?;
        let rows = st.query_map(params![to_secs(from), to_secs(to)], |r| {
            Ok(LoggedAttempt {
                attempt: super::candidates::attempt_from_row(r)?,
                note: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                candidate: candidate_from_row(r, 8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
