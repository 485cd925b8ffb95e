//! Terminal faults (issue 6, item 5), end to end in tmux: a resize storm,
//! a terminal shrunk to 1×1 and back, and a panic injected into a test
//! build (`CALLSHEET_TEST_PANIC=after-first-frame`, read only when built
//! with debug assertions) with and without mouse capture.
//!
//! After a panic the terminal must be as the shell had it: alternate
//! screen left, raw mode off (`stty -a` shows `icanon` and `echo`), the
//! cursor shown, mouse reporting off, and the panic message on the normal
//! screen, which proves it was printed after restoring.

mod common;

use common::tmux::{app_shell, Tmux, QUIET};
use std::path::{Path, PathBuf};

/// A day of four calls, imported by the binary.
fn seed(dir: &Path) -> PathBuf {
    let db = dir.join("faults.sqlite3");
    let csv = dir.join("day.csv");
    std::fs::write(
        &csv,
        "start,candidate,phone,role\n\
         2026-11-23 09:00,Ana Souza,+44 7700 900001,Backend Engineer\n\
         2026-11-23 09:30,José Müller,+49 30 1234567,Data Analyst\n\
         2026-11-23 10:30,王小明,+86 10 5555 0000,QA Lead\n\
         2026-11-23 14:00,Chen Wei,+1 212 555 0100,SRE\n",
    )
    .unwrap();
    let r = common::run_at(dir, &db, &["import", csv.to_str().unwrap()]);
    assert_eq!(r.code, 0, "import: {}", r.stderr);
    db
}

/// Waits for the day to be drawn down to its bottom border.
fn wait_for_the_day(tmux: &Tmux) {
    tmux.wait_until("the whole day", |s| {
        s.contains("Ana Souza") && s.lines().any(|l| l.starts_with('┗'))
    });
}

#[test]
fn a_resize_storm_leaves_the_app_answering_and_drawn_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let tmux = Tmux::new("storm");
    tmux.start(100, 30, &app_shell(dir.path(), &db, QUIET, "", ""));
    tmux.wait_for("Ana Souza");
    // 60 resizes in one tmux command (well under a second), through
    // sizes from 1×1 to 200×60, both resize-window and resize-pane.
    let mut args: Vec<String> = Vec::new();
    let sizes = [
        (1, 1),
        (200, 60),
        (20, 5),
        (80, 24),
        (2, 50),
        (150, 10),
        (40, 10),
        (120, 40),
        (79, 23),
        (3, 3),
    ];
    for i in 0..60 {
        let (w, h) = sizes[i % sizes.len()];
        if !args.is_empty() {
            args.push(";".into());
        }
        let cmd = if i % 3 == 2 {
            "resize-pane"
        } else {
            "resize-window"
        };
        args.extend(
            [cmd, "-t", "app", "-x", &w.to_string(), "-y", &h.to_string()].map(String::from),
        );
    }
    let started = std::time::Instant::now();
    let out = tmux.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Reported, not asserted (a timing, and the machine may be busy).
    eprintln!("60 resizes took {:?}", started.elapsed());
    tmux.run(&["resize-window", "-t", "app", "-x", "100", "-y", "30"]);
    wait_for_the_day(&tmux);
    // Still answering: the help opens and closes, a mark is saved.
    tmux.keys(&["?"]);
    tmux.wait_for("Keys");
    tmux.keys(&["Escape"]);
    tmux.wait_until("help closed", |s| {
        !s.contains("Keys") && s.contains("Ana Souza")
    });
    tmux.keys(&["k", "v"]);
    tmux.wait_for("Saved");
    let plain = tmux.assert_drawn_whole(100);
    assert!(plain.contains("voicemail"), "{plain}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn shrunk_to_one_cell_and_back_the_app_draws_whole_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let tmux = Tmux::new("onecell");
    tmux.start(80, 24, &app_shell(dir.path(), &db, QUIET, "", ""));
    tmux.wait_for("Ana Souza");
    tmux.run(&["resize-window", "-t", "app", "-x", "1", "-y", "1"]);
    assert_eq!(tmux.format("#{pane_width}x#{pane_height}"), "1x1");
    tmux.wait_until("the 1x1 frame", |s| !s.contains("Ana Souza"));
    // A key while tiny is still handled (it moves the selection).
    tmux.keys(&["j"]);
    tmux.run(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    wait_for_the_day(&tmux);
    tmux.assert_drawn_whole(80);
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// What `stty -a` printed, as words.
fn stty_words(screen: &str) -> Vec<String> {
    let start = screen.find("STTY<").expect("stty output") + 5;
    let end = screen[start..].find(">STTY").expect("end of stty output") + start;
    screen[start..end]
        .split_whitespace()
        .map(|w| w.trim_end_matches(';').to_string())
        .collect()
}

#[test]
fn a_panic_gives_the_terminal_back_then_prints_the_message() {
    for mouse in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let db = seed(dir.path());
        let tmux = Tmux::new(if mouse { "panic-mouse" } else { "panic" });
        let config = format!("mouse = {mouse}\n{QUIET}");
        let cmd = app_shell(
            dir.path(),
            &db,
            &config,
            "CALLSHEET_TEST_PANIC=after-first-frame",
            "echo STTY\\<$(stty -a | tr '\\n' ' ')\\>STTY;",
        );
        // Wide enough that `stty -a` fits on a few lines.
        tmux.start(200, 50, &cmd);
        let end = tmux.wait_for(">STTY");
        assert!(end.contains("EXITED 101"), "not a panic exit:\n{end}");
        assert!(
            end.contains("injected panic after the first frame"),
            "panic message not on the normal screen:\n{end}"
        );
        assert!(
            !end.contains("Ana Souza"),
            "the app's screen is still up:\n{end}"
        );
        let words = stty_words(&end);
        for on in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(
                words.iter().any(|w| w == on),
                "mouse={mouse}: {on} is off after the panic: {words:?}"
            );
        }
        for (flag, want) in [
            ("#{alternate_on}", "0"),
            ("#{cursor_flag}", "1"),
            ("#{mouse_any_flag}", "0"),
            ("#{mouse_all_flag}", "0"),
            ("#{mouse_button_flag}", "0"),
            ("#{mouse_standard_flag}", "0"),
            ("#{mouse_sgr_flag}", "0"),
        ] {
            assert_eq!(tmux.format(flag), want, "mouse={mouse}: {flag}\n{end}");
        }
    }
}

/// The same checks hold after a normal quit, and the test can tell: with
/// the app running, the terminal is in the state the checks rule out.
#[test]
fn quitting_gives_the_terminal_back_and_running_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let tmux = Tmux::new("quit");
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
    assert_eq!(tmux.format("#{alternate_on}"), "1");
    // The real cursor sits on the selected row (screen readers follow it).
    assert_eq!(tmux.format("#{cursor_flag}"), "1");
    assert_eq!(tmux.format("#{mouse_any_flag}#{mouse_sgr_flag}"), "11");
    tmux.keys(&["q"]);
    let end = tmux.wait_for(">STTY");
    assert!(end.contains("EXITED 0"), "{end}");
    let words = stty_words(&end);
    assert!(words.iter().any(|w| w == "icanon") && words.iter().any(|w| w == "echo"));
    assert_eq!(
        tmux.format("#{alternate_on}#{cursor_flag}#{mouse_any_flag}#{mouse_sgr_flag}"),
        "0100"
    );
}
