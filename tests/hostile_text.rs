//! Hostile text (issue 6, item 4): names, roles, phones, notes, reasons,
//! promises and busy summaries full of terminal escapes, C1 controls, bidi
//! overrides, zero-width characters, 10 000-character strings and wide,
//! combining and emoji text.
//!
//! They arrive two ways: through the real importers (a CSV and an .ics file
//! imported by the binary), and written straight into the database with
//! SQL, as another tool or an older version could have left them, so the
//! screen's own cleaning is tested and not only the importer's.
//!
//! Every view is then drawn into a `TestBackend` at three sizes, and must
//! hold: no control, bidi or zero-width character in any cell; every row
//! is exactly the terminal's width when printed the way a terminal prints
//! it (a wide character takes two columns, nothing takes zero); every
//! vertical border sits under a corner of its box. The CLI's text output
//! has no control characters either, and the CSV export defuses formulas.

mod common;

use callsheet::app::update::update;
use callsheet::app::{Action, App, EditKey, Focus, Mode};
use callsheet::domain::{Outcome, Stage};
use callsheet::import::export::csv_cell;
use callsheet::store::Store;
use callsheet::ui::Theme;
use common::{draw, mon, settings};
use ratatui::buffer::Buffer;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// One of each kind of hostile text (the long one is built in `nasty`).
const EVIL: [&str; 13] = [
    "Eve\x1b[2J\x1b[H Mallory",
    "Osc\x1b]52;c;ZXZpbA==\x07 Clipboard",
    "Link\x1b]8;;https://evil.example/\x1b\\Click\x1b]8;;\x1b\\ Here",
    "Title\x1b]0;pwned\x07\x1b]2;pwned\x1b\\ Change",
    "Bell\x07\x07 Ringer\r\n\tTab",
    "Cee\u{9b}31mOne \u{9d}0;x\u{9c}\u{85}Next",
    "Bidi \u{202e}kcilc\u{202c} \u{2066}iso\u{2069} \u{2067}x\u{2068}\u{2069}",
    "Zero\u{200b}\u{200d}\u{feff}\u{2060}Width",
    "王小明 Ｆｕｌｌ 김민준 中文名字很长很长很长 👍🏽 1️⃣ 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
    "Zoë Ze\u{301}\u{302}\u{303}\u{304}\u{305}lgo a\u{308}\u{20dd}",
    "👩‍💻 👨‍👩‍👧‍👦 🇬🇧🇯🇵 ❤️ ✔︎ 🏳️‍🌈 Dev",
    "❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️ ☎️☎️☎️☎️☎️☎️☎️☎️☎️☎️☎️☎️☎️",
    "=HYPERLINK(\"https://evil.example\",\"x\")",
];

/// The `i`-th hostile string (the 14th kind is 10 000 characters long).
fn nasty(i: usize) -> String {
    match i % (EVIL.len() + 1) {
        n if n < EVIL.len() => EVIL[n].to_string(),
        _ => "Long\u{1b}[5m".repeat(1700).chars().take(10_000).collect(),
    }
}

/// A character that must never reach a cell or the CLI's output.
fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{061C}' | '\u{2028}' | '\u{2029}')
}

fn cli(db: &Path, home: &Path, args: &[&str]) -> common::Run {
    common::run_at(home, db, args)
}

