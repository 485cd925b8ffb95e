//! The ordered, append-only list of schema migrations.
//!
//! Each entry is embedded at build time and applied once, in order, inside
//! one transaction at open; `PRAGMA user_version` records how many ran. A
//! shipped file is never edited: a change is a new numbered file.

/// Migration `i` (0-based) takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_meta.sql"),
    include_str!("migrations/0003_sequence.sql"),
    include_str!("migrations/0004_search.sql"),
    include_str!("migrations/0005_dnc_stage.sql"),
    include_str!("migrations/0006_changes.sql"),
    include_str!("migrations/0007_promises.sql"),
    include_str!("migrations/0008_report.sql"),
    include_str!("migrations/0009_report_promises.sql"),
    include_str!("migrations/0010_record_indexes.sql"),
    include_str!("migrations/0011_identity.sql"),
    include_str!("migrations/0012_dials.sql"),
    include_str!("migrations/0013_sync.sql"),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}
