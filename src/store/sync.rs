//! Calendar sync's state: each source's tokens and validators, the
//! href → ETag/UID map of what it holds, and the outbox of callsheet's own
//! events waiting to be published.
//!
//! A sync is applied with [`Store::apply_sync`]: the events (through the
//! same rules as an imported file), the map and the new token in one
//! transaction, so a sync is never half-applied. No credential is ever
//! written here.

use super::import::calendar::apply_in;
use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::error::Result;
use crate::import::ics::{Calendar, CalendarReport};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A source's state as last recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceState {
    pub name: String,
    pub kind: String,
    pub url: String,
    #[serde(skip)]
    pub sync_token: Option<String>,
    #[serde(skip)]
    pub ctag: Option<String>,
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub modified: Option<String>,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_try: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Since when every try has failed; `None` when the last one worked.
    pub failing_since: Option<DateTime<Utc>>,
    /// Calendar resources (CalDAV hrefs, or feed UIDs) it holds.
    pub events: usize,
}

/// What one successful sync of a source changes.
#[derive(Debug, Clone, Default)]
pub struct SyncChange {
    pub source: String,
    pub kind: String,
    pub url: String,
    /// The events read (only the changed ones for an incremental sync).
    pub calendar: Calendar,
    /// `(href, etag, uid)` of each resource read.
    pub upserts: Vec<(String, Option<String>, String)>,
    /// Hrefs gone from the server: their UIDs are cancelled (unless a
    /// resource still read carries the same UID).
    pub removed: Vec<String>,
    /// The read is the whole calendar: every href not in `upserts` is gone.
    pub full: bool,
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
    pub etag: Option<String>,
    pub modified: Option<String>,
}

/// One of callsheet's own events, as it should be on the server now.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnEvent {
    pub uid: String,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub summary: String,
    pub candidate: String,
    pub phone: String,
    pub cancelled: bool,
}

/// An event waiting in the outbox, and where it was last published.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub uid: String,
    pub body: String,
    pub hash: String,
    /// `(href, etag)` on the source, when published before.
    pub published: Option<(String, Option<String>)>,
}

const INSTANCE_KEY: &str = "instance_id";

