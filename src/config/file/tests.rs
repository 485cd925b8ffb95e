use super::*;
use crate::domain::Outcome;

fn problems(text: &str) -> Vec<(Option<usize>, String)> {
    parse(text).2.into_iter().map(|p| (p.line, p.key)).collect()
}

#[test]
fn an_empty_file_gives_the_defaults() {
    let (s, zone, problems) = parse("");
    assert_eq!(s, Settings::default());
    assert_eq!(zone, None);
    assert_eq!(problems, vec![]);
}

#[test]
fn the_example_is_clean_and_says_the_defaults() {
    let (s, zone, problems) = parse(&example());
    assert_eq!(problems, vec![], "{problems:#?}");
    assert_eq!(zone, None);
    assert_eq!(s, Settings::default());
}

/// The section a line of the example belongs to, and the key it sets or
/// shows commented out (`# key = …`).
fn example_keys() -> Vec<(String, bool)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for line in EXAMPLE.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = format!("{name}.");
            continue;
        }
        let (live, body) = match t.strip_prefix("# ") {
            Some(rest) => (false, rest),
            None => (true, t),
        };
        if let Some((key, _)) = body.split_once(" = ") {
            if key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                out.push((format!("{section}{key}"), live));
            }
        }
    }
    out
}

#[test]
fn the_example_documents_every_setting() {
    let documented = example_keys();
    for (key, _) in reference() {
        assert!(
            documented.iter().any(|(k, _)| *k == key),
            "{key} is a setting but assets/config.example.toml does not show it"
        );
    }
    for (key, _) in &documented {
        assert!(
            reference().iter().any(|(k, _)| k == key),
            "the example shows {key}, which is not a setting"
        );
    }
}

#[test]
fn the_example_lists_every_action_with_its_keys() {
    let text = example();
    for name in crate::keymap::action_names(&Keymap::default().bindings) {
        assert!(
            text.contains(&format!(" {name} = [")),
            "{name} missing from the example's [keys]"
        );
    }
}

#[test]
fn values_apply_and_sections_are_independent() {
    let text = r##"
time_zone = "America/New_York"
callback_number = "+1 212 555 0100"
no_show_grace_minutes = 15
mouse = true
log_level = "debug"

[hours]
days = ["Mon", "tuesday", "wed"]
start = "09:30"
end = "17:00"
slot_minutes = 45

[callbacks]
voicemail_delay_minutes = 90
weekly_attempt_limit = 3
candidate_hours = ["09:00", "19:00"]

[notifications]
bell = false
call_soon_minutes = 2

[theme]
accent = "#336699"
no_show = "red"
"##;
    let (s, zone, problems) = parse(text);
    assert_eq!(problems, vec![]);
    assert_eq!(zone, Some(chrono_tz::America::New_York));
    assert_eq!(s.callback_number.as_deref(), Some("+1 212 555 0100"));
    assert_eq!(s.no_show_grace_minutes, 15);
    assert!(s.mouse);
    assert_eq!(s.log_level, LogLevel::Debug);
    let h = &s.rules.hours;
    assert_eq!(h.days, [Weekday::Mon, Weekday::Tue, Weekday::Wed]);
    assert_eq!(h.start, NaiveTime::from_hms_opt(9, 30, 0).unwrap());
    assert_eq!(h.slot_minutes, 45);
    assert_eq!(s.rules.policy.voicemail_delay_minutes, 90);
    assert_eq!(s.rules.policy.weekly_attempt_limit, 3);
    assert_eq!(
        s.rules.policy.horizon_days, 21,
        "untouched keys keep defaults"
    );
    assert!(!s.notifications.bell);
    assert_eq!(s.notifications.call_soon_minutes, 2);
    assert_eq!(
        s.theme.accent.0,
        ratatui::style::Color::Rgb(0x33, 0x66, 0x99)
    );
    assert_eq!(s.theme.no_show.0, ratatui::style::Color::Red);
    assert_eq!(s.owed_after_working_days, 5);
}

#[test]
fn unknown_keys_are_named_with_their_line_and_the_rest_applies() {
    let text = "mouse = true\ncolour = \"red\"\n\n[hours]\nslot_minutes = 20\nlunch = \"12:00\"\n\n[weather]\nsun = true\n";
    let (s, _, found) = parse(text);
    assert_eq!(
        found
            .iter()
            .map(|p| (p.line, p.key.as_str()))
            .collect::<Vec<_>>(),
        [
            (Some(2), "colour"),
            (Some(6), "hours.lunch"),
            (Some(8), "weather")
        ]
    );
    assert!(found[0].message.contains("unknown key"), "{}", found[0]);
    assert!(found[2].message.contains("unknown section"), "{}", found[2]);
    assert!(s.mouse);
    assert_eq!(s.rules.hours.slot_minutes, 20);
}

