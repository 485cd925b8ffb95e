//! CSV calendars: a header row, then one call per row.
//!
//! Columns (header names are case-insensitive, in any order):
//! `start`, `candidate`, `phone` (required); `end`, `email`, `timezone`
//! (IANA, the candidate's own zone), `role`, `notes` (or `note`).
//!
//! - `start` / `end`: RFC 3339 (`2026-11-23T09:00:00Z`), or `YYYY-MM-DD HH:MM`
//!   in the recruiter's zone; `end` may also be a bare `HH:MM` on the start's
//!   date. No `end` means one slot (30 minutes by default).
//! - A column callsheet does not know is an error naming it, not silently
//!   ignored: a misspelt `timezone` would otherwise book a candidate at the
//!   wrong hour. Columns with an empty header and no values (a trailing comma
//!   from a spreadsheet) are ignored.
//! - The file may start with a UTF-8 byte-order mark, use CRLF line ends,
//!   quote fields holding commas or line breaks, and end with blank lines.
//!   A file that is not UTF-8 is refused with the line where it stops being.
//! - Control, bidi and zero-width characters are removed from every field
//!   (line breaks are kept in notes), so imported text can never reach the
//!   terminal as control codes.

use super::problems::Problems;
use super::{parse_clock_time, parse_instant, Context, TIME_FORMS};
use crate::error::{Error, Result};
use crate::sanitize;
use crate::store::{NewCandidate, NewScreen};
use ::csv::{ByteRecord, ReaderBuilder};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// A column callsheet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Start,
    End,
    Candidate,
    Phone,
    Email,
    Timezone,
    Role,
    Notes,
}

impl Column {
    const ALL: [Column; 8] = [
        Column::Start,
        Column::End,
        Column::Candidate,
        Column::Phone,
        Column::Email,
        Column::Timezone,
        Column::Role,
        Column::Notes,
    ];
    const REQUIRED: [Column; 3] = [Column::Start, Column::Candidate, Column::Phone];

    fn name(self) -> &'static str {
        match self {
            Column::Start => "start",
            Column::End => "end",
            Column::Candidate => "candidate",
            Column::Phone => "phone",
            Column::Email => "email",
            Column::Timezone => "timezone",
            Column::Role => "role",
            Column::Notes => "notes",
        }
    }

    fn from_header(h: &str) -> Option<Column> {
        let h = h.trim().to_lowercase();
        if h == "note" {
            return Some(Column::Notes);
        }
        Column::ALL.into_iter().find(|c| c.name() == h)
    }
}

/// Where each known column sits in a row.
struct Header {
    /// `(field index, column)` for every recognised column.
    columns: Vec<(usize, Column)>,
    /// Field indexes with an empty header: must stay empty.
    unnamed: Vec<usize>,
    width: usize,
}

impl Header {
    fn column_at(&self, field: usize) -> Option<Column> {
        self.columns
            .iter()
            .find(|(i, _)| *i == field)
            .map(|(_, c)| *c)
    }
}

/// How to read a CSV file beyond the recruiter's context.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// How many problems to keep before only counting them.
    pub cap: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cap: super::problems::DEFAULT_CAP,
        }
    }
}

/// A CSV file read in full.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    pub screens: Vec<NewScreen>,
    /// What the summary should say about how the file was read (its
    /// encoding, the zone its times were read in).
    pub notes: Vec<String>,
}

/// Parses a whole CSV file. `name` is the file as messages should show it.
pub fn parse(name: &str, bytes: &[u8], ctx: &Context) -> Result<Vec<NewScreen>> {
    Ok(parse_with(name, bytes, ctx, &Options::default())?.screens)
}

