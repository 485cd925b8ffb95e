//! The rules of a recruiter's call day, in plain Rust.
//!
//! Nothing in here may import ratatui, crossterm or rusqlite: these types and
//! functions are what the store persists and the screens show, and they are
//! tested with plain values (see each module's `tests`).

pub mod attempt;
pub mod call;
pub mod callback;
pub mod candidate;
pub mod change;
pub mod day;
pub mod dial;
pub mod dnc;
pub mod dst;
pub mod identity;
pub mod live_call;
pub mod notify;
pub mod occupancy;
pub mod outcome;
pub mod owed;
pub mod phone;
pub mod policy;
pub mod promise;
pub mod record;
pub mod report;
pub mod slot;
pub mod stage;
pub mod template;
pub mod undo;

pub use attempt::{Attempt, AttemptResult, Direction};
pub use call::{Call, CallKind};
pub use callback::{Bucket, Callback, CallbackReason, CallbackStatus};
pub use candidate::{Candidate, CandidateHit};
pub use day::DayRow;
pub use outcome::Outcome;
pub use policy::CallbackPolicy;
pub use promise::{Promise, PromiseStatus};
pub use slot::{Interval, WorkingHours};
pub use stage::Stage;
pub use undo::Undo;

/// The rules the store applies when a mark queues a callback: the
/// recruiter's working week and the callback policy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub hours: WorkingHours,
    pub policy: CallbackPolicy,
}
