//! iCalendar (`.ics`) files from Google Calendar, Outlook/Exchange and
//! Apple Calendar: timed events become screens or busy time.
//!
//! - **Screens vs busy.** By default an event is a screen when its SUMMARY
//!   contains "screen", "phone", "interview" or "call" (any case), or when
//!   a phone number appears in its location, description or attendees
//!   (a `tel:` URI or 7+ digits). `--screens-match "a|b"` replaces that
//!   rule with its own list of words, matched case-insensitively as
//!   substrings of the SUMMARY (no regular-expression syntax beyond `|`).
//!   Every other timed event is busy time.
//! - **Candidate.** The name is the part of the SUMMARY that is not a
//!   screen word ("Phone screen: Ana Souza", "Interview with Ana Souza",
//!   "Ana Souza - phone screen"), else the first attendee's CN who is not
//!   the organizer; the phone is the first one found in attendees,
//!   location, description, then summary.
//! - **Times.** `Z` is UTC; `TZID` may be an IANA name, a Windows name
//!   (Outlook) or a `VTIMEZONE` in the file; floating times are in
//!   `X-WR-TIMEZONE` (Google) if given, else the recruiter's zone. A TZID
//!   that none of these explains is an error naming it and its line.
//! - **Skipped:** all-day events (neither screens nor busy), events outside
//!   the window, series whose RRULE uses parts not supported (see
//!   `ics_rrule`), events without UID. Each is reported with its line.
//! - **Identity:** source `ics`, uid = `UID` for a single event and
//!   `UID/<instance start in UTC>` for an instance of a series, whether it
//!   comes from RRULE/RDATE or a RECURRENCE-ID override.
//! - `STATUS:CANCELLED` on an event cancels what was imported for it (the
//!   whole series for a master, one instance for an override).
//!
//! Must not import: rusqlite, ratatui, crossterm.

use super::ics_lines::{unescape, unfold, Prop};
use super::ics_rrule::Rule;
use super::ics_zone::{observance, Zone, Zones};
use super::problems::Problems;
use super::Context;
use crate::error::{Error, Result};
use crate::store::{ImportReport, NewCandidate, NewScreen};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The source name for imported iCalendar identities.
pub const SOURCE: &str = "ics";

/// Properties callsheet's export writes so its own files read back
/// exactly (whatever punctuation a name holds).
pub const X_CANDIDATE: &str = "X-CALLSHEET-CANDIDATE";
pub const X_PHONE: &str = "X-CALLSHEET-PHONE";
pub const X_ROLE: &str = "X-CALLSHEET-ROLE";
/// The candidate's own zone (an IANA name), so it survives a round trip.
pub const X_TZ: &str = "X-CALLSHEET-TZ";

/// The default screen words (see the module doc).
pub const DEFAULT_SCREEN_WORDS: [&str; 4] = ["screen", "phone", "interview", "call"];

/// The default per-import cap on instances of repeating events.
pub const DEFAULT_MAX_INSTANCES: usize = 20_000;

/// What to import from a calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Instances starting in `[from, to)` are imported.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Replaces the default screen rule: lower-case words, any of which in
    /// the SUMMARY makes a screen.
    pub screen_words: Option<Vec<String>>,
    /// How many problems an import keeps before only counting them.
    pub cap: usize,
    /// How CSV files of the same import are read.
    pub csv: super::csv::Options,
    /// The longest timed event accepted, in minutes (config
    /// `import_max_event_hours`): longer is a problem, not busy time.
    pub max_minutes: u32,
    /// How many instances of repeating events one import expands at most
    /// (a daily series with `--to 9999-12-31` would otherwise make
    /// millions); past it the series stop and the summary says so.
    pub max_instances: usize,
}

impl Options {
    /// The default window: 30 days back to 90 days ahead of `now`.
    pub fn around(now: DateTime<Utc>) -> Options {
        Options {
            from: now - Duration::days(30),
            to: now + Duration::days(90),
            screen_words: None,
            cap: super::problems::DEFAULT_CAP,
            csv: super::csv::Options::default(),
            max_minutes: 12 * 60,
            max_instances: DEFAULT_MAX_INSTANCES,
        }
    }

    /// Reads `--screens-match`: words separated by `|`.
    pub fn with_screens_match(mut self, pattern: &str) -> Options {
        let words: Vec<String> = pattern
            .split('|')
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        self.screen_words = Some(words);
        self
    }
}

