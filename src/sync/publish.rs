//! Publishing callsheet's own events to a CalDAV source, through the
//! outbox (`store::sync`).
//!
//! Each sync first queues every own event whose body differs from what
//! the server last accepted (so a mark made offline, or before a restart,
//! is published when the server is back), then sends the queue:
//! `PUT` with `If-None-Match: *` to create, `If-Match: <etag>` to update.
//! A row leaves the outbox only when the server has that body, so nothing
//! is published twice. callsheet only ever writes the UIDs it made
//! (`callsheet-<instance>-…`) and never deletes: a call that is gone is
//! published as `STATUS:CANCELLED`.
//!
//! A `412` means someone changed the event on the server: it is re-read,
//! the server's version is kept for every property but callsheet's own
//! (`DTSTART`, `DTEND`, `SUMMARY`, `STATUS` and the `X-CALLSHEET-*` ones),
//! and that is reported.

use super::caldav::url_of;
use super::http::Client;
use super::{Env, SourceReport};
use crate::config::calendars::CalendarSource;
use crate::import::ics_lines::escape;
use crate::store::{OwnEvent, Store};
use chrono::{DateTime, Duration, Utc};

/// Properties callsheet owns on its events; every other one is theirs.
const OURS: [&str; 7] = [
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "STATUS",
    "X-CALLSHEET-CANDIDATE",
    "X-CALLSHEET-PHONE",
    "DTSTAMP",
];

pub fn run(
    store: &Store,
    src: &CalendarSource,
    client: &Client,
    env: &Env,
    report: &mut SourceReport,
) -> Result<(), String> {
    let db = |e: crate::error::Error| e.to_string();
    let instance = store.instance_id().map_err(db)?;
    let own = store
        .own_events(&instance, env.ctx.slot_minutes)
        .map_err(db)?;
    let bodies: Vec<(String, String)> = own.iter().map(|e| (e.uid.clone(), body(e))).collect();
    store
        .enqueue_own(&src.name, &bodies, cancelled, env.now)
        .map_err(db)?;
    for p in store.outbox(&src.name).map_err(db)? {
        let stamped = stamp(&p.body, env.now);
        let (href, headers): (String, Vec<(&str, String)>) = match &p.published {
            Some((href, Some(etag))) => (href.clone(), vec![("If-Match", etag.clone())]),
            Some((href, None)) => (href.clone(), Vec::new()),
            None => (
                format!(
                    "{}/{}.ics",
                    super::caldav::path_of(&src.url).trim_end_matches('/'),
                    p.uid
                ),
                vec![("If-None-Match", "*".to_string())],
            ),
        };
        let url = url_of(&src.url, &href);
        let mut h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        h.push(("Content-Type", "text/calendar; charset=utf-8"));
        let r = client.send("PUT", &url, &h, Some(&stamped))?;
        match r.status {
            200 | 201 | 204 => {
                let etag = match r.etag {
                    Some(e) => Some(e),
                    None => head_etag(client, &url)?,
                };
                store
                    .published(&src.name, &p.uid, &href, etag.as_deref(), &p.hash, &p.body)
                    .map_err(db)?;
                report.published += 1;
            }
            412 => {
                // Someone else changed it (or it is there already): take
                // theirs, put ours over only our own properties.
                let g = client.send("GET", &url, &[], None)?;
                if g.status != 200 {
                    return Err(format!(
                        "{}: changed on the server, and re-reading it gave {}",
                        p.uid, g.status
                    ));
                }
                let theirs = String::from_utf8_lossy(&g.body).into_owned();
                let merged = merge(&theirs, &stamped);
                let mut h: Vec<(&str, &str)> =
                    vec![("Content-Type", "text/calendar; charset=utf-8")];
                if let Some(e) = &g.etag {
                    h.push(("If-Match", e));
                }
                let r2 = client.send("PUT", &url, &h, Some(&merged))?;
                if !matches!(r2.status, 200 | 201 | 204) {
                    store
                        .publish_failed(&src.name, &p.uid, &format!("conflict, then {}", r2.status))
                        .map_err(db)?;
                    report.notes.push(format!(
                        "{}: changed on the server by someone else; not published ({})",
                        p.uid, r2.status
                    ));
                    continue;
                }
                let etag = match r2.etag {
                    Some(e) => Some(e),
                    None => head_etag(client, &url)?,
                };
                store
                    .published(&src.name, &p.uid, &href, etag.as_deref(), &p.hash, &p.body)
                    .map_err(db)?;
                report.published += 1;
                report.notes.push(format!(
                    "{}: changed on the server by someone else (412); kept their details, \
                     published callsheet's time and status",
                    p.uid
                ));
            }
            401 | 403 => {
                return Err(format!(
                    "the server refused to let callsheet publish ({})",
                    r.status
                ))
            }
            s => {
                store
                    .publish_failed(&src.name, &p.uid, &format!("the server answered {s}"))
                    .map_err(db)?;
                report
                    .notes
                    .push(format!("{}: not published, the server answered {s}", p.uid));
            }
        }
    }
    report.outbox_waiting = store.outbox(&src.name).map_err(db)?.len();
    Ok(())
}

