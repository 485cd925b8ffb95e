//! The command line: clap definitions and the non-interactive commands.
//!
//! `callsheet` alone opens the app; `demo`, `import`, `day`, `callbacks` and
//! `mark` are the scripting and test surface. Data goes to stdout and
//! nothing else does; an error is one line on stderr (`callsheet: …`) and
//! exit code 1; a usage error is clap's message and exit code 2.
//!
//! Must not import: rusqlite, ratatui, crossterm (the app is reached through
//! `tui::run`).

use crate::clock::Clock;
use crate::config::{self, Settings};
use crate::domain::callback::sort_queue;
use crate::domain::change::{parse_told_at, ChangedBy, ScreenChange};
use crate::domain::{Bucket, Call, Callback, Candidate, Outcome};
use crate::error::{Error, Result};
use crate::sanitize;
use crate::store::{MarkDone, MarkOptions, Store};
use crate::tui::{self, RunOptions};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;
use unicode_width::UnicodeWidthStr;

mod book;
mod candidate;
mod export;
mod sync;
mod template;

/// A recruiter's daily call list: half-hour phone screens, one-key
/// outcomes, and callbacks that are never missed.
#[derive(Debug, Parser)]
#[command(
    name = "callsheet",
    version,
    after_help = "Run with no command to open the day. Keys: a/v/n mark answered/voicemail/no-show, u undo, ? help, q quit."
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,

    /// Open the app on this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<NaiveDate>,

    #[command(subcommand)]
    command: Option<Command>,
}

/// Options every command takes, before or after the command name.
#[derive(Debug, Args)]
struct Global {
    /// The database file [default: callsheet.sqlite3 in the data directory].
    #[arg(long, global = true, env = "CALLSHEET_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Fix the clock at this instant (RFC 3339, e.g. 2026-11-23T09:40:00Z);
    /// the app's clock then runs on from it.
    #[arg(long, global = true, env = "CALLSHEET_NOW", value_name = "RFC3339")]
    now: Option<String>,

    /// The recruiter's time zone (IANA name, e.g. Europe/London)
    /// [default: the system's].
    #[arg(long, global = true, env = "CALLSHEET_TZ", value_name = "ZONE")]
    tz: Option<String>,

    /// The config file [default: config.toml in the config directory]. A
    /// file named here must exist and be free of problems.
    #[arg(long, global = true, env = "CALLSHEET_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// Print only data and errors: no warnings (e.g. about the config).
    #[arg(short, long, global = true)]
    quiet: bool,

    /// More in the log file (-v debug, -vv trace); commands other than the
    /// app also print it on stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    verbose: u8,

    /// Draw the first frame of the app and exit (smoke tests).
    #[arg(long, global = true, hide = true)]
    exit_after_first_frame: bool,

    /// The database came from `CALLSHEET_DB`, not `--db`: the demo ignores
    /// it, since it names the recruiter's real database.
    #[arg(skip)]
    db_from_env: bool,
}

impl Cli {
    /// Parses arguments (and the environment) as clap does, remembering
    /// where `--db` came from.
    pub fn try_parse_args<I, T>(args: I) -> std::result::Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::parser::ValueSource;
        use clap::{CommandFactory, FromArgMatches};
        let matches = Cli::command().try_get_matches_from(args)?;
        let mut cli = Cli::from_arg_matches(&matches)?;
        cli.global.db_from_env = matches.value_source("db") == Some(ValueSource::EnvVariable);
        Ok(cli)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a realistic demo day, relative to now, in a fresh demo database
    /// (never your real one) and open it.
    ///
    /// The demo database is demo.sqlite3 in the data directory unless --db
    /// names another file (CALLSHEET_DB is not used: it names your real
    /// database). It is rebuilt from scratch on every run, and a file that
    /// is not a callsheet demo is never replaced.
    Demo {
        /// Build the demo and print a summary instead of opening the app.
        #[arg(long)]
        no_tui: bool,
    },

    /// Import calls from CSV or iCalendar files: everything in every file,
    /// or nothing.
    ///
    /// CSV: header row with columns start, candidate, phone and optionally
    /// end, email, timezone (IANA), role, notes, in any order and any case.
    /// A column with another name is an error. start/end: RFC 3339, or
    /// YYYY-MM-DD HH:MM in your time zone (end may be just HH:MM); no end
    /// means one 30-minute slot.
    ///
    /// .ics (Google, Outlook, Apple exports): events that look like phone
    /// screens become calls, other timed events become busy time, all-day
    /// events are skipped; recurring events are expanded over the window;
    /// STATUS:CANCELLED removes an unmarked call. Re-importing a file
    /// updates rather than duplicates.
    Import {
        /// The files to import (.csv, .ics).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,

        /// Check the files and report what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,

        /// .ics: events whose summary contains any of these words
        /// ("screen|intro", case-insensitive) are screens; the rest are
        /// busy time [default: screen|phone|interview|call, or a phone
        /// number in the event].
        #[arg(long, value_name = "WORDS")]
        screens_match: Option<String>,

        /// .ics: first day of the import window [default: 30 days ago].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: Option<NaiveDate>,

        /// .ics: last day of the import window [default: 90 days ahead].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        to: Option<NaiveDate>,

        /// Book new screens for do-not-call candidates too (otherwise they
        /// are refused and listed).
        #[arg(long)]
        allow_dnc: bool,

        /// CSV: read column COL as FIELD (start, date, time, end, duration,
        /// candidate, phone, email, timezone, role, notes, outcome, or
        /// ignore); repeatable. See docs/import.md for the names already known.
        #[arg(long = "map", value_name = "COL=FIELD")]
        map: Vec<String>,

        /// CSV: the zone of times without an offset: `candidate` (each
        /// row's timezone column) or a zone like America/New_York
        /// [default: your zone].
        #[arg(long, value_name = "candidate|ZONE", value_parser = crate::import::csv::TimesIn::parse)]
        times_in: Option<crate::import::csv::TimesIn>,
    },