/// Parses a whole CSV file, naming every bad line (up to `opts.cap`) in
/// one error; nothing is returned unless every row is good.
pub fn parse_with(name: &str, bytes: &[u8], ctx: &Context, opts: &Options) -> Result<Read> {
    let (bytes, encoding) = super::encoding::to_utf8(bytes);
    let bytes: &[u8] = &bytes;
    let mut out = Read::default();
    if let Some(e) = encoding {
        out.notes.push(format!("{name}: {e}"));
    }
    let mut problems = Problems::new(opts.cap);
    // The csv crate reads an unclosed quote to the end of the file as one
    // field; find it first so that record gets its own message.
    let unclosed = unclosed_quote(bytes);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut lines = Lines::new(bytes);
    let mut header: Option<Header> = None;
    let mut record = ByteRecord::new();
    loop {
        let more = match reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                problems.push(import_error(
                    name,
                    line,
                    "-",
                    format!("unreadable CSV: {e}"),
                ));
                break;
            }
        };
        if !more {
            break;
        }
        let start = record.position().map_or(0, |p| p.byte());
        let line = lines.at(start);
        if let Some(q) = unclosed
            .filter(|q| *q as u64 >= start && reader.position().byte() as usize >= bytes.len())
        {
            let column = header
                .as_ref()
                .and_then(|h| h.column_at(record.len().saturating_sub(1)))
                .map_or_else(
                    || format!("column {}", record.len()),
                    |c| c.name().to_string(),
                );
            let at = line_of(bytes, q);
            problems.push(import_error(
                name,
                at,
                &column,
                format!(
                    "unclosed quote: the '\"' that opens this field is never closed, so the rest of the file (to line {}) reads as one field; add the closing '\"'",
                    line_of(bytes, bytes.len())
                ),
            ));
            break;
        }
        if is_blank(&record) {
            continue;
        }
        match &header {
            None => match read_header(name, line, &record) {
                Ok(h) => header = Some(h),
                // Rows cannot be read without knowing their columns.
                Err(e) => {
                    problems.push(e);
                    break;
                }
            },
            Some(h) => match read_row(name, line, h, &record, ctx) {
                Ok(row) => out.screens.push(row),
                Err(e) => problems.push(e),
            },
        }
    }
    if header.is_none() && problems.is_empty() {
        return Err(import_error(
            name,
            1,
            "-",
            format!(
                "empty file: expected a header row with at least {}",
                required_list()
            ),
        ));
    }
    problems.finish(out)
}

/// The byte offset of a `"` that opens a field and is never closed, read
/// the way the csv crate reads quotes (only at the start of a field; `""`
/// inside is one quote).
fn unclosed_quote(bytes: &[u8]) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum S {
        FieldStart,
        Bare,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut s = S::FieldStart;
    for (i, &b) in bytes.iter().enumerate() {
        let end = matches!(b, b',' | b'\n' | b'\r');
        s = match s {
            S::FieldStart if b == b'"' => S::Quoted(i),
            S::FieldStart | S::Bare if end => S::FieldStart,
            S::FieldStart | S::Bare => S::Bare,
            S::Quoted(q) if b == b'"' => S::QuoteInQuoted(q),
            S::Quoted(q) => S::Quoted(q),
            S::QuoteInQuoted(q) if b == b'"' => S::Quoted(q),
            S::QuoteInQuoted(_) if end => S::FieldStart,
            S::QuoteInQuoted(_) => S::Bare,
        };
    }
    match s {
        S::Quoted(q) => Some(q),
        _ => None,
    }
}

/// The 1-based physical line of byte `at`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    let upto = &bytes[..at.min(bytes.len())];
    1 + upto.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Line numbers from byte offsets.
///
/// The csv crate's own line count skips line breaks inside quoted fields,
/// and a record's position is where the reader started, before the blank
/// lines it passes over; counting here keeps "file:line" honest.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `byte` that is not a
    /// line break. Offsets must not go backwards.
    fn at(&mut self, byte: u64) -> u64 {
        let mut to = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while to < self.bytes.len() && matches!(self.bytes[to], b'\r' | b'\n') {
            to += 1;
        }
        if to > self.offset {
            let seen = &self.bytes[self.offset..to];
            self.line += seen.iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = to;
        }
        self.line
    }
}

