//! Every dial and every inbound call, as the candidate's record keeps them.

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Outbound,
    Inbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "outbound" => Some(Direction::Outbound),
            "inbound" => Some(Direction::Inbound),
            _ => None,
        }
    }
}

/// What the phone did on one attempt (not what happened to the screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttemptResult {
    Answered,
    VoicemailLeft,
    NoAnswer,
    /// Engaged tone: try again in a few minutes; the screen stays open.
    Busy,
    /// The number reached someone else: fix the phone before trying again.
    WrongNumber,
    /// The candidate rang the recruiter.
    CalledIn,
}

impl AttemptResult {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptResult::Answered => "answered",
            AttemptResult::VoicemailLeft => "voicemail-left",
            AttemptResult::NoAnswer => "no-answer",
            AttemptResult::Busy => "busy",
            AttemptResult::WrongNumber => "wrong-number",
            AttemptResult::CalledIn => "called-in",
        }
    }

    pub fn parse(s: &str) -> Option<AttemptResult> {
        match s {
            "answered" => Some(AttemptResult::Answered),
            "voicemail-left" => Some(AttemptResult::VoicemailLeft),
            "no-answer" => Some(AttemptResult::NoAnswer),
            "busy" => Some(AttemptResult::Busy),
            "wrong-number" => Some(AttemptResult::WrongNumber),
            "called-in" => Some(AttemptResult::CalledIn),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AttemptResult::Answered => "answered",
            AttemptResult::VoicemailLeft => "voicemail left",
            AttemptResult::NoAnswer => "no answer",
            AttemptResult::Busy => "busy",
            AttemptResult::WrongNumber => "wrong number",
            AttemptResult::CalledIn => "called in",
        }
    }

    /// The attempt a mark records: answered → answered, voicemail → a
    /// voicemail was left, no-show → nobody picked up.
    pub fn for_mark(outcome: super::Outcome) -> Option<AttemptResult> {
        match outcome {
            super::Outcome::Answered => Some(AttemptResult::Answered),
            super::Outcome::Voicemail => Some(AttemptResult::VoicemailLeft),
            super::Outcome::NoShow => Some(AttemptResult::NoAnswer),
            super::Outcome::Scheduled | super::Outcome::Cancelled | super::Outcome::Rescheduled => {
                None
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub id: i64,
    pub candidate_id: i64,
    pub screen_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub result: AttemptResult,
    /// For inbound calls: minutes after the missed slot's start.
    pub late_minutes: Option<i64>,
}

/// "called back 47 min after the slot", "called back 1 h 30 min after the slot".
pub fn lateness_phrase(minutes: i64) -> String {
    if minutes < 0 {
        return format!("called {} min before the slot", -minutes);
    }
    format!("called back {} after the slot", minutes_phrase(minutes))
}

/// "47 min", "1 h", "1 h 30 min".
pub fn minutes_phrase(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Outcome;

    #[test]
    fn each_mark_records_its_attempt() {
        assert_eq!(
            AttemptResult::for_mark(Outcome::Answered),
            Some(AttemptResult::Answered)
        );
        assert_eq!(
            AttemptResult::for_mark(Outcome::Voicemail),
            Some(AttemptResult::VoicemailLeft)
        );
        assert_eq!(
            AttemptResult::for_mark(Outcome::NoShow),
            Some(AttemptResult::NoAnswer)
        );
        assert_eq!(AttemptResult::for_mark(Outcome::Scheduled), None);
    }

    #[test]
    fn lateness_reads_like_a_note() {
        assert_eq!(lateness_phrase(47), "called back 47 min after the slot");
        assert_eq!(lateness_phrase(90), "called back 1 h 30 min after the slot");
        assert_eq!(lateness_phrase(120), "called back 2 h after the slot");
        assert_eq!(lateness_phrase(-5), "called 5 min before the slot");
    }

    #[test]
    fn text_forms_round_trip() {
        for r in [
            AttemptResult::Answered,
            AttemptResult::VoicemailLeft,
            AttemptResult::NoAnswer,
            AttemptResult::CalledIn,
        ] {
            assert_eq!(AttemptResult::parse(r.as_str()), Some(r));
        }
        for d in [Direction::Inbound, Direction::Outbound] {
            assert_eq!(Direction::parse(d.as_str()), Some(d));
        }
    }
}
