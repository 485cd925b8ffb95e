//! The reference `callsheet day` is measured against (issue 5): the least a
//! Rust program does to print one day of a large history.
//!
//! ```text
//! cargo build --release --example minimal_day
//! target/release/examples/minimal_day /tmp/callsheet-bench-1000000.sqlite3 2026-11-23
//! ```
//!
//! It opens the file read-only with rusqlite (bundled SQLite, as the app),
//! finds the day's screens through the start-time index, joins each to its
//! candidate and prints one line per call (`reference/day.rs`). No argument
//! parser, config file, log, time-zone database or schema checks.
//! `benches/process.sh` times it in the same run as `callsheet day` and
//! prints the ratio.

#[path = "reference/day.rs"]
mod reference;

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (db, date) = reference::args("minimal_day")?;
    let rows = reference::day(&db, &date)?;
    let mut out = std::io::stdout().lock();
    for [id, time, name, phone, outcome] in &rows {
        writeln!(out, "{id:<6} {time}  {name:<24} {phone:<16} {outcome}")?;
    }
    Ok(())
}
