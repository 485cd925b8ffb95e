//! Calendar sync against a real CalDAV server (Radicale, started here on
//! 127.0.0.1 with htpasswd auth and its own storage) and against a tiny
//! scripted HTTP server for what a good server never does (401, 500, slow,
//! malformed answers) and for `.ics` feeds.

mod common;

use callsheet::config::calendars::{CalendarSource, SourceKind};
use callsheet::domain::Outcome;
use callsheet::import::Context;
use callsheet::store::Store;
use callsheet::sync::{sync_one, Env, SourceReport};
use chrono::{DateTime, Duration, Utc};
use common::http::{serve, Answer};
use common::radicale::{event, Radicale, PASSWORD, USER};
use std::path::Path;

const NOW: &str = "2026-11-23T09:40:00Z";

fn now() -> DateTime<Utc> {
    common::at(NOW)
}

fn env_at(t: DateTime<Utc>) -> Env {
    Env::new(
        Context {
            zone: chrono_tz::Europe::London,
            slot_minutes: 30,
        },
        t,
    )
}

/// The password reaches callsheet only through the environment.
fn caldav(url: &str, publish: bool) -> CalendarSource {
    std::env::set_var("CALLSHEET_TEST_CALDAV_PW", PASSWORD);
    CalendarSource {
        name: "work".into(),
        kind: SourceKind::Caldav,
        url: url.into(),
        username: Some(USER.into()),
        password_command: None,
        password_env: Some("CALLSHEET_TEST_CALDAV_PW".into()),
        publish,
        refresh_minutes: 5,
        allow_insecure: false,
    }
}

fn feed(url: &str) -> CalendarSource {
    CalendarSource {
        name: "ats".into(),
        kind: SourceKind::Ics,
        url: url.into(),
        username: None,
        password_command: None,
        password_env: None,
        publish: false,
        refresh_minutes: 5,
        allow_insecure: false,
    }
}

fn store_in(dir: &Path) -> Store {
    Store::open(&dir.join("callsheet.db")).unwrap()
}

fn day(store: &Store) -> Vec<(String, DateTime<Utc>, Outcome)> {
    let from = common::at("2026-11-23T00:00:00Z");
    store
        .calls_between(from, from + Duration::days(7))
        .unwrap()
        .into_iter()
        .map(|c| (c.candidate.name, c.start, c.outcome))
        .collect()
}

fn busy(store: &Store) -> usize {
    let from = common::at("2026-11-23T00:00:00Z");
    store
        .busy_blocks(from, from + Duration::days(7))
        .unwrap()
        .len()
}

fn ok(r: &SourceReport) {
    assert_eq!(r.error, None, "{r:#?}");
}

/// A screen with the person's own number (the same number would be the
/// same person).
fn screen(uid: &str, who: &str, start: &str, end: &str) -> String {
    let n = who.bytes().map(u32::from).sum::<u32>() % 1000;
    event(
        uid,
        &format!("Phone screen: {who}"),
        start,
        end,
        &format!("LOCATION:+44 20 7946 0{n:03}\r\n"),
    )
}

