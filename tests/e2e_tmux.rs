//! End to end in a real terminal: the binary runs inside tmux on a temp
//! database, keys are typed, and the database is checked afterwards.
//!
//! Needs `tmux` (`.ci/run` installs it). Waits are bounded polls of the
//! screen, never fixed sleeps.

mod common;

use common::tmux::{app_shell, Tmux, NOW, QUIET};
use common::BIN;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--now",
            NOW,
            "--tz",
            "Europe/London",
        ])
        .args(args)
        .output()
        .unwrap()
}

fn seed(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("e2e.sqlite3");
    let csv = dir.join("day.csv");
    std::fs::write(
        &csv,
        "start,candidate,phone,role,timezone\n\
         2026-11-23 09:00,Ana Souza,+44 7700 900001,Backend Engineer,\n\
         2026-11-23 09:30,José Müller,+49 30 1234567,Data Analyst,Europe/Berlin\n\
         2026-11-23 10:30,王小明,+86 10 5555 0000,QA Lead,Asia/Shanghai\n\
         2026-11-23 14:00,Chen Wei,+1 212 555 0100,SRE,America/New_York\n",
    )
    .unwrap();
    let out = cli(&db, &["import", csv.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// The app in a shell that shows how it exited, with its home and log
/// inside `dir` and notifications off (no bell in the test terminal).
fn app_command(dir: &Path, db: &Path) -> String {
    app_with_config(dir, db, QUIET)
}

/// The same with `config` as the config file in its usual place.
fn app_with_config(dir: &Path, db: &Path, config: &str) -> String {
    app_shell(dir, db, config, "", "")
}

/// The day's call with `name`'s candidate, as `day --json` prints it.
fn call_of(db: &Path, name: &str) -> serde_json::Value {
    let day = cli(db, &["day", "--json"]);
    assert!(day.status.success());
    let v: serde_json::Value = serde_json::from_slice(&day.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .find(|c| c["candidate"]["name"] == name)
        .unwrap()
        .clone()
}

/// A seeded database in a new temp dir and the app on it in a `w`×`h`
/// tmux session (wrapped in a shell, so the terminal can be read after
/// the app exits).
fn app_in_tmux(tag: &str, w: u16, h: u16) -> (tempfile::TempDir, std::path::PathBuf, Tmux) {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let tmux = Tmux::new(tag);
    tmux.start(w, h, &app_command(dir.path(), &db));
    (dir, db, tmux)
}

#[test]
fn mark_voicemail_in_a_real_terminal_and_find_it_saved() {
    let (_dir, db, tmux) = app_in_tmux("mark", 110, 30);

    let first = tmux.wait_for("Ana Souza");
    assert!(first.contains("José Müller"), "{first}");
    // 09:40: the live call (José, 09:30) is selected; move up to Ana.
    tmux.keys(&["k", "v"]);
    let after = tmux.wait_for("Saved");
    assert!(after.contains("voicemail"), "{after}");
    tmux.keys(&["q"]);
    let end = tmux.wait_for("EXITED 0");
    // The alternate screen is gone: the app's table is no longer shown.
    assert!(
        !end.contains("José Müller"),
        "terminal not restored:\n{end}"
    );

    assert_eq!(call_of(&db, "Ana Souza")["outcome"], "voicemail");
    let jose = call_of(&db, "José Müller");
    assert_eq!(
        jose["outcome"], "scheduled",
        "only the selected call was marked"
    );

    let cbs = cli(&db, &["callbacks", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&cbs.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["candidate"]["name"], "Ana Souza");
    assert_eq!(v[0]["reason"], "voicemail");
}

#[test]
fn tiny_terminal_says_so_and_recovers_on_resize() {
    let (_dir, _db, tmux) = app_in_tmux("tiny", 40, 10);
    tmux.wait_for("too small");
    tmux.run(&["resize-window", "-t", "app", "-x", "100", "-y", "30"]);
    tmux.wait_for("Ana Souza");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn a_remapped_key_works_and_a_config_problem_shows_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let tmux = Tmux::new("config");
    let config =
        format!("{QUIET}\n[keys]\nmark_voicemail = [\"x\"]\n\n[hours]\nlunch = \"12:00\"\n");
    let cmd = app_with_config(dir.path(), &db, &config);
    tmux.start(120, 30, &cmd);
    let first = tmux.wait_for("hours.lunch: unknown key");
    assert!(first.contains(":9:"), "the line of the problem: {first}");
    assert!(
        first.contains("x voicemail"),
        "the footer shows the new key: {first}"
    );
    tmux.keys(&["k", "v"]);
    tmux.keys(&["x"]);
    let after = tmux.wait_for("Saved");
    assert!(after.contains("voicemail"), "{after}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    let day = cli(&db, &["day", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&day.stdout).unwrap();
    let marked: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["outcome"].as_str())
        .filter(|o| *o != "scheduled")
        .collect();
    assert_eq!(marked, ["voicemail"], "v did nothing, x marked once");
}

#[test]
fn the_report_opens_moves_a_week_and_closes_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let day = cli(&db, &["day", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&day.stdout).unwrap();
    let ana = v[0]["id"].to_string();
    assert!(cli(&db, &["mark", &ana, "no-show"]).status.success());
    let tmux = Tmux::new("report");
    let cmd = app_command(dir.path(), &db);
    tmux.start(80, 24, &cmd);
    tmux.wait_for("Ana Souza");
    tmux.keys(&["R"]);
    tmux.wait_for("Report · Mon 23 – Fri 27 Nov 2026");
    // Each one waited for: the title can be on screen before the frame's
    // last rows are (tmux reads the frame in pieces).
    for needle in [
        "N no-show",
        "No-show rate",
        "100 % of 1",
        "No-show % by hour",
    ] {
        tmux.wait_for(needle);
    }
    tmux.keys(&["["]);
    let before = tmux.wait_for("Report · Mon 16 – Fri 20 Nov 2026");
    assert!(before.contains("No calls held"), "{before}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Ana Souza");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 6, item 2: a `callsheet mark` run while the app is open succeeds
/// (no "database is locked"), and the app's day view shows it within
/// ~3 s (it checks `PRAGMA data_version` every 2 s) without a key pressed.
#[test]
fn a_mark_made_from_the_command_line_shows_in_the_running_app_within_three_seconds() {
    let (_dir, db, tmux) = app_in_tmux("elsewhere", 110, 30);
    let first = tmux.wait_for("Ana Souza");
    // The header's tally: one voicemail once the mark is seen.
    assert!(first.contains("✉ 0 voicemail"), "{first}");
    let ana = call_of(&db, "Ana Souza")["id"].to_string();

    let out = cli(&db, &["mark", &ana, "voicemail"]);
    let marked = Instant::now();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "mark while the app is open: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = tmux.wait_for("✉ 1 voicemail");
    let after = marked.elapsed();
    assert!(
        after <= Duration::from_secs(3),
        "the app showed the mark only after {after:?}:\n{seen}"
    );
    eprintln!("e2e: a CLI mark showed in the running app after {after:?}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn y_copies_the_filled_template_to_the_tmux_buffer_with_osc52() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let ana = call_of(&db, "Ana Souza")["id"].to_string();
    assert!(cli(&db, &["mark", &ana, "voicemail"]).status.success());
    // The recruiter's own follow-up wording, beside the config file.
    let templates = dir.path().join("config/callsheet/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("follow-up.txt"),
        "Hi {first_name}, {recruiter} here: ring {callback_number} about {role}. {unknown}\n",
    )
    .unwrap();
    let config =
        format!("callback_number = \"+44 20 7946 0000\"\nrecruiter_name = \"Jordan\"\n{QUIET}");
    let tmux = Tmux::new("clip");
    tmux.start(100, 30, &app_with_config(dir.path(), &db, &config));
    // tmux stores what an application sends with OSC 52 in a paste buffer.
    let set = tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    assert!(set.status.success());
    tmux.wait_for("Ana Souza");
    // 09:40: José's live call is selected; up to Ana's voicemail, copy.
    tmux.keys(&["k", "y"]);
    let expected = "Hi Ana, Jordan here: ring +44 20 7946 0000 about Backend Engineer. {unknown}";
    let screen = tmux.wait_for("Copied follow-up text for Ana Souza");
    assert!(
        screen.contains(&format!("({} chars)", expected.chars().count())),
        "{screen}"
    );
    let buffer = tmux.run(&["show-buffer"]);
    assert!(
        buffer.status.success(),
        "no tmux buffer: {}",
        String::from_utf8_lossy(&buffer.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&buffer.stdout), expected);
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 6, item 2: two apps open on one database at once, each marking a
/// call: neither says "locked", each shows the other's mark within ~3 s,
/// and both marks are in the file.
#[test]
fn two_apps_on_one_database_each_see_the_others_mark() {
    let (dir, db, first) = app_in_tmux("two-a", 110, 30);
    let second = Tmux::new("two-b");
    second.start(110, 30, &app_command(dir.path(), &db));
    for app in [&first, &second] {
        assert!(app.wait_for("Ana Souza").contains("✉ 0 voicemail"));
    }
    // The first marks Ana (up from the live call) as voicemail.
    first.keys(&["k", "v"]);
    first.wait_for("Saved");
    let marked = Instant::now();
    second.wait_for("✉ 1 voicemail");
    let seen_by_second = marked.elapsed();
    // The second marks its selected call, José (live at 09:40), a no-show.
    second.keys(&["n"]);
    let after = second.wait_for("Saved");
    assert!(
        !after.contains("locked") && !after.contains("busy"),
        "{after}"
    );
    let marked = Instant::now();
    first.wait_for("✗ 1 no-show");
    let seen_by_first = marked.elapsed();
    for (who, took) in [("second", seen_by_second), ("first", seen_by_first)] {
        assert!(
            took <= Duration::from_secs(3),
            "the {who} app showed the other's mark only after {took:?}"
        );
    }
    eprintln!(
        "e2e: two apps saw each other's marks after {seen_by_second:?} and {seen_by_first:?}"
    );
    for app in [&first, &second] {
        app.keys(&["q"]);
        app.wait_for("EXITED 0");
    }
    assert_eq!(call_of(&db, "Ana Souza")["outcome"], "voicemail");
    assert_eq!(call_of(&db, "José Müller")["outcome"], "no-show");
}
