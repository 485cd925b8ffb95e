//! The app's side of the sync thread (`sync::worker`): started when the
//! config has `[[calendars]]`, asked to sync now by `L`, and read without
//! waiting once per watch tick, so no key ever waits for the network. The
//! thread writes through its own connection; the loop's data-version watch
//! then reloads the day.

use crate::app::{App, StatusKind};
use crate::clock::Clock;
use crate::config::Settings;
use crate::store::Store;
use crate::sync::worker::{start, Ask, Round, Worker};
use crate::ui::sync_line::CalendarState;

pub struct Live {
    worker: Worker,
}

/// Starts the thread, or `None` with no calendars (or an in-memory store).
pub fn start_live(
    store: &Store,
    settings: &Settings,
    clock: &Clock,
    app: &mut App,
) -> Option<Live> {
    if settings.calendars.is_empty() {
        return None;
    }
    let path = store.path()?.to_path_buf();
    let ctx = crate::import::Context {
        zone: settings.zone(),
        slot_minutes: settings.rules.hours.slot_minutes,
    };
    let clock = clock.clone();
    let worker = start(path, settings.calendars.clone(), ctx, move || clock.now());
    app.calendar = Some(CalendarState::default());
    Some(Live { worker })
}

impl Live {
    /// Takes what the thread reported since the last call; `true` when the
    /// header changed.
    pub fn poll(&self, app: &mut App) -> bool {
        let mut changed = false;
        while let Ok(round) = self.worker.done.try_recv() {
            apply(app, &round);
            changed = true;
        }
        if app.sync_requested {
            app.sync_requested = false;
            let _ = self.worker.ask.send(Ask::SyncNow);
        }
        changed
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.worker.ask.send(Ask::Stop);
    }
}

fn apply(app: &mut App, round: &Round) {
    let state = app.calendar.get_or_insert_with(CalendarState::default);
    match round
        .reports
        .iter()
        .find_map(|r| r.error.as_ref().map(|e| (&r.name, e)))
    {
        Some((name, e)) => {
            let since = state.failing.as_ref().map_or(round.at, |(t, _)| *t);
            state.failing = Some((since, format!("{name}: {e}")));
        }
        None => {
            state.failing = None;
            state.last_ok = Some(round.at);
        }
    }
    let notes: Vec<&String> = round.reports.iter().flat_map(|r| &r.notes).collect();
    if let Some(first) = notes.first() {
        let more = if notes.len() > 1 {
            format!(" (+{} more; `callsheet sync` lists them)", notes.len() - 1)
        } else {
            String::new()
        };
        app.set_status(StatusKind::Warning, format!("calendar: {first}{more}"));
    }
}
