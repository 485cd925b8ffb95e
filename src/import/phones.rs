//! Where a calendar event keeps a phone number, and only there (issue 12).
//!
//! An event's free text holds dates, room numbers, ticket ids and prices;
//! digits alone do not make a phone number. A number is looked for, in
//! this order:
//!
//! 1. `tel:` URIs (in ATTENDEE, LOCATION, URL, CONTACT);
//! 2. the LOCATION, where calendars put the number to call;
//! 3. lines of the DESCRIPTION (and, for the candidate's number, the
//!    SUMMARY) that say it is a number: "phone", "tel", "mobile", "cell",
//!    "call", "dial" (a conference dial-in), "whatsapp", "ring";
//!
//! and whatever is found must read as a phone number (`domain::phone`):
//! `2026-03-08` and `+1-555-CALL-NOW` are not. A number without a country
//! code that has 7 to 15 digits is passed on for the store to read in the
//! default region.
//!
//! Must not import: rusqlite, ratatui, crossterm.

use crate::domain::phone::{self, NotAPhone};

/// Words that make a line of free text a place a phone number is given.
const PHONE_WORDS: [&str; 8] = [
    "phone", "tel", "mobile", "cell", "call", "dial", "whatsapp", "ring",
];

/// The phone number of an event, from its properties as
/// `(upper-case name, unescaped text)`; `with_summary` also reads the
/// SUMMARY's phone lines.
pub fn event_phone(props: &[(&str, String)], with_summary: bool) -> Option<String> {
    let tel = props
        .iter()
        .filter(|(n, _)| matches!(*n, "ATTENDEE" | "LOCATION" | "URL" | "CONTACT"))
        .find_map(|(_, v)| {
            let v = v.trim();
            v.get(..4)
                .filter(|p| p.eq_ignore_ascii_case("tel:"))
                .map(|_| v[4..].trim().to_string())
                .filter(|t| is_phone(t))
        });
    let find = |name: &'static str, f: fn(&str) -> Option<String>| {
        props
            .iter()
            .filter(|(n, _)| *n == name)
            .find_map(|(_, v)| f(v))
    };
    tel.or_else(|| find("LOCATION", first_phone))
        .or_else(|| find("DESCRIPTION", phone_on_phone_lines))
        .or_else(|| {
            with_summary
                .then(|| find("SUMMARY", phone_on_phone_lines))
                .flatten()
        })
}

/// The first phone number on the lines of `text` that say they give one.
pub fn phone_on_phone_lines(text: &str) -> Option<String> {
    text.lines()
        .filter(|l| {
            let l = l.to_lowercase();
            PHONE_WORDS.iter().any(|w| l.contains(w))
        })
        .find_map(first_phone)
}

/// The first run of `text` that reads as a phone number.
pub fn first_phone(text: &str) -> Option<String> {
    runs(text).into_iter().find(|r| is_phone(r))
}

/// Whether `s` is a phone number: valid where it says its country, or
/// (no country code) a plausible length for the store to read in the
/// default region.
pub fn is_phone(s: &str) -> bool {
    match phone::parse(s, None) {
        Ok(_) => true,
        Err(NotAPhone::NoRegion) => {
            (7..=15).contains(&s.chars().filter(char::is_ascii_digit).count())
        }
        Err(_) => false,
    }
}

/// Runs of digits and the punctuation numbers are written with, each
/// trimmed of trailing punctuation. A run touching a letter is part of a
/// word (`CALL-NOW`, `ID-4471`) and is left out.
fn runs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut glued = false;
    let mut prev_letter = false;
    let mut flush = |cur: &mut String, glued: bool| {
        let t = cur.trim().trim_end_matches(['-', '.', '(', '/']).trim();
        if !glued && t.chars().any(|c| c.is_ascii_digit()) {
            out.push(t.to_string());
        }
        cur.clear();
    };
    for c in text.chars() {
        let numberish = c.is_ascii_digit()
            || (!cur.is_empty() && matches!(c, '+' | '(' | ')' | '-' | '.' | ' ' | '/'))
            || (cur.is_empty() && matches!(c, '+' | '('));
        if numberish {
            if cur.is_empty() {
                glued = prev_letter;
            }
            cur.push(c);
        } else {
            if c.is_alphabetic() && !cur.is_empty() && !cur.ends_with(' ') {
                glued = true;
            }
            flush(&mut cur, glued);
            glued = false;
        }
        prev_letter = c.is_alphanumeric() && !c.is_ascii_digit();
    }
    flush(&mut cur, glued);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(props: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        props.iter().map(|(n, v)| (*n, v.to_string())).collect()
    }

    #[test]
    fn a_date_in_the_description_is_not_a_phone() {
        assert_eq!(
            event_phone(&ev(&[("DESCRIPTION", "Call notes due 2026-03-08")]), true),
            None
        );
        assert_eq!(first_phone("Deadline 2026-03-08, room 4012"), None);
    }

    #[test]
    fn letters_make_a_run_part_of_a_word() {
        assert_eq!(first_phone("Call +1-555-CALL-NOW today"), None);
        assert_eq!(
            event_phone(&ev(&[("ATTENDEE", "tel:+1-555-CALL-NOW")]), true),
            None
        );
    }

    #[test]
    fn numbers_are_found_where_phones_are() {
        assert_eq!(
            event_phone(&ev(&[("LOCATION", "Dial +44 20 7946 0204 at 9")]), false).as_deref(),
            Some("+44 20 7946 0204")
        );
        assert_eq!(
            event_phone(&ev(&[("ATTENDEE", "tel:+44-20-7946-0204")]), false).as_deref(),
            Some("+44-20-7946-0204")
        );
        let desc = "Agenda: intro\nTicket 20260308 4471\nJoin by phone: 020 7946 0204";
        assert_eq!(
            event_phone(&ev(&[("DESCRIPTION", desc)]), false).as_deref(),
            Some("020 7946 0204")
        );
        // A number on a line that does not say it is one is not taken.
        assert_eq!(
            event_phone(&ev(&[("DESCRIPTION", "Budget 2079460204 approved")]), false),
            None
        );
    }
}