fn import_error(file: &str, line: u64, column: &str, message: impl Into<String>) -> Error {
    Error::Import {
        file: file.to_string(),
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

fn required_list() -> String {
    Column::REQUIRED
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

/// A field as UTF-8 text, or an error pointing at it.
fn text<'r>(file: &str, line: u64, column: &str, field: &'r [u8]) -> Result<&'r str> {
    std::str::from_utf8(field).map_err(|_| {
        import_error(
            file,
            line,
            column,
            "not UTF-8 text (save the file as UTF-8 and import again)",
        )
    })
}

fn read_header(file: &str, line: u64, record: &ByteRecord) -> Result<Header> {
    let mut columns: Vec<(usize, Column)> = Vec::new();
    let mut unnamed = Vec::new();
    let mut unknown = Vec::new();
    for (i, field) in record.iter().enumerate() {
        let raw = text(file, line, &format!("column {}", i + 1), field)?;
        let shown = sanitize::line(raw.trim());
        if shown.is_empty() {
            unnamed.push(i);
            continue;
        }
        match Column::from_header(&shown) {
            Some(c) if columns.iter().any(|(_, k)| *k == c) => {
                return Err(import_error(
                    file,
                    line,
                    &shown,
                    format!("the column '{}' appears twice", c.name()),
                ));
            }
            Some(c) => columns.push((i, c)),
            None => unknown.push(shown),
        }
    }
    if let (Some(raw), 1, false) = (record.get(0), record.len(), unknown.is_empty()) {
        if let Some(sep) = [b';', b'\t', b'|'].into_iter().find(|c| raw.contains(c)) {
            let sep = char::from(sep);
            let shown = if sep == '\t' {
                "tabs".to_string()
            } else {
                format!("'{sep}'")
            };
            return Err(import_error(
                file,
                line,
                "column 1",
                format!(
                    "the header row uses {shown} between columns; callsheet reads comma-separated files (export as CSV with commas)"
                ),
            ));
        }
    }
    if !unknown.is_empty() {
        let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        let plural = if unknown.len() == 1 { "" } else { "s" };
        return Err(import_error(
            file,
            line,
            &unknown[0],
            format!(
                "unknown column{plural} {} (callsheet reads {}; remove or rename the column)",
                unknown
                    .iter()
                    .map(|u| format!("'{u}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                known.join(", ")
            ),
        ));
    }
    let missing: Vec<&str> = Column::REQUIRED
        .iter()
        .filter(|r| !columns.iter().any(|(_, c)| c == *r))
        .map(|c| c.name())
        .collect();
    if !missing.is_empty() {
        return Err(import_error(
            file,
            line,
            missing[0],
            format!(
                "the header row has no '{}' column (required: {})",
                missing.join("', '"),
                required_list()
            ),
        ));
    }
    Ok(Header {
        columns,
        unnamed,
        width: record.len(),
    })
}

/// A cell as it was before callsheet's CSV export defused it: a `'` before
/// a formula character (see [`super::export::csv_cell`]) is dropped, so
/// `'+44 20 7946 0000` reads as the phone it was. Any other `'` is text.
pub fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start().starts_with(super::export::FORMULA_START) => rest,
        _ => cell,
    }
}

/// The fields of one data row, as UTF-8 text, by column.
struct Fields<'r> {
    file: &'r str,
    line: u64,
    values: Vec<(Column, &'r str)>,
}

impl Fields<'_> {
    /// The trimmed value of a column, `None` when absent or blank.
    fn get(&self, c: Column) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| undefuse(v.trim()).trim())
            .filter(|v| !v.is_empty())
    }

    fn error(&self, c: Column, message: impl Into<String>) -> Error {
        import_error(self.file, self.line, c.name(), message)
    }

    /// A one-line text value with unsafe characters removed.
    fn line_text(&self, c: Column) -> Option<String> {
        self.get(c)
            .map(|v| sanitize::line(v).trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn required(&self, c: Column, what: &str) -> Result<String> {
        self.line_text(c)
            .ok_or_else(|| self.error(c, format!("missing {what}")))
    }
}

fn read_row(
    file: &str,
    line: u64,
    header: &Header,
    record: &ByteRecord,
    ctx: &Context,
) -> Result<NewScreen> {
    if record.len() > header.width {
        let extra = record
            .iter()
            .enumerate()
            .skip(header.width)
            .find(|(_, f)| !f.iter().all(u8::is_ascii_whitespace));
        if let Some((i, _)) = extra {
            return Err(import_error(
                file,
                line,
                &format!("column {}", i + 1),
                format!(
                    "{} fields, but the header has {}",
                    record.len(),
                    header.width
                ),
            ));
        }
    }
    for &i in &header.unnamed {
        if record
            .get(i)
            .is_some_and(|f| !f.iter().all(u8::is_ascii_whitespace))
        {
            return Err(import_error(
                file,
                line,
                &format!("column {}", i + 1),
                "a value under a column with no header name",
            ));
        }
    }
    let mut values = Vec::with_capacity(header.columns.len());
    for &(i, c) in &header.columns {
        // A short row (trailing empty fields dropped) reads as blanks.
        let raw = record.get(i).unwrap_or_default();
        values.push((c, text(file, line, c.name(), raw)?));
    }
    let f = Fields { file, line, values };

    let name = f.required(Column::Candidate, "the candidate's name")?;
    let phone = f.required(Column::Phone, "the phone number")?;
    if phone.chars().filter(char::is_ascii_digit).count() < 3 {
        return Err(f.error(
            Column::Phone,
            format!("'{phone}' is not a phone number (too few digits)"),
        ));
    }
    let start = instant(&f, Column::Start, ctx)?
        .ok_or_else(|| f.error(Column::Start, "missing the start time"))?;
    let minutes = match end_of(&f, start, ctx)? {
        None => ctx.slot_minutes.clamp(1, 1440),
        Some(end) => duration_minutes(&f, start, end)?,
    };
    let email = match f.line_text(Column::Email) {
        Some(e) if !looks_like_email(&e) => {
            return Err(f.error(Column::Email, format!("'{e}' is not an email address")))
        }
        other => other,
    };
    let timezone = match f.line_text(Column::Timezone) {
        None => None,
        Some(z) => Some(z.parse::<Tz>().map_err(|_| {
            f.error(
                Column::Timezone,
                format!("unknown time zone '{z}' (expected an IANA name like America/New_York)"),
            )
        })?),
    };
    let note = f
        .get(Column::Notes)
        .map(|n| {
            sanitize::clean(&n.replace("\r\n", "\n"), true)
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty());
    Ok(NewScreen {
        candidate: NewCandidate {
            name,
            phone,
            email,
            timezone,
        },
        role: f.line_text(Column::Role),
        start,
        minutes,
        note,
        source: None,
        origin: format!("{file}:{line}"),
    })
}

fn instant(f: &Fields, c: Column, ctx: &Context) -> Result<Option<DateTime<Utc>>> {
    let Some(raw) = f.get(c) else {
        return Ok(None);
    };
    parse_instant(raw, ctx.zone).map(Some).ok_or_else(|| {
        f.error(
            c,
            format!(
                "'{}' is not a date and time (expected {TIME_FORMS} in {})",
                sanitize::line(raw),
                ctx.zone.name()
            ),
        )
    })
}

/// The end: a full date and time, or `HH:MM` on the start's local date.
fn end_of(f: &Fields, start: DateTime<Utc>, ctx: &Context) -> Result<Option<DateTime<Utc>>> {
    let Some(raw) = f.get(Column::End) else {
        return Ok(None);
    };
    if let Some(t) = parse_clock_time(raw) {
        let date = start.with_timezone(&ctx.zone).date_naive();
        return Ok(Some(crate::domain::slot::local_to_utc(ctx.zone, date, t)));
    }
    instant(f, Column::End, ctx)
}

fn duration_minutes(f: &Fields, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<u32> {
    if end <= start {
        return Err(f.error(Column::End, "the call ends before it starts"));
    }
    // Whole minutes, rounding a part-minute up so the slot is covered.
    let secs = (end - start).num_seconds();
    let minutes = (secs + 59) / 60;
    if minutes > Duration::days(1).num_minutes() {
        return Err(f.error(Column::End, "the call is longer than a day"));
    }
    u32::try_from(minutes).map_err(|_| f.error(Column::End, "the call is longer than a day"))
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ctx() -> Context {
        Context {
            zone: chrono_tz::Europe::London,
            slot_minutes: 30,
        }
    }

    fn parse_str(s: &str) -> Result<Vec<NewScreen>> {
        parse("calls.csv", s.as_bytes(), &ctx())
    }

    fn err(s: &str) -> String {
        parse_str(s).unwrap_err().to_string()
    }

    #[test]
    fn minimal_file_reads_local_times_in_recruiter_zone() {
        let rows =
            parse_str("start,candidate,phone\n2026-07-06 09:00,Ana Souza,+44 20 7946 0001\n")
                .unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.start, Utc.with_ymd_and_hms(2026, 7, 6, 8, 0, 0).unwrap());
        assert_eq!(r.minutes, 30);
        assert_eq!(r.candidate.name, "Ana Souza");
        assert_eq!(r.origin, "calls.csv:2");
        assert_eq!(r.source, None);
    }

    #[test]
    fn headers_any_case_any_order_with_all_columns() {
        let s = "Phone,NOTES,Candidate,End,Email,TimeZone,Role,Start\r\n\
                 +1 212 555 0100,\"Prefers mornings, ET\",Zoë Ó Briain,15:15,zoe@example.com,America/New_York,Data Engineer,2026-11-23T14:30:00Z\r\n";
        let rows = parse_str(s).unwrap();
        let r = &rows[0];
        assert_eq!(r.candidate.name, "Zoë Ó Briain");
        assert_eq!(r.candidate.timezone, Some(chrono_tz::America::New_York));
        assert_eq!(r.candidate.email.as_deref(), Some("zoe@example.com"));
        assert_eq!(r.role.as_deref(), Some("Data Engineer"));
        assert_eq!(r.note.as_deref(), Some("Prefers mornings, ET"));
        // London is on GMT in November: 14:30Z to 15:15 local is 45 min.
        assert_eq!(r.minutes, 45);
    }

    #[test]
    fn bare_end_time_is_on_the_start_date() {
        let rows =
            parse_str("start,end,candidate,phone\n2026-11-23 09:00,09:45,Ana,+44 20 7946 0001\n")
                .unwrap();
        assert_eq!(rows[0].minutes, 45);
        let e = err("start,end,candidate,phone\n2026-11-23 09:00,08:45,Ana,+44 20 7946 0001\n");
        assert_eq!(e, "calls.csv:2:end: the call ends before it starts");
    }

    #[test]
    fn bom_crlf_quoted_newlines_and_blank_lines() {
        let s = "\u{FEFF}start,candidate,phone,notes\r\n\
                 2026-11-23 09:00,\"Müller, José\",+44 20 7946 0002,\"line one\r\nline two\"\r\n\
                 \r\n\
                 2026-11-23 10:00,王小明,+44 20 7946 0003,\r\n\
                 \r\n   \r\n,,,\r\n";
        let rows = parse_str(s).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].candidate.name, "Müller, José");
        assert_eq!(rows[0].note.as_deref(), Some("line one\nline two"));
        // The quoted line break makes the next record start on line 5.
        assert_eq!(rows[1].origin, "calls.csv:5");
        assert_eq!(rows[1].candidate.name, "王小明");
    }

    #[test]
    fn control_characters_are_stripped() {
        let s = "start,candidate,phone,notes\n2026-11-23 09:00,\"Ana\x1b[2J\u{202E} Souza\",+44 20 7946 0001,\"ok\x07\nfine\"\n";
        let rows = parse_str(s).unwrap();
        assert_eq!(rows[0].candidate.name, "Ana[2J Souza");
        assert_eq!(rows[0].note.as_deref(), Some("ok\nfine"));
    }

    #[test]
    fn unknown_column_is_named() {
        let e = err("start,candidate,phone,timezon\n");
        assert!(
            e.starts_with("calls.csv:1:timezon: unknown column 'timezon'"),
            "{e}"
        );
    }

    #[test]
    fn missing_required_column_is_named() {
        let e = err("start,candidate,email\n");
        assert!(
            e.starts_with("calls.csv:1:phone: the header row has no 'phone' column"),
            "{e}"
        );
    }

    #[test]
    fn semicolon_files_get_a_hint() {
        let e = err("start;candidate;phone\n2026-11-23 09:00;Ana;+44 20 7946 0001\n");
        assert!(
            e.starts_with("calls.csv:1:column 1: the header row uses ';'"),
            "{e}"
        );
        let e = err("start\tcandidate\tphone\n");
        assert!(e.contains("uses tabs"), "{e}");
    }

    #[test]
    fn duplicate_column_is_refused() {
        let e = err("start,candidate,phone,Phone\n");
        assert!(e.contains("appears twice"), "{e}");
    }

    #[test]
    fn bad_values_name_line_and_column() {
        let head = "start,candidate,phone,timezone,email\n";
        let ok = "2026-11-23 09:00,Ana,+44 20 7946 0001,,\n";
        let cases = [
            (
                "2026-11-23 9am,Ana,+44 20 7946 0001,,",
                "calls.csv:3:start: '2026-11-23 9am' is not a date and time",
            ),
            (
                "2026-11-23 09:00,,+44 20 7946 0001,,",
                "calls.csv:3:candidate: missing the candidate's name",
            ),
            (
                "2026-11-23 09:00,Ana,,,",
                "calls.csv:3:phone: missing the phone number",
            ),
            (
                "2026-11-23 09:00,Ana,call me,,",
                "calls.csv:3:phone: 'call me' is not a phone number",
            ),
            (
                "2026-11-23 09:00,Ana,+44 20 7946 0001,Mars/Base,",
                "calls.csv:3:timezone: unknown time zone 'Mars/Base'",
            ),
            (
                "2026-11-23 09:00,Ana,+44 20 7946 0001,,ana.example.com",
                "calls.csv:3:email: 'ana.example.com' is not an email address",
            ),
            (
                ",Ana,+44 20 7946 0001,,",
                "calls.csv:3:start: missing the start time",
            ),
            (
                "2026-11-23 09:00,Ana,+44 20 7946 0001,,,extra",
                "calls.csv:3:column 6: 6 fields, but the header has 5",
            ),
        ];
        for (row, want) in cases {
            let e = err(&format!("{head}{ok}{row}\n"));
            assert!(e.starts_with(want), "{row}: got {e}");
        }
    }

    #[test]
    fn trailing_empty_fields_and_unnamed_empty_columns_are_fine() {
        let rows =
            parse_str("start,candidate,phone,,\n2026-11-23 09:00,Ana,+44 20 7946 0001\n").unwrap();
        assert_eq!(rows.len(), 1);
        let e = err("start,candidate,phone,\n2026-11-23 09:00,Ana,+44 20 7946 0001,surprise\n");
        assert!(e.starts_with("calls.csv:2:column 4:"), "{e}");
    }

    #[test]
    fn non_utf8_names_the_line() {
        let mut bytes =
            b"start,candidate,phone\n2026-11-23 09:00,Ana,+44 20 7946 0001\n2026-11-23 10:00,Jos"
                .to_vec();
        bytes.push(0xE9); // Latin-1 é
        bytes.extend_from_slice(b",+44 20 7946 0002\n");
        let e = parse("x.csv", &bytes, &ctx()).unwrap_err().to_string();
        assert!(e.starts_with("x.csv:3:candidate: not UTF-8"), "{e}");
    }

    #[test]
    fn empty_file_asks_for_a_header() {
        assert!(err("").starts_with("calls.csv:1:-: empty file"));
        assert!(err("\n\n").starts_with("calls.csv:1:-: empty file"));
        assert!(parse_str("start,candidate,phone\n").unwrap().is_empty());
    }

    #[test]
    fn long_and_odd_durations() {
        let e = err(
            "start,end,candidate,phone\n2026-11-23 09:00,2026-11-25 09:00,Ana,+44 20 7946 0001\n",
        );
        assert!(e.ends_with("longer than a day"), "{e}");
        let rows = parse_str(
            "start,end,candidate,phone\n2026-11-23T09:00:00Z,2026-11-23T09:20:30Z,Ana,+44 20 7946 0001\n",
        )
        .unwrap();
        assert_eq!(rows[0].minutes, 21);
    }
}

