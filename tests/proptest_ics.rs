//! Property tests for calendars in and out (issue 3, item 5):
//! - random valid calendars (names with accents, CJK and iCalendar escape
//!   characters, phones, roles, multi-line notes; starts anywhere in 2026
//!   and in the DST weeks 2026-03-08, 2026-03-29, 2026-10-25, 2026-11-01;
//!   the importing recruiter in various zones) survive store → export →
//!   import into a fresh store unchanged;
//! - random bytes, and random lines built from iCalendar pieces, never
//!   panic the iCalendar parser or the CSV parser.
//!
//! Cases are bounded (64 each) so the file runs in a few seconds.

mod common;

use callsheet::domain::Call;
use callsheet::import::export::calls_ics_with_sequence;
use callsheet::import::ics::{parse, Options};
use callsheet::import::Context;
use callsheet::store::{NewCandidate, NewScreen, Store};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::HashMap;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn opts() -> Options {
    Options {
        from: at("2025-12-01T00:00:00Z"),
        to: at("2027-02-01T00:00:00Z"),
        screen_words: None,
        ..Options::around(chrono::DateTime::UNIX_EPOCH)
    }
}

fn now() -> DateTime<Utc> {
    at("2025-12-15T12:00:00Z")
}

const ZONES: [Tz; 8] = [
    chrono_tz::Europe::London,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::America::Los_Angeles,
    chrono_tz::Asia::Tokyo,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Australia::Sydney,
    chrono_tz::UTC,
];

/// One word of a name, role or note: Latin, accented, CJK and the
/// characters iCalendar escapes or splits on (`,` `;` `\` `:`), plus
/// quotes and brackets.
fn word() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "AaBbZzÉéÀçñøßŁłŽžÆ李王小明田中한국Ωπ,;:\\'\"()-.@=+#/&!?"
        .chars()
        .collect();
    prop::collection::vec(select(chars), 1..8).prop_map(|v| v.into_iter().collect())
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|v| v.join(" "))
}

/// A start anywhere in 2026 on a 5-minute step, or within four days of one
/// of the year's US/EU clock changes.
fn start() -> impl Strategy<Value = DateTime<Utc>> {
    let year =
        (0i64..365 * 24 * 12).prop_map(|k| at("2026-01-01T00:00:00Z") + Duration::minutes(5 * k));
    let dst = (
        select(vec![
            "2026-03-08T00:00:00Z",
            "2026-03-29T00:00:00Z",
            "2026-10-25T00:00:00Z",
            "2026-11-01T00:00:00Z",
        ]),
        -4 * 24 * 4i64..4 * 24 * 4,
    )
        .prop_map(|(base, q)| at(base) + Duration::minutes(15 * q));
    prop_oneof![year, dst]
}

/// One screen without its index (added to keep names and phones distinct:
/// the store matches candidates by phone and by name).
#[derive(Debug, Clone)]
struct Row {
    name: String,
    phone_tail: u32,
    role: Option<String>,
    start: DateTime<Utc>,
    minutes: u32,
    note: Option<String>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        words(4),
        0u32..100,
        prop::option::of(words(4)),
        start(),
        select(vec![10u32, 15, 30, 45, 60, 90]),
        prop::option::of(prop::collection::vec(words(6), 1..4).prop_map(|l| l.join("\n"))),
    )
        .prop_map(|(name, phone_tail, role, start, minutes, note)| Row {
            name,
            phone_tail,
            role,
            start,
            minutes,
            note,
        })
}

fn all_calls(store: &Store) -> Vec<Call> {
    store
        .calls_between(at("2025-12-01T00:00:00Z"), at("2027-02-01T00:00:00Z"))
        .unwrap()
}

