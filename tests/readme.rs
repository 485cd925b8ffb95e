//! The generated parts of the docs: a text capture of each main view
//! (drawn by the real renderer from the demo day at a fixed clock) in
//! `docs/screens.md`, the key table (from the one key table the app uses)
//! in `docs/keys.md` and the config reference (the example file `callsheet
//! config --init` writes) in `docs/config.md`. The README links to them and
//! keeps its own text short. This test fails when any of them drifts;
//! `UPDATE_README=1 cargo test --test readme` rewrites them in place.

use callsheet::app::{update::update, Action, App};
use callsheet::config::{example, Settings};
use callsheet::keymap::Keymap;
use callsheet::store::Store;
use callsheet::ui::{render_with, Theme};
use chrono::{DateTime, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A working Monday morning, London.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T11:10:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The screen as text, one line per row, wide characters counted once and
/// trailing spaces trimmed.
fn capture(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render_with(app, &Keymap::default(), &Theme::plain(), f))
        .unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut x = 0;
        while x < w {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += (sym.width() as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn demo_app() -> (Store, App) {
    let store = Store::open_in_memory().unwrap();
    let settings = Settings::with_zone(chrono_tz::Europe::London);
    let summary = callsheet::demo::populate(&store, now(), &settings).unwrap();
    // The demo makes no promises: three, one of them overdue, made last week.
    let app = App::new(settings.clone(), &store, now(), Some(summary.date)).unwrap();
    let made = DateTime::parse_from_rfc3339("2026-11-18T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    for (name, what, due, hm) in [
        (
            "Priya Raghunathan",
            "update after the hiring manager's feedback",
            day(20),
            true,
        ),
        ("José Müller", "send the take-home brief", day(24), false),
        (
            "Zoë Ó Briain",
            "tell her the panel's decision",
            day(27),
            true,
        ),
    ] {
        let call = app
            .calls
            .iter()
            .find(|c| c.candidate.name == name)
            .unwrap_or_else(|| panic!("{name} is in the demo"));
        store
            .add_promise(
                call.candidate.id,
                Some(call.id),
                what,
                due,
                hm,
                made,
                &settings.rules.hours,
            )
            .unwrap();
    }
    let app = App::new(settings, &store, now(), Some(summary.date)).unwrap();
    (store, app)
}

fn screens() -> String {
    let mut out = String::new();
    let mut shot = |title: &str, what: &str, app: &App, w: u16, h: u16| {
        out.push_str(&format!(
            "**{title}** ({w}×{h}): {what}\n\n```text\n{}```\n\n",
            capture(app, w, h)
        ));
    };
    let (_store, app) = demo_app();
    shot(
        "The day and the callback queue",
        "the queue stands beside the day from 100 columns",
        &app,
        120,
        28,
    );
    shot(
        "A narrow terminal",
        "the focused list takes the width; Tab switches",
        &app,
        80,
        24,
    );
    let steps: [(&str, &str, &[Action]); 5] = [
        (
            "Candidate record",
            "Enter on a call or callback",
            &[Action::OpenDetail],
        ),
        (
            "Promises",
            "P: what you promised, soonest due first",
            &[Action::TogglePromises],
        ),
        (
            "Close the loop",
            "O: what you owe people",
            &[Action::ToggleOwed],
        ),
        ("Report", "R: the week in numbers", &[Action::OpenReport]),
        (
            "Help",
            "?: every key, from the key table",
            &[Action::ToggleHelp],
        ),
    ];
    for (title, what, actions) in steps {
        let (store, mut view) = demo_app();
        for a in actions {
            update(&mut view, &store, a.clone(), now());
        }
        assert!(
            view.status
                .as_ref()
                .is_none_or(|s| s.kind != callsheet::app::StatusKind::Error),
            "{title}: {:?}",
            view.status
        );
        shot(title, what, &view, 100, 30);
    }
    out
}

fn keys() -> String {
    let mut out = String::from("| Where | Keys | Does |\n|---|---|---|\n");
    for (section, rows) in Keymap::default().help() {
        for (keys, what) in rows {
            let keys: Vec<String> = keys
                .split(' ')
                .filter(|k| !k.is_empty())
                .map(|k| match k {
                    "or" => k.to_string(),
                    _ => format!("`{}`", k.replace('|', "\\|")),
                })
                .collect();
            out.push_str(&format!(
                "| {section} | {} | {} |\n",
                keys.join(" "),
                what.replace('|', "\\|")
            ));
        }
    }
    out
}

fn config() -> String {
    format!("```toml\n{}```\n", example())
}

/// Replaces the text between `<!-- generated:NAME -->` and
/// `<!-- /generated:NAME -->` in `doc` (named `file` in messages).
fn splice(file: &str, doc: &str, name: &str, body: &str) -> String {
    let open = format!("<!-- generated:{name} -->\n");
    let close = format!("<!-- /generated:{name} -->");
    let start = doc
        .find(&open)
        .unwrap_or_else(|| panic!("{file} has no {open:?} marker"))
        + open.len();
    let end = doc[start..]
        .find(&close)
        .unwrap_or_else(|| panic!("{file} has no {close:?} marker"))
        + start;
    format!("{}{body}{}", &doc[..start], &doc[end..])
}

#[test]
fn readme_captures_keys_and_config_are_current() {
    let mut stale = Vec::new();
    for (file, name, body) in [
        ("docs/screens.md", "screens", screens()),
        ("docs/keys.md", "keys", keys()),
        ("docs/config.md", "config", config()),
    ] {
        let path = format!("{ROOT}/{file}");
        let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        let want = splice(file, &doc, name, &body);
        if want == doc {
            continue;
        }
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let line = doc
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        stale.push(format!("{file} is out of date from line {line}"));
    }
    assert!(
        stale.is_empty(),
        "{}: run `UPDATE_README=1 cargo test --test readme` and read the diff",
        stale.join("; ")
    );
}
