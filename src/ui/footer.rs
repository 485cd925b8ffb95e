//! The status line and the key hints under the lists.
//!
//! Hints come from `Keymap::hints`, the same table the keys are looked up
//! in; when they do not all fit, the ones that do are shown and the key for
//! the help overlay is kept at the end, so every key stays one press away.

use super::grid::put;
use super::text::{clean, width};
use super::theme::Theme;
use crate::app::{Action, App, Focus, Mode};
use crate::keymap::Keymap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render_footer(app: &App, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let hints_y = area.bottom() - 1;
    put(
        buf,
        area.x,
        hints_y,
        area.width,
        &hint_line(app, keymap, theme, area.width),
    );
    if area.height > 1 {
        put(buf, area.x, area.y, area.width, &status_line(app, theme));
    }
}

/// What just happened; with nothing to report, the selected call's
/// reliability warning and note.
fn status_line(app: &App, theme: &Theme) -> Line<'static> {
    if let Some(st) = &app.status {
        return Line::from(vec![
            Span::styled(
                format!(" {} ", Theme::status_symbol(st.kind)),
                theme.status(st.kind),
            ),
            Span::styled(clean(&st.text), theme.status(st.kind)),
        ]);
    }
    let call = match (&app.mode, app.focus) {
        (Mode::Normal, Focus::Day) => app.selected_call(),
        _ => None,
    };
    let Some(call) = call else {
        return Line::default();
    };
    // Before dialling: their record's warning first, then the call's note.
    let mut spans = Vec::new();
    if let Some(warning) = app.reliability.get(&call.candidate.id) {
        spans.push(Span::styled(format!(" ⚠ {}", clean(warning)), theme.warn));
    }
    if let Some(first) = call.note.lines().next().filter(|n| !n.trim().is_empty()) {
        spans.push(Span::styled(" ✎ note: ", theme.dim));
        spans.push(Span::styled(clean(first), theme.dim));
    }
    Line::from(spans)
}

/// The first key of a hint ("Tab/S-Tab" → "Tab"): the help lists the rest.
fn first_key(keys: &str) -> &str {
    match keys.split('/').next() {
        Some(k) if !k.is_empty() => k,
        _ => keys,
    }
}

fn hint_spans(keys: &str, label: &str, theme: &Theme) -> [Span<'static>; 2] {
    [
        Span::styled(format!(" {}", first_key(keys)), theme.key),
        Span::styled(format!(" {label} "), theme.dim),
    ]
}

/// " a answered  v voicemail … ? help", cut to whole hints within `max`.
fn hint_line(app: &App, keymap: &Keymap, theme: &Theme, max: u16) -> Line<'static> {
    let max = usize::from(max);
    let hints = keymap.hints(app);
    let all: Vec<[Span; 2]> = hints.iter().map(|(k, l)| hint_spans(k, l, theme)).collect();
    let w = |h: &[Span; 2]| width(&h[0].content) + width(&h[1].content);
    let total: usize = all.iter().map(w).sum();
    if total <= max {
        return Line::from(all.into_iter().flatten().collect::<Vec<_>>());
    }
    // Keep the help key at the end when it applies in this mode.
    let help = keymap
        .bindings
        .iter()
        .find(|b| b.action == Action::ToggleHelp)
        .filter(|_| matches!(app.mode, Mode::Normal))
        .and_then(|b| Some(hint_spans(&b.keys.first()?.label(), b.hint?, theme)));
    let more = Span::styled(" …", theme.dim);
    let reserve = help.as_ref().map_or(0, w) + width(&more.content);
    let mut spans = Vec::new();
    let mut used = 0;
    for h in &all {
        if help.as_ref().is_some_and(|x| x[0].content == h[0].content) {
            continue;
        }
        if used + w(h) + reserve > max {
            break;
        }
        used += w(h);
        spans.extend(h.iter().cloned());
    }
    spans.push(more);
    spans.extend(help.into_iter().flatten());
    Line::from(spans)
}
