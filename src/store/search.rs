//! Finding a candidate as the recruiter types: by name or by phone.
//!
//! Every keystroke runs a search, so each one reads indexes only (see
//! `plans.rs`): the FTS5 table `candidate_names` for the words of a name,
//! `candidates_phone_key` for the digits from the front and
//! `candidates_phone_tail` (the digits reversed) for the digits from the end.
//! Both are kept by SQLite itself (migration 0004), whatever writes the
//! candidate.

use super::candidates::{candidate_from_row, phone_key, CANDIDATE_COLS, CANDIDATE_COL_COUNT};
use super::{opt_from_secs, to_secs, Store};
use crate::domain::CandidateHit;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use std::cmp::Reverse;
use std::collections::HashSet;

/// How many matches are ranked. A query of a letter or two matches
/// thousands of people; ranking all of them on every keystroke would cost
/// tens of milliseconds, so past this many only the most recently added are
/// ranked (plus anyone with a call ahead, see [`UPCOMING`]). The next letter
/// typed narrows the list below it and the ranking is exact again.
const RANKED: usize = 400;

/// How many of the soonest scheduled calls a broad query also looks
/// through, so that a person with a call ahead is never pushed out of the
/// results by newer records.
const UPCOMING: usize = 200;

/// A phone number typed whole: at least this many digits, so its leading
/// zeros may be the trunk or international prefix the stored international
/// form leaves out ("020 7946 0000", "0044 20 7946 0000").
const WHOLE_NUMBER: usize = 8;

/// A typed query as the indexes read it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Query {
    /// Words with a letter in them: each must begin some word of the name.
    words: Vec<String>,
    /// Every digit of the words without letters, in order: a phone number
    /// typed with any spacing or punctuation.
    digits: String,
}

impl Query {
    fn parse(text: &str) -> Query {
        let mut q = Query::default();
        for word in text.split_whitespace() {
            if word.chars().any(char::is_alphabetic) {
                q.words.push(word.to_string());
            } else {
                q.digits.extend(word.chars().filter(char::is_ascii_digit));
            }
        }
        q
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.digits.is_empty()
    }

