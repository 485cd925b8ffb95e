//! Settings and where files live.
//!
//! Every setting has a default, so callsheet runs with no config file at
//! all. (A TOML config file arrives later; `Settings` is already serde so it
//! can be read into directly.) Paths come from `directories` and are
//! overridden by flags or environment variables, so tests never touch the
//! real home.

use crate::domain::{CallbackPolicy, Rules, WorkingHours};
use crate::error::{Error, Result};
use chrono_tz::Tz;
use std::path::PathBuf;

/// Everything a recruiter can set. Each field has a default, and the config
/// file may set any of them (see `assets/config.example.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub rules: Rules,
    /// The number candidates are asked to ring back on; filled into the
    /// voicemail and follow-up templates. `None` leaves a placeholder.
    pub callback_number: Option<String>,
    /// Minutes after a screen's start with no mark before it is flagged as a
    /// probable no-show (and the grace notification fires).
    pub no_show_grace_minutes: u32,
    /// Working days since the last held screen with no contact before the
    /// candidate appears on the close-the-loop (owed) list.
    pub owed_after_working_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: Rules::default(),
            callback_number: None,
            no_show_grace_minutes: 10,
            owed_after_working_days: 5,
        }
    }
}

impl Settings {
    /// Defaults in the given zone (or the system's).
    pub fn with_zone(zone: Tz) -> Settings {
        Settings {
            rules: Rules {
                hours: WorkingHours {
                    zone,
                    ..WorkingHours::default()
                },
                policy: CallbackPolicy::default(),
            },
            ..Settings::default()
        }
    }

    pub fn zone(&self) -> Tz {
        self.rules.hours.zone
    }
}

/// The recruiter's zone: `--tz` / `CALLSHEET_TZ` if given, else the
/// system's (`TZ`, then `/etc/localtime`), else UTC.
pub fn resolve_zone(explicit: Option<&str>) -> Result<Tz> {
    if let Some(name) = explicit.map(str::trim).filter(|s| !s.is_empty()) {
        return name.parse::<Tz>().map_err(|_| {
            Error::Invalid(format!(
                "unknown time zone '{name}' (expected an IANA name like Europe/London)"
            ))
        });
    }
    if let Ok(tz) = std::env::var("TZ") {
        if let Ok(z) = tz.trim_start_matches(':').parse::<Tz>() {
            return Ok(z);
        }
    }
    Ok(iana_time_zone::get_timezone()
        .ok()
        .and_then(|n| n.parse::<Tz>().ok())
        .unwrap_or(chrono_tz::UTC))
}

/// The data directory: `~/.local/share/callsheet` on Linux.
pub fn data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "callsheet")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| Error::Invalid("cannot find a home directory; pass --db PATH".into()))
}

/// The recruiter's real database.
pub fn default_db_path() -> Result<PathBuf> {
    Ok(data_dir()?.join("callsheet.sqlite3"))
}

/// The demo database: never the real one.
pub fn demo_db_path() -> Result<PathBuf> {
    Ok(data_dir()?.join("demo.sqlite3"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_values() {
        let s = Settings::with_zone(chrono_tz::Europe::London);
        assert_eq!(s.zone(), chrono_tz::Europe::London);
        assert_eq!(s.no_show_grace_minutes, 10);
        assert_eq!(s.owed_after_working_days, 5);
        assert_eq!(s.callback_number, None);
        assert_eq!(s.rules.policy, CallbackPolicy::default());
    }
}
