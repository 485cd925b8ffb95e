//! What the recruiter says when the call does not go to plan: the
//! voicemail script, the follow-up text, the "no news yet" text and the
//! rejection, filled in for one candidate.
//!
//! The texts are plain files (`assets/templates/`, built in; a file of the
//! same name in the config directory's `templates/` replaces one). Filling
//! is pure: a value that is missing becomes a visible gap in brackets that
//! says how to fill it, never an empty hole in a sentence the recruiter is
//! about to read out; a placeholder callsheet does not know is left as
//! written, so a typo in a template shows instead of vanishing. Everything
//! that comes from data (names, roles) is cleaned of control characters,
//! because the filled text goes to the terminal and to the clipboard.

use super::promise::{due_date, Urgency};
use super::{Call, Candidate, Outcome, Promise, PromiseStatus, Stage, WorkingHours};
use crate::sanitize;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// The four templates, in the order they are listed when none stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateKind {
    Voicemail,
    FollowUp,
    NoNews,
    Rejection,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 4] = [
        TemplateKind::Voicemail,
        TemplateKind::FollowUp,
        TemplateKind::NoNews,
        TemplateKind::Rejection,
    ];

    /// The name on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Voicemail => "voicemail",
            TemplateKind::FollowUp => "follow-up",
            TemplateKind::NoNews => "no-news",
            TemplateKind::Rejection => "rejection",
        }
    }

    /// The file it is read from (built in, or the recruiter's own).
    pub fn file_name(self) -> &'static str {
        match self {
            TemplateKind::Voicemail => "voicemail.txt",
            TemplateKind::FollowUp => "follow-up.txt",
            TemplateKind::NoNews => "no-news.txt",
            TemplateKind::Rejection => "rejection.txt",
        }
    }

    /// How the screens name it ("Copied voicemail script for …").
    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::Voicemail => "voicemail script",
            TemplateKind::FollowUp => "follow-up text",
            TemplateKind::NoNews => "\"no news yet\" text",
            TemplateKind::Rejection => "rejection text",
        }
    }

    pub fn parse(s: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn index(self) -> usize {
        TemplateKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(0)
    }
}

/// The texts in force: the built-in ones, each possibly replaced by the
/// recruiter's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    texts: [String; 4],
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            texts: [
                include_str!("../../assets/templates/voicemail.txt"),
                include_str!("../../assets/templates/follow-up.txt"),
                include_str!("../../assets/templates/no-news.txt"),
                include_str!("../../assets/templates/rejection.txt"),
            ]
            .map(String::from),
        }
    }
}

impl Templates {
    /// The raw text of one template, placeholders and all.
    pub fn text(&self, kind: TemplateKind) -> &str {
        &self.texts[kind.index()]
    }

    /// Replaces one template's text (the recruiter's own file).
    pub fn set(&mut self, kind: TemplateKind, text: String) {
        self.texts[kind.index()] = text;
    }

    /// One template filled for one candidate.
    pub fn fill(&self, kind: TemplateKind, values: &Values) -> String {
        fill(self.text(kind), values)
    }
}

/// What the placeholders stand for; `None` where it is not known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// The candidate's full name, as stored.
    pub name: String,
    pub role: Option<String>,
    /// The recruiter's own name (`recruiter_name` in the config).
    pub recruiter: Option<String>,
    pub callback_number: Option<String>,
    /// When the call was (or is), in the candidate's own time.
    pub slot: Option<String>,
    /// The day the most pressing open promise is due by.
    pub due: Option<String>,
}

/// Every placeholder callsheet fills, for docs and `--help`.
pub const PLACEHOLDERS: [&str; 7] = [
    "name",
    "first_name",
    "role",
    "recruiter",
    "callback_number",
    "slot",
    "due",
];