#[cfg(test)]
mod all_problems {
    use super::*;

    fn ctx() -> Context {
        Context {
            zone: chrono_tz::Europe::London,
            slot_minutes: 30,
        }
    }

    fn problems(s: &str) -> Vec<String> {
        match parse("calls.csv", s.as_bytes(), &ctx()) {
            Ok(rows) => panic!("expected problems, read {} rows", rows.len()),
            Err(e) => e.to_string().lines().map(str::to_string).collect(),
        }
    }

    /// Lines 10–16, 23 and 24 are bad, each in its own way; the rest good.
    #[test]
    fn every_bad_line_is_named() {
        let mut s = String::from("start,candidate,phone,email,timezone\n");
        let good = |n: u32| format!("2026-11-23 09:{n:02},Ana {n},+44 20 7946 {n:04},,\n");
        let bad = [
            (10, "2026-11-23 9am,Ana,+44 20 7946 0001,,"),
            (11, "2026-11-23 09:00,,+44 20 7946 0001,,"),
            (12, "2026-11-23 09:00,Ana,,,"),
            (13, "2026-11-23 09:00,Ana,call me,,"),
            (14, "2026-11-23 09:00,Ana,+44 20 7946 0001,ana.example.com,"),
            (15, "2026-11-23 09:00,Ana,+44 20 7946 0001,,Mars/Base"),
            (16, ",Ana,+44 20 7946 0001,,"),
            (23, "2026-11-23 09:00,Ana,+44 20 7946 0001,,,extra"),
            (24, "2026-02-30 09:00,Ana,+44 20 7946 0001,,"),
        ];
        for line in 2..=30 {
            match bad.iter().find(|(l, _)| *l == line) {
                Some((_, row)) => {
                    s.push_str(row);
                    s.push('\n');
                }
                None => s.push_str(&good(line)),
            }
        }
        let got = problems(&s);
        let lines: Vec<u64> = got
            .iter()
            .filter_map(|l| l.strip_prefix("calls.csv:"))
            .filter_map(|l| l.split(':').next()?.parse().ok())
            .collect();
        assert_eq!(lines, vec![10, 11, 12, 13, 14, 15, 16, 23, 24], "{got:#?}");
        assert!(got[0].contains("is not a date and time"), "{}", got[0]);
        assert!(got[2].contains("missing the phone number"), "{}", got[2]);
        assert_eq!(
            got.last().map(String::as_str),
            Some("9 problems; nothing imported (fix them and import again)")
        );
    }