/// A CSV cell: quoted, with its quotes doubled.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Imports a hostile CSV and .ics with the binary, then books, marks,
/// flags and promises through the store, then overwrites every text column
/// with hostile text in SQL.
fn hostile_db(dir: &Path, offset: usize) -> std::path::PathBuf {
    let db = dir.join(format!("hostile{offset}.sqlite3"));
    let mut csv = String::from("start,candidate,phone,role,notes,timezone\n");
    for (i, hh) in ["08:00", "08:30", "09:00", "09:30", "10:30", "11:00"]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!(
            "2026-11-23 {hh},{},{},{},{},\n",
            q(&nasty(i)),
            q(&format!("+44 7700 90{i:04}\x1b[2J")),
            q(&nasty(i + 3)),
            q(&format!("{}\nline two\x07", nasty(i + 5))),
        ));
    }
    let csv_path = dir.join("hostile.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let r = cli(&db, dir, &["import", csv_path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "csv import: {}", r.stderr);
    assert!(
        !(r.stdout.clone() + &r.stderr)
            .chars()
            .any(|c| c != '\n' && is_hostile(c)),
        "import output: {:?}",
        r.stdout
    );

    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n");
    for (i, hh) in ["12", "13", "14", "15"].iter().enumerate() {
        let esc = |s: &str| {
            s.replace('\\', "\\\\")
                .replace(';', "\\;")
                .replace(',', "\\,")
                .replace('\n', "\\n")
                .replace('\r', "")
        };
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:h{i}@t\r\nDTSTART:20261123T{hh}0000Z\r\nDTEND:20261123T{hh}3000Z\r\n\
             SUMMARY:Phone screen: {}\r\nDESCRIPTION:{}\r\nLOCATION:+44 20 7946 00{i:02}\u{202e}\r\n\
             ATTENDEE;CN=\"{}\":mailto:x{i}@example.com\r\nEND:VEVENT\r\n",
            esc(&nasty(i + 6)),
            esc(&nasty(i + 2)),
            nasty(i + 7).replace(['"', '\r', '\n'], ""),
        ));
    }
    // A busy block with a hostile title.
    ics.push_str(&format!(
        "BEGIN:VEVENT\r\nUID:busy@t\r\nDTSTART:20261123T163000Z\r\nDTEND:20261123T170000Z\r\n\
         SUMMARY:Lunch {}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        nasty(3).replace(['\r', '\n', ',', ';'], "")
    ));
    let ics_path = dir.join("hostile.ics");
    std::fs::write(&ics_path, ics).unwrap();
    let r = cli(&db, dir, &["import", ics_path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "ics import: {}\n{}", r.stderr, r.stdout);

    // Marks, callbacks, a do-not-call flag, stages and promises so every
    // view has rows.
    let store = Store::open(&db).unwrap();
    let rules = settings().rules;
    let calls = store
        .calls_between(mon("00:00"), mon("23:59"))
        .expect("calls");
    assert!(calls.len() >= 9, "imported calls: {}", calls.len());
    let t = mon("09:40");
    store
        .mark(calls[0].id, Outcome::Answered, t, &rules)
        .unwrap();
    store
        .mark(calls[1].id, Outcome::Voicemail, t, &rules)
        .unwrap();
    store.mark(calls[2].id, Outcome::NoShow, t, &rules).unwrap();
    store
        .set_do_not_call(calls[4].candidate.id, true, Some("asked"), t)
        .unwrap();
    store
        .set_stage(calls[0].candidate.id, Stage::RejectedNotTold, t)
        .unwrap();
    for (i, c) in calls.iter().take(4).enumerate() {
        store
            .add_promise(
                c.candidate.id,
                Some(c.id),
                "send the job spec",
                mon("09:00").date_naive() + chrono::Days::new(i as u64),
                i % 2 == 0,
                t,
                &rules.hours,
            )
            .unwrap();
        store.set_call_note(c.id, "note", t).unwrap();
        store
            .set_candidate_note(c.candidate.id, "about", t)
            .unwrap();
    }
    drop(store);

    // Now as hostile as the database can hold, behind the store's back.
    let conn = rusqlite::Connection::open(&db).unwrap();
    // (table, column, offset into the hostile list)
    for (table, column, k) in [
        ("candidates", "name", 0),
        ("candidates", "dnc_reason", 1),
        ("roles", "title", 2),
        ("notes", "body", 3),
        ("promises", "what", 5),
        ("busy", "summary", 6),
    ] {
        let ids: Vec<i64> = conn
            .prepare(&format!("SELECT id FROM {table}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for id in ids {
            let mut text = nasty(id as usize + k + offset);
            if column == "body" {
                text = format!("{text}\n{}", nasty(id as usize + k + offset + 1));
            }
            if column == "title" {
                // Role titles are unique.
                text = format!("{text}{id}");
            }
            if column == "dnc_reason" {
                conn.execute(
                    "UPDATE candidates SET dnc_reason = ?1 WHERE id = ?2 AND do_not_call",
                    rusqlite::params![text, id],
                )
                .unwrap();
                continue;
            }
            conn.execute(
                &format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"),
                rusqlite::params![text, id],
            )
            .unwrap();
        }
    }
    conn.execute(
        "UPDATE candidates SET phone = '+1 555' || char(27) || '[2J ' || id || char(155)",
        [],
    )
    .unwrap();
    db
}

/// The printed width of row `y`, walking it the way ratatui's backends
/// print it: a cell of width w hides the w-1 cells after it. Fails on a
/// cell that would print nothing (the rest of the row would shift left).
fn row_width(buf: &Buffer, y: u16) -> Result<usize, String> {
    let mut x = 0u16;
    let mut used = 0usize;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol();
        let w = UnicodeWidthStr::width(sym);
        if w == 0 {
            return Err(format!("zero-width cell {sym:?} at ({x}, {y})"));
        }
        used += w;
        x += w as u16;
    }
    Ok(used)
}

