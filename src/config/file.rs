//! Reading `config.toml` into `Settings`, forgivingly.
//!
//! Each key is read on its own: a bad value or an unknown key becomes a
//! `Problem` naming the key and its line, and that key keeps its default
//! while every other key still applies. A file the recruiter named with
//! `--config` must be clean (the caller turns problems into an error); the
//! file in the default place only warns, so a typo never stops the app on
//! the morning of a full day.
//!
//! Sections are read through serde from plain structs (`[callbacks]` is
//! `CallbackPolicy` itself), so a field added to one of them is readable
//! from the file without touching this module; the example-file test then
//! insists that it is documented.

use super::{bounds, LogLevel, Notifications, Settings};
use crate::domain::{CallbackPolicy, WorkingHours};
use crate::error::{Error, Result};
use crate::keymap::{Context, KeyOverride, Keymap};
use crate::ui::theme::Palette;
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// The commented settings of the example config; `example()` adds the
/// list of actions and keys, generated from the key table.
pub const EXAMPLE: &str = include_str!("../../assets/config.example.toml");

/// The commented example config file that `callsheet config --init`
/// writes: the settings, then every action with its built-in keys.
///
/// Each numeric key's line gets its range from `config::bounds` (the
/// code's limits, not text kept by hand beside them).
pub fn example() -> String {
    format!(
        "{}{}",
        with_ranges(EXAMPLE),
        Keymap::default().config_reference()
    )
}

/// `text` with `  # range min–max unit` after each `key = value` line of
/// a bounded key (commented-out lines too), by section.
fn with_ranges(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 512);
    let mut section = String::new();
    for line in text.lines() {
        let bare = line.trim_start_matches('#').trim();
        if bare.starts_with('[') && bare.ends_with(']') && !bare.contains('=') {
            section = format!("{}.", bare.trim_matches(['[', ']']));
        }
        out.push_str(line);
        if let Some((key, _)) = bare.split_once('=') {
            let key = key.trim();
            let dotted = format!("{section}{key}");
            if let Some(note) = bounds::note(&dotted).filter(|_| !line.contains("# range")) {
                out.push_str("  # ");
                out.push_str(&note);
            }
        }
        out.push('\n');
    }
    out
}

/// The sections of the file, beside the top-level keys.
const SECTIONS: [&str; 7] = [
    "hours",
    "callbacks",
    "notifications",
    "theme",
    "keys",
    "phone",
    "calendars",
];

/// Which file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// Named by `--config` / `CALLSHEET_CONFIG`: must exist and be clean.
    Explicit(PathBuf),
    /// The usual place: may be missing; problems only warn.
    Default(PathBuf),
    /// No home directory to look in: defaults.
    Nowhere,
}

impl ConfigSource {
    pub fn path(&self) -> Option<&Path> {
        match self {
            ConfigSource::Explicit(p) | ConfigSource::Default(p) => Some(p),
            ConfigSource::Nowhere => None,
        }
    }
}

/// One thing wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// The dotted key (`callbacks.horizon_days`); empty for the whole file.
    pub key: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.key.is_empty() {
            write!(f, "{}: ", self.key)?;
        }
        f.write_str(&self.message)
    }
}

/// The settings in force and what was wrong with the file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// The file read, if one was there.
    pub path: Option<PathBuf>,
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// Each problem as `path:line: key: message`, for stderr and the status
    /// line.
    pub fn messages(&self) -> Vec<String> {
        let file = self
            .path
            .as_deref()
            .map_or_else(|| "config".to_string(), |p| p.display().to_string());
        self.problems
            .iter()
            .map(|p| match p.line {
                Some(l) => format!(
                    "{file}:{l}: {}",
                    Problem {
                        line: None,
                        ..p.clone()
                    }
                ),
                None => format!("{file}: {p}"),
            })
            .collect()
    }
}

