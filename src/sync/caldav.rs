//! A CalDAV collection, read incrementally.
//!
//! - With a stored RFC 6578 sync token: one `sync-collection` REPORT gives
//!   the changed and deleted hrefs (nothing changed: one request, nothing
//!   written but the time).
//! - Without one: a depth-0 `PROPFIND` for the ctag and token (an
//!   unchanged ctag ends there), then a `calendar-query` over the window
//!   for every href and ETag, compared with the stored ETags.
//! - Only the changed hrefs are fetched, by `calendar-multiget`.
//!
//! Everything read is applied in one transaction (`Store::apply_sync`);
//! any bad answer (malformed XML or iCalendar, a 4xx/5xx) is an error for
//! the source and nothing of this sync is written.

use super::dav::{self, Entry};
use super::http::{Client, Reply};
use super::{sort_out_callsheet_events, uids, Env, SourceReport};
use crate::config::calendars::CalendarSource;
use crate::import::ics::Calendar;
use crate::store::{Store, SyncChange};
use std::collections::HashMap;

/// Hrefs per multiget request.
const MULTIGET_CHUNK: usize = 500;

pub fn sync(
    store: &Store,
    src: &CalendarSource,
    client: &Client,
    env: &Env,
    report: &mut SourceReport,
) -> Result<(), String> {
    let state = super::stored_state(store, src)?;
    let before = store.sync_hrefs(&src.name).map_err(|e| e.to_string())?;
    let token = state.as_ref().and_then(|s| s.sync_token.clone());

    let mut plan = None;
    if let Some(token) = token {
        plan = incremental(client, src, &token)?;
        if plan.is_none() {
            // The server no longer knows the token: start over.
            report
                .notes
                .push("the server did not accept the stored sync token; read it whole".into());
        }
    }
    let plan = match plan {
        Some(p) => p,
        None => {
            let props = propfind(client, src)?;
            let unchanged_ctag = props.ctag.is_some()
                && state.as_ref().and_then(|s| s.ctag.as_ref()) == props.ctag.as_ref()
                && !before.is_empty();
            if unchanged_ctag {
                report.unchanged = true;
                return store
                    .sync_unchanged(&src.name, "caldav", &src.url, env.now)
                    .map_err(|e| e.to_string());
            }
            let mut p = full(client, src, env, &before)?;
            p.token = props.sync_token.filter(|_| props.offers_sync);
            p.ctag = props.ctag;
            p
        }
    };
    if !plan.full && plan.changed.is_empty() && plan.removed.is_empty() {
        report.unchanged = true;
        // The token may still move on.
        if plan.token.is_none() {
            return store
                .sync_unchanged(&src.name, "caldav", &src.url, env.now)
                .map_err(|e| e.to_string());
        }
    }
    let mut removed = plan.removed.clone();
    let mut cal = Calendar::default();
    let mut upserts = Vec::new();
    for chunk in plan.changed.chunks(MULTIGET_CHUNK) {
        let r = client.send(
            "REPORT",
            &src.url,
            &[
                ("Depth", "1"),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            Some(&dav::multiget(chunk)),
        )?;
        let ms = multistatus(&r, "calendar-multiget")?;
        for e in ms.entries {
            if e.status == Some(404) {
                removed.push(e.href);
                continue;
            }
            let Some(data) = e.calendar_data.as_deref() else {
                return Err(format!("{}: the server sent no calendar data", e.href));
            };
            let name = format!("{}:{}", src.name, e.href);
            let one = crate::import::ics::parse(&name, data.as_bytes(), &env.ctx, &env.options())
                .map_err(|e| e.to_string())?;
            let Some(uid) = uids(&name, data.as_bytes()).into_iter().next() else {
                report
                    .notes
                    .push(format!("{name}: an event without a UID; left out"));
                continue;
            };
            cal.extend(one);
            upserts.push((e.href, e.etag, uid));
        }
    }
    let instance = store.instance_id().map_err(|e| e.to_string())?;
    sort_out_callsheet_events(&mut cal, &instance);
    report.fetched = upserts.len();
    report.deleted = if plan.full {
        before
            .keys()
            .filter(|h| !plan.listed.contains_key(*h))
            .count()
    } else {
        removed.len()
    };
    let change = SyncChange {
        source: src.name.clone(),
        kind: "caldav".into(),
        url: src.url.clone(),
        calendar: cal,
        upserts: keep_listed_unchanged(plan.full, &plan.listed, &before, upserts),
        removed,
        full: plan.full,
        sync_token: plan.token,
        ctag: plan.ctag,
        etag: None,
        modified: None,
    };
    let changes = store
        .apply_sync(&change, env.now)
        .map_err(|e| e.to_string())?;
    report.notes.extend(changes.kept.iter().cloned());
    report.changes = changes;
    Ok(())
}

/// On a full read, the hrefs listed with an unchanged ETag are still there
/// (not fetched, but not gone either).
fn keep_listed_unchanged(
    full: bool,
    listed: &HashMap<String, Option<String>>,
    before: &HashMap<String, (Option<String>, String)>,
    mut upserts: Vec<(String, Option<String>, String)>,
) -> Vec<(String, Option<String>, String)> {
    if full {
        for (href, etag) in listed {
            if upserts.iter().any(|(h, ..)| h == href) {
                continue;
            }
            if let Some((old, uid)) = before.get(href) {
                if old == etag {
                    upserts.push((href.clone(), etag.clone(), uid.clone()));
                }
            }
        }
    }
    upserts
}

/// What to fetch and what is gone.
struct Plan {
    changed: Vec<String>,
    removed: Vec<String>,
    /// Every href the server listed (full reads), with its ETag.
    listed: HashMap<String, Option<String>>,
    full: bool,
    token: Option<String>,
    ctag: Option<String>,
}

/// `sync-collection` from `token`; `None` when the server refuses it.
fn incremental(client: &Client, src: &CalendarSource, token: &str) -> Result<Option<Plan>, String> {
    let r = client.send(
        "REPORT",
        &src.url,
        &[
            ("Depth", "0"),
            ("Content-Type", "application/xml; charset=utf-8"),
        ],
        Some(&dav::sync_collection(token)),
    )?;
    if matches!(r.status, 403 | 409 | 400) {
        return Ok(None);
    }
    let ms = multistatus(&r, "sync-collection")?;
    let mut plan = Plan {
        changed: Vec::new(),
        removed: Vec::new(),
        listed: HashMap::new(),
        full: false,
        token: ms.sync_token.clone(),
        ctag: None,
    };
    let base = path_of(&src.url);
    for e in ms.entries {
        if is_collection(&e, &base) {
            continue;
        }
        if e.status == Some(404) {
            plan.removed.push(e.href);
        } else {
            plan.changed.push(e.href);
        }
    }
    Ok(Some(plan))
}

/// `calendar-query` over the window: every href and ETag.
fn full(
    client: &Client,
    src: &CalendarSource,
    env: &Env,
    before: &HashMap<String, (Option<String>, String)>,
) -> Result<Plan, String> {
    let o = env.options();
    let r = client.send(
        "REPORT",
        &src.url,
        &[
            ("Depth", "1"),
            ("Content-Type", "application/xml; charset=utf-8"),
        ],
        Some(&dav::calendar_query(o.from, o.to)),
    )?;
    let ms = multistatus(&r, "calendar-query")?;
    let base = path_of(&src.url);
    let mut plan = Plan {
        changed: Vec::new(),
        removed: Vec::new(),
        listed: HashMap::new(),
        full: true,
        token: None,
        ctag: None,
    };
    for e in ms.entries {
        if is_collection(&e, &base) || e.status == Some(404) {
            continue;
        }
        let same = before
            .get(&e.href)
            .is_some_and(|(old, _)| old.is_some() && *old == e.etag);
        if !same {
            plan.changed.push(e.href.clone());
        }
        plan.listed.insert(e.href, e.etag);
    }
    Ok(plan)
}

fn propfind(client: &Client, src: &CalendarSource) -> Result<dav::Multistatus, String> {
    let r = client.send(
        "PROPFIND",
        &src.url,
        &[
            ("Depth", "0"),
            ("Content-Type", "application/xml; charset=utf-8"),
        ],
        Some(dav::PROPFIND_STATE),
    )?;
    multistatus(&r, "PROPFIND")
}

fn multistatus(r: &Reply, what: &str) -> Result<dav::Multistatus, String> {
    match r.status {
        207 => dav::parse(&r.body).map_err(|e| format!("{what}: {e}")),
        401 | 403 => Err(format!(
            "the server refused the credentials ({}); check username and password_command",
            r.status
        )),
        404 => Err(format!("{what}: no calendar at the url (404)")),
        s => Err(format!("{what}: the server answered {s}")),
    }
}

/// The path part of a URL (`/dav/cal/work/`).
pub fn path_of(url: &str) -> String {
    url.parse::<ureq::http::Uri>()
        .map(|u| u.path().to_string())
        .unwrap_or_default()
}

fn is_collection(e: &Entry, base: &str) -> bool {
    e.href.trim_end_matches('/') == base.trim_end_matches('/') || e.href.ends_with('/')
}

/// The URL of `href` on the source's server.
pub fn url_of(src_url: &str, href: &str) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    match src_url.parse::<ureq::http::Uri>() {
        Ok(u) => format!(
            "{}://{}{}",
            u.scheme_str().unwrap_or("https"),
            u.authority().map(|a| a.as_str()).unwrap_or(""),
            encode_path(href)
        ),
        Err(_) => href.to_string(),
    }
}

/// Percent-encodes what a path may not hold raw (the hrefs are stored
/// decoded).
fn encode_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
