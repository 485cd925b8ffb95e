//! Everything the recruiter can ask for, as values.
//!
//! Keys become `Action`s (see `keymap`); `update` applies them. Nothing
//! here knows about the terminal, so a whole day can be driven in tests.

use crate::domain::Outcome;

/// A key inside a text field (notes, drop reason), independent of the
/// terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKey {
    Char(char),
    Newline,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    /// Save and close.
    Save,
    /// Close without saving (asks first when there are changes).
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Close the overlay or view on top (Esc).
    Back,
    /// Tab: day ↔ callback queue.
    SwitchFocus,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    PrevDay,
    NextDay,
    Today,
    Mark(Outcome),
    /// `m`: the menu of every other outcome.
    OutcomeMenu,
    /// `r`: move the selected screen to another slot.
    Reschedule,
    /// `/`: find a candidate by name or phone.
    OpenSearch,
    Undo,
    /// `L`: sync the live calendars now.
    SyncNow,
    /// Enter: the selected call's (or callback's) detail.
    OpenDetail,
    EditCallNote,
    EditCandidateNote,
    /// The selected candidate rang in.
    LogInbound,
    /// Queue: open the slot picker for the selected callback.
    PlaceCallback,
    CallbackReached,
    SnoozeCallback,
    /// Queue: ask for a reason, then drop.
    DropCallback,
    /// Answer to a y/n question.
    Confirm(bool),
    /// Enter in a picker.
    Choose,
    /// A key for the open text field.
    Edit(EditKey),
    /// A digit: pick the n-th item of a short list (slot picker, reasons).
    Pick(usize),
    /// Time passed: refresh the clock, and the data if another process wrote.
    Tick,
    /// Mouse click on a row of the focused list (row index in the list).
    Select(usize),
    /// `D`: set do-not-call (asks why), or clear it (asks first).
    ToggleDoNotCall,
    /// `S` in the detail: pick the candidate's stage.
    SetStage,
    /// `P`: the open promises view (again to close it).
    TogglePromises,
    /// `O`: the close-the-loop view (again to close it).
    ToggleOwed,
    /// `p` on a call or in the detail: a promise, "what, by when".
    AddPromise,
    /// On a promise: kept.
    KeepPromise,
    /// On a promise: a new due day, with a reason.
    MovePromise,
    /// On a promise: a "no news yet" call was made.
    PromiseNoNews,
    /// `R`: the week in numbers.
    OpenReport,
    /// In the report: the week before, the week after, this week.
    PrevWeek,
    NextWeek,
    ThisWeek,
    /// `y`: the template that fits (or the one on show in the detail),
    /// filled for the selected candidate, to the clipboard.
    CopyTemplate,
    /// `T` in the detail: show the next template.
    NextTemplate,
    /// `c` on a call or callback: run the dial command for the candidate.
    Dial,
    /// `Y`: the selected candidate's number to the clipboard.
    CopyNumber,
    /// `b`: book a screen into a free slot of the day.
    Book,
}