fn line_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

const VERTICAL: [&str; 3] = ["│", "┃", "║"];

/// Where the first cell of `needle` (one symbol per char) starts in row `y`.
fn find_in_row(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let n: Vec<String> = needle.chars().map(String::from).collect();
    (0..buf.area.width.saturating_sub(n.len() as u16))
        .find(|&x| (0..n.len()).all(|i| buf[(x + i as u16, y)].symbol() == n[i]))
}

/// What must hold for every drawn screen.
fn assert_clean_and_aligned(buf: &Buffer, what: &str) {
    let screen: Vec<String> = (0..buf.area.height).map(|y| line_text(buf, y)).collect();
    let show = || screen.join("\n");
    // Variation selectors and skin tones: terminals disagree on their
    // width, so the screen leaves them out (see `sanitize::screen`).
    let ambiguous = |c: char| matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}');
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(|c| is_hostile(c) || ambiguous(c)),
            "{what}: unsafe {:?} on screen:\n{}",
            cell.symbol(),
            show()
        );
    }
    for y in 0..buf.area.height {
        match row_width(buf, y) {
            Ok(w) => assert_eq!(
                w,
                buf.area.width as usize,
                "{what}: row {y} prints {w} columns:\n{}",
                show()
            ),
            Err(e) => panic!("{what}: {e}:\n{}", show()),
        }
    }
    // A row that starts inside a box ends inside one: the right border is
    // in the last column, where the top right corner is.
    let last = buf.area.width - 1;
    for y in 0..buf.area.height {
        if VERTICAL.contains(&buf[(0, y)].symbol()) {
            assert!(
                VERTICAL.contains(&buf[(last, y)].symbol()),
                "{what}: row {y} does not end on the border:\n{}",
                show()
            );
        }
    }
}

