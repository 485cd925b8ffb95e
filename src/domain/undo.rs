//! What the app can take back, one recruiter action at a time.
//!
//! An `Undo` names the action and holds every row it changed, before and
//! after (the store's journal records them as the action is written; see
//! `store/journal.rs`). Undo puts those rows back in one transaction, so
//! it restores exactly what the action changed. The `*Before` records are
//! what actions read of a row before changing it, for their own rules.

use super::CallbackStatus;
use chrono::{DateTime, Utc};

/// How a callback looked before an action changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackBefore {
    pub id: i64,
    pub status: CallbackStatus,
    pub due: DateTime<Utc>,
    pub called_in_at: Option<DateTime<Utc>>,
}

/// One row an action changed: how it was and how the action left it, as
/// the store's images of its columns (`None`: the row did not exist). The
/// store writes and reads the images; to the domain they are opaque.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    /// The store's name for the kind of row (`"callbacks"`, `"notes"` …).
    pub table: String,
    pub rowid: i64,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl RowChange {
    /// What undoing this row's change does to it.
    pub fn effect(&self) -> Effect {
        match (&self.before, &self.after) {
            (None, _) => Effect::Removes,
            (Some(_), None) => Effect::BringsBack,
            (Some(_), Some(_)) => Effect::Restores,
        }
    }
}

/// What undo does to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The action added it: undo removes it.
    Removes,
    /// The action removed it: undo brings it back.
    BringsBack,
    /// The action changed it: undo puts the old values back.
    Restores,
}

/// "call", "callback": what a row of a table is, as the recruiter says it.
pub fn noun(table: &str) -> &str {
    match table {
        "screens" => "call",
        "callbacks" => "callback",
        "attempts" => "call attempt",
        "notes" => "note",
        "candidates" => "candidate record",
        "promises" => "promise",
        "promise_moves" => "promise move",
        "busy" => "busy block",
        "roles" => "role",
        other => other,
    }
}

/// One recruiter action that can be taken back: what it was, and every
/// row it changed (filled in by the store's journal as the action is
/// written). Undo puts exactly those rows back, so a compound action (a
/// mark that queued a callback, a do-not-call that dropped two) is undone
/// whole, whatever came after.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Undo {
    /// What the action was: "voicemail on Ana Souza 10:00".
    pub label: String,
    pub rows: Vec<RowChange>,
}

impl Undo {
    /// An action named `label`, its rows still to be recorded.
    pub fn labelled(label: impl Into<String>) -> Undo {
        Undo {
            label: label.into(),
            rows: Vec::new(),
        }
    }

    /// What the action was, for "undone: voicemail on Ana Souza 10:00".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// What undoing it does, in words: "removes 1 call attempt and 1
    /// callback; puts back 1 call". Empty when it changed nothing.
    pub fn effects(&self) -> String {
        let mut parts = Vec::new();
        for (effect, verb) in [
            (Effect::Restores, "puts back"),
            (Effect::BringsBack, "brings back"),
            (Effect::Removes, "removes"),
        ] {
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for r in self.rows.iter().filter(|r| r.effect() == effect) {
                let n = noun(&r.table);
                match counts.iter_mut().find(|(m, _)| *m == n) {
                    Some((_, k)) => *k += 1,
                    None => counts.push((n, 1)),
                }
            }
            if counts.is_empty() {
                continue;
            }
            let items: Vec<String> = counts
                .into_iter()
                .map(|(n, k)| match k {
                    1 => format!("1 {n}"),
                    k => format!("{k} {n}s"),
                })
                .collect();
            parts.push(format!("{verb} {}", items.join(" and ")));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(table: &str, before: Option<&str>, after: Option<&str>) -> RowChange {
        RowChange {
            table: table.into(),
            rowid: 1,
            before: before.map(Into::into),
            after: after.map(Into::into),
        }
    }

    #[test]
    fn effects_say_what_undo_does_to_each_kind_of_row() {
        let undo = Undo {
            label: "voicemail on Ana Souza 09:00".into(),
            rows: vec![
                row("screens", Some("[1]"), Some("[2]")),
                row("attempts", None, Some("[1]")),
                row("callbacks", None, Some("[1]")),
                row("callbacks", None, Some("[2]")),
                row("notes", Some("[1]"), None),
            ],
        };
        assert_eq!(
            undo.effects(),
            "puts back 1 call; brings back 1 note; removes 1 call attempt and 2 callbacks"
        );
        assert_eq!(Undo::labelled("x").effects(), "");
    }
}
