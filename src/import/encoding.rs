//! What a file's bytes are before a parser reads them: UTF-8 (with or
//! without a byte-order mark), UTF-16 (Excel's "Unicode text" and some
//! Windows exports, with or without a BOM) decoded to UTF-8, or empty.
//!
//! Must not import: rusqlite, ratatui, crossterm.

use std::borrow::Cow;

/// The bytes as UTF-8 (BOM removed) and, when they were decoded, a note
/// saying from what.
pub fn to_utf8(bytes: &[u8]) -> (Cow<'_, [u8]>, Option<&'static str>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (Cow::Borrowed(rest), None);
    }
    let (order, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (Some(Order::Little), rest),
        [0xFE, 0xFF, rest @ ..] => (Some(Order::Big), rest),
        _ => (sniff(bytes), bytes),
    };
    match order {
        None => (Cow::Borrowed(bytes), None),
        Some(o) => {
            let units = rest.chunks_exact(2).map(|p| match o {
                Order::Little => u16::from_le_bytes([p[0], p[1]]),
                Order::Big => u16::from_be_bytes([p[0], p[1]]),
            });
            let text: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            let note = match o {
                Order::Little => "read as UTF-16 (little-endian) text",
                Order::Big => "read as UTF-16 (big-endian) text",
            };
            (Cow::Owned(text.into_bytes()), Some(note))
        }
    }
}

/// True when there is nothing in the file but white space.
pub fn is_empty(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

#[derive(Clone, Copy)]
enum Order {
    Little,
    Big,
}

/// UTF-16 without a BOM: text in Latin script has a zero byte in every
/// other position. UTF-8 text never holds a zero byte.
fn sniff(bytes: &[u8]) -> Option<Order> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(Order::Little)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(Order::Big)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, bom: bool, big: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for u in s.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_with_or_without_bom_is_decoded() {
        let text = "start,candidate,phone\r\n2026-11-23 09:00,Zoë,+44 20 7946 0001\r\n";
        for (bom, big) in [(true, false), (true, true), (false, false), (false, true)] {
            let bytes = utf16(text, bom, big);
            let (out, note) = to_utf8(&bytes);
            assert_eq!(
                std::str::from_utf8(&out).unwrap(),
                text,
                "bom {bom} big {big}"
            );
            assert!(note.unwrap().contains("UTF-16"));
        }
    }

    #[test]
    fn utf8_passes_through_and_its_bom_goes() {
        let (out, note) = to_utf8("\u{FEFF}a,b".as_bytes());
        assert_eq!(&*out, b"a,b");
        assert_eq!(note, None);
        let (out, note) = to_utf8(b"start,candidate");
        assert_eq!(&*out, b"start,candidate");
        assert_eq!(note, None);
        assert!(is_empty(b" \r\n\n"));
        assert!(!is_empty(b"x"));
    }
}