/// The text for a placeholder: the value, cleaned to one line, or a gap
/// that says what is missing; `None` for a name callsheet does not know.
fn value(name: &str, v: &Values) -> Option<String> {
    let known = |s: Option<&str>| {
        s.map(sanitize::line)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let (got, gap) = match name {
        "name" => (known(Some(&v.name)), "[candidate's name]"),
        "first_name" => (
            known(Some(&first_name(&sanitize::line(&v.name)))),
            "[candidate's name]",
        ),
        "role" => (known(v.role.as_deref()), "[role — none on their calls]"),
        "recruiter" => (
            known(v.recruiter.as_deref()),
            "[your name — set recruiter_name in config.toml]",
        ),
        "callback_number" => (
            known(v.callback_number.as_deref()),
            "[callback number — set callback_number in config.toml]",
        ),
        "slot" => (known(v.slot.as_deref()), "[time of the call]"),
        "due" => (known(v.due.as_deref()), "[the day you promised]"),
        _ => return None,
    };
    Some(got.unwrap_or_else(|| gap.to_string()))
}

/// Fills `{placeholder}`s in `template`. Unknown ones stay as written; the
/// template's own text keeps its line breaks but loses control characters.
pub fn fill(template: &str, values: &Values) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').filter(|&i| {
            i > 0
                && after[..i]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
        });
        match close.and_then(|i| value(&after[..i], values).map(|v| (i, v))) {
            Some((i, v)) => {
                out.push_str(&v);
                rest = &after[i + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    sanitize::clean(out.trim(), true)
}

/// The name to greet someone by. The first word of a Western-order name
/// ("Zoë Ó Briain" → "Zoë", "Souza, Ana" → "Ana", titles skipped); the
/// whole name when unsure: one word, an initial, or a script that writes
/// the family name first (Chinese, Japanese, Korean), where "Hi 王" would
/// be wrong.
pub fn first_name(full: &str) -> String {
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    let family_first = full.chars().any(|c| {
        matches!(c as u32,
            0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    });
    if family_first {
        return full;
    }
    // "Family, Given" as exported by many systems.
    let given_part = match full.split_once(',') {
        Some((_, given)) if !given.trim().is_empty() => given.trim(),
        _ => full.as_str(),
    };
    const TITLES: [&str; 8] = ["dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir"];
    let first = given_part.split(' ').find(|w| {
        let bare = w.trim_end_matches('.').to_lowercase();
        !TITLES.contains(&bare.as_str())
    });
    match first {
        // An initial ("J. Smith") says nothing to greet by.
        Some(w) if w.trim_end_matches('.').chars().count() > 1 => {
            w.trim_end_matches(',').to_string()
        }
        _ => full,
    }
}

/// Where the candidate stands, as far as choosing a template goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub stage: Stage,
    /// The outcome of the call in question (the selected one, else their
    /// latest), if they have one.
    pub outcome: Option<Outcome>,
    /// The most pressing open promise's urgency, if any is open.
    pub promise: Option<Urgency>,
}

/// The templates in the order they matter for `s`: a rejection nobody has
/// delivered first, then a promise due or overdue ("no news yet"), then a
/// follow-up after a voicemail or no-show; otherwise the voicemail script
/// for the call about to be made. The rest follow in their usual order.
pub fn relevant(s: Situation) -> [TemplateKind; 4] {
    let first = if s.stage == Stage::RejectedNotTold {
        TemplateKind::Rejection
    } else if matches!(s.promise, Some(Urgency::Overdue | Urgency::DueToday)) {
        TemplateKind::NoNews
    } else if matches!(s.outcome, Some(Outcome::Voicemail | Outcome::NoShow)) {
        TemplateKind::FollowUp
    } else {
        TemplateKind::Voicemail
    };
    let mut out = [first; 4];
    for (slot, k) in out[1..]
        .iter_mut()
        .zip(TemplateKind::ALL.into_iter().filter(|k| *k != first))
    {
        *slot = k;
    }
    out
}

/// The facts of one candidate a template is filled from.
pub struct Subject<'a> {
    pub candidate: &'a Candidate,
    /// The call in question, when one was selected.
    pub call: Option<&'a Call>,
    /// Every call on their record, oldest first.
    pub history: &'a [Call],
    pub promises: &'a [Promise],
}

/// The recruiter's side of the values: who they are, their number, their
/// working week (for due days), and the moment.
pub struct Sender<'a> {
    pub recruiter: Option<&'a str>,
    pub callback_number: Option<&'a str>,
    pub hours: &'a WorkingHours,
    pub now: DateTime<Utc>,
}

