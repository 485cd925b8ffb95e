//! In-process benchmarks on generated history (see `examples/gen_history.rs`).
//!
//! ```text
//! cargo bench --bench inprocess
//! ```
//!
//! Reads `$CALLSHEET_BENCH_DIR/callsheet-bench-{1000,100000,1000000}.sqlite3`
//! (default dir `/tmp`; `benches/process.sh` makes them) and skips the sizes
//! that are missing. Nothing is written to those files: the mark and
//! free-slot benches work on a copy of the largest one.
//!
//! - `open_load_day/N`: `Store::open` + `App::new` (day, busy, queue);
//! - `mark_key_to_commit`: the `v` key through the keymap and `update` on a
//!   scheduled call, committed with `synchronous=FULL` in WAL mode, the day
//!   reloaded; each mark is undone outside the timed part;
//! - `free_slots_booked_week`: `free_slots_for` a callback when the rest of
//!   today is blocked and the next seven days are booked every half hour
//!   but the last;
//! - `render_day_120x40`: one `ui::render` of the day view to a `TestBackend`;
//! - `candidate_search/{name,phone_front,phone_end}/Q`:
//!   `Store::search_candidates` for each keystroke of three typed names, of
//!   a phone number typed from the front and of its last four digits, on
//!   the largest database (200,000 candidates at 1M screens);
//!   `benches/criterion_medians.py` prints every median and the worst
//!   keystroke.
//!   Opening a file written by an older build migrates it once (as the app
//!   does), which for 0004 builds the search index.

use callsheet::app::{update::update, App};
use callsheet::config::Settings;
use callsheet::domain::{Interval, Outcome};
use callsheet::keymap::Keymap;
use callsheet::store::{BulkCall, Store};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant};

const SIZES: [u64; 3] = [1_000, 100_000, 1_000_000];

fn dir() -> PathBuf {
    std::env::var_os("CALLSHEET_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"))
}

fn db(n: u64) -> Option<PathBuf> {
    let p = dir().join(format!("callsheet-bench-{n}.sqlite3"));
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipping {n} screens: no {} (run benches/process.sh)",
            p.display()
        );
        None
    }
}

fn settings() -> Settings {
    Settings::with_zone(chrono_tz::Europe::London)
}

/// The generated day: Monday 23 November 2026, noon in London (= UTC).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open_load_day(c: &mut Criterion) {
    let mut g = c.benchmark_group("open_load_day");
    for n in SIZES {
        let Some(path) = db(n) else { continue };
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let store = Store::open(&path).unwrap();
                let app = App::new(settings(), &store, now(), Some(date())).unwrap();
                black_box(app.calls.len() + app.queue.len())
            })
        });
    }
    g.finish();
}

