//! Names kept whole (issue 12): a name with an emoji ZWJ sequence, one
//! with combining marks, a Persian name with a zero-width non-joiner and
//! a decomposed Hangul name go through import (CSV and .ics), the store
//! and JSON byte for byte, reach the screen in its one safe form with every
//! row aligned, and a decomposed name is found by a composed query.

mod common;

use callsheet::app::App;
use callsheet::import::{csv, ics, Context};
use callsheet::store::Store;
use callsheet::ui::Theme;
use common::{draw, mon, run_at, settings};

const ZWJ: &str = "👩🏽\u{200D}💻 Ana Souza";
const COMBINING: &str = "Zoe\u{308} Ze\u{301}\u{302}lgo";
const ZWNJ: &str = "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0645} Rahimi";
/// 한국 decomposed into its jamo.
const HANGUL_NFD: &str = "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8} Kim";
const NAMES: [&str; 4] = [ZWJ, COMBINING, ZWNJ, HANGUL_NFD];

fn ctx() -> Context {
    Context {
        zone: chrono_tz::Europe::London,
        slot_minutes: 30,
    }
}

fn csv_text() -> String {
    let mut s = String::from("start,candidate,phone\n");
    for (i, n) in NAMES.iter().enumerate() {
        s.push_str(&format!("2026-11-23 1{i}:00,{n},+44 20 7946 03{i:02}\n"));
    }
    s
}

fn stored_names(store: &Store) -> Vec<String> {
    store
        .calls_between(mon("00:00"), mon("23:59"))
        .unwrap()
        .into_iter()
        .map(|c| c.candidate.name)
        .collect()
}

#[test]
fn names_are_byte_exact_through_csv_import_and_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    let rows = csv::parse("names.csv", csv_text().as_bytes(), &ctx()).unwrap();
    store.import(&rows, mon("07:00"), false).unwrap();
    assert_eq!(stored_names(&store), NAMES);
    // Read again from the file by a fresh store.
    drop(store);
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    assert_eq!(stored_names(&store), NAMES);
}

#[test]
fn names_are_byte_exact_through_ics_import() {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for (i, n) in NAMES.iter().enumerate() {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:n{i}\r\nDTSTART:20261123T1{i}0000Z\r\nDTEND:20261123T1{i}3000Z\r\n\
             SUMMARY:Phone screen: {n}\r\nLOCATION:+44 20 7946 03{i:02}\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let cal = ics::parse(
        "names.ics",
        text.as_bytes(),
        &ctx(),
        &ics::Options::around(mon("07:00")),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    store.import_calendar(&cal, mon("07:00"), false).unwrap();
    assert_eq!(stored_names(&store), NAMES);
}

#[test]
fn names_are_byte_exact_in_the_cli_json() {
    let tmp = tempfile::tempdir().unwrap();
    let csv_path = tmp.path().join("names.csv");
    std::fs::write(&csv_path, csv_text()).unwrap();
    let db = tmp.path().join("db.sqlite3");
    let r = run_at(tmp.path(), &db, &["import", csv_path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_at(
        tmp.path(),
        &db,
        &[
            "day",
            "--date",
            "2026-11-23",
            "--json",
            "--now",
            "2026-11-23T08:00:00Z",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The joiners travel escaped, never raw on a terminal.
    assert!(!r.stdout.contains('\u{200D}') && !r.stdout.contains('\u{200C}'));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut names = Vec::new();
    collect_names(&v, &mut names);
    for n in NAMES {
        assert!(names.iter().any(|x| x == n), "{n:?} not in {names:?}");
    }
}

fn collect_names(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "name" {
                    if let Some(s) = x.as_str() {
                        out.push(s.to_string());
                    }
                }
                collect_names(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_names(x, out)),
        _ => {}
    }
}

#[test]
fn names_reach_the_screen_in_their_safe_form_and_rows_stay_aligned() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    let rows = csv::parse("names.csv", csv_text().as_bytes(), &ctx()).unwrap();
    store.import(&rows, mon("07:00"), false).unwrap();
    let app = App::new(settings(), &store, mon("08:00"), None).unwrap();
    let term = draw(&app, &Theme::colored(), 100, 30);
    let buf = term.backend().buffer();
    let rows: Vec<String> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let screen = rows.join("\n");
    // Terminals draw a ZWJ sequence as its pictures side by side (and
    // disagree on skin tones), so the screen shows exactly that form.
    let shown = |n: &str| callsheet::sanitize::screen(n, false);
    assert_eq!(shown(ZWJ), "👩💻 Ana Souza");
    // Wide characters leave a blank cell after them: compare without
    // spaces.
    let squeezed: Vec<String> = rows.iter().map(|r| r.replace(' ', "")).collect();
    for n in NAMES {
        let want = shown(n).replace(' ', "");
        assert!(
            squeezed.iter().any(|r| r.contains(&want)),
            "{want:?} not on screen:\n{screen}"
        );
    }
    assert_eq!(
        shown(COMBINING),
        COMBINING,
        "combining marks are drawn as they are"
    );
    // Every row is exactly the terminal's width as a terminal draws it:
    // a wide symbol takes its cell and hides the next one.
    for y in 0..buf.area.height {
        let (mut x, mut w) = (0u16, 0usize);
        while x < buf.area.width {
            let cw = unicode_width::UnicodeWidthStr::width(buf[(x, y)].symbol()).max(1);
            w += cw;
            x += cw as u16;
        }
        assert_eq!(w, buf.area.width as usize, "row {y}:\n{screen}");
    }
}

#[test]
fn a_decomposed_name_is_found_by_a_composed_query() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    let rows = csv::parse("names.csv", csv_text().as_bytes(), &ctx()).unwrap();
    store.import(&rows, mon("07:00"), false).unwrap();
    for q in ["\u{D55C}\u{AD6D}", "\u{D55C}", HANGUL_NFD] {
        let hits = store.search_candidates(q, mon("08:00"), 5).unwrap();
        let names: Vec<&str> = hits.iter().map(|h| h.candidate.name.as_str()).collect();
        assert_eq!(names, [HANGUL_NFD], "query {q:?}");
    }
    // And a composed "Zoë" finds the decomposed one.
    let hits = store
        .search_candidates("Zo\u{EB}", mon("08:00"), 5)
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].candidate.name, COMBINING);
}
