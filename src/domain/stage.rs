//! Where a candidate stands in the hiring process.
//!
//! A short fixed list, because the close-the-loop view keys off one of its
//! values ("rejected — not told": a decision nobody has delivered yet) and
//! a free-text stage could not be relied on for that.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    #[default]
    New,
    Screening,
    Submitted,
    Interviewing,
    Offer,
    Hired,
    /// Decided against, and the candidate has not heard yet: owed a call.
    RejectedNotTold,
    RejectedTold,
    Withdrawn,
}

impl Stage {
    /// Every stage, in the order the picker offers them.
    pub const ALL: [Stage; 9] = [
        Stage::New,
        Stage::Screening,
        Stage::Submitted,
        Stage::Interviewing,
        Stage::Offer,
        Stage::Hired,
        Stage::RejectedNotTold,
        Stage::RejectedTold,
        Stage::Withdrawn,
    ];

    /// The value stored in `candidates.stage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Screening => "screening",
            Stage::Submitted => "submitted",
            Stage::Interviewing => "interviewing",
            Stage::Offer => "offer",
            Stage::Hired => "hired",
            Stage::RejectedNotTold => "rejected-not-told",
            Stage::RejectedTold => "rejected-told",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the candidate has their answer and the loop is closed: no
    /// one is owed news at these stages.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Hired | Stage::RejectedTold | Stage::Withdrawn)
    }

    /// How the screens and the CLI name it.
    pub fn label(self) -> &'static str {
        match self {
            Stage::RejectedNotTold => "rejected — not told",
            Stage::RejectedTold => "rejected — told",
            other => other.as_str(),
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_round_trips_through_its_stored_name() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stage::parse("rejected"), None);
    }

    #[test]
    fn the_undelivered_rejection_reads_as_a_person_would_say_it() {
        assert_eq!(Stage::RejectedNotTold.to_string(), "rejected — not told");
        assert_eq!(Stage::Offer.to_string(), "offer");
    }
}
