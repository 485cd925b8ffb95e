//! The `?` overlay: every key in the key table, grouped, in a centred box.
//!
//! Built from `Keymap::help()`, never from a list of its own. Laid out in
//! as few aligned columns as fit the screen (descriptions wrap inside their
//! column); when even that would not fit (80×24), the keys of each group
//! flow along the line instead, which always fits.

use super::grid::{centered, overlay_box, put};
use super::text::{fit, width, wrap};
use super::theme::Theme;
use crate::app::App;
use crate::keymap::Keymap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

type Sections = Vec<(&'static str, Vec<(String, &'static str)>)>;

/// Space between columns.
const GAP: u16 = 3;
/// Narrowest description column worth aligning to.
const MIN_DESC: usize = 18;

pub fn render_help(app: &App, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < 6 || area.height < 3 {
        return;
    }
    let sections = keymap.help();
    // Nothing to scroll unless the flowed layout below says otherwise.
    app.max_scroll.set(Some(0));
    let avail_w = usize::from(area.width - 4);
    let avail_h = usize::from(area.height - 2);
    let columns = (1..=3)
        .find_map(|n| aligned(&sections, theme, n, avail_w, avail_h))
        .unwrap_or_else(|| vec![flowed(app, &sections, theme, avail_w, avail_h)]);
    let col_w: Vec<usize> = columns
        .iter()
        .map(|c| c.iter().map(Line::width).max().unwrap_or(0))
        .collect();
    let inner_w = col_w.iter().sum::<usize>() + usize::from(GAP) * col_w.len().saturating_sub(1);
    let inner_h = columns.iter().map(Vec::len).max().unwrap_or(0);
    let w = u16::try_from(inner_w + 4).unwrap_or(u16::MAX);
    let h = u16::try_from(inner_h + 2).unwrap_or(u16::MAX);
    let rect = centered(area, w.max(24), h);
    let close: Vec<Span> = keymap
        .hints(app)
        .into_iter()
        .flat_map(|(k, l)| {
            [
                Span::styled(format!(" {k}"), theme.key),
                Span::raw(format!(" {l} ")),
            ]
        })
        .collect();
    let title = Line::styled(" Keys ", theme.heading);
    let inner = overlay_box(buf, rect, title, theme.border_focused);
    put(
        buf,
        rect.x + 1,
        rect.bottom().saturating_sub(1),
        rect.width.saturating_sub(2),
        &Line::from(close).right_aligned(),
    );
    let mut x = inner.x + 1;
    for (col, cw) in columns.iter().zip(&col_w) {
        let max = inner.right().saturating_sub(x);
        for (k, line) in col.iter().enumerate().take(usize::from(inner.height)) {
            put(buf, x, inner.y + k as u16, max, line);
        }
        x = x.saturating_add(*cw as u16 + GAP);
    }
}

/// Sections in `n` aligned columns, or `None` if they do not fit.
fn aligned(
    sections: &Sections,
    theme: &Theme,
    n: usize,
    avail_w: usize,
    avail_h: usize,
) -> Option<Vec<Vec<Line<'static>>>> {
    let col_w = avail_w.saturating_sub(usize::from(GAP) * (n - 1)) / n;
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| width(k)))
        .max()
        .unwrap_or(0);
    let desc_w = col_w.checked_sub(key_w + 2).filter(|w| *w >= MIN_DESC)?;
    let blocks: Vec<Vec<Line<'static>>> = sections
        .iter()
        .map(|(title, rows)| {
            let mut lines = vec![Line::styled(title.to_string(), theme.heading)];
            for (keys, desc) in rows {
                for (k, part) in wrap(desc, desc_w).into_iter().enumerate() {
                    let key = if k == 0 { keys.as_str() } else { "" };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}  ", fit(key, key_w)), theme.key),
                        Span::raw(part.trim_end().to_string()),
                    ]));
                }
            }
            lines
        })
        .collect();
    let total: usize = blocks.iter().map(|b| b.len() + 1).sum();
    // The shortest column height that still packs into n columns.
    (total.div_ceil(n)..=avail_h).find_map(|cap| pack(&blocks, cap, n))
}

/// Packs blocks into at most `n` columns of at most `cap` lines, with a
/// blank line between blocks in a column.
fn pack(blocks: &[Vec<Line<'static>>], cap: usize, n: usize) -> Option<Vec<Vec<Line<'static>>>> {
    let mut cols: Vec<Vec<Line<'static>>> = vec![Vec::new()];
    for b in blocks {
        let cur = cols.last_mut()?;
        let need = b.len() + usize::from(!cur.is_empty());
        if cur.len() + need > cap {
            if cur.is_empty() || cols.len() == n || b.len() > cap {
                return None;
            }
            cols.push(Vec::new());
        }
        let cur = cols.last_mut()?;
        if !cur.is_empty() {
            cur.push(Line::default());
        }
        cur.extend(b.iter().cloned());
    }
    Some(cols)
}

/// All sections in one column, each group's keys flowing along the line;
/// if even this is too tall, a window of it from `app.help_scroll`, with a
/// last line saying there is more (the movement keys scroll).
fn flowed(
    app: &App,
    sections: &Sections,
    theme: &Theme,
    avail_w: usize,
    avail_h: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (title, rows) in sections {
        // The title leads its first line: a line per section saved is what
        // lets every section fit 80×24.
        let mut cur: Vec<Span<'static>> = vec![Span::styled(format!("{title}:"), theme.heading)];
        let mut used = width(title) + 1;
        for (keys, desc) in rows {
            let entry_w = width(keys) + 1 + width(desc);
            let sep = if cur.is_empty() { 0 } else { 3 };
            if !cur.is_empty() && used + sep + entry_w > avail_w {
                lines.push(Line::from(std::mem::take(&mut cur)));
                used = 0;
            }
            if !cur.is_empty() {
                cur.push(Span::raw("   "));
                used += 3;
            }
            cur.push(Span::styled(keys.clone(), theme.key));
            cur.push(Span::raw(format!(" {desc}")));
            used += entry_w;
        }
        if !cur.is_empty() {
            lines.push(Line::from(cur));
        }
    }
    if lines.len() <= avail_h {
        app.max_scroll.set(Some(0));
        return lines;
    }
    let window = avail_h.saturating_sub(1);
    let max = lines.len() - window;
    app.max_scroll
        .set(Some(u16::try_from(max).unwrap_or(u16::MAX)));
    let top = usize::from(app.help_scroll).min(max);
    let below = lines.len() - window - top;
    let mut shown: Vec<Line<'static>> = lines.into_iter().skip(top).take(window).collect();
    shown.push(Line::styled(
        match (top, below) {
            (_, 0) => format!("↑ {top} more above"),
            (0, _) => format!("↓ {below} more below (j, PgDn, End)"),
            _ => format!("↑ {top} more above · ↓ {below} more below"),
        },
        theme.dim,
    ));
    shown
}
