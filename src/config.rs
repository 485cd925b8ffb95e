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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub rules: Rules,
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
