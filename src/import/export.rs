//! Calendars out: the day's calls and the callback queue as iCalendar or
//! CSV. Only formats: the caller reads the store and hands each row to a
//! writer here as it is read ([`IcsWriter`], [`LogWriter`]), so an export
//! of five years holds one row in memory, not the file (any `impl Write`:
//! stdout, a file, an atomic temp-file writer).
//!
//! - iCalendar times are written in UTC (`Z`), which every calendar app
//!   reads the same way, so no `VTIMEZONE` is needed; UIDs are
//!   `call-<id>@callsheet` / `callback-<id>@callsheet`, stable across
//!   exports; `DTSTAMP` is the export time and `SEQUENCE` counts how often
//!   the call's start, length or outcome changed (kept by the store), so a
//!   calendar that imported an earlier export takes the new one as newer.
//!   Lines are folded at 75 octets without splitting a character.
//! - What happened is in the file, not only in callsheet: a cancelled
//!   screen is `STATUS:CANCELLED` with who called it off, the notice and
//!   the reason in `DESCRIPTION`; a moved screen is the same event (the
//!   UID of the first screen of the chain) at its new time, its
//!   `SEQUENCE` above every earlier export's, so a calendar moves it
//!   instead of showing both; `X-CALLSHEET-OUTCOME` carries the mark.
//! - The CSV call log ([`LOG_COLUMNS`], documented in docs/export.md) has
//!   one row per attempt (mark, dial or inbound call) and one per
//!   cancellation or reschedule, with call id, candidate id, scheduled
//!   time, outcome and attempt result apart, so an ATS tells a no-show
//!   (`mark`, `no-answer`, `no-show`) from a missed dial (`dial`,
//!   `no-answer`, the call still `scheduled` or marked later).
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
use crate::domain::change::ScreenChange;
use crate::domain::{
    Attempt, AttemptResult, Call, CallKind, Callback, Candidate, Direction, Outcome,
};
use crate::error::{Error, Result};
use crate::sanitize;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::io::{self, Write};

/// The mark a call carries, exactly (`no-show`, `cancelled`, …).
pub const X_OUTCOME: &str = "X-CALLSHEET-OUTCOME";

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A call as the iCalendar export writes it (read by
/// `Store::export_calls`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedCall {
    pub call: Call,
    /// The call whose UID the event carries: the first screen of a chain
    /// of moves, so a moved screen is the same event at its new time.
    pub uid_call: i64,
    /// Changes to this call plus every earlier screen of its chain: above
    /// any `SEQUENCE` an earlier export gave the event.
    pub sequence: u32,
    /// How it came to be here when it was moved: "moved by the candidate,
    /// 24 h+ notice (2 d before): clash; was 2026-11-23 10:00 UTC".
    pub moved: Option<String>,
}

impl ExportedCall {
    /// A call that was never moved, with its own change count.
    pub fn plain(call: Call, sequence: u32) -> ExportedCall {
        ExportedCall {
            uid_call: call.id,
            call,
            sequence,
            moved: None,
        }
    }
}

/// "moved by the candidate, late notice (3 h before): clash; was
/// 2026-11-23 10:00 UTC": why the event is where it is now.
pub fn moved_phrase(change: Option<&ScreenChange>, was: DateTime<Utc>) -> String {
    let how = match change {
        Some(c) => c.describe(Outcome::Rescheduled, was),
        None => "moved".to_string(),
    };
    format!("{how}; was {}", was.format("%Y-%m-%d %H:%M UTC"))
}

/// Writes an iCalendar file one event at a time: [`IcsWriter::new`]
/// writes the header, [`IcsWriter::finish`] the end and flushes. An
/// export cut short by an error has no `END:VCALENDAR`, so no calendar
/// takes it for whole.
pub struct IcsWriter<W: Write> {
    out: W,
    stamp: String,
}

impl<W: Write> IcsWriter<W> {
    pub fn new(out: W, now: DateTime<Utc>) -> io::Result<Self> {
        let mut w = IcsWriter {
            out,
            stamp: stamp(now),
        };
        w.line("BEGIN:VCALENDAR")?;
        w.line("VERSION:2.0")?;
        w.line("PRODID:-//callsheet//callsheet export//EN")?;
        w.line("CALSCALE:GREGORIAN")?;
        Ok(w)
    }

    fn line(&mut self, s: &str) -> io::Result<()> {
        self.out.write_all(fold(s).as_bytes())
    }

    fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        if value.trim().is_empty() {
            return Ok(());
        }
        self.line(&format!("{name}:{}", escape(&sanitize::line(value))))
    }

    fn event(&mut self, e: &Event) -> io::Result<()> {
        self.line("BEGIN:VEVENT")?;
        self.line(&format!("UID:{}", e.uid))?;
        let dtstamp = format!("DTSTAMP:{}", self.stamp);
        self.line(&dtstamp)?;
        self.line(&format!("SEQUENCE:{}", e.sequence))?;
        self.line(&format!("DTSTART:{}", stamp(e.start)))?;
        self.line(&format!("DTEND:{}", stamp(e.end)))?;
        if e.cancelled {
            self.line("STATUS:CANCELLED")?;
        }
        self.text("SUMMARY", &e.summary)?;
        self.text("LOCATION", e.location)?;
        if !e.description.trim().is_empty() {
            let d = sanitize::clean(&e.description, true);
            self.line(&format!("DESCRIPTION:{}", escape(&d)))?;
        }
        for (name, value) in &e.extra {
            self.text(name, value)?;
        }
        self.line("END:VEVENT")
    }

    /// One call: cancelled ones (and a move whose new screen is gone)
    /// are `STATUS:CANCELLED` with the reason in the description.
    pub fn call(&mut self, x: &ExportedCall) -> io::Result<()> {
        let c = &x.call;
        let cancelled = matches!(c.outcome, Outcome::Cancelled | Outcome::Rescheduled);
        let mut description = Vec::new();
        if let Some(ch) = c.change.as_ref().filter(|_| cancelled) {
            description.push(capitalised(&ch.describe(c.outcome, c.start)));
        } else if cancelled {
            description.push(capitalised(c.outcome.as_str()));
        }
        if let Some(m) = &x.moved {
            description.push(capitalised(m));
        }
        if !c.note.trim().is_empty() {
            description.push(c.note.clone());
        }
        let description = description.join("\n\n");
        self.event(&Event {
            uid: format!("call-{}@callsheet", x.uid_call),
            sequence: x.sequence,
            extra: vec![
                (X_CANDIDATE, c.candidate.name.as_str()),
                (X_PHONE, c.candidate.phone.as_str()),
                (X_ROLE, c.role.as_deref().unwrap_or("")),
                (X_TZ, c.candidate.timezone.map_or("", |z| z.name())),
                (X_OUTCOME, c.outcome.as_str()),
            ],
            start: c.start,
            end: c.end(),
            cancelled,
            summary: call_summary(c),
            location: &c.candidate.phone,
            description,
        })
    }

    /// One queued callback: a slot at its due time.
    pub fn callback(&mut self, c: &Callback, slot_minutes: u32) -> io::Result<()> {
        self.event(&Event {
            uid: format!("callback-{}@callsheet", c.id),
            sequence: 0,
            extra: vec![
                (X_CANDIDATE, c.candidate.name.as_str()),
                (X_PHONE, c.candidate.phone.as_str()),
            ],
            start: c.due,
            end: c.due + Duration::minutes(i64::from(slot_minutes)),
            cancelled: false,
            summary: format!("Callback: {} ({})", c.candidate.name, c.reason.as_str()),
            location: &c.candidate.phone,
            description: String::new(),
        })
    }

    /// Ends the calendar and flushes; the writer back for the caller to
    /// commit (rename, fsync) or drop.
    pub fn finish(mut self) -> io::Result<W> {
        self.line("END:VCALENDAR")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One VEVENT; text values are cleaned and escaped by the writer.
struct Event<'a> {
    uid: String,
    sequence: u32,
    /// `(property, value)` written as escaped TEXT (callsheet's own).
    extra: Vec<(&'static str, &'a str)>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    cancelled: bool,
    summary: String,
    location: &'a str,
    description: String,
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

fn ics_string(
    now: DateTime<Utc>,
    body: impl FnOnce(&mut IcsWriter<&mut Vec<u8>>) -> io::Result<()>,
) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    if let Ok(mut w) = IcsWriter::new(&mut buf, now) {
        if body(&mut w).is_ok() {
            let _ = w.finish();
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Calls as an iCalendar string, every `SEQUENCE` 0 (tests, small sets;
/// the CLI streams through [`IcsWriter`]).
pub fn calls_ics(calls: &[Call], now: DateTime<Utc>) -> String {
    calls_ics_with_sequence(calls, &HashMap::new(), now)
}

/// Calls as an iCalendar string; `sequences` maps a call id to its change
/// count, 0 when absent.
pub fn calls_ics_with_sequence(
    calls: &[Call],
    sequences: &HashMap<i64, u32>,
    now: DateTime<Utc>,
) -> String {
    ics_string(now, |w| {
        for c in calls {
            let seq = sequences.get(&c.id).copied().unwrap_or(0);
            w.call(&ExportedCall::plain(c.clone(), seq))?;
        }
        Ok(())
    })
}

/// Callbacks as an iCalendar string: one slot at each due time.
pub fn callbacks_ics(cbs: &[Callback], slot_minutes: u32, now: DateTime<Utc>) -> String {
    ics_string(now, |w| {
        for c in cbs {
            w.callback(c, slot_minutes)?;
        }
        Ok(())
    })
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

/// A CSV writer that cleans every cell ([`csv_cell`]) on its way out.
struct CsvOut<W: Write>(::csv::Writer<W>);

impl<W: Write> CsvOut<W> {
    fn new(out: W, header: &[&str]) -> io::Result<Self> {
        let mut w = ::csv::Writer::from_writer(out);
        w.write_record(header).map_err(csv_io)?;
        Ok(CsvOut(w))
    }

    fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        self.0
            .write_record(cells.iter().map(|c| csv_cell(c.as_ref())))
            .map_err(csv_io)
    }

    fn finish(self) -> io::Result<W> {
        let mut w = self.0;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())
    }
}

fn csv_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn csv_string(
    header: &[&str],
    body: impl FnOnce(&mut CsvOut<&mut Vec<u8>>) -> io::Result<()>,
) -> Result<String> {
    let fail = |e: io::Error| Error::Invalid(format!("cannot write CSV: {e}"));
    let mut buf = Vec::new();
    let mut w = CsvOut::new(&mut buf, header).map_err(fail)?;
    body(&mut w).map_err(fail)?;
    w.finish().map_err(fail)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn utc_cell(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn local_cell(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// Calls as CSV: one row per call, times in UTC and in `zone`.
pub fn calls_csv(calls: &[Call], zone: Tz) -> Result<String> {
    csv_string(
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
        |w| {
            for c in calls {
                w.row(&[
                    utc_cell(c.start),
                    local_cell(c.start, zone),
                    c.minutes.to_string(),
                    c.kind.as_str().to_string(),
                    c.candidate.name.clone(),
                    c.candidate.phone.clone(),
                    c.role.clone().unwrap_or_default(),
                    c.outcome.as_str().to_string(),
                    c.note.clone(),
                ])?;
            }
            Ok(())
        },
    )
}

/// One logged attempt with who was called and the call's note (read by
/// `Store::attempt_log`).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedAttempt {
    pub attempt: Attempt,
    pub candidate: Candidate,
    /// The note on the call the attempt was made on ("" when none).
    pub note: String,
}

/// What a row of the call log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogEvent {
    /// The attempt that marked the call: `outcome` is what it recorded.
    Mark,
    /// A dial that left the call open (busy, no answer, wrong number),
    /// or a later call about it (a callback reached, a promise kept).
    Dial,
    /// The candidate rang, texted or wrote.
    Inbound,
    /// The screen was called off.
    Cancellation,
    /// The screen was moved (`moved_to_utc` says where).
    Reschedule,
}

impl LogEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            LogEvent::Mark => "mark",
            LogEvent::Dial => "dial",
            LogEvent::Inbound => "inbound",
            LogEvent::Cancellation => "cancellation",
            LogEvent::Reschedule => "reschedule",
        }
    }
}

/// One row of the CSV call log (read by `Store::export_log`).
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    /// When it happened: the dial, the inbound call, or when the recruiter
    /// was told of the cancellation or move.
    pub at: DateTime<Utc>,
    pub event: LogEvent,
    pub call_id: Option<i64>,
    pub candidate: Candidate,
    /// When the call was (or is) booked for.
    pub scheduled: Option<DateTime<Utc>>,
    /// The call's outcome now.
    pub outcome: Option<Outcome>,
    pub direction: Option<Direction>,
    pub result: Option<AttemptResult>,
    /// Inbound only: minutes after the start of the candidate's own slot.
    pub late_minutes: Option<i64>,
    pub change: Option<ScreenChange>,
    pub moved_to: Option<DateTime<Utc>>,
    pub note: String,
}

