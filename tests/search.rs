//! Candidate search on real database files: what matches, in what order,
//! and that every way a candidate is written keeps the index current.

mod common;

use callsheet::domain::CandidateHit;
use callsheet::store::{migrations, NewCandidate, Store, APPLICATION_ID};
use chrono::Duration;
use common::{at, mon, screen};
use rusqlite::Connection;

fn names(hits: &[CandidateHit]) -> Vec<&str> {
    hits.iter().map(|h| h.candidate.name.as_str()).collect()
}

/// Tomás García has a call at 15:00 today; the others had calls in the
/// past (Priya most recently); Ó Briain was never called.
fn people() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("search.sqlite3")).unwrap();
    store
        .import(
            &[
                screen("Tomás García", "+44 20 7946 4821", mon("15:00")),
                screen(
                    "Tom Smith",
                    "+1 (212) 555-0147",
                    mon("09:00") - Duration::days(30),
                ),
                screen(
                    "Priya Tomlinson",
                    "07700 900123",
                    mon("09:00") - Duration::days(2),
                ),
                screen(
                    "Ana Garcés",
                    "+34 600 123 456",
                    mon("09:00") - Duration::days(9),
                ),
            ],
            mon("07:00"),
            false,
        )
        .unwrap();
    store
        .bulk_candidates(
            &[NewCandidate {
                name: "Seán Ó Briain".into(),
                phone: "+353 1 555 4821".into(),
                email: None,
                timezone: None,
            }],
            mon("07:00"),
        )
        .unwrap();
    (tmp, store)
}

fn search(store: &Store, q: &str) -> Vec<String> {
    names(&store.search_candidates(q, mon("10:00"), 20).unwrap())
        .into_iter()
        .map(String::from)
        .collect()
}

#[test]
fn any_word_of_the_name_by_prefix_ignoring_case_and_accents() {
    let (_tmp, store) = people();
    for q in [
        "garc",
        "GARCÍA",
        "garcia",
        "tomas",
        "Tomás García",
        "tom gar",
        "gar TOM",
    ] {
        assert!(
            search(&store, q).contains(&"Tomás García".to_string()),
            "{q:?}: {:?}",
            search(&store, q)
        );
    }
    assert_eq!(search(&store, "tom gar"), ["Tomás García"]);
    assert_eq!(search(&store, "garc"), ["Tomás García", "Ana Garcés"]);
    assert_eq!(search(&store, "o bri"), ["Seán Ó Briain"]);
    assert_eq!(search(&store, "sean"), ["Seán Ó Briain"]);
    // A prefix of a word, not any substring of it.
    assert!(search(&store, "mas").is_empty());
    assert!(search(&store, "tom xyz").is_empty());
}

#[test]
fn ranked_by_the_call_ahead_then_the_latest_call_then_never_called() {
    let (_tmp, store) = people();
    // "tom" finds Tomás (call ahead), Priya Tomlinson (2 days ago),
    // Tom Smith (30 days ago).
    assert_eq!(
        search(&store, "tom"),
        ["Tomás García", "Priya Tomlinson", "Tom Smith"]
    );
    let hits = store.search_candidates("tom", mon("10:00"), 20).unwrap();
    assert_eq!(hits[0].next_call, Some(mon("15:00")));
    assert_eq!(hits[0].last_call, None);
    assert_eq!(hits[1].next_call, None);
    assert_eq!(hits[1].last_call, Some(mon("09:00") - Duration::days(2)));
    // After Tomás's call has started, it is his latest call, not his next.
    let later = store.search_candidates("tomas", mon("16:00"), 20).unwrap();
    assert_eq!(later[0].next_call, None);
    assert_eq!(later[0].last_call, Some(mon("15:00")));
    // The never-called come last; the limit is respected.
    assert_eq!(search(&store, "s"), ["Tom Smith", "Seán Ó Briain"]);
    let one = store.search_candidates("s", mon("10:00"), 1).unwrap();
    assert_eq!(names(&one), ["Tom Smith"]);
}

#[test]
fn digits_match_a_phone_from_the_front_or_the_end_whatever_the_punctuation() {
    let (_tmp, store) = people();
    // The last four: two people end in 4821.
    assert_eq!(search(&store, "4821"), ["Tomás García", "Seán Ó Briain"]);
    assert_eq!(search(&store, "0147"), ["Tom Smith"]);
    // From the front, with or without the plus and with any spacing.
    assert_eq!(search(&store, "+1 212"), ["Tom Smith"]);
    assert_eq!(search(&store, "1212"), ["Tom Smith"]);
    assert_eq!(search(&store, "34 600"), ["Ana Garcés"]);
    assert_eq!(search(&store, "07700"), ["Priya Tomlinson"]);
    // A whole number typed in national or 00 form finds the record.
    assert_eq!(search(&store, "020 7946 4821"), ["Tomás García"]);
    assert_eq!(search(&store, "0044 20 7946 4821"), ["Tomás García"]);
    // Words and digits together must both match.
    assert_eq!(search(&store, "sean 4821"), ["Seán Ó Briain"]);
    assert!(search(&store, "priya 4821").is_empty());
    assert!(search(&store, "9999").is_empty());
}

