//! Signals and Ctrl-Z in a real terminal (issue 14, items 1 and 2), under
//! tmux on its own socket.
//!
//! Each ending signal (SIGTERM, SIGINT, SIGQUIT, SIGHUP) sent to the
//! running app must give the terminal back as a quit does (alternate
//! screen left, cursor shown, mouse reporting off, raw mode off per
//! `stty -a`) and end with 128 + the signal's number. Ctrl-Z must stop
//! the process (state `T`) with the terminal given back, so `ls -la`
//! Enter typed next reaches the shell, not the app; after `fg` the app
//! redraws and nothing was marked.

mod common;

use common::tmux::{app_shell, Tmux, NOW, QUIET};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Fails under CI when tmux is missing; elsewhere the test is skipped.
fn have_tmux() -> bool {
    let ok = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "tmux is required under CI"
    );
    ok
}

fn seed(dir: &Path) -> PathBuf {
    let db = dir.join("signals.sqlite3");
    let csv = dir.join("day.csv");
    std::fs::write(
        &csv,
        "start,candidate,phone,role\n\
         2026-11-23 09:00,Ana Souza,+44 7700 900001,Backend Engineer\n\
         2026-11-23 09:30,José Müller,+49 30 1234567,Data Analyst\n\
         2026-11-23 10:30,Wang Xiaoming,+86 10 5555 0000,QA Lead\n\
         2026-11-23 14:00,Chen Wei,+1 212 555 0100,SRE\n",
    )
    .unwrap();
    let r = common::run_at(dir, &db, &["import", csv.to_str().unwrap()]);
    assert_eq!(r.code, 0, "import: {}", r.stderr);
    db
}

/// What `stty -a` printed between the markers, as words.
fn stty_words(screen: &str) -> Vec<String> {
    let start = screen.find("STTY<").expect("stty output") + 5;
    let end = screen[start..].find(">STTY").expect("end of stty output") + start;
    screen[start..end]
        .split_whitespace()
        .map(|w| w.trim_end_matches(';').to_string())
        .collect()
}

