//! Command-line conventions on the real binary: the config file and its
//! errors, completions, the man page, --version, -q/-v, data-only stdout,
//! and a log that never holds candidate data. HOME and the XDG dirs point
//! into a temp dir, so nothing touches the real home.

mod common;

use common::{DAY_CSV, ZONE};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_callsheet");
const NOW: &str = "2026-11-23T09:40:00Z";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn config_path(&self) -> PathBuf {
        self.path("xdg-config/callsheet/config.toml")
    }

    fn log_dir(&self) -> PathBuf {
        self.path("xdg-state/callsheet")
    }

    fn write(&self, rel: &str, text: &str) -> String {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_remove("CALLSHEET_DB")
            .env_remove("CALLSHEET_NOW")
            .env_remove("CALLSHEET_TZ")
            .env_remove("CALLSHEET_CONFIG")
            .env_remove("NO_COLOR")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("xdg"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_STATE_HOME", self.path("xdg-state"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run callsheet");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// `day --json` on a database holding the fixture day.
    fn db_args(&self) -> Vec<String> {
        let db = self.path("calls.sqlite3").display().to_string();
        ["--db", &db, "--now", NOW, "--tz", ZONE]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn with_db(&self, args: &[&str]) -> Run {
        let mut all = self.db_args();
        all.extend(args.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        self.run(&refs)
    }
}

fn ok(r: Run) -> Run {
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    r
}

#[test]
fn config_init_path_and_check() {
    let h = Home::new();
    let path = h.config_path();
    let r = ok(h.run(&["config", "--path"]));
    assert_eq!(r.stdout.trim(), path.display().to_string());
    assert_eq!(r.stderr, "");

    let r = ok(h.run(&["config", "--check"]));
    assert!(r.stdout.contains("no config file"), "{}", r.stdout);

    let r = ok(h.run(&["config", "--paths", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["config"], path.display().to_string());
    assert_eq!(v["log"], h.log_dir().display().to_string());
    // The recruiter's own templates live beside the config file.
    assert_eq!(
        v["templates"],
        path.parent()
            .unwrap()
            .join("templates")
            .display()
            .to_string()
    );
    assert_eq!(
        v["database"],
        h.path("xdg/callsheet/callsheet.sqlite3")
            .display()
            .to_string()
    );
    let r = ok(h.run(&["config", "--paths"]));
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("log ") && l.ends_with(&h.log_dir().display().to_string())),
        "{}",
        r.stdout
    );

    let r = ok(h.run(&["config", "--init"]));
    assert_eq!(r.stdout.trim(), path.display().to_string());
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("[callbacks]") && written.contains("mark_voicemail = [\"v\"]"));

    let again = h.run(&["config", "--init"]);
    assert_eq!(again.code, 1);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    ok(h.run(&["config", "--init", "--force"]));

    let r = ok(h.run(&["config", "--check"]));
    assert_eq!(r.stdout.trim(), format!("{}: ok", path.display()));

    // --config names another file for every subcommand.
    let other = h.path("elsewhere.toml").display().to_string();
    let r = ok(h.run(&["--config", &other, "config", "--init"]));
    assert_eq!(r.stdout.trim(), other);
    let r = ok(h.run_env(&["config", "--path"], &[("CALLSHEET_CONFIG", &other)]));
    assert_eq!(r.stdout.trim(), other);
}

#[test]
fn a_broken_file_in_the_usual_place_warns_with_its_line_and_the_command_runs() {
    let h = Home::new();
    let csv = h.write("day.csv", DAY_CSV);
    ok(h.with_db(&["import", &csv]));
    let path = h.write(
        "xdg-config/callsheet/config.toml",
        "[hours]\nstart = \"09:00\"\nslot_minutes = \"half an hour\"\nlunch = true\n",
    );
    let r = ok(h.with_db(&["day", "--json"]));
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("stdout is only JSON");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!("callsheet: warning: {path}:3: hours.slot_minutes: invalid type: string \"half an hour\", expected u32; kept the default"),
            format!("callsheet: warning: {path}:4: hours.lunch: unknown key (known here: days, end, slot_minutes, start)"),
        ]
    );
    // -q keeps stderr for errors only.
    let r = ok(h.with_db(&["-q", "day", "--json"]));
    assert_eq!(r.stderr, "");
    // --check is strict about the same file.
    let r = h.run(&["config", "--check"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
}

#[test]
fn a_broken_file_named_with_config_is_an_error_with_exit_2() {
    let h = Home::new();
    let path = h.write(
        "mine.toml",
        "mouse = true\n\n[callbacks]\nhorizon_days = -1\n",
    );
    let r = h.with_db(&["--config", &path, "day"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .starts_with(&format!("callsheet: {path}:4: callbacks.horizon_days: ")),
        "{}",
        r.stderr
    );
    let missing = h.path("nope.toml").display().to_string();
    let r = h.with_db(&["--config", &missing, "day"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("nope.toml"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn the_config_changes_what_commands_do() {
    let h = Home::new();
    let csv = h.write("day.csv", DAY_CSV);
    ok(h.with_db(&["import", &csv]));
    // A voicemail with a 4-hour delay: the callback moves from ~11:40 to
    // after 13:40.
    let cfg = h.write("c.toml", "[callbacks]\nvoicemail_delay_minutes = 240\n");
    let day: serde_json::Value =
        serde_json::from_str(&ok(h.with_db(&["day", "--json"])).stdout).unwrap();
    let id = day[0]["id"].to_string();
    ok(h.with_db(&["--config", &cfg, "mark", &id, "voicemail"]));
    let q: serde_json::Value =
        serde_json::from_str(&ok(h.with_db(&["callbacks", "--json"])).stdout).unwrap();
    let due = q[0]["due"].as_str().unwrap();
    assert!(due >= "2026-11-23T13:40:00Z", "{due}");
}

#[test]
fn completions_man_and_version_go_to_stdout() {
    let h = Home::new();
    for (shell, needle) in [
        ("bash", "_callsheet()"),
        ("zsh", "#compdef callsheet"),
        ("fish", "complete -c callsheet"),
    ] {
        let r = ok(h.run(&["completions", shell]));
        assert!(
            r.stdout.contains(needle),
            "{shell}: {}",
            &r.stdout[..200.min(r.stdout.len())]
        );
        assert!(
            r.stdout.contains("callbacks"),
            "{shell} knows the subcommands"
        );
        assert_eq!(r.stderr, "");
    }
    let r = h.run(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");

    let r = ok(h.run(&["man"]));
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &r.stdout[..80]
    );
    assert!(r.stdout.contains(".TH callsheet 1"));
    assert!(r.stdout.contains("completions"));

    let r = ok(h.run(&["--version"]));
    assert_eq!(
        r.stdout.trim(),
        format!("callsheet {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn these_commands_work_even_with_a_broken_config_and_zone() {
    let h = Home::new();
    h.write("xdg-config/callsheet/config.toml", "this is not toml");
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["config", "--path"],
    ] {
        let r = h.run_env(args, &[("CALLSHEET_TZ", "Not/AZone")]);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr, "");
    }
}

fn log_text(dir: &Path) -> String {
    callsheet::logging::files(dir)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn the_log_has_ids_and_counts_but_no_candidate_data() {
    let h = Home::new();
    let csv = h.write("day.csv", DAY_CSV);
    ok(h.with_db(&["-vv", "import", &csv]));
    let day: serde_json::Value =
        serde_json::from_str(&ok(h.with_db(&["-vv", "day", "--json"])).stdout).unwrap();
    let id = day[0]["id"].to_string();
    let r = ok(h.with_db(&[
        "-vv",
        "mark",
        &id,
        "voicemail",
        "--note",
        "Wants 95k; secret",
    ]));
    assert!(
        r.stderr.contains("command=\"mark\""),
        "-v echoes the log: {}",
        r.stderr
    );
    ok(h.with_db(&["-vv", "callbacks", "--json"]));
    // An error whose message quotes candidate data.
    let bad = h.write(
        "bad.csv",
        "start,candidate,phone\nnot a date,Secret Person,+44 7700 900999\n",
    );
    assert_eq!(h.with_db(&["-vv", "import", &bad]).code, 1);

    let log = log_text(&h.log_dir());
    assert!(log.contains("command=\"mark\""), "{log}");
    assert!(
        log.contains("outcome=\"voicemail\" callback_queued=true"),
        "{log}"
    );
    assert!(log.contains("added=4"), "{log}");
    assert!(log.contains("error=\"import\""), "{log}");
    for secret in [
        "Ana Souza",
        "Souza",
        "José",
        "王小明",
        "Zoë",
        "7946",
        "212 555",
        "ana@example.com",
        "Referred",
        "95k",
        "secret",
        "Secret Person",
        "900999",
    ] {
        assert!(
            !log.contains(secret),
            "{secret:?} leaked into the log:\n{log}"
        );
    }
}

#[test]
fn log_level_off_writes_no_log() {
    let h = Home::new();
    let cfg = h.write("c.toml", "log_level = \"off\"\n");
    ok(h.run(&[
        "--config",
        &cfg,
        "--db",
        &h.path("x.sqlite3").display().to_string(),
        "--tz",
        ZONE,
        "--now",
        NOW,
        "demo",
        "--no-tui",
    ]));
    assert!(callsheet::logging::files(&h.log_dir()).is_empty());
}

#[test]
fn reading_commands_log_nothing_at_the_default_level() {
    let h = Home::new();
    let csv = h.write("day.csv", DAY_CSV);
    ok(h.with_db(&["import", &csv]));
    // Nothing has been logged yet by a reading command: no log at all.
    let fresh = Home::new();
    let db = h.path("calls.sqlite3").display().to_string();
    ok(fresh.run(&["--db", &db, "--tz", ZONE, "--now", NOW, "day"]));
    assert!(
        !fresh.log_dir().exists(),
        "a read created the log directory"
    );

    let before = log_text(&h.log_dir());
    assert!(before.contains("command=\"import\""), "{before}");
    for args in [
        &["day"][..],
        &["callbacks"],
        &["promises"],
        &["owed"],
        &["report"],
        &["export", "--csv"],
    ] {
        ok(h.with_db(args));
    }
    assert_eq!(log_text(&h.log_dir()), before);
    // -v raises the level to where they log, and their failures always do.
    ok(h.with_db(&["-v", "day"]));
    assert!(log_text(&h.log_dir()).contains("command=\"day\""));
    assert_eq!(
        h.with_db(&["report", "--from", "2026-11-30", "--to", "2026-11-01"])
            .code,
        1
    );
    assert!(log_text(&h.log_dir()).contains("command=\"report\" error="));
}
