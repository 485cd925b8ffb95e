//! Calendar files in: each format is parsed into `store::NewScreen`s, and the
//! store decides what is new, changed or already there.
//!
//! A parser only reads: it never touches the database, and it either returns
//! every row of a file or an error naming the file, line and column, so an
//! import is all or nothing. Formats are chosen by file extension
//! ([`Format::for_path`]): [`csv`] and [`ics`], each in its own module;
//! [`export`] writes calls and callbacks back out.
//!
//! Must not import: rusqlite, ratatui, crossterm.

pub mod csv;
pub mod encoding;
pub mod export;
pub mod ics;
pub mod ics_lines;
mod ics_rrule;
mod ics_zone;
pub mod phones;
pub mod problems;
mod windows_zones;

use crate::error::{Error, Result};
use crate::store::NewScreen;
use chrono::{DateTime, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use std::path::Path;

/// What a parser needs to know about the recruiter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Context {
    /// Local times without an offset are read in this zone.
    pub zone: Tz,
    /// The length of a call that gives no end.
    pub slot_minutes: u32,
}

/// A calendar file format callsheet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row (see [`csv`]).
    Csv,
    /// iCalendar (see [`ics`]): read with [`read_calendar`].
    Ics,
}

impl Format {
    /// Picks the format from the file's extension (case-insensitive).
    pub fn for_path(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("ics" | "ical" | "ifb" | "icalendar") => Ok(Format::Ics),
            Some(other) => Err(Error::Invalid(format!(
                "{}: cannot import .{other} files (callsheet reads .csv and .ics)",
                path.display()
            ))),
            None => Err(Error::Invalid(format!(
                "{}: no file extension; name it .csv to import it",
                path.display()
            ))),
        }
    }

    /// Parses a whole file's bytes; `name` is how messages refer to it.
    pub fn parse(self, name: &str, bytes: &[u8], ctx: &Context) -> Result<Vec<NewScreen>> {
        match self {
            Format::Csv => csv::parse(name, bytes, ctx),
            Format::Ics => Err(Error::Invalid(format!(
                "{name}: an iCalendar file needs an import window; read it with read_calendar"
            ))),
        }
    }
}

/// Reads and parses several files of any format into one calendar (CSV
/// rows are screens). Every file is read to its end and every problem in
/// any of them is returned in one error (up to `opts.cap`), so nothing is
/// written unless every file is good.
pub fn read_calendar<P: AsRef<Path>>(
    paths: &[P],
    ctx: &Context,
    opts: &ics::Options,
) -> Result<ics::Calendar> {
    let mut cal = ics::Calendar::default();
    let mut problems = problems::Problems::new(opts.cap);
    for p in paths {
        let path = p.as_ref();
        let read = Format::for_path(path).and_then(|format| {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let name = path.display().to_string();
            match format {
                Format::Csv => {
                    let mut csv_opts = opts.csv.clone();
                    csv_opts.cap = opts.cap;
                    let read = csv::parse_with(&name, &bytes, ctx, &csv_opts)?;
                    Ok(ics::Calendar {
                        screens: read.screens,
                        notes: read.notes,
                        warnings: read.warnings,
                        ..ics::Calendar::default()
                    })
                }
                Format::Ics => {
                    // The cap on repeating instances is per import, not per file.
                    let used = cal
                        .screens
                        .iter()
                        .filter_map(|s| s.source.as_ref())
                        .map(|(_, u)| u.as_str())
                        .chain(cal.busy.iter().map(|b| b.uid.as_str()))
                        .filter(|u| u.contains('/'))
                        .count();
                    let mut file_opts = opts.clone();
                    file_opts.max_instances = opts.max_instances.saturating_sub(used);
                    ics::parse(&name, &bytes, ctx, &file_opts)
                }
            }
        });
        match read {
            Ok(c) => cal.extend(c),
            Err(e) => problems.absorb(e),
        }
    }
    problems.finish(cal)
}

/// Reads and parses one file.
pub fn read_file(path: &Path, ctx: &Context) -> Result<Vec<NewScreen>> {
    let format = Format::for_path(path)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    format.parse(&path.display().to_string(), &bytes, ctx)
}

/// Reads and parses several files; the first bad one stops everything, so
/// nothing is written unless every file is good.
pub fn read_files<P: AsRef<Path>>(paths: &[P], ctx: &Context) -> Result<Vec<NewScreen>> {
    let mut rows = Vec::new();
    for p in paths {
        rows.extend(read_file(p.as_ref(), ctx)?);
    }
    Ok(rows)
}

/// The time forms every format accepts, for messages.
pub const TIME_FORMS: &str = "RFC 3339 like 2026-11-23T09:00:00Z, or YYYY-MM-DD HH:MM";

/// Reads an instant: RFC 3339 (with an offset), or a local date and time
/// (`YYYY-MM-DD HH:MM`, `T` or space, optional seconds) in `zone`.
///
/// Local times go through `local_to_utc`, so a time in a daylight-saving
/// gap or fold is read the same way everywhere in callsheet.
pub fn parse_instant(s: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = parse_local(s)?;
    Some(crate::domain::slot::local_to_utc(
        zone,
        local.date(),
        local.time(),
    ))
}

pub(crate) fn parse_local(s: &str) -> Option<NaiveDateTime> {
    const FORMS: [&str; 4] = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ];
    FORMS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// Reads a bare `HH:MM` (an end time on the start's local date).
pub fn parse_clock_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn format_follows_extension() {
        assert_eq!(
            Format::for_path(Path::new("a/b/Calls.CSV")).unwrap(),
            Format::Csv
        );
        let e = Format::for_path(Path::new("week.xlsx")).unwrap_err();
        assert!(e.to_string().contains("week.xlsx"), "{e}");
        assert!(Format::for_path(Path::new("calls")).is_err());
    }

    #[test]
    fn instants_in_rfc3339_or_local() {
        let london = chrono_tz::Europe::London;
        let want = Utc.with_ymd_and_hms(2026, 7, 6, 8, 0, 0).unwrap();
        assert_eq!(parse_instant("2026-07-06T08:00:00Z", london), Some(want));
        assert_eq!(
            parse_instant("2026-07-06T10:00:00+02:00", london),
            Some(want)
        );
        // 09:00 BST is 08:00 UTC.
        assert_eq!(parse_instant("2026-07-06 09:00", london), Some(want));
        assert_eq!(parse_instant(" 2026-07-06T09:00:00 ", london), Some(want));
        assert_eq!(parse_instant("06/07/2026 09:00", london), None);
        assert_eq!(parse_instant("2026-02-30 09:00", london), None);
    }

    #[test]
    fn local_time_in_dst_gap_uses_offset_before() {
        // 2026-03-29 01:30 does not exist in London (01:00 → 02:00 BST).
        let t = parse_instant("2026-03-29 01:30", chrono_tz::Europe::London).unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap());
    }
}
