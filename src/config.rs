//! Settings and where files live.
//!
//! Every setting has a default, so callsheet runs with no config file at
//! all; `config.toml` (see `file`, and `assets/config.example.toml`) changes
//! only what it names. Paths come from `directories` and are overridden by
//! flags or environment variables, so tests never touch the real home.

pub mod bounds;
pub mod calendars;
pub mod command;
mod file;
pub mod phone;
pub mod templates;

pub use file::{example, load, parse, reference, ConfigSource, Loaded, Problem, EXAMPLE};

use crate::domain::template::{Sender, Templates};
use crate::domain::{CallbackPolicy, Rules, WorkingHours};
use crate::error::{Error, Result};
use crate::keymap::KeyOverride;
use crate::ui::theme::Palette;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Everything a recruiter can set. Each field has a default, and the config
/// file may set any of them (see `assets/config.example.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub rules: Rules,
    /// The number candidates are asked to ring back on; filled into the
    /// voicemail and follow-up templates. `None` leaves a placeholder.
    pub callback_number: Option<String>,
    /// The recruiter's own name, for the templates ("it's Sam calling").
    /// `None` leaves a visible gap saying how to set it.
    pub recruiter_name: Option<String>,
    /// The region (ISO 3166 code, `GB`) phone numbers without a country
    /// code are read in; `None`: the country of the recruiter's zone.
    pub default_region: Option<crate::domain::phone::Region>,
    /// Minutes after a screen's start with no mark before it is flagged as a
    /// probable no-show (and the grace notification fires).
    pub no_show_grace_minutes: u32,
    /// Working days since the last held screen with no contact before the
    /// candidate appears on the close-the-loop (owed) list.
    pub owed_after_working_days: u32,
    /// Whether the app takes the mouse (click to select, wheel to scroll).
    /// Off by default: taking it stops the terminal's own text selection,
    /// which recruiters use to copy a phone number into the dialer.
    pub mouse: bool,
    /// How much goes into the log file.
    pub log_level: LogLevel,
    pub notifications: Notifications,
    /// The theme's colours (`[theme]`).
    pub theme: Palette,
    /// Keys changed from the built-in table (`[keys]`).
    pub keys: Vec<KeyOverride>,
    /// The voicemail, follow-up, "no news yet" and rejection texts: the
    /// built-in ones, or the recruiter's files in `templates/` beside the
    /// config file.
    pub templates: Templates,
    /// What a dial runs (`c`): program and arguments, no shell, with
    /// `{e164}`, `{tel}` and `{name}` filled in.
    pub dial_command: Vec<String>,
    /// `[phone]`: a softphone wired in (baresip).
    pub phone: phone::Phone,
    /// The real calendars synced in and out (`[[calendars]]`).
    pub calendars: Vec<calendars::CalendarSource>,
}

/// When the app rings the bell (and pops a desktop notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Notifications {
    /// Ring the terminal bell.
    pub bell: bool,
    /// Also run `notify-send` when it is installed (never required).
    pub desktop: bool,
    /// Notify this many minutes before a call starts (0 = not at all).
    pub call_soon_minutes: u32,
    /// Notify when a screen's no-show grace runs out with no mark.
    pub no_show_grace: bool,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            bell: true,
            desktop: false,
            call_soon_minutes: 1,
            no_show_grace: true,
        }
    }
}

/// The log file's level; `-v` raises it for one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    /// `n` steps more verbose, at most `trace`.
    pub fn raised(self, n: u8) -> LogLevel {
        const ORDER: [LogLevel; 6] = [
            LogLevel::Off,
            LogLevel::Error,
            LogLevel::Warn,
            LogLevel::Info,
            LogLevel::Debug,
            LogLevel::Trace,
        ];
        let i = ORDER.iter().position(|l| *l == self).unwrap_or(3);
        ORDER[(i + usize::from(n)).min(ORDER.len() - 1)]
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: Rules::default(),
            callback_number: None,
            recruiter_name: None,
            default_region: None,
            no_show_grace_minutes: 10,
            owed_after_working_days: 5,
            mouse: false,
            log_level: LogLevel::Info,
            notifications: Notifications::default(),
            theme: Palette::default(),
            keys: Vec::new(),
            templates: Templates::default(),
            dial_command: crate::domain::dial::default_command(),
            phone: phone::Phone::default(),
            calendars: Vec::new(),
        }
    }
}

impl Settings {
    /// The recruiter's side of every template (name, callback number,
    /// hours), as the app's `y` and `callsheet template` both fill them.
    pub fn sender(&self, now: DateTime<Utc>) -> Sender<'_> {
        Sender {
            recruiter: self.recruiter_name.as_deref(),
            callback_number: self.callback_number.as_deref(),
            hours: &self.rules.hours,
            now,
        }
    }

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

    /// The region numbers without a country code are read in:
    /// `default_region`, else the country of the recruiter's zone.
    pub fn phone_region(&self) -> Option<crate::domain::phone::Region> {
        crate::domain::phone::default_region(self.default_region, self.zone())
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

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "callsheet")
}

/// Which config file to read: `--config` / `CALLSHEET_CONFIG` when given
/// (and then it must be there and clean), else the usual place.
pub fn config_source(explicit: Option<&std::path::Path>) -> ConfigSource {
    match explicit.filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => ConfigSource::Explicit(p.to_path_buf()),
        None => default_config_path().map_or(ConfigSource::Nowhere, ConfigSource::Default),
    }
}

/// The data directory: `~/.local/share/callsheet` on Linux.
pub fn data_dir() -> Result<PathBuf> {
    project_dirs()
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| Error::Invalid("cannot find a home directory; pass --db PATH".into()))
}

/// Where `config.toml` lives when `--config` does not say:
/// `~/.config/callsheet/config.toml` on Linux.
pub fn default_config_path() -> Result<PathBuf> {
    project_dirs()
        .map(|p| p.config_dir().join("config.toml"))
        .ok_or_else(|| Error::Invalid("cannot find a home directory; pass --config PATH".into()))
}

/// The log directory: `~/.local/state/callsheet` on Linux (the data
/// directory where there is no state directory).
pub fn log_dir() -> Result<PathBuf> {
    project_dirs()
        .map(|p| {
            p.state_dir()
                .unwrap_or_else(|| p.data_local_dir())
                .to_path_buf()
        })
        .ok_or_else(|| Error::Invalid("cannot find a home directory for the log".into()))
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
