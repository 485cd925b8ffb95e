//! CSV calendars: a header row, then one call per row.
//!
//! Columns are found by name, case- and space-insensitively, in any order,
//! through the alias table [`ALIASES`] (what real exports call them:
//! `Full name`, `Phone number`, `Mobile`, `Start time`, `Duration (min)`…);
//! `--map COL=FIELD` names any other column (`--map Recruiter=ignore`
//! reads past one). Required: the candidate, the phone, and the start
//! (`start`, or `date` and `time` as two columns).
//!
//! - `start` / `end`: RFC 3339 (`2026-11-23T09:00:00Z`), or `YYYY-MM-DD HH:MM`;
//!   `end` may also be a bare `HH:MM` on the start's date. Else `duration`
//!   in minutes; neither means one slot (30 minutes by default).
//! - **The zone of a time**: an explicit offset (`Z`, `+02:00`) wins;
//!   otherwise the recruiter's zone, unless `--times-in candidate` (each
//!   row's own `timezone` column) or `--times-in ZONE` says otherwise. The
//!   summary says which zone was used, and flags every row whose local
//!   time falls in a daylight-saving gap (does not exist) or fold (happens
//!   twice).
//! - `outcome` (answered / voicemail / no-show, blank for a call still to
//!   come) keeps the history of a call already held.
//! - A column callsheet does not know is an error naming it and listing
//!   what is accepted, not silently ignored: a misspelt `timezone` would
//!   otherwise book a candidate at the wrong hour. Columns with an empty
//!   header and no values (a trailing comma from a spreadsheet) are ignored.
//! - The file may start with a UTF-8 byte-order mark, be UTF-16, use CRLF
//!   line ends, quote fields holding commas or line breaks, and end with
//!   blank lines.
//! - Control, bidi and zero-width characters are removed from every field
//!   (line breaks are kept in notes), so imported text can never reach the
//!   terminal as control codes.

use super::problems::Problems;
use super::{parse_clock_time, parse_instant, Context, TIME_FORMS};
use crate::domain::Outcome;
use crate::error::{Error, Result};
use crate::sanitize;
use crate::store::{NewCandidate, NewScreen};
use ::csv::{ByteRecord, ReaderBuilder};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// A column callsheet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Start,
    Date,
    Time,
    End,
    Duration,
    Candidate,
    Phone,
    Email,
    Timezone,
    Role,
    Notes,
    Outcome,
    /// Read past (`--map COL=ignore`).
    Ignore,
}

/// The header names each field is found under (compared in lower case
/// with white space removed), first the field's own name.
pub const ALIASES: [(&str, &[&str]); 12] = [
    (
        "candidate",
        &["candidate", "name", "full name", "candidate name"],
    ),
    (
        "phone",
        &["phone", "phone number", "mobile", "tel", "telephone"],
    ),
    (
        "start",
        &["start", "start time", "starts", "start date/time"],
    ),
    ("date", &["date"]),
    ("time", &["time"]),
    ("end", &["end", "end time", "ends"]),
    (
        "duration",
        &[
            "duration",
            "duration (min)",
            "duration_min",
            "length",
            "minutes",
        ],
    ),
    ("email", &["email", "e-mail", "email address"]),
    ("timezone", &["timezone", "time zone", "tz"]),
    ("role", &["role", "job", "position"]),
    ("notes", &["notes", "note", "comments", "comment"]),
    ("outcome", &["outcome"]),
];

impl Column {
    const ALL: [Column; 12] = [
        Column::Candidate,
        Column::Phone,
        Column::Start,
        Column::Date,
        Column::Time,
        Column::End,
        Column::Duration,
        Column::Email,
        Column::Timezone,
        Column::Role,
        Column::Notes,
        Column::Outcome,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::Start => "start",
            Column::Date => "date",
            Column::Time => "time",
            Column::End => "end",
            Column::Duration => "duration",
            Column::Candidate => "candidate",
            Column::Phone => "phone",
            Column::Email => "email",
            Column::Timezone => "timezone",
            Column::Role => "role",
            Column::Notes => "notes",
            Column::Outcome => "outcome",
            Column::Ignore => "ignore",
        }
    }

    /// A field by its own name (for `--map`).
    fn from_field(f: &str) -> Option<Column> {
        let f = squash(f);
        if f == "ignore" {
            return Some(Column::Ignore);
        }
        Column::ALL.into_iter().find(|c| c.name() == f)
    }

    fn from_header(h: &str, map: &[(String, String)]) -> Option<Column> {
        let h = squash(h);
        if let Some((_, field)) = map.iter().find(|(col, _)| squash(col) == h) {
            return Column::from_field(field);
        }
        let field = ALIASES
            .iter()
            .find(|(_, names)| names.iter().any(|n| squash(n) == h))?
            .0;
        Column::from_field(field)
    }
}

