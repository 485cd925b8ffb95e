//! `callsheet template [KIND] --candidate ID|PHONE|NAME [--json]`: a filled
//! template on stdout, for pasting into a text or reading out.

use super::{emit, emit_json, Env};
use crate::domain::template::{relevant, Subject, TemplateKind};
use crate::domain::Candidate;
use crate::error::{Error, Result};
use crate::sanitize;
use crate::store::Store;
use serde::Serialize;

pub fn parse_kind(s: &str) -> std::result::Result<TemplateKind, String> {
    TemplateKind::parse(s.trim()).ok_or_else(|| {
        let all: Vec<&str> = TemplateKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("'{s}' is not a template ({})", all.join(", "))
    })
}

#[derive(Serialize)]
struct TemplateJson {
    kind: TemplateKind,
    label: &'static str,
    candidate: super::CandidateJson,
    text: String,
}

pub fn run(env: &Env, kind: Option<TemplateKind>, who: &str, json: bool) -> Result<()> {
    let store = env.open_for_reading()?;
    let now = env.now();
    let candidate = find(&store, who, now)?;
    let history = store.calls_for_candidate(candidate.id)?;
    let promises = store.promises_for(candidate.id)?;
    let s = &env.settings;
    let sender = s.sender(now);
    let subject = Subject {
        candidate: &candidate,
        call: None,
        history: &history,
        promises: &promises,
    };
    if candidate.do_not_call && !env.quiet {
        // A warning, not a refusal: the rejection may still be owed.
        let why = candidate.dnc_reason.as_deref().unwrap_or("no reason given");
        eprintln!(
            "callsheet: warning: {} is do-not-call ({})",
            sanitize::line(&candidate.name),
            sanitize::line(why)
        );
    }
    let kind = kind.unwrap_or_else(|| relevant(subject.situation(&sender))[0]);
    let text = s.templates.fill(kind, &subject.values(&sender));
    if json {
        return emit_json(&TemplateJson {
            kind,
            label: kind.label(),
            candidate: (&candidate).into(),
            text,
        });
    }
    emit(&format!("{text}\n"))
}

/// The one candidate `who` names: an id that exists, else a name or phone
/// that finds exactly one person (several are listed so the recruiter can
/// pick an id).
pub(super) fn find(
    store: &Store,
    who: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Candidate> {
    let who = who.trim();
    // Digits with a leading zero are the end of a phone number, not an id.
    if !who.starts_with('0') && !who.is_empty() && who.chars().all(|c| c.is_ascii_digit()) {
        if let Ok(id) = who.parse::<i64>() {
            match store.candidate(id) {
                Ok(c) => return Ok(c),
                Err(Error::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let mut hits = store.search_candidates(who, now, 6)?;
    match hits.len() {
        0 => Err(Error::NotFound(format!(
            "no candidate matches '{}'",
            sanitize::line(who)
        ))),
        1 => Ok(hits.remove(0).candidate),
        n => {
            let some: Vec<String> = hits
                .iter()
                .take(5)
                .map(|h| {
                    let c = &h.candidate;
                    format!(
                        "{} (id {}, {})",
                        sanitize::line(&c.name),
                        c.id,
                        sanitize::line(&c.phone)
                    )
                })
                .collect();
            let more = if n > 5 { ", …" } else { "" };
            Err(Error::Refused(format!(
                "'{}' matches more than one candidate: {}{more}; give the id",
                sanitize::line(who),
                some.join(", ")
            )))
        }
    }
}
