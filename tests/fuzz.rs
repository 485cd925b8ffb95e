//! Fuzzing on stable Rust (issue 6, item 7): the CSV importer, the
//! iCalendar importer and the keys → actions → update path.
//!
//! Each target first replays its corpus (`tests/fuzz/corpus/<target>/`,
//! real-world-ish and nasty files), then mutates corpus entries at random
//! (byte flips, inserts, deletes, splices, repeats and a dictionary of
//! format tokens) until its time is up: `CALLSHEET_FUZZ_SECS` seconds per
//! target (1 by default, so `cargo test` stays quick; `.ci/run` gives it
//! more in its own step). The seed is random unless `CALLSHEET_FUZZ_SEED`
//! is set, and is printed.
//!
//! What must hold:
//! - parsers: no panic; every call of an accepted file lasts 1..=1440
//!   minutes; importing it into a real store either commits, and then the
//!   store's text is clean of control, bidi and invisible characters, or
//!   changes nothing;
//! - keys: no panic in `Keymap::action_for`, `update` or drawing; the
//!   selections stay inside their lists; what the app shows after each key
//!   is what the database holds (a fresh `App` on the same store agrees);
//!   `PRAGMA integrity_check` is ok at the end.
//!
//! A failing input is printed (bytes as an escaped string, keys as a
//! `.keys` line) and written under the target's temp dir, ready to be added
//! to the corpus.

mod common;

