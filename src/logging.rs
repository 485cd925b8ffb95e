//! The log: `tracing` to a daily-rotated file in the state directory.
//!
//! Never to the terminal while the app runs (it would tear the screen);
//! one-shot commands echo it to stderr with `-v`. The log holds ids,
//! counts, action names and error kinds — never a candidate's name, phone,
//! email or note, and never the text of an error (which can quote a file's
//! contents). `tests/cli.rs` checks that on a real run.

use crate::config::LogLevel;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tracing::level_filters::LevelFilter;
use tracing_appender::rolling::{RollingFileAppender, RollingWriter, Rotation};
use tracing_subscriber::fmt::MakeWriter;

/// Files kept: a week of days.
const KEEP_FILES: usize = 7;
const PREFIX: &str = "callsheet";
const SUFFIX: &str = "log";

fn filter(level: LogLevel) -> LevelFilter {
    match level {
        LogLevel::Off => LevelFilter::OFF,
        LogLevel::Error => LevelFilter::ERROR,
        LogLevel::Warn => LevelFilter::WARN,
        LogLevel::Info => LevelFilter::INFO,
        LogLevel::Debug => LevelFilter::DEBUG,
        LogLevel::Trace => LevelFilter::TRACE,
    }
}

/// Starts logging to `dir` at `level` (nothing at `off`); with `echo`, also
/// to stderr. Only the first call in a process takes effect.
///
/// The file is opened when the first line is written, not before: a
/// command that logs nothing at this level (`day` and the other reading
/// commands at the default `info`) creates, lists and appends to nothing
/// (11 system calls on every `callsheet day`). If the file cannot be
/// opened then, `on_error` is told once and the lines are dropped.
pub fn init(
    dir: PathBuf,
    level: LogLevel,
    echo: bool,
    on_error: impl Fn(&Error) + Send + Sync + 'static,
) {
    if level == LogLevel::Off {
        return;
    }
    let file = LazyFile {
        dir,
        file: OnceLock::new(),
        private: Mutex::new(None),
        on_error: Box::new(on_error),
    };
    // A log that cannot be written (a full disk) must stay silent: the
    // subscriber would otherwise say so on stderr, across the app's screen
    // or under a command's one-line error.
    let builder = tracing_subscriber::fmt()
        .log_internal_errors(false)
        .with_max_level(filter(level))
        .with_ansi(false)
        .with_target(false);
    // A second init in one process (tests) is not an error worth showing.
    let _ = if echo {
        use tracing_subscriber::fmt::writer::MakeWriterExt;
        builder.with_writer(file.and(std::io::stderr)).try_init()
    } else {
        builder.with_writer(file).try_init()
    };
}

/// The daily-rotated file in `dir`, opened (directory created, old files
/// pruned) on first use.
struct LazyFile {
    dir: PathBuf,
    file: OnceLock<Option<RollingFileAppender>>,
    /// The name of the day's file last made private (see `make_private`).
    private: Mutex<Option<String>>,
    on_error: Box<dyn Fn(&Error) + Send + Sync>,
}

impl LazyFile {
    fn get(&self) -> Option<&RollingFileAppender> {
        let appender = self
            .file
            .get_or_init(|| open(&self.dir).map_err(|e| (self.on_error)(&e)).ok())
            .as_ref()?;
        // Once per day's file, before the appender's own rollover check
        // opens it: a new day's file then already exists 0600.
        let name = today_file();
        if let Ok(mut last) = self.private.lock() {
            if last.as_deref() != Some(name.as_str()) {
                make_private(&self.dir.join(&name));
                *last = Some(name);
            }
        }
        Some(appender)
    }
}

/// The name tracing-appender gives today's (UTC) file under daily rotation.
fn today_file() -> String {
    format!(
        "{PREFIX}.{}.{SUFFIX}",
        chrono::Utc::now().format("%Y-%m-%d")
    )
}

/// Creates `path` readable by the user only, or makes an existing one so.
///
/// tracing-appender opens its files with the process's umask (0644, or
/// 0666 under umask 000), while the directory is 0700 and the database
/// 0600; opening an existing file keeps its mode, so the file is made
/// first. A line written across midnight between this and the appender's
/// own clock read can create the next day's file with the umask's mode;
/// the next line makes it private. Failures are left to the appender,
/// which reports them through `on_error`.
fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let made = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path);
        if made.is_ok() {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn open(dir: &Path) -> Result<RollingFileAppender> {
    // The log holds no candidate data, but it does say when the recruiter
    // worked and how much: the user's own, like the database's directory.
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| Error::io(dir, e))?;
    make_private(&dir.join(today_file()));
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .filename_suffix(SUFFIX)
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|e| Error::Invalid(format!("{}: cannot open the log ({e})", dir.display())))
}

/// One line's writer: the file's, or nowhere when it could not be opened.
struct LazyWriter<'a>(Option<RollingWriter<'a>>);

impl<'a> MakeWriter<'a> for LazyFile {
    type Writer = LazyWriter<'a>;

    fn make_writer(&'a self) -> LazyWriter<'a> {
        LazyWriter(self.get().map(|f| f.make_writer()))
    }
}

impl std::io::Write for LazyWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.0 {
            Some(w) => w.write(buf),
            None => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.0 {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

/// The files the log is written to in `dir`, newest last.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        })
        .collect();
    out.sort();
    out
}
