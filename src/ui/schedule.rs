//! The day table: one line per call, free slot, busy block and "now".
//!
//! Columns: time (recruiter's zone) | candidate | role | phone | their time
//! (only when someone's clock differs) | status (symbol + word). Role is
//! left out when the pane is too narrow to give it room. Reads `App` only;
//! the scroll position is derived from the selection every frame.

use super::grid::{put, Grid};
use super::header::CALLBACK_SYMBOL;
use super::pane::{self, Anchor, Pane, GUTTER};
use super::text::{clean, width};
use super::theme::Theme;
use super::when;
use crate::app::App;
use crate::domain::{Call, DayRow};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Columns of the day table, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Time,
    Name,
    Role,
    Phone,
    Their,
    Status,
}

impl Col {
    fn title(self) -> &'static str {
        match self {
            Col::Time => "Time",
            Col::Name => "Candidate",
            Col::Role => "Role",
            Col::Phone => "Phone",
            Col::Their => "Their time",
            Col::Status => "Status",
        }
    }
}

/// A queued callback on its day: due in this slot, not yet placed. Its
/// own sign, apart from a placed callback's `↻`, with the word beside it.
pub const QUEUED_SYMBOL: &str = "⇢";

const TIME_W: u16 = 5;
const STATUS_W: u16 = 11;
const PHONE_MAX: usize = 17;
/// Room for "⚠ " before "05:30 New York".
const THEIR_MAX: usize = 16;
/// "Their time" cut to the clock alone.
const THEIR_SHORT_W: u16 = 7;
/// Room for candidate and role from which they get a column each.
const ROLE_MIN_ROOM: u16 = 30;
/// The least of a role worth showing behind a name.
const ROLE_MIN_SHOWN: usize = 6;
/// The least room a candidate's name should have.
const NAME_MIN: u16 = 14;

/// The column titles above the rows.
const HEADER_ROWS: u16 = 1;

/// The timeline row of the selected call.
fn selected_row(app: &App) -> Option<usize> {
    app.call_sel
        .and_then(|i| app.rows.iter().position(|r| *r == DayRow::Call(i)))
}

/// What the day keeps in view: the selected call, else "now".
fn anchor(app: &App) -> Anchor {
    let row =
        selected_row(app).or_else(|| app.rows.iter().position(|r| matches!(r, DayRow::Now(_))));
    Anchor::Keep(row.map(|r| (r, r + 1)))
}

/// The call (index into `app.calls`) drawn at (x, y) by a day pane in
/// `area`, if any: for mouse clicks.
pub fn call_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    let (offset, _) = pane::window(area, HEADER_ROWS, app.rows.len(), anchor(app));
    match app
        .rows
        .get(pane::line_at(area, HEADER_ROWS, offset, x, y)?)?
    {
        DayRow::Call(i) => Some(*i),
        _ => None,
    }
}

/// Where the selected call's row is drawn by a day pane in `area`.
pub fn selected_position(app: &App, area: Rect) -> Option<ratatui::layout::Position> {
    pane::line_position(
        area,
        HEADER_ROWS,
        app.rows.len(),
        anchor(app),
        selected_row(app)?,
    )
}

