//! The queries on the app's hot paths, for `EXPLAIN QUERY PLAN` checks.
//!
//! `tests/query_plans.rs` asks SQLite how it would run each of these on a
//! seeded database and fails if any step scans a whole table. The call and
//! callback queries are built by the same functions the store uses; the
//! single-table statements mirror those in `calls.rs`, `callbacks.rs`,
//! `candidates.rs` and `import.rs`: when one changes, change it here too.

use super::callbacks::callback_query;
use super::calls::call_query;
use super::report;
use super::search;
use super::Store;
use super::{calls, candidates};
use super::{owed, promises};
use crate::error::Result;

/// `(what, sql)` for every statement on a hot path: loading a day, the
/// callback queue, a mark (its reads and the free-slot search), a
/// candidate's record, finding a candidate by phone on import, and the
/// search run on every keystroke (`search.rs`, whose own statements these
/// are).
#[doc(hidden)]
pub fn hot_path_queries() -> Vec<(&'static str, String)> {
    vec![
        (
            "day load: calls_between",
            call_query("s.start_utc >= ?1 AND s.start_utc < ?2 ORDER BY s.start_utc, s.id"),
        ),
        (
            "day load: busy_blocks",
            "SELECT start_utc, end_utc, summary FROM busy WHERE start_utc < ?2 AND end_utc > ?1 ORDER BY start_utc".into(),
        ),
        (
            "occupancy: screens",
            "SELECT id, start_utc, minutes FROM screens WHERE start_utc >= ?1 - 86400 AND start_utc < ?2".into(),
        ),
        (
            "occupancy: busy",
            "SELECT id, start_utc, end_utc FROM busy WHERE start_utc < ?2 AND end_utc > ?1".into(),
        ),
        ("occupancy: queued callbacks", super::occupancy::QUEUED_DUE.into()),
        (
            "open_callbacks (with its attempts-this-week subquery)",
            callback_query("b.status = 'open' ORDER BY b.due_utc, b.id"),
        ),
        ("callback by id", callback_query("b.id = ?3")),
        ("call by id", call_query("s.id = ?1")),
        (
            "calls_for_candidate",
            call_query("s.candidate_id = ?1 ORDER BY s.start_utc, s.id"),
        ),
        ("reliability: screen facts", calls::SCREEN_FACTS.into()),
        ("reliability: inbound calls", candidates::INBOUND_CALLS.into()),
        (
            "attempts_for",
            "SELECT id, candidate_id, screen_id, at_utc, direction, result, late_minutes
             FROM attempts WHERE candidate_id = ?1 ORDER BY at_utc, id"
                .into(),
        ),
        (
            "mark: target",
            "SELECT s.candidate_id, c.timezone, c.do_not_call, c.name, s.start_utc, s.kind, s.outcome,
                    s.marked_at, s.mark_attempt_id, s.mark_callback_id, s.from_callback_id
             FROM screens s JOIN candidates c ON c.id = s.candidate_id WHERE s.id = ?1"
                .into(),
        ),
        (
            "mark: callback before",
            "SELECT status, due_utc, called_in_at FROM callbacks WHERE id = ?1".into(),
        ),
        (
            "mark: outbound attempts in week",
            "SELECT count(*) FROM attempts
             WHERE candidate_id = ?1 AND at_utc >= ?2 AND at_utc < ?3 AND direction = 'outbound'"
                .into(),
        ),
        (
            "mark: update screen",
            "UPDATE screens SET outcome = ?1, marked_at = ?2, mark_attempt_id = ?3, mark_callback_id = ?4
             WHERE id = ?5"
                .into(),
        ),
        (
            "note by call",
            "SELECT id FROM notes WHERE screen_id = ?1".into(),
        ),
        (
            "note by candidate",
            "SELECT body FROM notes WHERE candidate_id = ?1 AND screen_id IS NULL".into(),
        ),
        (
            "inbound: open callback of a candidate",
            "SELECT id, origin_screen_id FROM callbacks
             WHERE candidate_id = ?1 AND status = 'open' ORDER BY due_utc LIMIT 1"
                .into(),
        ),
        ("identity: by email", super::identity::BY_EMAIL.into()),
        ("identity: on a number", super::identity::ON_NUMBER.into()),
        ("identity: by name (no phone)", super::identity::BY_NAME.into()),
        ("identity: do-not-call on the record or a shared number", super::identity::IS_BLOCKED.into()),
        (
            "import: same call again",
            "SELECT id, role_id, start_utc, minutes FROM screens
             WHERE candidate_id = ?1 AND start_utc = ?2 AND kind = 'screen'"
                .into(),
        ),
        ("search: name words", search::NAME_MATCHES.into()),
        ("search: phone from the front", search::PHONE_FROM_FRONT.into()),
        ("search: phone from the end", search::PHONE_FROM_END.into()),
        ("search: people with calls ahead", search::UPCOMING_CALLS.into()),
        ("search: people called lately", search::RECENT_CALLS.into()),
        ("search: one hit with its last and next call", search::hit_query()),
        ("owed: held screens with last contact", owed::silences_query()),
        ("owed: undelivered rejections", owed::rejections_query()),
        (
            "open promises",
            promises::promise_query("p.status = 'open' ORDER BY p.due_utc, p.id"),
        ),
        (
            "promises of a candidate",
            promises::promise_query("p.candidate_id = ?1 ORDER BY p.created_at, p.id"),
        ),
        (
            "promise moves",
            "SELECT at_utc, from_due, to_due, reason, attempt_id FROM promise_moves
             WHERE promise_id = ?1 ORDER BY at_utc, id"
                .into(),
        ),
        ("report: calls in range", report::CALLS_SQL.into()),
        ("report: callbacks queued in range", report::CALLBACKS_SQL.into()),
        ("report: inbound lateness in range", report::INBOUND_SQL.into()),
        ("report: promises first due in range", report::PROMISES_SQL.into()),
    ]
}

impl Store {
    /// `EXPLAIN QUERY PLAN` for `sql`: one line per step, indented by
    /// depth ("SEARCH s USING INDEX screens_start (start_utc>? AND start_utc<?)").
    /// Parameters are left unbound (NULL), which does not change the plan.
    #[doc(hidden)]
    pub fn explain(&self, sql: &str) -> Result<Vec<String>> {
        let mut st = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let nulls = vec![rusqlite::types::Null; st.parameter_count()];
        let rows = st.query_map(rusqlite::params_from_iter(nulls), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut depth: Vec<(i64, usize)> = Vec::new();
        let mut out = Vec::new();
        for row in rows {
            let (id, parent, detail) = row?;
            let level = depth
                .iter()
                .find(|(i, _)| *i == parent)
                .map(|(_, d)| d + 1)
                .unwrap_or(0);
            depth.push((id, level));
            out.push(format!("{}{detail}", "  ".repeat(level)));
        }
        Ok(out)
    }
}