    /// Export calls as iCalendar, the call log as CSV, or the callback queue.
    ///
    /// --ics: screens and placed callbacks from --from to --to (inclusive
    /// local dates; --day D is both), times in UTC, stable UIDs, SEQUENCE
    /// bumped whenever a call moves or is marked. --csv: the call log, one
    /// row per attempt in that range (for an ATS); cells that start with
    /// = + - @ get a leading ' so spreadsheets do not run them.
    /// --callbacks: the open callback queue instead.
    #[command(group(
        clap::ArgGroup::new("fmt").required(true).args(["ics", "csv", "format"])
    ))]
    Export {
        /// iCalendar (.ics) output.
        #[arg(long)]
        ics: bool,

        /// CSV output.
        #[arg(long)]
        csv: bool,

        /// ics or csv (same as --ics / --csv).
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,

        /// One day (YYYY-MM-DD): short for --from D --to D [default: today].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date,
              conflicts_with_all = ["callbacks", "from", "to"])]
        day: Option<NaiveDate>,

        /// First local date to export [default: --to, or today].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date,
              conflicts_with = "callbacks")]
        from: Option<NaiveDate>,

        /// Last local date to export, inclusive [default: --from, or today].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date,
              conflicts_with = "callbacks")]
        to: Option<NaiveDate>,

        /// Export the open callback queue instead of calls.
        #[arg(long)]
        callbacks: bool,

        /// Write to this file (created 0600) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Print a day's calls.
    Day {
        /// The day (YYYY-MM-DD) [default: today].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,

        /// Print JSON (times in UTC, RFC 3339).
        #[arg(long)]
        json: bool,
    },

    /// Print the open callback queue: called in, overdue, due now, later.
    Callbacks {
        /// Print JSON (times in UTC, RFC 3339).
        #[arg(long)]
        json: bool,
    },

    /// The week in numbers: calls per day by outcome, no-show rate by hour
    /// and by weekday, callbacks reached within 24 h, median lateness of
    /// inbound calls.
    ///
    /// Covers the current working week (Monday to the last working day) in
    /// your time zone unless --week or --from/--to say otherwise. Every
    /// rate comes with its n.
    Report {
        /// The working week holding this date [default: today].
        #[arg(long, value_name = "YYYY-MM-DD", num_args = 0..=1, value_parser = parse_date,
              conflicts_with_all = ["from", "to"])]
        week: Option<Option<NaiveDate>>,

        /// First local date of the range.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "to")]
        from: Option<NaiveDate>,

        /// Last local date of the range, inclusive.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "from")]
        to: Option<NaiveDate>,

        /// Print JSON (dates local, YYYY-MM-DD).
        #[arg(long)]
        json: bool,
    },

    /// Mark a call answered, voicemail, no-show or cancelled (as the
    /// a/v/n keys and the m menu do).
    ///
    /// Voicemail and no-show queue a callback by the callback policy; a
    /// cancellation queues one to rebook. Marking a marked call with
    /// another outcome corrects it.
    Mark {
        /// The call's id (from `callsheet day`).
        id: i64,

        /// What happened.
        outcome: MarkOutcome,

        /// A note to save on the call with the mark.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,

        /// Queue the callback even if the candidate is do-not-call.
        #[arg(long)]
        allow_dnc: bool,
        /// cancelled: who called it off.
        #[arg(long, value_enum, default_value_t = CancelledBy::Candidate)]
        by: CancelledBy,

        /// cancelled: when you were told (now, 09:15, "yesterday 16:00",
        /// -2h, "2026-11-21 16:00"), which sets the notice class.
        #[arg(long, value_name = "WHEN", default_value = "now")]
        told: String,
    },

    /// Mark a candidate do-not-call (dropping their open callbacks), or
    /// clear the flag.
    Dnc {
        /// The candidate's id (`candidate.id` in `callsheet day --json`).
        candidate: i64,

        /// Why they must not be called.
        #[arg(long, value_name = "TEXT", conflicts_with = "clear")]
        reason: Option<String>,

        /// Clear the flag instead.
        #[arg(long)]
        clear: bool,
    },

    /// Record a promise to a candidate: what, and the day it is due by.
    Promise {
        /// The candidate's id (`candidate.id` in `callsheet day --json`).
        candidate: i64,

        /// What was promised ("update after HM feedback").
        what: String,

        /// Due by: fri, 27 nov, 2026-11-27, +3d, tomorrow.
        #[arg(long, value_name = "WHEN")]
        by: String,

        /// Keeping it waits on the hiring manager.
        #[arg(long)]
        waiting_on_hm: bool,
    },

    /// Print the open promises, soonest due first.
    Promises {
        /// Print JSON (times in UTC, RFC 3339).
        #[arg(long)]
        json: bool,
    },

    /// Print what you owe people: news after a screen (no contact for more
    /// than N working days), undelivered rejections, promises due.
    Owed {
        /// Print JSON (times in UTC, RFC 3339).
        #[arg(long)]
        json: bool,
    },

    /// Set a candidate's stage (new, screening, submitted, interviewing,
    /// offer, hired, rejected-not-told, rejected-told, withdrawn).
    Stage {
        /// The candidate's id (`candidate.id` in `callsheet day --json`).
        candidate: i64,

        /// The stage.
        #[arg(value_parser = parse_stage)]
        stage: crate::domain::Stage,
    },

    /// Write, find or check the config file (config.toml).
    ///
    /// --init writes a commented example with every setting at its default
    /// and every action with its keys (never over an existing file without
    /// --force); --path prints where the file is read from; --paths lists
    /// every file callsheet uses (config, database, demo, log); --check
    /// reports unknown keys and bad values with their line and exits 2 if
    /// any.
    #[command(group(
        clap::ArgGroup::new("what").required(true).args(["init", "path", "paths", "check"])
    ))]
    Config {
        /// Write the example config and print its path.
        #[arg(long)]
        init: bool,

        /// With --init: replace an existing file.
        #[arg(long, requires = "init")]
        force: bool,

        /// Print the config file's path.
        #[arg(long)]
        path: bool,

        /// Check the config file; exit 2 if it has problems.
        #[arg(long)]
        check: bool,

        /// List where callsheet keeps its files.
        #[arg(long)]
        paths: bool,

        /// With --paths: print JSON.
        #[arg(long, requires = "paths")]
        json: bool,
    },

    /// Print a template filled in for one candidate: the voicemail script,
    /// the follow-up text, the "no news yet" text or the rejection. With
    /// no KIND, the one that fits where they stand.
    ///
    /// Your own wording: a file of the same name (voicemail.txt,
    /// follow-up.txt, no-news.txt, rejection.txt) in the templates
    /// directory (`callsheet config --paths`).
    Template {
        /// voicemail, follow-up, no-news or rejection [default: the one
        /// that fits].
        #[arg(value_parser = template::parse_kind)]
        kind: Option<crate::domain::template::TemplateKind>,

        /// The candidate: their id, or a name or phone number that finds
        /// exactly one person.
        #[arg(long, value_name = "ID|PHONE|NAME")]
        candidate: String,

        /// Print JSON: the kind, the candidate and the text.
        #[arg(long)]
        json: bool,
    },

    /// Book a screen into a free slot (as `b` does in the app). A taken
    /// slot or a do-not-call candidate exits 1 and writes nothing.
    Book(book::BookArgs),
    /// Sync every calendar in the config ([[calendars]]) once: read what
    /// changed, publish callsheet's own events, print what changed.
    Sync {
        /// Print JSON: one report per calendar.
        #[arg(long)]
        json: bool,
    },

    /// List the calendars in the config with their last sync, events and
    /// errors.
    Calendars {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },

    /// Print a shell completion script, e.g.
    /// `callsheet completions bash > ~/.local/share/bash-completion/completions/callsheet`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff), e.g. `callsheet man | man -l -`.
    Man,

    /// Check the database without changing it: path, schema version,
    /// integrity, permissions, sizes, journal mode, and where the config
    /// and log are. Exits 1 if it finds a problem.
    Doctor {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn parse_stage(s: &str) -> std::result::Result<crate::domain::Stage, String> {
    crate::domain::Stage::parse(s.trim()).ok_or_else(|| {
        let all: Vec<&str> = crate::domain::Stage::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        format!("'{s}' is not a stage ({})", all.join(", "))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Ics,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MarkOutcome {
    Answered,
    Voicemail,
    NoShow,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CancelledBy {
    Candidate,
    Us,
    HiringManager,
}

impl From<CancelledBy> for ChangedBy {
    fn from(b: CancelledBy) -> ChangedBy {
        match b {
            CancelledBy::Candidate => ChangedBy::Candidate,
            CancelledBy::Us => ChangedBy::Recruiter,
            CancelledBy::HiringManager => ChangedBy::HiringManager,
        }
    }
}

impl From<MarkOutcome> for Outcome {
    fn from(m: MarkOutcome) -> Outcome {
        match m {
            MarkOutcome::Answered => Outcome::Answered,
            MarkOutcome::Voicemail => Outcome::Voicemail,
            MarkOutcome::NoShow => Outcome::NoShow,
            MarkOutcome::Cancelled => Outcome::Cancelled,
        }
    }
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date like 2026-11-23"))
}

/// Runs callsheet with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr
            // with 2. clap quotes the argument it refused, so its text goes
            // through the sanitiser like everything else (issue 14, item 7:
            // an OSC 52 in an ID set the clipboard).
            let text = sanitize::clean(&e.render().to_string(), true);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return e.exit_code();
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(Error::Signal(signo)) => 128 + signo,
        Err(Error::Config(lines)) => {
            for line in lines {
                eprintln!("callsheet: {}", one_line(&line));
            }
            2
        }
        Err(Error::Problems(lines)) => {
            for line in lines {
                eprintln!("callsheet: {}", one_line(&line));
            }
            1
        }
        Err(e) => {
            eprintln!("callsheet: {}", one_line(&e.to_string()));
            1
        }
    }
}

fn one_line(s: &str) -> String {
    let s = sanitize::line(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What every command needs, resolved once from the global options.
struct Env {
    db: Option<PathBuf>,
    db_from_env: bool,
    /// `--now`, when given.
    fixed_now: Option<DateTime<Utc>>,
    settings: Settings,
    run: RunOptions,
    /// `-q`: no warnings on stderr.
    quiet: bool,
}

impl Env {
    /// Resolves the global options and reads the config file. `app` says
    /// whether the interactive app will run: its config warnings go to the
    /// status line, not to a stderr that the screen is about to cover.
    ///
    /// A command that `reads_only` logs its start and end at `debug`, so at
    /// the default level it writes no log at all (see `logging::init`);
    /// its failures are still logged.
    fn from(g: Global, source: &config::ConfigSource, app: bool, reads_only: bool) -> Result<Env> {
        let fixed_now = g
            .now
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(Clock::parse_now)
            .transpose()
            .map_err(Error::Invalid)?;
        let loaded = config::load(source, g.tz.as_deref())?;
        let warnings = loaded.messages();
        let mut run = RunOptions {
            exit_after_first_frame: g.exit_after_first_frame,
            ..RunOptions::default()
        };
        if app {
            run.config_warning = match warnings.len() {
                0 => None,
                1 => Some(format!("config: {}", warnings[0])),
                n => Some(format!(
                    "config: {n} problems, defaults used for those keys; `callsheet config --check` lists them"
                )),
            };
        } else if !g.quiet {
            for w in &warnings {
                eprintln!("callsheet: warning: {}", one_line(w));
            }
        }
        let settings = loaded.settings;
        let level = settings.log_level.raised(g.verbose);
        let warn = !g.quiet && !app;
        let no_log = move |e: &Error| {
            if warn {
                eprintln!("callsheet: warning: no log: {}", one_line(&e.to_string()));
            }
        };
        match config::log_dir() {
            Ok(dir) => crate::logging::init(dir, level, g.verbose > 0 && !app, no_log),
            Err(e) => no_log(&e),
        }
        let (problems, zone) = (warnings.len(), settings.zone().name());
        if reads_only {
            tracing::debug!(config_problems = problems, zone, "start");
        } else {
            tracing::info!(config_problems = problems, zone, "start");
        }
        Ok(Env {
            db: g.db.filter(|p| !p.as_os_str().is_empty()),
            db_from_env: g.db_from_env,
            fixed_now,
            settings,
            run,
            quiet: g.quiet,
        })
    }

    /// The clock for a one-shot command: fixed when `--now` is given.
    fn now(&self) -> DateTime<Utc> {
        match self.fixed_now {
            Some(t) => Clock::Fixed(t).now(),
            None => Clock::System.now(),
        }
    }

    /// The clock for the app: with `--now`, it starts there and ticks.
    fn app_clock(&self) -> Clock {
        match self.fixed_now {
            Some(start) => Clock::Offset {
                start,
                since: Instant::now(),
            },
            None => Clock::System,
        }
    }

    fn zone(&self) -> Tz {
        self.settings.zone()
    }

    fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => config::default_db_path(),
        }
    }

    /// Opens a database that must already exist (reading commands do not
    /// create one at a mistyped path).
    fn open_existing(&self) -> Result<Store> {
        let path = self.db_path()?;
        if !path.exists() {
            return Err(Error::NotFound(format!(
                "{}: no database here yet (import a calendar with `callsheet import FILE.csv`, or try `callsheet demo`)",
                path.display()
            )));
        }
        let store = Store::open(&path)?;
        store.set_phone_region(self.settings.phone_region());
        Ok(store)
    }

    /// [`Env::open_existing`] for a command that only reads: writes
    /// nothing to the disk (see `Store::open_read_only`).
    fn open_for_reading(&self) -> Result<Store> {
        let path = self.db_path()?;
        if !path.exists() {
            self.open_existing()
        } else {
            let store = Store::open_read_only(&path)?;
            store.set_phone_region(self.settings.phone_region());
            Ok(store)
        }
    }

    fn today(&self) -> NaiveDate {
        self.settings.rules.hours.local_date(self.now())
    }
}

fn run(cli: Cli) -> Result<()> {
    let source = config::config_source(cli.global.config.as_deref());
    // These need no database, zone or valid config, so they run first.
    match &cli.command {
        Some(Command::Config {
            init,
            force,
            path,
            check: _,
            paths,
            json,
        }) => {
            let what = match (*init, *path, *paths) {
                (true, _, _) => config::command::What::Init { force: *force },
                (_, true, _) => config::command::What::Path,
                (_, _, true) => config::command::What::Paths { json: *json },
                _ => config::command::What::Check,
            };
            return emit(&config::command::run(&source, what)?);
        }
        Some(Command::Completions { shell }) => {
            return emit_bytes(&crate::shell::completions(*shell));
        }
        Some(Command::Man) => return emit_bytes(&crate::shell::man_page()?),
        _ => {}
    }
    let app = match &cli.command {
        None => true,
        Some(Command::Demo { no_tui }) => !no_tui,
        _ => false,
    };
    let command = command_name(cli.command.as_ref());
    let reads_only = matches!(
        cli.command,
        Some(
            Command::Day { .. }
                | Command::Callbacks { .. }
                | Command::Export { .. }
                | Command::Report { .. }
                | Command::Promises { .. }
                | Command::Owed { .. }
                | Command::Doctor { .. }
                | Command::Calendars { .. }
        )
    );
    let env = Env::from(cli.global, &source, app, reads_only)?;
    let result = match cli.command {
        Some(Command::Doctor { json }) => doctor(&env, &source, json),
        command => run_command(command, cli.date, &env),
    };
    match &result {
        Ok(()) if reads_only => tracing::debug!(command, "done"),
        Ok(()) => tracing::info!(command, "done"),
        Err(e) => tracing::warn!(command, error = e.kind(), "failed"),
    }
    result
}

/// The command's name, for the log.
fn command_name(c: Option<&Command>) -> &'static str {
    match c {
        None => "app",
        Some(Command::Demo { .. }) => "demo",
        Some(Command::Import { .. }) => "import",
        Some(Command::Export { .. }) => "export",
        Some(Command::Day { .. }) => "day",
        Some(Command::Callbacks { .. }) => "callbacks",
        Some(Command::Mark { .. }) => "mark",
        Some(Command::Dnc { .. }) => "dnc",
        Some(Command::Stage { .. }) => "stage",
        Some(Command::Report { .. }) => "report",
        Some(Command::Promise { .. }) => "promise",
        Some(Command::Promises { .. }) => "promises",
        Some(Command::Owed { .. }) => "owed",
        Some(Command::Config { .. }) => "config",
        Some(Command::Completions { .. }) => "completions",
        Some(Command::Man) => "man",
        Some(Command::Doctor { .. }) => "doctor",
        Some(Command::Template { .. }) => "template",
        Some(Command::Book(_)) => "book",
        Some(Command::Sync { .. }) => "sync",
        Some(Command::Calendars { .. }) => "calendars",
    }
}

fn run_command(command: Option<Command>, date: Option<NaiveDate>, env: &Env) -> Result<()> {
    match command {
        None => {
            let store = Store::open(&env.db_path()?)?;
            store.set_phone_region(env.settings.phone_region());
            let clock = env.app_clock();
            tui::run(store, env.settings.clone(), clock, date, env.run.clone())
        }
        Some(Command::Demo { no_tui }) => demo(env, no_tui),
        Some(Command::Import {
            files,
            dry_run,
            screens_match,
            from,
            to,
            allow_dnc,
            map,
            times_in,
        }) => {
            let window = ImportWindow {
                screens_match,
                from,
                to,
                allow_dnc,
                map,
                times_in,
            };
            import(env, &files, dry_run, &window)
        }
        Some(Command::Export {
            ics,
            csv: _,
            format,
            day,
            from,
            to,
            callbacks,
            output,
        }) => {
            // The "fmt" group makes exactly one of --ics, --csv, --format set.
            let format = match (format, ics) {
                (Some(f), _) => f,
                (None, true) => ExportFormat::Ics,
                (None, false) => ExportFormat::Csv,
            };
            let range = ExportRange {
                from: day.or(from),
                to: day.or(to),
            };
            export(env, range, callbacks, format, output.as_deref())
        }
        Some(Command::Day { date: d, json }) => day(env, d.or(date), json),
        Some(Command::Callbacks { json }) => callbacks(env, json),
        Some(Command::Mark {
            id,
            outcome,
            note,
            allow_dnc,
            by,
            told,
        }) => {
            let change = match outcome {
                MarkOutcome::Cancelled => Some(ScreenChange {
                    by: by.into(),
                    told_at: parse_told_at(&told, env.now(), env.zone()).map_err(Error::Invalid)?,
                    reason: String::new(),
                }),
                _ => None,
            };
            let opts = MarkOptions {
                change,
                allow_dnc,
                ..MarkOptions::default()
            };
            mark(env, id, outcome.into(), &opts, note)
        }
        Some(Command::Dnc {
            candidate,
            reason,
            clear,
        }) => dnc(env, candidate, reason, clear),
        Some(Command::Promise {
            candidate,
            what,
            by,
            waiting_on_hm,
        }) => add_promise(env, candidate, &what, &by, waiting_on_hm),
        Some(Command::Promises { json }) => promises(env, json),
        Some(Command::Owed { json }) => owed(env, json),
        Some(Command::Stage { candidate, stage }) => {
            let store = env.open_existing()?;
            let undo = store.set_stage(candidate, stage, env.now())?;
            emit(&format!("stage: {}\n", sanitize::line(undo.label())))
        }
        Some(Command::Report {
            week,
            from,
            to,
            json,
        }) => report(env, week.flatten().or(date), from.zip(to), json),
        Some(Command::Template {
            kind,
            candidate,
            json,
        }) => template::run(env, kind, &candidate, json),
        Some(Command::Book(args)) => book::run(env, &args),
        Some(Command::Sync { json }) => sync::run_sync(env, json),
        Some(Command::Calendars { json }) => sync::run_calendars(env, json),
        Some(
            Command::Config { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Doctor { .. },
        ) => Ok(()),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    emit_bytes(text.as_bytes())
}

fn emit_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("stdout", e)),
    }
}

fn emit_json<T: Serialize>(value: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("cannot write JSON: {e}")))?;
    let mut s = sanitize::escape_json(&s);
    s.push('\n');
    emit(&s)
}

