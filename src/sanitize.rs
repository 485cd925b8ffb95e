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
    fn newlines_kept_only_when_asked() {
        assert_eq!(clean("a\nb\tc", true), "a\nb c");
        assert_eq!(clean("a\nb\r\n", false), "a b  ");
    }
}