#[test]
fn hostile_or_empty_queries_find_nothing_or_text_and_never_fail() {
    let (_tmp, store) = people();
    for q in [
        "",
        "   ",
        "\"",
        "\"\"",
        "*",
        "tom*",
        "NEAR(tom",
        "tom AND",
        "AND",
        "OR",
        "NOT tom",
        "^tom",
        "tom:",
        "name:tom",
        "' OR 1=1 --",
        "\u{1b}[31mtom",
        "\u{202e}tom",
        "\u{7}",
        "tom\"gar",
        "(",
        ")",
        "{name}: x",
        "-tom",
        "+",
    ] {
        let r = store.search_candidates(q, mon("10:00"), 20);
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    assert!(search(&store, "").is_empty());
    assert!(search(&store, "*").is_empty());
    // FTS operators typed as words are words to look for.
    assert!(search(&store, "tom AND").is_empty());
    assert_eq!(search(&store, "tom*"), search(&store, "tom"));
}

#[test]
fn every_way_a_candidate_is_written_keeps_the_search_current() {
    let (tmp, store) = people();
    let path = tmp.path().join("search.sqlite3");
    // Another program (or a future edit screen) renames, renumbers and
    // deletes with plain SQL.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE candidates SET name = 'Tamsin Greer', phone = '+44 1632 960999', phone_key = '+441632960999'
             WHERE name = 'Tom Smith'",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM candidates WHERE name = 'Seán Ó Briain'", [])
            .unwrap();
    }
    assert!(!search(&store, "smith").iter().any(|n| n == "Tom Smith"));
    assert_eq!(search(&store, "tams gree"), ["Tamsin Greer"]);
    assert_eq!(search(&store, "0999"), ["Tamsin Greer"]);
    assert!(search(&store, "0147").is_empty());
    assert!(search(&store, "sean").is_empty());
    assert_eq!(search(&store, "4821"), ["Tomás García"]);
    // A re-import of the same person by phone does not duplicate them.
    store
        .import(
            &[screen("Tomás García", "+442079464821", mon("16:00"))],
            mon("07:00"),
            false,
        )
        .unwrap();
    assert_eq!(search(&store, "garcia"), ["Tomás García"]);
    // The index passes FTS5's own consistency check.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO candidate_names (candidate_names) VALUES ('integrity-check')",
        [],
    )
    .unwrap();
}

#[test]
fn migrating_an_older_file_indexes_the_people_already_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("old.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        for sql in &migrations::MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute(
            "INSERT INTO candidates (name, phone, phone_key, created_at)
             VALUES ('Lucía Romero', '+34 600 000 777', '+34600000777', 0)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let hits = store
        .search_candidates("luc", at("2026-11-23T10:00:00Z"), 5)
        .unwrap();
    assert_eq!(names(&hits), ["Lucía Romero"]);
    let hits = store
        .search_candidates("0777", at("2026-11-23T10:00:00Z"), 5)
        .unwrap();
    assert_eq!(names(&hits), ["Lucía Romero"]);
}

/// A letter typed alone matches more people than are ranked; whoever has
/// a call ahead, then whoever was called lately, still comes first however
/// old their record.
#[test]
fn a_broad_query_keeps_people_with_calls_ahead_and_lately() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("broad.sqlite3")).unwrap();
    store
        .import(
            &[
                screen("Ada Early", "+44 1 000 0001", mon("15:00")),
                screen(
                    "Adele Old",
                    "+44 1 000 0002",
                    mon("09:00") - Duration::days(1),
                ),
            ],
            mon("07:00"),
            false,
        )
        .unwrap();
    let many: Vec<NewCandidate> = (0..1_500)
        .map(|i| NewCandidate {
            name: format!("Adam Later{i}"),
            phone: format!("+44 2 {i:06}"),
            email: None,
            timezone: None,
        })
        .collect();
    store.bulk_candidates(&many, mon("07:00")).unwrap();
    let hits = store.search_candidates("ad", mon("10:00"), 10).unwrap();
    assert_eq!(hits.len(), 10);
    assert_eq!(hits[0].candidate.name, "Ada Early");
    assert_eq!(hits[1].candidate.name, "Adele Old");
    // The rest: never called, newest record first.
    assert_eq!(hits[2].candidate.name, "Adam Later1499");
    assert_eq!(hits[9].candidate.name, "Adam Later1492");
    // The same by phone: a digit or two typed is broad too.
    let hits = store.search_candidates("+44", mon("10:00"), 3).unwrap();
    assert_eq!(names(&hits)[..2], ["Ada Early", "Adele Old"]);
    assert!(hits[2].candidate.name.starts_with("Adam Later"));
    // Narrowing ranks every match again.
    let hits = store
        .search_candidates("ad later15", mon("10:00"), 200)
        .unwrap();
    assert_eq!(hits.len(), 11, "Later15 and Later150..159");
    assert_eq!(hits[0].candidate.name, "Adam Later159");
}
