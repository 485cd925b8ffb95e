//! An `.ics` subscription URL (Google's secret address, Outlook's
//! published link): a conditional GET with the stored `ETag` and
//! `Last-Modified`, so an unchanged feed costs one request and writes
//! nothing; a changed one is read whole and applied in one transaction,
//! and an event gone from it is cancelled (unless already marked).

use super::http::Client;
use super::{sort_out_callsheet_events, uids, Env, SourceReport};
use crate::config::calendars::CalendarSource;
use crate::store::{Store, SyncChange};

pub fn sync(
    store: &Store,
    src: &CalendarSource,
    client: &Client,
    env: &Env,
    report: &mut SourceReport,
) -> Result<(), String> {
    let state = super::stored_state(store, src)?;
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some(s) = &state {
        if let Some(e) = &s.etag {
            headers.push(("If-None-Match", e));
        }
        if let Some(m) = &s.modified {
            headers.push(("If-Modified-Since", m));
        }
    }
    let reply = client.send("GET", &src.url, &headers, None)?;
    match reply.status {
        304 => {
            report.unchanged = true;
            return store
                .sync_unchanged(&src.name, "ics", &src.url, env.now)
                .map_err(|e| e.to_string());
        }
        200 => {}
        401 | 403 => {
            return Err(format!(
                "the server refused the credentials ({})",
                reply.status
            ))
        }
        404 => return Err("the feed is not there (404); check the url".into()),
        s => return Err(format!("the server answered {s}")),
    }
    // Some servers ignore the validators: the same ETag is unchanged too.
    if let (Some(s), Some(e)) = (&state, &reply.etag) {
        if s.etag.as_deref() == Some(e.as_str()) {
            report.unchanged = true;
            return store
                .sync_unchanged(&src.name, "ics", &src.url, env.now)
                .map_err(|e| e.to_string());
        }
    }
    let name = format!("{} ({})", src.name, "feed");
    let mut cal = crate::import::ics::parse(&name, &reply.body, &env.ctx, &env.options())
        .map_err(|e| e.to_string())?;
    let instance = store.instance_id().map_err(|e| e.to_string())?;
    sort_out_callsheet_events(&mut cal, &instance);
    // In a feed, each UID is a "resource": one gone from the feed is gone.
    let upserts: Vec<(String, Option<String>, String)> = uids(&name, &reply.body)
        .into_iter()
        .map(|u| (u.clone(), None, u))
        .collect();
    let before = store.sync_hrefs(&src.name).map_err(|e| e.to_string())?;
    report.fetched = upserts.len();
    report.deleted = before
        .keys()
        .filter(|h| !upserts.iter().any(|(u, ..)| u == *h))
        .count();
    let change = SyncChange {
        source: src.name.clone(),
        kind: "ics".into(),
        url: src.url.clone(),
        calendar: cal,
        upserts,
        removed: Vec::new(),
        full: true,
        sync_token: None,
        ctag: None,
        etag: reply.etag.clone(),
        modified: reply.last_modified.clone(),
    };
    let changes = store
        .apply_sync(&change, env.now)
        .map_err(|e| e.to_string())?;
    report.notes.extend(changes.kept.iter().cloned());
    report.changes = changes;
    Ok(())
}
