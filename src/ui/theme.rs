//! Every style the screens use, defined once.
//!
//! A `Theme` is chosen once (`Theme::from_env(palette)` at start-up, with the
//! `[theme]` colours from the config file, or explicitly
//! in tests) and passed down to every `render_*` helper. Meaning is never
//! carried by colour alone: each style has a modifier or goes with a symbol
//! or a word, so the no-colour theme (`NO_COLOR`) loses nothing but colour.
//! Must not import app state beyond the enums it styles.

use crate::app::StatusKind;
use crate::domain::{Bucket, Outcome};
use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Serialize};

/// The styles of one colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all (false under `NO_COLOR`).
    pub color: bool,
    /// Where the colours come from.
    pub palette: Palette,
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

/// A colour from the config file: a name (`red`, `light_blue`,
/// `dark_gray`), `#rrggbb`, or a 256-colour index (`136`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour(pub Color);

impl std::str::FromStr for Colour {
    type Err = String;
    fn from_str(s: &str) -> Result<Colour, String> {
        let t = s.trim();
        // ratatui reads "lightgray" as white; say what we mean instead.
        let flat = t.to_ascii_lowercase().replace([' ', '-', '_'], "");
        if matches!(flat.as_str(), "lightgray" | "lightgrey") {
            return Ok(Colour(Color::Gray));
        }
        t.parse::<Color>().map(Colour).map_err(|_| {
            format!(
                "'{}' is not a colour (a name like red or light_blue, #rrggbb, or 0-255)",
                crate::sanitize::line(s)
            )
        })
    }
}

impl std::fmt::Display for Colour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.0 {
            Color::Reset => "default",
            Color::Black => "black",
            Color::Red => "red",
            Color::Green => "green",
            Color::Yellow => "yellow",
            Color::Blue => "blue",
            Color::Magenta => "magenta",
            Color::Cyan => "cyan",
            Color::Gray => "gray",
            Color::DarkGray => "dark_gray",
            Color::LightRed => "light_red",
            Color::LightGreen => "light_green",
            Color::LightYellow => "light_yellow",
            Color::LightBlue => "light_blue",
            Color::LightMagenta => "light_magenta",
            Color::LightCyan => "light_cyan",
            Color::White => "white",
            Color::Indexed(i) => return write!(f, "{i}"),
            Color::Rgb(r, g, b) => return write!(f, "#{r:02x}{g:02x}{b:02x}"),
        };
        f.write_str(name)
    }
}

impl TryFrom<String> for Colour {
    type Error = String;
    fn try_from(s: String) -> Result<Colour, String> {
        if s.trim().eq_ignore_ascii_case("default") {
            return Ok(Colour(Color::Reset));
        }
        s.parse()
    }
}

impl From<Colour> for String {
    fn from(c: Colour) -> String {
        c.to_string()
    }
}

/// The colours of the theme, one per role; `[theme]` in the config file.
///
/// The defaults are 256-colour indexes picked to read on both light and
/// dark backgrounds (at least 3:1 against white and against black): the
/// 16 "light" ANSI colours vanish on a white terminal, and plain ANSI blue
/// vanishes on a black one. Colour only ever repeats what a symbol or word
/// already says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Palette {
    /// Headings, the focused pane's border, keys in hints and help.
    pub accent: Colour,
    /// The call happening now.
    pub live: Colour,
    /// A past call nobody has marked; warnings (cadence, another day).
    pub warn: Colour,
    /// The "now" line and candidates who called in.
    pub now: Colour,
    /// Busy time that is not a call.
    pub busy: Colour,
    pub answered: Colour,
    pub voicemail: Colour,
    pub no_show: Colour,
    pub cancelled: Colour,
    pub rescheduled: Colour,
    /// Overdue callbacks, errors, do-not-call.
    pub alarm: Colour,
    /// The selected row of the list without the keyboard (background).
    pub selected_unfocused: Colour,
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            accent: Colour(Color::Indexed(31)),
            live: Colour(Color::Indexed(28)),
            warn: Colour(Color::Indexed(136)),
            now: Colour(Color::Indexed(127)),
            busy: Colour(Color::Indexed(67)),
            answered: Colour(Color::Indexed(28)),
            voicemail: Colour(Color::Indexed(136)),
            no_show: Colour(Color::Indexed(160)),
            cancelled: Colour(Color::Indexed(127)),
            rescheduled: Colour(Color::Indexed(67)),
            alarm: Colour(Color::Indexed(160)),
            selected_unfocused: Colour(Color::Indexed(244)),
        }
    }
}