/// Draws the day pane (its frame included) into `area`.
pub fn render_day(
    app: &App,
    theme: &Theme,
    focused: bool,
    title: Line,
    area: Rect,
    buf: &mut Buffer,
) {
    let sel_row = selected_row(app);
    let Pane {
        inner,
        offset,
        visible,
    } = pane::open(
        theme,
        focused,
        title,
        area,
        buf,
        HEADER_ROWS,
        app.rows.len(),
        anchor(app),
    );
    if inner.width <= GUTTER || inner.height == 0 {
        return;
    }
    if app.rows.is_empty() {
        let msg = format!(
            "Nothing booked on {}, and it is not a working day.",
            when::long_date(app.date)
        );
        pane::message(buf, inner, &[Line::styled(msg, theme.dim)]);
        return;
    }

    let zone = app.settings.zone();
    let cols = columns(app, zone, inner.width - GUTTER);
    let constraints: Vec<Constraint> = cols.iter().map(|c| c.1).collect();
    let table = Rect {
        x: inner.x + GUTTER,
        width: inner.width - GUTTER,
        ..inner
    };
    let grid = Grid::new(table, &constraints);
    let shape = Shape {
        role_column: cols.iter().any(|c| c.0 == Col::Role),
        name_w: grid.width(1),
        their_city: cols
            .iter()
            .any(|c| c.0 == Col::Their && c.1 != Constraint::Length(THEIR_SHORT_W)),
    };
    let header: Vec<Line> = cols
        .iter()
        .map(|(c, _)| match c {
            Col::Their if !shape.their_city => Line::styled("Their", theme.column_header),
            _ => Line::styled(c.title(), theme.column_header),
        })
        .collect();
    grid.draw(buf, inner.y, &header);

    let name_x = inner.x + GUTTER + TIME_W + 1;
    let rest_w = inner.right().saturating_sub(name_x);
    for (k, row) in app.rows.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + 1 + (k - offset) as u16;
        match row {
            DayRow::Call(i) => {
                let Some(call) = app.calls.get(*i) else {
                    continue;
                };
                let cells: Vec<Line> = cols
                    .iter()
                    .map(|(c, _)| call_cell(*c, call, app, theme, &shape))
                    .collect();
                grid.draw(buf, y, &cells);
            }
            DayRow::Free(slot) => {
                let time = Line::styled(when::hm(slot.start, zone), theme.dim);
                grid.draw(buf, y, &[time, Line::styled("— free —", theme.dim)]);
            }
            DayRow::Queued(i) => {
                let Some(cb) = app.queue.get(*i) else {
                    continue;
                };
                let cells: Vec<Line> = cols
                    .iter()
                    .map(|(c, _)| queued_cell(*c, cb, app, theme, &shape))
                    .collect();
                grid.draw(buf, y, &cells);
            }
            DayRow::Busy(i) => {
                let Some((iv, summary)) = app.busy.get(*i) else {
                    continue;
                };
                let start = iv
                    .start
                    .max(app.settings.rules.hours.day_span(app.date).start);
                grid.draw(buf, y, &[Line::styled(when::hm(start, zone), theme.busy)]);
                let text = format!(
                    "▒ {} · busy until {}",
                    clean(summary),
                    when::hm(iv.end, zone)
                );
                put(buf, name_x, y, rest_w, &Line::styled(text, theme.busy));
            }
            DayRow::Now(t) => {
                let label = format!("── now {} ", when::hm(*t, zone));
                let fill = usize::from(inner.width).saturating_sub(width(&label));
                let line = Line::styled(format!("{label}{}", "─".repeat(fill)), theme.now_line);
                put(buf, inner.x, y, inner.width, &line);
            }
        }
        if Some(k) == sel_row {
            pane::select_row(buf, theme, focused, inner, y, true);
        }
    }
}

/// Which columns fit in `w`, with their widths.
///
/// Candidate and role get what the fixed columns leave. When that is too
/// little for two columns, role follows the name in one; when it is too
/// little even for that, the candidate's clock loses its city.
fn columns(app: &App, zone: Tz, w: u16) -> Vec<(Col, Constraint)> {
    let phone_w = app
        .calls
        .iter()
        .map(|c| width(&clean(&c.candidate.phone)))
        .max()
        .unwrap_or(0)
        .clamp(Col::Phone.title().len(), PHONE_MAX) as u16;
    let their_full = app
        .calls
        .iter()
        .filter_map(|c| their_time(app, c, zone, true))
        .map(|t| width(&t))
        .max()
        .map(|m| m.clamp(Col::Their.title().len(), THEIR_MAX) as u16);
    let fixed = |their: Option<u16>| TIME_W + phone_w + STATUS_W + 3 + their.map_or(0, |t| t + 1);
    let mut their_w = their_full;
    let mut room = w.saturating_sub(fixed(their_w));
    if room < NAME_MIN && their_w.is_some() {
        their_w = Some(THEIR_SHORT_W);
        room = w.saturating_sub(fixed(their_w));
    }
    let mut cols = vec![(Col::Time, Constraint::Length(TIME_W))];
    if room >= ROLE_MIN_ROOM {
        cols.push((Col::Name, Constraint::Fill(3)));
        cols.push((Col::Role, Constraint::Fill(2)));
    } else {
        cols.push((Col::Name, Constraint::Fill(1)));
    }
    cols.push((Col::Phone, Constraint::Length(phone_w)));
    if let Some(t) = their_w {
        cols.push((Col::Their, Constraint::Length(t)));
    }
    cols.push((Col::Status, Constraint::Length(STATUS_W)));
    cols
}

/// The candidate's clock at the call's start when it reads differently
/// from the recruiter's: "05:30 New York", or just "05:30" when short;
/// prefixed "⚠" (or just "⚠ DST") when daylight saving puts the call at
/// risk (see `domain::dst`).
fn their_time(app: &App, call: &Call, zone: Tz, with_city: bool) -> Option<String> {
    let warn = !crate::domain::dst::warnings(zone, call.candidate.timezone, app.now, call.start)
        .is_empty();
    let clock = call
        .candidate
        .timezone
        .filter(|_| call.candidate.clock_differs(zone, call.start))
        .map(|tz| {
            if with_city {
                when::their_time(call.start, tz)
            } else {
                when::hm(call.start, tz)
            }
        });
    match (warn, clock) {
        (true, Some(c)) => Some(format!("⚠ {c}")),
        (true, None) => Some("⚠ DST".to_string()),
        (false, c) => c,
    }
}

