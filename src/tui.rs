//! The terminal: set-up, restore on every path, and the event loop.
//!
//! The loop sleeps in `event::poll` until a key, a resize, the next minute
//! (the clock and countdown change), or the next check for other writers.
//! It draws only when something changed, so an idle app costs ~nothing.

use crate::app::{update::update, Action, App};
use crate::clock::Clock;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::keymap::Keymap;
use crate::store::Store;
use chrono::{NaiveDate, Timelike};
use crossterm::event::{self, Event};
use std::time::{Duration, Instant};

/// How often to look for marks made by another window or a CLI `mark`.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Options for one run of the interactive app.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Draw one frame and exit (benchmarks, smoke tests).
    pub exit_after_first_frame: bool,
}

/// Runs the app until the recruiter quits.
///
/// The state is loaded before the terminal is touched, so a bad database
/// is reported on a normal screen. `ratatui::init` installs a panic hook
/// that restores the terminal before the panic message prints.
pub fn run(
    store: Store,
    settings: Settings,
    clock: Clock,
    date: Option<NaiveDate>,
    opts: RunOptions,
) -> Result<()> {
    let mut app = App::new(settings, &store, clock.now(), date)?;
    let keymap = Keymap::default();
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, &store, &keymap, &clock, &opts);
    ratatui::restore();
    result
}

fn io(e: std::io::Error) -> Error {
    Error::Io {
        path: "terminal".into(),
        source: e,
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    store: &Store,
    keymap: &Keymap,
    clock: &Clock,
    opts: &RunOptions,
) -> Result<()> {
    let mut dirty = true;
    let mut next_watch = Instant::now() + WATCH_EVERY;
    let mut shown_minute = minute_of(clock);
    loop {
        if dirty {
            terminal
                .draw(|f| crate::ui::render(app, keymap, f))
                .map_err(io)?;
            dirty = false;
            if opts.exit_after_first_frame {
                return Ok(());
            }
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
        let timeout = to_minute.min(next_watch.saturating_duration_since(Instant::now()));
        if event::poll(timeout).map_err(io)? {
            match event::read().map_err(io)? {
                Event::Key(key) => {
                    if let Some(action) = keymap.action_for(app, &key) {
                        update(app, store, action, clock.now());
                        dirty = true;
                    }
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        let minute = minute_of(clock);
        let watch = Instant::now() >= next_watch;
        if watch {
            next_watch = Instant::now() + WATCH_EVERY;
        }
        if minute != shown_minute || (watch && store.data_version().ok() != Some(app.data_version))
        {
            shown_minute = minute;
            update(app, store, Action::Tick, clock.now());
            dirty = true;
        }
    }
}

fn minute_of(clock: &Clock) -> i64 {
    clock.now().timestamp().div_euclid(60)
}