/// A timed event that is not a screen: busy time on the recruiter's day.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBusy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    /// The identity (see the module doc); source is [`SOURCE`].
    pub uid: String,
    /// "file.ics:12", for messages.
    pub origin: String,
}

/// What `Store::import_calendar` did (or would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CalendarReport {
    pub screens: ImportReport,
    pub busy_added: usize,
    pub busy_updated: usize,
    pub busy_unchanged: usize,
    /// Screens and busy blocks removed by `STATUS:CANCELLED`.
    pub cancelled: usize,
    /// Instances removed because their series no longer has them.
    pub removed: usize,
    /// Changes not applied (the call was already marked), with why.
    pub kept: Vec<String>,
}

/// A parsed calendar, ready for `Store::import_calendar`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    pub screens: Vec<NewScreen>,
    pub busy: Vec<NewBusy>,
    /// `(uid, origin)`: cancels `uid` and every instance `uid/…` of it.
    pub cancelled: Vec<(String, String)>,
    /// Series read from the file with the window they were expanded over:
    /// an instance `uid/…` imported before, inside the window and not in
    /// this file any more (the series moved or shrank) is removed.
    pub series: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
    /// What was left out and why, with `file:line`.
    pub skipped: Vec<String>,
    /// Problems read past (bad bytes, a missing END:VCALENDAR).
    pub warnings: Vec<String>,
    /// How the files were read (encoding, the zone of CSV times).
    pub notes: Vec<String>,
}

impl Calendar {
    pub fn extend(&mut self, other: Calendar) {
        self.screens.extend(other.screens);
        self.busy.extend(other.busy);
        self.cancelled.extend(other.cancelled);
        self.series.extend(other.series);
        self.skipped.extend(other.skipped);
        self.warnings.extend(other.warnings);
        self.notes.extend(other.notes);
    }
}

/// A date or date-time value as written.
#[derive(Debug, Clone)]
enum When {
    Date,
    At(NaiveDateTime, Zone),
}

impl When {
    fn utc(&self) -> Option<DateTime<Utc>> {
        match self {
            When::Date => None,
            When::At(t, z) => Some(z.to_utc(*t)),
        }
    }
}

/// One VEVENT's properties and where it starts.
struct RawEvent {
    props: Vec<Prop>,
    line: usize,
}

impl RawEvent {
    fn get(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }
    fn text(&self, name: &str) -> String {
        self.get(name)
            .map(|p| unescape(&p.value))
            .unwrap_or_default()
    }
}

