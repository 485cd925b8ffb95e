//! `callsheet sync [--json]`: syncs every `[[calendars]]` source once and
//! prints what changed; `callsheet calendars [--json]`: lists the sources
//! with their last sync, events and errors.

use super::{emit, emit_json, Env};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::sync::{sync_all, Env as SyncEnv, SourceReport};
use serde::Serialize;

fn no_sources() -> Error {
    Error::Invalid(
        "no calendars in the config: add a [[calendars]] table (see docs/calendars.md)".into(),
    )
}

/// Syncs every source once. Exit status 1 when any source failed (the
/// others are still synced and reported).
pub fn run_sync(env: &Env, json: bool) -> Result<()> {
    let sources = &env.settings.calendars;
    if sources.is_empty() {
        return Err(no_sources());
    }
    let store = Store::open(&env.db_path()?)?;
    let senv = SyncEnv::new(
        crate::import::Context {
            zone: env.zone(),
            slot_minutes: env.settings.rules.hours.slot_minutes,
        },
        env.now(),
    );
    let reports = sync_all(&store, sources, &senv);
    for r in &reports {
        match &r.error {
            Some(e) => {
                tracing::warn!(source = %r.name, requests = r.requests, error = %e, "sync failed")
            }
            None => tracing::info!(source = %r.name, requests = r.requests, "synced"),
        }
    }
    if json {
        emit_json(&reports)?;
    } else {
        let mut out = String::new();
        for r in &reports {
            out.push_str(&describe(r));
        }
        emit(&out)?;
    }
    let failed: Vec<&str> = reports
        .iter()
        .filter(|r| r.error.is_some())
        .map(|r| r.name.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "could not sync {}; working from the last copy",
            failed.join(", ")
        )))
    }
}

fn describe(r: &SourceReport) -> String {
    let mut s = format!("{} ({}): ", r.name, r.kind);
    if let Some(e) = &r.error {
        s.push_str(&format!("failed: {e}\n"));
        return s;
    }
    let c = &r.changes;
    if r.unchanged && r.fetched == 0 && r.deleted == 0 {
        s.push_str(&format!("unchanged ({} request(s))", r.requests));
    } else {
        s.push_str(&format!(
            "{} fetched, {} deleted; screens {} added, {} updated; busy {} added, {} updated; {} cancelled, {} removed ({} request(s))",
            r.fetched,
            r.deleted,
            c.screens.added,
            c.screens.updated,
            c.busy_added,
            c.busy_updated,
            c.cancelled,
            c.removed,
            r.requests
        ));
    }
    if r.published > 0 || r.outbox_waiting > 0 {
        s.push_str(&format!(
            "; published {}, {} waiting",
            r.published, r.outbox_waiting
        ));
    }
    s.push('\n');
    for n in r.notes.iter().chain(&c.screens.skipped) {
        s.push_str(&format!("  {}\n", crate::sanitize::line(n)));
    }
    s
}

#[derive(Serialize)]
struct Listed {
    name: String,
    kind: &'static str,
    url: String,
    publish: bool,
    refresh_minutes: u32,
    last_sync: Option<String>,
    events: usize,
    error: Option<String>,
    failing_since: Option<String>,
}

/// Lists the configured sources with their recorded state.
pub fn run_calendars(env: &Env, json: bool) -> Result<()> {
    let sources = &env.settings.calendars;
    if sources.is_empty() {
        return Err(no_sources());
    }
    let path = env.db_path()?;
    let states = if path.exists() {
        env.open_for_reading()?.sync_states()?
    } else {
        Vec::new()
    };
    let zone = env.zone();
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
    };
    let listed: Vec<Listed> = sources
        .iter()
        .map(|s| {
            let st = states.iter().find(|x| x.name == s.name && x.url == s.url);
            Listed {
                name: s.name.clone(),
                kind: s.kind.name(),
                url: s.url.clone(),
                publish: s.publish,
                refresh_minutes: s.refresh_minutes,
                last_sync: st.and_then(|x| x.last_sync).map(local),
                events: st.map_or(0, |x| x.events),
                error: st.and_then(|x| x.last_error.clone()),
                failing_since: st.and_then(|x| x.failing_since).map(local),
            }
        })
        .collect();
    if json {
        return emit_json(&listed);
    }
    let mut out = String::new();
    for l in &listed {
        out.push_str(&format!(
            "{}  {}  {}{}\n  last sync: {}  events: {}\n",
            l.name,
            l.kind,
            l.url,
            if l.publish { "  (publishes)" } else { "" },
            l.last_sync.as_deref().unwrap_or("never"),
            l.events
        ));
        if let Some(e) = &l.error {
            out.push_str(&format!(
                "  failing since {}: {}\n",
                l.failing_since.as_deref().unwrap_or("?"),
                crate::sanitize::line(e)
            ));
        }
    }
    emit(&out)
}