fn head_etag(client: &Client, url: &str) -> Result<Option<String>, String> {
    Ok(client.send("HEAD", url, &[], None)?.etag)
}

fn ics_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The iCalendar body of one own event, without `DTSTAMP` (added when it
/// is sent, so the body, and its hash, change only when the call does).
pub fn body(e: &OwnEvent) -> String {
    let end = e.start + Duration::minutes(i64::from(e.minutes));
    let status = if e.cancelled {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//callsheet//EN\r\nBEGIN:VEVENT\r\n",
    );
    for line in [
        format!("UID:{}", e.uid),
        format!("DTSTART:{}", ics_time(e.start)),
        format!("DTEND:{}", ics_time(end)),
        format!("SUMMARY:{}", escape(&e.summary)),
        format!("STATUS:{status}"),
        format!("X-CALLSHEET-CANDIDATE:{}", escape(&e.candidate)),
        format!("X-CALLSHEET-PHONE:{}", escape(&e.phone)),
    ] {
        s.push_str(&crate::import::ics_lines::fold(&line));
    }
    s.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    s
}

/// The last body published for an event that is no longer callsheet's
/// (undone), as a cancellation.
fn cancelled(uid: &str, last: Option<&str>) -> String {
    match last {
        Some(b) => b.replace("STATUS:CONFIRMED", "STATUS:CANCELLED"),
        None => format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//callsheet//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    }
}

fn stamp(body: &str, now: DateTime<Utc>) -> String {
    body.replacen(
        "BEGIN:VEVENT\r\n",
        &format!("BEGIN:VEVENT\r\nDTSTAMP:{}\r\n", ics_time(now)),
        1,
    )
}

/// Joins folded lines (a line starting with a space or tab continues the
/// one before).
fn logical_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            out.push(raw.to_string());
        }
    }
    out
}

fn prop_name(line: &str) -> String {
    line.split([':', ';'])
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// The server's event with callsheet's own properties put over it.
pub fn merge(theirs: &str, ours: &str) -> String {
    let our_lines: Vec<String> = logical_lines(ours)
        .into_iter()
        .filter(|l| OURS.contains(&prop_name(l).as_str()))
        .collect();
    let mut out = String::new();
    let mut in_event = false;
    let mut done = false;
    for l in logical_lines(theirs) {
        let name = prop_name(&l);
        let value = l
            .split_once(':')
            .map(|(_, v)| v.trim().to_ascii_uppercase());
        if name == "BEGIN" && value.as_deref() == Some("VEVENT") {
            in_event = true;
        } else if name == "END" && value.as_deref() == Some("VEVENT") && in_event && !done {
            for o in &our_lines {
                out.push_str(&crate::import::ics_lines::fold(o));
            }
            in_event = false;
            done = true;
        } else if in_event && !done && OURS.contains(&name.as_str()) {
            continue;
        }
        out.push_str(&crate::import::ics_lines::fold(&l));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event() -> OwnEvent {
        OwnEvent {
            uid: "callsheet-ab-callback-1".into(),
            start: Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap(),
            minutes: 30,
            summary: "Callback: Ana Souza".into(),
            candidate: "Ana Souza".into(),
            phone: "+44 20 7946 0000".into(),
            cancelled: false,
        }
    }

    #[test]
    fn the_body_is_stable_and_a_cancellation_says_so() {
        let b = body(&event());
        assert_eq!(b, body(&event()));
        assert!(b.contains("DTSTART:20261123T140000Z\r\nDTEND:20261123T143000Z"));
        assert!(!b.contains("DTSTAMP"));
        assert!(cancelled("x", Some(&b)).contains("STATUS:CANCELLED"));
    }

    #[test]
    fn a_merge_keeps_their_properties_and_puts_ours() {
        let theirs = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20261123T150000Z\r\nLOCATION:Room\r\n 4\r\nDESCRIPTION:from the coordinator\r\nSUMMARY:old\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let m = merge(theirs, &stamp(&body(&event()), Utc::now()));
        assert!(m.contains("LOCATION:Room4"), "{m}");
        assert!(m.contains("DESCRIPTION:from the coordinator"), "{m}");
        assert!(m.contains("DTSTART:20261123T140000Z"), "{m}");
        assert!(!m.contains("SUMMARY:old"), "{m}");
        assert!(!m.contains("20261123T150000Z"), "{m}");
        assert_eq!(m.matches("UID:").count(), 1, "{m}");
    }
}
