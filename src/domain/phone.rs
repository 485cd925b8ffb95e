//! Phone numbers read the way libphonenumber reads them, not scraped.
//!
//! What a file or the recruiter wrote is kept as written (it is what they
//! will recognise); beside it the store keeps the E.164 form (`+442079460204`),
//! which is what identity and do-not-call compare. A number without a
//! country code is read in a default region: `default_region` in the config,
//! else the country of the recruiter's time zone (tzdb's `zone.tab`, embedded
//! as `assets/tz/zone_country.tab`).
//!
//! Not phone numbers, whatever libphonenumber would make of them: anything
//! with letters (`+1-555-CALL-NOW` is a vanity spelling, not a number to
//! store), anything shaped like a date (`2026-03-08`, `08/03/2026`), and
//! digits that are not a valid number in any region. Each is refused with a
//! plain reason ([`NotAPhone`]).

use chrono_tz::Tz;
use phonenumber::country::Id;
use phonenumber::Mode;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A region (ISO 3166 country) numbers are read and shown in.
pub type Region = Id;

/// A number that parsed and is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `+` and digits: the form identity and do-not-call compare.
    pub e164: String,
    /// The region the number belongs to, when libphonenumber knows it.
    pub region: Option<Region>,
}

/// Why some text is not a phone number, in words for the recruiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAPhone {
    Empty,
    Letters,
    Date,
    /// No country code and no default region to read it in.
    NoRegion,
    /// Digits, but not a number anywhere (too short, too long, no such range).
    Invalid,
}

impl std::fmt::Display for NotAPhone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotAPhone::Empty => "no phone number",
            NotAPhone::Letters => "has letters, so it is not a phone number",
            NotAPhone::Date => "is a date, not a phone number",
            NotAPhone::NoRegion => {
                "has no country code and no default region is known (set default_region in the config)"
            }
            NotAPhone::Invalid => "is not a valid phone number",
        })
    }
}

/// Parses `raw` as a phone number, reading a number without a country code
/// in `region`.
pub fn parse(raw: &str, region: Option<Region>) -> Result<Phone, NotAPhone> {
    let text = raw.trim();
    let text = text
        .strip_prefix("tel:")
        .or_else(|| text.strip_prefix("TEL:"))
        .unwrap_or(text)
        .trim();
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return Err(if text.chars().any(char::is_alphabetic) {
            NotAPhone::Letters
        } else {
            NotAPhone::Empty
        });
    }
    if looks_like_date(text) {
        return Err(NotAPhone::Date);
    }
    if text.chars().any(char::is_alphabetic) {
        return Err(NotAPhone::Letters);
    }
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-.()/\u{a0}".contains(c)))
    {
        return Err(NotAPhone::Invalid);
    }
    let mut text = without_trunk_zero(text);
    // `00` is the international prefix of most of the world: read it as
    // `+` so the number needs no region (`011` and others need one).
    if let Some(rest) = text.strip_prefix("00") {
        text = format!("+{rest}");
    }
    let international = text.starts_with('+') || text.starts_with("00");
    if !international && region.is_none() {
        return Err(NotAPhone::NoRegion);
    }
    let n = phonenumber::parse(if international { None } else { region }, &text)
        .or_else(|_| phonenumber::parse(region, &text))
        .map_err(|_| NotAPhone::Invalid)?;
    if !phonenumber::is_valid(&n) {
        return Err(NotAPhone::Invalid);
    }
    Ok(Phone {
        e164: n.format().mode(Mode::E164).to_string(),
        region: n.country().id(),
    })
}

/// Whether `raw` is shaped like a phone number even where libphonenumber
/// does not know its range: only digits and the punctuation numbers are
/// written with, and 7 to 15 digits (E.164's most).
pub fn plausible(raw: &str) -> bool {
    let t = raw.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && !looks_like_date(t)
        && t.chars()
            .all(|c| c.is_ascii_digit() || " +-.()/\u{a0}".contains(c))
}

/// `+44 (0)20 …`: the trunk zero some write after the country code is not
/// dialled from abroad.
fn without_trunk_zero(text: &str) -> String {
    if text.starts_with('+') || text.starts_with("00") {
        text.replacen("(0)", "", 1)
    } else {
        text.to_string()
    }
}

/// `2026-03-08`, `08/03/2026`, `2026.03.08`: three groups of digits, one of
/// four digits at an end, the others of one or two, with one separator.
fn looks_like_date(text: &str) -> bool {
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = text.split(sep).map(str::trim).collect();
        if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        let short = |l: usize| (1..=2).contains(&l);
        if (lens[0] == 4 && short(lens[1]) && short(lens[2]))
            || (short(lens[0]) && short(lens[1]) && lens[2] == 4)
        {
            return true;
        }
    }
    false
}