/// A scratch copy of the largest database with the week after the
/// generated day booked solid: a calendar block for the rest of today, then
/// a call every half hour, day and night, for seven days but the last slot.
fn scratch() -> Option<(tempfile::TempDir, PathBuf)> {
    let src = SIZES.iter().rev().find_map(|&n| db(n))?;
    let tmp = tempfile::Builder::new()
        .prefix("callsheet-bench-")
        .tempdir_in(dir())
        .unwrap();
    let path = tmp.path().join("scratch.sqlite3");
    std::fs::copy(&src, &path).unwrap();
    let store = Store::open(&path).unwrap();
    let candidate = store
        .calls_between(now(), now() + Duration::days(1))
        .unwrap()[0]
        .candidate
        .id;
    let tomorrow = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    store
        .add_busy(
            Interval::new(now() + Duration::minutes(30), tomorrow),
            "off-site",
        )
        .unwrap();
    let week: Vec<BulkCall> = (0..7 * 48 - 1)
        .map(|k| BulkCall {
            candidate_id: candidate,
            role_id: None,
            start: tomorrow + Duration::minutes(30 * k),
            minutes: 30,
            outcome: Outcome::Scheduled,
            marked_at: None,
            note: None,
            callback: None,
        })
        .collect();
    store.bulk_calls(&week).unwrap();
    Some((tmp, path))
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn mark_and_slots(c: &mut Criterion) {
    let Some((_tmp, path)) = scratch() else {
        return;
    };
    let store = Store::open(&path).unwrap();
    let keymap = Keymap::default();
    let mut app = App::new(settings(), &store, now(), Some(date())).unwrap();
    // A call still to come today (scheduled), so `v` marks it directly.
    let target = app
        .calls
        .iter()
        .position(|c| c.outcome == Outcome::Scheduled)
        .expect("a scheduled call on the generated day");
    c.bench_function("mark_key_to_commit", |b| {
        b.iter_custom(|iters| {
            let mut total = StdDuration::ZERO;
            for _ in 0..iters {
                app.call_sel = Some(target);
                let t = Instant::now();
                let action = keymap.action_for(&app, &key('v')).expect("v is bound");
                update(&mut app, &store, action, now());
                total += t.elapsed();
                assert_eq!(
                    app.calls[target].outcome,
                    Outcome::Voicemail,
                    "{:?}",
                    app.status.as_ref().map(|s| &s.text)
                );
                let undo = keymap.action_for(&app, &key('u')).expect("u is bound");
                update(&mut app, &store, undo, now());
            }
            total
        })
    });

    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| callsheet::ui::render(&app, &keymap, f))
        .unwrap();
    c.bench_function("render_day_120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|f| callsheet::ui::render(&app, &keymap, f))
                .unwrap();
        })
    });

    // Queue a callback on today's call, then search the booked week for it.
    app.call_sel = Some(target);
    let action = keymap.action_for(&app, &key('v')).unwrap();
    update(&mut app, &store, action, now());
    let queue = store
        .open_callbacks(now(), chrono_tz::Europe::London)
        .unwrap();
    let cb = queue
        .iter()
        .find(|q| q.origin_screen_id == Some(app.calls[target].id))
        .expect("the callback just queued");
    let rules = settings().rules;
    let probe = store.free_slots_for(cb.id, now(), &rules, 3).unwrap();
    eprintln!("free slots on the booked week: {probe:?}");
    c.bench_function("free_slots_booked_week", |b| {
        b.iter(|| black_box(store.free_slots_for(cb.id, now(), &rules, 3).unwrap()))
    });
}

/// Names as a recruiter types them, key by key: a common first name with
/// a common surname, one with a two-word surname, and accents throughout.
const TYPED_NAMES: [&str; 3] = ["tomás garcía", "priya patel", "zoë ó briain"];

fn candidate_search(c: &mut Criterion) {
    let Some(path) = SIZES.iter().rev().find_map(|&n| db(n)) else {
        return;
    };
    let store = Store::open(&path).unwrap();
    let mut g = c.benchmark_group("candidate_search");
    g.warm_up_time(StdDuration::from_millis(500));
    g.measurement_time(StdDuration::from_secs(1));
    let mut bench = |kind: &str, q: &str| {
        let n = store.search_candidates(q, now(), 50).unwrap().len();
        eprintln!("candidate_search {kind} {q:?}: {n} hits");
        g.bench_function(format!("{kind}/{q}"), |b| {
            b.iter(|| black_box(store.search_candidates(q, now(), 50).unwrap()))
        });
    };
    // Every keystroke but the spaces (which leave the query as it was).
    let keystrokes = |text: &str| -> Vec<String> {
        text.char_indices()
            .map(|(i, ch)| text[..i + ch.len_utf8()].to_string())
            .filter(|q| !q.ends_with(' '))
            .collect()
    };
    for name in TYPED_NAMES {
        for q in keystrokes(name) {
            bench("name", &q);
        }
    }
    // Someone's number typed from the front as written ("+44 7700 …"),
    // and their last four digits.
    let phone = store
        .candidate(123_457)
        .map(|c| c.phone)
        .unwrap_or_default();
    for q in keystrokes(&phone).iter().filter(|q| q.as_str() != "+") {
        bench("phone_front", q);
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let last4 = &digits[digits.len().saturating_sub(4)..];
    for k in 1..=last4.len() {
        bench("phone_end", &last4[..k]);
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(StdDuration::from_secs(1))
        .measurement_time(StdDuration::from_secs(4));
    targets = open_load_day, mark_and_slots, candidate_search
}
criterion_main!(benches);
