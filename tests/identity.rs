//! Who a candidate is (issue 12), on real SQLite files: numbers read as
//! E.164 in the default region, do-not-call that holds on every way of
//! writing the number, two names on one number kept two people, names an
//! import gives a matched record kept as aliases, and the schema-11
//! migration on a schema-10 file.

mod common;

use callsheet::domain::phone::Region;
use callsheet::import::{csv, ics, Context};
use callsheet::store::{migrations::MIGRATIONS, Store};
use common::{mon, screen};

const GB: Option<Region> = Some(Region::GB);
const DNC_NUMBER: &str = "+44 20 7946 0204";
/// The same UK number as written in files: national, `00`, with the
/// trunk zero in brackets, with dots.
const FORMS: [&str; 4] = [
    "020 7946 0204",
    "0044 20 7946 0204",
    "+44 (0)20 7946 0204",
    "+44.20.7946.0204",
];

fn ctx() -> Context {
    Context {
        zone: chrono_tz::Europe::London,
        slot_minutes: 30,
    }
}

/// A database file with Ana Souza on the do-not-call number, flagged.
fn with_dnc(dir: &std::path::Path) -> Store {
    let store = Store::open(&dir.join("callsheet.sqlite3")).unwrap();
    store.set_phone_region(GB);
    store
        .import(
            &[screen("Ana Souza", DNC_NUMBER, mon("09:00"))],
            mon("07:00"),
            false,
        )
        .unwrap();
    let ana = store.calls_between(mon("09:00"), mon("09:01")).unwrap()[0]
        .candidate
        .id;
    store
        .set_do_not_call(ana, true, Some("asked not to be called"), mon("07:30"))
        .unwrap();
    store
}

fn csv_rows(name: &str, phone: &str) -> Vec<callsheet::store::NewScreen> {
    let text = format!("start,candidate,phone\n2026-11-24 10:00,{name},{phone}\n");
    csv::parse("calls.csv", text.as_bytes(), &ctx()).unwrap()
}

fn ics_calendar(name: &str, phone: &str) -> ics::Calendar {
    let text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ev-1\r\n\
         DTSTART:20261124T100000Z\r\nDTEND:20261124T103000Z\r\n\
         SUMMARY:Phone screen: {name}\r\nLOCATION:{phone}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let opts = ics::Options::around(mon("07:00"));
    ics::parse("cal.ics", text.as_bytes(), &ctx(), &opts).unwrap()
}

#[test]
fn do_not_call_holds_on_every_written_form_of_the_number_in_csv() {
    for form in FORMS {
        for name in ["Ana Souza", "Bea Lima"] {
            let tmp = tempfile::tempdir().unwrap();
            let store = with_dnc(tmp.path());
            let r = store
                .import(&csv_rows(name, form), mon("08:00"), false)
                .unwrap();
            assert_eq!(r.added, 0, "{name} on {form} was booked");
            assert_eq!(r.skipped.len(), 1, "{form}: {:?}", r.skipped);
            assert!(
                r.skipped[0].contains("do-not-call") && r.skipped[0].contains("--allow-dnc"),
                "{form}: {}",
                r.skipped[0]
            );
            // The one way round it.
            let r = store
                .import_with(&csv_rows(name, form), mon("08:00"), false, true)
                .unwrap();
            assert_eq!(r.added, 1, "{form} with --allow-dnc");
        }
    }
}

#[test]
fn do_not_call_holds_on_every_written_form_of_the_number_in_ics() {
    for form in FORMS {
        for name in ["Ana Souza", "Bea Lima"] {
            let tmp = tempfile::tempdir().unwrap();
            let store = with_dnc(tmp.path());
            let cal = ics_calendar(name, form);
            assert_eq!(cal.screens.len(), 1, "{form}: not read as a screen");
            let r = store
                .import_calendar(&cal, mon("08:00"), false)
                .unwrap()
                .screens;
            assert_eq!(r.added, 0, "{name} on {form} was booked");
            assert!(
                r.skipped.iter().any(|s| s.contains("do-not-call")),
                "{form}: {:?}",
                r.skipped
            );
        }
    }
}

#[test]
fn a_booking_of_another_name_on_a_do_not_call_number_is_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let store = with_dnc(tmp.path());
    store
        .import_with(
            &csv_rows("Bea Lima", "020 7946 0204"),
            mon("08:00"),
            false,
            true,
        )
        .unwrap();
    let bea = store
        .calls_between(
            mon("10:00") + chrono::Duration::days(1),
            mon("10:01") + chrono::Duration::days(1),
        )
        .unwrap()[0]
        .candidate
        .clone();
    assert_eq!(bea.name, "Bea Lima");
    assert!(bea.do_not_call, "the shared number is do-not-call");
    assert_eq!(
        bea.dnc_reason.as_deref(),
        Some("phone +442079460204 is do-not-call on Ana Souza: asked not to be called")
    );
    let refusal = callsheet::domain::dnc::may_contact(&bea, false).unwrap_err();
    assert!(refusal
        .to_string()
        .starts_with("Bea Lima is do-not-call (phone +442079460204"));
}

