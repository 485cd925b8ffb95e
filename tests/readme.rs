//! The README's generated parts: a text capture of each main view (drawn
//! by the real renderer from the demo day at a fixed clock), the key table
//! (from the one key table the app uses) and the config reference (the
//! example file `callsheet config --init` writes). This test fails when
//! any of them drifts; `UPDATE_README=1 cargo test --test readme` rewrites
//! them in place.

use callsheet::app::{update::update, Action, App};
use callsheet::config::{example, Settings};
use callsheet::keymap::Keymap;
use callsheet::store::Store;
use callsheet::ui::{render_with, Theme};
use chrono::{DateTime, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

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
/// `<!-- /generated:NAME -->`.
fn splice(readme: &str, name: &str, body: &str) -> String {
    let open = format!("<!-- generated:{name} -->\n");
    let close = format!("<!-- /generated:{name} -->");
    let start = readme
        .find(&open)
        .unwrap_or_else(|| panic!("README.md has no {open:?} marker"))
        + open.len();
    let end = readme[start..]
        .find(&close)
        .unwrap_or_else(|| panic!("README.md has no {close:?} marker"))
        + start;
    format!("{}{body}{}", &readme[..start], &readme[end..])
}

#[test]
fn readme_captures_keys_and_config_are_current() {
    let readme = std::fs::read_to_string(README).unwrap();
    let mut want = readme.clone();
    for (name, body) in [
        ("screens", screens()),
        ("keys", keys()),
        ("config", config()),
    ] {
        want = splice(&want, name, &body);
    }
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(README, &want).unwrap();
        return;
    }
    if want != readme {
        let line = readme
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "README.md is out of date from line {line}: run `UPDATE_README=1 cargo test --test readme` and read the diff"
        );
    }
}
