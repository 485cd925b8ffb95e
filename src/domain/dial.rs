//! The number to dial, and whether a candidate may be dialled at all.
//!
//! One function, [`dial_target`], turns a candidate into what the dial
//! command is given (`{e164}`, `{tel}`, `{name}`) or says why not: every
//! path that dials (the `c` key, baresip) comes through it, so a
//! do-not-call candidate is never rung by mistake and a number that cannot
//! be written as E.164 is never handed to a softphone to guess at.
//!
//! The E.164 form is derived here from the stored phone text, as well as
//! it can be without knowing the candidate's country: a number written
//! internationally (`+44 20 7946 0101`, `0044 20 …`, `+44 (0)20 …`) is
//! accepted, a national one (`020 7946 0101`) is refused as unusable. When
//! the identity work stores E.164 itself, this is the one place to point
//! at it.

use super::dnc::{may_contact, Refusal as DncRefusal};
use super::Candidate;

/// What the dial command receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialTarget {
    /// `+442079460101`.
    pub e164: String,
    /// `tel:+442079460101` (RFC 3966, a global number).
    pub tel: String,
    /// The candidate's name, without control characters.
    pub name: String,
}

/// Why a candidate is not dialled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Do-not-call, with the reason recorded with the flag. No override.
    DoNotCall(DncRefusal),
    /// The stored phone cannot be written as an international number.
    Unusable { name: String, phone: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::DoNotCall(r) => write!(f, "{r}: not dialled"),
            Refusal::Unusable { name, phone } if phone.trim().is_empty() => {
                write!(f, "{name} has no phone number to dial")
            }
            Refusal::Unusable { name, phone } => write!(
                f,
                "{name}'s number '{}' is not an international number (+country …): \
                 not dialled; correct the record",
                crate::sanitize::line(phone)
            ),
        }
    }
}

/// The number to dial for `candidate`, or why it must not be dialled.
pub fn dial_target(candidate: &Candidate) -> Result<DialTarget, Refusal> {
    may_contact(candidate, false).map_err(Refusal::DoNotCall)?;
    let name = crate::sanitize::line(&candidate.name);
    // libphonenumber's reading first (the E.164 identity and do-not-call
    // compare); the plain digit rule only for numbers its metadata does not
    // know (fictional test ranges), written internationally.
    let e164 = crate::domain::phone::parse(&candidate.phone, None)
        .ok()
        .map(|p| p.e164)
        .or_else(|| e164_of(&candidate.phone))
        .ok_or_else(|| Refusal::Unusable {
            name: name.clone(),
            phone: candidate.phone.clone(),
        })?;
    Ok(DialTarget {
        tel: format!("tel:{e164}"),
        e164,
        name,
    })
}

/// `+<country><number>` from phone text written internationally, or
/// `None`. Spaces, dots, dashes and brackets are separators; a trunk
/// `(0)` after the country code is dropped; an extension (`x12`,
/// `ext. 12`) is not dialled. E.164 allows at most 15 digits; fewer than 8
/// is no real international number.
pub fn e164_of(phone: &str) -> Option<String> {
    let text = phone.trim();
    let lower = text.to_ascii_lowercase();
    let text = match lower.find("ext").or_else(|| lower.find(['x', ';', ','])) {
        Some(i) => &text[..i],
        None => text,
    };
    let text = text.replace("(0)", "");
    let rest = text.strip_prefix('+').or_else(|| text.strip_prefix("00"))?;
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return None,
        }
    }
    if digits.starts_with('0') || !(8..=15).contains(&digits.len()) {
        return None;
    }
    Some(format!("+{digits}"))
}

/// `command` with `{e164}`, `{tel}` and `{name}` put in, argument by
/// argument (no shell ever sees it, so nothing in a name can run).
/// `None` for an empty command.
pub fn command_line(command: &[String], target: &DialTarget) -> Option<(String, Vec<String>)> {
    let fill = |arg: &String| {
        arg.replace("{e164}", &target.e164)
            .replace("{tel}", &target.tel)
            .replace("{name}", &target.name)
    };
    let (program, args) = command.split_first()?;
    if program.trim().is_empty() {
        return None;
    }
    Some((fill(program), args.iter().map(fill).collect()))
}

/// The built-in dial command: hand the `tel:` URI to the desktop, which
/// gives it to whichever softphone claims `tel:` (Zoom Phone, Teams,
/// RingCentral, Aircall, a SIP client).
pub fn default_command() -> Vec<String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    vec![opener.to_string(), "{tel}".to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(phone: &str) -> Candidate {
        Candidate {
            id: 1,
            name: "Priya Raghunathan".into(),
            phone: phone.into(),
            ..Candidate::default()
        }
    }

    #[test]
    fn international_numbers_become_e164() {
        for (text, want) in [
            ("+44 20 7946 0101", "+442079460101"),
            ("+91 80 4719 0142", "+918047190142"),
            ("0044 20 7946 0101", "+442079460101"),
            ("+44 (0)20 7946-0101", "+442079460101"),
            ("+1 (212) 555.0147", "+12125550147"),
            ("+1 212 555 0147 x23", "+12125550147"),
            ("+1 212 555 0147 ext. 23", "+12125550147"),
        ] {
            assert_eq!(e164_of(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn national_or_broken_numbers_are_refused() {
        for text in [
            "",
            "020 7946 0101",
            "+44",
            "+1234567",
            "+1234567890123456",
            "+44 20 7946 O1O1",
            "+0 20 7946 0101",
            "call reception",
        ] {
            assert_eq!(e164_of(text), None, "{text}");
        }
    }

    #[test]
    fn the_target_carries_e164_tel_and_the_name() {
        let t = dial_target(&cand("+44 20 7946 0101")).unwrap();
        assert_eq!(t.e164, "+442079460101");
        assert_eq!(t.tel, "tel:+442079460101");
        assert_eq!(t.name, "Priya Raghunathan");
    }

    #[test]
    fn do_not_call_is_refused_with_its_reason_even_with_a_good_number() {
        let mut c = cand("+44 20 7946 0101");
        c.do_not_call = true;
        c.dnc_reason = Some("asked not to be called".into());
        let r = dial_target(&c).unwrap_err();
        assert!(matches!(r, Refusal::DoNotCall(_)));
        assert_eq!(
            r.to_string(),
            "Priya Raghunathan is do-not-call (asked not to be called): not dialled"
        );
    }

    #[test]
    fn an_unusable_number_says_which() {
        let r = dial_target(&cand("020 7946 0101")).unwrap_err();
        assert!(r.to_string().contains("'020 7946 0101'"), "{r}");
        let r = dial_target(&cand(" ")).unwrap_err();
        assert_eq!(
            r.to_string(),
            "Priya Raghunathan has no phone number to dial"
        );
    }

    #[test]
    fn placeholders_are_filled_argument_by_argument() {
        let t = dial_target(&cand("+44 20 7946 0101")).unwrap();
        let cmd: Vec<String> = ["softphone", "--call={e164}", "{tel}", "for {name}", "; rm"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (p, args) = command_line(&cmd, &t).unwrap();
        assert_eq!(p, "softphone");
        assert_eq!(
            args,
            [
                "--call=+442079460101",
                "tel:+442079460101",
                "for Priya Raghunathan",
                "; rm"
            ]
        );
        assert_eq!(command_line(&[], &t), None);
        assert_eq!(command_line(&[" ".into()], &t), None);
    }

    #[test]
    fn the_default_hands_tel_to_the_desktop() {
        let d = default_command();
        assert_eq!(d[1], "{tel}");
        assert!(d[0] == "xdg-open" || d[0] == "open");
    }
}
