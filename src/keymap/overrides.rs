//! The recruiter's own keys, patched onto the built-in table.
//!
//! The config file names an action by a stable name derived from the
//! `Action` variant (`Mark(Voicemail)` → `mark_voicemail`, `OpenDetail` →
//! `open_detail`), so a new action gets a name without anyone keeping a
//! second list. An override replaces the keys of that action in every
//! context it is bound in (`[keys]`), or in one context (`[keys.queue]`).
//! Overrides that make two actions share a key in one context are not
//! applied, and each conflict is reported.

use super::{Binding, Context, Key, Keymap, NAMED};
use crate::app::Action;
use crossterm::event::{KeyCode, KeyModifiers};

/// One `action = ["key", ...]` line of the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// `None` for the plain `[keys]` table: every context.
    pub context: Option<Context>,
    pub action: String,
    pub keys: Vec<String>,
    /// The config file's line, for messages.
    pub line: Option<usize>,
}

/// Something wrong with an override; the built-in keys stay for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    /// `keys.mark_voicemail` or `keys.queue.drop_callback`.
    pub key: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Context {
    /// Every context, in help order.
    pub const ALL: [Context; 8] = [
        Context::Day,
        Context::Queue,
        Context::Global,
        Context::Detail,
        Context::Picker,
        Context::Promises,
        Context::Owed,
        Context::Report,
    ];

    /// The name of the context's table in the config file (`[keys.day]`).
    pub fn config_name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Day => "day",
            Context::Queue => "queue",
            Context::Detail => "detail",
            Context::Picker => "picker",
            Context::Promises => "promises",
            Context::Owed => "owed",
            Context::Report => "report",
        }
    }

    pub fn from_config_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.config_name() == name)
    }
}

/// The stable config name of an action: its variant in snake case, with
/// the payload's variant appended (`Mark(NoShow)` → `mark_no_show`).
pub fn action_name(action: &Action) -> String {
    let debug = format!("{action:?}");
    let mut out = String::with_capacity(debug.len() + 4);
    let mut prev_lower = false;
    for ch in debug.chars() {
        if ch.is_ascii_uppercase() {
            if prev_lower || (!out.is_empty() && !out.ends_with('_')) {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
            prev_lower = false;
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch);
            prev_lower = true;
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.trim_matches('_').to_string()
}

impl Key {
    /// Reads a key as the config file writes it: a character (`v`, `G`,
    /// `?`), a named key (`Enter`, `Esc`, `Tab`, `BackTab`, `Space`, `Up`,
    /// `Down`, `Left`, `Right`, `Home`, `End`, `PageUp`, `PageDown`,
    /// `Backspace`, `Delete`, `F1`–`F12`), or `C-x` / `Ctrl-x` for control.
    pub fn parse(text: &str) -> Result<Key, String> {
        let t = text.trim();
        let (ctrl, rest) = match t
            .strip_prefix("C-")
            .or_else(|| t.strip_prefix("Ctrl-"))
            .or_else(|| t.strip_prefix("ctrl-"))
        {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, t),
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => named(rest).ok_or_else(|| {
                format!(
                    "'{}' is not a key (one character, a name like Enter, PageDown or F5, or C-x)",
                    crate::sanitize::line(text)
                )
            })?,
        };
        if ctrl && code == KeyCode::Char('c') {
            return Err("C-c always quits (or cancels typing); it cannot be bound".into());
        }
        Ok(Key {
            code,
            mods: if ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            },
        })
    }
}

impl Key {
    /// How the config file writes this key (what `Key::parse` reads).
    pub fn config_name(&self) -> String {
        self.written(|n| n.config)
    }
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').filter(|n| !n.is_empty()) {
        let n: u8 = n.parse().ok().filter(|n| (1..=12).contains(n))?;
        return Some(KeyCode::F(n));
    }
    NAMED
        .iter()
        .find(|n| n.config.eq_ignore_ascii_case(&lower) || n.aliases.contains(&lower.as_str()))
        .map(|n| n.code)
}

/// Every action name the table knows, sorted, for messages and docs.
pub fn action_names(bindings: &[Binding]) -> Vec<String> {
    let mut names: Vec<String> = bindings.iter().map(|b| action_name(&b.action)).collect();
    names.sort();
    names.dedup();
    names
}