impl Store {
    /// This database's own id, made on first use: the UIDs callsheet
    /// publishes carry it, so a sync knows its own events from another
    /// machine's (which are busy time here).
    pub fn instance_id(&self) -> Result<String> {
        if let Some(id) = self
            .conn()
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [INSTANCE_KEY],
                |r| r.get::<_, String>(0),
            )
            .optional()?
        {
            return Ok(id);
        }
        // Unique enough to tell two machines apart: the time to the
        // nanosecond, the process and the file's path.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let id = hash(&format!("{nanos}-{}-{:?}", std::process::id(), self.path()));
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                [INSTANCE_KEY, &id],
            )?;
            Ok(tx.query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [INSTANCE_KEY],
                |r| r.get(0),
            )?)
        })
    }

    /// Every source's state, by name.
    pub fn sync_states(&self) -> Result<Vec<SourceState>> {
        let mut st = self.conn().prepare(
            "SELECT name, kind, url, sync_token, ctag, etag, modified, last_sync, last_try,
                    last_error, failing_since,
                    (SELECT count(*) FROM sync_events e WHERE e.source = s.name)
             FROM sync_sources s ORDER BY name",
        )?;
        let rows = st.query_map([], |r| {
            Ok(SourceState {
                name: r.get(0)?,
                kind: r.get(1)?,
                url: r.get(2)?,
                sync_token: r.get(3)?,
                ctag: r.get(4)?,
                etag: r.get(5)?,
                modified: r.get(6)?,
                last_sync: opt_from_secs(r.get(7)?),
                last_try: opt_from_secs(r.get(8)?),
                last_error: r.get(9)?,
                failing_since: opt_from_secs(r.get(10)?),
                events: r.get::<_, i64>(11)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One source's state, if it was ever synced.
    pub fn sync_state(&self, name: &str) -> Result<Option<SourceState>> {
        Ok(self.sync_states()?.into_iter().find(|s| s.name == name))
    }

    /// `href → (etag, uid)` of what the source held at its last sync.
    pub fn sync_hrefs(&self, source: &str) -> Result<HashMap<String, (Option<String>, String)>> {
        let mut st = self
            .conn()
            .prepare("SELECT href, etag, uid FROM sync_events WHERE source = ?1")?;
        let rows = st.query_map([source], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Applies one source's sync in one transaction: the events, the map
    /// and the state, or nothing.
    pub fn apply_sync(&self, change: &SyncChange, now: DateTime<Utc>) -> Result<CalendarReport> {
        let region = self.phone_region();
        self.write(|tx| {
            ensure_source(tx, &change.source, &change.kind, &change.url)?;
            let before = hrefs(tx, &change.source)?;
            let read: HashSet<&str> = change.upserts.iter().map(|(h, ..)| h.as_str()).collect();
            let mut gone: Vec<&str> = change.removed.iter().map(String::as_str).collect();
            if change.full {
                gone.extend(
                    before
                        .keys()
                        .map(String::as_str)
                        .filter(|h| !read.contains(h)),
                );
            }
            let mut cal = change.calendar.clone();
            for href in &gone {
                tx.execute(
                    "DELETE FROM sync_events WHERE source = ?1 AND href = ?2",
                    params![change.source, href],
                )?;
            }
            for (href, etag, uid) in &change.upserts {
                tx.execute(
                    "INSERT INTO sync_events (source, href, etag, uid) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(source, href) DO UPDATE SET etag = excluded.etag, uid = excluded.uid",
                    params![change.source, href, etag, uid],
                )?;
            }
            // A UID no resource of this source carries any more is gone
            // from the calendar: cancel it (marked calls are kept).
            for href in &gone {
                let Some(uid) = before.get(*href) else { continue };
                let still: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM sync_events WHERE source = ?1 AND uid = ?2)",
                    params![change.source, uid],
                    |r| r.get(0),
                )?;
                if !still {
                    cal.cancelled
                        .push((uid.clone(), format!("{}: {href} (deleted)", change.source)));
                }
            }
            let report = apply_in(tx, &cal, region, now, false)?;
            tx.execute(
                "UPDATE sync_sources SET
                    sync_token = COALESCE(?2, sync_token), ctag = COALESCE(?3, ctag),
                    etag = COALESCE(?4, etag), modified = COALESCE(?5, modified),
                    last_sync = ?6, last_try = ?6, last_error = NULL, failing_since = NULL
                 WHERE name = ?1",
                params![
                    change.source,
                    change.sync_token,
                    change.ctag,
                    change.etag,
                    change.modified,
                    to_secs(now)
                ],
            )?;
            Ok(report)
        })
    }

    /// Records a sync that reached the server and found nothing new (a
    /// `304`, an unchanged ctag): only the time, nothing else is written.
    pub fn sync_unchanged(
        &self,
        source: &str,
        kind: &str,
        url: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            ensure_source(tx, source, kind, url)?;
            tx.execute(
                "UPDATE sync_sources SET last_sync = ?2, last_try = ?2, last_error = NULL,
                    failing_since = NULL WHERE name = ?1",
                params![source, to_secs(now)],
            )?;
            Ok(())
        })
    }

    /// Records a failed sync: the source keeps its last copy.
    pub fn sync_failed(
        &self,
        source: &str,
        kind: &str,
        url: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            ensure_source(tx, source, kind, url)?;
            tx.execute(
                "UPDATE sync_sources SET last_try = ?2, last_error = ?3,
                    failing_since = COALESCE(failing_since, ?2) WHERE name = ?1",
                params![source, to_secs(now), crate::sanitize::line(error)],
            )?;
            Ok(())
        })
    }

    /// Forgets a source's token and map, so the next sync reads it whole
    /// (after the server refused the token).
    pub fn sync_reset_token(&self, source: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_sources SET sync_token = NULL, ctag = NULL WHERE name = ?1",
                [source],
            )?;
            Ok(())
        })
    }

    /// callsheet's own events as they should be on the calendar now: each
    /// open callback's held slot and each placed callback (one event per
    /// callback, which moves when it is placed), and each screen callsheet
    /// booked itself (`source = 'callsheet'`). A call cancelled or
    /// rescheduled is an event with `STATUS:CANCELLED`.
    pub fn own_events(&self, instance: &str, slot_minutes: u32) -> Result<Vec<OwnEvent>> {
        let mut out = Vec::new();
        let mut st = self.conn().prepare(
            "SELECT cb.id, cb.status, cb.due_utc, c.name, c.phone,
                    s.start_utc, s.minutes, s.outcome
             FROM callbacks cb JOIN candidates c ON c.id = cb.candidate_id
             LEFT JOIN screens s ON s.id = cb.placed_screen_id
             WHERE cb.status IN ('open', 'placed') OR s.id IS NOT NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        for row in rows {
            let (id, status, due, name, phone, start, minutes, outcome) = row?;
            let (start, minutes) = match (start, minutes) {
                (Some(s), Some(m)) => (s, m),
                _ => (due, i64::from(slot_minutes)),
            };
            let cancelled = match outcome.as_deref() {
                Some(o) => matches!(o, "cancelled" | "rescheduled"),
                None => status != "open",
            };
            out.push(OwnEvent {
                uid: format!("callsheet-{instance}-callback-{id}"),
                start: from_secs(start),
                minutes: minutes.clamp(1, 1440) as u32,
                summary: format!("Callback: {name}"),
                candidate: name,
                phone,
                cancelled,
            });
        }
        let mut st = self.conn().prepare(
            "SELECT s.id, s.start_utc, s.minutes, s.outcome, c.name, c.phone
             FROM screens s JOIN candidates c ON c.id = s.candidate_id
             WHERE s.source = 'callsheet' AND s.from_callback_id IS NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (id, start, minutes, outcome, name, phone) = row?;
            out.push(OwnEvent {
                uid: format!("callsheet-{instance}-screen-{id}"),
                start: from_secs(start),
                minutes: minutes.clamp(1, 1440) as u32,
                summary: format!("Phone screen: {name}"),
                candidate: name,
                phone,
                cancelled: matches!(outcome.as_str(), "cancelled" | "rescheduled"),
            });
        }
        Ok(out)
    }

    /// Queues each own event whose body differs from what `source` last
    /// accepted (by hash), and a cancellation for each event published
    /// there that is no longer one of ours (a callback undone). Returns
    /// how many rows the outbox holds for the source afterwards.
    pub fn enqueue_own(
        &self,
        source: &str,
        bodies: &[(String, String)],
        cancel_body: impl Fn(&str, Option<&str>) -> String,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.write(|tx| {
            let published = published(tx, source)?;
            let queue = |uid: &str, body: &str| -> Result<()> {
                let hash = hash(body);
                if published.get(uid).and_then(|p| p.2.as_deref()) == Some(hash.as_str()) {
                    tx.execute(
                        "DELETE FROM sync_outbox WHERE uid = ?1 AND source = ?2",
                        params![uid, source],
                    )?;
                    return Ok(());
                }
                tx.execute(
                    "INSERT INTO sync_outbox (uid, source, body, hash, queued_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(source, uid) DO UPDATE SET body = excluded.body, hash = excluded.hash,
                        queued_at = CASE WHEN hash = excluded.hash THEN queued_at ELSE excluded.queued_at END",
                    params![uid, source, body, hash, to_secs(now)],
                )?;
                Ok(())
            };
            let ours: HashSet<&str> = bodies.iter().map(|(u, _)| u.as_str()).collect();
            for (uid, body) in bodies {
                queue(uid, body)?;
            }
            for (uid, (_, _, _, last)) in &published {
                if !ours.contains(uid.as_str()) {
                    queue(uid, &cancel_body(uid, last.as_deref()))?;
                }
            }
            Ok(tx.query_row(
                "SELECT count(*) FROM sync_outbox WHERE source = ?1",
                [source],
                |r| r.get::<_, i64>(0),
            )? as usize)
        })
    }

    /// What waits in the outbox for `source`, oldest first.
    pub fn outbox(&self, source: &str) -> Result<Vec<Pending>> {
        let published = published(self.conn(), source)?;
        let mut st = self.conn().prepare(
            "SELECT uid, body, hash FROM sync_outbox WHERE source = ?1 ORDER BY queued_at, id",
        )?;
        let rows = st.query_map([source], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (uid, body, hash) = row?;
            let published = published.get(&uid).map(|(h, e, ..)| (h.clone(), e.clone()));
            out.push(Pending {
                uid,
                body,
                hash,
                published,
            });
        }
        Ok(out)
    }

    /// The server has `uid` at `href` with `etag`: the outbox row goes
    /// (only if it still holds the body that was sent), in one
    /// transaction, so nothing is published twice.
    pub fn published(
        &self,
        source: &str,
        uid: &str,
        href: &str,
        etag: Option<&str>,
        hash: &str,
        body: &str,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sync_published (source, uid, href, etag, body_hash, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(source, uid) DO UPDATE SET href = excluded.href, etag = excluded.etag,
                    body_hash = excluded.body_hash, body = excluded.body",
                params![source, uid, href, etag, hash, body],
            )?;
            tx.execute(
                "DELETE FROM sync_outbox WHERE source = ?1 AND uid = ?2 AND hash = ?3",
                params![source, uid, hash],
            )?;
            Ok(())
        })
    }

    /// A publish that failed: kept in the outbox with why.
    pub fn publish_failed(&self, source: &str, uid: &str, error: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_outbox SET tries = tries + 1, last_error = ?3 WHERE source = ?1 AND uid = ?2",
                params![source, uid, crate::sanitize::line(error)],
            )?;
            Ok(())
        })
    }
}

fn ensure_source(conn: &Connection, name: &str, kind: &str, url: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_sources (name, kind, url) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, url = excluded.url",
        params![name, kind, url],
    )?;
    // A source pointed somewhere else starts over: its old token and map
    // say nothing about the new calendar.
    conn.execute(
        "UPDATE sync_sources SET sync_token = NULL, ctag = NULL, etag = NULL, modified = NULL
         WHERE name = ?1 AND url <> ?2",
        params![name, url],
    )?;
    Ok(())
}

fn hrefs(conn: &Connection, source: &str) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare("SELECT href, uid FROM sync_events WHERE source = ?1")?;
    let rows = st.query_map([source], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

type PublishedRow = (String, Option<String>, Option<String>, Option<String>);

fn published(conn: &Connection, source: &str) -> Result<HashMap<String, PublishedRow>> {
    let mut st = conn
        .prepare("SELECT uid, href, etag, body_hash, body FROM sync_published WHERE source = ?1")?;
    let rows = st.query_map([source], |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// FNV-1a, 64 bits: stable across builds, enough to tell one body from
/// another of the same event.
pub fn hash(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
