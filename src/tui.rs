//! The terminal: set-up, restore on every path, the event loop.

use crate::clock::Clock;
use crate::config::Settings;
use crate::error::Result;
use crate::store::Store;
use chrono::NaiveDate;

/// Options for one run of the interactive app.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Draw one frame and exit (benchmarks, smoke tests).
    pub exit_after_first_frame: bool,
}

/// Runs the app until the recruiter quits. (Being written.)
pub fn run(_store: Store, _settings: Settings, _clock: Clock, _date: Option<NaiveDate>, _opts: RunOptions) -> Result<()> {
    Ok(())
}
