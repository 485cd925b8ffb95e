//! `callsheet report` for the terminal: an aligned table and small text
//! bar charts of a [`WeekReport`].
//!
//! The per-day bars are drawn with the outcome's letter (A answered,
//! V voicemail, N no-show), so they read without colour and survive being
//! pasted into an email. Every rate is printed with its n.

use crate::domain::report::{fmt_number, OutcomeCounts, PromiseFigures, Rate, WeekReport};

/// The widest a per-day bar grows; longer days are scaled down.
const DAY_BAR: usize = 40;
/// A 100 % rate bar.
const RATE_BAR: usize = 20;

/// The whole report as lines of text, ending in a newline.
pub fn render(r: &WeekReport) -> String {
    let mut out = format!("Report · {} · {}\n\n", r.range().title(), r.zone);
    out.push_str(&day_table(r));
    out.push('\n');
    out.push_str(&day_bars(r));
    out.push('\n');
    out.push_str("No-show rate by hour (calls held)\n");
    let hours: Vec<(String, Rate)> = r
        .no_show_by_hour
        .iter()
        .map(|h| (format!("{:02}:00", h.hour), h.no_show))
        .collect();
    out.push_str(&rate_bars(&hours));
    out.push('\n');
    out.push_str("No-show rate by weekday (calls held)\n");
    let days: Vec<(String, Rate)> = r
        .no_show_by_weekday
        .iter()
        .map(|w| (w.weekday.clone(), w.no_show))
        .collect();
    out.push_str(&rate_bars(&days));
    out.push('\n');
    for k in key_numbers(r) {
        let label = k.label;
        out.push_str(&format!("{label:<w$}{}", k.value, w = KEY_LABEL_W + 2));
        if let Some(d) = k.detail {
            out.push_str(&format!(" ({d})"));
        }
        out.push('\n');
    }
    out
}

/// The width of the widest key-number label, plus a space.
pub const KEY_LABEL_W: usize = 22;

/// A headline figure: what it is, its value, and what the value leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyNumber {
    pub label: &'static str,
    pub value: String,
    pub detail: Option<String>,
}

/// The headline figures, for the text and the `R` view alike.
pub fn key_numbers(r: &WeekReport) -> Vec<KeyNumber> {
    let c = &r.callbacks;
    let rest = tally(&[
        (c.reached_later, "reached later"),
        (c.dropped, "dropped"),
        (c.waiting, "still waiting"),
        (c.too_soon, "too recent to count"),
    ]);
    let late = match r.inbound_late.median_minutes {
        Some(m) => format!("{} min of {}", fmt_number(m), r.inbound_late.n),
        None => "— of 0".into(),
    };
    vec![
        KeyNumber {
            label: "Calls held",
            value: format!("{} of {} booked", r.total.held(), r.total.total()),
            detail: None,
        },
        KeyNumber {
            label: "No-show rate",
            value: r.no_show.phrase(),
            detail: None,
        },
        KeyNumber {
            label: "Cancelled/rescheduled",
            value: format!("{} / {}", r.total.cancelled, r.total.rescheduled),
            detail: None,
        },
        KeyNumber {
            label: "Reached within 24 h",
            value: c.within_24h.phrase(),
            detail: rest,
        },
        KeyNumber {
            label: "Inbound late, median",
            value: late,
            detail: None,
        },
        promises(&r.promises),
    ]
}

/// "Promises on time: 67 % of 3 (1 kept, 1 by a no-news call, 1 late,
/// 1 not due yet)".
fn promises(p: &PromiseFigures) -> KeyNumber {
    KeyNumber {
        label: "Promises on time",
        value: p.on_time.phrase(),
        detail: tally(&[
            (p.kept_on_time, "kept"),
            (p.no_news_on_time, "by a no-news call"),
            (p.late, "late"),
            (p.not_yet_due, "not due yet"),
        ]),
    }
}

/// "1 reached later, 2 dropped": the parts that are not zero, if any.
fn tally(parts: &[(u32, &str)]) -> Option<String> {
    let parts: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn day_table(r: &WeekReport) -> String {
    let cols = OutcomeCounts::COLUMNS;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec!["day".to_string()];
    header.extend(cols.iter().map(|o| OutcomeCounts::heading(*o).to_string()));
    header.push("to come".into());
    header.push("total".into());
    rows.push(header);
    let row = |label: String, c: &OutcomeCounts| {
        let mut cells = vec![label];
        cells.extend(cols.iter().map(|o| c.get(*o).to_string()));
        cells.push(c.to_come.to_string());
        cells.push(c.total().to_string());
        cells
    };
    for d in &r.days {
        rows.push(row(d.date.format("%a %d %b").to_string(), &d.counts));
    }
    rows.push(row("total".into(), &r.total));
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for cells in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i == 0 {
                line.push_str(&format!("{cell:<w$}"));
            } else {
                line.push_str(&format!("  {cell:>w$}"));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// "Mon 16  AAAAVVN  7": one bar per day, one letter per call (scaled
/// when a day has more than fits), answered first.
fn day_bars(r: &WeekReport) -> String {
    let mut out = String::from("Calls held per day (A answered, V voicemail, N no-show)\n");
    let max = r
        .days
        .iter()
        .map(|d| d.counts.held())
        .max()
        .unwrap_or(0)
        .max(1) as usize;
    let scale = |n: u32| -> usize {
        let n = n as usize;
        if max <= DAY_BAR {
            n
        } else if n == 0 {
            0
        } else {
            (n * DAY_BAR / max).max(1)
        }
    };
    for d in &r.days {
        let c = &d.counts;
        let bar: String = [('A', c.answered), ('V', c.voicemail), ('N', c.no_show)]
            .iter()
            .map(|(ch, n)| ch.to_string().repeat(scale(*n)))
            .collect();
        out.push_str(
            format!("{}  {bar:<DAY_BAR$}  {}", d.date.format("%a %d"), c.held()).trim_end(),
        );
        out.push('\n');
    }
    if max > DAY_BAR {
        out.push_str(&format!("(scaled: {DAY_BAR} letters = {max} calls)\n"));
    }
    out
}

/// "09:00  ██████████··········  50 % of 4".
fn rate_bars(rows: &[(String, Rate)]) -> String {
    if rows.is_empty() {
        return "(no calls held)\n".into();
    }
    let label_w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(label, rate)| {
            let filled = rate
                .percent
                .map(|p| ((p / 100.0) * RATE_BAR as f64).round() as usize)
                .unwrap_or(0)
                .min(RATE_BAR);
            format!(
                "{label:<label_w$}  {}{}  {}\n",
                "█".repeat(filled),
                "·".repeat(RATE_BAR - filled),
                rate.phrase()
            )
        })
        .collect()
}