/// Parses a whole file. Every problem is named with `file:line` (and the
/// event's UID where it has one), up to `opts.cap`, in one error; nothing
/// is returned then.
pub fn parse(name: &str, bytes: &[u8], ctx: &Context, opts: &Options) -> Result<Calendar> {
    if super::encoding::is_empty(bytes) {
        return Err(Error::Invalid(format!(
            "{name}: empty (no iCalendar data in the file)"
        )));
    }
    let (bytes, encoding) = super::encoding::to_utf8(bytes);
    let (props, warnings) = unfold(name, &bytes);
    let mut cal = Calendar {
        warnings,
        ..Calendar::default()
    };
    if let Some(e) = encoding {
        cal.notes.push(format!("{name}: {e}"));
    }
    let mut problems = Problems::new(opts.cap);
    let err = |line: usize, msg: String| Error::Invalid(format!("{name}:{line}: {msg}"));
    if !props
        .iter()
        .any(|p| p.name == "BEGIN" && p.value.trim().eq_ignore_ascii_case("VCALENDAR"))
    {
        return Err(Error::Invalid(format!(
            "{name}:1: not an iCalendar file (no BEGIN:VCALENDAR)"
        )));
    }
    let mut zones = Zones::default();
    let mut floating_name: Option<(String, usize)> = None;
    let mut events = Vec::new();
    // Component stack: (name, line it began).
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut current: Option<RawEvent> = None;
    let mut tz: Option<(String, Vec<Prop>, Vec<Vec<Prop>>)> = None;
    for p in props {
        match p.name.as_str() {
            "BEGIN" => {
                let comp = p.value.trim().to_ascii_uppercase();
                if let Some((_, at)) = stack.iter().rev().find(|(c, _)| c == "VEVENT") {
                    if matches!(comp.as_str(), "VEVENT" | "VTODO" | "VJOURNAL" | "VFREEBUSY") {
                        problems.push(err(
                            p.line,
                            format!("BEGIN:{comp} inside the VEVENT begun at line {at}; an event cannot hold another (end the first one before)"),
                        ));
                    }
                }
                if comp == "VEVENT" && stack.last().is_some_and(|(c, _)| c == "VCALENDAR") {
                    current = Some(RawEvent {
                        props: Vec::new(),
                        line: p.line,
                    });
                } else if comp == "VTIMEZONE" {
                    tz = Some((String::new(), Vec::new(), Vec::new()));
                } else if matches!(comp.as_str(), "STANDARD" | "DAYLIGHT") {
                    if let Some(t) = tz.as_mut() {
                        t.2.push(Vec::new());
                    }
                }
                stack.push((comp, p.line));
            }
            "END" => {
                let comp = p.value.trim().to_ascii_uppercase();
                match stack.iter().rposition(|(c, _)| *c == comp) {
                    Some(i) if i + 1 == stack.len() => {
                        stack.pop();
                    }
                    Some(i) => {
                        let (open, at) = &stack[i + 1];
                        problems.push(err(
                            p.line,
                            format!("END:{comp} while BEGIN:{open} (line {at}) is still open"),
                        ));
                        // Read on as if the inner components had ended.
                        stack.truncate(i);
                    }
                    None => {
                        problems.push(err(p.line, format!("END:{comp} without BEGIN:{comp}")));
                        continue;
                    }
                }
                if comp == "VEVENT" && stack.last().is_some_and(|(c, _)| c == "VCALENDAR") {
                    events.extend(current.take());
                } else if comp == "VTIMEZONE" {
                    if let Some((id, _, obs)) = tz.take() {
                        zones.define(&id, obs.iter().filter_map(|o| observance(o)).collect());
                    }
                }
            }
            _ => {
                let top = stack.last().map(|(c, _)| c.as_str());
                match top {
                    Some("VEVENT") => {
                        if let Some(ev) = current.as_mut() {
                            ev.props.push(p);
                        }
                    }
                    Some("VTIMEZONE") => {
                        if let Some(t) = tz.as_mut() {
                            if p.name == "TZID" {
                                t.0 = p.value.trim().to_string();
                            }
                            t.1.push(p);
                        }
                    }
                    Some("STANDARD" | "DAYLIGHT") => {
                        if let Some(o) = tz.as_mut().and_then(|t| t.2.last_mut()) {
                            o.push(p);
                        }
                    }
                    Some("VCALENDAR") if p.name == "X-WR-TIMEZONE" => {
                        floating_name = Some((p.value.trim().to_string(), p.line));
                    }
                    _ => {}
                }
            }
        }
    }
    for (open, at) in stack.iter().filter(|(c, _)| c != "VCALENDAR") {
        problems.push(err(*at, format!("BEGIN:{open} is never ended")));
    }
    if let Some((_, at)) = stack.first().filter(|(c, _)| c == "VCALENDAR") {
        cal.warnings.push(format!(
            "{name}:{at}: BEGIN:VCALENDAR is never ended; read to the end of the file"
        ));
    }
    let floating = match floating_name {
        Some((n, line)) => match zones.resolve(&n) {
            Some(z) => z,
            None => {
                problems.push(err(line, format!("X-WR-TIMEZONE {n:?} is not a time zone")));
                Zone::Tz(ctx.zone)
            }
        },
        None => Zone::Tz(ctx.zone),
    };
    let reader = Reader {
        name,
        zones: &zones,
        floating: &floating,
        ctx,
        opts,
        budget: std::cell::Cell::new(opts.max_instances),
    };
    // Overrides by UID: RECURRENCE-ID in UTC.
    let mut overridden: HashMap<String, HashSet<DateTime<Utc>>> = HashMap::new();
    for ev in &events {
        if let (Some(uid), Some(rid)) = (ev.get("UID"), ev.get("RECURRENCE-ID")) {
            // A bad RECURRENCE-ID is reported with its event below.
            if let Some(t) = reader.when(rid).ok().and_then(|w| w.utc()) {
                overridden
                    .entry(uid.value.trim().to_string())
                    .or_default()
                    .insert(t);
            }
        }
    }
    // The same UID twice without RECURRENCE-ID: which one is right cannot
    // be told, and the second would silently "update" the first.
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    let mut duplicate: HashSet<usize> = HashSet::new();
    for ev in &events {
        let Some(uid) = ev
            .get("UID")
            .map(|u| u.value.trim())
            .filter(|u| !u.is_empty())
        else {
            continue;
        };
        if ev.get("RECURRENCE-ID").is_some() {
            continue;
        }
        if let Some(first) = first_at.get(uid) {
            problems.push(with_uid(
                err(
                    ev.line,
                    format!("this UID is also the event at line {first}, and neither has a RECURRENCE-ID; keep one of them"),
                ),
                ev,
            ));
            duplicate.insert(ev.line);
        } else {
            first_at.insert(uid, ev.line);
        }
    }
    for ev in events.iter().filter(|e| !duplicate.contains(&e.line)) {
        if let Err(e) = reader.event(ev, &overridden, &mut cal) {
            problems.push(with_uid(e, ev));
        }
    }
    problems.finish(cal)
}

