//! The range of every numeric config key, in one table: `config --check`
//! and every load refuse a value outside it (the key keeps its default),
//! and the generated reference (`config --init`, the docs) prints it next
//! to the key.
//!
//! Why bounds at all: `voicemail_delay_minutes = 1000000000000` overflowed
//! the date arithmetic, `horizon_days = 4294967295` too, and
//! `no_show_working_days = 4294967295` made a mark walk four billion days
//! (issue 14, item 4). The domain clamps to the same limits (see
//! `domain::policy`), so settings built in code cannot do it either.

use crate::domain::policy::limits;
use serde::Serialize;

/// One numeric key's range, both ends allowed.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// The dotted key (`callbacks.horizon_days`).
    pub key: &'static str,
    pub min: i64,
    pub max: i64,
    /// The unit, for the messages and the reference ("minutes").
    pub unit: &'static str,
}

/// Every numeric key of the file. A numeric key missing here fails
/// `every_numeric_key_has_a_bound`.
pub const BOUNDS: &[Bound] = &[
    Bound {
        key: "no_show_grace_minutes",
        min: 0,
        max: 120,
        unit: "minutes",
    },
    Bound {
        key: "owed_after_working_days",
        min: 1,
        max: limits::MAX_WORKING_DAYS as i64,
        unit: "working days",
    },
    Bound {
        key: "hours.slot_minutes",
        min: 5,
        max: 240,
        unit: "minutes",
    },
    Bound {
        key: "callbacks.voicemail_delay_minutes",
        min: 0,
        max: limits::MAX_VOICEMAIL_DELAY_MINUTES,
        unit: "minutes",
    },
    Bound {
        key: "callbacks.no_show_working_days",
        min: 1,
        max: limits::MAX_WORKING_DAYS as i64,
        unit: "working days",
    },
    Bound {
        key: "callbacks.horizon_days",
        min: 1,
        max: limits::MAX_HORIZON_DAYS as i64,
        unit: "days",
    },
    Bound {
        key: "callbacks.weekly_attempt_limit",
        min: 1,
        max: 50,
        unit: "attempts",
    },
    Bound {
        key: "notifications.call_soon_minutes",
        min: 0,
        max: 120,
        unit: "minutes",
    },
    Bound {
        key: "phone.no_answer_seconds",
        min: 5,
        max: 300,
        unit: "seconds",
    },
];

/// The bound of the dotted `key`, if it is numeric.
pub fn of(key: &str) -> Option<&'static Bound> {
    BOUNDS.iter().find(|b| b.key == key)
}

/// Checks every integer field of `value` (a section read from the file,
/// `prefix` its dotted path with a trailing dot, or "" at the top).
pub fn check<T: Serialize>(prefix: &str, value: &T) -> Result<(), String> {
    let Ok(table) = toml::Table::try_from(value) else {
        return Ok(());
    };
    for (k, v) in &table {
        let Some(n) = v.as_integer() else { continue };
        let key = format!("{prefix}{k}");
        if let Some(b) = of(&key) {
            if !(b.min..=b.max).contains(&n) {
                return Err(format!(
                    "{k} must be between {} and {} {} (got {n})",
                    b.min, b.max, b.unit
                ));
            }
        }
    }
    Ok(())
}

/// The reference's note for `key`: `range 1–90 days`.
pub fn note(key: &str) -> Option<String> {
    of(key).map(|b| format!("range {}–{} {}", b.min, b.max, b.unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_numeric_key_has_a_bound() {
        for (key, value) in super::super::reference() {
            if value.parse::<i64>().is_ok() {
                assert!(of(&key).is_some(), "{key} has no bound in BOUNDS");
            }
        }
        for b in BOUNDS {
            assert!(
                super::super::reference().iter().any(|(k, _)| k == b.key),
                "{} is not a key",
                b.key
            );
            assert!(b.min <= b.max);
        }
    }

    #[test]
    fn the_issues_values_are_refused() {
        use crate::domain::CallbackPolicy;
        for (policy, key) in [
            (
                CallbackPolicy {
                    voicemail_delay_minutes: 1_000_000_000_000,
                    ..CallbackPolicy::default()
                },
                "voicemail_delay_minutes",
            ),
            (
                CallbackPolicy {
                    horizon_days: u32::MAX,
                    ..CallbackPolicy::default()
                },
                "horizon_days",
            ),
            (
                CallbackPolicy {
                    no_show_working_days: u32::MAX,
                    ..CallbackPolicy::default()
                },
                "no_show_working_days",
            ),
        ] {
            let e = check("callbacks.", &policy).unwrap_err();
            assert!(e.starts_with(key), "{e}");
        }
        assert!(check("callbacks.", &CallbackPolicy::default()).is_ok());
    }
}