/// In the day list, every phone starts in the same column (the phones
/// are `+1 555…`, with `DNC ` before a do-not-call one).
fn assert_phone_column(buf: &Buffer, what: &str) {
    let xs: Vec<u16> = (0..buf.area.height)
        .filter(|&y| buf[(0, y)].symbol() == "┃")
        .filter_map(|y| {
            find_in_row(buf, y, "DNC +1")
                .or_else(|| find_in_row(buf, y, "+1 555"))
                .or_else(|| find_in_row(buf, y, "+1 5"))
        })
        .collect();
    assert!(xs.len() >= 4, "{what}: too few phones: {xs:?}");
    assert!(
        xs.windows(2).all(|w| w[0] == w[1]),
        "{what}: phones in columns {xs:?}:\n{}",
        (0..buf.area.height)
            .map(|y| line_text(buf, y))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// How to reach each view from the day, as the recruiter would.
fn journeys() -> Vec<(&'static str, Vec<Action>)> {
    use Action::*;
    vec![
        ("day", vec![]),
        ("queue", vec![SwitchFocus]),
        ("detail", vec![OpenDetail]),
        ("detail scrolled", vec![OpenDetail, PageDown, PageDown]),
        ("queue detail", vec![SwitchFocus, OpenDetail]),
        ("call note", vec![EditCallNote]),
        ("candidate note", vec![EditCandidateNote]),
        ("help", vec![ToggleHelp]),
        ("outcome menu", vec![OutcomeMenu]),
        ("outcome menu bottom", vec![OutcomeMenu, Bottom]),
        ("reschedule", vec![Reschedule]),
        ("reschedule reasons", vec![Reschedule, Choose]),
        ("slot picker", vec![SwitchFocus, PlaceCallback]),
        ("drop reason", vec![SwitchFocus, DropCallback]),
        ("promises", vec![TogglePromises]),
        ("promises moved", vec![TogglePromises, Down, MovePromise]),
        ("owed", vec![ToggleOwed]),
        ("report", vec![OpenReport]),
        ("report week before", vec![OpenReport, PrevWeek]),
        ("search", vec![OpenSearch]),
        ("search results", vec![OpenSearch, Edit(EditKey::Char('e'))]),
        ("search long", vec![OpenSearch, Edit(EditKey::Char('L'))]),
        ("do-not-call", vec![ToggleDoNotCall]),
        ("stage picker", vec![OpenDetail, SetStage]),
        ("promise form", vec![AddPromise]),
        ("status after a mark", vec![Mark(Outcome::Voicemail)]),
        ("queue status", vec![SwitchFocus, SnoozeCallback]),
    ]
}

#[test]
fn every_view_of_hostile_data_draws_clean_and_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let now = mon("09:40");
    let mut drawn = 0;
    // Twice, shifted, so every kind of hostile text is a name once.
    for offset in [0, 5] {
        drawn += draw_every_view(&hostile_db(dir.path(), offset), now);
    }
    assert!(drawn > 1000, "only {drawn} screens drawn");
}

fn draw_every_view(db: &Path, now: chrono::DateTime<chrono::Utc>) -> usize {
    let store = Store::open(db).unwrap();
    let calls = App::new(settings(), &store, now, None).unwrap().calls.len();
    let mut drawn = 0;
    for (name, actions) in journeys() {
        // From every call on the day, so each hostile row is the selected
        // one (the detail, note and forms show the selected candidate).
        for start in 0..calls {
            let mut app = App::new(settings(), &store, now, None).unwrap();
            app.focus = Focus::Day;
            app.call_sel = Some(start);
            app.queue_sel = (!app.queue.is_empty()).then(|| start % app.queue.len());
            for a in &actions {
                update(&mut app, &store, a.clone(), now);
            }
            if matches!(name, "detail" | "promises" | "owed" | "report" | "help") {
                assert!(
                    !matches!(app.mode, Mode::Normal),
                    "{name} did not open: {:?}",
                    app.status
                );
            }
            for (w, h) in [(80, 24), (120, 40), (43, 17)] {
                let t = draw(&app, &Theme::colored(), w, h);
                let what = format!("{name} from call {start} at {w}x{h}");
                assert_clean_and_aligned(t.backend().buffer(), &what);
                if name == "day" && w >= 80 {
                    assert_phone_column(t.backend().buffer(), &what);
                }
                drawn += 1;
            }
        }
    }
    drawn
}

#[test]
fn cli_text_output_has_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path(), 0);
    for args in [
        vec!["day"],
        vec!["day", "--date", "2026-11-24"],
        vec!["callbacks"],
        vec!["promises"],
        vec!["owed"],
        vec!["report"],
        vec!["day", "--json"],
        vec!["callbacks", "--json"],
        vec!["promises", "--json"],
        vec!["owed", "--json"],
        vec!["export", "--ics", "--day", "2026-11-23"],
        vec!["export", "--csv", "--day", "2026-11-23"],
        vec!["export", "--csv", "--callbacks"],
    ] {
        let r = cli(&db, dir.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.len() > 40, "{args:?} printed little: {}", r.stdout);
        // Line ends are the only control characters allowed (CR LF in the
        // iCalendar and CSV files by their specs).
        let bad: Vec<char> = r
            .stdout
            .chars()
            .chain(r.stderr.chars())
            .filter(|&c| c != '\n' && c != '\r' && is_hostile(c))
            .collect();
        assert!(bad.is_empty(), "{args:?}: {bad:?} in\n{}", r.stdout);
        if args.contains(&"--json") {
            let v: serde_json::Value = serde_json::from_str(&r.stdout)
                .unwrap_or_else(|e| panic!("{args:?}: bad JSON {e}"));
            assert!(!v.is_null());
        }
    }
}

