//! The undo journal: every row an action changed, as it was and as it
//! became, so undo puts back exactly what the action changed.
//!
//! Undo used to be written per action ("a no-show removes its callback"),
//! and each hand-written inverse missed a case: a callback the do-not-call
//! flag dropped was deleted by a later correction, and undoing the flag
//! then "restored" a row that no longer existed while the status line said
//! it had. Instead, while an undoable write runs, temporary triggers on
//! this connection copy each changed row's before and after image into a
//! temporary table. Undo sets every such row back to its first before
//! image, in one transaction, so it restores whatever the action touched
//! (callbacks it dropped, attempts it logged, notes, flags), and nothing
//! else. It first checks each row is still as the action left it: if a
//! later action (or another window) changed one, undo says so and asks
//! before overwriting it; and anything the restore would change beyond
//! the action's own rows (a note cascading away with a call) is reported
//! the same way.
//!
//! The triggers and tables are `TEMP`: they belong to this connection
//! only, are never written to the file, and cost another process (an
//! import, the CLI) nothing. They record only while `undo_recording` has a
//! row, i.e. inside [`Store::write_journaled`].
//!
//! Not journaled, on purpose: `screens.sequence` (iCalendar SEQUENCE,
//! kept by a trigger: an undone change is one more revision a calendar
//! must see, so it goes up, never back), tables without a rowid (`meta`:
//! facts about the file, which no recruiter action writes) and the search
//! index (virtual and shadow tables, which SQLite's own triggers keep in
//! step with `candidates` as the rows are restored).

use super::Store;
use crate::domain::undo::{noun, RowChange};
use crate::domain::Undo;
use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{HashMap, HashSet};

/// Columns left out of the images: kept by triggers, not by actions.
const UNJOURNALED: &[(&str, &str)] = &[("screens", "sequence")];

/// A table the journal follows, and the columns of its images.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    /// Every stored column but the rowid alias, in table order.
    cols: Vec<String>,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The tables with a rowid that hold the app's data.