/// How the number is shown: national format for a number of the
/// recruiter's own region, international otherwise (`+91 80 4719 0142`).
/// Text that is not E.164 is shown as it is.
pub fn display(e164: &str, home: Option<Region>) -> String {
    match phonenumber::parse(None, e164) {
        Ok(n) => {
            let mode = if home.is_some() && n.country().id() == home {
                Mode::National
            } else {
                Mode::International
            };
            n.format().mode(mode).to_string()
        }
        Err(_) => e164.to_string(),
    }
}

/// The region named in the config (`GB`, `us`), if it is one.
pub fn region_named(code: &str) -> Option<Region> {
    code.trim().to_ascii_uppercase().parse().ok()
}

/// The country a time zone is in, from tzdb's `zone.tab` (one country a
/// zone). Zones such as `UTC` belong to none.
pub fn region_for_zone(zone: Tz) -> Option<Region> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        include_str!("../../assets/tz/zone_country.tab")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(country, zone)| (zone.trim(), country.trim()))
            .collect()
    });
    map.get(zone.name()).and_then(|c| c.parse().ok())
}

/// The region numbers are read in: the configured one, else the zone's.
pub fn default_region(configured: Option<Region>, zone: Tz) -> Option<Region> {
    configured.or_else(|| region_for_zone(zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB: Option<Region> = Some(Id::GB);

    #[test]
    fn the_same_uk_number_written_five_ways_is_one_e164() {
        for raw in [
            "+44 20 7946 0204",
            "020 7946 0204",
            "0044 20 7946 0204",
            "+44 (0)20 7946 0204",
            "+44.20.7946.0204",
            "tel:+44-20-7946-0204",
        ] {
            assert_eq!(
                parse(raw, GB).map(|p| p.e164),
                Ok("+442079460204".into()),
                "{raw}"
            );
        }
    }

    #[test]
    fn a_national_number_is_read_in_the_default_region() {
        assert_eq!(
            parse("(212) 555-0123", Some(Id::US)).map(|p| p.e164),
            Ok("+12125550123".into())
        );
        assert_eq!(parse("020 7946 0204", None), Err(NotAPhone::NoRegion));
        // An international number needs no region.
        assert_eq!(
            parse("+91 80 4719 0142", None).map(|p| p.e164),
            Ok("+918047190142".into())
        );
    }

    #[test]
    fn letters_and_dates_are_not_phone_numbers() {
        assert_eq!(
            parse("+1-555-CALL-NOW", Some(Id::US)),
            Err(NotAPhone::Letters)
        );
        assert_eq!(parse("2026-03-08", GB), Err(NotAPhone::Date));
        assert_eq!(parse("08/03/2026", GB), Err(NotAPhone::Date));
        assert_eq!(parse("", GB), Err(NotAPhone::Empty));
        assert_eq!(parse("Room 4012", GB), Err(NotAPhone::Letters));
        assert_eq!(parse("12", GB), Err(NotAPhone::Invalid));
        assert!(!plausible("12") && !plausible("2026-03-08") && !plausible("+1-555-CALL-NOW"));
        assert!(plausible("+44 1 000 0001"));
        assert_eq!(parse("+44 20 7946 02049999", GB), Err(NotAPhone::Invalid));
        assert_eq!(
            NotAPhone::Letters.to_string(),
            "has letters, so it is not a phone number"
        );
    }

    #[test]
    fn shown_national_at_home_and_international_abroad() {
        assert_eq!(display("+442079460204", GB), "020 7946 0204");
        assert_eq!(display("+442079460204", Some(Id::US)), "+44 20 7946 0204");
        assert_eq!(display("not e164", GB), "not e164");
    }

    #[test]
    fn the_default_region_is_the_configured_one_else_the_zones() {
        assert_eq!(region_for_zone(chrono_tz::Europe::London), GB);
        assert_eq!(region_for_zone(chrono_tz::Asia::Kolkata), Some(Id::IN));
        assert_eq!(region_for_zone(chrono_tz::America::New_York), Some(Id::US));
        assert_eq!(region_for_zone(chrono_tz::UTC), None);
        assert_eq!(
            default_region(Some(Id::FR), chrono_tz::Europe::London),
            Some(Id::FR)
        );
        assert_eq!(region_named(" gb "), GB);
        assert_eq!(region_named("Narnia"), None);
    }
}
