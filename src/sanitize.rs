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

/// A phone number field made safe: terminal escape sequences removed whole
/// (not only their ESC, which would leave `[2J` behind as letters), then
/// `line`, trimmed.
pub fn phone(s: &str) -> String {
    line(&without_escapes(s)).trim().to_string()
}

/// `s` without ANSI escape sequences: CSI (`ESC [` or U+009B, up to its
/// final byte), OSC/DCS/PM/APC strings (`ESC ]`, `ESC P`, … or their C1
/// forms, up to BEL or ST) and two-byte `ESC x`.
pub fn without_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        let kind = match c {
            '\x1b' => match it.next() {
                Some('[') => 'c',
                Some(']' | 'P' | 'X' | '^' | '_') => 's',
                _ => continue,
            },
            '\u{9b}' => 'c',
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => 's',
            c => {
                out.push(c);
                continue;
            }
        };
        if kind == 'c' {
            // Parameters and intermediates, then one final byte.
            for p in it.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&p) {
                    break;
                }
            }
        } else {
            while let Some(p) = it.next() {
                if p == '\x07' || p == '\u{9c}' {
                    break;
                }
                if p == '\x1b' && it.peek() == Some(&'\\') {
                    it.next();
                    break;
                }
            }
        }
    }
    out
}

/// A name (or other one-line field) as it is **stored**: `line`, but
/// keeping what is part of the name (issue 12). Kept: a zero-width joiner
/// between two visible characters (👩🏽‍💻, 🏳️‍🌈, Indic conjuncts), a
/// zero-width non-joiner between two letters (Persian, Hindi names), and
/// the tag characters of a subdivision flag (🏴 + tags + cancel tag: the
/// flag of England). Combining marks and variation selectors are never
/// removed. What leaves callsheet for a terminal or a file goes through
/// `line`/`screen` again (which drop the joiners: terminals disagree on
/// their width); JSON carries them escaped (`escape_json`).
pub fn name(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let visible = |c: Option<&char>| {
        c.is_some_and(|&c| !c.is_whitespace() && !is_unsafe(c) && !c.is_control())
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\u{200D}' if i > 0 && visible(chars.get(i - 1)) && visible(chars.get(i + 1)) => {
                out.push(c)
            }
            '\u{200C}'
                if i > 0
                    && chars[i - 1].is_alphabetic()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) =>
            {
                out.push(c)
            }
            '\u{1F3F4}' => {
                out.push(c);
                // A subdivision flag: tag letters/digits ended by U+E007F.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&t| !matches!(t, '\u{E0020}'..='\u{E007E}'))
                    .map(|n| i + 1 + n);
                if let Some(e) = end.filter(|&e| e > i + 1 && chars[e] == '\u{E007F}') {
                    out.extend(&chars[i + 1..=e]);
                    i = e;
                }
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
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
    fn a_phone_loses_escape_sequences_whole() {
        assert_eq!(phone(" +44 7700 900001\x1b[2J "), "+44 7700 900001");
        assert_eq!(
            phone("+44\x1b]52;c;ZXZp\x07 20\u{9b}31m 7946"),
            "+44 20 7946"
        );
        assert_eq!(phone("+44\x1b]0;t\x1b\\ 20"), "+44 20");
    }

    #[test]
    fn a_name_keeps_every_part_of_itself() {
        for whole in [
            "👩🏽\u{200D}💻 Ana",
            "👨\u{200D}👩\u{200D}👧\u{200D}👦",
            "🏳\u{FE0F}\u{200D}🌈",
            "Zoe\u{308} Ze\u{301}\u{302}lgo",
            "\u{1112}\u{1161}\u{11AB}",
            "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0645}",
            "\u{2764}\u{FE0F} 1\u{FE0F}\u{20E3}",
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} England",
        ] {
            assert_eq!(name(whole), whole);
        }
    }

    #[test]
    fn a_name_still_loses_what_harms_a_terminal() {
        assert_eq!(
            name("Eve\x1b[2J\u{9b}1m \u{202E}kcilc\u{2066} Mal\u{200B}lory"),
            "Eve[2J1m kcilc Mallory"
        );
        // A joiner with nothing to join, and smuggled tags, are dropped.
        assert_eq!(name("\u{200D}Ana\u{200D} \u{200C}x"), "Ana x");
        assert_eq!(name("Ana\u{E0041}\u{E0042}"), "Ana");
        assert_eq!(name("🏴\u{E0041}"), "🏴");
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