/// The call log's columns, in order (docs/export.md says what each holds).
pub const LOG_COLUMNS: [&str; 19] = [
    "time_utc",
    "local",
    "event",
    "call_id",
    "candidate_id",
    "candidate",
    "phone",
    "scheduled_utc",
    "scheduled_local",
    "outcome",
    "direction",
    "result",
    "late_minutes",
    "changed_by",
    "notice",
    "moved_to_utc",
    "moved_to_local",
    "reason",
    "note",
];

/// Writes the CSV call log one row at a time; [`LogWriter::finish`]
/// flushes.
pub struct LogWriter<W: Write> {
    out: CsvOut<W>,
    zone: Tz,
}

impl<W: Write> LogWriter<W> {
    pub fn new(out: W, zone: Tz) -> io::Result<Self> {
        Ok(LogWriter {
            out: CsvOut::new(out, &LOG_COLUMNS)?,
            zone,
        })
    }

    pub fn row(&mut self, r: &LogRow) -> io::Result<()> {
        let zone = self.zone;
        let opt_utc = |t: Option<DateTime<Utc>>| t.map(utc_cell).unwrap_or_default();
        let opt_local =
            |t: Option<DateTime<Utc>>| t.map(|t| local_cell(t, zone)).unwrap_or_default();
        let notice = match (&r.change, r.scheduled) {
            (Some(c), Some(start)) => c.notice(start).label().to_string(),
            _ => String::new(),
        };
        self.out.row(&[
            utc_cell(r.at),
            local_cell(r.at, zone),
            r.event.as_str().to_string(),
            r.call_id.map(|i| i.to_string()).unwrap_or_default(),
            r.candidate.id.to_string(),
            r.candidate.name.clone(),
            r.candidate.phone.clone(),
            opt_utc(r.scheduled),
            opt_local(r.scheduled),
            r.outcome
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
            r.direction
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
            r.result.map(|a| a.as_str().to_string()).unwrap_or_default(),
            r.late_minutes.map(|m| m.to_string()).unwrap_or_default(),
            r.change
                .as_ref()
                .map(|c| c.by.as_str().to_string())
                .unwrap_or_default(),
            notice,
            opt_utc(r.moved_to),
            opt_local(r.moved_to),
            r.change
                .as_ref()
                .map(|c| c.reason.clone())
                .unwrap_or_default(),
            r.note.clone(),
        ])
    }

