//! `c` dials, `Y` copies, and the call in progress is timed and closed:
//! Actions against App + a real SQLite file, with the clock injected (each
//! `update` is given its instant; nothing sleeps).

mod common;

use callsheet::app::{update::update, Action, App, Focus, Mode, StatusKind};
use callsheet::domain::{Candidate, Outcome};
use callsheet::keymap::Keymap;
use callsheet::store::Store;
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, s).unwrap()
}

struct Day {
    dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    app: App,
}

/// A script that appends each argument it is given, one a line, to
/// `dialled.txt` beside it.
fn recorder(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("record-dial.sh");
    let out = dir.join("dialled.txt");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", out.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, out)
}

/// Ana 09:00, Bo 09:30 (do-not-call), Chen 10:30 with a national number;
/// now 09:40, the recorder as the dial command.
fn day() -> (Day, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cs.sqlite3");
    let store = Store::open(&path).unwrap();
    let rows = vec![
        common::screen("Ana Souza", "+44 7700 900001", at(9, 0, 0)),
        common::screen("Bo Lindqvist", "+46 70 123 4567", at(9, 30, 0)),
        common::screen("Chen Wei", "020 7946 0999", at(10, 30, 0)),
    ];
    store.import(&rows, at(8, 0, 0), false).unwrap();
    let (script, out) = recorder(dir.path());
    let mut settings = common::settings();
    settings.dial_command = vec![script.display().to_string(), "{e164}".into()];
    let app = App::new(settings, &store, at(9, 40, 0), None).unwrap();
    (
        Day {
            dir,
            path,
            store,
            app,
        },
        out,
    )
}

impl Day {
    fn act(&mut self, a: Action, now: DateTime<Utc>) {
        update(&mut self.app, &self.store, a, now);
    }
    fn select(&mut self, name: &str) {
        let i = self
            .app
            .calls
            .iter()
            .position(|c| c.candidate.name == name)
            .unwrap();
        self.app.focus = Focus::Day;
        self.app.call_sel = Some(i);
    }
    fn candidate(&self, name: &str) -> Candidate {
        self.app
            .calls
            .iter()
            .find(|c| c.candidate.name == name)
            .unwrap()
            .candidate
            .clone()
    }
    fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }
    fn status_kind(&self) -> Option<StatusKind> {
        self.app.status.as_ref().map(|s| s.kind)
    }
    fn header(&self) -> String {
        let t = common::draw(&self.app, &callsheet::ui::Theme::plain(), 100, 30);
        let buf = t.backend().buffer();
        (0..buf.area.width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect()
    }
}