#[test]
fn first_sync_then_incremental_moves_cancels_and_deletes() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T140000Z", "20261123T143000Z"),
    );
    server.put_event(
        &cal,
        "b.ics",
        &screen("b@x", "Ben Okafor", "20261123T150000Z", "20261123T153000Z"),
    );
    server.put_event(
        &cal,
        "c.ics",
        &screen("c@x", "Cleo Tan", "20261124T100000Z", "20261124T103000Z"),
    );
    server.put_event(
        &cal,
        "d.ics",
        &event(
            "d@x",
            "Team lunch",
            "20261123T120000Z",
            "20261123T130000Z",
            "",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let src = caldav(&cal, false);

    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    assert_eq!(r.fetched, 4);
    assert_eq!(r.changes.screens.added, 3);
    assert_eq!(r.changes.busy_added, 1);
    // PROPFIND, calendar-query, one multiget.
    assert_eq!(r.requests, 3, "{r:#?}");
    assert_eq!(day(&store).len(), 3);
    assert_eq!(busy(&store), 1);

    // Nothing changed: one request (sync-collection), nothing written.
    let before = store.data_version().unwrap();
    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    assert!(r.unchanged, "{r:#?}");
    assert_eq!(r.requests, 1, "{r:#?}");
    assert_eq!(r.fetched, 0);
    let _ = before;

    // Ben's screen is marked; then the coordinator moves Ana, moves Ben,
    // cancels Cleo and deletes lunch.
    let ben = store
        .calls_between(now(), now() + Duration::days(2))
        .unwrap()
        .into_iter()
        .find(|c| c.candidate.name == "Ben Okafor")
        .unwrap();
    store
        .mark(ben.id, Outcome::Answered, now(), &common::rules())
        .unwrap();
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T160000Z", "20261123T163000Z"),
    );
    server.put_event(
        &cal,
        "b.ics",
        &screen("b@x", "Ben Okafor", "20261125T090000Z", "20261125T093000Z"),
    );
    server.put_event(
        &cal,
        "c.ics",
        &event(
            "c@x",
            "Phone screen: Cleo Tan",
            "20261124T100000Z",
            "20261124T103000Z",
            "STATUS:CANCELLED\r\n",
        ),
    );
    server.delete(&cal, "d.ics");

    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    // sync-collection, one multiget for the three changed.
    assert_eq!(r.requests, 2, "{r:#?}");
    assert_eq!(r.fetched, 3);
    assert_eq!(r.deleted, 1);
    let d = day(&store);
    assert!(
        d.contains(&(
            "Ana Souza".into(),
            common::at("2026-11-23T16:00:00Z"),
            Outcome::Scheduled
        )),
        "{d:?}"
    );
    // Ben was marked: kept where he was, and the change is reported.
    assert!(
        d.contains(&(
            "Ben Okafor".into(),
            common::at("2026-11-23T15:00:00Z"),
            Outcome::Answered
        )),
        "{d:?}"
    );
    assert!(
        r.notes.iter().any(|n| n.contains("already marked")),
        "{r:#?}"
    );
    assert!(!d.iter().any(|(n, ..)| n == "Cleo Tan"), "{d:?}");
    assert_eq!(busy(&store), 0);
    let st = store.sync_state("work").unwrap().unwrap();
    assert_eq!(st.events, 3);
    assert_eq!(st.last_error, None);
}

#[test]
fn a_wrong_password_is_an_error_for_the_source_and_changes_nothing() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T140000Z", "20261123T143000Z"),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let mut src = caldav(&cal, false);
    src.password_env = Some("CALLSHEET_TEST_WRONG_PW".into());
    std::env::set_var("CALLSHEET_TEST_WRONG_PW", "not-the-password");
    let r = sync_one(&store, &src, &env_at(now()));
    let e = r.error.clone().expect("an error");
    assert!(e.contains("401"), "{e}");
    assert!(day(&store).is_empty());
    let st = store.sync_state("work").unwrap().unwrap();
    assert!(st.last_error.unwrap().contains("401"));
    assert_eq!(st.failing_since, Some(now()));
}

#[test]
fn publishing_creates_updates_and_cancels_only_our_own_events() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T100000Z", "20261123T103000Z"),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let src = caldav(&cal, true);
    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    // Ana's voicemail queues a callback: its held slot is published.
    let ana = day(&store);
    assert_eq!(ana.len(), 1);
    let id = store
        .calls_between(now() - Duration::hours(2), now() + Duration::days(1))
        .unwrap()[0]
        .id;
    store
        .mark(
            id,
            Outcome::Voicemail,
            common::at("2026-11-23T10:05:00Z"),
            &common::rules(),
        )
        .unwrap();
    let r = sync_one(&store, &src, &env_at(common::at("2026-11-23T10:06:00Z")));
    ok(&r);
    assert_eq!(r.published, 1, "{r:#?}");
    assert_eq!(r.outbox_waiting, 0);
    let instance = store.instance_id().unwrap();
    let listing = server.request("PROPFIND", &cal, &[("Depth", "1")], "").2;
    let ours = format!("callsheet-{instance}-callback-");
    assert!(listing.contains(&ours), "{listing}");
    // The coordinator's event is untouched.
    let (_, _, a) = server.request("GET", &format!("{cal}a.ics"), &[], "");
    assert!(a.contains("DTSTART:20261123T100000Z"), "{a}");

    // The next sync publishes nothing again, and does not read our own
    // event back as a screen or busy time.
    let r = sync_one(&store, &src, &env_at(common::at("2026-11-23T10:07:00Z")));
    ok(&r);
    assert_eq!(r.published, 0, "{r:#?}");
    assert_eq!(day(&store).len(), 1, "{:?}", day(&store));
    assert_eq!(busy(&store), 0);

    // Placing the callback moves the same event (If-Match).
    let cb = store
        .open_callbacks(now(), chrono_tz::Europe::London)
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let slot = callsheet::domain::Interval {
        start: common::at("2026-11-24T11:00:00Z"),
        end: common::at("2026-11-24T11:30:00Z"),
    };
    store
        .place_callback(
            cb.id,
            slot,
            common::at("2026-11-23T10:08:00Z"),
            &common::rules(),
        )
        .unwrap();
    let r = sync_one(&store, &src, &env_at(common::at("2026-11-23T10:09:00Z")));
    ok(&r);
    assert_eq!(r.published, 1, "{r:#?}");
    let href = format!("{cal}{ours}{}.ics", cb.id);
    let (status, _, body) = server.request("GET", &href, &[], "");
    assert_eq!(status, 200, "{href}");
    assert!(body.contains("DTSTART:20261124T110000Z"), "{body}");
    assert!(body.contains("STATUS:CONFIRMED"), "{body}");

    // Someone edits our event on the server (adds a location): 412, their
    // field kept, our time written, and we say so.
    let edited = body.replace("STATUS:CONFIRMED", "STATUS:CONFIRMED\r\nLOCATION:Room 4");
    let (s, ..) = server.request("PUT", &href, &[("Content-Type", "text/calendar")], &edited);
    assert!(matches!(s, 201 | 204), "{s}");
    let placed = store
        .calls_between(now(), now() + Duration::days(3))
        .unwrap()
        .into_iter()
        .find(|c| c.start == slot.start)
        .unwrap();
    store
        .mark(
            placed.id,
            Outcome::Cancelled,
            common::at("2026-11-23T10:10:00Z"),
            &common::rules(),
        )
        .unwrap();
    let r = sync_one(&store, &src, &env_at(common::at("2026-11-23T10:11:00Z")));
    ok(&r);
    assert!(r.notes.iter().any(|n| n.contains("412")), "{r:#?}");
    let (_, _, body) = server.request("GET", &href, &[], "");
    assert!(body.contains("LOCATION:Room 4"), "{body}");
    assert!(body.contains("STATUS:CANCELLED"), "{body}");
}