// ------------------------------------------------------------------- demo

fn demo(env: &Env, no_tui: bool) -> Result<()> {
    let path = match &env.db {
        Some(p) if !env.db_from_env => p.clone(),
        _ => config::demo_db_path()?,
    };
    let start = env.now();
    let summary = crate::demo::build(&path, start, &env.settings)?;
    if no_tui {
        return emit(&format!("{}\n", summary.line(&path)));
    }
    let store = Store::open(&path)?;
    tui::run(
        store,
        env.settings.clone(),
        env.app_clock(),
        Some(summary.date),
        env.run.clone(),
    )
}

// ----------------------------------------------------------------- import

/// The .ics options of `import`.
struct ImportWindow {
    screens_match: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    allow_dnc: bool,
    map: Vec<String>,
    times_in: Option<crate::import::csv::TimesIn>,
}

fn import(env: &Env, files: &[PathBuf], dry_run: bool, w: &ImportWindow) -> Result<()> {
    let ctx = crate::import::Context {
        zone: env.zone(),
        slot_minutes: env.settings.rules.hours.slot_minutes,
    };
    let mut opts = crate::import::ics::Options::around(env.now());
    let day_start =
        |d: NaiveDate| crate::domain::slot::local_to_utc(env.zone(), d, chrono::NaiveTime::MIN);
    if let Some(d) = w.from {
        opts.from = day_start(d);
    }
    if let Some(d) = w.to {
        opts.to = day_start(d + chrono::Duration::days(1));
    }
    if let Some(m) = &w.screens_match {
        opts = opts.with_screens_match(m);
    }
    if dry_run {
        opts.cap = crate::import::problems::DRY_RUN_CAP;
    }
    opts.csv = opts.csv.with_map(&w.map)?;
    opts.csv.times_in = w.times_in.unwrap_or_default();
    // Every file is parsed before anything is opened: one bad row anywhere
    // and nothing is written.
    let cal = crate::import::read_calendar(files, &ctx, &opts)?;
    let path = env.db_path()?;
    let store = if dry_run && !path.exists() {
        // A dry run creates nothing, not even an empty database.
        Store::open_in_memory()?
    } else {
        Store::open(&path)?
    };
    store.set_phone_region(env.settings.phone_region());
    let report = store.import_calendar_with(&cal, env.now(), dry_run, w.allow_dnc)?;
    let r = &report.screens;
    tracing::info!(
        files = files.len(),
        dry_run,
        added = r.added,
        updated = r.updated,
        unchanged = r.unchanged,
        skipped = r.skipped.len() + cal.skipped.len(),
        "import"
    );
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let mut counts = format!(
        "{} added, {} updated, {} unchanged, {} skipped ({} new candidates)",
        r.added,
        r.updated,
        r.unchanged,
        r.skipped.len() + cal.skipped.len(),
        r.candidates_added
    );
    let busy = report.busy_added + report.busy_updated + report.busy_unchanged;
    if busy + report.cancelled + report.kept.len() > 0 {
        counts.push_str(&format!(
            "; busy: {} added, {} updated, {} unchanged; {} cancelled",
            report.busy_added, report.busy_updated, report.busy_unchanged, report.cancelled
        ));
    }
    if report.removed > 0 {
        counts.push_str(&format!("; {} no longer in their series", report.removed));
    }
    let mut out = if dry_run {
        format!("dry run, nothing written: {}: {counts}\n", names.join(", "))
    } else {
        format!("imported {}: {counts}\n", names.join(", "))
    };
    for s in &cal.notes {
        out.push_str(&format!("note {}\n", sanitize::line(s)));
    }
    for s in cal.skipped.iter().chain(&r.skipped) {
        out.push_str(&format!("skipped {}\n", sanitize::line(s)));
    }
    for s in cal.warnings.iter().chain(&report.kept) {
        out.push_str(&format!("warning {}\n", sanitize::line(s)));
    }
    crate::cli::candidate::import_summary(&mut out, r);
    emit(&out)
}

