//! Fixtures shared by the store and CLI tests: a fixed day (Monday
//! 23 November 2026, recruiter in London, where GMT = UTC in November), and
//! databases in temporary directories so nothing touches the real home.
#![allow(dead_code)]

pub mod http;
pub mod radicale;
pub mod tmux;

use callsheet::app::App;
use callsheet::config::Settings;
use callsheet::domain::Rules;
use callsheet::keymap::Keymap;
use callsheet::store::{NewCandidate, NewScreen, Store};
use callsheet::ui::{render_with, Theme};
use chrono::{DateTime, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The real binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_callsheet");

/// The binary, not yet started, sandboxed by [`sandboxed`].
pub fn command_in(home: &Path) -> Command {
    let mut c = Command::new(BIN);
    sandboxed(&mut c, home);
    c
}

/// Gives `c` HOME and the XDG data, config and state directories in
/// `home` and none of the CALLSHEET_* variables, so nothing it runs
/// touches the real home.
pub fn sandboxed<'a>(c: &'a mut Command, home: &Path) -> &'a mut Command {
    c.env_remove("CALLSHEET_DB")
        .env_remove("CALLSHEET_NOW")
        .env_remove("CALLSHEET_TZ")
        .env_remove("CALLSHEET_CONFIG")
        .env_remove("CALLSHEET_BUSY_TIMEOUT_MS")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
}

/// What a run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args`, HOME and the XDG data, config and state
/// directories in `home` and none of the CALLSHEET_* variables, so nothing
/// touches the real home.
pub fn run_in(home: &Path, args: &[&str]) -> Run {
    output_of(command_in(home).args(args))
}

/// Runs `c` to the end and keeps what it said.
pub fn output_of(c: &mut Command) -> Run {
    let out = c.output().expect("run callsheet");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `run_in` on `db` at the end-to-end tests' clock ([`tmux::NOW`]) in
/// London.
pub fn run_at(home: &Path, db: &Path, args: &[&str]) -> Run {
    let mut all = vec![
        "--db",
        db.to_str().expect("a UTF-8 path"),
        "--now",
        tmux::NOW,
        "--tz",
        ZONE,
    ];
    all.extend_from_slice(args);
    run_in(home, &all)
}

/// What the app shows is what the database holds: its selections are
/// inside their lists, and a fresh `App` on `store` at the same time and
/// date has the same day and the same queue.
pub fn assert_app_is_the_store(app: &App, store: &Store, why: &str) {
    assert!(
        app.call_sel.is_none_or(|i| i < app.calls.len()),
        "{why}: call_sel out of range"
    );
    assert!(
        app.queue_sel.is_none_or(|i| i < app.queue.len()),
        "{why}: queue_sel out of range"
    );
    let fresh = App::new(app.settings.clone(), store, app.now, Some(app.date)).expect("reload");
    assert_eq!(
        fresh.calls, app.calls,
        "{why}: the day on screen is not the database's"
    );
    let ids = |a: &App| a.queue.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(&fresh),
        ids(app),
        "{why}: the queue on screen is not the database's"
    );
}

/// `app` drawn with the default keys into a `w`×`h` test terminal.
pub fn draw(app: &App, theme: &Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let keymap = Keymap::default();
    terminal
        .draw(|f| render_with(app, &keymap, theme, f))
        .unwrap();
    terminal
}

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

/// London, and a dial command that rings nothing: a test pressing `c`
/// never opens the machine's real softphone.
pub fn settings() -> Settings {
    Settings {
        dial_command: vec!["true".into()],
        ..Settings::with_zone(chrono_tz::Europe::London)
    }
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
        outcome: None,
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

/// A CSV of `n` screens, sixteen half-hour slots a day (08:00 to 15:30,
/// London) from `first_day` on, each with its own candidate named
/// `{prefix} {i}` and phone: for tests that need many calls.
pub fn many_calls_csv(n: usize, first_day: &str, prefix: &str) -> String {
    let first = chrono::NaiveDate::parse_from_str(first_day, "%Y-%m-%d").expect("date");
    let mut csv = String::from("start,candidate,phone,role\n");
    for i in 0..n {
        let day = first + chrono::Duration::days((i / 16) as i64);
        let minutes = 8 * 60 + 30 * (i % 16);
        csv.push_str(&format!(
            "{day} {:02}:{:02},{prefix} {i},+44 7700 {:06},Engineer\n",
            minutes / 60,
            minutes % 60,
            (prefix.len() * 100_000 + i) % 1_000_000
        ));
    }
    csv
}

/// `path` with `suffix` added to its name: the `-wal` and `-shm` files.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Ids of the calls still scheduled, lowest first.
pub fn scheduled_ids(conn: &rusqlite::Connection) -> Vec<i64> {
    let mut st = conn
        .prepare("SELECT id FROM screens WHERE outcome = 'scheduled' ORDER BY id")
        .expect("query");
    st.query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("id"))
        .collect()
}

/// `app` drawn plain at `w`×`h`, as text (rows joined by newlines).
pub fn screen_text(app: &App, w: u16, h: u16) -> String {
    let t = draw(app, &Theme::plain(), w, h);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