/// Adds the event's UID to a problem found in it, so the recruiter can
/// find the event in their calendar app as well as in the file.
fn with_uid(e: Error, ev: &RawEvent) -> Error {
    match ev
        .get("UID")
        .map(|u| u.value.trim())
        .filter(|u| !u.is_empty())
    {
        Some(uid) => Error::Invalid(format!("{e} (UID {})", crate::sanitize::line(uid))),
        None => e,
    }
}

/// What reading an event needs from the file around it.
struct Reader<'a> {
    name: &'a str,
    zones: &'a Zones,
    floating: &'a Zone,
    ctx: &'a Context,
    opts: &'a Options,
    /// Instances of repeating events this file may still add.
    budget: std::cell::Cell<usize>,
}

/// `UID/20261123T140000Z`.
fn instance_uid(uid: &str, start: DateTime<Utc>) -> String {
    format!("{uid}/{}", start.format("%Y%m%dT%H%M%SZ"))
}

impl Reader<'_> {
    fn err(&self, line: usize, msg: String) -> Error {
        Error::Invalid(format!("{}:{line}: {msg}", self.name))
    }

    fn origin(&self, line: usize) -> String {
        format!("{}:{line}", self.name)
    }

    /// Reads a DATE or DATE-TIME value (the first of a list).
    fn when(&self, p: &Prop) -> Result<When> {
        let v = p.value.split(',').next().unwrap_or("").trim();
        self.when_value(p, v)
    }

    fn when_value(&self, p: &Prop, v: &str) -> Result<When> {
        let bad = || {
            self.err(
                p.line,
                format!("{}: {v:?} is not a date or date-time", p.name),
            )
        };
        if p.param("VALUE")
            .is_some_and(|x| x.eq_ignore_ascii_case("DATE"))
            || v.len() == 8
        {
            return NaiveDate::parse_from_str(v, "%Y%m%d")
                .map(|_| When::Date)
                .map_err(|_| bad());
        }
        if let Some(z) = v.strip_suffix('Z') {
            let t = super::ics_zone::parse_naive(z).ok_or_else(bad)?;
            return Ok(When::At(t, Zone::Utc));
        }
        let t = super::ics_zone::parse_naive(v).ok_or_else(bad)?;
        let zone = match p.param("TZID") {
            Some(id) => self.zones.resolve(id).ok_or_else(|| {
                self.err(
                    p.line,
                    format!("unknown TZID {id:?}: not an IANA or Windows zone name, and no VTIMEZONE in the file defines it"),
                )
            })?,
            None => self.floating.clone(),
        };
        Ok(When::At(t, zone))
    }

    fn event(
        &self,
        ev: &RawEvent,
        overridden: &HashMap<String, HashSet<DateTime<Utc>>>,
        cal: &mut Calendar,
    ) -> Result<()> {
        let origin = self.origin(ev.line);
        let Some(uid) = ev
            .get("UID")
            .map(|p| p.value.trim().to_string())
            .filter(|u| !u.is_empty())
        else {
            cal.skipped.push(format!("{origin}: event without UID"));
            return Ok(());
        };
        let rid = match ev.get("RECURRENCE-ID") {
            Some(p) => self.when(p)?.utc(),
            None => None,
        };
        let cancelled = ev
            .get("STATUS")
            .is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
        if cancelled {
            let key = match rid {
                Some(r) => instance_uid(&uid, r),
                None => uid.clone(),
            };
            cal.cancelled.push((key, origin));
            return Ok(());
        }
        let Some(dtstart) = ev.get("DTSTART") else {
            return Err(self.err(ev.line, "VEVENT has no DTSTART".into()));
        };
        let start = self.when(dtstart)?;
        let When::At(local_start, zone) = &start else {
            cal.skipped
                .push(format!("{origin}: all-day event (not a screen, not busy)"));
            return Ok(());
        };
        let start_utc = zone.to_utc(*local_start);
        let length = match (ev.get("DTEND"), ev.get("DURATION")) {
            (Some(end), _) => match self.when(end)?.utc() {
                Some(e) => e - start_utc,
                None => Duration::minutes(i64::from(self.ctx.slot_minutes)),
            },
            (None, Some(d)) => parse_duration(&d.value).ok_or_else(|| {
                self.err(d.line, format!("DURATION {:?} is not a duration", d.value))
            })?,
            (None, None) => Duration::minutes(i64::from(self.ctx.slot_minutes)),
        };
        let length_line = ev
            .get("DTEND")
            .or_else(|| ev.get("DURATION"))
            .map_or(ev.line, |p| p.line);
        if length <= Duration::zero() {
            return Err(self.err(
                length_line,
                "the event ends before it starts (or at the same moment)".into(),
            ));
        }
        if length > Duration::minutes(i64::from(self.opts.max_minutes)) {
            return Err(self.err(
                length_line,
                format!(
                    "the event lasts {}, longer than the {} an event may (config import_max_event_hours); not read as busy time",
                    super::csv::hours_minutes(length.num_minutes()),
                    super::csv::hours_minutes(i64::from(self.opts.max_minutes))
                ),
            ));
        }
        // The instances: (identity, start in UTC).
        let mut instances: Vec<(String, DateTime<Utc>)> = Vec::new();
        let rrule = ev.get("RRULE");
        if let Some(r) = rid {
            instances.push((instance_uid(&uid, r), start_utc));
        } else if rrule.is_some() || ev.get("RDATE").is_some() {
            let mut starts: Vec<DateTime<Utc>> = vec![start_utc];
            if let Some(r) = rrule {
                match Rule::parse(&r.value) {
                    Ok(rule) => {
                        let to_utc = |t: NaiveDateTime| zone.to_utc(t);
                        starts = rule
                            .expand(*local_start, &to_utc, self.opts.to)
                            .into_iter()
                            .map(to_utc)
                            .collect();
                    }
                    Err(why) => {
                        cal.skipped
                            .push(format!("{}: {why}; series left out", self.origin(r.line)));
                        return Ok(());
                    }
                }
            }
            for p in ev.props.iter().filter(|p| p.name == "RDATE") {
                for v in p.value.split(',') {
                    if let Some(t) = self.when_value(p, v.trim())?.utc() {
                        starts.push(t);
                    }
                }
            }
            let mut excluded: HashSet<DateTime<Utc>> = HashSet::new();
            // EXDATE;VALUE=DATE on a timed series drops that local day.
            let mut excluded_days: HashSet<NaiveDate> = HashSet::new();
            for p in ev.props.iter().filter(|p| p.name == "EXDATE") {
                for v in p.value.split(',') {
                    match self.when_value(p, v.trim())? {
                        When::At(t, z) => {
                            excluded.insert(z.to_utc(t));
                        }
                        When::Date => {
                            excluded_days.extend(NaiveDate::parse_from_str(v.trim(), "%Y%m%d"));
                        }
                    }
                }
            }
            let day_of = |t: DateTime<Utc>| match zone {
                Zone::Tz(z) => t.with_timezone(z).date_naive(),
                _ => t.date_naive(),
            };
            let overrides = overridden.get(&uid);
            starts.sort();
            starts.dedup();
            starts.retain(|s| *s >= self.opts.from && *s < self.opts.to);
            let mut series_to = self.opts.to;
            let left = self.budget.get();
            if starts.len() > left {
                // The per-import cap: stop the series here and say so; the
                // series' window ends here too, so nothing imported before
                // past this point is taken for removed.
                starts.truncate(left);
                series_to = starts
                    .last()
                    .map_or(self.opts.from, |s| *s + Duration::seconds(1));
                cal.warnings.push(format!(
                    "{origin}: repeating event (UID {}) stopped after {} instances, the most one import expands ({}); narrow --from/--to to import the rest",
                    crate::sanitize::line(&uid),
                    starts.len(),
                    self.opts.max_instances
                ));
            }
            self.budget.set(left - starts.len());
            cal.series.push((uid.clone(), self.opts.from, series_to));
            for s in starts {
                if !excluded.contains(&s)
                    && !excluded_days.contains(&day_of(s))
                    && !overrides.is_some_and(|o| o.contains(&s))
                {
                    instances.push((instance_uid(&uid, s), s));
                }
            }
        } else {
            instances.push((uid.clone(), start_utc));
        }
        let before = instances.len();
        instances.retain(|(_, s)| *s >= self.opts.from && *s < self.opts.to);
        if instances.len() < before && rrule.is_none() {
            cal.skipped
                .push(format!("{origin}: outside the import window"));
        }
        let summary = ev.text("SUMMARY");
        if self.is_screen(ev, &summary) {
            let candidate = candidate(ev, &summary);
            let note = Some(ev.text("DESCRIPTION")).filter(|d| !d.trim().is_empty());
            let minutes = u32::try_from(length.num_minutes().clamp(1, 1440)).unwrap_or(30);
            for (id, s) in instances {
                cal.screens.push(NewScreen {
                    candidate: candidate.clone(),
                    role: Some(ev.text(X_ROLE)).filter(|r| !r.trim().is_empty()),
                    start: s,
                    minutes,
                    note: note.clone(),
                    source: Some((SOURCE.to_string(), id)),
                    origin: origin.clone(),
                    outcome: None,
                });
            }
        } else {
            for (id, s) in instances {
                cal.busy.push(NewBusy {
                    start: s,
                    end: s + length,
                    summary: summary.clone(),
                    uid: id,
                    origin: origin.clone(),
                });
            }
        }
        Ok(())
    }

    fn is_screen(&self, ev: &RawEvent, summary: &str) -> bool {
        let s = summary.to_lowercase();
        match &self.opts.screen_words {
            Some(words) => words.iter().any(|w| s.contains(w.as_str())),
            None => {
                DEFAULT_SCREEN_WORDS.iter().any(|w| s.contains(w))
                    || event_phone(ev, false).is_some()
            }
        }
    }
}

