//! Calendars out: the day's calls and the callback queue as iCalendar or
//! CSV text. Only formats: the caller reads the store and writes the file.
//!
//! - iCalendar times are written in UTC (`Z`), which every calendar app
//!   reads the same way, so no `VTIMEZONE` is needed; UIDs are
//!   `call-<id>@callsheet` / `callback-<id>@callsheet`, stable across
//!   exports; `DTSTAMP` is the export time and `SEQUENCE` counts how often
//!   the call's start, length or outcome changed (kept by the store), so a
//!   calendar that imported an earlier export takes the new one as newer.
//!   Lines are folded at 75 octets without splitting a character.
//! - The CSV call log has one row per attempt (dial or inbound call):
//!   time in UTC and local, candidate, phone, direction, result, minutes
//!   late, and the note of the call it was made on.
//! - Summaries say "Phone screen: NAME" and the phone goes in LOCATION, so
//!   any calendar shows who to call; `X-CALLSHEET-CANDIDATE`, `-PHONE` and
//!   `-ROLE` carry them exactly, so callsheet reads its own export back as
//!   the same screens whatever punctuation a name holds.
//! - CSV cells are cleaned of control characters (a tab or CR becomes a
//!   space), and a cell whose first non-blank character is `=`, `+`, `-`
//!   or `@` (or their full-width forms) gets a leading `'` so a spreadsheet
//!   does not run it as a formula (OWASP's rule). A phone "+44 20 …" is the
//!   common case: it shows as `'+44 20 …` in the file and as "+44 20 …" in
//!   a spreadsheet, and the CSV importer drops that `'` again
//!   ([`super::csv::undefuse`]), so a sheet built from an export imports
//!   the same phones.
//!
//! Must not import: rusqlite, ratatui, crossterm.

use super::ics::{X_CANDIDATE, X_PHONE, X_ROLE, X_TZ};
use super::ics_lines::{escape, fold};
use crate::domain::{Attempt, Call, CallKind, Callback, Candidate};
use crate::error::{Error, Result};
use crate::sanitize;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// One VEVENT; text values are cleaned and escaped here.
struct Event<'a> {
    uid: String,
    sequence: u32,
    /// `(property, value)` written as escaped TEXT (callsheet's own).
    extra: Vec<(&'static str, &'a str)>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    summary: String,
    location: &'a str,
    description: &'a str,
}