#[test]
fn bad_values_keep_their_default_and_say_why() {
    let text = r#"no_show_grace_minutes = "ten"
time_zone = "Mars/Olympus"

[hours]
start = "8am"
end = "07:00"

[callbacks]
horizon_days = -3
candidate_hours = ["20:00", "08:00"]

[theme]
accent = "octarine"

[notifications]
bell = "loud"
"#;
    let (s, zone, found) = parse(text);
    let keys: Vec<_> = found.iter().map(|p| (p.line, p.key.as_str())).collect();
    assert_eq!(
        keys,
        [
            (Some(1), "no_show_grace_minutes"),
            (Some(2), "time_zone"),
            (Some(5), "hours.start"),
            (Some(6), "hours.end"),
            (Some(9), "callbacks.horizon_days"),
            (Some(10), "callbacks.candidate_hours"),
            (Some(13), "theme.accent"),
            (Some(16), "notifications.bell"),
        ]
    );
    let msg = |key: &str| {
        found
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.to_string())
            .unwrap_or_default()
    };
    assert!(msg("time_zone").contains("unknown time zone 'Mars/Olympus'"));
    assert!(msg("hours.start").contains("'8am' is not a time"));
    assert!(msg("hours.end").contains("must start before it ends"));
    assert!(msg("theme.accent").contains("'octarine' is not a colour"));
    assert!(msg("callbacks.candidate_hours").contains("start before they end"));
    assert_eq!(zone, None);
    assert_eq!(s, Settings::default());
}

#[test]
fn a_file_that_is_not_toml_gives_defaults_and_its_line() {
    let (s, _, found) = parse("mouse = true\n[hours\nstart = \"09:00\"\n");
    assert_eq!(s, Settings::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, Some(2));
    assert!(found[0].message.contains("not valid TOML"), "{}", found[0]);
}

#[test]
fn hostile_text_in_a_value_is_not_echoed_raw() {
    let (_, _, found) = parse("time_zone = \"\\u001b]52;c;x\\u0007\"\n");
    assert_eq!(found.len(), 1);
    let text = found[0].to_string();
    assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
    assert_eq!(
        problems("callback_number = \"\\u0007\"")[0].1,
        "callback_number"
    );
}

#[test]
fn key_overrides_are_read_and_checked() {
    let text = r#"
[keys]
mark_voicemail = ["F2", "v"]
undo = "U"
mark_no_show = ["a"]
frobnicate = ["x"]

[keys.queue]
open_detail = ["o"]

[keys.sidebar]
up = ["k"]
"#;
    let (s, _, found) = parse(text);
    let keys: Vec<_> = found.iter().map(|p| (p.line, p.key.as_str())).collect();
    assert_eq!(
        keys,
        [
            (Some(5), "keys.mark_no_show"),
            (Some(6), "keys.frobnicate"),
            (Some(11), "keys.sidebar"),
        ]
    );
    assert!(found[0].message.contains("'mark_answered'"), "{}", found[0]);
    let (map, _) = Keymap::with_overrides(&s.keys);
    let keys_of = |ctx: Context, a: &crate::app::Action| {
        map.bindings
            .iter()
            .find(|b| b.context == ctx && &b.action == a)
            .map(|b| b.keys.iter().map(|k| k.config_name()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    use crate::app::Action;
    assert_eq!(
        keys_of(Context::Day, &Action::Mark(Outcome::Voicemail)),
        ["F2", "v"]
    );
    assert_eq!(keys_of(Context::Global, &Action::Undo), ["U"]);
    assert_eq!(keys_of(Context::Day, &Action::Mark(Outcome::NoShow)), ["n"]);
    assert_eq!(keys_of(Context::Queue, &Action::OpenDetail), ["o"]);
    assert_eq!(keys_of(Context::Day, &Action::OpenDetail), ["Enter"]);
}

mod loading {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("config.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_missing_default_file_is_fine_and_a_missing_named_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        let l = load(&ConfigSource::Default(p.clone()), Some("UTC")).unwrap();
        assert_eq!(l.path, None);
        assert!(l.problems.is_empty());
        assert!(load(&ConfigSource::Explicit(p), Some("UTC")).is_err());
    }

    #[test]
    fn problems_warn_in_the_default_place_and_fail_when_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "mouse = true\nmoose = 1\n");
        let l = load(&ConfigSource::Default(p.clone()), Some("UTC")).unwrap();
        assert!(l.settings.mouse);
        assert_eq!(
            l.messages(),
            [format!(
                "{}:2: moose: unknown key (known here: callback_number, default_region, dial_command, log_level, mouse, \
                 no_show_grace_minutes, owed_after_working_days, recruiter_name, time_zone, hours, callbacks, \
                 notifications, theme, keys, phone, calendars)",
                p.display()
            )]
        );
        match load(&ConfigSource::Explicit(p.clone()), Some("UTC")) {
            Err(Error::Config(lines)) => {
                assert_eq!(lines.len(), 1);
                assert!(lines[0].starts_with(&format!("{}:2: moose", p.display())));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_tz_flag_wins_over_the_file_which_wins_over_the_system() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "time_zone = \"Asia/Tokyo\"\n");
        let src = ConfigSource::Explicit(p);
        let zone = |flag| load(&src, flag).unwrap().settings.zone();
        assert_eq!(zone(None), chrono_tz::Asia::Tokyo);
        assert_eq!(zone(Some("")), chrono_tz::Asia::Tokyo);
        assert_eq!(zone(Some("Europe/Paris")), chrono_tz::Europe::Paris);
    }
}
