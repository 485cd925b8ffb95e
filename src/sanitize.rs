//! The one place untrusted text is made safe for a terminal.
//!
//! Names, phones and notes come from imports and other people; they must
//! never reach the terminal as control codes (ESC sequences, C1 controls),
//! nor reorder the screen (bidi overrides), nor hide text (zero-width
//! characters). Applied at import and again at render.

/// Returns `s` with every control, bidi-control and invisible format
/// character removed; tabs and newlines become spaces unless `keep_newlines`.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One-line display text (names, phones, roles).
pub fn line(s: &str) -> String {
    clean(s, false)
}

/// `clean`, then without the characters terminals disagree on the width
/// of: variation selectors (a "❤️" is two columns to `unicode-width` and
/// ratatui, one to tmux 3.3 and xterm) and emoji skin-tone modifiers (one
/// glyph to some terminals, a second two-column one to others). When the
/// terminal's width differs from ratatui's, the cell after the character
/// is never redrawn and keeps a stale glyph. The screen only: stored and
/// exported text keeps them.
pub fn screen(s: &str, keep_newlines: bool) -> String {
    let mut out = clean(s, keep_newlines);
    out.retain(|c| !is_width_ambiguous(c));
    out
}

fn is_width_ambiguous(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0100}'..='\u{E01EF}')
}

/// JSON text with every unsafe character written as a `\uXXXX` escape,
/// so the data stays exact for a program and inert on a terminal.
///
/// serde_json escapes C0 controls but writes C1 controls (U+009B is CSI
/// to xterm), bidi overrides and zero-width characters as they are. Those
/// are never ASCII, so they can only sit inside strings, where an escape
/// means the same character; the ASCII layout of the text is left alone.
pub fn escape_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if !c.is_ascii() && is_unsafe(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            // bidi embeddings, overrides and isolates
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            // zero-width and invisible formatting
            | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
            | '\u{180E}'
            // interlinear annotations and object replacement tricks
            | '\u{FFF9}'..='\u{FFFB}'
            // tag characters: invisible, and used to smuggle hidden text
            | '\u{E0000}'..='\u{E007F}'
            // line and paragraph separators
            | '\u{2028}' | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_to_inert_text() {
        let s = clean("Ana\x1b[2J\x1b]52;c;ZXZpbA==\x07 Souza", false);
        assert!(!s.chars().any(|c| c.is_control()));
        assert!(s.starts_with("Ana") && s.ends_with("Souza"));
    }

    #[test]
    fn strips_c1_bidi_and_zero_width() {
        let s = clean("a\u{9b}b\u{202E}c\u{200B}d\u{FEFF}e", false);
        assert_eq!(s, "abcde");
    }

    #[test]
    fn keeps_accents_wide_and_emoji() {
        assert_eq!(
            line("José Müller 王小明 👩🏽‍💻"),
            "José Müller 王小明 👩🏽\u{200D}💻".replace('\u{200D}', "")
        );
    }

    #[test]
    fn json_escapes_keep_the_data_and_hide_it_from_the_terminal() {
        let raw = serde_json::to_string(&"a\u{9b}2J\u{202e}b\u{200b}\n").unwrap();
        let safe = escape_json(&raw);
        assert_eq!(safe, r#""a\u009b2J\u202eb\u200b\n""#);
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}2J\u{202e}b\u{200b}\n");
    }

    #[test]
    fn the_screen_drops_what_terminals_measure_differently() {
        assert_eq!(
            screen("I \u{2764}\u{FE0F} 👍🏽 ✔\u{FE0E}", false),
            "I \u{2764} 👍 ✔"
        );
        assert_eq!(line("🏴\u{E0067}\u{E0062}\u{E007F}"), "🏴");
    }

    #[test]
    fn newlines_kept_only_when_asked() {
        assert_eq!(clean("a\nb\tc", true), "a\nb c");
        assert_eq!(clean("a\nb\r\n", false), "a b  ");
    }
}
