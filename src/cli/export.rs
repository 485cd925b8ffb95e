//! `callsheet export`: calls as iCalendar, the call log or the callback
//! queue as CSV, streamed to stdout or a private file row by row (memory
//! stays flat whatever the range; see docs/performance.md).
//!
//! The writers take any `impl Write`; a failed write is an error with the
//! path it was for, and a reader that closed the pipe (`| head`) is not.

use super::{Env, ExportFormat, ExportRange};
use crate::error::{Error, Result};
use crate::import::export::{write_callbacks_csv, IcsWriter, LogWriter};
use std::io::{self, BufWriter, Write};
use std::path::Path;

pub(super) fn run(
    env: &Env,
    range: ExportRange,
    callbacks: bool,
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<()> {
    let result = match output {
        None => write(env, range, callbacks, format, io::stdout().lock(), "stdout"),
        Some(path) => {
            let file = open_private(path)?;
            write(
                env,
                range,
                callbacks,
                format,
                file,
                &path.display().to_string(),
            )
        }
    };
    match result {
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn write<W: Write>(
    env: &Env,
    range: ExportRange,
    callbacks: bool,
    format: ExportFormat,
    out: W,
    name: &str,
) -> Result<()> {
    let store = env.open_for_reading()?;
    let (now, zone) = (env.now(), env.zone());
    let fail = |e: io::Error| Error::io(name, e);
    let out = BufWriter::with_capacity(64 * 1024, out);
    if callbacks {
        let queue = store.open_callbacks(now, zone)?;
        let slot = env.settings.rules.hours.slot_minutes;
        let out = match format {
            ExportFormat::Ics => {
                let mut w = IcsWriter::new(out, now).map_err(fail)?;
                for cb in &queue {
                    w.callback(cb, slot).map_err(fail)?;
                }
                w.finish().map_err(fail)?
            }
            ExportFormat::Csv => write_callbacks_csv(out, &queue, zone).map_err(fail)?,
        };
        return finish(out).map_err(fail);
    }
    let (from, to) = match (range.from, range.to) {
        (Some(f), Some(t)) => (f, t),
        (Some(d), None) | (None, Some(d)) => (d, d),
        (None, None) => (env.today(), env.today()),
    };
    if from > to {
        return Err(Error::Invalid(format!("--from {from} is after --to {to}")));
    }
    let hours = &env.settings.rules.hours;
    let (start, end) = (hours.day_span(from).start, hours.day_span(to).end);
    let out = match format {
        ExportFormat::Ics => {
            let mut w = IcsWriter::new(out, now).map_err(fail)?;
            store.export_calls(start, end, |c| w.call(c).map_err(fail))?;
            w.finish().map_err(fail)?
        }
        ExportFormat::Csv => {
            let mut w = LogWriter::new(out, zone).map_err(fail)?;
            store.export_log(start, end, |r| w.row(r).map_err(fail))?;
            w.finish().map_err(fail)?
        }
    };
    finish(out).map_err(fail)
}

/// Flushes the buffer into the writer and the writer itself.
fn finish<W: Write>(out: BufWriter<W>) -> io::Result<()> {
    let mut inner = out.into_inner().map_err(|e| e.into_error())?;
    inner.flush()
}

/// Opens a file only its owner can read: it holds names and phones.
fn open_private(path: &Path) -> Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let f = opts.open(path).map_err(|e| Error::io(path, e))?;
        // An existing file keeps its mode on open: tighten it too.
        f.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(path, e))?;
        Ok(f)
    }
    #[cfg(not(unix))]
    {
        opts.open(path).map_err(|e| Error::io(path, e))
    }
}
