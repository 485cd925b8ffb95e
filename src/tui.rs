//! The terminal: set-up, restore on every path, and the event loop.
//!
//! The loop sleeps in `event::poll` until a key, a resize, the next minute
//! (the clock and countdown change), or the next check for other writers.
//! It draws only when something changed, so an idle app costs ~nothing.

mod calendar;
mod notify;
pub mod signals;

use crate::app::{update::update, Action, App, StatusKind};
use crate::clock::Clock;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::keymap::Keymap;
use crate::store::Store;
use chrono::{NaiveDate, Timelike};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::EnterAlternateScreen;
use notify::Notifier;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{BufWriter, Stdout};
use std::time::{Duration, Instant};

/// How often to look for marks made by another window or a CLI `mark`.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Options for one run of the interactive app.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Draw one frame and exit (benchmarks, smoke tests).
    pub exit_after_first_frame: bool,
    /// Problems with the config file, shown in the status line at start.
    pub config_warning: Option<String>,
}

/// Runs the app until the recruiter quits.
///
/// The state is loaded before the terminal is touched, so a bad database
/// is reported on a normal screen. [`init`] installs a panic hook that
/// restores the terminal before the panic message prints.
pub fn run(
    store: Store,
    settings: Settings,
    clock: Clock,
    date: Option<NaiveDate>,
    opts: RunOptions,
) -> Result<()> {
    let mouse = settings.mouse;
    let mut notifier = Notifier::new(
        settings.notifications,
        settings.no_show_grace_minutes,
        settings.zone(),
    );
    // Problems were reported when the config was read; here they are
    // skipped the same way.
    let (keymap, _) = Keymap::with_overrides(&settings.keys);
    let mut app = App::new(settings, &store, clock.now(), date)?;
    crate::app::dialing::close_left_open(&mut app, &store)?;
    if let Some(w) = &opts.config_warning {
        app.set_status(StatusKind::Warning, w.clone());
    }
    tracing::info!(
        calls = app.calls.len(),
        callbacks = app.queue.len(),
        mouse,
        "app open"
    );
    // Not `ratatui::init`, which panics where there is no terminal (a
    // pipe, cron).
    let watch = signals::Watch::start();
    let mut terminal = init().map_err(io)?;
    // `init`'s hook leaves the alternate screen and raw mode, then prints
    // the panic. Before that the mouse must be let go (or the shell fills
    // with escape codes) and the cursor shown: with `panic = "abort"` no
    // destructor runs to show it.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if mouse {
            let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        }
        let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
        hook(info);
    }));
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    }
    let live = calendar::start_live(&store, &app.settings.clone(), &clock, &mut app);
    let result = event_loop(
        &mut terminal,
        &mut app,
        &store,
        &keymap,
        &clock,
        &opts,
        &mut notifier,
        Outside {
            watch: &watch,
            mouse,
        },
        live.as_ref(),
    );
    signals::leave(mouse);
    // An ending signal wins over the error it may have caused (a read
    // from a hung-up terminal fails).
    let result = match watch.ending() {
        Some(signo) => {
            tracing::info!(signo, "app closed by a signal");
            Err(Error::Signal(signo))
        }
        None => result,
    };
    tracing::info!("app closed");
    result
}

/// What the loop needs from outside the app: the signals seen and whether
/// the mouse is captured (to let it go and take it again on Ctrl-Z).
#[derive(Clone, Copy)]
struct Outside<'a> {
    watch: &'a signals::Watch,
    mouse: bool,
}

/// The terminal the app draws on: ratatui's, writing through a buffer.
type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// `ratatui::init` (panic hook, raw mode, alternate screen) with the
/// backend writing into a buffer that each draw flushes in one `write`.
///
/// Straight to `Stdout`, every escape sequence of a frame takes the stdout
/// lock and goes through its line buffer, 1 KiB per `write`: a full
/// 120×40 frame was 11 writes and ~1M instructions of the first frame's
/// 13.4M (callgrind).
fn init() -> std::io::Result<Term> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    let term = crossterm::execute!(std::io::stdout(), EnterAlternateScreen).and_then(|()| {
        Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
            FRAME_BUFFER,
            std::io::stdout(),
        )))
    });
    if term.is_err() {
        ratatui::restore();
    }
    term
}

/// Bytes buffered per frame: a full 120×40 frame in colour is ~11 KiB.
const FRAME_BUFFER: usize = 64 * 1024;

fn io(e: std::io::Error) -> Error {
    Error::Io {
        path: "terminal".into(),
        source: e,
    }
}

