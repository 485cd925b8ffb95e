//! The app's sync thread: it owns its own `Store` connection, syncs every
//! source when asked (`L`) or when the shortest `refresh_minutes` has
//! passed, and sends each result back over a channel, so no key ever
//! waits for the network.

use super::{sync_all, Env, SourceReport};
use crate::config::calendars::CalendarSource;
use crate::import::Context;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// What the app asks of the thread.
pub enum Ask {
    SyncNow,
    Stop,
}

/// What the thread tells the app after each round.
#[derive(Debug, Clone)]
pub struct Round {
    pub at: DateTime<Utc>,
    pub reports: Vec<SourceReport>,
}

/// The app's end of the thread.
pub struct Worker {
    pub ask: Sender<Ask>,
    pub done: Receiver<Round>,
}

/// Starts the thread on the database at `db`; `clock` gives "now" (the
/// app's injectable clock).
pub fn start(
    db: PathBuf,
    sources: Vec<CalendarSource>,
    ctx: Context,
    clock: impl Fn() -> DateTime<Utc> + Send + 'static,
) -> Worker {
    let (ask_tx, ask_rx) = channel();
    let (done_tx, done_rx) = channel();
    let every = sources
        .iter()
        .map(|s| s.refresh_minutes)
        .min()
        .unwrap_or(5)
        .max(1);
    std::thread::spawn(move || {
        let period = Duration::from_secs(u64::from(every) * 60);
        let Ok(store) = Store::open(&db) else { return };
        loop {
            let env = Env::new(ctx, clock());
            let reports = sync_all(&store, &sources, &env);
            if done_tx
                .send(Round {
                    at: env.now,
                    reports,
                })
                .is_err()
            {
                return;
            }
            match ask_rx.recv_timeout(period) {
                Ok(Ask::SyncNow) | Err(RecvTimeoutError::Timeout) => {}
                Ok(Ask::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    Worker {
        ask: ask_tx,
        done: done_rx,
    }
}