/// Reads the config from `source` and settles the time zone: `tz_flag`
/// (`--tz` / `CALLSHEET_TZ`) wins over the file's `time_zone`, which wins
/// over the system's.
pub fn load(source: &ConfigSource, tz_flag: Option<&str>) -> Result<Loaded> {
    let explicit = matches!(source, ConfigSource::Explicit(_));
    let read = match source.path() {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some((path.to_path_buf(), Ok(text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => None,
            Err(e) => Some((path.to_path_buf(), Err(e))),
        },
    };
    let (mut settings, file_zone, mut problems, path) = match read {
        None => (Settings::default(), None, Vec::new(), None),
        Some((path, Err(e))) => {
            if explicit {
                return Err(Error::io(path, e));
            }
            let problem = Problem {
                line: None,
                key: String::new(),
                message: format!("cannot read it ({e}); using the defaults"),
            };
            (Settings::default(), None, vec![problem], Some(path))
        }
        Some((path, Ok(text))) => {
            let (settings, zone, problems) = parse(&text);
            (settings, zone, problems, Some(path))
        }
    };
    if let Some(config) = source.path() {
        let (templates, trouble) = super::templates::read(&super::templates::dir(config));
        settings.templates = templates;
        problems.extend(trouble);
    }
    let flag = tz_flag.map(str::trim).filter(|s| !s.is_empty());
    settings.rules.hours.zone = match (flag, file_zone) {
        (None, Some(zone)) => zone,
        _ => super::resolve_zone(flag)?,
    };
    let loaded = Loaded {
        settings,
        path,
        problems,
    };
    if explicit && !loaded.problems.is_empty() {
        return Err(Error::Config(loaded.messages()));
    }
    Ok(loaded)
}

/// Reads a config file's text: the settings (in UTC unless the caller sets
/// the zone), the file's `time_zone` if it names a valid one, and the
/// problems found. Never fails: a file that is not TOML at all gives the
/// defaults and one problem.
pub fn parse(text: &str) -> (Settings, Option<Tz>, Vec<Problem>) {
    let mut problems = Vec::new();
    let defaults = Settings::default();
    let (values, spans) = match (text.parse::<toml::Table>(), DeTable::parse(text)) {
        (Ok(v), Ok(s)) => (v, s.into_inner()),
        (Err(e), _) => {
            problems.push(Problem {
                line: e.span().map(|s| line_at(text, s.start)),
                key: String::new(),
                message: format!(
                    "not valid TOML ({}); using the defaults",
                    e.message().trim()
                ),
            });
            return (defaults, None, problems);
        }
        (Ok(_), Err(e)) => {
            problems.push(Problem {
                line: e.span().map(|s| line_at(text, s.start)),
                key: String::new(),
                message: format!("not valid TOML ({}); using the defaults", e.message()),
            });
            return (defaults, None, problems);
        }
    };
    let doc = Doc {
        text,
        spans: &spans,
    };
    let mut r = Reader {
        doc: &doc,
        problems: &mut problems,
    };
    let root = toml::Value::Table(values.clone());
    // Each section's check ends with `bounds::check`: every numeric key
    // in its range.
    let general = r.section(&[], Some(&root), General::from(&defaults), |g| {
        g.check().and_then(|()| bounds::check("", g))
    });
    let hours = r.section(
        &["hours"],
        values.get("hours"),
        HoursFile::from(&defaults.rules.hours),
        |h| h.check().and_then(|()| bounds::check("hours.", h)),
    );
    let policy: CallbackPolicy = r.section(
        &["callbacks"],
        values.get("callbacks"),
        defaults.rules.policy.clone(),
        |p| bounds::check("callbacks.", p),
    );
    let notifications: Notifications = r.section(
        &["notifications"],
        values.get("notifications"),
        defaults.notifications,
        |n| bounds::check("notifications.", n),
    );
    let theme: Palette = r.section(&["theme"], values.get("theme"), defaults.theme, |_| Ok(()));
    let keys = r.keys(values.get("keys"));
    let phone: super::phone::Phone = r.section(
        &["phone"],
        values.get("phone"),
        defaults.phone.clone(),
        super::phone::Phone::check,
    );
    let (calendars, trouble) = super::calendars::read(values.get("calendars"));
    for m in trouble {
        r.problem(&["calendars"], m);
    }

    let zone = general.time_zone.0;
    // Every field named, no `..`: a field added to `Settings` does not
    // compile until it is read from the file here (and then the example
    // test asks for its documentation).
    let Settings {
        rules: _,
        callback_number: _,
        recruiter_name: _,
        default_region: _,
        no_show_grace_minutes: _,
        owed_after_working_days: _,
        mouse: _,
        log_level: _,
        notifications: _,
        theme: _,
        keys: _,
        templates: _,
        dial_command: _,
        phone: _,
        calendars: _,
    } = &defaults;
    let mut settings = Settings {
        callback_number: Some(general.callback_number).filter(|s| !s.is_empty()),
        recruiter_name: Some(general.recruiter_name).filter(|s| !s.trim().is_empty()),
        default_region: crate::domain::phone::region_named(&general.default_region),
        no_show_grace_minutes: general.no_show_grace_minutes,
        owed_after_working_days: general.owed_after_working_days,
        mouse: general.mouse,
        log_level: general.log_level,
        notifications,
        theme,
        keys,
        dial_command: general.dial_command,
        phone,
        calendars,
        ..defaults
    };
    settings.rules.policy = policy;
    hours.apply(&mut settings.rules.hours);
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    (settings, zone, problems)
}

/// The parsed file with positions, for line numbers.
struct Doc<'a> {
    text: &'a str,
    spans: &'a DeTable<'a>,
}

impl Doc<'_> {
    /// The line of the key at `path` (`["callbacks", "horizon_days"]`).
    fn line(&self, path: &[&str]) -> Option<usize> {
        let mut table = self.spans;
        let (last, parents) = path.split_last()?;
        for name in parents {
            let (_, v) = table.iter().find(|(k, _)| k.get_ref() == name)?;
            match v.get_ref() {
                DeValue::Table(t) => table = t,
                _ => return None,
            }
        }
        let (k, _) = table.iter().find(|(k, _)| k.get_ref() == last)?;
        Some(line_at(self.text, k.span().start))
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

struct Reader<'a, 'd> {
    doc: &'a Doc<'d>,
    problems: &'a mut Vec<Problem>,
}

impl Reader<'_, '_> {
    fn problem(&mut self, path: &[&str], message: String) {
        self.problems.push(Problem {
            line: self.doc.line(path),
            key: path.join("."),
            message: crate::sanitize::line(&message)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        });
    }

    /// Reads one table into `T`, key by key: a key is taken only if `T`
    /// still deserialises and passes `check` with it; otherwise it is
    /// reported and its default kept. Keys `T` does not have are reported
    /// as unknown (at the top level, the section names are skipped).
    fn section<T>(
        &mut self,
        path: &[&str],
        user: Option<&toml::Value>,
        base: T,
        check: impl Fn(&T) -> std::result::Result<(), String>,
    ) -> T
    where
        T: Serialize + DeserializeOwned + Clone,
    {
        let Some(user) = user else { return base };
        let Some(table) = user.as_table() else {
            self.problem(path, "should be a table, like [section]".into());
            return base;
        };
        let Ok(mut merged) = toml::Table::try_from(&base) else {
            return base;
        };
        let mut current = base;
        for (key, value) in table {
            let key_path: Vec<&str> = path.iter().copied().chain([key.as_str()]).collect();
            if path.is_empty() && SECTIONS.contains(&key.as_str()) {
                continue;
            }
            if !merged.contains_key(key) {
                let what = if value.is_table() { "section" } else { "key" };
                let mut known: Vec<&str> = merged.keys().map(String::as_str).collect();
                if path.is_empty() {
                    known.extend(SECTIONS);
                }
                self.problem(
                    &key_path,
                    format!("unknown {what} (known here: {})", known.join(", ")),
                );
                continue;
            }
            let mut trial = merged.clone();
            trial.insert(key.clone(), value.clone());
            match toml::Value::Table(trial.clone()).try_into::<T>() {
                Ok(t) => match check(&t) {
                    Ok(()) => {
                        merged = trial;
                        current = t;
                    }
                    Err(m) => self.problem(&key_path, format!("{m}; kept the default")),
                },
                Err(e) => self.problem(
                    &key_path,
                    format!("{}; kept the default", e.message().trim()),
                ),
            }
        }
        current
    }

    /// `[keys]` and `[keys.<context>]`: checked against the key table, so
    /// unknown actions, bad keys and conflicts are reported here too.
    fn keys(&mut self, user: Option<&toml::Value>) -> Vec<KeyOverride> {
        let Some(user) = user else { return Vec::new() };
        let Some(table) = user.as_table() else {
            self.problem(&["keys"], "should be a table, like [keys]".into());
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, value) in table {
            if let Some(sub) = value.as_table() {
                let Some(ctx) = Context::from_config_name(name) else {
                    let names: Vec<&str> = Context::ALL.iter().map(|c| c.config_name()).collect();
                    self.problem(
                        &["keys", name],
                        format!("unknown context (known: {})", names.join(", ")),
                    );
                    continue;
                };
                for (action, v) in sub {
                    if let Some(o) = self.key_override(Some(ctx), &["keys", name, action], v) {
                        out.push(o);
                    }
                }
            } else if let Some(o) = self.key_override(None, &["keys", name], value) {
                out.push(o);
            }
        }
        // The app builds its table from the same list and skips the same
        // entries, so reporting here is enough.
        let (_, problems) = Keymap::with_overrides(&out);
        for p in problems {
            self.problems.push(Problem {
                line: p.line,
                key: p.key,
                message: p.message,
            });
        }
        out
    }

    fn key_override(
        &mut self,
        context: Option<Context>,
        path: &[&str],
        value: &toml::Value,
    ) -> Option<KeyOverride> {
        let keys = match value {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Array(items) => {
                let strings: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                match strings {
                    Some(s) => s,
                    None => {
                        self.problem(path, "should be a list of keys, like [\"v\"]".into());
                        return None;
                    }
                }
            }
            _ => {
                self.problem(path, "should be a list of keys, like [\"v\"]".into());
                return None;
            }
        };
        Some(KeyOverride {
            context,
            action: path.last().map(|s| s.to_string()).unwrap_or_default(),
            keys,
            line: self.doc.line(path),
        })
    }
}

// ------------------------------------------------------------ file shapes

/// The top-level keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
struct General {
    time_zone: ZoneName,
    callback_number: String,
    recruiter_name: String,
    default_region: String,
    no_show_grace_minutes: u32,
    owed_after_working_days: u32,
    mouse: bool,
    log_level: LogLevel,
    dial_command: Vec<String>,
}

impl From<&Settings> for General {
    fn from(s: &Settings) -> Self {
        General {
            time_zone: ZoneName(None),
            callback_number: s.callback_number.clone().unwrap_or_default(),
            recruiter_name: s.recruiter_name.clone().unwrap_or_default(),
            default_region: s
                .default_region
                .map(|r| r.as_ref().to_string())
                .unwrap_or_default(),
            no_show_grace_minutes: s.no_show_grace_minutes,
            owed_after_working_days: s.owed_after_working_days,
            mouse: s.mouse,
            log_level: s.log_level,
            dial_command: s.dial_command.clone(),
        }
    }
}

impl Default for General {
    fn default() -> Self {
        General::from(&Settings::default())
    }
}

impl General {
    fn check(&self) -> std::result::Result<(), String> {
        if self.no_show_grace_minutes > 120 {
            return Err("no-show grace is at most 120 minutes".into());
        }
        if self.callback_number.chars().any(char::is_control) {
            return Err("the callback number cannot hold control characters".into());
        }
        if self.recruiter_name.chars().any(char::is_control) {
            return Err("your name cannot hold control characters".into());
        }
        if self
            .dial_command
            .first()
            .is_none_or(|p| p.trim().is_empty())
        {
            return Err("dial_command needs a program, like [\"xdg-open\", \"{tel}\"]".into());
        }
        if self
            .dial_command
            .iter()
            .any(|a| a.chars().any(char::is_control))
        {
            return Err("dial_command cannot hold control characters".into());
        }
        if !self.default_region.trim().is_empty()
            && crate::domain::phone::region_named(&self.default_region).is_none()
        {
            return Err(format!(
                "default_region '{}' is not a region code (a two-letter country code like GB or US)",
                crate::sanitize::line(self.default_region.trim())
            ));
        }
        Ok(())
    }
}

/// An IANA zone name; empty means "the system's".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct ZoneName(Option<Tz>);

impl TryFrom<String> for ZoneName {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(ZoneName(None));
        }
        t.parse::<Tz>().map(|z| ZoneName(Some(z))).map_err(|_| {
            format!("unknown time zone '{t}' (expected an IANA name like Europe/London)")
        })
    }
}