// One more than clippy's seven: the live calendars joined the loop.
#[allow(clippy::too_many_arguments)]
fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    store: &Store,
    keymap: &Keymap,
    clock: &Clock,
    opts: &RunOptions,
    notifier: &mut Notifier,
    outside: Outside,
    live: Option<&calendar::Live>,
) -> Result<()> {
    let mut dirty = true;
    notify(app, notifier, store, clock);
    let mut next_watch = Instant::now() + WATCH_EVERY;
    let mut shown_minute = minute_of(clock);
    let mut shown_second = clock.now().timestamp();
    loop {
        if outside.watch.ending().is_some() {
            // Between two keys: whatever write the last one made is
            // committed; `run` restores the terminal and ends.
            return Ok(());
        }
        if outside.watch.take_continued() {
            // Stopped and continued from outside (`kill -STOP`, then
            // `fg`): the shell may have reset the terminal meanwhile.
            signals::enter(outside.mouse).map_err(io)?;
            terminal.clear().map_err(io)?;
            dirty = true;
        }
        if dirty {
            terminal
                .draw(|f| crate::ui::render(app, keymap, f))
                .map_err(io)?;
            dirty = false;
            if opts.exit_after_first_frame {
                return Ok(());
            }
            test_panic();
        }
        if app.should_quit {
            return Ok(());
        }
        let now = clock.now();
        let to_minute = Duration::from_millis(
            60_000
                - u64::from(now.second()) * 1000
                - u64::from(now.timestamp_subsec_millis().min(999)),
        );
        let mut timeout = to_minute.min(next_watch.saturating_duration_since(Instant::now()));
        if app.live_call.is_some() {
            // On a call the header's timer moves each second.
            let to_second = 1000 - u64::from(now.timestamp_subsec_millis().min(999));
            timeout = timeout.min(Duration::from_millis(to_second));
        }
        if event::poll(timeout).map_err(io)? {
            let ev = event::read().map_err(io)?;
            if outside.watch.ending().is_some() {
                continue;
            }
            if outside.watch.take_continued() {
                // Keys that waited in the terminal while we were stopped
                // from outside were typed for the shell: thrown away with
                // this one, then the terminal is taken again.
                signals::enter(outside.mouse).map_err(io)?;
                terminal.clear().map_err(io)?;
                dirty = true;
                continue;
            }
            if signals::is_suspend_key(&ev) {
                signals::suspend_while(terminal, outside.mouse, signals::stop_until_continued)
                    .map_err(io)?;
                // The SIGCONT that woke us is this suspend's own.
                outside.watch.take_continued();
                dirty = true;
                continue;
            }
            match ev {
                Event::Key(key) => {
                    if let Some(action) = keymap.action_for(app, &key) {
                        log_action(&action);
                        update(app, store, action, clock.now());
                        send_clipboard(app);
                        dirty = true;
                    }
                }
                Event::Mouse(m) => {
                    let area = terminal.size().map_err(io)?;
                    let area = ratatui::layout::Rect::new(0, 0, area.width, area.height);
                    for action in crate::mouse::actions(app, area, &m) {
                        update(app, store, action, clock.now());
                        dirty = true;
                    }
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        let minute = minute_of(clock);
        let second = clock.now().timestamp();
        let watch = Instant::now() >= next_watch;
        if watch {
            next_watch = Instant::now() + WATCH_EVERY;
        }
        if live.is_some_and(|l| l.poll(app)) {
            dirty = true;
        }
        let timer = app.live_call.is_some() && second != shown_second;
        if timer
            || minute != shown_minute
            || (watch && store.data_version().ok() != Some(app.data_version))
        {
            if minute != shown_minute {
                notify(app, notifier, store, clock);
            }
            shown_minute = minute;
            shown_second = second;
            update(app, store, Action::Tick, clock.now());
            send_clipboard(app);
            dirty = true;
        }
    }
}

/// Sends text waiting for the clipboard (`y`) to the terminal as OSC 52.
/// If the write fails the status line says so instead of "Copied".
fn send_clipboard(app: &mut App) {
    use std::io::Write;
    let Some(text) = app.clipboard.take() else {
        return;
    };
    let mut out = std::io::stdout().lock();
    let sent = out
        .write_all(crate::clipboard::osc52(&text).as_bytes())
        .and_then(|()| out.flush());
    if let Err(e) = sent {
        app.set_status(StatusKind::Error, format!("could not copy: {e}"));
    }
}

/// Rings for what is due and says it in the status line too, so the
/// recruiter sees what the bell was for.
fn notify(app: &mut App, notifier: &mut Notifier, store: &Store, clock: &Clock) {
    let said = notifier.check(store, clock.now());
    if !said.is_empty() {
        app.set_status(StatusKind::Warning, said.join(" · "));
    }
}

/// Logs which action ran: its name only (text typed into a note is
/// candidate data and never logged).
fn log_action(action: &Action) {
    if !matches!(action, Action::Edit(_)) {
        tracing::debug!(action = %crate::keymap::action_name(action), "key");
    }
}

/// Test builds only: `CALLSHEET_TEST_PANIC=after-first-frame` panics once
/// a frame is on screen, so the end-to-end tests can prove the terminal is
/// given back. Release builds do not read the variable.
fn test_panic() {
    #[cfg(debug_assertions)]
    if std::env::var_os("CALLSHEET_TEST_PANIC").is_some_and(|v| v == "after-first-frame") {
        panic!("CALLSHEET_TEST_PANIC: injected panic after the first frame");
    }
}

fn minute_of(clock: &Clock) -> i64 {
    clock.now().timestamp().div_euclid(60)
}