impl Keymap {
    /// The `[keys]` part of the example config: every action, as comment
    /// lines, with its built-in keys in the config's own syntax and what
    /// it does in each context.
    pub fn config_reference(&self) -> String {
        let list = |keys: &[Key]| {
            let quoted: Vec<String> = keys
                .iter()
                .map(|k| format!("{:?}", k.config_name()))
                .collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut names: Vec<String> = Vec::new();
        for b in &self.bindings {
            let n = action_name(&b.action);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let mut out = String::new();
        for name in names {
            let rows: Vec<&Binding> = self
                .bindings
                .iter()
                .filter(|b| action_name(&b.action) == name)
                .collect();
            let same = rows.iter().all(|r| r.keys == rows[0].keys);
            if same {
                let what: Vec<String> = rows
                    .iter()
                    .map(|r| format!("{}: {}", r.context.config_name(), r.help))
                    .collect();
                out.push_str(&format!(
                    "# {name} = {}    ({})\n",
                    list(&rows[0].keys),
                    what.join("; ")
                ));
            } else {
                for r in rows {
                    out.push_str(&format!(
                        "# [keys.{}] {name} = {}    ({})\n",
                        r.context.config_name(),
                        list(&r.keys),
                        r.help
                    ));
                }
            }
        }
        out
    }

    /// The built-in table with `overrides` applied, and what could not be
    /// applied (unknown action, bad key, conflict).
    pub fn with_overrides(overrides: &[KeyOverride]) -> (Keymap, Vec<KeyProblem>) {
        let mut map = Keymap::default();
        let problems = map.apply(overrides);
        (map, problems)
    }

    fn apply(&mut self, overrides: &[KeyOverride]) -> Vec<KeyProblem> {
        let defaults = self.bindings.clone();
        let mut problems = Vec::new();
        // Which override changed which row, to undo just those on conflict.
        let mut changed: Vec<Option<usize>> = vec![None; self.bindings.len()];
        for (i, o) in overrides.iter().enumerate() {
            let key_name = match o.context {
                Some(c) => format!("keys.{}.{}", c.config_name(), o.action),
                None => format!("keys.{}", o.action),
            };
            let problem = |message: String| KeyProblem {
                key: key_name.clone(),
                line: o.line,
                message,
            };
            let keys: Result<Vec<Key>, String> = o.keys.iter().map(|k| Key::parse(k)).collect();
            let keys = match keys {
                Ok(k) if k.is_empty() => {
                    problems.push(problem("needs at least one key".into()));
                    continue;
                }
                Ok(k) => k,
                Err(e) => {
                    problems.push(problem(e));
                    continue;
                }
            };
            let rows: Vec<usize> = (0..self.bindings.len())
                .filter(|&r| {
                    action_name(&self.bindings[r].action) == o.action
                        && o.context.is_none_or(|c| self.bindings[r].context == c)
                })
                .collect();
            if rows.is_empty() {
                let known = action_names(&self.bindings).contains(&o.action);
                problems.push(problem(if known {
                    format!(
                        "'{}' has no keys in the {} context",
                        o.action,
                        o.context.map_or("", Context::config_name)
                    )
                } else {
                    format!(
                        "unknown action '{}' (see `callsheet config --init` for the list)",
                        crate::sanitize::line(&o.action)
                    )
                }));
                continue;
            }
            for r in rows {
                self.bindings[r].keys = keys.clone();
                changed[r] = Some(i);
            }
        }
        // Undo overrides that collide, until no two actions share a key in
        // a context. The built-in table has no collisions (a test says so),
        // so this ends.
        while let Some((a, b, key)) = self.first_conflict() {
            let mut culprits = Vec::new();
            for r in [a, b] {
                if let Some(i) = changed[r].take() {
                    self.bindings[r].keys = defaults[r].keys.clone();
                    culprits.push(i);
                }
            }
            if culprits.is_empty() {
                break;
            }
            for i in culprits {
                let o = &overrides[i];
                problems.push(KeyProblem {
                    key: match o.context {
                        Some(c) => format!("keys.{}.{}", c.config_name(), o.action),
                        None => format!("keys.{}", o.action),
                    },
                    line: o.line,
                    message: format!(
                        "{} would do both '{}' and '{}' in the {} context; kept the built-in keys",
                        key.label(),
                        action_name(&self.bindings[a].action),
                        action_name(&self.bindings[b].action),
                        self.bindings[a].context.config_name()
                    ),
                });
            }
        }
        problems
    }

    /// Two rows of one context that share a key: `(row, row, key)`.
    pub fn first_conflict(&self) -> Option<(usize, usize, Key)> {
        for (i, x) in self.bindings.iter().enumerate() {
            for (j, y) in self.bindings.iter().enumerate().skip(i + 1) {
                if x.context != y.context || x.action == y.action {
                    continue;
                }
                if let Some(k) = x.keys.iter().find(|k| y.keys.contains(k)) {
                    return Some((i, j, *k));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Outcome;

    fn o(context: Option<Context>, action: &str, keys: &[&str]) -> KeyOverride {
        KeyOverride {
            context,
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            line: Some(7),
        }
    }

    fn keys_of(map: &Keymap, ctx: Context, action: &Action) -> Vec<String> {
        map.bindings
            .iter()
            .find(|b| b.context == ctx && &b.action == action)
            .map(|b| b.keys.iter().map(Key::label).collect())
            .unwrap_or_default()
    }

    #[test]
    fn names_come_from_the_variants() {
        assert_eq!(
            action_name(&Action::Mark(Outcome::Voicemail)),
            "mark_voicemail"
        );
        assert_eq!(action_name(&Action::Mark(Outcome::NoShow)), "mark_no_show");
        assert_eq!(action_name(&Action::OpenDetail), "open_detail");
        assert_eq!(action_name(&Action::PageDown), "page_down");
        assert_eq!(action_name(&Action::Up), "up");
    }

    #[test]
    fn every_bound_action_has_its_own_name() {
        let table = super::super::default_bindings();
        let mut by_name: std::collections::HashMap<String, &Action> = Default::default();
        for b in &table {
            let name = action_name(&b.action);
            assert!(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name:?}"
            );
            if let Some(prev) = by_name.insert(name.clone(), &b.action) {
                assert_eq!(prev, &b.action, "two actions named {name}");
            }
        }
    }

    #[test]
    fn every_built_in_key_reads_back_from_its_config_name() {
        for b in super::super::default_bindings() {
            for k in &b.keys {
                assert_eq!(Key::parse(&k.config_name()), Ok(*k), "{k:?}");
            }
        }
    }

    #[test]
    fn keys_parse_as_documented() {
        assert_eq!(Key::parse("v"), Ok(Key::ch('v')));
        assert_eq!(Key::parse("G"), Ok(Key::ch('G')));
        assert_eq!(Key::parse("PgDn"), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("space"), Ok(Key::ch(' ')));
        assert_eq!(Key::parse("F5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("C-s").map(|k| k.mods), Ok(KeyModifiers::CONTROL));
        assert!(Key::parse("F13").is_err());
        assert!(Key::parse("vv").is_err());
        assert!(Key::parse("").is_err());
        assert!(Key::parse("C-c").is_err());
        assert!(Key::parse("\u{1b}").is_err());
    }

    #[test]
    fn an_override_replaces_only_the_named_action() {
        let (map, problems) = Keymap::with_overrides(&[o(None, "mark_voicemail", &["F3", "F2"])]);
        assert_eq!(problems, vec![]);
        let vm = Action::Mark(Outcome::Voicemail);
        assert_eq!(keys_of(&map, Context::Day, &vm), ["F3", "F2"]);
        assert_eq!(
            keys_of(&map, Context::Day, &Action::Mark(Outcome::Answered)),
            ["a"]
        );
    }

    #[test]
    fn a_context_table_touches_one_context() {
        let (map, problems) =
            Keymap::with_overrides(&[o(Some(Context::Queue), "open_detail", &["F4"])]);
        assert_eq!(problems, vec![]);
        assert_eq!(keys_of(&map, Context::Queue, &Action::OpenDetail), ["F4"]);
        assert_eq!(keys_of(&map, Context::Day, &Action::OpenDetail), ["Enter"]);
    }

    #[test]
    fn unknown_actions_and_bad_keys_are_reported_with_their_line() {
        let (map, problems) = Keymap::with_overrides(&[
            o(None, "mark_maybe", &["x"]),
            o(None, "undo", &["nope"]),
            o(None, "quit", &[]),
        ]);
        assert_eq!(map.bindings, Keymap::default().bindings);
        let keys: Vec<_> = problems.iter().map(|p| (p.key.as_str(), p.line)).collect();
        assert_eq!(
            keys,
            [
                ("keys.mark_maybe", Some(7)),
                ("keys.undo", Some(7)),
                ("keys.quit", Some(7))
            ]
        );
        assert!(problems[0].message.contains("unknown action"));
        assert!(problems[1].message.contains("'nope' is not a key"));
    }

    #[test]
    fn a_conflict_is_reported_and_the_built_in_keys_stay() {
        // `a` already marks answered in the day.
        let (map, problems) = Keymap::with_overrides(&[o(None, "mark_voicemail", &["a"])]);
        assert_eq!(map.bindings, Keymap::default().bindings);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p.key, "keys.mark_voicemail");
        assert!(p.message.contains("'mark_answered'"), "{}", p.message);
        assert!(p.message.contains("day"), "{}", p.message);
    }

    #[test]
    fn swapping_two_keys_is_not_a_conflict() {
        let (map, problems) = Keymap::with_overrides(&[
            o(None, "mark_voicemail", &["a"]),
            o(None, "mark_answered", &["v"]),
        ]);
        assert_eq!(problems, vec![]);
        assert_eq!(
            keys_of(&map, Context::Day, &Action::Mark(Outcome::Answered)),
            ["v"]
        );
        assert!(map.first_conflict().is_none());
    }
}