fn calendar(events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |s: &str| out.push_str(&fold(s));
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//callsheet//callsheet export//EN");
    line("CALSCALE:GREGORIAN");
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", e.uid));
        line(&format!("DTSTAMP:{}", stamp(now)));
        line(&format!("SEQUENCE:{}", e.sequence));
        line(&format!("DTSTART:{}", stamp(e.start)));
        line(&format!("DTEND:{}", stamp(e.end)));
        line(&format!("SUMMARY:{}", escape(&sanitize::line(&e.summary))));
        if !e.location.trim().is_empty() {
            line(&format!("LOCATION:{}", escape(&sanitize::line(e.location))));
        }
        if !e.description.trim().is_empty() {
            let d = sanitize::clean(e.description, true);
            line(&format!("DESCRIPTION:{}", escape(&d)));
        }
        for (name, value) in &e.extra {
            if !value.trim().is_empty() {
                line(&format!("{name}:{}", escape(&sanitize::line(value))));
            }
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn call_summary(c: &Call) -> String {
    let what = match c.kind {
        CallKind::Callback => "Callback",
        _ => "Phone screen",
    };
    match &c.role {
        Some(r) if !r.trim().is_empty() => format!("{what}: {} ({r})", c.candidate.name),
        _ => format!("{what}: {}", c.candidate.name),
    }
}

/// Calls as an iCalendar file, every `SEQUENCE` 0.
pub fn calls_ics(calls: &[Call], now: DateTime<Utc>) -> String {
    calls_ics_with_sequence(calls, &HashMap::new(), now)
}

/// Calls as an iCalendar file; `sequences` maps a call id to its change
/// count (`Store::call_sequences`), 0 when absent.
pub fn calls_ics_with_sequence(
    calls: &[Call],
    sequences: &HashMap<i64, u32>,
    now: DateTime<Utc>,
) -> String {
    let events: Vec<Event> = calls
        .iter()
        .map(|c| Event {
            uid: format!("call-{}@callsheet", c.id),
            sequence: sequences.get(&c.id).copied().unwrap_or(0),
            extra: vec![
                (X_CANDIDATE, c.candidate.name.as_str()),
                (X_PHONE, c.candidate.phone.as_str()),
                (X_ROLE, c.role.as_deref().unwrap_or("")),
                (X_TZ, c.candidate.timezone.map_or("", |z| z.name())),
            ],
            start: c.start,
            end: c.end(),
            summary: call_summary(c),
            location: &c.candidate.phone,
            description: &c.note,
        })
        .collect();
    calendar(&events, now)
}

/// Callbacks as an iCalendar file: one slot at each due time.
pub fn callbacks_ics(cbs: &[Callback], slot_minutes: u32, now: DateTime<Utc>) -> String {
    let events: Vec<Event> = cbs
        .iter()
        .map(|c| Event {
            uid: format!("callback-{}@callsheet", c.id),
            sequence: 0,
            extra: vec![
                (X_CANDIDATE, c.candidate.name.as_str()),
                (X_PHONE, c.candidate.phone.as_str()),
            ],
            start: c.due,
            end: c.due + Duration::minutes(i64::from(slot_minutes)),
            summary: format!("Callback: {} ({})", c.candidate.name, c.reason.as_str()),
            location: &c.candidate.phone,
            description: "",
        })
        .collect();
    calendar(&events, now)
}

/// What a spreadsheet may start a formula with: `=`, `+`, `-`, `@` and
/// their full-width forms (some spreadsheets fold those to ASCII).
pub const FORMULA_START: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// A CSV cell: control characters removed, formulas defused (leading
/// blanks do not hide a formula: some spreadsheets trim them first).
pub fn csv_cell(s: &str) -> String {
    let s = sanitize::line(s);
    if s.trim_start().starts_with(FORMULA_START) {
        format!("'{s}")
    } else {
        s
    }
}

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> Result<String> {
    let fail = |e: String| Error::Invalid(format!("cannot write CSV: {e}"));
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| fail(e.to_string()))?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_cell(c)))
            .map_err(|e| fail(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Calls as CSV: one row per call, times in UTC and in `zone`.
pub fn calls_csv(calls: &[Call], zone: Tz) -> Result<String> {
    let rows = calls
        .iter()
        .map(|c| {
            vec![
                c.start.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                c.start
                    .with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                c.minutes.to_string(),
                c.kind.as_str().to_string(),
                c.candidate.name.clone(),
                c.candidate.phone.clone(),
                c.role.clone().unwrap_or_default(),
                c.outcome.as_str().to_string(),
                c.note.clone(),
            ]
        })
        .collect();
    csv_text(
        &[
            "start_utc",
            "local",
            "minutes",
            "kind",
            "candidate",
            "phone",
            "role",
            "outcome",
            "note",
        ],
        rows,
    )
}

/// One logged attempt with who was called and the call's note: a row of
/// the CSV call log (read by `Store::attempt_log`).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedAttempt {
    pub attempt: Attempt,
    pub candidate: Candidate,
    /// The note on the call the attempt was made on ("" when none).
    pub note: String,
}

/// The CSV call log for an ATS: one row per attempt, oldest first.
pub fn attempts_csv(log: &[LoggedAttempt], zone: Tz) -> Result<String> {
    let rows = log
        .iter()
        .map(|l| {
            let a = &l.attempt;
            vec![
                a.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                a.at.with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                l.candidate.name.clone(),
                l.candidate.phone.clone(),
                a.direction.as_str().to_string(),
                a.result.as_str().to_string(),
                a.late_minutes.map(|m| m.to_string()).unwrap_or_default(),
                l.note.clone(),
            ]
        })
        .collect();
    csv_text(
        &[
            "time_utc",
            "local",
            "candidate",
            "phone",
            "direction",
            "result",
            "late_minutes",
            "note",
        ],
        rows,
    )
}

/// Callbacks as CSV: one row per queued callback.
pub fn callbacks_csv(cbs: &[Callback], zone: Tz) -> Result<String> {
    let rows = cbs
        .iter()
        .map(|c| {
            vec![
                c.due.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                c.due
                    .with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                c.candidate.name.clone(),
                c.candidate.phone.clone(),
                c.reason.as_str().to_string(),
                c.status.as_str().to_string(),
            ]
        })
        .collect();
    csv_text(
        &["due_utc", "local", "candidate", "phone", "reason", "status"],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+44 20 7946 0000"), "'+44 20 7946 0000");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("\t=1+2"), "' =1+2");
        assert_eq!(csv_cell("\r@x"), "' @x");
        assert_eq!(csv_cell("＝1"), "'＝1");
        assert_eq!(csv_cell("Ana\u{1b}[31m"), "Ana[31m");
        assert_eq!(csv_cell("Ana Souza"), "Ana Souza");
    }
}