    #[test]
    fn past_the_cap_the_rest_are_counted() {
        let mut s = String::from("start,candidate,phone\n");
        for _ in 0..30 {
            s.push_str("soon,Ana,+44 20 7946 0001\n");
        }
        let got = problems(&s);
        assert_eq!(got.len(), 22, "{got:#?}");
        assert_eq!(got[20], "and 10 more (--dry-run lists them all)");
        let all = parse_with("calls.csv", s.as_bytes(), &ctx(), &Options { cap: 1000 })
            .unwrap_err()
            .to_string();
        assert_eq!(all.lines().count(), 31);
    }

    #[test]
    fn an_unclosed_quote_is_named_as_such() {
        let s = "start,candidate,phone,notes\n\
                 2026-11-23 09:00,Ana,+44 20 7946 0001,fine\n\
                 2026-11-23 10:00,\"Bea,+44 20 7946 0002,oops\n\
                 2026-11-23 11:00,Cy,+44 20 7946 0003,\n";
        let got = problems(s);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].starts_with("calls.csv:3:candidate: unclosed quote"),
            "{}",
            got[0]
        );
        assert!(!got[0].contains("phone"), "{}", got[0]);
        // A closed quote holding "" and a line break is fine.
        let ok = "start,candidate,phone,notes\n2026-11-23 09:00,Ana,+44 20 7946 0001,\"a \"\"b\"\"\nc\"\n";
        assert_eq!(parse("calls.csv", ok.as_bytes(), &ctx()).unwrap().len(), 1);
    }

    #[test]
    fn utf16_files_are_read_and_said_so() {
        let text = "start,candidate,phone\r\n2026-11-23 09:00,Zoë Ó Briain,+44 20 7946 0001\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let read = parse_with("x.csv", &bytes, &ctx(), &Options::default()).unwrap();
        assert_eq!(read.screens[0].candidate.name, "Zoë Ó Briain");
        assert_eq!(
            read.notes,
            vec!["x.csv: read as UTF-16 (little-endian) text"]
        );
        // Without a BOM, big-endian.
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let read = parse_with("x.csv", &bytes, &ctx(), &Options::default()).unwrap();
        assert_eq!(read.screens.len(), 1);
    }
}
