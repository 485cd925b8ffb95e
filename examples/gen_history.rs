//! Writes a realistic call history for benchmarks, through the store.
//!
//! ```text
//! cargo run --release --example gen_history -- --db /tmp/h.sqlite3 --screens 1000000 --candidates 200000
//! ```
//!
//! N screens over the past `--years` (weekdays, half-hour slots 09:00–17:00
//! in `--tz`, several recruiters' worth a day when N is large), outcomes in
//! realistic proportions (70 % answered, 18 % voicemail, 12 % no-show),
//! a callback for every voicemail and no-show (reached or dropped when old,
//! open in the last week, at one recruiter's volume), a note on about a third, and M candidates. The
//! day of `--now` holds a normal day of 16 screens, those before `--now`
//! already marked. Deterministic for a given `--seed`.

use callsheet::domain::{CallbackReason, CallbackStatus, Outcome};
use callsheet::store::{BulkCall, BulkCallback, NewCandidate, Store};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const BATCH: usize = 50_000;
const FIRST: &[&str] = &[
    "Ana", "José", "Zoë", "Priya", "Liam", "Mei", "Olu", "Sven", "Fatima", "Tomás", "Aiko", "Noah",
    "Chloé", "Ravi", "Ingrid", "Kwame", "Lucía", "Yusuf", "Hannah", "Dmitri",
];
const LAST: &[&str] = &[
    "Souza",
    "Müller",
    "Ó Briain",
    "Patel",
    "Murphy",
    "Chen",
    "Adeyemi",
    "Lindqvist",
    "Khan",
    "García",
    "Tanaka",
    "Cohen",
    "Dubois",
    "Iyer",
    "Berg",
    "Mensah",
    "Romero",
    "Demir",
    "Weber",
    "Ivanov",
];
const ROLES: &[&str] = &[
    "Backend Engineer",
    "Frontend Engineer",
    "Data Engineer",
    "SRE",
    "Product Designer",
    "Engineering Manager",
];
const NOTES: &[&str] = &[
    "Keen; asked about remote days. Notice period one month.",
    "Strong on SQL, light on Rust. Promised to send portfolio by Friday.",
    "Wants 10% over current; flexible on start date.",
    "Call dropped twice; prefers email follow-up.",
    "Promised to call back after speaking to partner.",
];

