//! Every style the screens use, defined once.
//!
//! A `Theme` is chosen once (`Theme::from_env()` at start-up, or explicitly
//! in tests) and passed down to every `render_*` helper. Meaning is never
//! carried by colour alone: each style has a modifier or goes with a symbol
//! or a word, so the no-colour theme (`NO_COLOR`) loses nothing but colour.
//! Must not import app state beyond the enums it styles.

use crate::app::StatusKind;
use crate::domain::{Bucket, Outcome};
use ratatui::style::{Color, Modifier, Style};

/// The styles of one colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all (false under `NO_COLOR`).
    pub color: bool,
    /// Secondary text: free slots, labels, hints' words.
    pub dim: Style,
    /// Busy time that is not a call.
    pub busy: Style,
    /// Pane titles and section headings.
    pub heading: Style,
    /// The column titles over a list.
    pub column_header: Style,
    /// The border of the pane that has the keyboard.
    pub border_focused: Style,
    pub border: Style,
    /// The selected row in the focused list.
    pub selected: Style,
    /// The selected row in the list without the keyboard.
    pub selected_unfocused: Style,
    /// The call whose slot contains now.
    pub live: Style,
    /// A past call nobody has marked yet.
    pub needs_mark: Style,
    /// The "── now 09:40 ──" line.
    pub now_line: Style,
    /// A key in hints and help.
    pub key: Style,
    /// Something to look at twice: cadence limit, another day on show.
    pub warn: Style,
    /// Do-not-call: the marker (the phone itself is also struck through).
    pub dnc: Style,
    /// Emphasis for names and values.
    pub strong: Style,
}

impl Theme {
    /// The theme for this process: no colours when `NO_COLOR` is set to a
    /// non-empty value (<https://no-color.org>).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }

    /// Colours and modifiers.
    pub fn colored() -> Theme {
        Theme::new(true)
    }

    /// Modifiers only: what `NO_COLOR` asks for.
    pub fn plain() -> Theme {
        Theme::new(false)
    }

    /// Builds every style once; `color` decides whether the colour half of
    /// each definition is applied.
    pub fn new(color: bool) -> Theme {
        let fg = |s: Style, c: Color| if color { s.fg(c) } else { s };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Theme {
            color,
            dim,
            busy: fg(dim.add_modifier(Modifier::ITALIC), Color::Blue),
            heading: fg(bold, Color::Cyan),
            column_header: fg(dim.add_modifier(Modifier::UNDERLINED), Color::Gray),
            border_focused: fg(bold, Color::Cyan),
            border: dim,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selected_unfocused: if color {
                Style::new().bg(Color::DarkGray)
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED)
            },
            live: fg(bold, Color::LightGreen),
            needs_mark: fg(bold, Color::LightYellow),
            now_line: fg(bold, Color::LightMagenta),
            key: fg(bold, Color::Cyan),
            warn: fg(bold, Color::Yellow),
            dnc: fg(bold, Color::LightRed),
            strong: bold,
        }
    }

    /// One style per outcome; the symbol and word say the same in words.
    pub fn outcome(&self, o: Outcome) -> Style {
        let s = Style::new();
        match (o, self.color) {
            (Outcome::Scheduled, _) => self.dim,
            (Outcome::Answered, true) => s.fg(Color::Green),
            (Outcome::Voicemail, true) => s.fg(Color::Yellow),
            (Outcome::NoShow, true) => s.fg(Color::LightRed),
            (Outcome::Cancelled, true) => s.fg(Color::Magenta),
            (Outcome::Rescheduled, true) => s.fg(Color::Blue),
            (_, false) => s,
        }
    }

    /// One style per queue bucket.
    pub fn bucket(&self, b: Bucket) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match (b, self.color) {
            (Bucket::CalledIn, true) => bold.fg(Color::LightMagenta),
            (Bucket::Overdue, true) => bold.fg(Color::LightRed),
            (Bucket::DueNow, true) => bold.fg(Color::LightYellow),
            (Bucket::Later, true) => bold.fg(Color::Gray),
            (Bucket::Later, false) => bold.add_modifier(Modifier::DIM),
            (_, false) => bold,
        }
    }

    /// One style per status-line kind.
    pub fn status(&self, k: StatusKind) -> Style {
        let s = Style::new();
        match (k, self.color) {
            (StatusKind::Info, _) => s,
            (StatusKind::Success, true) => s.fg(Color::Green),
            (StatusKind::Warning, true) => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            (StatusKind::Error, true) => s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            (StatusKind::Success, false) => s,
            (StatusKind::Warning | StatusKind::Error, false) => s.add_modifier(Modifier::BOLD),
        }
    }

    /// The word-mark in front of a status message, so its kind does not
    /// depend on colour.
    pub fn status_symbol(k: StatusKind) -> &'static str {
        match k {
            StatusKind::Info => "·",
            StatusKind::Success => "✓",
            StatusKind::Warning => "!",
            StatusKind::Error => "✗ error:",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_theme_has_no_colours_anywhere() {
        let t = Theme::plain();
        let mut styles = vec![
            t.dim,
            t.busy,
            t.heading,
            t.column_header,
            t.border_focused,
            t.border,
            t.selected,
            t.selected_unfocused,
            t.live,
            t.needs_mark,
            t.now_line,
            t.key,
            t.warn,
            t.dnc,
            t.strong,
        ];
        for o in [
            Outcome::Scheduled,
            Outcome::Answered,
            Outcome::Voicemail,
            Outcome::NoShow,
        ] {
            styles.push(t.outcome(o));
        }
        for b in [
            Bucket::CalledIn,
            Bucket::Overdue,
            Bucket::DueNow,
            Bucket::Later,
        ] {
            styles.push(t.bucket(b));
        }
        for k in [
            StatusKind::Info,
            StatusKind::Success,
            StatusKind::Warning,
            StatusKind::Error,
        ] {
            styles.push(t.status(k));
        }
        for s in styles {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
    }

    #[test]
    fn selection_is_visible_without_colour() {
        let t = Theme::plain();
        assert_ne!(t.selected, Style::new());
        assert_ne!(t.selected_unfocused, Style::new());
        assert_ne!(t.selected, t.selected_unfocused);
    }
}
