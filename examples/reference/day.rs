//! The one query the reference programs run (`minimal_day`, `minimal_frame`).

use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, OpenFlags};

/// The two arguments every reference program takes: the database and the
/// day.
pub fn args(program: &str) -> Result<(String, String), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    match (args.next(), args.next()) {
        (Some(db), Some(date)) => Ok((db, date)),
        _ => Err(format!("usage: {program} DB YYYY-MM-DD").into()),
    }
}

/// A call as the reference prints it: id, start–end, candidate, phone,
/// outcome.
pub type Row = [String; 5];

/// The calls on `date` (the UTC day, which is London's in November: the
/// generated history's day), in start order, read through the start-time
/// index.
pub fn day(db: &str, date: &str) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let start = NaiveDate::parse_from_str(date, "%Y-%m-%d")?
        .and_hms_opt(0, 0, 0)
        .ok_or("bad date")?
        .and_utc()
        .timestamp();
    // `immutable`: no -wal/-shm files, no locks, nothing written: the
    // cheapest correct read of a file no one else is writing (a plain
    // read-only open of a WAL file creates -wal and -shm and leaves them).
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(format!("file:{db}?immutable=1"), flags)?;
    let mut st = conn.prepare(
        "SELECT s.id, s.start_utc, s.minutes, c.name, c.phone, s.outcome
         FROM screens s JOIN candidates c ON c.id = s.candidate_id
         WHERE s.start_utc >= ?1 AND s.start_utc < ?2 ORDER BY s.start_utc",
    )?;
    let hhmm = |secs: i64| {
        DateTime::from_timestamp(secs, 0)
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default()
    };
    let rows = st.query_map([start, start + 86_400], |r| {
        let (at, minutes): (i64, i64) = (r.get(1)?, r.get(2)?);
        Ok([
            r.get::<_, i64>(0)?.to_string(),
            format!("{}–{}", hhmm(at), hhmm(at + minutes * 60)),
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ])
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
