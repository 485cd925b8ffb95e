//! The facts behind close-the-loop: recent held screens with their last
//! contact, undelivered rejections, and open promises. Which of them are
//! owed, and for how long, is decided in `domain::owed`.

use super::candidates::{candidate_from_row, CANDIDATE_COLS, CANDIDATE_COL_COUNT};
use super::{from_secs, opt_from_secs, to_secs, Store};
use crate::domain::owed::{
    news_owed, promise_owed, rejection_owed, sort_owed, Owed, Silence, LOOKBACK_DAYS,
};
use crate::domain::WorkingHours;
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

/// Candidates with an answered screen in `[?1, ?2)`: the latest one, their
/// latest attempt, and whether a call is booked from `?2` on. Reads the
/// window through `screens_start` and each person through their indexes.
pub(super) fn silences_query() -> String {
    format!(
        "SELECT {CANDIDATE_COLS}, max(s.start_utc),
            (SELECT max(a.at_utc) FROM attempts a WHERE a.candidate_id = c.id),
            EXISTS (SELECT 1 FROM screens f
                     WHERE f.candidate_id = c.id AND f.start_utc >= ?2
                       AND f.outcome = 'scheduled')
         FROM screens s JOIN candidates c ON c.id = s.candidate_id
         WHERE s.start_utc >= ?1 AND s.start_utc < ?2 AND s.outcome = 'answered'
         GROUP BY s.candidate_id"
    )
}

/// Undelivered rejections. `stage <> 'new'` repeats the partial index's
/// condition so SQLite can use it (it does not infer it from `=`).
pub(super) fn rejections_query() -> String {
    format!(
        "SELECT {CANDIDATE_COLS} FROM candidates c
         WHERE c.stage = 'rejected-not-told' AND c.stage <> 'new'
         ORDER BY c.stage_at, c.id"
    )
}

impl Store {
    /// Everything the recruiter owes people at `now`, longest wait first:
    /// news after a held screen (silent for more than `after` working
    /// days), undelivered rejections, promises due today or overdue.
    pub fn owed(&self, now: DateTime<Utc>, hours: &WorkingHours, after: u32) -> Result<Vec<Owed>> {
        let mut out = Vec::new();
        let mut st = self.conn().prepare_cached(&silences_query())?;
        let from = now - Duration::days(LOOKBACK_DAYS);
        let n = CANDIDATE_COL_COUNT;
        let rows = st.query_map(params![to_secs(from), to_secs(now)], |r| {
            Ok(Silence {
                candidate: candidate_from_row(r, 0)?,
                held: from_secs(r.get(n)?),
                last_contact: opt_from_secs(r.get(n + 1)?),
                booked_ahead: r.get::<_, i64>(n + 2)? != 0,
            })
        })?;
        for s in rows {
            out.extend(news_owed(&s?, now, hours, after));
        }
        let mut st = self.conn().prepare_cached(&rejections_query())?;
        let rows = st.query_map([], |r| candidate_from_row(r, 0))?;
        for c in rows {
            out.extend(rejection_owed(&c?, now, hours));
        }
        for p in self.open_promises()? {
            out.extend(promise_owed(&p, now, hours));
        }
        sort_owed(&mut out);
        Ok(out)
    }
}