/// Waits (bounded) for the spawned recorder to have written `lines` lines.
fn recorded(out: &Path, lines: usize) -> String {
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(out).unwrap_or_default();
        if text.lines().count() >= lines {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "the dial command did not run: {text:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn dialling_runs_the_command_with_the_e164_number_and_opens_a_timed_call() {
    let (mut d, out) = day();
    d.select("Ana Souza");
    d.act(Action::Dial, at(9, 40, 0));
    assert_eq!(d.status_kind(), Some(StatusKind::Success), "{}", d.status());
    assert_eq!(recorded(&out, 1), "+447700900001\n");
    let live = d.app.live_call.clone().expect("a call in progress");
    assert_eq!(live.name, "Ana Souza");
    assert_eq!(live.started, at(9, 40, 0));

    // The loop ticks; the header's timer follows the injected clock.
    d.act(Action::Tick, at(9, 43, 12));
    assert!(
        d.header().contains("on call with Ana Souza · 03:12"),
        "{}",
        d.header()
    );

    // The next mark closes it with its length and links the attempt.
    d.act(Action::Mark(Outcome::Answered), at(9, 45, 30));
    assert!(
        d.status().contains("call with Ana Souza ended, 05:30"),
        "{}",
        d.status()
    );
    assert_eq!(d.app.live_call, None);
    assert!(!d.header().contains("on call"), "{}", d.header());

    // A fresh connection reads the same.
    let fresh = Store::open(&d.path).unwrap();
    let ana = d.candidate("Ana Souza");
    let dials = fresh.dials_for(ana.id).unwrap();
    assert_eq!(dials.len(), 1);
    assert_eq!(dials[0].seconds, Some(330));
    assert_eq!(dials[0].call.number, "+447700900001");
    assert_eq!(dials[0].closed_by.as_deref(), Some("mark"));
    let attempts = fresh.attempts_for(ana.id).unwrap();
    assert_eq!(dials[0].attempt_id, Some(attempts.last().unwrap().id));
    assert!(fresh.open_dials().unwrap().is_empty());
}

#[test]
fn a_do_not_call_candidate_is_never_dialled() {
    let (mut d, out) = day();
    let bo = d.candidate("Bo Lindqvist");
    d.store
        .set_do_not_call(bo.id, true, Some("asked not to be called"), at(9, 0, 0))
        .unwrap();
    d.app.reload(&d.store).unwrap();
    d.select("Bo Lindqvist");
    d.act(Action::Dial, at(9, 40, 0));
    assert_eq!(
        d.status(),
        "Bo Lindqvist is do-not-call (asked not to be called): not dialled"
    );
    assert_eq!(d.status_kind(), Some(StatusKind::Warning));
    assert_eq!(d.app.live_call, None);
    assert!(matches!(d.app.mode, Mode::Normal), "no override question");
    // Y does not hand the number over either.
    d.act(Action::CopyNumber, at(9, 40, 0));
    assert_eq!(d.app.clipboard, None);
    assert!(d.status().contains("number not copied"), "{}", d.status());
    // A known command is given time to have run: Ana's dial lands, Bo's
    // never did.
    d.select("Ana Souza");
    d.act(Action::Dial, at(9, 41, 0));
    assert_eq!(recorded(&out, 1), "+447700900001\n");
    assert!(d.store.dials_for(bo.id).unwrap().is_empty());
}

#[test]
fn a_national_number_is_refused_and_y_copies_it_as_it_is() {
    let (mut d, out) = day();
    d.select("Chen Wei");
    d.act(Action::Dial, at(9, 40, 0));
    assert!(
        d.status()
            .contains("'020 7946 0999' is not an international number"),
        "{}",
        d.status()
    );
    assert_eq!(d.app.live_call, None);
    d.act(Action::CopyNumber, at(9, 40, 0));
    assert_eq!(d.app.clipboard.as_deref(), Some("020 7946 0999"));
    d.select("Ana Souza");
    d.act(Action::CopyNumber, at(9, 40, 0));
    assert_eq!(d.app.clipboard.as_deref(), Some("+447700900001"));
    assert_eq!(d.status(), "Copied +447700900001 (Ana Souza)");
    assert!(!out.exists());
}

#[test]
fn a_missing_program_says_so_and_copies_the_number_instead() {
    let (mut d, _) = day();
    d.app.settings.dial_command = vec!["callsheet-no-such-softphone".into(), "{tel}".into()];
    d.select("Ana Souza");
    d.act(Action::Dial, at(9, 40, 0));
    assert_eq!(
        d.status(),
        "dial_command: 'callsheet-no-such-softphone' is not installed: \
         copied +447700900001 to the clipboard, dial it by hand"
    );
    assert_eq!(d.app.clipboard.as_deref(), Some("+447700900001"));
    assert_eq!(d.app.live_call, None, "nothing rang: no call opened");
}

#[test]
fn a_failing_command_is_reported_on_the_next_tick_and_its_call_closed() {
    let (mut d, _) = day();
    d.app.settings.dial_command = vec!["sh".into(), "-c".into(), "exit 4".into()];
    d.select("Ana Souza");
    d.act(Action::Dial, at(9, 40, 0));
    assert!(d.app.live_call.is_some());
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    while d.app.live_call.is_some() {
        assert!(Instant::now() < deadline, "the failure never arrived");
        std::thread::sleep(std::time::Duration::from_millis(20));
        d.act(Action::Tick, at(9, 40, 1));
    }
    assert!(d.status().contains("'sh' exited with 4"), "{}", d.status());
    assert_eq!(d.app.clipboard.as_deref(), Some("+447700900001"));
    let dials = d.store.dials_for(d.candidate("Ana Souza").id).unwrap();
    assert_eq!(dials[0].line_result.map(|r| r.as_str()), Some("failed"));
}

#[test]
fn a_third_attempt_this_week_asks_first() {
    let (mut d, out) = day();
    let ana = d.candidate("Ana Souza");
    d.select("Ana Souza");
    // Two attempts this week already (the limit is two): a no-answer and
    // an earlier dial that no mark accounts for.
    d.act(Action::Dial, at(9, 40, 0));
    d.act(Action::Mark(Outcome::Voicemail), at(9, 41, 0));
    recorded(&out, 1);
    let open = d
        .store
        .open_dial(ana.id, None, "+447700900001", at(9, 42, 0))
        .unwrap();
    d.store
        .close_dial(
            open.id,
            at(9, 43, 0),
            callsheet::domain::live_call::ClosedBy::HangUp,
            None,
            None,
        )
        .unwrap();
    d.app.reload(&d.store).unwrap();
    d.select("Ana Souza");
    d.act(Action::Dial, at(9, 44, 0));
    let Mode::Confirm(c, _) = &d.app.mode else {
        panic!("no question: {:?}", d.app.mode);
    };
    assert!(
        c.prompt
            .contains("Ana Souza has had 2 call attempts this week (limit 2)"),
        "{}",
        c.prompt
    );
    d.act(Action::Confirm(false), at(9, 44, 0));
    assert_eq!(d.app.live_call, None);
    d.act(Action::Dial, at(9, 44, 0));
    d.act(Action::Confirm(true), at(9, 44, 0));
    assert!(d.app.live_call.is_some());
    assert_eq!(recorded(&out, 2), "+447700900001\n+447700900001\n");
}

#[test]
fn a_call_left_open_by_quitting_is_closed_at_the_next_start_and_said() {
    let (mut d, out) = day();
    d.select("Ana Souza");
    d.act(Action::Dial, at(9, 40, 0));
    recorded(&out, 1);
    drop(d.app);
    // The next start.
    let mut app = App::new(common::settings(), &d.store, at(10, 5, 0), None).unwrap();
    assert!(app.live_call.is_some(), "the open dial is read back");
    callsheet::app::dialing::close_left_open(&mut app, &d.store).unwrap();
    assert_eq!(app.live_call, None);
    let said = app.status.as_ref().unwrap();
    assert_eq!(said.kind, StatusKind::Warning);
    assert_eq!(
        said.text,
        "The call with Ana Souza from 09:40 was still open when callsheet quit: closed, length unknown"
    );
    let dials = d.store.dials_for(app.calls[0].candidate.id).unwrap();
    assert_eq!(dials[0].closed_by.as_deref(), Some("restart"));
    assert_eq!(dials[0].seconds, None);
    assert_eq!(dials[0].ended, Some(at(10, 5, 0)));
    let _ = &d.dir;
}

#[test]
fn the_candidate_view_dials_with_c_and_notes_move_to_capital_e() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (mut d, out) = day();
    d.select("Ana Souza");
    d.act(Action::OpenDetail, at(9, 40, 0));
    let keymap = Keymap::default();
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(keymap.action_for(&d.app, &key('c')), Some(Action::Dial));
    assert_eq!(
        keymap.action_for(&d.app, &key('E')),
        Some(Action::EditCandidateNote)
    );
    assert_eq!(
        keymap.action_for(&d.app, &key('Y')),
        Some(Action::CopyNumber)
    );
    d.act(Action::Dial, at(9, 40, 0));
    assert_eq!(recorded(&out, 1), "+447700900001\n");
    // Queue and day have it too.
    d.act(Action::Back, at(9, 40, 0));
    assert_eq!(keymap.action_for(&d.app, &key('c')), Some(Action::Dial));
    d.app.focus = Focus::Queue;
    assert_eq!(keymap.action_for(&d.app, &key('c')), Some(Action::Dial));
    let _ = Duration::zero();
}
