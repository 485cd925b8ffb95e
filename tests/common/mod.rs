//! Fixtures shared by the store and CLI tests: a fixed day (Monday
//! 23 November 2026, recruiter in London, where GMT = UTC in November), and
//! databases in temporary directories so nothing touches the real home.
#![allow(dead_code)]

use callsheet::config::Settings;
use callsheet::domain::Rules;
use callsheet::store::{NewCandidate, NewScreen, Store};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

pub const ZONE: &str = "Europe/London";

/// An instant from RFC 3339 text.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test time")
        .with_timezone(&Utc)
}

/// "09:00" on the fixed day.
pub fn mon(hhmm: &str) -> DateTime<Utc> {
    at(&format!("2026-11-23T{hhmm}:00Z"))
}

pub fn settings() -> Settings {
    Settings::with_zone(chrono_tz::Europe::London)
}

pub fn rules() -> Rules {
    settings().rules
}

pub fn screen(name: &str, phone: &str, start: DateTime<Utc>) -> NewScreen {
    NewScreen {
        candidate: NewCandidate {
            name: name.into(),
            phone: phone.into(),
            email: None,
            timezone: None,
        },
        role: Some("Backend Engineer".into()),
        start,
        minutes: 30,
        note: None,
        source: None,
        origin: "test".into(),
    }
}

/// Four screens on the fixed day: 09:00 Ana, 10:00 José, 11:00 王小明,
/// 14:00 Zoë (in New York).
pub fn day() -> Vec<NewScreen> {
    let mut zoe = screen("Zoë Ó Briain", "+1 212 555 0100", mon("14:00"));
    zoe.candidate.timezone = Some(chrono_tz::America::New_York);
    vec![
        screen("Ana Souza", "+44 20 7946 0001", mon("09:00")),
        screen("José Müller", "+44 20 7946 0002", mon("10:00")),
        screen("王小明", "+44 20 7946 0003", mon("11:00")),
        zoe,
    ]
}

/// A database file in `dir` seeded with [`day`].
pub fn seeded(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("callsheet.sqlite3");
    let store = Store::open(&path).expect("open");
    store
        .import(&day(), mon("07:00"), false)
        .expect("seed the day");
    (path, store)
}

/// The id of the call starting at `hhmm` on the fixed day.
pub fn call_at(store: &Store, hhmm: &str) -> i64 {
    let t = mon(hhmm);
    store
        .calls_between(t, t + chrono::Duration::minutes(1))
        .expect("calls")
        .first()
        .map(|c| c.id)
        .expect("a call at that time")
}

/// The CSV the CLI tests import: the same day as [`day`].
pub const DAY_CSV: &str = "\u{FEFF}start,end,candidate,phone,email,timezone,role,notes\r\n\
2026-11-23 09:00,09:30,Ana Souza,+44 20 7946 0001,ana@example.com,,Backend Engineer,\"Referred by José, keen\"\r\n\
2026-11-23 10:00,,José Müller,+44 20 7946 0002,,,Data Engineer,\r\n\
2026-11-23T11:00:00Z,2026-11-23T11:30:00Z,王小明,+44 20 7946 0003,,,Frontend Engineer,\"line one\r\nline two\"\r\n\
2026-11-23 14:00,14:30,Zoë Ó Briain,+1 212 555 0100,zoe@example.com,America/New_York,Engineering Manager,\r\n\
\r\n";

/// What an export → import round trip must keep of a call.
pub type CallKey = (DateTime<Utc>, u32, String, String, Option<String>, String);

/// The keys of every call starting in `[from, to)`, sorted, so two stores
/// can be compared whatever ids and order they gave the calls.
pub fn call_keys(store: &Store, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<CallKey> {
    let mut v: Vec<CallKey> = store
        .calls_between(from, to)
        .expect("calls")
        .into_iter()
        .map(|c| {
            (
                c.start,
                c.minutes,
                c.candidate.name,
                c.candidate.phone,
                c.role,
                c.note,
            )
        })
        .collect();
    v.sort();
    v
}
