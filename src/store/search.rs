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

/// How many matches are ranked exactly. A letter or two matches thousands
/// of people, and looking up every one's calls would cost tens of
/// milliseconds a keystroke; past this many, the ranked set is the newest
/// [`RANKED`] records plus the matches among the people with the next
/// [`UPCOMING`] and the last [`RECENT`] calls (see `search_candidates`).
/// The next letter typed narrows the matches and the ranking is exact again.
const RANKED: usize = 100;

/// How many of the soonest scheduled calls a broad query looks through, so
/// a person with a call ahead is not lost among the matches.
const UPCOMING: usize = 100;

/// How many of the latest calls a broad query looks through, so the people
/// the recruiter spoke to lately come first whatever their record's age.
const RECENT: usize = 300;

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
    ///
    /// Names are stored as their files wrote them, composed or not; each
    /// word is looked for in both its NFC and NFD forms, so a composed
    /// "한국" finds a decomposed one and the other way round (issue 12).
    fn fts(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        let phrase = |w: &str| format!("\"{}\"*", w.replace('"', "\"\""));
        let words = self
            .words
            .iter()
            .map(|w| {
                let (nfc, nfd): (String, String) = (w.nfc().collect(), w.nfd().collect());
                if nfc == nfd {
                    phrase(w)
                } else {
                    format!("({} OR {})", phrase(&nfc), phrase(&nfd))
                }
            })
            .collect::<Vec<_>>();
        // FTS5 joins a bracketed group to the next phrase only with AND.
        let sep = if words.iter().any(|w| w.starts_with('(')) {
            " AND "
        } else {
            " "
        };
        words.join(sep)
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

pub(super) const NAME_MATCHES: &str =
    "SELECT rowid FROM candidate_names WHERE candidate_names MATCH ?1 ORDER BY rowid";
pub(super) const PHONE_FROM_FRONT: &str = "SELECT id FROM candidates
     WHERE phone_key >= ?1 AND phone_key < ?2 ORDER BY phone_key LIMIT ?3";
pub(super) const PHONE_FROM_END: &str = "SELECT id FROM candidates
     WHERE phone_tail >= ?1 AND phone_tail < ?2 ORDER BY phone_tail LIMIT ?3";
pub(super) const UPCOMING_CALLS: &str = "SELECT s.candidate_id, c.phone
     FROM screens s JOIN candidates c ON c.id = s.candidate_id
     WHERE s.start_utc >= ?1 AND s.outcome = 'scheduled' ORDER BY s.start_utc LIMIT ?2";
pub(super) const RECENT_CALLS: &str = "SELECT s.candidate_id, c.phone
     FROM screens s JOIN candidates c ON c.id = s.candidate_id
     WHERE s.start_utc < ?1 ORDER BY s.start_utc DESC LIMIT ?2";

/// One candidate with their next and last call around `?2`.
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

/// The candidates matching the query's name words in id order (oldest
/// first: FTS5 reads its index forwards faster than backwards), or `None`
/// when it has none (every name matches).
struct Named(Option<Vec<i64>>);

impl Named {
    fn contains(&self, id: i64) -> bool {
        self.0
            .as_ref()
            .is_none_or(|ids| ids.binary_search(&id).is_ok())
    }
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
    /// called, newest record first. When more than [`RANKED`] people match,
    /// the ranked set is [`RANKED`] of them (by name: the newest records;
    /// by digits: the first numbers in index order from each end) plus the
    /// matches among the people with the next [`UPCOMING`] scheduled and the
    /// last [`RECENT`] calls: whoever has a call ahead or was called lately
    /// is still at the top, in order.
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
        // One read transaction for the dozens of statements below: one
        // lock taken instead of one per statement, and one snapshot.
        self.snapshot(|| self.search(&q, now, limit))
    }

    fn search(&self, q: &Query, now: DateTime<Utc>, limit: usize) -> Result<Vec<CandidateHit>> {
        let named = Named(if q.words.is_empty() {
            None
        } else {
            Some(self.names_matching(&q.fts())?)
        });
        let (mut ids, mut broad) = match (&named.0, q.digits.is_empty()) {
            (Some(all), true) => (all.iter().rev().take(RANKED + 1).copied().collect(), false),
            _ => {
                let (mut ids, broad) = self.phones_matching(q)?;
                ids.retain(|&id| named.contains(id));
                (ids, broad)
            }
        };
        broad |= ids.len() > RANKED;
        ids.truncate(RANKED);
        if broad {
            for (sql, count) in [(UPCOMING_CALLS, UPCOMING), (RECENT_CALLS, RECENT)] {
                let mut st = self.conn().prepare_cached(sql)?;
                let rows = st.query_map(params![to_secs(now), count as i64], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?;
                for row in rows {
                    let (id, phone) = row?;
                    if named.contains(id) && q.phone_matches(&phone) {
                        ids.push(id);
                    }
                }
            }
        }
        let mut seen = HashSet::with_capacity(ids.len());
        let mut hits = Vec::with_capacity(ids.len());
        let mut one = self.conn().prepare_cached(&hit_query())?;
        for id in ids {
            if !seen.insert(id) {
                continue;
            }
            let hit = one
                .query_row(params![id, to_secs(now)], |r| {
                    Ok(CandidateHit {
                        candidate: candidate_from_row(r, 0)?,
                        next_call: opt_from_secs(r.get(CANDIDATE_COL_COUNT)?),
                        last_call: opt_from_secs(r.get(CANDIDATE_COL_COUNT + 1)?),
                    })
                })
                .optional()?;
            hits.extend(hit);
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

    /// Every candidate whose name matches the FTS5 query, in id order:
    /// rowids only, read straight from the index.
    fn names_matching(&self, fts: &str) -> Result<Vec<i64>> {
        let mut st = self.conn().prepare_cached(NAME_MATCHES)?;
        let rows = st.query_map([fts], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Candidates whose phone starts or ends with the digits, newest
    /// first; up to `RANKED + 1` from each index range, and whether any
    /// range held more (a digit or two typed).
    fn phones_matching(&self, q: &Query) -> Result<(Vec<i64>, bool)> {
        let cap = RANKED + 1;
        let tail: String = q.tail().chars().rev().collect();
        let searches = [
            (PHONE_FROM_FRONT, range(&q.digits)),
            (PHONE_FROM_FRONT, range(&format!("+{}", q.digits))),
            (PHONE_FROM_END, range(&tail)),
        ];
        let (mut ids, mut broad) = (Vec::new(), false);
        for (sql, (from, to)) in searches {
            let mut st = self.conn().prepare_cached(sql)?;
            let rows = st.query_map(params![from, to, cap as i64], |r| r.get(0))?;
            let before = ids.len();
            for id in rows {
                ids.push(id?);
            }
            broad |= ids.len() - before == cap;
        }
        ids.sort_unstable_by_key(|&id| Reverse(id));
        ids.dedup();
        Ok((ids, broad))
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