impl Subject<'_> {
    /// The call a template talks about: the selected one; else the latest
    /// that has started, unless it went ahead (answered, or called off)
    /// and another is booked, which is then the one to talk about.
    fn call(&self, now: DateTime<Utc>) -> Option<&Call> {
        if self.call.is_some() {
            return self.call;
        }
        let past = self.history.iter().rev().find(|c| c.start <= now);
        let next = self
            .history
            .iter()
            .find(|c| c.start > now && c.outcome == Outcome::Scheduled);
        match past {
            Some(p) if matches!(p.outcome, Outcome::Voicemail | Outcome::NoShow) => Some(p),
            Some(p) if p.outcome == Outcome::Scheduled => Some(p),
            Some(p) => next.or(Some(p)),
            None => next,
        }
    }

    /// The open promise due soonest.
    fn promise(&self) -> Option<&Promise> {
        self.promises
            .iter()
            .filter(|p| p.status == PromiseStatus::Open)
            .min_by_key(|p| p.due)
    }

    pub fn situation(&self, sender: &Sender) -> Situation {
        Situation {
            stage: self.candidate.stage,
            outcome: self.call(sender.now).map(|c| c.outcome),
            promise: self.promise().map(|p| p.urgency(sender.now, sender.hours)),
        }
    }

    pub fn values(&self, sender: &Sender) -> Values {
        let call = self.call(sender.now);
        let role = call
            .and_then(|c| c.role.clone())
            .or_else(|| self.history.iter().rev().find_map(|c| c.role.clone()));
        let zone = self.candidate.zone_or(sender.hours.zone);
        Values {
            name: self.candidate.name.clone(),
            role,
            recruiter: sender.recruiter.map(str::to_string),
            callback_number: sender.callback_number.map(str::to_string),
            slot: call.map(|c| slot_phrase(c.start, zone, sender.now)),
            due: self.promise().map(|p| {
                due_date(sender.hours, p.due)
                    .format("%A %-d %B")
                    .to_string()
            }),
        }
    }
}