fn key(store: &Store) -> Vec<common::CallKey> {
    common::call_keys(
        store,
        at("2025-12-01T00:00:00Z"),
        at("2027-02-01T00:00:00Z"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_calendars_survive_export_then_import(
        rows in prop::collection::vec(row(), 1..10),
        zone in select(ZONES.to_vec()),
    ) {
        let screens: Vec<NewScreen> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| NewScreen {
                candidate: NewCandidate {
                    name: format!("{} {i}", r.name),
                    phone: format!("+44 20 7946 {i:02}{:02}", r.phone_tail),
                    email: None,
                    timezone: None,
                },
                role: r.role.clone(),
                start: r.start,
                minutes: r.minutes,
                note: r.note.clone(),
                source: Some(("prop".to_string(), format!("r{i}"))),
                origin: format!("row {i}"),
                outcome: None,
            })
            .collect();
        let from = Store::open_in_memory().unwrap();
        from.import(&screens, now(), false).unwrap();
        prop_assert_eq!(all_calls(&from).len(), screens.len());

        let text = calls_ics_with_sequence(&all_calls(&from), &HashMap::new(), now());
        let ctx = Context { zone, slot_minutes: 30 };
        let cal = parse("prop.ics", text.as_bytes(), &ctx, &opts()).unwrap();
        prop_assert!(cal.busy.is_empty(), "every exported call is a screen: {:?}", cal.busy);
        let to = Store::open_in_memory().unwrap();
        to.import_calendar(&cal, now(), false).unwrap();
        prop_assert_eq!(key(&from), key(&to), "{}", text);

    }

    #[test]
    fn random_bytes_never_panic_the_ics_or_csv_parser(
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
        zone in select(ZONES.to_vec()),
    ) {
        let ctx = Context { zone, slot_minutes: 30 };
        let _ = parse("fuzz.ics", &bytes, &ctx, &opts());
        let _ = callsheet::import::csv::parse("fuzz.csv", &bytes, &ctx);
    }

    #[test]
    fn random_ical_shaped_lines_never_panic_the_parsers(
        lines in prop::collection::vec(
            prop_oneof![
                select(vec![
                    "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT",
                    "BEGIN:VTIMEZONE", "END:VTIMEZONE", "BEGIN:STANDARD", "END:STANDARD",
                    "BEGIN:DAYLIGHT", "END:DAYLIGHT", "TZID:Eastern Standard Time",
                    "TZID:X/Nowhere", "TZOFFSETFROM:-0500", "TZOFFSETTO:+0100",
                    "TZOFFSETTO:+9999", "DTSTART:19700308T020000",
                    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                    "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=400",
                    "RRULE:FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=0",
                    "RRULE:FREQ=DAILY;UNTIL=20261231T000000Z",
                    "RRULE:FREQ=SECONDLY", "RRULE:FREQ=MONTHLY;BYMONTHDAY=31,-1",
                    "EXDATE:20260310", "EXDATE;TZID=Europe/Berlin:20260311T090000",
                    "RDATE:20260401T090000Z", "RECURRENCE-ID:20260310T090000Z",
                    "DTSTART;TZID=America/New_York:20260308T023000",
                    "DTSTART;TZID=Europe/London:20261025T013000",
                    "DTSTART;TZID=W. Europe Standard Time:20260329T023000",
                    "DTSTART;VALUE=DATE:20260310", "DTSTART:20260310T090000",
                    "DTSTART:20260310T090000Z", "DTSTART:99999999T999999Z",
                    "DTEND:20260310T083000Z", "DURATION:PT45M", "DURATION:-P1D",
                    "DURATION:P99999999W", "UID:a", "UID:b", "STATUS:CANCELLED",
                    "SUMMARY:Phone screen: Ana Souza", "SUMMARY:Call 李小明",
                    "SUMMARY:\u{1b}[31mscreen", "LOCATION:+1 212 555 0143",
                    "ATTENDEE;CN=Ana:mailto:ana@example.com",
                    "X-CALLSHEET-CANDIDATE:Ana", "X-CALLSHEET-PHONE:=1+1",
                    "X-WR-TIMEZONE:America/Chicago", "X-WR-TIMEZONE:Nope/Nope",
                    " folded continuation", "\t", "", ":", ";;;:", "DTSTART;TZID=",
                ])
                .prop_map(str::to_string),
                "[ -~]{0,40}",
            ],
            0..60,
        ),
        crlf in any::<bool>(),
        zone in select(ZONES.to_vec()),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let ctx = Context { zone, slot_minutes: 30 };
        let _ = parse("shaped.ics", text.as_bytes(), &ctx, &opts());
        let _ = callsheet::import::csv::parse("shaped.csv", text.as_bytes(), &ctx);
    }
}