/// The pid and `ps` state of the pane shell's child (the app).
fn child_of_pane(tmux: &Tmux) -> (String, String) {
    let shell = tmux.format("#{pane_pid}");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = std::process::Command::new("ps")
            .args(["-o", "pid=,stat=,comm=", "--ppid", &shell])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Some(line) = text.lines().find(|l| l.contains("callsheet")) {
            let mut w = line.split_whitespace();
            return (w.next().unwrap().into(), w.next().unwrap().into());
        }
        assert!(Instant::now() < deadline, "no app under the pane: {text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The terminal as a shell expects it: not on the alternate screen,
/// cursor shown, no mouse reporting.
fn assert_given_back(tmux: &Tmux, what: &str) {
    for (flag, want) in [
        ("#{alternate_on}", "0"),
        ("#{cursor_flag}", "1"),
        ("#{mouse_any_flag}", "0"),
        ("#{mouse_all_flag}", "0"),
        ("#{mouse_button_flag}", "0"),
        ("#{mouse_standard_flag}", "0"),
        ("#{mouse_sgr_flag}", "0"),
    ] {
        assert_eq!(tmux.format(flag), want, "{what}: {flag}\n{}", tmux.screen());
    }
}

#[test]
fn each_ending_signal_gives_the_terminal_back_and_exits_128_plus_its_number() {
    if !have_tmux() {
        return;
    }
    for (name, signo) in [("TERM", 15), ("INT", 2), ("QUIT", 3), ("HUP", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let db = seed(dir.path());
        let tmux = Tmux::new(&format!("sig-{name}"));
        let config = format!("mouse = true\n{QUIET}");
        let cmd = app_shell(
            dir.path(),
            &db,
            &config,
            "",
            "echo STTY\\<$(stty -a | tr '\\n' ' ')\\>STTY;",
        );
        tmux.start(200, 50, &cmd);
        tmux.wait_for("Ana Souza");
        // Running, the app holds the terminal in the modes checked below
        // (the real cursor is shown on the selected row, for screen readers).
        assert_eq!(
            tmux.format("#{alternate_on}#{cursor_flag}#{mouse_any_flag}"),
            "111"
        );
        let (pid, _) = child_of_pane(&tmux);
        let sent = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let end = tmux.wait_for(">STTY");
        assert!(
            end.contains(&format!("EXITED {}", 128 + signo)),
            "SIG{name}: {end}"
        );
        assert!(
            !end.contains("Ana Souza"),
            "SIG{name}: screen left up\n{end}"
        );
        let words = stty_words(&end);
        for on in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(
                words.iter().any(|w| w == on),
                "SIG{name}: {on} is off: {words:?}"
            );
        }
        assert_given_back(&tmux, &format!("SIG{name}"));
    }
}

/// The day as `callsheet day --json` prints it (every call's status).
fn day_json(dir: &Path, db: &Path) -> String {
    let r = common::run_at(dir, db, &["day", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn ctrl_z_stops_the_app_and_what_is_typed_at_the_shell_never_reaches_it() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let before = day_json(dir.path(), &db);
    let tmux = Tmux::new("ctrl-z");
    // An interactive shell with job control, as a recruiter's terminal.
    tmux.start(
        200,
        50,
        "exec env PS1='PROMPT$ ' bash --norc --noprofile -i",
    );
    tmux.wait_for("PROMPT$");
    let config = format!("mouse = true\n{QUIET}");
    let path = dir.path().join("config/callsheet/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, config).unwrap();
    let line = format!(
        "HOME='{home}' XDG_CONFIG_HOME='{home}/config' XDG_STATE_HOME='{home}/state' \
         '{bin}' --db '{db}' --now {NOW} --tz Europe/London",
        home = dir.path().display(),
        bin = common::BIN,
        db = db.display()
    );
    tmux.run(&["send-keys", "-t", "app", "-l", &line]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Ana Souza");
    assert_eq!(tmux.format("#{alternate_on}"), "1");
    tmux.keys(&["C-z"]);
    tmux.wait_for("Stopped");
    let (pid, state) = child_of_pane(&tmux);
    assert!(
        state.starts_with('T'),
        "state {state:?} of {pid} while stopped"
    );
    assert_given_back(&tmux, "after Ctrl-Z");
    // Typed at the shell: a, l, s, Enter would mark and open a record in
    // an app that kept running.
    tmux.run(&["send-keys", "-t", "app", "-l", "ls -la"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("total ");
    tmux.run(&[
        "send-keys",
        "-t",
        "app",
        "-l",
        "echo STTY\\<$(stty -a | tr '\\n' ' ')\\>STTY",
    ]);
    tmux.keys(&["Enter"]);
    let shell = tmux.wait_until("stty output", |s| s.matches(">STTY").count() >= 2);
    let words = stty_words(&shell);
    for on in ["icanon", "echo", "isig"] {
        assert!(
            words.iter().any(|w| w == on),
            "{on} off while stopped: {words:?}"
        );
    }
    let (_, still) = child_of_pane(&tmux);
    assert!(still.starts_with('T'), "state {still:?} while at the shell");
    tmux.run(&["send-keys", "-t", "app", "-l", "fg"]);
    tmux.keys(&["Enter"]);
    let back = tmux.assert_drawn_whole(200);
    assert!(back.contains("Ana Souza"), "{back}");
    assert_eq!(tmux.format("#{alternate_on}#{mouse_any_flag}"), "11");
    let (_, running) = child_of_pane(&tmux);
    assert!(!running.starts_with('T'), "state {running:?} after fg");
    // The app still answers keys, then quits cleanly.
    tmux.keys(&["q"]);
    tmux.wait_until("the prompt again", |s| s.trim_end().ends_with("PROMPT$"));
    tmux.run(&["send-keys", "-t", "app", "-l", "echo EXITED $?"]);
    tmux.keys(&["Enter"]);
    let end = tmux.wait_for("EXITED 0");
    assert!(!end.contains("EXITED 1"), "{end}");
    assert_eq!(day_json(dir.path(), &db), before, "the day changed");
}