/// A header name as compared: lower case, no white space.
fn squash(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The alias table in one line, for messages.
fn accepted() -> String {
    ALIASES
        .iter()
        .map(|(f, names)| format!("{f} ({})", names.join("/")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The zone a time without an offset is read in (`--times-in`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum TimesIn {
    /// The recruiter's zone (the default).
    #[default]
    Recruiter,
    /// Each row's own `timezone` column.
    Candidate,
    /// One named zone for the whole file.
    Zone(Tz),
}

impl TimesIn {
    /// Reads `--times-in`: `candidate`, `recruiter` or an IANA zone.
    pub fn parse(s: &str) -> std::result::Result<TimesIn, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "candidate" => Ok(TimesIn::Candidate),
            "recruiter" | "mine" => Ok(TimesIn::Recruiter),
            _ => s.trim().parse::<Tz>().map(TimesIn::Zone).map_err(|_| {
                format!(
                    "'{s}' is not 'candidate', 'recruiter' or a time zone like America/New_York"
                )
            }),
        }
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
    /// `--map COL=FIELD`: header names beyond the alias table.
    pub map: Vec<(String, String)>,
    /// `--times-in`: the zone of times without an offset.
    pub times_in: TimesIn,
    /// The longest call accepted, in minutes (`import_max_event_hours`).
    pub max_minutes: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cap: super::problems::DEFAULT_CAP,
            map: Vec::new(),
            times_in: TimesIn::Recruiter,
            max_minutes: 12 * 60,
        }
    }
}

impl Options {
    /// Checks `--map` pairs: each `COL=FIELD` with a field callsheet knows.
    pub fn with_map(mut self, pairs: &[String]) -> Result<Options> {
        for p in pairs {
            let Some((col, field)) = p.split_once('=') else {
                return Err(Error::Invalid(format!(
                    "--map {p:?}: expected COLUMN=FIELD, like --map \"Cell=phone\""
                )));
            };
            if Column::from_field(field).is_none() {
                let fields: Vec<&str> = ALIASES.iter().map(|(f, _)| *f).collect();
                return Err(Error::Invalid(format!(
                    "--map {p:?}: '{}' is not a field (fields: {}, or ignore)",
                    field.trim(),
                    fields.join(", ")
                )));
            }
            self.map
                .push((col.trim().to_string(), field.trim().to_string()));
        }
        Ok(self)
    }
}

/// A CSV file read in full.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    pub screens: Vec<NewScreen>,
    /// What the summary should say about how the file was read (its
    /// encoding, the zone its times were read in).
    pub notes: Vec<String>,
    /// Rows read but worth a look: a local time in a DST gap or fold.
    pub warnings: Vec<String>,
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
    let mut local_times = false;
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
            None => match read_header(name, line, &record, &opts.map) {
                Ok(h) => header = Some(h),
                // Rows cannot be read without knowing their columns.
                Err(e) => {
                    problems.push(e);
                    break;
                }
            },
            Some(h) => match read_row(name, line, h, &record, ctx, opts) {
                Ok(row) => {
                    local_times |= row.local;
                    out.warnings.extend(row.flags);
                    out.screens.push(row.screen);
                }
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
    if !out.screens.is_empty() {
        out.notes.push(format!(
            "{name}: {}",
            zone_note(local_times, opts.times_in, ctx.zone)
        ));
    }
    problems.finish(out)
}

/// Which zone the file's times were read in, for the summary.
fn zone_note(local_times: bool, times_in: TimesIn, recruiter: Tz) -> String {
    if !local_times {
        return "every time carries its own offset; no zone was assumed".into();
    }
    match times_in {
        TimesIn::Recruiter => format!(
            "times without an offset were read in {}, your zone (--times-in candidate reads each row in its own timezone column)",
            recruiter.name()
        ),
        TimesIn::Candidate => {
            "times without an offset were read in each row's own timezone (--times-in candidate)".into()
        }
        TimesIn::Zone(z) => format!(
            "times without an offset were read in {} (--times-in)",
            z.name()
        ),
    }
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
    "candidate, phone, start (or date and time)".to_string()
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

fn read_header(
    file: &str,
    line: u64,
    record: &ByteRecord,
    map: &[(String, String)],
) -> Result<Header> {
    let mut columns: Vec<(usize, Column)> = Vec::new();
    let mut unnamed = Vec::new();
    let mut ignored = Vec::new();
    let mut unknown = Vec::new();
    for (i, field) in record.iter().enumerate() {
        let raw = text(file, line, &format!("column {}", i + 1), field)?;
        let shown = sanitize::line(raw.trim());
        if shown.is_empty() {
            unnamed.push(i);
            continue;
        }
        match Column::from_header(&shown, map) {
            Some(Column::Ignore) => ignored.push(i),
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
        let plural = if unknown.len() == 1 { "" } else { "s" };
        return Err(import_error(
            file,
            line,
            &unknown[0],
            format!(
                "unknown column{plural} {} (callsheet reads {}; rename the column, or name it with --map \"{}=FIELD\", or --map \"{}=ignore\")",
                unknown
                    .iter()
                    .map(|u| format!("'{u}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                accepted(),
                unknown[0],
                unknown[0],
            ),
        ));
    }
    let has = |k: Column| columns.iter().any(|(_, c)| *c == k);
    let mut missing: Vec<&str> = [Column::Candidate, Column::Phone]
        .into_iter()
        .filter(|c| !has(*c))
        .map(Column::name)
        .collect();
    if !has(Column::Start) {
        match (has(Column::Date), has(Column::Time)) {
            (true, true) => {}
            (true, false) => missing.push("time"),
            (false, true) => missing.push("date"),
            (false, false) => missing.push("start"),
        }
    }
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
    let _ = ignored;
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
            .map(|v| sanitize::name(v).trim().to_string())
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
    opts: &Options,
) -> Result<Row> {
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
    // Escape sequences go whole from a phone, so the digits stay a number.
    let phone = f
        .get(Column::Phone)
        .map(sanitize::phone)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| f.error(Column::Phone, "missing the phone number"))?;
    if phone.chars().filter(char::is_ascii_digit).count() < 3 {
        return Err(f.error(
            Column::Phone,
            format!("'{phone}' is not a phone number (too few digits)"),
        ));
    }
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
    // The zone rule (see the module doc): an explicit offset wins, then
    // --times-in, then the recruiter's zone.
    let zone = match opts.times_in {
        TimesIn::Recruiter => ctx.zone,
        TimesIn::Zone(z) => z,
        TimesIn::Candidate => timezone.ok_or_else(|| {
            f.error(
                Column::Timezone,
                "no time zone on this row; --times-in candidate reads each row's times in its own timezone column",
            )
        })?,
    };
    let mut flags = Vec::new();
    let has_start = f.values.iter().any(|(c, _)| *c == Column::Start);
    let (start, start_column) = match f.get(Column::Start) {
        Some(raw) => (raw.to_string(), Column::Start),
        None if has_start => return Err(f.error(Column::Start, "missing the start time")),
        None => match (f.get(Column::Date), f.get(Column::Time)) {
            (Some(d), Some(t)) => (format!("{d} {t}"), Column::Time),
            (None, _) => return Err(f.error(Column::Date, "missing the date")),
            (_, None) => return Err(f.error(Column::Time, "missing the start time")),
        },
    };
    let (start, local) = read_time(&f, start_column, &start, zone)?;
    if let Some(flag) = local.and_then(|l| dst_flag(l, zone)) {
        flags.push(format!("{file}:{line}: start {flag}"));
    }
    let minutes = match end_of(&f, start, zone)? {
        Some(end) => duration_minutes(&f, Column::End, start, end, opts.max_minutes)?,
        None => match f.get(Column::Duration) {
            Some(raw) => {
                let m = parse_minutes(raw).ok_or_else(|| {
                    f.error(
                        Column::Duration,
                        format!(
                            "'{}' is not a number of minutes (like 30 or 45 min)",
                            sanitize::line(raw)
                        ),
                    )
                })?;
                duration_minutes(
                    &f,
                    Column::Duration,
                    start,
                    start + Duration::minutes(m),
                    opts.max_minutes,
                )?
            }
            None => ctx.slot_minutes.clamp(1, 1440),
        },
    };
    let outcome = match f.get(Column::Outcome) {
        None => None,
        Some(raw) => Some(parse_outcome(raw).ok_or_else(|| {
            f.error(
                Column::Outcome,
                format!(
                    "'{}' is not an outcome (answered, voicemail, no-show, or blank for a call still to come)",
                    sanitize::line(raw)
                ),
            )
        })?)
        .filter(|o| *o != Outcome::Scheduled),
    };
    let note = f
        .get(Column::Notes)
        .map(|n| {
            sanitize::clean(&n.replace("\r\n", "\n"), true)
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty());
    Ok(Row {
        screen: NewScreen {
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
            outcome,
        },
        flags,
        local: local.is_some(),
    })
}

/// One data row read: the call, what the summary should flag about it,
/// and whether its start was a local time (no offset).
struct Row {
    screen: NewScreen,
    flags: Vec<String>,
    local: bool,
}

/// Reads a start or end: RFC 3339 with an offset, or a local time in
/// `zone` (then also returned, for the DST check).
fn read_time(
    f: &Fields,
    c: Column,
    raw: &str,
    zone: Tz,
) -> Result<(DateTime<Utc>, Option<NaiveDateTime>)> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw.trim()) {
        return Ok((t.with_timezone(&Utc), None));
    }
    let local = super::parse_local(raw.trim());
    match (local, parse_instant(raw, zone)) {
        (Some(l), Some(t)) => Ok((t, Some(l))),
        _ => Err(f.error(
            c,
            format!(
                "'{}' is not a date and time (expected {TIME_FORMS} in {})",
                sanitize::line(raw),
                zone.name()
            ),
        )),
    }
}

/// Says so when a local time does not exist (a gap) or happens twice (a
/// fold) in `zone`, and how it was read.
fn dst_flag(local: NaiveDateTime, zone: Tz) -> Option<String> {
    use chrono::{LocalResult, TimeZone};
    let read = crate::domain::slot::local_to_utc(zone, local.date(), local.time());
    let shown = local.format("%Y-%m-%d %H:%M");
    match zone.from_local_datetime(&local) {
        LocalResult::Single(_) => None,
        LocalResult::None => Some(format!(
            "{shown} does not exist in {} (the clocks go forward then); read as {} UTC, check it",
            zone.name(),
            read.format("%H:%M")
        )),
        LocalResult::Ambiguous(..) => Some(format!(
            "{shown} happens twice in {} (the clocks go back then); read as the first, {} UTC, check it",
            zone.name(),
            read.format("%H:%M")
        )),
    }
}

/// `30`, `45 min`, `45m`, `45 minutes`.
fn parse_minutes(raw: &str) -> Option<i64> {
    let t = raw.trim().to_ascii_lowercase();
    let digits = t
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.')
        .trim();
    let unit = t[digits.len()..].trim();
    if !matches!(
        unit,
        "" | "m" | "min" | "mins" | "min." | "minute" | "minutes"
    ) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|m| *m >= 0)
}

fn parse_outcome(raw: &str) -> Option<Outcome> {
    let k: String = raw
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    match k.as_str() {
        "answered" | "held" | "completed" | "done" => Some(Outcome::Answered),
        "voicemail" | "vm" | "leftvoicemail" => Some(Outcome::Voicemail),
        "noshow" | "missed" => Some(Outcome::NoShow),
        "" | "scheduled" => Some(Outcome::Scheduled),
        _ => None,
    }
}

/// The end: a full date and time, or `HH:MM` on the start's local date.
fn end_of(f: &Fields, start: DateTime<Utc>, zone: Tz) -> Result<Option<DateTime<Utc>>> {
    let Some(raw) = f.get(Column::End) else {
        return Ok(None);
    };
    if let Some(t) = parse_clock_time(raw) {
        let date = start.with_timezone(&zone).date_naive();
        return Ok(Some(crate::domain::slot::local_to_utc(zone, date, t)));
    }
    Ok(Some(read_time(f, Column::End, raw, zone)?.0))
}

/// Whole minutes from `start` to `end`: the end must come after the start,
/// and the call be no longer than `max` minutes.
fn duration_minutes(
    f: &Fields,
    c: Column,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    max: u32,
) -> Result<u32> {
    if end <= start {
        return Err(f.error(c, "the call ends before it starts"));
    }
    // Whole minutes, rounding a part-minute up so the slot is covered.
    let secs = (end - start).num_seconds();
    let minutes = (secs + 59) / 60;
    if minutes > Duration::days(1).num_minutes() {
        return Err(f.error(c, "the call is longer than a day"));
    }
    if minutes > i64::from(max) {
        return Err(f.error(
            c,
            format!(
                "the call is {} long, longer than the {} most a call may last (import_max_event_hours)",
                hours_minutes(minutes),
                hours_minutes(i64::from(max))
            ),
        ));
    }
    u32::try_from(minutes).map_err(|_| f.error(c, "the call is longer than a day"))
}

/// `12 h`, `1 h 30 min`, `45 min`.
pub fn hours_minutes(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
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
        let all = parse_with(
            "calls.csv",
            s.as_bytes(),
            &ctx(),
            &Options {
                cap: 1000,
                ..Options::default()
            },
        )
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
        assert_eq!(read.notes[0], "x.csv: read as UTF-16 (little-endian) text");
        // Without a BOM, big-endian.
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let read = parse_with("x.csv", &bytes, &ctx(), &Options::default()).unwrap();
        assert_eq!(read.screens.len(), 1);
    }
}

#[cfg(test)]
mod real_columns {
    use super::*;
    use chrono::TimeZone;

    fn ctx() -> Context {
        Context {
            zone: chrono_tz::Europe::London,
            slot_minutes: 30,
        }
    }

    fn read(s: &str, opts: &Options) -> Result<Read> {
        parse_with("x.csv", s.as_bytes(), &ctx(), opts)
    }

    #[test]
    fn the_alias_table_reads_real_export_headers() {
        let heads = [
            "Full name,Phone number,Start time,Duration (min)",
            "name,Mobile,start,duration_min",
            "Candidate Name,TEL,START TIME,length",
            "NAME , phone ,Start Time, Duration ( min )",
        ];
        for h in heads {
            let r = read(
                &format!("{h}\nAna Souza,+44 20 7946 0001,2026-07-06 09:00,45\n"),
                &Options::default(),
            )
            .unwrap_or_else(|e| panic!("{h}: {e}"));
            let s = &r.screens[0];
            assert_eq!(s.candidate.name, "Ana Souza", "{h}");
            assert_eq!(s.minutes, 45, "{h}");
            assert_eq!(s.start, Utc.with_ymd_and_hms(2026, 7, 6, 8, 0, 0).unwrap());
        }
        // Date and time as two columns; job, comments, tz, e-mail.
        let r = read(
            "Date,Time,Candidate,Tel,Job,Comments,Time Zone,E-mail\n2026-07-06,14:30,Bo,+46 70 123 4567,SRE,ok,Europe/Stockholm,bo@example.com\n",
            &Options::default(),
        )
        .unwrap();
        let s = &r.screens[0];
        assert_eq!(
            s.start,
            Utc.with_ymd_and_hms(2026, 7, 6, 13, 30, 0).unwrap()
        );
        assert_eq!(s.role.as_deref(), Some("SRE"));
        assert_eq!(s.note.as_deref(), Some("ok"));
        assert_eq!(s.candidate.timezone, Some(chrono_tz::Europe::Stockholm));
        assert_eq!(s.candidate.email.as_deref(), Some("bo@example.com"));
    }

    #[test]
    fn unknown_columns_list_what_is_accepted_and_map_names_them() {
        let s = "Cell,Applicant,When,Recruiter\n+44 20 7946 0001,Ana,2026-07-06 09:00,Sam\n";
        let e = read(s, &Options::default()).unwrap_err().to_string();
        assert!(
            e.starts_with("x.csv:1:Cell: unknown columns 'Cell', 'Applicant', 'When', 'Recruiter'"),
            "{e}"
        );
        assert!(
            e.contains("phone (phone/phone number/mobile/tel/telephone)"),
            "{e}"
        );
        assert!(e.contains("--map \"Cell=FIELD\""), "{e}");
        let opts = Options::default()
            .with_map(&[
                "cell=phone".into(),
                "Applicant=candidate".into(),
                "When=start".into(),
                "Recruiter=ignore".into(),
            ])
            .unwrap();
        let r = read(s, &opts).unwrap();
        assert_eq!(r.screens[0].candidate.phone, "+44 20 7946 0001");
        let e = Options::default()
            .with_map(&["Cell=fone".into()])
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("'fone' is not a field (fields: candidate, phone"),
            "{e}"
        );
        assert!(Options::default().with_map(&["Cell".into()]).is_err());
        let e = read("name,phone,date\n", &Options::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no 'time' column"), "{e}");
    }

    #[test]
    fn outcomes_are_kept_and_bad_ones_named() {
        let r = read(
            "start,name,phone,outcome\n2026-07-06 09:00,A,+44 20 7946 0001,Answered\n2026-07-06 09:30,B,+44 20 7946 0002,no-show\n2026-07-06 10:00,C,+44 20 7946 0003,voicemail\n2026-07-06 10:30,D,+44 20 7946 0004,\n",
            &Options::default(),
        )
        .unwrap();
        let got: Vec<_> = r.screens.iter().map(|s| s.outcome).collect();
        assert_eq!(
            got,
            vec![
                Some(Outcome::Answered),
                Some(Outcome::NoShow),
                Some(Outcome::Voicemail),
                None
            ]
        );
        let e = read(
            "start,name,phone,outcome\n2026-07-06 09:00,A,+44 20 7946 0001,great\n",
            &Options::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("x.csv:2:outcome: 'great' is not an outcome"),
            "{e}"
        );
    }

    #[test]
    fn zone_rule_offset_wins_then_times_in_then_recruiter() {
        let s = "start,name,phone,timezone\n2026-07-06 09:00,A,+1 212 555 0100,America/New_York\n2026-07-06T09:00:00+02:00,B,+33 1 23 45 67 89,America/New_York\n";
        let r = read(s, &Options::default()).unwrap();
        assert_eq!(
            r.screens[0].start,
            Utc.with_ymd_and_hms(2026, 7, 6, 8, 0, 0).unwrap()
        );
        assert_eq!(
            r.screens[1].start,
            Utc.with_ymd_and_hms(2026, 7, 6, 7, 0, 0).unwrap()
        );
        assert!(
            r.notes[0].contains("read in Europe/London, your zone"),
            "{:?}",
            r.notes
        );
        let cand = Options {
            times_in: TimesIn::Candidate,
            ..Options::default()
        };
        let r = read(s, &cand).unwrap();
        assert_eq!(
            r.screens[0].start,
            Utc.with_ymd_and_hms(2026, 7, 6, 13, 0, 0).unwrap()
        );
        assert_eq!(
            r.screens[1].start,
            Utc.with_ymd_and_hms(2026, 7, 6, 7, 0, 0).unwrap()
        );
        assert!(
            r.notes[0].contains("each row's own timezone"),
            "{:?}",
            r.notes
        );
        // --times-in candidate with a row that has no zone is a problem.
        let e = read(
            "start,name,phone,timezone\n2026-07-06 09:00,A,+1 212 555 0100,\n",
            &cand,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("x.csv:2:timezone: no time zone on this row"),
            "{e}"
        );
        let tokyo = Options {
            times_in: TimesIn::parse("Asia/Tokyo").unwrap(),
            ..Options::default()
        };
        let r = read(s, &tokyo).unwrap();
        assert_eq!(
            r.screens[0].start,
            Utc.with_ymd_and_hms(2026, 7, 6, 0, 0, 0).unwrap()
        );
        assert!(TimesIn::parse("Mars").is_err());
    }

    #[test]
    fn dst_gaps_and_folds_are_flagged() {
        let s = "start,name,phone\n2026-03-29 01:30,A,+44 20 7946 0001\n2026-10-25 01:30,B,+44 20 7946 0002\n2026-10-26 01:30,C,+44 20 7946 0003\n";
        let r = read(s, &Options::default()).unwrap();
        assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
        assert!(
            r.warnings[0]
                .starts_with("x.csv:2: start 2026-03-29 01:30 does not exist in Europe/London"),
            "{:?}",
            r.warnings
        );
        assert!(
            r.warnings[1].starts_with("x.csv:3: start 2026-10-25 01:30 happens twice"),
            "{:?}",
            r.warnings
        );
    }
}
