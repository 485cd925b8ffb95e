//! `[[calendars]]`: the real calendars callsheet reads (and publishes to).
//!
//! Each entry is read on its own: a bad entry is reported (with its index
//! and why) and left out, every other entry still applies. The password is
//! never a value in the file: only the command that prints it
//! (`password_command`) or the variable that holds it (`password_env`), so
//! it never reaches the database, an export or the log.

use serde::{Deserialize, Serialize};

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A CalDAV calendar collection (read, and written with `publish`).
    Caldav,
    /// A read-only iCalendar subscription URL.
    Ics,
}

impl SourceKind {
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Caldav => "caldav",
            SourceKind::Ics => "ics",
        }
    }
}

/// One `[[calendars]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSource {
    /// How callsheet names it (unique; "work").
    pub name: String,
    pub kind: SourceKind,
    /// The collection URL (CalDAV) or the feed URL (ics).
    pub url: String,
    #[serde(default)]
    pub username: Option<String>,
    /// Run with `sh -c`; its first line of output is the password.
    #[serde(default)]
    pub password_command: Option<String>,
    /// The environment variable that holds the password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// CalDAV only: put callsheet's own events on this calendar.
    #[serde(default)]
    pub publish: bool,
    /// How often the app syncs it.
    #[serde(default = "default_refresh")]
    pub refresh_minutes: u32,
    /// Allows plain `http://` to a host that is not loopback.
    #[serde(default)]
    pub allow_insecure: bool,
}

fn default_refresh() -> u32 {
    5
}

impl CalendarSource {
    fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() || self.name.chars().any(char::is_control) {
            return Err("name must be a plain, non-empty name".into());
        }
        let lower = self.url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return Err("url must start with https:// (or http:// for a local server)".into());
        }
        if self.publish && self.kind == SourceKind::Ics {
            return Err("publish is for kind = \"caldav\" only (an .ics URL is read-only)".into());
        }
        if self.password_command.is_some() && self.password_env.is_some() {
            return Err("give password_command or password_env, not both".into());
        }
        if !(1..=1440).contains(&self.refresh_minutes) {
            return Err("refresh_minutes is 1 to 1440".into());
        }
        Ok(())
    }
}

/// Reads the `calendars` value: the good entries, and a message for each
/// bad one (`calendars[1]: …`).
pub fn read(value: Option<&toml::Value>) -> (Vec<CalendarSource>, Vec<String>) {
    let Some(value) = value else {
        return (Vec::new(), Vec::new());
    };
    let Some(items) = value.as_array() else {
        return (
            Vec::new(),
            vec!["should be a list of [[calendars]] tables".into()],
        );
    };
    let mut out: Vec<CalendarSource> = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.clone().try_into::<CalendarSource>() {
            Ok(src) => match src.check() {
                Err(m) => problems.push(format!("[{i}]: {m}; left out")),
                Ok(()) if out.iter().any(|o| o.name == src.name) => problems.push(format!(
                    "[{i}]: a second calendar named {:?}; left out",
                    src.name
                )),
                Ok(()) => out.push(src),
            },
            Err(e) => problems.push(format!("[{i}]: {}; left out", e.message().trim())),
        }
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Vec<CalendarSource>, Vec<String>) {
        let t: toml::Table = text.parse().unwrap();
        read(t.get("calendars"))
    }

    #[test]
    fn entries_read_with_defaults() {
        let (srcs, problems) = read_text(
            r#"
[[calendars]]
name = "work"
kind = "caldav"
url = "https://dav.example.com/cal/work/"
username = "jordan"
password_command = "pass show caldav"
publish = true

[[calendars]]
name = "ats"
kind = "ics"
url = "https://ats.example.com/feed.ics"
"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(srcs.len(), 2);
        assert_eq!(srcs[0].kind, SourceKind::Caldav);
        assert!(srcs[0].publish);
        assert_eq!(srcs[1].refresh_minutes, 5);
        assert!(!srcs[1].allow_insecure);
    }

    #[test]
    fn a_bad_entry_is_left_out_and_named() {
        let (srcs, problems) = read_text(
            r#"
[[calendars]]
name = "a"
kind = "ics"
url = "https://x/feed.ics"
publish = true

[[calendars]]
name = "b"
kind = "caldav"
url = "ftp://x/"

[[calendars]]
name = "c"
kind = "caldav"
url = "https://x/"
password = "hunter2"

[[calendars]]
name = "d"
kind = "caldav"
url = "https://x/"
"#,
        );
        assert_eq!(srcs.len(), 1, "{problems:?}");
        assert_eq!(srcs[0].name, "d");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("[0]: publish"), "{problems:?}");
        assert!(problems[1].contains("url"), "{problems:?}");
        // A password in the file is refused, and not echoed back.
        assert!(problems[2].contains("password"), "{problems:?}");
        assert!(!problems[2].contains("hunter2"), "{problems:?}");
    }
}