struct Args {
    /// Share of recent voicemails and no-shows whose callback is still
    /// open: one recruiter's queue (~16 calls a day) however big the team.
    open_share: u64,
    db: PathBuf,
    screens: u64,
    candidates: u64,
    years: u32,
    now: DateTime<Utc>,
    tz: Tz,
    seed: u64,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        open_share: 1,
        db: PathBuf::new(),
        screens: 1_000,
        candidates: 500,
        years: 5,
        now: Utc::now(),
        tz: chrono_tz::Europe::London,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {v}: {e}");
        match flag.as_str() {
            "--db" => a.db = v.into(),
            "--screens" => a.screens = v.parse().map_err(|e| bad(&e))?,
            "--candidates" => a.candidates = v.parse().map_err(|e| bad(&e))?,
            "--years" => a.years = v.parse().map_err(|e| bad(&e))?,
            "--seed" => a.seed = v.parse().map_err(|e| bad(&e))?,
            "--tz" => a.tz = v.parse().map_err(|e| bad(&e))?,
            "--now" => {
                a.now = DateTime::parse_from_rfc3339(&v)
                    .map_err(|e| bad(&e))?
                    .with_timezone(&Utc)
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if a.db.as_os_str().is_empty() {
        return Err("usage: gen_history --db FILE [--screens N] [--candidates M] [--years Y] [--now RFC3339] [--tz ZONE] [--seed S]".into());
    }
    if a.db.exists() {
        return Err(format!("{} exists; give a new file", a.db.display()));
    }
    a.candidates = a.candidates.max(1);
    a.years = a.years.max(1);
    Ok(a)
}

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn at_local(tz: Tz, d: NaiveDate, minute_of_day: u32) -> DateTime<Utc> {
    let naive = d
        .and_hms_opt(minute_of_day / 60, minute_of_day % 60, 0)
        .unwrap_or_default();
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

fn outcome(rng: &mut Rng) -> Outcome {
    match rng.below(100) {
        0..70 => Outcome::Answered,
        70..88 => Outcome::Voicemail,
        _ => Outcome::NoShow,
    }
}

fn call(rng: &mut Rng, a: &Args, ids: &[i64], roles: &[i64], start: DateTime<Utc>) -> BulkCall {
    let candidate_id = ids[rng.below(ids.len() as u64) as usize];
    let role_id = Some(roles[rng.below(roles.len() as u64) as usize]);
    let note = (rng.below(3) == 0).then(|| NOTES[rng.below(NOTES.len() as u64) as usize].into());
    if start >= a.now {
        return BulkCall {
            candidate_id,
            role_id,
            start,
            minutes: 30,
            outcome: Outcome::Scheduled,
            marked_at: None,
            note: None,
            callback: None,
        };
    }
    let o = outcome(rng);
    let marked = start + Duration::minutes(rng.below(35) as i64);
    let callback = (o != Outcome::Answered).then(|| {
        let due = start + Duration::hours(if o == Outcome::Voicemail { 24 } else { 2 });
        let recent = a.now - start < Duration::days(7);
        let (status, closed_at) = if recent && rng.below(a.open_share) == 0 {
            (CallbackStatus::Open, None)
        } else if rng.below(5) == 0 {
            (CallbackStatus::Dropped, Some(due + Duration::days(2)))
        } else {
            (CallbackStatus::Reached, Some(due + Duration::hours(3)))
        };
        BulkCallback {
            reason: if o == Outcome::Voicemail {
                CallbackReason::Voicemail
            } else {
                CallbackReason::NoShow
            },
            due,
            status,
            closed_at,
        }
    });
    BulkCall {
        candidate_id,
        role_id,
        start,
        minutes: 30,
        outcome: o,
        marked_at: Some(marked),
        note,
        callback,
    }
}

fn run(mut a: Args) -> Result<(), callsheet::error::Error> {
    let t0 = Instant::now();
    let store = Store::open(&a.db)?;
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let zones: [Option<Tz>; 3] = [
        None,
        Some(chrono_tz::America::New_York),
        Some(chrono_tz::Asia::Kolkata),
    ];

    let mut ids = Vec::with_capacity(a.candidates as usize);
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..a.candidates {
        let first = FIRST[rng.below(FIRST.len() as u64) as usize];
        let last = LAST[rng.below(LAST.len() as u64) as usize];
        batch.push(NewCandidate {
            name: format!("{first} {last} {i}"),
            phone: format!("+44 7700 {:06}", i),
            email: (rng.below(2) == 0).then(|| format!("c{i}@example.com")),
            timezone: zones[(rng.below(10) / 8) as usize * (1 + rng.below(2) as usize)],
        });
        if batch.len() == BATCH {
            ids.extend(store.bulk_candidates(&batch, a.now)?);
            batch.clear();
        }
    }
    ids.extend(store.bulk_candidates(&batch, a.now)?);
    let roles = store.bulk_roles(ROLES)?;
    eprintln!("{} candidates in {:.1?}", ids.len(), t0.elapsed());

    // Today: a normal day of 16 half-hour screens from 09:00.
    let today = a.now.with_timezone(&a.tz).date_naive();
    let day: Vec<BulkCall> = (0..16u32)
        .map(|k| {
            call(
                &mut rng,
                &a,
                &ids,
                &roles,
                at_local(a.tz, today, 9 * 60 + 30 * k),
            )
        })
        .collect();
    store.bulk_calls(&day)?;

    // History: the rest, spread evenly over the weekdays before today.
    let history = a.screens.saturating_sub(16);
    let weekdays: Vec<NaiveDate> = (1..=i64::from(a.years) * 365)
        .map(|back| today - Duration::days(back))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    a.open_share = (history / weekdays.len() as u64 / 16).max(1);
    let mut written = 16u64;
    let mut rows = 16usize;
    let mut calls = Vec::with_capacity(BATCH);
    for i in 0..history {
        // Oldest first, so rowids follow time as they would in real use.
        let d =
            weekdays[weekdays.len() - 1 - (i * weekdays.len() as u64 / history.max(1)) as usize];
        let slot = (i % 16) as u32;
        calls.push(call(
            &mut rng,
            &a,
            &ids,
            &roles,
            at_local(a.tz, d, 9 * 60 + 30 * slot),
        ));
        if calls.len() == BATCH {
            rows += store.bulk_calls(&calls)?;
            written += calls.len() as u64;
            calls.clear();
            if written % 200_000 < BATCH as u64 {
                eprintln!("{written} screens in {:.1?}", t0.elapsed());
            }
        }
    }
    rows += store.bulk_calls(&calls)?;
    written += calls.len() as u64;
    eprintln!(
        "{}: {written} screens ({rows} rows with attempts, callbacks and notes), {} candidates, today {today} holds 16, in {:.1?}",
        a.db.display(),
        ids.len(),
        t0.elapsed()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_history: {e}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_history: {e}");
            ExitCode::FAILURE
        }
    }
}