fn tables(conn: &Connection) -> Result<Vec<Table>> {
    let all: Vec<(String, String)> = {
        let mut st = conn.prepare(
            "SELECT name, coalesce(sql, '') FROM main.sqlite_master WHERE type = 'table'
             ORDER BY name",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let virtuals: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| sql.to_uppercase().starts_with("CREATE VIRTUAL"))
        .map(|(n, _)| n.as_str())
        .collect();
    let mut out = Vec::new();
    for (name, sql) in &all {
        let shadow = virtuals
            .iter()
            .any(|v| name == v || name.starts_with(&format!("{v}_")));
        let without_rowid = sql.to_uppercase().contains("WITHOUT ROWID");
        if name.starts_with("sqlite_") || shadow || without_rowid {
            continue;
        }
        // (name, type, pk) of the stored columns; generated ones are not
        // listed by table_info and cannot be written anyway.
        let info: Vec<(String, String, i64)> = {
            let mut st = conn.prepare(&format!("PRAGMA main.table_info({})", quote(name)))?;
            let rows = st.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(5)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let pks: Vec<&(String, String, i64)> = info.iter().filter(|c| c.2 > 0).collect();
        let alias = match pks.as_slice() {
            [only] if only.1.eq_ignore_ascii_case("INTEGER") => Some(only.0.clone()),
            _ => None,
        };
        let cols = info
            .iter()
            .map(|c| c.0.clone())
            .filter(|c| Some(c) != alias.as_ref())
            .filter(|c| !UNJOURNALED.contains(&(name.as_str(), c.as_str())))
            .collect();
        out.push(Table {
            name: name.clone(),
            cols,
        });
    }
    Ok(out)
}

fn image(prefix: &str, t: &Table) -> String {
    let cols: Vec<String> = t
        .cols
        .iter()
        .map(|c| format!("{prefix}.{}", quote(c)))
        .collect();
    format!("json_array({})", cols.join(", "))
}

/// Creates this connection's journal tables and triggers (once).
pub(super) fn install(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS undo_journal (
             seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid INTEGER NOT NULL,
             before TEXT, after TEXT);
         CREATE TEMP TABLE IF NOT EXISTS undo_recording (on_ INTEGER);\n",
    );
    for t in tables(conn)? {
        let name = quote(&t.name);
        let lit = t.name.replace('\'', "''");
        let when = "WHEN EXISTS (SELECT 1 FROM temp.undo_recording)";
        let (old, new) = (image("OLD", &t), image("NEW", &t));
        let trig = |suffix: &str| quote(&format!("undo_{}_{suffix}", t.name));
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER INSERT ON main.{name} {when} BEGIN
                 INSERT INTO undo_journal (tbl, rid, before, after) VALUES ('{lit}', NEW.rowid, NULL, {new});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER UPDATE ON main.{name} {when} BEGIN
                 INSERT INTO undo_journal (tbl, rid, before, after) VALUES ('{lit}', OLD.rowid, {old}, {new});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER DELETE ON main.{name} {when} BEGIN
                 INSERT INTO undo_journal (tbl, rid, before, after) VALUES ('{lit}', OLD.rowid, {old}, NULL);
             END;\n",
            trig("i"),
            trig("u"),
            trig("d"),
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

fn start(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM temp.undo_journal; INSERT INTO temp.undo_recording VALUES (1);",
    )?;
    Ok(())
}

/// Stops recording and gives back the net change of each row, in the
/// order the rows were first touched.
fn finish(conn: &Connection) -> Result<Vec<RowChange>> {
    let raw: Vec<(String, i64, Option<String>, Option<String>)> = {
        let mut st = conn
            .prepare_cached("SELECT tbl, rid, before, after FROM temp.undo_journal ORDER BY seq")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    conn.execute_batch("DELETE FROM temp.undo_recording; DELETE FROM temp.undo_journal;")?;
    let mut order: Vec<(String, i64)> = Vec::new();
    let mut net: HashMap<(String, i64), RowChange> = HashMap::new();
    for (tbl, rid, before, after) in raw {
        let key = (tbl.clone(), rid);
        match net.get_mut(&key) {
            Some(c) => c.after = after,
            None => {
                order.push(key.clone());
                net.insert(
                    key,
                    RowChange {
                        table: tbl,
                        rowid: rid,
                        before,
                        after,
                    },
                );
            }
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|k| net.remove(&k))
        .filter(|c| c.before != c.after)
        .collect())
}

/// What an undoable write returns: it carries the undo the journal fills.
pub(crate) trait Journaled {
    fn undo_mut(&mut self) -> &mut Undo;
}

impl Journaled for Undo {
    fn undo_mut(&mut self) -> &mut Undo {
        self
    }
}

impl<T> Journaled for (T, Undo) {
    fn undo_mut(&mut self) -> &mut Undo {
        &mut self.1
    }
}

impl Journaled for super::MarkDone {
    fn undo_mut(&mut self) -> &mut Undo {
        &mut self.undo
    }
}

impl Journaled for super::InboundDone {
    fn undo_mut(&mut self) -> &mut Undo {
        &mut self.undo
    }
}

/// The current image of a row, `None` when it is gone.
fn current(conn: &Connection, t: &Table, rowid: i64) -> Result<Option<String>> {
    let sql = format!(
        "SELECT {} FROM main.{} AS r WHERE rowid = ?1",
        image("r", t),
        quote(&t.name)
    );
    Ok(conn
        .query_row(&sql, [rowid], |r| r.get::<_, String>(0))
        .optional()?)
}

/// Sets one row back to `before` (deleting it when it did not exist).
fn put_back(conn: &Connection, t: &Table, rowid: i64, before: Option<&str>) -> Result<()> {
    let name = quote(&t.name);
    let Some(before) = before else {
        conn.execute(
            &format!("DELETE FROM main.{name} WHERE rowid = ?1"),
            [rowid],
        )?;
        return Ok(());
    };
    let values: Vec<String> = (0..t.cols.len())
        .map(|i| format!("json_extract(?2, '$[{i}]')"))
        .collect();
    let exists: bool = conn
        .query_row(
            &format!("SELECT 1 FROM main.{name} WHERE rowid = ?1"),
            [rowid],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if exists {
        let sets: Vec<String> = t
            .cols
            .iter()
            .zip(&values)
            .map(|(c, v)| format!("{} = {v}", quote(c)))
            .collect();
        conn.execute(
            &format!(
                "UPDATE main.{name} SET {} WHERE rowid = ?1",
                sets.join(", ")
            ),
            params![rowid, before],
        )?;
    } else {
        let cols: Vec<String> = t.cols.iter().map(|c| quote(c)).collect();
        conn.execute(
            &format!(
                "INSERT INTO main.{name} (rowid, {}) VALUES (?1, {})",
                cols.join(", "),
                values.join(", ")
            ),
            params![rowid, before],
        )?;
    }
    Ok(())
}

/// Puts every row of `undo` back. Unless `force`, refuses (changing
/// nothing) when a row is no longer as the action left it, or when putting
/// them back would change a row the action did not touch; the refusal
/// names what.
fn restore(tx: &Transaction, undo: &Undo, force: bool) -> Result<()> {
    let tables: HashMap<String, Table> = tables(tx)?
        .into_iter()
        .map(|t| (t.name.clone(), t))
        .collect();
    let table = |name: &str| {
        tables
            .get(name)
            .ok_or_else(|| Error::Refused(format!("cannot undo: the table {name} is gone")))
    };
    let mut changed_since: Vec<&str> = Vec::new();
    for c in &undo.rows {
        let now = current(tx, table(&c.table)?, c.rowid)?;
        if now != c.after {
            changed_since.push(noun(&c.table));
        }
    }
    if !force && !changed_since.is_empty() {
        return Err(Error::Refused(format!(
            "undoing \"{}\" would overwrite a later change to {}",
            undo.label(),
            list(&changed_since)
        )));
    }
    // Rows go back in the reverse of the order they were first touched,
    // and foreign keys are checked at the end, when every row is back.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    start(tx)?;
    for c in undo.rows.iter().rev() {
        put_back(tx, table(&c.table)?, c.rowid, c.before.as_deref())?;
    }
    let ours: HashSet<(&str, i64)> = undo
        .rows
        .iter()
        .map(|c| (c.table.as_str(), c.rowid))
        .collect();
    let touched = finish(tx)?;
    let beyond: Vec<&str> = touched
        .iter()
        .filter(|c| !ours.contains(&(c.table.as_str(), c.rowid)))
        .map(|c| noun(&c.table))
        .collect();
    if !force && !beyond.is_empty() {
        return Err(Error::Refused(format!(
            "undoing \"{}\" would also change a later {}",
            undo.label(),
            list(&beyond)
        )));
    }
    // A candidate the undo makes do-not-call again keeps no open callback,
    // even one a later action queued (the queue never offers a person who
    // must not be called; the soak's invariant).
    let flagged: Vec<i64> = undo
        .rows
        .iter()
        .filter(|r| r.table == "candidates")
        .map(|r| r.rowid)
        .collect();
    for id in flagged {
        tx.execute(
            "UPDATE callbacks SET status = 'dropped', drop_reason = ?2,
                 closed_at = CAST(strftime('%s', 'now') AS INTEGER)
             WHERE candidate_id = ?1 AND status = 'open'
               AND EXISTS (SELECT 1 FROM candidates WHERE id = ?1 AND do_not_call <> 0)",
            rusqlite::params![id, crate::domain::dnc::DROP_REASON],
        )?;
    }
    Ok(())
}

/// "call and 2 callbacks" from the nouns of the rows concerned.
fn list(nouns: &[&str]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for n in nouns {
        match counts.iter_mut().find(|(m, _)| m == n) {
            Some((_, k)) => *k += 1,
            None => counts.push((n, 1)),
        }
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(n, k)| match k {
            1 => n.to_string(),
            k => format!("{k} {n}s"),
        })
        .collect();
    parts.join(" and ")
}

impl Store {
    /// Runs an undoable write: `f` in one `BEGIN IMMEDIATE` transaction,
    /// with every row it changes recorded into the undo it returns.
    pub(crate) fn write_journaled<T: Journaled>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.ensure_journal()?;
        self.write(|tx| {
            start(tx)?;
            let mut out = f(tx)?;
            out.undo_mut().rows = finish(tx)?;
            Ok(out)
        })
    }

    fn ensure_journal(&self) -> Result<()> {
        if !self.journal_ready.get() {
            install(self.conn())?;
            self.journal_ready.set(true);
        }
        Ok(())
    }

    /// Takes back one action: every row it changed is put back as it was,
    /// in one transaction. Refused, changing nothing, when a later change
    /// would be overwritten (see [`Store::undo_conflict`]).
    pub fn undo_action(&self, undo: &Undo) -> Result<()> {
        self.ensure_journal()?;
        self.write(|tx| restore(tx, undo, false))
    }

    /// `undo_action` even over later changes: the recruiter said yes.
    pub fn undo_anyway(&self, undo: &Undo) -> Result<()> {
        self.ensure_journal()?;
        self.write(|tx| restore(tx, undo, true))
    }

    /// What undoing `undo` would overwrite that came after it, in words,
    /// or `None` when it takes back only its own change. Tried in a
    /// transaction that is always rolled back.
    pub fn undo_conflict(&self, undo: &Undo) -> Result<Option<String>> {
        self.ensure_journal()?;
        match self.rehearse(|tx| restore(tx, undo, false)) {
            Ok(()) => Ok(None),
            Err(Error::Refused(why)) => Ok(Some(why)),
            Err(e) => Err(e),
        }
    }
}