    /// The FTS5 query: every word a quoted prefix, all required.
    ///
    /// Quoting makes the recruiter's text a phrase, never FTS syntax
    /// (`AND`, `NEAR(`, `*`, `"` are just text); the tokenizer still splits
    /// it, so "o'bri" finds "O'Brien" as the phrase "o bri*".
    fn fts(&self) -> String {
        self.words
            .iter()
            .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The digits the number may end with: as typed, or without the
    /// leading zeros of a whole national or `00` international number.
    fn tail(&self) -> &str {
        let d = self.digits.as_str();
        if d.len() >= WHOLE_NUMBER {
            let trimmed = d.trim_start_matches('0');
            if !trimmed.is_empty() {
                return trimmed;
            }
        }
        d
    }

    /// Whether a stored phone number matches the digits typed.
    fn phone_matches(&self, phone: &str) -> bool {
        let key = phone_key(phone);
        let digits = key.trim_start_matches('+');
        self.digits.is_empty() || digits.starts_with(&self.digits) || digits.ends_with(self.tail())
    }
}

/// Bounds of the index range holding every key that starts with `prefix`:
/// digits sort below ':'.
fn range(prefix: &str) -> (String, String) {
    (prefix.to_string(), format!("{prefix}:"))
}

pub(super) const NAME_MATCHES: &str = "SELECT rowid FROM candidate_names
     WHERE candidate_names MATCH ?1 ORDER BY rowid DESC LIMIT ?2";
pub(super) const NAME_MATCHES_ONE: &str =
    "SELECT 1 FROM candidate_names WHERE candidate_names MATCH ?1 AND rowid = ?2";
pub(super) const PHONE_FROM_FRONT: &str = "SELECT id FROM candidates
     WHERE phone_key >= ?1 AND phone_key < ?2 ORDER BY phone_key LIMIT ?3";
pub(super) const PHONE_FROM_END: &str = "SELECT id FROM candidates
     WHERE phone_tail >= ?1 AND phone_tail < ?2 ORDER BY phone_tail LIMIT ?3";
pub(super) const UPCOMING_CALLS: &str = "SELECT candidate_id FROM screens
     WHERE start_utc >= ?1 AND outcome = 'scheduled' ORDER BY start_utc LIMIT ?2";

/// One candidate with their last and next call around `?2`.
pub(super) fn hit_query() -> String {
    format!(
        "SELECT {CANDIDATE_COLS},
            (SELECT s.start_utc FROM screens s
              WHERE s.candidate_id = c.id AND s.start_utc >= ?2 AND s.outcome = 'scheduled'
              ORDER BY s.start_utc LIMIT 1),
            (SELECT s.start_utc FROM screens s
              WHERE s.candidate_id = c.id AND s.start_utc < ?2
              ORDER BY s.start_utc DESC LIMIT 1)
         FROM candidates c WHERE c.id = ?1"
    )
}

impl Store {
    /// The candidates a recruiter means by `query`, best first, at most
    /// `limit`.
    ///
    /// Matching: each word with a letter in it must begin some word of the
    /// name, ignoring case and accents ("tom", "GARCÍA", "tom gar" all find
    /// "Tomás García"). The digits of the other words are a phone number,
    /// with any spacing or punctuation: it matches a number that starts
    /// with them (ignoring a leading `+`) or ends with them (the last four
    /// digits people remember; a whole number typed in national or `00`
    /// form matches its international record). Words and digits together
    /// must both match. An empty query finds no one.
    ///
    /// Ranking: people with a call ahead first, soonest first; then by
    /// their latest call before `now`, most recent first; then people never
    /// called, newest record first. When a query matches more than
    /// [`RANKED`] people, the ranked set is the newest [`RANKED`] of them plus
    /// those among the next [`UPCOMING`] scheduled calls.
    ///
    /// Returns raw stored text: the caller sanitises what it displays.
    pub fn search_candidates(
        &self,
        query: &str,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<CandidateHit>> {
        let q = Query::parse(query);
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let fts = q.fts();
        let mut ids = self.matching_ids(&q, &fts)?;
        let mut upcoming = Vec::new();
        if ids.len() > RANKED {
            ids.truncate(RANKED);
            upcoming = self.upcoming_ids(now)?;
        }
        let matched = ids.len();
        ids.extend(upcoming);
        let mut seen = HashSet::with_capacity(ids.len());
        let mut hits = Vec::with_capacity(ids.len());
        let mut one = self.conn().prepare_cached(&hit_query())?;
        for (i, id) in ids.into_iter().enumerate() {
            if !seen.insert(id) {
                continue;
            }
            let Some(hit) = one
                .query_row(params![id, to_secs(now)], |r| {
                    Ok(CandidateHit {
                        candidate: candidate_from_row(r, 0)?,
                        next_call: opt_from_secs(r.get(CANDIDATE_COL_COUNT)?),
                        last_call: opt_from_secs(r.get(CANDIDATE_COL_COUNT + 1)?),
                    })
                })
                .optional()?
            else {
                continue;
            };
            // The name search does not look at phones, and the people
            // with calls ahead were not searched by name.
            let named = i < matched || q.words.is_empty() || self.name_matches(&fts, id)?;
            if !named || !q.phone_matches(&hit.candidate.phone) {
                continue;
            }
            hits.push(hit);
        }
        hits.sort_by_key(|h| {
            (
                h.next_call.is_none(),
                h.next_call,
                Reverse(h.last_call),
                Reverse(h.candidate.id),
            )
        });
        hits.truncate(limit);
        Ok(hits)
    }

    /// Up to `RANKED + 1` candidates matching the query's driving index:
    /// the name words when there are any, else the phone digits.
    fn matching_ids(&self, q: &Query, fts: &str) -> Result<Vec<i64>> {
        let cap = (RANKED + 1) as i64;
        let conn = self.conn();
        let mut ids = Vec::new();
        if !q.words.is_empty() {
            let mut st = conn.prepare_cached(NAME_MATCHES)?;
            let rows = st.query_map(params![fts, cap], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
            return Ok(ids);
        }
        let tail: String = q.tail().chars().rev().collect();
        let searches = [
            (PHONE_FROM_FRONT, range(&q.digits)),
            (PHONE_FROM_FRONT, range(&format!("+{}", q.digits))),
            (PHONE_FROM_END, range(&tail)),
        ];
        for (sql, (from, to)) in searches {
            let mut st = conn.prepare_cached(sql)?;
            let rows = st.query_map(params![from, to, cap], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
        }
        ids.sort_unstable_by_key(|&id| Reverse(id));
        ids.dedup();
        Ok(ids)
    }

    /// Who has the next [`UPCOMING`] scheduled calls, soonest first.
    fn upcoming_ids(&self, now: DateTime<Utc>) -> Result<Vec<i64>> {
        let mut st = self.conn().prepare_cached(UPCOMING_CALLS)?;
        let rows = st.query_map(params![to_secs(now), UPCOMING as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn name_matches(&self, fts: &str, id: i64) -> Result<bool> {
        let mut st = self.conn().prepare_cached(NAME_MATCHES_ONE)?;
        Ok(st.exists(params![fts, id])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_letters_are_name_words_and_the_rest_are_digits() {
        let q = Query::parse("  Tom  +44 (20) 7946-0000 gar ");
        assert_eq!(q.words, ["Tom", "gar"]);
        assert_eq!(q.digits, "442079460000");
        assert!(Query::parse(" \t ").is_empty());
        assert!(Query::parse("- * \"").is_empty());
    }

    #[test]
    fn fts_text_is_quoted_so_syntax_is_only_text() {
        let q = Query::parse(r#"tom "x NEAR( AND*"#);
        assert_eq!(q.fts(), r#""tom"* """x"* "NEAR("* "AND*"*"#);
    }

    #[test]
    fn a_whole_national_number_matches_by_its_end_without_the_trunk_zero() {
        let whole = Query::parse("020 7946 0000");
        assert_eq!(whole.tail(), "2079460000");
        assert!(whole.phone_matches("+44 (0)20 7946 0000"));
        // Four digits are the last four, leading zero and all.
        let last4 = Query::parse("0123");
        assert_eq!(last4.tail(), "0123");
        assert!(last4.phone_matches("+1 555 010 0123"));
        assert!(!last4.phone_matches("+1 555 010 9123"));
        assert!(Query::parse("0044 20 7946 0000").phone_matches("+442079460000"));
        assert!(Query::parse("4420").phone_matches("+44 20 7946 0000"));
        assert!(!Query::parse("4421").phone_matches("+44 20 7946 0000"));
    }
}