#[test]
fn another_machines_published_events_are_busy_time_here() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T100000Z", "20261123T103000Z"),
    );
    let (desk_dir, laptop_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (desk, laptop) = (store_in(desk_dir.path()), store_in(laptop_dir.path()));
    let src = caldav(&cal, true);
    ok(&sync_one(&desk, &src, &env_at(now())));
    let id = desk
        .calls_between(now() - Duration::hours(2), now() + Duration::days(1))
        .unwrap()[0]
        .id;
    desk.mark(
        id,
        Outcome::Voicemail,
        common::at("2026-11-23T10:05:00Z"),
        &common::rules(),
    )
    .unwrap();
    ok(&sync_one(
        &desk,
        &src,
        &env_at(common::at("2026-11-23T10:06:00Z")),
    ));
    let r = sync_one(&laptop, &src, &env_at(common::at("2026-11-23T10:07:00Z")));
    ok(&r);
    // The laptop has Ana's screen and the desk's callback as busy time,
    // not as a call of its own, and publishes nothing of the desk's.
    assert_eq!(day(&laptop).len(), 1, "{:?} {r:#?}", day(&laptop));
    assert_eq!(busy(&laptop), 1);
    assert_eq!(r.published, 0);
}

#[test]
fn a_server_down_mid_sync_writes_nothing_and_the_next_sync_recovers() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T140000Z", "20261123T143000Z"),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let src = caldav(&cal, false);
    ok(&sync_one(&store, &src, &env_at(now())));
    server.put_event(
        &cal,
        "b.ics",
        &screen("b@x", "Ben Okafor", "20261123T150000Z", "20261123T153000Z"),
    );
    let port = server.port;
    drop(server);
    let r = sync_one(&store, &src, &env_at(now() + Duration::minutes(5)));
    assert!(r.error.is_some(), "{r:#?}");
    assert_eq!(day(&store).len(), 1);
    let st = store.sync_state("work").unwrap().unwrap();
    assert_eq!(st.failing_since, Some(now() + Duration::minutes(5)));
    assert_eq!(st.last_sync, Some(now()));
    let _ = port;
}

// ------------------------------------------------- the scripted server

const MULTI_OK: &str = r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:getetag/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"#;

#[test]
fn a_500_is_retried_then_reported_and_nothing_is_written() {
    let s = serve(|_| Answer::new(500, "oops"));
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let r = sync_one(&store, &caldav(&s.url("/cal/"), false), &env_at(now()));
    assert!(r.error.as_deref().unwrap().contains("500"), "{r:#?}");
    // One try and two retries.
    assert_eq!(s.requests(), 3);
    assert!(day(&store).is_empty());
}