    pub fn finish(self) -> io::Result<W> {
        self.out.finish()
    }
}

/// The call log as a string (tests, small sets; the CLI streams).
pub fn log_csv(rows: &[LogRow], zone: Tz) -> Result<String> {
    let fail = |e: io::Error| Error::Invalid(format!("cannot write CSV: {e}"));
    let mut buf = Vec::new();
    let mut w = LogWriter::new(&mut buf, zone).map_err(fail)?;
    for r in rows {
        w.row(r).map_err(fail)?;
    }
    w.finish().map_err(fail)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The callback queue's CSV columns.
const CALLBACK_COLUMNS: [&str; 6] = ["due_utc", "local", "candidate", "phone", "reason", "status"];

/// Callbacks as CSV to `out`: one row per queued callback.
pub fn write_callbacks_csv<W: Write>(out: W, cbs: &[Callback], zone: Tz) -> io::Result<W> {
    let mut w = CsvOut::new(out, &CALLBACK_COLUMNS)?;
    for c in cbs {
        w.row(&[
            utc_cell(c.due),
            local_cell(c.due, zone),
            c.candidate.name.clone(),
            c.candidate.phone.clone(),
            c.reason.as_str().to_string(),
            c.status.as_str().to_string(),
        ])?;
    }
    w.finish()
}

/// Callbacks as CSV: one row per queued callback.
pub fn callbacks_csv(cbs: &[Callback], zone: Tz) -> Result<String> {
    let buf = write_callbacks_csv(Vec::new(), cbs, zone)
        .map_err(|e| Error::Invalid(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
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

    /// A writer that takes `room` bytes, then fails like a full disk.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::other("no space left on device"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_an_error_not_a_short_file() {
        let now = "2026-11-23T12:00:00Z".parse().unwrap();
        let call = Call::test_screen(1, now, Outcome::Answered);
        let mut w = IcsWriter::new(Full { room: 200 }, now).unwrap();
        let mut failed = false;
        for _ in 0..10 {
            failed |= w.call(&ExportedCall::plain(call.clone(), 0)).is_err();
        }
        assert!(failed, "ten events do not fit in 200 bytes");
        assert!(IcsWriter::new(Full { room: 10 }, now).is_err());
        let log = LogWriter::new(Full { room: 10 }, chrono_tz::UTC);
        // The csv crate buffers: the header fails at the latest on flush.
        assert!(log.and_then(|l| l.finish()).is_err());
    }
}