/// Reads `P1DT2H30M`, `PT45M`, `P1W` (sign allowed).
fn parse_duration(v: &str) -> Option<Duration> {
    let v = v.trim();
    let (neg, v) = match v.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let mut rest = v.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut in_time = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('T') {
            in_time = true;
            rest = r;
            continue;
        }
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let n: i64 = rest[..digits].parse().ok()?;
        let unit = rest[digits..].chars().next()?;
        // try_*: a hostile P99999999999999W must not panic.
        let part = match (unit, in_time) {
            ('W', false) => Duration::try_weeks(n),
            ('D', false) => Duration::try_days(n),
            ('H', true) => Duration::try_hours(n),
            ('M', true) => Duration::try_minutes(n),
            ('S', true) => Duration::try_seconds(n),
            _ => return None,
        }?;
        total = total.checked_add(&part)?;
        rest = &rest[digits + 1..];
    }
    Some(if neg { -total } else { total })
}

/// A phone number in `text`: a run of digits, spaces, `+().-` holding 7
/// to 15 digits.
pub fn find_phone(text: &str) -> Option<String> {
    let mut best = None;
    let mut cur = String::new();
    let flush = |cur: &mut String, best: &mut Option<String>| {
        let t = cur
            .trim()
            .trim_end_matches(['-', '.', '('])
            .trim()
            .to_string();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        if best.is_none() && (7..=15).contains(&digits) {
            *best = Some(t);
        }
        cur.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit()
            || (matches!(c, '+' | '(' | ')' | '-' | '.' | ' ') && !cur.is_empty())
            || (c == '+' || c == '(') && cur.is_empty()
        {
            cur.push(c);
        } else {
            flush(&mut cur, &mut best);
        }
    }
    flush(&mut cur, &mut best);
    best
}

