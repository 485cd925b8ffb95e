//! `c` in a real terminal: the binary runs in tmux with a recording
//! script as `dial_command`; the script must receive exactly the E.164
//! number, and never run for a do-not-call candidate.
//!
//! Needs `tmux` (`.ci/run` installs it). Waits are bounded polls.

mod common;

use common::tmux::{app_shell, Tmux, NOW, QUIET};
use common::BIN;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn cli(db: &Path, args: &[&str]) -> std::process::Output {
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

/// Ana at 09:00, Bo (do-not-call) at 09:30; the recorder script.
fn seed(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let db = dir.join("dial.sqlite3");
    let csv = dir.join("day.csv");
    std::fs::write(
        &csv,
        "start,candidate,phone,role\n\
         2026-11-23 09:00,Ana Souza,+44 7700 900001,Backend Engineer\n\
         2026-11-23 09:30,Bo Lindqvist,+46 70 123 4567,Data Analyst\n",
    )
    .unwrap();
    assert!(cli(&db, &["import", csv.to_str().unwrap()])
        .status
        .success());
    let day: serde_json::Value =
        serde_json::from_slice(&cli(&db, &["day", "--json"]).stdout).unwrap();
    let bo = day
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["candidate"]["name"] == "Bo Lindqvist")
        .unwrap()["candidate"]["id"]
        .to_string();
    let out = cli(&db, &["dnc", &bo, "--reason", "asked not to be called"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = dir.join("record-dial.sh");
    let record = dir.join("dialled.txt");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\necho noise on stdout\necho noise on stderr >&2\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (db, script, record)
}

fn dials(db: &Path) -> Vec<(String, Option<String>, Option<i64>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT number, closed_by, seconds FROM dials ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn c_runs_the_dial_command_with_exactly_the_e164_number_and_never_for_do_not_call() {
    let dir = tempfile::tempdir().unwrap();
    let (db, script, record) = seed(dir.path());
    let config = format!(
        "dial_command = [\"{}\", \"{{e164}}\"]\n{QUIET}",
        script.display()
    );
    let tmux = Tmux::new("dial");
    tmux.start(120, 30, &app_shell(dir.path(), &db, &config, "", ""));
    tmux.wait_for("Bo Lindqvist");

    // 09:40: Bo's 09:30 call is selected. Do-not-call: refused, not run.
    tmux.keys(&["c"]);
    tmux.wait_for("Bo Lindqvist is do-not-call (asked not to be called): not dialled");
    assert!(
        !record.exists(),
        "the script ran for a do-not-call candidate"
    );

    // Ana: the script gets her number, nothing else, and the header shows
    // the call (the clock is pinned, so the timer reads 00:00).
    tmux.keys(&["k", "c"]);
    let screen = tmux.wait_for("on call with Ana Souza · 00:00");
    assert!(
        screen.contains("Dialling Ana Souza +447700900001"),
        "{screen}"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while !record.exists() {
        assert!(Instant::now() < deadline, "the dial command never ran");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&record).unwrap(), "+447700900001\n");
    // Its output never reached the terminal.
    let screen = tmux.assert_drawn_whole(120);
    assert!(!screen.contains("noise on"), "{screen}");

    // The mark ends the call.
    tmux.keys(&["a"]);
    tmux.wait_for("call with Ana Souza ended, 00:00");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(
        dials(&db),
        [(
            "+447700900001".to_string(),
            Some("mark".to_string()),
            Some(0)
        )]
    );
    assert_eq!(std::fs::read_to_string(&record).unwrap(), "+447700900001\n");
}

#[test]
fn a_call_left_open_by_quitting_is_closed_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (db, script, _) = seed(dir.path());
    let config = format!(
        "dial_command = [\"{}\", \"{{tel}}\"]\n{QUIET}",
        script.display()
    );
    let tmux = Tmux::new("dial-quit");
    tmux.start(120, 30, &app_shell(dir.path(), &db, &config, "", ""));
    tmux.wait_for("Ana Souza");
    tmux.keys(&["k", "c"]);
    tmux.wait_for("on call with Ana Souza");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(dials(&db)[0].1, None, "still open after quitting");
    drop(tmux);

    let tmux = Tmux::new("dial-again");
    tmux.start(120, 30, &app_shell(dir.path(), &db, &config, "", ""));
    let screen = tmux.wait_for("was still open when callsheet quit");
    assert!(!screen.contains("on call with"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(
        dials(&db),
        [(
            "+447700900001".to_string(),
            Some("restart".to_string()),
            None
        )]
    );
}
