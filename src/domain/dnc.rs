//! Do-not-call: the one rule every path that would contact a candidate
//! asks before it queues a callback, places or moves one, or books a
//! screen.
//!
//! Keys, import and the CLI all come through `may_contact`, so a
//! do-not-call candidate cannot be put back on the list by mistake; only an
//! explicit override (a confirm in the app, `--allow-dnc` on the CLI) gets
//! past it.

use super::Candidate;

/// Why contact was refused: who, and the reason recorded with the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub name: String,
    pub reason: Option<String>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is do-not-call", self.name)?;
        match self
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(r) => write!(f, " ({r})"),
            None => Ok(()),
        }
    }
}

/// Whether the recruiter may give `candidate` a callback or a new screen.
///
/// `allow` is the recruiter's explicit override for this one action.
pub fn may_contact(candidate: &Candidate, allow: bool) -> Result<(), Refusal> {
    if candidate.do_not_call && !allow {
        Err(Refusal {
            name: candidate.name.clone(),
            reason: candidate.dnc_reason.clone(),
        })
    } else {
        Ok(())
    }
}

/// The drop reason written on callbacks closed by setting the flag.
pub const DROP_REASON: &str = "do not call";

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(dnc: bool, reason: Option<&str>) -> Candidate {
        Candidate {
            id: 1,
            name: "Ana Souza".into(),
            do_not_call: dnc,
            dnc_reason: reason.map(str::to_string),
            ..Candidate::default()
        }
    }

    #[test]
    fn a_candidate_without_the_flag_may_be_contacted() {
        assert_eq!(may_contact(&cand(false, None), false), Ok(()));
    }

    #[test]
    fn the_flag_refuses_and_says_why() {
        let r = may_contact(&cand(true, Some("asked not to be called")), false).unwrap_err();
        assert_eq!(
            r.to_string(),
            "Ana Souza is do-not-call (asked not to be called)"
        );
        let r = may_contact(&cand(true, Some("  ")), false).unwrap_err();
        assert_eq!(r.to_string(), "Ana Souza is do-not-call");
    }

    #[test]
    fn only_an_explicit_override_gets_past_the_flag() {
        assert_eq!(may_contact(&cand(true, None), true), Ok(()));
    }
}