impl Theme {
    /// The theme for this process: the palette, or no colours when
    /// `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub fn from_env(palette: &Palette) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::with_palette(!no_color, palette)
    }

    /// Colours and modifiers.
    pub fn colored() -> Theme {
        Theme::new(true)
    }

    /// Modifiers only: what `NO_COLOR` asks for.
    pub fn plain() -> Theme {
        Theme::new(false)
    }

    /// The default palette, with or without colour.
    pub fn new(color: bool) -> Theme {
        Theme::with_palette(color, &Palette::default())
    }

    /// Builds every style once; `color` decides whether the colour half of
    /// each definition is applied.
    pub fn with_palette(color: bool, p: &Palette) -> Theme {
        let fg = |s: Style, c: Colour| if color { s.fg(c.0) } else { s };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Theme {
            color,
            palette: *p,
            dim,
            busy: fg(dim.add_modifier(Modifier::ITALIC), p.busy),
            heading: fg(bold, p.accent),
            column_header: dim.add_modifier(Modifier::UNDERLINED),
            border_focused: fg(bold, p.accent),
            border: dim,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selected_unfocused: if color {
                Style::new().bg(p.selected_unfocused.0)
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED)
            },
            live: fg(bold, p.live),
            needs_mark: fg(bold, p.warn),
            now_line: fg(bold, p.now),
            key: fg(bold, p.accent),
            warn: fg(bold, p.warn),
            dnc: fg(bold, p.alarm),
            strong: bold,
        }
    }

    /// One style per outcome; the symbol and word say the same in words.
    pub fn outcome(&self, o: Outcome) -> Style {
        let s = Style::new();
        let p = &self.palette;
        match (o, self.color) {
            (Outcome::Scheduled, _) => self.dim,
            (Outcome::Answered, true) => s.fg(p.answered.0),
            (Outcome::Voicemail, true) => s.fg(p.voicemail.0),
            (Outcome::NoShow, true) => s.fg(p.no_show.0),
            (Outcome::Cancelled, true) => s.fg(p.cancelled.0),
            (Outcome::Rescheduled, true) => s.fg(p.rescheduled.0),
            (_, false) => s,
        }
    }

    /// One style per queue bucket.
    pub fn bucket(&self, b: Bucket) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let p = &self.palette;
        match (b, self.color) {
            (Bucket::CalledIn, true) => bold.fg(p.now.0),
            (Bucket::Overdue, true) => bold.fg(p.alarm.0),
            (Bucket::DueNow, true) => bold.fg(p.warn.0),
            (Bucket::Later, _) => bold.add_modifier(Modifier::DIM),
            (_, false) => bold,
        }
    }

    /// One style per status-line kind.
    pub fn status(&self, k: StatusKind) -> Style {
        let s = Style::new();
        let p = &self.palette;
        match (k, self.color) {
            (StatusKind::Info, _) => s,
            (StatusKind::Success, true) => s.fg(p.answered.0),
            (StatusKind::Warning, true) => s.fg(p.warn.0).add_modifier(Modifier::BOLD),
            (StatusKind::Error, true) => s.fg(p.alarm.0).add_modifier(Modifier::BOLD),
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

    /// The xterm 256-colour palette's fixed entries (16–255) as RGB.
    fn rgb(c: Color) -> (u8, u8, u8) {
        match c {
            Color::Indexed(i @ 16..=231) => {
                let i = i - 16;
                let f = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                (f(i / 36), f((i / 6) % 6), f(i % 6))
            }
            Color::Indexed(i @ 232..=255) => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
            Color::Rgb(r, g, b) => (r, g, b),
            other => panic!("{other:?}: the 16 ANSI colours depend on the terminal's scheme"),
        }
    }

    /// WCAG contrast ratio between two colours.
    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let lum = |(r, g, b): (u8, u8, u8)| {
            let ch = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn default_colours_read_on_light_and_dark_backgrounds() {
        let p = Palette::default();
        let white = (255, 255, 255);
        let black = (0, 0, 0);
        for (name, c) in [
            ("accent", p.accent),
            ("live", p.live),
            ("warn", p.warn),
            ("now", p.now),
            ("busy", p.busy),
            ("answered", p.answered),
            ("voicemail", p.voicemail),
            ("no_show", p.no_show),
            ("cancelled", p.cancelled),
            ("rescheduled", p.rescheduled),
            ("alarm", p.alarm),
            // A background: the text on it is the terminal's own, black
            // on a light scheme and white on a dark one.
            ("selected_unfocused", p.selected_unfocused),
        ] {
            for bg in [white, black] {
                let r = contrast(rgb(c.0), bg);
                assert!(r >= 3.0, "{name} {c}: {r:.2}:1 against {bg:?}");
            }
        }
    }

    #[test]
    fn colours_read_back_as_written() {
        for text in [
            "red",
            "dark_gray",
            "light_blue",
            "136",
            "#336699",
            "default",
            "Gray",
        ] {
            let c = Colour::try_from(text.to_string()).unwrap();
            assert_eq!(Colour::try_from(c.to_string()).unwrap(), c, "{text} → {c}");
        }
        assert!(Colour::try_from("octarine".to_string()).is_err());
        assert_eq!(
            "light gray".parse::<Colour>().unwrap().0,
            Color::Gray,
            "not ratatui's white"
        );
    }

    #[test]
    fn selection_is_visible_without_colour() {
        let t = Theme::plain();
        assert_ne!(t.selected, Style::new());
        assert_ne!(t.selected_unfocused, Style::new());
        assert_ne!(t.selected, t.selected_unfocused);
    }
}
