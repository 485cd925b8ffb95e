//! Width-aware text for terminal cells: clean, measure, cut, pad and wrap.
//!
//! Widths are display columns (`unicode-width`): a CJK character or an
//! emoji takes two. Every piece of text from a candidate, a role, a phone
//! or a note goes through `clean` (which is `crate::sanitize`) before it is
//! measured, so no control code, bidi override or invisible character ever
//! reaches a cell. Plain strings in and out: no ratatui types here.

use crate::sanitize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One line of untrusted text, safe to draw.
pub fn clean(s: &str) -> String {
    sanitize::screen(s, false)
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `s` to at most `max` columns, ending in "…" when anything was cut.
/// A wide character that would straddle the edge is left out whole.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        s.to_string()
    } else {
        cut(s, max)
    }
}

/// The start of `s` and a "…", in at most `max` columns, whether or not
/// `s` would have fitted (for text that more text follows).
pub fn cut(s: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `truncate`, then padded with spaces to exactly `w` columns.
pub fn fit(s: &str, w: usize) -> String {
    let mut out = truncate(s, w);
    let pad = w.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Text wrapped to a width, with where a cursor falls in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub lines: Vec<String>,
    /// (row, column) of the cursor in `lines`, in display columns.
    pub cursor: (usize, usize),
}

/// Wraps cleaned multi-line text at word boundaries (or mid-word when a
/// word is longer than the line) to `width` columns.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_with_cursor(s, width, 0).lines
}

/// Like `wrap`, also mapping `cursor` (a char index into `s`) to a screen
/// position. Unsafe characters are dropped on the way without shifting the
/// cursor off the character it was on.
pub fn wrap_with_cursor(s: &str, width: usize, cursor: usize) -> Wrapped {
    let width = width.max(1);
    let (kept, cur) = clean_with_cursor(s, cursor, true);

    let mut lines = Vec::new();
    let mut pos = (0, 0);
    let mut start = 0;
    for logical in kept.split(|&c| c == '\n') {
        let end = start + logical.len();
        let segs = segments(logical, width);
        for (k, &(a, b)) in segs.iter().enumerate() {
            let last = k + 1 == segs.len();
            let (ga, gb) = (start + a, start + b);
            if (ga <= cur && cur < gb) || (last && cur == gb) {
                let col: usize = logical[a..cur - start].iter().map(|&c| char_width(c)).sum();
                pos = (lines.len(), col);
            }
            lines.push(logical[a..b].iter().collect::<String>());
        }
        start = end + 1;
    }
    // A cursor after a full line sits at the start of the next one.
    if pos.1 >= width {
        pos = (pos.0 + 1, 0);
        if pos.0 >= lines.len() {
            lines.push(String::new());
        }
    }
    Wrapped { lines, cursor: pos }
}

/// Cleans `s` char by char, carrying a cursor (char index) across the
/// characters that are dropped.
fn clean_with_cursor(s: &str, cursor: usize, keep_newlines: bool) -> (Vec<char>, usize) {
    let mut kept: Vec<char> = Vec::with_capacity(s.len());
    let mut cur = None;
    for (i, c) in s.chars().enumerate() {
        if i == cursor {
            cur = Some(kept.len());
        }
        let mut buf = [0u8; 4];
        kept.extend(sanitize::screen(c.encode_utf8(&mut buf), keep_newlines).chars());
    }
    let cur = cur.unwrap_or(kept.len());
    (kept, cur)
}

/// One line of text in a field `width` columns wide, scrolled sideways so
/// the cursor stays in view: the visible text and the cursor's column.
pub fn field_view(s: &str, cursor: usize, width: usize) -> (String, usize) {
    let (chars, cur) = clean_with_cursor(s, cursor, false);
    let room = width.saturating_sub(1);
    let mut left = cur;
    let mut used = 0;
    while left > 0 {
        let w = char_width(chars[left - 1]);
        if used + w > room {
            break;
        }
        used += w;
        left -= 1;
    }
    (
        truncate(&chars[left..].iter().collect::<String>(), width),
        used,
    )
}

/// Splits one logical line into `[start, end)` char ranges that each fit
/// `width`, breaking after a space where one is available.
fn segments(chars: &[char], width: usize) -> Vec<(usize, usize)> {
    let mut segs = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let (mut end, mut used, mut space) = (start, 0, None);
        while end < chars.len() {
            let w = char_width(chars[end]);
            if used + w > width {
                break;
            }
            used += w;
            if chars[end] == ' ' {
                space = Some(end);
            }
            end += 1;
        }
        if end < chars.len() {
            end = match space {
                Some(sp) if sp > start => sp + 1,
                // A character wider than the line still moves on.
                _ if end == start => start + 1,
                _ => end,
            };
        }
        segs.push((start, end));
        start = end;
    }
    if segs.is_empty() {
        segs.push((0, 0));
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_with_ellipsis_by_columns() {
        assert_eq!(truncate("Ana Souza", 20), "Ana Souza");
        assert_eq!(truncate("Ana Souza", 5), "Ana …");
        assert_eq!(truncate("王小明王小明", 5), "王小…");
        assert_eq!(truncate("王小明", 4), "王…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fit_pads_to_exact_width_even_with_wide_chars() {
        assert_eq!(width(&fit("王小明王小明", 6)), 6);
        assert_eq!(width(&fit("王小明王小明", 5)), 5);
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn wraps_at_spaces_and_mid_word_when_needed() {
        assert_eq!(wrap("one two three", 8), vec!["one two ", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
        assert_eq!(wrap("", 10), vec![""]);
    }

    #[test]
    fn cursor_follows_wrapping_and_newlines() {
        let w = wrap_with_cursor("one two three", 8, 10);
        assert_eq!(w.cursor, (1, 2));
        let w = wrap_with_cursor("ab\ncd", 8, 5);
        assert_eq!(w.cursor, (1, 2));
        let w = wrap_with_cursor("abcd", 4, 4);
        assert_eq!(w.cursor, (1, 0));
        assert_eq!(w.lines, vec!["abcd", ""]);
        let w = wrap_with_cursor("王小", 10, 1);
        assert_eq!(w.cursor, (0, 2));
    }

    #[test]
    fn field_scrolls_sideways_to_keep_the_cursor_in_view() {
        assert_eq!(field_view("abc", 3, 10), ("abc".to_string(), 3));
        assert_eq!(field_view("abcdefghij", 10, 5), ("ghij".to_string(), 4));
        assert_eq!(field_view("abcdefghij", 0, 5), ("abcd…".to_string(), 0));
        assert_eq!(field_view("a\tb", 3, 5), ("a b".to_string(), 3));
    }

    #[test]
    fn unsafe_chars_are_dropped_without_moving_the_cursor_off() {
        let w = wrap_with_cursor("a\u{1b}[2Jb", 20, 5);
        assert_eq!(w.lines, vec!["a[2Jb"]);
        assert_eq!(w.cursor, (0, 4));
    }
}