// ----------------------------------------------------------------- export

/// Inclusive local dates; a missing end takes the other, both missing
/// means today.
struct ExportRange {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

fn export(
    env: &Env,
    range: ExportRange,
    callbacks: bool,
    format: ExportFormat,
    output: Option<&std::path::Path>,
) -> Result<()> {
    export::run(env, range, callbacks, format, output)
}

// -------------------------------------------------------------------- day

/// RFC 3339 in UTC with a `Z`: "2026-11-23T09:00:00Z".
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Serialize)]
struct CandidateJson {
    id: i64,
    name: String,
    phone: String,
    email: Option<String>,
    timezone: Option<String>,
    do_not_call: bool,
    dnc_reason: Option<String>,
    stage: &'static str,
}

impl From<&Candidate> for CandidateJson {
    fn from(c: &Candidate) -> Self {
        CandidateJson {
            id: c.id,
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            timezone: c.timezone.map(|z| z.name().to_string()),
            do_not_call: c.do_not_call,
            dnc_reason: c.dnc_reason.clone(),
            stage: c.stage.as_str(),
        }
    }
}

#[derive(Serialize)]
struct CallJson {
    id: i64,
    start: String,
    end: String,
    minutes: u32,
    candidate: CandidateJson,
    role: Option<String>,
    kind: &'static str,
    outcome: &'static str,
    marked_at: Option<String>,
    note: String,
}

