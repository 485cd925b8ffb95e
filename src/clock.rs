//! Where "now" comes from.
//!
//! The app reads the system clock; tests and demos fix it with `--now` or
//! `CALLSHEET_NOW` so "the current slot" and "overdue" are deterministic.
//! A fixed clock still ticks from its start when asked to (`Clock::Offset`),
//! so a demo started at a fixed time shows a moving countdown.

use chrono::{DateTime, Utc};
use std::time::Instant;

#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// Always the same instant (tests).
    Fixed(DateTime<Utc>),
    /// Starts at an instant and moves with real time (a pinned demo).
    Offset {
        start: DateTime<Utc>,
        since: Instant,
    },
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
            Clock::Offset { start, since } => {
                *start + chrono::Duration::from_std(since.elapsed()).unwrap_or_default()
            }
        }
    }

    /// Parses `--now`: RFC 3339 (`2026-11-23T09:40:00Z`, or with an offset).
    pub fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
        DateTime::parse_from_rfc3339(s.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| format!("--now '{s}': {e} (expected RFC 3339, e.g. 2026-11-23T09:40:00Z)"))
    }

    pub fn is_fixed(&self) -> bool {
        !matches!(self, Clock::System)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_does_not_move() {
        let t = Clock::parse_now("2026-11-23T09:40:00Z").unwrap();
        let c = Clock::Fixed(t);
        assert_eq!(c.now(), t);
        assert_eq!(c.now(), t);
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        let t = Clock::parse_now("2026-11-23T10:40:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T09:40:00+00:00");
    }

    #[test]
    fn bad_now_names_the_flag() {
        let e = Clock::parse_now("yesterday").unwrap_err();
        assert!(e.contains("--now 'yesterday'"), "{e}");
    }
}
