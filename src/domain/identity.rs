//! Who a row of a file is: the rules, without the database.
//!
//! An import decides identity from evidence, strongest first (see
//! docs/identity.md and `store::identity`):
//!
//! 1. the source's own stable id: the calendar event (source and UID) the
//!    call was imported from before;
//! 2. the email address (case-folded);
//! 3. the phone number as E.164, **only with a compatible name**: two
//!    different names on one number are two people (a family line, a typo
//!    in the ATS), each keeping the name their file gave;
//! 4. with neither phone nor email, the name itself.
//!
//! Names are compared as NFC and case-folded forms ([`fold_name`]), so a
//! decomposed "한국" and a composed one, or "ANA SOUZA" and "Ana Souza", are
//! the same name; the stored name keeps the bytes the file gave.

use unicode_normalization::UnicodeNormalization;

/// A name as matching compares it: NFC, lower-cased, runs of white space
/// made one space, trimmed.
pub fn fold_name(name: &str) -> String {
    let nfc: String = name.nfc().collect();
    let lower: String = nfc.chars().flat_map(char::to_lowercase).collect();
    // Lower-casing can decompose (İ → i̇); compose again so equal names are
    // equal strings.
    let lower: String = lower.nfc().collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An email address as matching compares it.
pub fn fold_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whether two names on one number can be one person: the same folded
/// name, or every word of the shorter one beginning a word of the longer
/// one in order ("Ana" and "Ana Souza", "A. Souza" and "Ana Souza").
pub fn names_compatible(a: &str, b: &str) -> bool {
    let (a, b) = (fold_name(a), fold_name(b));
    if a == b {
        return true;
    }
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '.' || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(&a), words(&b));
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    let mut rest = long.iter();
    short
        .iter()
        .all(|w| rest.by_ref().any(|l| l.starts_with(w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_names_ignore_case_spacing_and_composition() {
        assert_eq!(fold_name("  ANA   Souza "), "ana souza");
        let composed = "\u{D55C}\u{AD6D}";
        let decomposed = "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}";
        assert_ne!(composed, decomposed);
        assert_eq!(fold_name(composed), fold_name(decomposed));
        assert_eq!(fold_name("Jose\u{301}"), fold_name("José"));
    }

    #[test]
    fn two_different_names_are_not_one_person() {
        assert!(names_compatible("Ana Souza", "ana souza"));
        assert!(names_compatible("Ana", "Ana Souza"));
        assert!(names_compatible("A. Souza", "Ana Souza"));
        assert!(!names_compatible("Ana Souza", "Bruno Souza"));
        // Words in another order are another name.
        assert!(!names_compatible("Ana Souza", "Souza Ana Maria"));
        assert!(!names_compatible("Ana Souza", ""));
        assert!(!names_compatible("Lee", "Kim"));
    }
}