impl From<&Call> for CallJson {
    fn from(c: &Call) -> Self {
        CallJson {
            id: c.id,
            start: utc(c.start),
            end: utc(c.end()),
            minutes: c.minutes,
            candidate: (&c.candidate).into(),
            role: c.role.clone(),
            kind: c.kind.as_str(),
            outcome: c.outcome.as_str(),
            marked_at: c.marked_at.map(utc),
            note: c.note.clone(),
        }
    }
}

fn day(env: &Env, date: Option<NaiveDate>, json: bool) -> Result<()> {
    let store = env.open_for_reading()?;
    let date = date.unwrap_or_else(|| env.today());
    let hours = &env.settings.rules.hours;
    let span = hours.day_span(date);
    let calls = store.calls_between(span.start, span.end)?;
    if json {
        let out: Vec<CallJson> = calls.iter().map(CallJson::from).collect();
        return emit_json(&out);
    }
    let zone = env.zone();
    let title = format!(
        "{} · {} · {} call{}",
        date.format("%a %d %b %Y"),
        zone.name(),
        calls.len(),
        if calls.len() == 1 { "" } else { "s" }
    );
    let mut table = Table::new(&[
        "id",
        "time",
        "candidate",
        "role",
        "phone",
        "their time",
        "outcome",
    ]);
    let mut notes: Vec<Option<String>> = Vec::new();
    for c in &calls {
        let their = if c.candidate.clock_differs(zone, c.start) {
            c.candidate
                .timezone
                .map(|z| c.start.with_timezone(&z).format("%H:%M %Z").to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let role = c.role.clone().unwrap_or_default();
        let role = match c.kind {
            crate::domain::CallKind::Callback if role.is_empty() => "callback".to_string(),
            crate::domain::CallKind::Callback => format!("callback: {role}"),
            crate::domain::CallKind::Screen => role,
        };
        table.row(vec![
            c.id.to_string(),
            format!(
                "{}–{}",
                c.start.with_timezone(&zone).format("%H:%M"),
                c.end().with_timezone(&zone).format("%H:%M")
            ),
            c.candidate.name.clone(),
            role,
            phone_cell(&c.candidate),
            their,
            format!("{} {}", c.outcome.symbol(), c.outcome.as_str()),
        ]);
        notes.push(
            c.note
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    let mut out = format!("{title}\n");
    if calls.is_empty() {
        return emit(&out);
    }
    let indent = table.widths[0] + 2;
    for (line, note) in table
        .render()
        .into_iter()
        .zip(std::iter::once(None).chain(notes))
    {
        out.push_str(&line);
        out.push('\n');
        if let Some(n) = note {
            out.push_str(&format!(
                "{}note: {}\n",
                " ".repeat(indent),
                sanitize::line(&n)
            ));
        }
    }
    emit(&out)
}

/// Left-aligned text columns, measured in terminal cells (so 王小明 lines
/// up with José), every cell sanitised for the terminal.
struct Table {
    rows: Vec<Vec<String>>,
    widths: Vec<usize>,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        let mut t = Table {
            rows: Vec::new(),
            widths: vec![0; header.len()],
        };
        t.row(header.iter().map(|h| h.to_string()).collect());
        t
    }

    fn row(&mut self, cells: Vec<String>) {
        let cells: Vec<String> = cells.iter().map(|c| sanitize::line(c)).collect();
        for (w, c) in self.widths.iter_mut().zip(&cells) {
            *w = (*w).max(c.width());
        }
        self.rows.push(cells);
    }

    /// One line per row (header first), without trailing spaces.
    fn render(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|cells| {
                let mut line = String::new();
                for (i, (c, w)) in cells.iter().zip(&self.widths).enumerate() {
                    if i > 0 {
                        line.push_str("  ");
                    }
                    line.push_str(c);
                    line.push_str(&" ".repeat(w.saturating_sub(c.width())));
                }
                line.trim_end().to_string()
            })
            .collect()
    }
}

// -------------------------------------------------------------- callbacks

#[derive(Serialize)]
struct CallbackJson {
    id: i64,
    candidate: CandidateJson,
    due: String,
    reason: &'static str,
    status: &'static str,
    /// "called-in", "overdue", "due-now" or "later" (kebab-case, like
    /// outcomes).
    bucket: Bucket,
    why: String,
    attempts_this_week: u32,
    called_in_at: Option<String>,
    origin_call_id: Option<i64>,
}

fn callbacks(env: &Env, json: bool) -> Result<()> {
    let store = env.open_for_reading()?;
    let now = env.now();
    let zone = env.zone();
    let rules = &env.settings.rules;
    let slot = rules.hours.slot_minutes;
    let today = env.today();
    let mut queue = store.open_callbacks(now, zone)?;
    sort_queue(&mut queue, now, slot);
    if json {
        let out: Vec<CallbackJson> = queue
            .iter()
            .map(|c| CallbackJson {
                id: c.id,
                candidate: (&c.candidate).into(),
                due: utc(c.due),
                reason: c.reason.as_str(),
                status: c.status.as_str(),
                bucket: c.bucket(now, slot),
                why: c.why(zone, today),
                attempts_this_week: c.attempts_this_week,
                called_in_at: c.called_in_at.map(utc),
                origin_call_id: c.origin_screen_id,
            })
            .collect();
        return emit_json(&out);
    }
    let mut out = format!(
        "{} open callback{} · {}\n",
        queue.len(),
        if queue.len() == 1 { "" } else { "s" },
        zone.name()
    );
    if queue.is_empty() {
        return emit(&out);
    }
    let mut table = Table::new(&[
        "id",
        "queue",
        "due",
        "candidate",
        "phone",
        "why",
        "this week",
    ]);
    for c in &queue {
        table.row(callback_cells(c, now, zone, today, env));
    }
    for line in table.render() {
        out.push_str(&line);
        out.push('\n');
    }
    emit(&out)
}

fn callback_cells(
    c: &Callback,
    now: DateTime<Utc>,
    zone: Tz,
    today: NaiveDate,
    env: &Env,
) -> Vec<String> {
    let policy = &env.settings.rules.policy;
    let limit = policy.weekly_attempt_limit;
    let attempts = if policy.over_cadence(c.attempts_this_week) {
        format!("{}/{limit} (limit)", c.attempts_this_week)
    } else {
        format!("{}/{limit}", c.attempts_this_week)
    };
    vec![
        c.id.to_string(),
        c.bucket(now, env.settings.rules.hours.slot_minutes)
            .label()
            .to_string(),
        when(c.due, zone, today),
        c.candidate.name.clone(),
        phone_cell(&c.candidate),
        c.why(zone, today),
        attempts,
    ]
}

/// A phone as text output shows it: a do-not-call number is marked, since
/// plain text cannot strike it through.
fn phone_cell(c: &Candidate) -> String {
    if c.do_not_call {
        format!("DNC {}", c.phone)
    } else {
        c.phone.clone()
    }
}

/// "14:30" today, "Tue 24 Nov 08:00" on another day (recruiter's zone).
fn when(t: DateTime<Utc>, zone: Tz, today: NaiveDate) -> String {
    let local = t.with_timezone(&zone);
    if local.date_naive() == today {
        local.format("%H:%M").to_string()
    } else {
        local.format("%a %d %b %H:%M").to_string()
    }
}

// ----------------------------------------------------------------- report

/// The week of `week` (or today), or `from..=to` when given.
fn report(
    env: &Env,
    week: Option<NaiveDate>,
    span: Option<(NaiveDate, NaiveDate)>,
    json: bool,
) -> Result<()> {
    use crate::domain::report::ReportRange;
    let hours = &env.settings.rules.hours;
    let range = match span {
        Some((from, to)) => ReportRange::new(from, to).map_err(Error::Invalid)?,
        None => ReportRange::week_of(week.unwrap_or_else(|| env.today()), &hours.days),
    };
    let store = env.open_for_reading()?;
    let report = store.week_report(range, hours, env.now())?;
    if json {
        return emit_json(&report);
    }
    emit(&crate::report_text::render(&report))
}

// ------------------------------------------------------------------- mark

fn mark(
    env: &Env,
    id: i64,
    outcome: Outcome,
    opts: &MarkOptions,
    note: Option<String>,
) -> Result<()> {
    let store = env.open_existing()?;
    let now = env.now();
    let rules = &env.settings.rules;
    let before = store.call(id)?;
    let done = store.mark_as_with_note(id, outcome, opts, note.as_deref(), now, rules)?;
    emit(&format!(
        "{}\n",
        describe_mark(&before, &done, note.is_some(), env)
    ))
}

fn describe_mark(before: &Call, done: &MarkDone, noted: bool, env: &Env) -> String {
    let zone = env.zone();
    let today = env.today();
    let mut s = format!(
        "marked call {}: {}",
        before.id,
        sanitize::line(done.undo.label())
    );
    if before.outcome.is_marked() {
        s.push_str(&format!(" (was {})", before.outcome));
    }
    if let Some(due) = done.callback_due {
        s.push_str(&format!("; callback due {}", when(due, zone, today)));
        if !done.callback_in_free_slot {
            s.push_str(" (no free slot found: the earliest allowed time)");
        }
    }
    if let Some(why) = &done.refusal {
        s.push_str(&format!(
            "; {}, so no callback was queued (--allow-dnc queues it)",
            sanitize::line(why)
        ));
    }
    if noted {
        s.push_str("; note saved");
    }
    s
}

// ----------------------------------------------------------------- doctor

/// `callsheet doctor`: the report on stdout, and exit 1 with a one-line
/// summary on stderr when it found a problem.
fn doctor(env: &Env, source: &config::ConfigSource, json: bool) -> Result<()> {
    use crate::store::doctor;
    let path = env.db_path()?;
    let c = doctor::examine(&path);
    let places: Vec<(&str, Option<String>)> = config::command::locations(source)
        .into_iter()
        .filter(|(name, _)| matches!(*name, "config" | "log"))
        .collect();
    if json {
        let mut v = serde_json::to_value(&c)
            .map_err(|e| Error::Invalid(format!("cannot write JSON: {e}")))?;
        v["rows"] = c
            .rows
            .iter()
            .map(|(what, n)| (what.clone(), serde_json::Value::from(*n)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        for (name, p) in &places {
            v[*name] = p.clone().into();
        }
        v["healthy"] = c.problems.is_empty().into();
        emit_json(&v)?;
    } else {
        emit(&doctor_text(&c, &places))?;
    }
    match c.problems.len() {
        0 => Ok(()),
        1 => Err(Error::Refused(
            "doctor found a problem (listed above)".into(),
        )),
        n => Err(Error::Refused(format!(
            "doctor found {n} problems (listed above)"
        ))),
    }
}

fn doctor_text(c: &crate::store::doctor::Checkup, places: &[(&str, Option<String>)]) -> String {
    let show = |p: &std::path::Path| sanitize::line(&p.display().to_string());
    let or_unknown = |v: Option<String>| v.unwrap_or_else(|| "unknown".into());
    let mut out = vec![
        format!("database   {}", show(&c.database)),
        format!(
            "schema     {} (this callsheet: {})",
            or_unknown(c.schema_version.map(|v| v.to_string())),
            c.schema_expected
        ),
        format!(
            "integrity  {}",
            sanitize::line(&or_unknown(c.integrity.clone()))
        ),
        format!("journal    {}", or_unknown(c.journal_mode.clone())),
    ];
    for (label, f) in ["file", "wal", "shm", "directory"].iter().zip(&c.files) {
        let mode = f.mode.map_or("-".to_string(), |m| format!("{m:04o}"));
        let size = match (f.exists, f.bytes) {
            (false, _) => "absent".to_string(),
            (true, Some(b)) => format!("{b} bytes"),
            (true, None) => String::new(),
        };
        let flag = if f.too_open { "  (too open)" } else { "" };
        out.push(format!(
            "{label:<10} {mode:<5} {size:<14} {}{flag}",
            show(&f.path)
        ));
    }
    if !c.rows.is_empty() {
        let rows: Vec<String> = c.rows.iter().map(|(w, n)| format!("{n} {w}")).collect();
        out.push(format!("rows       {}", rows.join(", ")));
    }
    for (name, p) in places {
        let p = p.as_deref().map_or("-".to_string(), sanitize::line);
        out.push(format!("{name:<10} {p}"));
    }
    if c.problems.is_empty() {
        out.push("problems   none".into());
    }
    for p in &c.problems {
        out.push(format!("problem    {}", sanitize::line(p)));
    }
    out.push(String::new());
    out.join("\n")
}

// -------------------------------------------------------------------- dnc

fn dnc(env: &Env, candidate: i64, reason: Option<String>, clear: bool) -> Result<()> {
    let store = env.open_existing()?;
    let undo = store.set_do_not_call(candidate, !clear, reason.as_deref(), env.now())?;
    emit(&format!("{}\n", sanitize::line(undo.label())))
}

// --------------------------------------------------------------- promises

fn add_promise(env: &Env, candidate: i64, what: &str, by: &str, waiting: bool) -> Result<()> {
    let store = env.open_existing()?;
    let due = crate::domain::promise::parse_due(by, env.today()).map_err(Error::Invalid)?;
    let hours = &env.settings.rules.hours;
    let (id, undo) = store.add_promise(candidate, None, what, due, waiting, env.now(), hours)?;
    emit(&format!("promise {id}: {}\n", sanitize::line(undo.label())))
}

#[derive(Serialize)]
struct PromiseMoveJson {
    at: String,
    from_due: String,
    to_due: String,
    reason: String,
    no_news_call: bool,
}

#[derive(Serialize)]
struct PromiseJson {
    id: i64,
    candidate: CandidateJson,
    what: String,
    /// The instant it falls due (the end of `due_date` in your zone).
    due: String,
    due_date: String,
    /// "overdue", "due-today" or "later".
    urgency: crate::domain::promise::Urgency,
    waiting_on_hm: bool,
    created_at: String,
    moves: Vec<PromiseMoveJson>,
}

fn promises(env: &Env, json: bool) -> Result<()> {
    use crate::domain::promise::due_date;
    let store = env.open_for_reading()?;
    let (now, zone) = (env.now(), env.zone());
    let hours = &env.settings.rules.hours;
    let list = store.open_promises()?;
    if json {
        let out: Vec<PromiseJson> = list
            .iter()
            .map(|p| PromiseJson {
                id: p.id,
                candidate: (&p.candidate).into(),
                what: p.what.clone(),
                due: utc(p.due),
                due_date: due_date(hours, p.due).to_string(),
                urgency: p.urgency(now, hours),
                waiting_on_hm: p.waiting_on_hm,
                created_at: utc(p.created_at),
                moves: p
                    .moves
                    .iter()
                    .map(|m| PromiseMoveJson {
                        at: utc(m.at),
                        from_due: utc(m.from_due),
                        to_due: utc(m.to_due),
                        reason: m.reason.clone(),
                        no_news_call: m.attempt_id.is_some(),
                    })
                    .collect(),
            })
            .collect();
        return emit_json(&out);
    }
    let overdue = list
        .iter()
        .filter(|p| p.urgency(now, hours) == crate::domain::promise::Urgency::Overdue)
        .count();
    let mut out = format!(
        "{} open promise{} · {overdue} overdue · {}\n",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        zone.name()
    );
    if list.is_empty() {
        return emit(&out);
    }
    let mut table = Table::new(&["id", "due", "", "candidate", "promised", "moved"]);
    for p in &list {
        let mut what = p.what.clone();
        if p.waiting_on_hm {
            what.push_str(" (waiting on HM)");
        }
        table.row(vec![
            p.id.to_string(),
            due_date(hours, p.due).format("%a %d %b").to_string(),
            p.urgency(now, hours).label().to_string(),
            p.candidate.name.clone(),
            what,
            match p.moves.len() {
                0 => String::new(),
                n => format!("{n}×"),
            },
        ]);
    }
    for line in table.render() {
        out.push_str(&line);
        out.push('\n');
    }
    emit(&out)
}

#[derive(Serialize)]
struct OwedJson {
    /// "news", "rejection" or "promise".
    kind: &'static str,
    candidate: CandidateJson,
    what: String,
    since: String,
    working_days: u32,
    waited: String,
    promise_id: Option<i64>,
}

fn owed(env: &Env, json: bool) -> Result<()> {
    use crate::domain::owed::OwedKind;
    let store = env.open_for_reading()?;
    let after = env.settings.owed_after_working_days;
    let list = store.owed(env.now(), &env.settings.rules.hours, after)?;
    if json {
        let out: Vec<OwedJson> = list
            .iter()
            .map(|o| OwedJson {
                kind: match o.kind {
                    OwedKind::News { .. } => "news",
                    OwedKind::Rejection => "rejection",
                    OwedKind::Promise { .. } => "promise",
                },
                candidate: (&o.candidate).into(),
                what: o.what(),
                since: utc(o.since),
                working_days: o.working_days,
                waited: o.waited(),
                promise_id: match o.kind {
                    OwedKind::Promise { id, .. } => Some(id),
                    _ => None,
                },
            })
            .collect();
        return emit_json(&out);
    }
    let mut out = format!(
        "{} owed · news after {after} working days · {}\n",
        list.len(),
        env.zone().name()
    );
    if list.is_empty() {
        return emit(&out);
    }
    let mut table = Table::new(&["waited", "candidate", "owed", "phone"]);
    for o in &list {
        table.row(vec![
            o.waited(),
            o.candidate.name.clone(),
            o.what(),
            phone_cell(&o.candidate),
        ]);
    }
    for line in table.render() {
        out.push_str(&line);
        out.push('\n');
    }
    emit(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::Path;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_command() {
        let cli = Cli::try_parse_args([
            "callsheet",
            "day",
            "--db",
            "/tmp/x.sqlite3",
            "--tz",
            "Europe/London",
            "--json",
        ])
        .unwrap();
        assert_eq!(cli.global.db.as_deref(), Some(Path::new("/tmp/x.sqlite3")));
        assert_eq!(cli.global.tz.as_deref(), Some("Europe/London"));
        assert!(matches!(cli.command, Some(Command::Day { json: true, .. })));
    }

    #[test]
    fn global_db_after_the_command_is_from_the_command_line() {
        let cli = Cli::try_parse_args(["callsheet", "demo", "--db", "/tmp/d.sqlite3"]).unwrap();
        assert!(!cli.global.db_from_env);
        assert!(cli.global.db.is_some());
    }

    #[test]
    fn mark_takes_kebab_case_outcomes() {
        let cli = Cli::try_parse_args(["callsheet", "mark", "3", "no-show"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Mark {
                id: 3,
                outcome: MarkOutcome::NoShow,
                ..
            })
        ));
        assert!(Cli::try_parse_args(["callsheet", "mark", "3", "scheduled"]).is_err());
    }

    #[test]
    fn table_aligns_wide_characters_by_cell_width() {
        let mut t = Table::new(&["name", "x"]);
        t.row(vec!["王小明".into(), "1".into()]);
        t.row(vec!["José".into(), "2".into()]);
        let lines = t.render();
        let col = |l: &str| l[..l.rfind(' ').unwrap()].width();
        assert_eq!(col(&lines[1]), col(&lines[2]));
    }

    #[test]
    fn error_text_is_one_line() {
        assert_eq!(one_line("a\nb\x1b[2J  c"), "a b[2J c");
    }
}
