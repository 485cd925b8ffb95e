//! The reference for the app's first frame (issue 5): `minimal_day`'s
//! query drawn as one ratatui table in the alternate screen.
//!
//! ```text
//! cargo build --release --example minimal_frame
//! target/release/examples/minimal_frame /tmp/callsheet-bench-1000000.sqlite3 2026-11-23
//! ```
//!
//! Reads the day (`reference/day.rs`), then `ratatui::init` (raw mode,
//! alternate screen), draws one frame of a bordered table of those rows,
//! restores the terminal and exits: what `callsheet
//! --exit-after-first-frame` does with the whole day view.
//! `benches/process.sh` times both under the same pseudo-terminal.

#[path = "reference/day.rs"]
mod reference;

use ratatui::layout::Constraint;
use ratatui::widgets::{Block, Row, Table};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (db, date) = reference::args("minimal_frame")?;
    let rows = reference::day(&db, &date)?;
    let mut terminal = ratatui::init();
    let drawn = terminal.draw(|f| {
        let widths = [
            Constraint::Length(6),
            Constraint::Length(11),
            Constraint::Fill(1),
            Constraint::Length(16),
            Constraint::Length(10),
        ];
        let table = Table::new(rows.iter().map(|r| Row::new(r.clone())), widths)
            .header(Row::new(["id", "time", "candidate", "phone", "outcome"]))
            .block(Block::bordered().title(date.as_str()));
        f.render_widget(table, f.area());
    });
    ratatui::restore();
    drawn?;
    Ok(())
}