#[test]
fn two_names_on_one_number_are_two_candidates_each_keeping_their_name() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    store.set_phone_region(GB);
    let text = "start,candidate,phone,notes\n\
                2026-11-24 09:00,Ana Souza,+44 20 7946 0300,first\n\
                2026-11-24 10:00,Bruno Souza,020 7946 0300,second\n\
                2026-11-24 10:00,Bruno Souza,020 7946 0300,same row again\n";
    let rows = csv::parse("family.csv", text.as_bytes(), &ctx()).unwrap();
    let r = store.import(&rows, mon("08:00"), false).unwrap();
    assert_eq!((r.added, r.unchanged, r.candidates_added), (2, 1, 2));
    assert_eq!(r.region.as_deref(), Some("GB"));
    assert_eq!(
        r.identity,
        ["family.csv:3: Bruno Souza shares a number with Ana Souza (#1); kept as another person"]
    );
    let day = mon("00:00") + chrono::Duration::days(1);
    let calls = store
        .calls_between(day, day + chrono::Duration::days(1))
        .unwrap();
    let names: Vec<&str> = calls.iter().map(|c| c.candidate.name.as_str()).collect();
    assert_eq!(names, ["Ana Souza", "Bruno Souza"]);
    assert_ne!(calls[0].candidate.id, calls[1].candidate.id);
}

#[test]
fn a_row_sharing_number_and_start_with_another_person_is_booked_with_its_name_and_note() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    store.set_phone_region(GB);
    let text = "start,candidate,phone,notes\n\
                2026-11-24 09:00,Ana Souza,+44 20 7946 0300,Ana's note\n\
                2026-11-24 09:00,Bruno Souza,+44 20 7946 0300,Bruno's note\n";
    let rows = csv::parse("family.csv", text.as_bytes(), &ctx()).unwrap();
    let r = store.import(&rows, mon("08:00"), false).unwrap();
    assert_eq!((r.added, r.unchanged), (2, 0));
    let day = mon("09:00") + chrono::Duration::days(1);
    let calls = store
        .calls_between(day, day + chrono::Duration::minutes(1))
        .unwrap();
    let got: Vec<(&str, &str)> = calls
        .iter()
        .map(|c| (c.candidate.name.as_str(), c.note.as_str()))
        .collect();
    assert_eq!(
        got,
        [("Ana Souza", "Ana's note"), ("Bruno Souza", "Bruno's note")]
    );
}

#[test]
fn an_import_never_renames_a_person_and_keeps_the_new_name_as_an_alias() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    store.set_phone_region(GB);
    let text = "start,candidate,phone,email\n\
                2026-11-24 09:00,Ana Souza,+44 20 7946 0300,ana@example.com\n\
                2026-11-25 09:00,Ana Souza-Lima,+44 20 7946 0301,ANA@example.com\n";
    let rows = csv::parse("ats.csv", text.as_bytes(), &ctx()).unwrap();
    let r = store.import(&rows, mon("08:00"), false).unwrap();
    assert_eq!(r.candidates_added, 1, "the email says it is one person");
    assert_eq!(
        r.identity,
        ["ats.csv:3: the file calls Ana Souza 'Ana Souza-Lima'; kept as another name, not renamed"]
    );
    let c = store.candidate(1).unwrap();
    assert_eq!(c.name, "Ana Souza");
    assert_eq!(store.aliases_of(1).unwrap(), ["Ana Souza-Lima"]);
    let contacts = store.contacts_of(1).unwrap();
    assert!(contacts.contains(&("phone".into(), "+442079460301".into())));
    assert!(contacts.contains(&("email".into(), "ana@example.com".into())));
}

#[test]
fn letters_and_dates_are_refused_as_phones_and_the_rest_of_the_file_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    store.set_phone_region(GB);
    let text = "start,candidate,phone\n\
                2026-11-24 09:00,Vanity Inc,+1-555-CALL-NOW\n\
                2026-11-24 10:00,Dated,2026-03-08\n\
                2026-11-24 11:00,Ana Souza,020 7946 0300\n";
    let rows = csv::parse("calls.csv", text.as_bytes(), &ctx()).unwrap();
    let r = store.import(&rows, mon("08:00"), false).unwrap();
    assert_eq!(r.added, 1);
    assert_eq!(
        r.skipped,
        [
            "calls.csv:2: phone '+1-555-CALL-NOW' has letters, so it is not a phone number; not imported",
            "calls.csv:3: phone '2026-03-08' is a date, not a phone number; not imported",
        ]
    );
}