/// Every cell of an exported CSV: none a spreadsheet would run.
fn assert_defused(csv: &str) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv.as_bytes());
    let mut cells = 0;
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            cells += 1;
            let first = cell.trim_start().chars().next();
            assert!(
                !matches!(
                    first,
                    Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
                ),
                "live formula cell {cell:?}"
            );
            assert!(!cell.chars().any(is_hostile), "control in {cell:?}");
        }
    }
    assert!(cells >= 10, "too few cells: {csv}");
}

#[test]
fn csv_export_defuses_formulas_in_every_cell() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path(), 0);
    // Cells that start with a formula, after whitespace, tab or CR too.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE candidates SET name = CASE id % 5
             WHEN 0 THEN '=1+2'
             WHEN 1 THEN char(9) || '=cmd|'' /C calc''!A0'
             WHEN 2 THEN char(13) || '@SUM(A1:A9)'
             WHEN 3 THEN '  -2+3'
             ELSE '＝HYPERLINK(\"x\")' END,
             phone = '+44 20 7946 0' || id;",
    )
    .unwrap();
    for args in [
        vec!["export", "--csv", "--day", "2026-11-23"],
        vec!["export", "--csv", "--callbacks"],
    ] {
        let r = cli(&db, dir.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_defused(&r.stdout);
    }
}

#[test]
fn a_defused_cell_reads_back_as_itself() {
    for s in [
        "+44 20 7946 0000",
        "=SUM(A1)",
        "-1",
        "@home",
        "Ana Souza",
        "'quoted'",
        "",
    ] {
        let cell = csv_cell(s);
        let back = callsheet::import::csv::undefuse(&cell);
        assert_eq!(back, s, "{s:?} → {cell:?} → {back:?}");
    }
}

/// A phone exported as `'+44 …` (so a spreadsheet keeps the plus) is read
/// back as `+44 …` when the recruiter imports a sheet built from the export.
#[test]
fn exported_phones_import_back_without_the_quote() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::seeded(dir.path());
    let rules = settings().rules;
    let ana = common::call_at(&store, "09:00");
    store
        .mark(ana, Outcome::Voicemail, mon("09:40"), &rules)
        .unwrap();
    drop(store);
    let r = cli(&db, dir.path(), &["export", "--csv", "--day", "2026-11-23"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rd = csv::Reader::from_reader(r.stdout.as_bytes());
    let row = rd.records().next().expect("one attempt").unwrap();
    let col = |name: &str| {
        callsheet::import::export::LOG_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap()
    };
    let (name, phone) = (&row[col("candidate")], &row[col("phone")]);
    assert_eq!(phone, "'+44 20 7946 0001");
    // The sheet the recruiter builds from the export, imported again.
    let sheet = dir.path().join("again.csv");
    std::fs::write(
        &sheet,
        format!("start,candidate,phone\n2026-11-24 10:00,{name},{phone}\n"),
    )
    .unwrap();
    let other = dir.path().join("other.sqlite3");
    let r = cli(&other, dir.path(), &["import", sheet.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let store = Store::open(&other).unwrap();
    let calls = store
        .calls_between(
            common::at("2026-11-24T00:00:00Z"),
            common::at("2026-11-25T00:00:00Z"),
        )
        .unwrap();
    assert_eq!(calls[0].candidate.phone, "+44 20 7946 0001");
    assert_eq!(calls[0].candidate.name, "Ana Souza");
}

#[test]
fn a_csv_that_is_not_utf8_is_refused_cleanly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::seeded(dir.path());
    drop(store);
    let before = std::fs::read(&db).unwrap();
    let path = dir.path().join("c1.csv");
    let mut bytes = b"start,candidate,phone\n2026-11-24 10:00,Bad".to_vec();
    bytes.extend_from_slice(&[0x9b, b'2', b'J', 0x1b, b'[', b'3', b'1', b'm']);
    bytes.extend_from_slice(b" Name,+44 20 7946 0009\n");
    std::fs::write(&path, bytes).unwrap();
    let r = cli(&db, dir.path(), &["import", path.to_str().unwrap()]);
    assert_ne!(r.code, 0, "imported a non-UTF-8 file: {}", r.stdout);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        !r.stderr.chars().any(|c| c != '\n' && is_hostile(c)),
        "{:?}",
        r.stderr
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "database changed");
}

/// The escape sequences in what the app wrote to a real terminal: each
/// must be one the app itself uses (CSI: cursor, colours, modes), never an
/// OSC (title, clipboard, link), a BEL, a C1 control, or a bidi or
/// invisible character from the data.
fn assert_only_own_escapes(raw: &[u8]) {
    let text = String::from_utf8_lossy(raw);
    let mut chars = text.chars().peekable();
    let mut sequences = 0;
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                sequences += 1;
                match chars.next() {
                    Some('[') => {
                        // Parameters and intermediates, then a final byte.
                        let mut done = false;
                        for d in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&d) {
                                done = true;
                                break;
                            }
                            assert!(('\u{20}'..='\u{3f}').contains(&d), "bad CSI byte {d:?}");
                        }
                        assert!(done, "unterminated CSI");
                    }
                    // crossterm saves/restores the cursor with ESC 7 / ESC 8.
                    Some('7' | '8') => {}
                    other => panic!("escape sequence ESC {other:?} reached the terminal"),
                }
            }
            '\r' | '\n' => {}
            c => assert!(!is_hostile(c), "{c:?} reached the terminal"),
        }
    }
    assert!(sequences > 50, "too few escapes: is this the app's output?");
}