use callsheet::app::update::update;
use callsheet::app::App;
use callsheet::import::{csv, ics, Context};
use callsheet::keymap::Keymap;
use callsheet::store::Store;
use callsheet::ui::Theme;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How long each target runs after its corpus.
fn budget() -> std::time::Duration {
    let secs = std::env::var("CALLSHEET_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0);
    std::time::Duration::from_secs_f64(secs)
}

fn seed() -> u64 {
    std::env::var("CALLSHEET_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..))
}

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    assert!(out.len() >= 3, "the {target} corpus is nearly empty");
    out
}

/// Format tokens the mutator splices in.
const DICTIONARY: &[&str] = &[
    ",",
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\r",
    "\t",
    ";",
    ":",
    "\\",
    "\\n",
    "\\,",
    " ",
    "start",
    "end",
    "candidate",
    "phone",
    "timezone",
    "role",
    "notes",
    "email",
    "2026-11-23 09:00",
    "2026-03-29 01:30",
    "2026-02-30",
    "T25:00",
    "+14:00",
    "Z",
    "America/New_York",
    "Mars/Olympus",
    "9999-12-31T23:59:59Z",
    "-0001-01-01",
    "BEGIN:VEVENT\r\n",
    "END:VEVENT\r\n",
    "BEGIN:VCALENDAR\r\n",
    "END:VCALENDAR\r\n",
    "BEGIN:VTIMEZONE\r\n",
    "END:VTIMEZONE\r\n",
    "DTSTART:",
    "DTEND:",
    "DTSTART;TZID=",
    "DURATION:P1W",
    "DURATION:-PT1M",
    "DURATION:P99999D",
    "RRULE:FREQ=MINUTELY;COUNT=99999",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "RRULE:FREQ=DAILY;UNTIL=20261301",
    "RECURRENCE-ID:",
    "EXDATE:",
    "RDATE;VALUE=PERIOD:",
    "STATUS:CANCELLED",
    "UID:",
    "SUMMARY:Phone screen: ",
    "ATTENDEE;CN=",
    "LOCATION:tel:+",
    "X-WR-TIMEZONE:",
    "TZOFFSETFROM:+2500",
    "20261123T090000",
    "20261123T090000Z",
    "19700101T000000",
    "\x1b[2J",
    "\x1b]52;c;AA==\x07",
    "\u{9b}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "王小明",
    "👩\u{200d}💻",
    "🇬🇧",
    "e\u{301}",
    "\u{0}",
    "\u{ffff}",
];

/// One random change to `input` (or a splice with `other`).
fn mutate(rng: &mut fastrand::Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..rng.usize(1..=4) {
        let at = rng.usize(..=v.len());
        match rng.u8(..8) {
            0 if !v.is_empty() => {
                let i = rng.usize(..v.len());
                v[i] ^= 1 << rng.u8(..8);
            }
            1 => {
                let n = rng.usize(1..8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.u8(..)).collect();
                v.splice(at..at, bytes);
            }
            2 if !v.is_empty() => {
                let end = (at + rng.usize(1..64)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if !other.is_empty() => {
                let a = rng.usize(..other.len());
                let b = (a + rng.usize(1..256)).min(other.len());
                v.splice(at..at, other[a..b].iter().copied());
            }
            4 if !v.is_empty() => {
                // Repeat a slice: long fields, many rows.
                let a = rng.usize(..v.len());
                let b = (a + rng.usize(1..128)).min(v.len());
                let piece = v[a..b].repeat(rng.usize(2..50));
                v.splice(b..b, piece);
            }
            5 if !v.is_empty() => {
                // Swap two lines.
                let s = String::from_utf8_lossy(&v).into_owned();
                let mut lines: Vec<&str> = s.split('\n').collect();
                let (i, j) = (rng.usize(..lines.len()), rng.usize(..lines.len()));
                lines.swap(i, j);
                v = lines.join("\n").into_bytes();
            }
            _ => {
                let t = DICTIONARY[rng.usize(..DICTIONARY.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
        }
    }
    v.truncate(256 * 1024);
    v
}

/// Text that must never come out of an importer.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn now() -> DateTime<Utc> {
    common::mon("09:40")
}

fn ctx() -> Context {
    Context {
        zone: chrono_tz::Europe::London,
        slot_minutes: 30,
    }
}

/// Every call in the store, as a comparable list.
fn all_calls(store: &Store) -> Vec<String> {
    let from = common::at("1900-01-01T00:00:00Z");
    let to = common::at("2200-01-01T00:00:00Z");
    let mut v: Vec<String> = store
        .calls_between(from, to)
        .unwrap()
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();
    v.sort();
    v
}

fn check_screens(rows: &[callsheet::store::NewScreen]) {
    for r in rows {
        assert!((1..=1440).contains(&r.minutes), "{} minutes", r.minutes);
    }
}

/// What the store holds is clean, whatever the parser handed it (the
/// store cleans on the way in).
fn check_stored(store: &Store) {
    let (from, to) = (
        common::at("1900-01-01T00:00:00Z"),
        common::at("2200-01-01T00:00:00Z"),
    );
    for c in store.calls_between(from, to).unwrap() {
        // A name keeps what is part of it (a ZWJ inside an emoji sequence,
        // issue 12): it must be what the name sanitiser leaves, and hold
        // nothing else unsafe.
        let name = &c.candidate.name;
        assert_eq!(&callsheet::sanitize::name(name), name, "stored {name:?}");
        assert!(
            !name.chars().any(|ch| ch != '\u{200d}' && unsafe_char(ch)),
            "stored {name:?}"
        );
        let texts = [
            &c.candidate.phone,
            c.role.as_ref().unwrap_or(&c.candidate.phone),
        ];
        for text in texts {
            assert!(!text.chars().any(unsafe_char), "stored {text:?}");
        }
        assert!(
            !c.note.chars().any(|ch| ch != '\n' && unsafe_char(ch)),
            "stored note {:?}",
            c.note
        );
    }
    for (_, summary) in store.busy_blocks(from, to).unwrap() {
        assert!(!summary.chars().any(unsafe_char), "stored busy {summary:?}");
    }
}

/// Imports into `store`: what it took in is clean; on an error nothing
/// may have changed.
fn import_all_or_nothing(store: &Store, write: impl FnOnce() -> bool) {
    let before = all_calls(store);
    if write() {
        check_stored(store);
    } else {
        assert_eq!(
            all_calls(store),
            before,
            "a refused import changed the store"
        );
    }
}

fn csv_case(store: &Store, bytes: &[u8]) {
    if let Ok(rows) = csv::parse("fuzz.csv", bytes, &ctx()) {
        check_screens(&rows);
        import_all_or_nothing(store, || store.import(&rows, now(), false).is_ok());
    }
}

fn ics_case(store: &Store, bytes: &[u8]) {
    if let Ok(cal) = ics::parse("fuzz.ics", bytes, &ctx(), &ics::Options::around(now())) {
        check_screens(&cal.screens);
        for b in &cal.busy {
            assert!(b.end > b.start, "busy block ends before it starts");
        }
        import_all_or_nothing(store, || store.import_calendar(&cal, now(), false).is_ok());
    }
}

/// How a target mutates its inputs, and how it prints one.
struct Format {
    mutate: fn(&mut fastrand::Rng, &[u8], &[u8]) -> Vec<u8>,
    show: fn(&[u8]) -> String,
}

const BYTES: Format = Format {
    mutate,
    show: |b| format!("b\"{}\"", b.escape_ascii()),
};

/// Runs `case` on the corpus, then on mutations, until the budget is
/// spent; on a panic prints the input, saves it and fails.
fn fuzz<S>(
    target: &str,
    format: Format,
    mut setup: impl FnMut() -> S,
    case: impl Fn(&mut S, &[u8]),
) {
    let seed = seed();
    let mut rng = fastrand::Rng::with_seed(seed);
    let corpus = corpus(target);
    let started = Instant::now();
    let mut runs = 0u64;
    let mut run = |name: &str, input: &[u8], runs: &mut u64| {
        let mut state = setup();
        let outcome = catch_unwind(AssertUnwindSafe(|| case(&mut state, input)));
        *runs += 1;
        if let Err(e) = outcome {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{target}-{seed}-{runs}"));
            std::fs::write(&file, input).unwrap();
            panic!(
                "fuzz {target}: {why}\nseed {seed} (CALLSHEET_FUZZ_SEED={seed}), input from {name}, \
                 saved to {}:\n{}",
                file.display(),
                (format.show)(input)
            );
        }
    };
    for (name, bytes) in &corpus {
        run(name, bytes, &mut runs);
    }
    let budget = budget();
    while started.elapsed() < budget {
        let (name, base) = &corpus[rng.usize(..corpus.len())];
        let other = &corpus[rng.usize(..corpus.len())].1;
        let input = (format.mutate)(&mut rng, base, other);
        run(&format!("a mutation of {name}"), &input, &mut runs);
    }
    eprintln!(
        "fuzz {target}: {runs} inputs in {:.1} s, seed {seed}",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn fuzz_csv_importer() {
    fuzz(
        "csv",
        BYTES,
        || Store::open_in_memory().unwrap(),
        |store, bytes| csv_case(store, bytes),
    );
}

#[test]
fn fuzz_ics_importer() {
    fuzz(
        "ics",
        BYTES,
        || Store::open_in_memory().unwrap(),
        |store, bytes| ics_case(store, bytes),
    );
}

// ------------------------------------------------------------------ keys

/// One step of a `.keys` file: a key, or the clock moving on.
#[derive(Debug, Clone)]
enum Step {
    Key(KeyEvent),
    /// `Tick+N`: N minutes pass.
    Tick(i64),
}

fn parse_key(tok: &str) -> Option<Step> {
    if let Some(n) = tok.strip_prefix("Tick+") {
        return n.parse().ok().map(Step::Tick);
    }
    let (mods, name) = match tok.split_once('-') {
        Some(("C", k)) if !k.is_empty() => (KeyModifiers::CONTROL, k),
        Some(("A", k)) if !k.is_empty() => (KeyModifiers::ALT, k),
        Some(("S", k)) if !k.is_empty() => (KeyModifiers::SHIFT, k),
        _ => (KeyModifiers::NONE, tok),
    };
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Insert" => KeyCode::Insert,
        "Space" => KeyCode::Char(' '),
        f if f.starts_with('F') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
        _ => return None,
    };
    Some(Step::Key(KeyEvent::new(code, mods)))
}

fn parse_keys(bytes: &[u8]) -> Vec<Step> {
    String::from_utf8_lossy(bytes)
        .split_whitespace()
        .filter_map(parse_key)
        .collect()
}

/// Tokens random key sequences are made of: every key the default map
/// uses and some it does not.
const KEY_TOKENS: &[&str] = &[
    "j",
    "k",
    "g",
    "G",
    "t",
    "[",
    "]",
    "a",
    "v",
    "n",
    "m",
    "r",
    "u",
    "e",
    "c",
    "i",
    "p",
    "P",
    "O",
    "R",
    "D",
    "S",
    "s",
    "d",
    "x",
    "y",
    "N",
    "/",
    "?",
    "1",
    "2",
    "3",
    "5",
    "9",
    "0",
    "q",
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Backspace",
    "Delete",
    "Space",
    "F1",
    "F5",
    "C-c",
    "C-s",
    "C-u",
    "C-a",
    "A-x",
    "A-q",
    "S-Tab",
    "é",
    "王",
    "👩",
    "\u{202e}",
    "Tick+1",
    "Tick+29",
    "Tick+300",
    "Tick+1440",
    "Tick+-60",
];

fn mutate_keys(rng: &mut fastrand::Rng, base: &[u8]) -> Vec<u8> {
    let mut toks: Vec<String> = String::from_utf8_lossy(base)
        .split_whitespace()
        .map(String::from)
        .collect();
    let random = |rng: &mut fastrand::Rng| KEY_TOKENS[rng.usize(..KEY_TOKENS.len())].to_string();
    for _ in 0..rng.usize(1..20) {
        let at = rng.usize(..=toks.len());
        match rng.u8(..4) {
            0 | 1 => toks.insert(at, random(rng)),
            2 if at < toks.len() => toks[at] = random(rng),
            _ if at < toks.len() => {
                toks.remove(at);
            }
            _ => {}
        }
    }
    toks.truncate(400);
    toks.join(" ").into_bytes()
}

/// A real store on disk with the fixed day, some callbacks and a promise.
struct KeysState {
    _dir: tempfile::TempDir,
    store: Store,
}

fn keys_setup() -> KeysState {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::seeded(dir.path());
    let rules = common::rules();
    let ana = common::call_at(&store, "09:00");
    store
        .mark(ana, callsheet::domain::Outcome::Voicemail, now(), &rules)
        .unwrap();
    KeysState { _dir: dir, store }
}

fn keys_case(state: &mut KeysState, bytes: &[u8]) {
    let store = &state.store;
    let keymap = Keymap::default();
    let mut t = now();
    let mut app = App::new(common::settings(), store, t, None).unwrap();
    for step in parse_keys(bytes) {
        match step {
            Step::Key(key) => {
                if let Some(action) = keymap.action_for(&app, &key) {
                    update(&mut app, store, action, t);
                }
            }
            Step::Tick(m) => {
                t += Duration::minutes(m);
                update(&mut app, store, callsheet::app::Action::Tick, t);
            }
        }
        if app.should_quit {
            break;
        }
        common::assert_app_is_the_store(&app, store, "after a key");
        common::draw(&app, &Theme::colored(), 80, 24);
    }
    common::draw(&app, &Theme::colored(), 120, 40);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// Sequences of real keys, not random bytes.
const KEYS: Format = Format {
    mutate: |rng, base, _| mutate_keys(rng, base),
    show: |b| format!("keys: {}", String::from_utf8_lossy(b)),
};

#[test]
fn fuzz_keys_through_update() {
    fuzz("keys", KEYS, keys_setup, keys_case);
}
