//! `callsheet book --candidate ID|PHONE|NAME --at "YYYY-MM-DD HH:MM"
//! [--role R] [--minutes N]`: a screen into a free slot, as `b` books one.
//!
//! A taken slot, a do-not-call person or a slot that is over exits 1 with
//! one line, and nothing is written.

use super::{emit, Env};
use crate::error::{Error, Result};
use crate::sanitize;
use crate::store::Who;
use clap::Args;

#[derive(Debug, Args)]
pub struct BookArgs {
    /// The candidate: their id, or a name or phone number that finds
    /// exactly one person.
    #[arg(long, value_name = "ID|PHONE|NAME")]
    pub candidate: String,

    /// When: YYYY-MM-DD HH:MM in your time zone (or RFC 3339).
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    pub at: String,

    /// The role the screen is for.
    #[arg(long, value_name = "R")]
    pub role: Option<String>,

    /// Length in minutes [default: the slot length, hours.slot_minutes].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,
}

pub fn run(env: &Env, args: &BookArgs) -> Result<()> {
    let zone = env.zone();
    let start = crate::import::parse_instant(&args.at, zone).ok_or_else(|| {
        Error::Invalid(format!(
            "--at '{}': expected YYYY-MM-DD HH:MM (your time zone, {})",
            sanitize::line(&args.at),
            zone.name()
        ))
    })?;
    let minutes = args
        .minutes
        .unwrap_or(env.settings.rules.hours.slot_minutes);
    let slot = crate::domain::Interval::minutes(start, i64::from(minutes));
    let store = env.open_existing()?;
    let now = env.now();
    let candidate = super::template::find(&store, &args.candidate, now)?;
    let (id, _) = store.book(
        &Who::Existing(candidate.id),
        slot,
        args.role.as_deref(),
        now,
        &env.settings.rules,
    )?;
    let local = start.with_timezone(&zone);
    let theirs = match candidate.timezone {
        Some(z) if candidate.clock_differs(zone, start) => format!(
            " ({} their time, {})",
            start.with_timezone(&z).format("%H:%M"),
            z.name()
        ),
        _ => String::new(),
    };
    emit(&format!(
        "booked call {id}: {} {} for {minutes} min{theirs}\n",
        sanitize::line(&candidate.name),
        local.format("%a %d %b %H:%M"),
    ))
}
