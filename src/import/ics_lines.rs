//! iCalendar content lines: unfolding, parameters and text values
//! (RFC 5545 §3.1).
//!
//! Unfolding works on bytes, so a fold that splits a UTF-8 character
//! joins it back before decoding; a line that is still not UTF-8 is read
//! lossily and named in a warning.
//!
//! Must not import: rusqlite, ratatui, crossterm.

/// One unfolded content line: `NAME;PARAM=V:value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    /// Upper-cased property name.
    pub name: String,
    /// `(upper-cased name, value)` with surrounding quotes removed.
    pub params: Vec<(String, String)>,
    /// The raw value (text escapes not yet undone).
    pub value: String,
    /// The 1-based line where the property starts in the file.
    pub line: usize,
}

impl Prop {
    /// The first value of parameter `name` (upper case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Unfolds `bytes` into properties; returns them with warnings (lines read
/// lossily, lines that are not content lines).
pub fn unfold(name: &str, bytes: &[u8]) -> (Vec<Prop>, Vec<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut logical: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match (raw.first(), logical.last_mut()) {
            (Some(b' ' | b'\t'), Some((_, cur))) => cur.extend_from_slice(&raw[1..]),
            _ if raw.is_empty() => {}
            _ => logical.push((i + 1, raw.to_vec())),
        }
    }
    let mut props = Vec::with_capacity(logical.len());
    let mut warnings = Vec::new();
    for (line, raw) in logical {
        let text = match String::from_utf8(raw) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!(
                    "{name}:{line}: not UTF-8; unreadable bytes replaced"
                ));
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        match parse_line(&text, line) {
            Some(p) => props.push(p),
            None => warnings.push(format!("{name}:{line}: not a content line; ignored")),
        }
    }
    (props, warnings)
}

/// Splits `NAME;P=V;Q="a:b":value`, honouring quotes in parameters.
fn parse_line(text: &str, line: usize) -> Option<Prop> {
    let mut in_quotes = false;
    let mut colon = None;
    let mut semis = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => semis.push(i),
            ':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let name_end = semis.first().copied().unwrap_or(colon);
    let name = text[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let mut params = Vec::new();
    let mut bounds = semis.clone();
    bounds.push(colon);
    for w in bounds.windows(2) {
        let part = &text[w[0] + 1..w[1]];
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        params.push((
            k.trim().to_ascii_uppercase(),
            v.trim().trim_matches('"').to_string(),
        ));
    }
    Some(Prop {
        name,
        params,
        value: text[colon + 1..].to_string(),
        line,
    })
}

/// Undoes TEXT escapes: `\n` `\N` → newline, `\,` `\;` `\\` → the character.
pub fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(o) => out.push(o),
            None => {}
        }
    }
    out
}

/// Escapes TEXT for writing (the inverse of [`unescape`]).
pub fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets without splitting a character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_that_split_utf8_rejoin() {
        let s = "SUMMARY:Jo\u{e3}o".as_bytes();
        // Fold inside the two bytes of ã.
        let cut = s.len() - 2;
        let mut b = s[..cut].to_vec();
        b.extend_from_slice(b"\r\n ");
        b.extend_from_slice(&s[cut..]);
        let (props, warnings) = unfold("f.ics", &b);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(props[0].value, "Jo\u{e3}o");
    }

    #[test]
    fn quoted_params_may_hold_colons() {
        let (p, _) = unfold(
            "f",
            b"ATTENDEE;CN=\"Souza, Ana: PhD\";ROLE=REQ:mailto:a@b.c\n",
        );
        assert_eq!(p[0].param("CN"), Some("Souza, Ana: PhD"));
        assert_eq!(p[0].value, "mailto:a@b.c");
    }

    #[test]
    fn bad_bytes_are_replaced_and_named() {
        let (p, w) = unfold("f.ics", b"BEGIN:VCALENDAR\nSUMMARY:caf\xe9\n");
        assert_eq!(p[1].value, "caf\u{fffd}");
        assert_eq!(w, vec!["f.ics:2: not UTF-8; unreadable bytes replaced"]);
    }

    #[test]
    fn escape_round_trips_and_fold_keeps_characters_whole() {
        let s = "a, b; c\\d\ne";
        assert_eq!(unescape(&escape(s)), s);
        let long = format!("SUMMARY:{}", "é".repeat(80));
        let folded = fold(&long);
        let (p, w) = unfold("f", folded.as_bytes());
        assert!(w.is_empty());
        assert_eq!(p[0].value, "é".repeat(80));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
    }
}