#[test]
fn a_401_is_not_retried() {
    let s = serve(|_| Answer::new(401, "").header("WWW-Authenticate", "Basic realm=\"x\""));
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let r = sync_one(&store, &caldav(&s.url("/cal/"), false), &env_at(now()));
    assert!(r.error.as_deref().unwrap().contains("401"), "{r:#?}");
    assert_eq!(s.requests(), 1);
}

#[test]
fn a_slow_server_times_out_as_an_error() {
    let s = serve(|_| Answer::new(207, MULTI_OK).slow(std::time::Duration::from_secs(2)));
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let env = Env {
        timeout: std::time::Duration::from_millis(300),
        ..env_at(now())
    };
    let r = sync_one(&store, &caldav(&s.url("/cal/"), false), &env);
    assert!(r.error.as_deref().unwrap().contains("timed out"), "{r:#?}");
    assert!(day(&store).is_empty());
}

#[test]
fn malformed_xml_and_icalendar_are_errors_and_nothing_is_half_applied() {
    let good = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20261123T140000Z\r\nDTEND:20261123T143000Z\r\nSUMMARY:Phone screen: Ana Souza\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let bad = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b@x\r\nDTSTART;TZID=Mars/Olympus:20261123T150000\r\nSUMMARY:Phone screen: Ben\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    for (what, multiget) in [
        (
            "xml",
            "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/cal/a.ics".to_string(),
        ),
        (
            "ical",
            format!(
                r#"<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><c:calendar-data>{good}</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/cal/b.ics</d:href><d:propstat><d:prop><d:getetag>"2"</d:getetag><c:calendar-data>{bad}</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>"#
            ),
        ),
    ] {
        let listing = r#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response><d:response><d:href>/cal/b.ics</d:href><d:propstat><d:prop><d:getetag>"2"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"#;
        let s = serve(
            move |req| match (req.method.as_str(), req.body.contains("multiget")) {
                ("PROPFIND", _) => Answer::new(207, MULTI_OK),
                ("REPORT", false) => Answer::new(207, listing),
                _ => Answer::new(207, multiget.clone()),
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        let r = sync_one(&store, &caldav(&s.url("/cal/"), false), &env_at(now()));
        assert!(r.error.is_some(), "{what}: {r:#?}");
        // Ana's good event is not written either.
        assert!(day(&store).is_empty(), "{what}");
        assert_eq!(store.sync_state("work").unwrap().unwrap().events, 0);
    }
}

#[test]
fn ics_feeds_unchanged_changed_304_and_down() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let version = Arc::new(AtomicUsize::new(1));
    let v = version.clone();
    let s = serve(move |req| {
        let n = v.load(Ordering::SeqCst);
        let etag = format!("\"v{n}\"");
        if n == 0 {
            return Answer::new(503, "down");
        }
        if req.header("If-None-Match") == Some(etag.as_str()) {
            return Answer::new(304, "").header("ETag", &etag);
        }
        let mut body = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        body.push_str("BEGIN:VEVENT\r\nUID:f1\r\nDTSTART:20261123T140000Z\r\nDTEND:20261123T143000Z\r\nSUMMARY:Phone screen: Ana Souza\r\nEND:VEVENT\r\n");
        if n == 1 {
            body.push_str("BEGIN:VEVENT\r\nUID:f2\r\nDTSTART:20261123T150000Z\r\nDTEND:20261123T153000Z\r\nSUMMARY:Phone screen: Ben Okafor\r\nEND:VEVENT\r\n");
        }
        body.push_str("END:VCALENDAR\r\n");
        Answer::new(200, body).header("ETag", &etag)
    });
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let src = feed(&s.url("/feed.ics"));
    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    assert_eq!(r.changes.screens.added, 2);
    // Unchanged: one request, answered 304, nothing written.
    let before = s.requests();
    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    assert!(r.unchanged);
    assert_eq!(s.requests() - before, 1);
    assert_eq!(
        s.seen
            .lock()
            .unwrap()
            .last()
            .unwrap()
            .header("If-None-Match"),
        Some("\"v1\"")
    );
    // Changed: Ben is gone from the feed, so gone from the day.
    version.store(2, Ordering::SeqCst);
    let r = sync_one(&store, &src, &env_at(now()));
    ok(&r);
    assert_eq!(r.deleted, 1);
    let d = day(&store);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "Ana Souza");
    // Down: an error, the last copy kept.
    version.store(0, Ordering::SeqCst);
    let r = sync_one(&store, &src, &env_at(now() + Duration::minutes(10)));
    assert!(r.error.is_some());
    assert_eq!(day(&store).len(), 1);
}

