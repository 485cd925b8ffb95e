//! Live calendars: CalDAV collections and `.ics` subscription URLs read
//! in incrementally, and callsheet's own events published back (see
//! docs/calendars.md for the choice of client and the rules).
//!
//! - [`feed`]: an `.ics` URL with a conditional GET.
//! - [`caldav`]: calendar-query, then sync-collection or ETags, multiget.
//! - [`publish`]: the outbox, PUT with `If-None-Match: *` / `If-Match`.
//! - [`worker`]: the app's sync thread and its channel.
//!
//! Each source is synced on its own: its failure is reported for it and
//! leaves every other source, and its own last copy, as they were. Calendar
//! data goes through the file importer (`import::ics`), so a synced event
//! obeys exactly the rules of an imported one.
//!
//! Must not import: ratatui, crossterm. SQL stays in `store::sync`.

pub mod caldav;
pub mod dav;
pub mod feed;
pub mod http;
pub mod publish;
pub mod worker;

use crate::config::calendars::{CalendarSource, SourceKind};
use crate::import::ics::{self, Calendar, CalendarReport, NewBusy};
use crate::import::Context;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// What one source's sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceReport {
    pub name: String,
    pub kind: String,
    /// HTTP requests sent (tries included).
    pub requests: usize,
    /// Nothing had changed on the server; nothing was written.
    pub unchanged: bool,
    /// Calendar resources read (changed or new).
    pub fetched: usize,
    /// Resources gone from the server.
    pub deleted: usize,
    pub changes: CalendarReport,
    /// Own events published (created or updated) and still waiting.
    pub published: usize,
    pub outbox_waiting: usize,
    /// What the recruiter should know: kept marks, 412 conflicts.
    pub notes: Vec<String>,
    /// Why the sync failed; the last copy is kept.
    pub error: Option<String>,
}

/// What a sync needs besides the source.
#[derive(Debug, Clone)]
pub struct Env {
    pub ctx: Context,
    pub now: DateTime<Utc>,
    /// Per request.
    pub timeout: std::time::Duration,
}

impl Env {
    pub fn new(ctx: Context, now: DateTime<Utc>) -> Env {
        Env {
            ctx,
            now,
            timeout: http::default_timeout(),
        }
    }

    /// The window read: 30 days back to 90 ahead, as a file import.
    pub fn options(&self) -> ics::Options {
        ics::Options::around(self.now)
    }
}

/// Syncs every source once, in order; never fails as a whole.
pub fn sync_all(store: &Store, sources: &[CalendarSource], env: &Env) -> Vec<SourceReport> {
    sources.iter().map(|s| sync_one(store, s, env)).collect()
}

/// Syncs one source: in, then (with `publish`) out. A failure is recorded
/// on the source and returned in the report.
pub fn sync_one(store: &Store, src: &CalendarSource, env: &Env) -> SourceReport {
    let mut report = SourceReport {
        name: src.name.clone(),
        kind: src.kind.name().to_string(),
        ..SourceReport::default()
    };
    let result = http::Client::new(src, env.timeout).and_then(|client| {
        let r = match src.kind {
            SourceKind::Ics => feed::sync(store, src, &client, env, &mut report),
            SourceKind::Caldav => caldav::sync(store, src, &client, env, &mut report),
        };
        let r = r.and_then(|()| {
            if src.publish && src.kind == SourceKind::Caldav {
                publish::run(store, src, &client, env, &mut report)
            } else {
                Ok(())
            }
        });
        report.requests = client.requests.get();
        r
    });
    if let Err(e) = result {
        let e = crate::sanitize::line(&e);
        if let Err(db) = store.sync_failed(&src.name, src.kind.name(), &src.url, &e, env.now) {
            report
                .notes
                .push(format!("could not record the failure: {db}"));
        }
        report.error = Some(e);
    }
    report
}

/// The UID prefix of this database's own published events.
pub fn own_prefix(instance: &str) -> String {
    format!("callsheet-{instance}-")
}

/// Takes callsheet's own events out of what was read (they are already on
/// the day), and makes another callsheet's published events busy time:
/// a callback queued on the laptop blocks the slot on the desk.
/// What the last sync of `src` left (tokens, ETags), or `None` when it
/// never synced or its URL has changed since (then it starts afresh).
fn stored_state(
    store: &crate::store::Store,
    src: &crate::config::calendars::CalendarSource,
) -> Result<Option<crate::store::SourceState>, String> {
    Ok(store
        .sync_state(&src.name)
        .map_err(|e| e.to_string())?
        .filter(|s| s.url == src.url))
}

pub fn sort_out_callsheet_events(cal: &mut Calendar, instance: &str) {
    let mine = own_prefix(instance);
    let theirs = |uid: &str| uid.starts_with("callsheet-") && !uid.starts_with(&mine);
    let mut kept = Vec::with_capacity(cal.screens.len());
    for s in std::mem::take(&mut cal.screens) {
        let uid = s
            .source
            .as_ref()
            .map(|(_, u)| u.clone())
            .unwrap_or_default();
        if uid.starts_with(&mine) {
            continue;
        }
        if theirs(&uid) {
            cal.busy.push(NewBusy {
                start: s.start,
                end: s.start + Duration::minutes(i64::from(s.minutes.max(1))),
                summary: format!("callsheet (another machine): {}", s.candidate.name),
                uid,
                origin: s.origin,
            });
            continue;
        }
        kept.push(s);
    }
    cal.screens = kept;
    cal.busy.retain(|b| !b.uid.starts_with(&mine));
    cal.cancelled.retain(|(u, _)| !u.starts_with(&mine));
}

/// The UID of each VEVENT in an iCalendar text (the first one is the
/// resource's, for CalDAV).
pub fn uids(name: &str, text: &[u8]) -> Vec<String> {
    let (props, _) = crate::import::ics_lines::unfold(name, text);
    let mut out: Vec<String> = Vec::new();
    let mut depth_event = false;
    for p in props {
        match p.name.as_str() {
            "BEGIN" if p.value.trim().eq_ignore_ascii_case("VEVENT") => depth_event = true,
            "END" if p.value.trim().eq_ignore_ascii_case("VEVENT") => depth_event = false,
            "UID" if depth_event => {
                let u = p.value.trim().to_string();
                if !out.contains(&u) {
                    out.push(u);
                }
            }
            _ => {}
        }
    }
    out
}