/// "today at 10:00", "Tuesday 24 November at 14:30", in the candidate's
/// own zone (their clock is the one they will check).
fn slot_phrase(start: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    let local = start.with_timezone(&zone);
    if local.date_naive() == now.with_timezone(&zone).date_naive() {
        local.format("today at %H:%M").to_string()
    } else {
        local.format("%A %-d %B at %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn values() -> Values {
        Values {
            name: "Ana Souza".into(),
            role: Some("Data Analyst".into()),
            recruiter: Some("Sam".into()),
            callback_number: Some("+44 20 7946 0000".into()),
            slot: Some("today at 10:00".into()),
            due: Some("Friday 27 November".into()),
        }
    }

    #[test]
    fn fills_every_known_placeholder() {
        let t = "Hi {first_name} ({name}), {recruiter} about {role} at {slot}, by {due}: {callback_number}";
        assert_eq!(
            fill(t, &values()),
            "Hi Ana (Ana Souza), Sam about Data Analyst at today at 10:00, by Friday 27 November: +44 20 7946 0000"
        );
    }

    #[test]
    fn a_missing_value_is_a_gap_that_says_how_to_fill_it() {
        let v = Values {
            callback_number: None,
            recruiter: Some("   ".into()),
            role: None,
            ..values()
        };
        let out = fill("Ring {callback_number}. {recruiter}. {role}", &v);
        assert_eq!(
            out,
            "Ring [callback number — set callback_number in config.toml]. \
             [your name — set recruiter_name in config.toml]. \
             [role — none on their calls]"
        );
        let empty = fill("{name} {first_name} {slot} {due}", &Values::default());
        assert_eq!(
            empty,
            "[candidate's name] [candidate's name] [time of the call] [the day you promised]"
        );
    }

    #[test]
    fn unknown_and_malformed_placeholders_stay_as_written() {
        let v = values();
        assert_eq!(
            fill("{firstname} {Name} {} {", &v),
            "{firstname} {Name} {} {"
        );
        assert_eq!(fill("{{name}}", &v), "{Ana Souza}");
        assert_eq!(fill("a {role", &v), "a {role");
        assert_eq!(fill("}{name}{", &v), "}Ana Souza{");
    }

    #[test]
    fn data_cannot_bring_control_codes_or_break_lines() {
        let v = Values {
            name: "Ana\x1b]52;c;ZXZpbA==\x07 Souza\nX".into(),
            role: Some("Dev\u{202E}Ops\r\n".into()),
            ..values()
        };
        let out = fill("Hi {first_name}, {name}: {role}.\nBye\x1b[2J", &v);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert_eq!(out.lines().count(), 2, "{out:?}");
        assert!(out.starts_with("Hi Ana]52;c;ZXZpbA==,"), "{out:?}");
        assert!(out.contains("DevOps."), "{out:?}");
    }

    #[test]
    fn first_names_from_full_names() {
        for (full, first) in [
            ("Ana Souza", "Ana"),
            ("Zoë Ó Briain", "Zoë"),
            ("  Priya   Natarajan ", "Priya"),
            ("Cher", "Cher"),
            ("Souza, Ana", "Ana"),
            ("Dr. Amara Okafor", "Amara"),
            ("Ms Jo Bloggs", "Jo"),
            ("J. Smith", "J. Smith"),
            ("王小明", "王小明"),
            ("王 小明", "王 小明"),
            ("佐藤 健", "佐藤 健"),
            ("김민준", "김민준"),
            ("Nguyễn Văn An", "Nguyễn"),
            ("", ""),
        ] {
            assert_eq!(first_name(full), first, "{full:?}");
        }
    }

    fn sit(stage: Stage, outcome: Option<Outcome>, promise: Option<Urgency>) -> TemplateKind {
        relevant(Situation {
            stage,
            outcome,
            promise,
        })[0]
    }

    #[test]
    fn the_relevant_template_comes_first() {
        use TemplateKind::*;
        let sched = Some(Outcome::Scheduled);
        assert_eq!(sit(Stage::Screening, sched, None), Voicemail);
        assert_eq!(sit(Stage::Screening, None, None), Voicemail);
        assert_eq!(
            sit(Stage::Screening, Some(Outcome::Voicemail), None),
            FollowUp
        );
        assert_eq!(sit(Stage::Screening, Some(Outcome::NoShow), None), FollowUp);
        assert_eq!(
            sit(Stage::Screening, sched, Some(Urgency::Later)),
            Voicemail
        );
        assert_eq!(
            sit(Stage::Screening, sched, Some(Urgency::DueToday)),
            NoNews
        );
        let vm = Some(Outcome::Voicemail);
        assert_eq!(sit(Stage::Submitted, vm, Some(Urgency::Overdue)), NoNews);
        assert_eq!(
            sit(Stage::RejectedNotTold, vm, Some(Urgency::Overdue)),
            Rejection
        );
        let order = relevant(Situation {
            stage: Stage::RejectedNotTold,
            outcome: None,
            promise: None,
        });
        assert_eq!(order, [Rejection, Voicemail, FollowUp, NoNews]);
    }

    fn call(id: i64, start: DateTime<Utc>, outcome: Outcome, role: Option<&str>) -> Call {
        Call {
            role: role.map(String::from),
            ..Call::test_screen(id, start, outcome)
        }
    }

    #[test]
    fn values_come_from_the_record_in_the_candidates_own_time() {
        let hours = WorkingHours {
            zone: chrono_tz::Europe::London,
            ..WorkingHours::default()
        };
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap();
        let cand = Candidate {
            name: "Zoë Ó Briain".into(),
            timezone: Some(chrono_tz::America::New_York),
            ..Candidate::default()
        };
        let history = [
            call(
                1,
                now - chrono::Duration::days(3),
                Outcome::Answered,
                Some("QA Lead"),
            ),
            call(
                2,
                now - chrono::Duration::hours(1),
                Outcome::Voicemail,
                None,
            ),
            call(3, now + chrono::Duration::days(1), Outcome::Scheduled, None),
        ];
        let sender = Sender {
            recruiter: Some("Sam"),
            callback_number: None,
            hours: &hours,
            now,
        };
        let s = Subject {
            candidate: &cand,
            call: None,
            history: &history,
            promises: &[],
        };
        let v = s.values(&sender);
        // The latest call that has started, 14:00 London = 09:00 New York.
        assert_eq!(v.slot.as_deref(), Some("today at 09:00"));
        // The role of an earlier call when this one has none.
        assert_eq!(v.role.as_deref(), Some("QA Lead"));
        assert_eq!(v.due, None);
        assert_eq!(s.situation(&sender).outcome, Some(Outcome::Voicemail));
        let picked = Subject {
            call: Some(&history[2]),
            ..s
        };
        assert_eq!(
            picked.values(&sender).slot.as_deref(),
            Some("Tuesday 24 November at 10:00")
        );
        // Answered, with another call booked: that one is what to talk
        // about; an open promise gives the day, the soonest first.
        let answered = [
            call(
                1,
                now - chrono::Duration::hours(2),
                Outcome::Answered,
                Some("QA Lead"),
            ),
            call(2, now + chrono::Duration::days(1), Outcome::Scheduled, None),
        ];
        let promise = |id, day| Promise {
            id,
            candidate: cand.clone(),
            screen_id: None,
            what: "news".into(),
            due: super::super::promise::due_instant(
                &hours,
                chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            ),
            waiting_on_hm: false,
            status: PromiseStatus::Open,
            created_at: now,
            closed_at: None,
            moves: vec![],
        };
        let promises = [promise(1, 27), promise(2, 23)];
        let s = Subject {
            candidate: &cand,
            call: None,
            history: &answered,
            promises: &promises,
        };
        let v = s.values(&sender);
        assert_eq!(v.slot.as_deref(), Some("Tuesday 24 November at 10:00"));
        assert_eq!(v.due.as_deref(), Some("Monday 23 November"));
        let situation = s.situation(&sender);
        assert_eq!(situation.promise, Some(Urgency::DueToday));
        assert_eq!(relevant(situation)[0], TemplateKind::NoNews);
    }
}
