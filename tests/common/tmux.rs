//! A real terminal for end-to-end tests: a tmux server on its own socket
//! (named for the test and the process, so parallel tests never share
//! one), killed when the value is dropped.
//!
//! Needs `tmux` (`.ci/run` installs it). Waits are bounded polls of the
//! screen, never fixed sleeps.

use super::BIN;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

/// The clock the end-to-end tests run at: Mon 23 Nov 2026, 09:40 UTC.
pub const NOW: &str = "2026-11-23T09:40:00Z";

/// A config with notifications off (no bell in the test terminal).
pub const QUIET: &str = "[notifications]\nbell = false\ndesktop = false\n";

/// A shell command running the app on `db` at [`NOW`] in London with its
/// home, config (`config`) and log inside `dir`, `env` (`NAME=value …`)
/// set for the app only; when it exits the shell prints `EXITED <code>`,
/// runs `after` and waits, so the test can read the terminal it left.
pub fn app_shell(dir: &Path, db: &Path, config: &str, env: &str, after: &str) -> String {
    let path = dir.join("config/callsheet/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, config).unwrap();
    format!(
        "HOME='{home}' XDG_CONFIG_HOME='{home}/config' XDG_STATE_HOME='{home}/state' {env} \
         '{BIN}' --db '{db}' --now {NOW} --tz Europe/London; \
         echo \"EXITED $?\"; {after} sleep 30",
        home = dir.display(),
        db = db.display()
    )
}

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(tag: &str) -> Tmux {
        Tmux {
            socket: format!("callsheet-e2e-{tag}-{}", std::process::id()),
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed (.ci/run installs it)")
    }

    /// Starts `cmd` in a `w`×`h` session named `app`.
    pub fn start(&self, w: u16, h: u16, cmd: &str) {
        let (w, h) = (w.to_string(), h.to_string());
        let out = self.run(&[
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            &w,
            "-y",
            &h,
            "sh",
            "-c",
            cmd,
        ]);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The visible text of the pane.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "app"]).stdout).into_owned()
    }

    /// The pane as the terminal holds it: text with the escape sequences
    /// for its colours and attributes (`capture-pane -e`), trailing
    /// blanks kept (`-N`).
    pub fn screen_with_escapes(&self) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["capture-pane", "-p", "-e", "-N", "-t", "app"])
                .stdout,
        )
        .into_owned()
    }

    /// What is wrong with the pane's frame, if anything: a row wider than
    /// `w` columns, a row of a box not exactly `w` (tmux leaves cells the
    /// app never wrote out of a capture, so blank rows may be shorter), a
    /// row that starts on a left border and does not end on a right one,
    /// or no frame at all. Any escape but a colour fails at once.
    fn frame_problem(&self, w: usize) -> Option<String> {
        let screen = self.screen_with_escapes();
        let mut boxed = 0;
        for line in strip_sgr(&screen).lines() {
            let width = UnicodeWidthStr::width(line);
            if width > w {
                return Some(format!("row {line:?} is {width} columns"));
            }
            if line.starts_with(['┃', '│', '┏', '┗']) {
                boxed += 1;
                if width != w {
                    return Some(format!("row {line:?} is not {w} columns"));
                }
                if !line.ends_with(['┃', '│', '┓', '┛', '┐', '┘']) {
                    return Some(format!("row {line:?} off the frame"));
                }
            }
        }
        (boxed <= 10).then(|| "no frame on screen".to_string())
    }

    /// Polls until the pane holds the app's frame whole (see
    /// `frame_problem`; a capture can catch a frame half drawn), for at
    /// most 15 s; returns the screen.
    pub fn assert_drawn_whole(&self, w: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let problem = self.frame_problem(w);
            let plain = self.screen();
            match problem {
                None => return plain,
                Some(p) => assert!(Instant::now() < deadline, "{p}:\n{plain}"),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A tmux format for the pane, e.g. `#{alternate_on}`.
    pub fn format(&self, f: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "app", f]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = self.run(&["send-keys", "-t", "app", k]);
            assert!(
                out.status.success(),
                "send-keys {k}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    /// Polls the screen until it contains `needle`, for at most 15 s.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    /// Polls the screen until `ok` holds, for at most 15 s; `what` names
    /// the wait in the failure.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Text without the colour sequences `capture-pane -e` writes; fails on
/// any other control character (the app's data never carries one).
pub fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            assert_eq!(chars.next(), Some('['), "non-CSI escape in {s:?}");
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
                assert!(
                    d.is_ascii_digit() || d == ';' || d == ':',
                    "escape other than colour ({d:?}) in the pane"
                );
            }
        } else {
            assert!(c == '\n' || !c.is_control(), "control {c:?} in the pane");
            out.push(c);
        }
    }
    out
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
