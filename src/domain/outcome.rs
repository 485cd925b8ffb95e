//! What happened to a scheduled screen, and which changes are allowed.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The outcome of a screen (or of a placed callback call).
///
/// Stored as its `as_str` text so later outcomes (cancelled, rescheduled)
/// can be added without rebuilding a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Scheduled,
    Answered,
    Voicemail,
    NoShow,
    /// Called off before it happened (by the candidate or by us); the
    /// screen's change record says who and how much notice was given.
    Cancelled,
    /// Moved to another slot; the new screen links back to this one.
    Rescheduled,
}

impl Outcome {
    pub const MARKS: [Outcome; 3] = [Outcome::Answered, Outcome::Voicemail, Outcome::NoShow];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Scheduled => "scheduled",
            Outcome::Answered => "answered",
            Outcome::Voicemail => "voicemail",
            Outcome::NoShow => "no-show",
            Outcome::Cancelled => "cancelled",
            Outcome::Rescheduled => "rescheduled",
        }
    }

    /// A one-character marker, so status is never shown by colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Outcome::Scheduled => "·",
            Outcome::Answered => "✓",
            Outcome::Voicemail => "✉",
            Outcome::NoShow => "✗",
            Outcome::Cancelled => "⊘",
            Outcome::Rescheduled => "→",
        }
    }

    pub fn is_marked(self) -> bool {
        self != Outcome::Scheduled
    }

    /// Whether this outcome asks for a callback under the policy.
    pub fn queues_callback(self) -> bool {
        matches!(
            self,
            Outcome::Voicemail | Outcome::NoShow | Outcome::Cancelled
        )
    }

    /// Whether the phone was actually dialled for this outcome, so the mark
    /// logs an attempt (a cancellation or a reschedule is not a dial).
    pub fn is_dial(self) -> bool {
        matches!(
            self,
            Outcome::Answered | Outcome::Voicemail | Outcome::NoShow
        )
    }

    /// Checks a change of outcome.
    ///
    /// A scheduled screen may take any mark. A marked screen may be reset to
    /// scheduled (undo) or re-marked with a different outcome (a correction,
    /// which the app confirms first). Marking with the same outcome again is
    /// refused so a double key-press cannot queue a second callback.
    pub fn transition(self, to: Outcome) -> Result<Transition, TransitionError> {
        match (self, to) {
            (a, b) if a == b => Err(TransitionError::Unchanged(a)),
            (Outcome::Scheduled, _) => Ok(Transition::Mark),
            (_, Outcome::Scheduled) => Ok(Transition::Reset),
            _ => Ok(Transition::Correct),
        }
    }
}

/// The kind of change a transition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// First mark of a scheduled screen.
    Mark,
    /// Back to scheduled: removes what the mark recorded.
    Reset,
    /// From one mark to another: reset, then mark.
    Correct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("already marked {}", .0)]
    Unchanged(Outcome),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "scheduled" => Ok(Outcome::Scheduled),
            "answered" => Ok(Outcome::Answered),
            "voicemail" => Ok(Outcome::Voicemail),
            "no-show" | "noshow" => Ok(Outcome::NoShow),
            "cancelled" | "canceled" => Ok(Outcome::Cancelled),
            "rescheduled" => Ok(Outcome::Rescheduled),
            other => Err(format!(
                "unknown outcome '{other}' (expected answered, voicemail, no-show or cancelled)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_takes_any_mark() {
        for m in Outcome::MARKS {
            assert_eq!(Outcome::Scheduled.transition(m), Ok(Transition::Mark));
        }
    }

    #[test]
    fn marked_resets_to_scheduled() {
        for m in Outcome::MARKS {
            assert_eq!(m.transition(Outcome::Scheduled), Ok(Transition::Reset));
        }
    }

    #[test]
    fn marked_can_be_corrected_to_another_mark() {
        assert_eq!(
            Outcome::Voicemail.transition(Outcome::Answered),
            Ok(Transition::Correct)
        );
        assert_eq!(
            Outcome::Answered.transition(Outcome::NoShow),
            Ok(Transition::Correct)
        );
    }

    #[test]
    fn same_mark_twice_is_refused() {
        assert!(Outcome::Voicemail.transition(Outcome::Voicemail).is_err());
        assert!(Outcome::Scheduled.transition(Outcome::Scheduled).is_err());
    }

    #[test]
    fn missed_and_cancelled_screens_queue_callbacks() {
        assert!(Outcome::Voicemail.queues_callback());
        assert!(Outcome::NoShow.queues_callback());
        // A cancelled screen still needs rebooking; a rescheduled one has
        // its new slot already.
        assert!(Outcome::Cancelled.queues_callback());
        assert!(!Outcome::Rescheduled.queues_callback());
        assert!(!Outcome::Answered.queues_callback());
        assert!(!Outcome::Scheduled.queues_callback());
    }

    #[test]
    fn only_dials_log_attempts() {
        assert!(Outcome::Answered.is_dial());
        assert!(Outcome::NoShow.is_dial());
        assert!(!Outcome::Cancelled.is_dial());
        assert!(!Outcome::Rescheduled.is_dial());
        assert!(!Outcome::Scheduled.is_dial());
    }

    #[test]
    fn parses_cli_spellings() {
        assert_eq!("no-show".parse::<Outcome>(), Ok(Outcome::NoShow));
        assert_eq!("No_Show".parse::<Outcome>(), Ok(Outcome::NoShow));
        assert_eq!("answered".parse::<Outcome>(), Ok(Outcome::Answered));
        assert!("maybe".parse::<Outcome>().is_err());
        for o in [
            Outcome::Scheduled,
            Outcome::Answered,
            Outcome::Voicemail,
            Outcome::NoShow,
            Outcome::Cancelled,
            Outcome::Rescheduled,
        ] {
            assert_eq!(o.as_str().parse::<Outcome>(), Ok(o));
        }
    }
}