#[test]
fn plain_http_beyond_loopback_is_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let r = sync_one(
        &store,
        &feed("http://calendar.example.com/x.ics"),
        &env_at(now()),
    );
    assert!(r.error.as_deref().unwrap().contains("https"), "{r:#?}");
    assert_eq!(r.requests, 0);
}

#[test]
fn a_mark_made_offline_is_published_when_the_server_is_back_after_a_restart_once() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T100000Z", "20261123T103000Z"),
    );
    let dir = tempfile::tempdir().unwrap();
    let src = caldav(&cal, true);
    {
        let store = store_in(dir.path());
        ok(&sync_one(&store, &src, &env_at(now())));
        let id = store
            .calls_between(now() - Duration::hours(2), now() + Duration::days(1))
            .unwrap()[0]
            .id;
        store
            .mark(
                id,
                Outcome::Voicemail,
                common::at("2026-11-23T10:05:00Z"),
                &common::rules(),
            )
            .unwrap();
        // The server is unreachable (a port nothing listens on): the
        // callback waits.
        let mut away = src.clone();
        away.url = format!(
            "http://127.0.0.1:{}/jordan/work/",
            common::radicale::free_port()
        );
        away.name = "work".into();
        let r = sync_one(&store, &away, &env_at(common::at("2026-11-23T10:06:00Z")));
        assert!(r.error.is_some(), "{r:#?}");
    }
    // A restart: a new connection to the same file.
    let store = store_in(dir.path());
    let r = sync_one(&store, &src, &env_at(common::at("2026-11-23T10:30:00Z")));
    ok(&r);
    assert_eq!(r.published, 1, "{r:#?}");
    let r = sync_one(&store, &src, &env_at(common::at("2026-11-23T10:35:00Z")));
    ok(&r);
    assert_eq!(r.published, 0, "published twice: {r:#?}");
    let listing = server.request("PROPFIND", &cal, &[("Depth", "1")], "").2;
    let instance = store.instance_id().unwrap();
    assert_eq!(
        listing
            .matches(&format!("callsheet-{instance}-callback-"))
            .count(),
        1,
        "{listing}"
    );
}

#[test]
fn the_cli_syncs_and_lists_and_the_password_goes_nowhere() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let cal = server.calendar("work");
    server.put_event(
        &cal,
        "a.ics",
        &screen("a@x", "Ana Souza", "20261123T140000Z", "20261123T143000Z"),
    );
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("callsheet.db");
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[calendars]]\nname = \"work\"\nkind = \"caldav\"\nurl = \"{cal}\"\nusername = \"{USER}\"\npassword_command = \"echo {PASSWORD}\"\npublish = true\n"
        ),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let r = common::run_at(home.path(), &db, &["--config", cfg, "-v", "sync"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("work (caldav): 1 fetched"),
        "{}",
        r.stdout
    );
    let r = common::run_at(home.path(), &db, &["--config", cfg, "sync", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["unchanged"], true, "{}", r.stdout);
    assert_eq!(v[0]["requests"], 1, "{}", r.stdout);
    let r = common::run_at(home.path(), &db, &["--config", cfg, "calendars"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("last sync: 2026-11-23 09:40  events: 1"),
        "{}",
        r.stdout
    );
    let r = common::run_at(
        home.path(),
        &db,
        &["--config", cfg, "export", "--ics", "--day", "2026-11-23"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains(PASSWORD));
    // The canary is in no file callsheet wrote: the database (and its
    // WAL), the log, the export.
    let mut files = Vec::new();
    let mut stack = vec![home.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p != config {
                files.push(p);
            }
        }
    }
    assert!(files
        .iter()
        .any(|p| p.to_string_lossy().contains("callsheet.db")));
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let hay = String::from_utf8_lossy(&bytes);
        assert!(
            !hay.contains(PASSWORD),
            "{} holds the password",
            p.display()
        );
    }
    // A failing source is exit 1 with the reason, the others kept.
    std::fs::write(
        &config,
        format!(
            "[[calendars]]\nname = \"work\"\nkind = \"caldav\"\nurl = \"{cal}\"\nusername = \"{USER}\"\npassword_command = \"echo wrong\"\n"
        ),
    )
    .unwrap();
    let r = common::run_at(home.path(), &db, &["--config", cfg, "sync"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("failed") && r.stdout.contains("401"),
        "{}",
        r.stdout
    );
    let r = common::run_at(home.path(), &db, &["--config", cfg, "calendars"]);
    assert!(
        r.stdout.contains("failing since 2026-11-23 09:40"),
        "{}",
        r.stdout
    );
}