#[test]
fn a_date_in_an_events_description_does_not_make_it_a_screen() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ev-2\r\n\
                DTSTART:20261124T100000Z\r\nDTEND:20261124T103000Z\r\n\
                SUMMARY:Quarterly planning\r\nDESCRIPTION:Figures due 2026-03-08\r\n\
                END:VEVENT\r\nEND:VCALENDAR\r\n";
    let opts = ics::Options::around(mon("07:00"));
    let cal = ics::parse("cal.ics", text.as_bytes(), &ctx(), &opts).unwrap();
    assert!(cal.screens.is_empty(), "{:?}", cal.screens);
    assert_eq!(cal.busy.len(), 1);
}

#[test]
fn a_candidates_zone_survives_an_ics_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("db.sqlite3")).unwrap();
    let mut zoe = screen("Zoë Ó Briain", "+1 212 555 0100", mon("14:00"));
    zoe.candidate.timezone = Some(chrono_tz::America::New_York);
    store.import(&[zoe], mon("07:00"), false).unwrap();
    let calls = store.calls_between(mon("00:00"), mon("23:59")).unwrap();
    let text = callsheet::import::export::calls_ics_with_sequence(
        &calls,
        &Default::default(),
        mon("08:00"),
    );
    let opts = ics::Options::around(mon("07:00"));
    let cal = ics::parse("back.ics", text.as_bytes(), &ctx(), &opts).unwrap();
    assert_eq!(
        cal.screens[0].candidate.timezone,
        Some(chrono_tz::America::New_York)
    );
}

/// A file at schema 10 with the demo's numbers and a do-not-call record
/// written the way older versions stored them.
fn schema_10_file(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..10] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 10).unwrap();
    conn.pragma_update(None, "application_id", callsheet::store::APPLICATION_ID)
        .unwrap();
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../assets/demo/day.json")).unwrap();
    let mut phones: Vec<String> = ["today", "yesterday", "week"]
        .iter()
        .flat_map(|k| demo[k].as_array().cloned().unwrap_or_default())
        .map(|p| p["phone"].as_str().unwrap().to_string())
        .collect();
    phones.sort();
    phones.dedup();
    for (i, phone) in phones.iter().enumerate() {
        let key: String = phone
            .replace("(0)", "")
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        conn.execute(
            "INSERT INTO candidates (name, phone, phone_key, created_at) VALUES (?1, ?2, ?3, 0)",
            rusqlite::params![format!("Demo {i}"), phone, key],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO candidates (name, phone, phone_key, email, do_not_call, dnc_reason, created_at)
         VALUES ('Ana Souza', '+44 (0)20 7946 0204', '+442079460204', 'Ana@Example.com', 1, 'asked not to be called', 0)",
        [],
    )
    .unwrap();
    phones
}

#[test]
fn the_migration_from_schema_10_reads_every_number_and_relinks_do_not_call() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("old.sqlite3");
    let phones = schema_10_file(&path);
    assert!(phones.len() >= 10, "the demo has its people");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    // Nothing lost: every number as it was written, and each with its
    // E.164 form as a contact.
    for (i, phone) in phones.iter().enumerate() {
        let id = i as i64 + 1;
        let c = store.candidate(id).unwrap();
        assert_eq!(&c.phone, phone);
        let e164 = callsheet::domain::phone::parse(phone, None)
            .unwrap_or_else(|why| panic!("demo number {phone} {why}"))
            .e164;
        assert!(store
            .contacts_of(id)
            .unwrap()
            .contains(&("phone".into(), e164)));
    }
    store.set_phone_region(GB);
    for form in FORMS {
        let r = store
            .import(&csv_rows("Bea Lima", form), mon("08:00"), false)
            .unwrap();
        assert_eq!(r.added, 0, "{form} was booked after the migration");
    }
    // The email they had is do-not-call too.
    let text =
        "start,candidate,phone,email\n2026-11-24 10:00,A. Souza,+44 20 7946 0555,ana@example.com\n";
    let rows = csv::parse("calls.csv", text.as_bytes(), &ctx()).unwrap();
    let r = store.import(&rows, mon("08:00"), false).unwrap();
    assert_eq!(r.added, 0, "{:?}", r);
}

#[test]
fn national_numbers_stored_before_are_read_in_the_region_at_the_next_import() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("old.sqlite3");
    schema_10_file(&path);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO candidates (name, phone, phone_key, do_not_call, created_at)
             VALUES ('Cleo Dias', '020 7946 0999', '02079460999', 1, 0)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    store.set_phone_region(GB);
    let r = store
        .import(
            &csv_rows("Dan Reis", "+44 20 7946 0999"),
            mon("08:00"),
            false,
        )
        .unwrap();
    assert_eq!(r.added, 0, "{:?}", r);
}