/// The phone on an event, looked for only where phones are
/// (`import::phones`).
fn event_phone(ev: &RawEvent, with_summary: bool) -> Option<String> {
    let props: Vec<(&str, String)> = ev
        .props
        .iter()
        .map(|p| (p.name.as_str(), unescape(&p.value)))
        .collect();
    super::phones::event_phone(&props, with_summary)
}

/// Name, phone and email of the person a screen is with.
fn candidate(ev: &RawEvent, summary: &str) -> NewCandidate {
    let organizer = ev
        .get("ORGANIZER")
        .map(|o| o.value.to_ascii_lowercase())
        .unwrap_or_default();
    let attendee = ev.props.iter().find(|p| {
        p.name == "ATTENDEE"
            && p.value.to_ascii_lowercase() != organizer
            && !p
                .param("ROLE")
                .is_some_and(|r| r.eq_ignore_ascii_case("CHAIR"))
    });
    // callsheet's own export says exactly who and which number.
    let own = |n: &str| Some(ev.text(n)).filter(|v| !v.trim().is_empty());
    let from_summary = own(X_CANDIDATE).or_else(|| name_from_summary(summary));
    let name = from_summary
        .or_else(|| {
            attendee
                .and_then(|a| a.param("CN"))
                .map(|s| s.trim().to_string())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| summary.trim().to_string());
    let email = attendee.and_then(|a| {
        let v = a.value.trim();
        v.get(..7)
            .filter(|p| p.eq_ignore_ascii_case("mailto:"))
            .map(|_| v[7..].to_string())
    });
    NewCandidate {
        name,
        phone: own(X_PHONE)
            .or_else(|| event_phone(ev, true))
            .unwrap_or_default(),
        email,
        // callsheet's own export carries the candidate's zone.
        timezone: own(X_TZ).and_then(|z| z.trim().parse().ok()),
    }
}

/// The part of a summary that is not a screen word or a phone number:
/// "Phone screen: Ana Souza" → "Ana Souza".
fn name_from_summary(summary: &str) -> Option<String> {
    let mut s = summary.to_string();
    if let Some(p) = find_phone(&s) {
        s = s.replace(&p, " ");
    }
    let lower = s.to_lowercase();
    // Split at separators, keeping byte offsets aligned with `lower`.
    let seps = [
        ":", " - ", " – ", " — ", "|", " with ", "(", ")", "/", " w/ ",
    ];
    let mut cuts = vec![0, s.len()];
    for sep in seps {
        for (i, _) in lower.match_indices(sep) {
            cuts.push(i);
            cuts.push(i + sep.len());
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let named = cuts
        .windows(2)
        .filter_map(|w| s.get(w[0]..w[1]))
        .map(|part| part.trim_matches(|c: char| c.is_whitespace() || ",;-–—".contains(c)))
        .filter(|part| !part.is_empty() && part.chars().any(char::is_alphabetic))
        .find(|part| {
            let p = part.to_lowercase();
            !DEFAULT_SCREEN_WORDS.iter().any(|w| p.contains(w))
                && !seps.iter().any(|sep| sep.trim() == p)
        })
        .map(str::to_string);
    // "Call Ana Souza": drop the screen words themselves.
    named.or_else(|| {
        let rest: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || "()[]:|,;".contains(c))
            .filter(|w| {
                let w = w.to_lowercase();
                !w.is_empty()
                    && !DEFAULT_SCREEN_WORDS.iter().any(|k| w.contains(k))
                    && !matches!(w.as_str(), "-" | "–" | "—" | "with" | "w/" | "/")
            })
            .collect();
        let rest = rest.join(" ");
        rest.chars().any(char::is_alphabetic).then_some(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_out_of_summaries() {
        let n = |s: &str| name_from_summary(s);
        assert_eq!(n("Phone screen: Ana Souza").as_deref(), Some("Ana Souza"));
        assert_eq!(n("Interview with Ana Souza").as_deref(), Some("Ana Souza"));
        assert_eq!(n("Ana Souza - phone screen").as_deref(), Some("Ana Souza"));
        assert_eq!(
            n("Call Ana Souza (+44 20 7946 0000)").as_deref(),
            Some("Ana Souza")
        );
        assert_eq!(n("Phone interview Ana").as_deref(), Some("Ana"));
        assert_eq!(n("Phone screen").as_deref(), None);
    }

    #[test]
    fn phones_are_found_in_free_text() {
        assert_eq!(
            find_phone("Dial +44 20 7946 0000 at 9").as_deref(),
            Some("+44 20 7946 0000")
        );
        assert_eq!(
            find_phone("(555) 010-4477").as_deref(),
            Some("(555) 010-4477")
        );
        assert_eq!(find_phone("Room 4012, floor 3"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT45M"), Some(Duration::minutes(45)));
        assert_eq!(parse_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_duration("PT"), Some(Duration::zero()));
        assert_eq!(parse_duration("45M"), None);
        assert_eq!(parse_duration("PT4X"), None);
    }
}
