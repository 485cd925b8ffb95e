//! Every numeric config key is bounded (issue 14, item 4): `config
//! --check` and every load refuse a value out of range (the key keeps its
//! default), and nothing a config file can say makes a mark panic or walk
//! an unbounded number of days.

mod common;

use callsheet::config::bounds::{self, BOUNDS};
use callsheet::domain::policy::limits;
use callsheet::domain::{CallbackPolicy, Outcome};
use callsheet::store::Store;
use common::{call_at, mon, seeded};
use proptest::prelude::*;

/// A config file setting each dotted key to its value, by section.
fn config_text(values: &[(&str, i64)]) -> String {
    let mut top = String::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    for (key, v) in values {
        match key.split_once('.') {
            None => top.push_str(&format!("{key} = {v}\n")),
            Some((section, k)) => {
                let line = format!("{k} = {v}\n");
                match sections.iter_mut().find(|(s, _)| s == section) {
                    Some((_, body)) => body.push_str(&line),
                    None => sections.push((section.to_string(), line)),
                }
            }
        }
    }
    for (s, body) in sections {
        top.push_str(&format!("\n[{s}]\n{body}"));
    }
    top
}

/// The numeric settings in force, by dotted key.
fn in_force(s: &callsheet::config::Settings) -> Vec<(&'static str, i64)> {
    let p = &s.rules.policy;
    vec![
        ("no_show_grace_minutes", i64::from(s.no_show_grace_minutes)),
        (
            "owed_after_working_days",
            i64::from(s.owed_after_working_days),
        ),
        ("hours.slot_minutes", i64::from(s.rules.hours.slot_minutes)),
        (
            "callbacks.voicemail_delay_minutes",
            p.voicemail_delay_minutes,
        ),
        (
            "callbacks.no_show_working_days",
            i64::from(p.no_show_working_days),
        ),
        ("callbacks.horizon_days", i64::from(p.horizon_days)),
        (
            "callbacks.weekly_attempt_limit",
            i64::from(p.weekly_attempt_limit),
        ),
        (
            "notifications.call_soon_minutes",
            i64::from(s.notifications.call_soon_minutes),
        ),
        (
            "phone.no_answer_seconds",
            i64::from(s.phone.no_answer_seconds),
        ),
    ]
}

fn extreme() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0i64),
        Just(-1),
        Just(1),
        Just(i64::MAX),
        Just(i64::MIN),
        Just(i64::from(u32::MAX)),
        Just(1_000_000_000_000),
        -1000i64..100_000,
        any::<i64>(),
    ]
}

#[test]
fn in_force_covers_every_bounded_key() {
    let s = callsheet::config::Settings::default();
    let keys: Vec<_> = in_force(&s).into_iter().map(|(k, _)| k).collect();
    for b in BOUNDS {
        assert!(keys.contains(&b.key), "{} not checked here", b.key);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Extreme values for every numeric key at once: the settings in
    /// force are each within their bound (so every loop they drive is
    /// bounded), and marking a call with them neither panics nor fails
    /// for any reason but the call itself.
    #[test]
    fn extreme_values_are_refused_and_a_mark_still_works(
        values in proptest::collection::vec(extreme(), BOUNDS.len()),
        outcome in prop_oneof![Just(Outcome::Voicemail), Just(Outcome::NoShow)],
    ) {
        let pairs: Vec<(&str, i64)> = BOUNDS.iter().map(|b| b.key).zip(values.iter().copied()).collect();
        let (settings, _, problems) = callsheet::config::parse(&config_text(&pairs));
        for (key, v) in in_force(&settings) {
            let b = bounds::of(key).unwrap();
            prop_assert!((b.min..=b.max).contains(&v), "{key} = {v} in force");
        }
        for (key, v) in &pairs {
            let b = bounds::of(key).unwrap();
            if !(b.min..=b.max).contains(v) {
                prop_assert!(problems.iter().any(|p| p.key == *key), "{key} = {v} not reported: {problems:?}");
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        let (_, store) = seeded(tmp.path());
        let id = call_at(&store, "09:00");
        store.mark(id, outcome, mon("09:40"), &settings.rules).unwrap();
    }

    /// The domain clamps on its own: a policy built in code with any
    /// values plans without panicking, and its slot search looks at most
    /// `MAX_HORIZON_DAYS` days ahead (bounded work, counted in days).
    #[test]
    fn the_policy_clamps_whatever_it_is_given(
        delay in any::<i64>(),
        no_show in any::<u32>(),
        horizon in any::<u32>(),
        outcome in prop_oneof![Just(Outcome::Voicemail), Just(Outcome::NoShow), Just(Outcome::Cancelled)],
    ) {
        let policy = CallbackPolicy {
            voicemail_delay_minutes: delay,
            no_show_working_days: no_show,
            horizon_days: horizon,
            ..CallbackPolicy::default()
        };
        let hours = callsheet::domain::WorkingHours::default();
        prop_assert!(policy.finder(&hours, None, &[]).horizon_days <= limits::MAX_HORIZON_DAYS);
        let plan = policy.plan(outcome, mon("09:00"), mon("09:40"), &hours, None, &[]);
        prop_assert!(plan.is_some());
    }
}

/// The issue's own three values, through the real binary: `config
/// --check` names each (exit 2), and a mark with the file in place
/// succeeds on the default it keeps (it was exit 101, or 23 s).
#[test]
fn the_issues_values_are_refused_by_check_and_a_mark_survives_them() {
    for (section, key, value, outcome) in [
        (
            "callbacks",
            "voicemail_delay_minutes",
            "1000000000000",
            "voicemail",
        ),
        ("callbacks", "horizon_days", "4294967295", "voicemail"),
        ("callbacks", "no_show_working_days", "4294967295", "no-show"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (db, store) = seeded(tmp.path());
        let id = call_at(&store, "09:00").to_string();
        drop(store);
        let config = tmp.path().join("xdg-config/callsheet/config.toml");
        std::fs::create_dir_all(config.parent().unwrap()).unwrap();
        std::fs::write(&config, format!("[{section}]\n{key} = {value}\n")).unwrap();
        let check = common::run_in(tmp.path(), &["config", "--check"]);
        assert_eq!(check.code, 2, "{key}: {}", check.stderr);
        assert!(
            check.stderr.contains(&format!("{section}.{key}")) && check.stderr.contains("between"),
            "{}",
            check.stderr
        );
        let mark = common::run_at(tmp.path(), &db, &["mark", &id, outcome]);
        assert_eq!(mark.code, 0, "{key}: {}", mark.stderr);
        assert!(
            mark.stderr.contains(key),
            "warned about {key}: {}",
            mark.stderr
        );
        let store = Store::open(&db).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }
}
