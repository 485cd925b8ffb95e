//! Property test for identity (issue 12, "Must show"): random candidates
//! with numbers of their own region, each written in a random valid way
//! for that region, always normalise to one E.164, and a re-import in
//! another random format finds the same person and never another's.
//!
//! Cases are bounded (24, each a real SQLite file) so the file runs in a
//! few seconds.

mod common;

use callsheet::domain::phone::{self, Region};
use callsheet::store::{NewCandidate, NewScreen, Store};
use chrono::Duration;
use common::mon;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

/// A region, its country code, a national significant number built from
/// a valid range and four random digits, and whether it dials a trunk 0.
#[derive(Debug, Clone)]
struct Number {
    region: Region,
    cc: &'static str,
    /// National significant number, digits only.
    nsn: String,
    trunk_zero: bool,
}

impl Number {
    fn e164(&self) -> String {
        format!("+{}{}", self.cc, self.nsn)
    }

    /// The number in groups of 3-4 digits: how people space them.
    fn grouped(&self, sep: &str) -> String {
        let d: Vec<char> = self.nsn.chars().collect();
        let cut = if d.len() > 7 { d.len() - 7 } else { 0 };
        let head: String = d[..cut].iter().collect();
        let mid: String = d[cut..cut + 3].iter().collect();
        let tail: String = d[cut + 3..].iter().collect();
        [head, mid, tail]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// Way `k` of writing it; `home` says it is written in its own
    /// region (so national forms are allowed).
    fn written(&self, k: usize, home: bool) -> String {
        let national = |n: &Number| {
            if n.trunk_zero {
                format!("0{}", n.grouped(" "))
            } else if n.cc == "1" {
                let d = &n.nsn;
                format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
            } else {
                n.grouped(" ")
            }
        };
        let forms = [
            format!("+{} {}", self.cc, self.grouped(" ")),
            format!("+{}-{}", self.cc, self.grouped("-")),
            format!("00{} {}", self.cc, self.grouped(" ")),
            format!("+{}.{}", self.cc, self.grouped(".")),
            format!("+{}{}", self.cc, self.nsn),
            if self.trunk_zero {
                format!("+{} (0){}", self.cc, self.grouped(" "))
            } else {
                format!("tel:+{}-{}", self.cc, self.grouped("-"))
            },
            national(self),
        ];
        let n = if home { forms.len() } else { forms.len() - 1 };
        forms[k % n].clone()
    }
}

fn number() -> impl Strategy<Value = Number> {
    // Ranges libphonenumber knows as valid, four digits left random.
    let plans: [(Region, &str, &str, bool); 5] = [
        (Region::GB, "44", "207946", true),
        (Region::US, "1", "212555", false),
        (Region::IN, "91", "987654", false),
        (Region::DE, "49", "3012345", true),
        (Region::FR, "33", "14567", true),
    ];
    (0..plans.len(), 0u32..10_000).prop_map(move |(i, tail)| {
        let (region, cc, head, trunk_zero) = plans[i];
        Number {
            region,
            cc,
            nsn: format!("{head}{tail:04}"),
            trunk_zero,
        }
    })
}

fn row(name: &str, phone: String, start: chrono::DateTime<chrono::Utc>) -> NewScreen {
    NewScreen {
        candidate: NewCandidate {
            name: name.into(),
            phone,
            email: None,
            timezone: None,
        },
        role: None,
        start,
        minutes: 30,
        note: None,
        source: None,
        origin: "prop".into(),
        outcome: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_way_of_writing_a_number_is_one_e164_and_one_person(
        people in proptest::collection::vec((number(), 0usize..7, 0usize..7), 1..8),
        home in prop::sample::select(vec![Region::GB, Region::US, Region::IN, Region::DE, Region::FR]),
    ) {
        // Every format reads back as the one E.164 form.
        for (n, a, b) in &people {
            for k in [*a, *b] {
                let w = n.written(k, n.region == home);
                prop_assert_eq!(phone::parse(&w, Some(home)).map(|p| p.e164), Ok(n.e164()), "{}", w);
            }
        }
        // Distinct numbers only: one person each.
        let mut seen = HashSet::new();
        let people: Vec<_> = people.into_iter().filter(|(n, ..)| seen.insert(n.e164())).collect();

        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("prop.sqlite3")).unwrap();
        store.set_phone_region(Some(home));
        let first: Vec<NewScreen> = people.iter().enumerate().map(|(i, (n, a, _))| {
            row(&format!("Person {i}"), n.written(*a, n.region == home), mon("09:00") + Duration::hours(i as i64))
        }).collect();
        let r = store.import(&first, mon("07:00"), false).unwrap();
        prop_assert_eq!(r.candidates_added, people.len());
        prop_assert!(r.skipped.is_empty(), "{:?}", r.skipped);
        // The same people again, each number written another way, a day on.
        let again: Vec<NewScreen> = people.iter().enumerate().map(|(i, (n, _, b))| {
            row(&format!("Person {i}"), n.written(*b, n.region == home), mon("09:00") + Duration::days(1) + Duration::hours(i as i64))
        }).collect();
        let r = store.import(&again, mon("07:00"), false).unwrap();
        prop_assert_eq!(r.candidates_added, 0, "a re-import made someone new: {:?}", r);
        let calls = store.calls_between(mon("00:00"), mon("00:00") + Duration::days(3)).unwrap();
        let mut by_person: HashMap<String, HashSet<i64>> = HashMap::new();
        for c in &calls {
            by_person.entry(c.candidate.name.clone()).or_default().insert(c.candidate.id);
        }
        prop_assert_eq!(by_person.len(), people.len());
        for (name, ids) in &by_person {
            prop_assert_eq!(ids.len(), 1, "{} is {} records", name, ids.len());
        }
        let ids: HashSet<i64> = by_person.values().flatten().copied().collect();
        prop_assert_eq!(ids.len(), people.len(), "two people share a record");
    }
}