#[test]
fn hostile_names_in_a_real_terminal_change_nothing_but_text() {
    use common::tmux::{app_shell, Tmux, QUIET};
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path(), 5);
    let tmux = Tmux::new("hostile");
    let raw = dir.path().join("raw.out");
    let go = dir.path().join("go");
    // The app waits for `go`, so the pane's output is logged from its
    // first byte and OSC 52 would be allowed to set the clipboard.
    let cmd = format!(
        "while [ ! -e '{}' ]; do sleep 0.05; done; {}",
        go.display(),
        app_shell(dir.path(), &db, QUIET, "", "")
    );
    tmux.start(120, 40, &cmd);
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.run(&["set-option", "-g", "allow-rename", "on"]);
    tmux.run(&[
        "pipe-pane",
        "-o",
        "-t",
        "app",
        &format!("cat >> '{}'", raw.display()),
    ]);
    let title_before = tmux.format("#{pane_title}");
    std::fs::write(&go, "").unwrap();
    tmux.wait_for("Osc]52;c;ZXZpbA==");
    // Every view that shows a name, then back to the day.
    // Each key, and what shows once it is handled (none: only the frame).
    let mut open = None;
    for (key, shows) in [
        ("Enter", Some("┏ Candidate ·")),
        ("Escape", Some("┏ Day ·")),
        ("Tab", None),
        ("Enter", Some("┏ Candidate ·")),
        ("Escape", None),
        ("Tab", None),
        ("P", Some("Promised")),
        ("P", None),
        ("O", Some("Waited")),
        ("O", None),
        ("R", Some("┏ Report ·")),
        ("Escape", None),
        ("/", Some("Find a candidate")),
        ("e", Some("Find: e")),
        ("Escape", None),
        ("m", Some("╭ Outcome ·")),
        ("Escape", None),
        ("?", Some("╭ Keys")),
        ("Escape", None),
    ] {
        tmux.keys(&[key]);
        if let Some(needle) = shows {
            tmux.wait_for(needle);
        } else if let (Some(gone), "Escape") = (open, key) {
            // Esc closes what it closed before the next key is sent: an
            // Esc and a key that arrive together read as Alt+key.
            tmux.wait_until(&format!("{gone:?} closed"), |s| !s.contains(gone));
        }
        open = shows;
        tmux.assert_drawn_whole(120);
    }
    let plain = tmux.wait_for("Osc]52;c;ZXZpbA==");
    assert!(plain.contains("Zoë"), "{plain}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    tmux.run(&["pipe-pane", "-t", "app"]);
    assert_eq!(tmux.format("#{pane_title}"), title_before, "title changed");
    let buffers = tmux.run(&["list-buffers"]);
    assert!(
        String::from_utf8_lossy(&buffers.stdout).trim().is_empty(),
        "OSC 52 set a paste buffer: {}",
        String::from_utf8_lossy(&buffers.stdout)
    );
    let bytes = std::fs::read(&raw).unwrap();
    assert_only_own_escapes(&bytes);
}