impl From<ZoneName> for String {
    fn from(z: ZoneName) -> String {
        z.0.map(|z| z.name().to_string()).unwrap_or_default()
    }
}

/// `[hours]`: the recruiter's working week.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
struct HoursFile {
    days: Vec<DayName>,
    start: Hhmm,
    end: Hhmm,
    slot_minutes: u32,
}

impl From<&WorkingHours> for HoursFile {
    fn from(h: &WorkingHours) -> Self {
        HoursFile {
            days: h.days.iter().copied().map(DayName).collect(),
            start: Hhmm(h.start),
            end: Hhmm(h.end),
            slot_minutes: h.slot_minutes,
        }
    }
}

impl Default for HoursFile {
    fn default() -> Self {
        HoursFile::from(&WorkingHours::default())
    }
}

impl HoursFile {
    fn check(&self) -> std::result::Result<(), String> {
        if self.days.is_empty() {
            return Err("name at least one working day".into());
        }
        if self.start.0 >= self.end.0 {
            return Err(format!(
                "the working day must start before it ends ({} – {})",
                String::from(self.start),
                String::from(self.end)
            ));
        }
        if !(5..=240).contains(&self.slot_minutes) {
            return Err("slot_minutes must be between 5 and 240".into());
        }
        Ok(())
    }