/// What a call's status cell says, and how it looks.
///
/// An unmarked call is flagged once its no-show grace has passed, even
/// while its slot runs: ten minutes in with no mark, someone is missing.
pub fn call_status(
    call: &Call,
    now: chrono::DateTime<chrono::Utc>,
    grace_minutes: u32,
    theme: &Theme,
) -> Span<'static> {
    if call.outcome.is_marked() {
        let o = call.outcome;
        Span::styled(format!("{} {}", o.symbol(), o.as_str()), theme.outcome(o))
    } else if call.is_unmarked_past(now, grace_minutes) {
        Span::styled("! unmarked", theme.needs_mark)
    } else if call.is_live(now) {
        Span::styled("● live", theme.live)
    } else {
        let o = call.outcome;
        Span::styled(format!("{} {}", o.symbol(), o.as_str()), theme.outcome(o))
    }
}

/// How the columns came out, for what goes into the cells.
struct Shape {
    /// Role has its own column (else it follows the name).
    role_column: bool,
    /// The candidate column's width.
    name_w: usize,
    /// "Their time" has room for the city.
    their_city: bool,
}

fn call_cell(col: Col, call: &Call, app: &App, theme: &Theme, shape: &Shape) -> Line<'static> {
    let zone = app.settings.zone();
    let grace = app.settings.no_show_grace_minutes;
    let late = call.is_unmarked_past(app.now, grace);
    let live = call.is_live(app.now) && !call.outcome.is_marked() && !late;
    let emphasis = if live {
        theme.live
    } else if late {
        theme.needs_mark
    } else {
        Style::new()
    };
    match col {
        Col::Time => Line::styled(when::hm(call.start, zone), emphasis),
        Col::Name => {
            let mut spans = Vec::new();
            if call.kind == crate::domain::CallKind::Callback {
                spans.push(Span::styled(format!("{CALLBACK_SYMBOL} "), theme.heading));
            }
            let name = clean(&call.candidate.name);
            // A role squeezed behind the name is shown only if some of it
            // can be read.
            let left = shape
                .name_w
                .saturating_sub(width(&name) + 2 + spans.len() * 2);
            // Their record's warning outranks the role: it is what the
            // recruiter needs before dialling. Cut, it would mislead, so
            // a narrow column gets the sign alone (the status line under
            // the list spells it out for the selected call).
            let warning = app.reliability.get(&call.candidate.id);
            if let Some(warning) = warning.filter(|w| width(w) + 4 <= left) {
                spans.push(Span::styled(name, emphasis));
                spans.push(Span::styled(format!("  ⚠ {warning}"), theme.warn));
            } else if let Some(role) = call
                .role
                .as_deref()
                .filter(|_| !shape.role_column && left >= ROLE_MIN_SHOWN)
            {
                spans.push(Span::styled(name, emphasis));
                if warning.is_some() {
                    spans.push(Span::styled(" ⚠", theme.warn));
                }
                spans.push(Span::styled(format!("  {}", clean(role)), theme.dim));
            } else {
                spans.push(Span::styled(name, emphasis));
                if warning.is_some() {
                    spans.push(Span::styled(" ⚠", theme.warn));
                }
            }
            Line::from(spans)
        }
        Col::Role => Line::styled(
            call.role.as_deref().map(clean).unwrap_or_default(),
            theme.dim,
        ),
        Col::Phone => {
            let phone = clean(&call.candidate.phone);
            if call.candidate.do_not_call {
                Line::from(vec![
                    Span::styled("DNC ", theme.dnc),
                    Span::styled(phone, theme.dim.add_modifier(Modifier::CROSSED_OUT)),
                ])
            } else {
                Line::raw(phone)
            }
        }
        Col::Their => Line::raw(their_time(app, call, zone, shape.their_city).unwrap_or_default()),
        Col::Status => Line::from(call_status(call, app.now, grace, theme)),
    }
}

/// A cell of a queued callback's row: its due slot, who, why, and
/// "⇢ queued" where a call's status goes.
fn queued_cell(
    col: Col,
    cb: &crate::domain::Callback,
    app: &App,
    theme: &Theme,
    shape: &Shape,
) -> Line<'static> {
    let zone = app.settings.zone();
    let why = format!("callback: {}", cb.why(zone, app.date));
    match col {
        Col::Time => {
            let span = crate::domain::occupancy::queued_span(&app.settings.rules.hours, cb.due);
            Line::styled(when::hm(span.start, zone), theme.heading)
        }
        Col::Name => {
            let mut spans = vec![
                Span::styled(format!("{QUEUED_SYMBOL} "), theme.heading),
                Span::raw(clean(&cb.candidate.name)),
            ];
            if !shape.role_column {
                spans.push(Span::styled(format!("  {why}"), theme.dim));
            }
            Line::from(spans)
        }
        Col::Role => Line::styled(why, theme.dim),
        Col::Phone => Line::raw(clean(&cb.candidate.phone)),
        Col::Their => Line::default(),
        Col::Status => Line::styled(format!("{QUEUED_SYMBOL} queued"), theme.heading),
    }
}
