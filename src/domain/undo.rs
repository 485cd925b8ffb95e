//! What the app can take back, one recruiter action at a time.
//!
//! Each variant holds exactly what is needed to restore the state before
//! the action; the store applies it in one transaction.

use super::change::ScreenChange;
use super::{CallbackStatus, Outcome, PromiseStatus, Stage};
use chrono::{DateTime, Utc};

/// How a callback looked before an action changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackBefore {
    pub id: i64,
    pub status: CallbackStatus,
    pub due: DateTime<Utc>,
    pub called_in_at: Option<DateTime<Utc>>,
}

/// A promise as it was before an action changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct PromiseBefore {
    pub status: PromiseStatus,
    pub due: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A candidate's do-not-call flag as it was before it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct DncBefore {
    pub on: bool,
    pub reason: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    /// A mark (or correction) of a call. Undo removes the attempt and the
    /// open callback the mark recorded and restores the previous outcome;
    /// a placed callback the mark closed as reached is found again through
    /// the call's `from_callback_id`, so it needs no field here.
    Mark {
        screen_id: i64,
        previous: Outcome,
        previous_marked_at: Option<DateTime<Utc>>,
        /// The cancellation record the previous mark carried.
        previous_change: Option<ScreenChange>,
        /// What the mark wrote: removed on undo.
        attempt_id: Option<i64>,
        callback_id: Option<i64>,
        label: String,
    },
    /// A change to a queued callback: reached, snoozed, dropped or placed.
    Callback {
        before: CallbackBefore,
        /// A call the action put on the calendar (placing), removed on undo.
        created_screen: Option<i64>,
        /// An attempt the action logged (reached), removed on undo.
        created_attempt: Option<i64>,
        label: String,
    },
    /// A screen moved to another slot (see `Store::reschedule`).
    Reschedule {
        old_id: i64,
        /// The screen booked in the new slot: removed on undo.
        new_id: i64,
        /// Whether the old screen was marked rescheduled by this action.
        marked_old: bool,
        /// The missed screen's callback as it was before the new booking.
        callback: Option<CallbackBefore>,
        label: String,
    },
    /// A dial that left the screen open (busy, no answer, wrong number).
    Attempt { attempt_id: i64, label: String },
    /// An inbound call logged against a candidate.
    Inbound {
        attempt_id: i64,
        /// The candidate's callback as it was, when they already had one.
        callback: Option<CallbackBefore>,
        /// The callback the inbound call queued, when they had none.
        created_callback: Option<i64>,
        label: String,
    },
    /// Do-not-call set or cleared; setting it dropped `dropped`.
    DoNotCall {
        candidate_id: i64,
        before: DncBefore,
        /// The open callbacks the flag dropped, restored on undo.
        dropped: Vec<CallbackBefore>,
        label: String,
    },
    /// A promise added, kept, moved or met by a "no news yet" call.
    Promise {
        promise_id: i64,
        /// `None` when the action created the promise (undo deletes it).
        before: Option<PromiseBefore>,
        /// The history row the action wrote, removed on undo.
        move_id: Option<i64>,
        /// The "no news yet" call it logged, removed on undo.
        attempt_id: Option<i64>,
        label: String,
    },
    /// A screen booked into a free slot (`b`, `callsheet book`): undo
    /// removes it, and the candidate too when the booking created them
    /// and nothing else refers to them.
    Book {
        screen_id: i64,
        created_candidate: Option<i64>,
        label: String,
    },
    /// A candidate's stage changed.
    Stage {
        candidate_id: i64,
        before: Stage,
        before_at: Option<DateTime<Utc>>,
        label: String,
    },
}

impl Undo {
    /// What the action was, for "undone: voicemail on Ana Souza 10:00".
    pub fn label(&self) -> &str {
        match self {
            Undo::Mark { label, .. }
            | Undo::Callback { label, .. }
            | Undo::Inbound { label, .. }
            | Undo::DoNotCall { label, .. }
            | Undo::Stage { label, .. }
            | Undo::Promise { label, .. }
            | Undo::Reschedule { label, .. }
            | Undo::Book { label, .. }
            | Undo::Attempt { label, .. } => label,
        }
    }
}