    fn apply(self, h: &mut WorkingHours) {
        let mut days: Vec<Weekday> = self.days.into_iter().map(|d| d.0).collect();
        days.sort_by_key(Weekday::num_days_from_monday);
        days.dedup();
        h.days = days;
        h.start = self.start.0;
        h.end = self.end.0;
        h.slot_minutes = self.slot_minutes;
    }
}

/// A weekday as `mon` … `sun` (full names accepted).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct DayName(Weekday);

impl TryFrom<String> for DayName {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        s.trim()
            .parse::<Weekday>()
            .map(DayName)
            .map_err(|_| format!("'{s}' is not a weekday (mon, tue, … sun)"))
    }
}

impl From<DayName> for String {
    fn from(d: DayName) -> String {
        d.0.to_string().to_ascii_lowercase()
    }
}

/// A time of day as `HH:MM`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct Hhmm(NaiveTime);

impl TryFrom<String> for Hhmm {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map(Hhmm)
            .map_err(|_| format!("'{s}' is not a time like 08:00"))
    }
}

impl From<Hhmm> for String {
    fn from(t: Hhmm) -> String {
        t.0.format("%H:%M").to_string()
    }
}

/// Every documented key with its default, as `(dotted key, TOML value)`:
/// what the example file and docs/config.md must cover.
pub fn reference() -> Vec<(String, String)> {
    let d = Settings::default();
    let mut out = Vec::new();
    let mut push = |prefix: &str, v: toml::Table| {
        for (k, v) in v {
            if !v.is_table() {
                out.push((format!("{prefix}{k}"), v.to_string()));
            }
        }
    };
    push("", table(&General::from(&d)));
    push("hours.", table(&HoursFile::from(&d.rules.hours)));
    push("callbacks.", table(&d.rules.policy));
    push("notifications.", table(&d.notifications));
    push("theme.", table(&d.theme));
    push("phone.", table(&d.phone));
    out
}

fn table<T: Serialize>(v: &T) -> toml::Table {
    toml::Table::try_from(v).unwrap_or_default()
}

#[cfg(test)]
mod tests;
