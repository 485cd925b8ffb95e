//! Outcomes beyond `a`/`v`/`n`: the `m` menu (attempt results that leave a
//! screen open, cancellations), the cadence question before queuing one
//! callback too many, and `r` (reschedule).
//!
//! Two layers, as dialers keep them: what the phone did (an attempt: busy,
//! no answer, wrong number) and what happened to the screen (held,
//! voicemail, no-show, cancelled, rescheduled).

use super::update::{done, no_call, no_free_slot, PICKER_SLOTS};
use super::{App, Confirm, Editor, Focus, Mode, Pending, StatusKind};
use crate::domain::callback::week_span;
use crate::domain::change::{parse_told_at, ChangedBy, ScreenChange};
use crate::domain::{AttemptResult, Call, Candidate, Interval, Outcome};
use crate::error::{Error, Result};
use crate::store::{MarkOptions, Store};

/// One line of the `m` menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    /// A screen outcome (the same as its one-key mark).
    Mark(Outcome),
    /// A dial that leaves the screen open.
    Attempt(AttemptResult),
    /// The screen is off; asks when they were told.
    Cancel(ChangedBy),
}

/// The menu, in the order its digits pick.
pub const MENU: [(MenuItem, &str); 9] = [
    (
        MenuItem::Mark(Outcome::Answered),
        "answered: screen held (a)",
    ),
    (MenuItem::Mark(Outcome::Voicemail), "voicemail left (v)"),
    (MenuItem::Mark(Outcome::NoShow), "no-show (n)"),
    (
        MenuItem::Attempt(AttemptResult::NoAnswer),
        "no answer: try again (screen stays open)",
    ),
    (
        MenuItem::Attempt(AttemptResult::Busy),
        "busy: try again (screen stays open)",
    ),
    (
        MenuItem::Attempt(AttemptResult::WrongNumber),
        "wrong number (fix the phone on their record)",
    ),
    (
        MenuItem::Cancel(ChangedBy::Candidate),
        "cancelled by the candidate…",
    ),
    (MenuItem::Cancel(ChangedBy::Recruiter), "cancelled by us…"),
    (
        MenuItem::Cancel(ChangedBy::HiringManager),
        "cancelled by the hiring manager…",
    ),
];

/// Who asked for a reschedule, offered by number after the slot.
pub const RESCHEDULE_REASONS: [(&str, ChangedBy); 4] = [
    ("the candidate asked to move it", ChangedBy::Candidate),
    ("rebooking a missed screen", ChangedBy::Candidate),
    ("the hiring manager's calendar", ChangedBy::HiringManager),
    ("a clash on our side", ChangedBy::Recruiter),
];

/// The `m` menu over one call.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeMenu {
    pub call_id: i64,
    /// "10:00 Ana Souza", for the title.
    pub title: String,
    pub selected: usize,
}

/// `r`: first a slot, then who asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Reschedule {
    pub call_id: i64,
    pub title: String,
    /// Whose screen it is, for their local time beside each slot.
    pub candidate: Candidate,
    pub slots: Vec<Interval>,
    pub selected: usize,
    /// Set once a slot is chosen: the reason list is on show.
    pub slot: Option<Interval>,
}

impl Reschedule {
    /// How many rows the current step offers.
    pub fn len(&self) -> usize {
        if self.slot.is_some() {
            RESCHEDULE_REASONS.len()
        } else {
            self.slots.len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The call the keys act on: the day's selection, or the detail's call.
fn subject_call(app: &App) -> Result<&Call> {
    match &app.mode {
        Mode::Detail(d) => d
            .call
            .as_ref()
            .ok_or_else(|| Error::Invalid("this record was opened without a call".into())),
        _ if app.focus == Focus::Day => app.selected_call().ok_or_else(no_call),
        _ => Err(Error::Invalid(
            "outcomes apply to calls in the day: Tab to the day first".into(),
        )),
    }
}

pub fn open_menu(app: &mut App) -> Result<()> {
    let call = subject_call(app)?;
    let title = format!("{} {}", app.when(call.start), call.candidate.name);
    app.mode = Mode::Outcomes(OutcomeMenu {
        call_id: call.id,
        title,
        selected: 0,
    });
    Ok(())
}

/// Runs menu line `i` on the menu's call.
pub fn menu_choose(app: &mut App, store: &Store, i: usize) -> Result<()> {
    let Mode::Outcomes(menu) = &app.mode else {
        return Ok(());
    };
    let Some((item, _)) = MENU.get(i).copied() else {
        return Ok(());
    };
    let (call_id, title) = (menu.call_id, menu.title.clone());
    match item {
        MenuItem::Mark(o) => {
            app.mode = Mode::Normal;
            super::update::mark_call(app, store, call_id, o)
        }
        MenuItem::Attempt(result) => {
            let undo = store.log_attempt(call_id, result, app.now, app.settings.zone())?;
            app.mode = Mode::Normal;
            let warn = result == AttemptResult::WrongNumber;
            let ended = super::dialing::close_on_mark(app, store, &undo)?;
            done(app, store, undo, StatusKind::Success)?;
            if let Some(s) = app.status.as_mut() {
                s.text.push_str(&ended);
            }
            if warn {
                app.set_status(
                    StatusKind::Warning,
                    "Saved: wrong number. Check the phone on their record before calling again",
                );
            }
            Ok(())
        }
        MenuItem::Cancel(by) => {
            let prompt = format!(
                "{title}: cancelled {}. When were you told? (now, 09:15, yesterday 16:00, -2h)",
                by.phrase()
            );
            app.mode = Mode::ToldAt {
                call_id,
                by,
                input: Editor::new(None, prompt, "now", false),
            };
            Ok(())
        }
    }
}

/// Enter in the "when were you told?" prompt: cancels the screen.
pub fn save_cancellation(
    app: &mut App,
    store: &Store,
    call_id: i64,
    by: ChangedBy,
    text: &str,
) -> Result<()> {
    let told_at = parse_told_at(text, app.now, app.settings.zone()).map_err(Error::Invalid)?;
    let change = ScreenChange {
        by,
        told_at,
        reason: String::new(),
    };
    let opts = MarkOptions {
        change: Some(change),
        ..MarkOptions::default()
    };
    app.mode = Mode::Normal;
    super::update::apply_mark(app, store, call_id, Outcome::Cancelled, &opts)
}

/// Before a voicemail or no-show queues a callback: would that callback be
/// one attempt too many this week? Asks when it would; `None` means go on.
pub fn cadence_question(
    app: &App,
    store: &Store,
    call: &Call,
    outcome: Outcome,
) -> Result<Option<Confirm>> {
    let policy = &app.settings.rules.policy;
    if !outcome.queues_callback() || call.candidate.do_not_call {
        return Ok(None);
    }
    let zone = app.settings.zone();
    // Only a callback that would fall in this same week counts against it.
    let Some(earliest) = policy.earliest(outcome, call.start, app.now, &app.settings.rules.hours)
    else {
        return Ok(None);
    };
    if earliest >= week_span(zone, app.now).1 {
        return Ok(None);
    }
    let before = store.attempts_in_week(call.candidate.id, zone, app.now)?;
    let after = before + u32::from(outcome.is_dial());
    if !policy.over_cadence(after) {
        return Ok(None);
    }
    Ok(Some(Confirm {
        prompt: format!(
            "{} has had {after} call attempts this week (limit {}). Queue another callback? \
             y: queue it · n: mark {outcome} without one",
            call.candidate.name, policy.weekly_attempt_limit
        ),
        on_yes: Pending::CadenceMark {
            call_id: call.id,
            outcome,
        },
    }))
}

pub fn open_reschedule(app: &mut App, store: &Store) -> Result<()> {
    let call = subject_call(app)?.clone();
    crate::domain::dnc::may_contact(&call.candidate, false)
        .map_err(|r| Error::Refused(format!("{r}: no new screen")))?;
    let slots = store.reschedule_slots(call.id, app.now, &app.settings.rules, PICKER_SLOTS)?;
    if slots.is_empty() {
        return Err(no_free_slot(app, &call.candidate.name));
    }
    app.mode = Mode::Reschedule(Reschedule {
        call_id: call.id,
        title: format!("{} {}", app.when(call.start), call.candidate.name),
        candidate: call.candidate.clone(),
        slots,
        selected: 0,
        slot: None,
    });
    Ok(())
}

/// Enter or a digit in the reschedule picker: a slot, then a reason.
pub fn reschedule_choose(app: &mut App, store: &Store, i: usize) -> Result<()> {
    let Mode::Reschedule(r) = &mut app.mode else {
        return Ok(());
    };
    match r.slot {
        None => {
            if let Some(slot) = r.slots.get(i).copied() {
                r.slot = Some(slot);
                r.selected = 0;
            }
            Ok(())
        }
        Some(slot) => {
            let Some((reason, by)) = RESCHEDULE_REASONS.get(i).copied() else {
                return Ok(());
            };
            let change = ScreenChange {
                by,
                told_at: app.now,
                reason: reason.to_string(),
            };
            let call_id = r.call_id;
            let (new_id, undo) =
                store.reschedule(call_id, slot, change, false, app.now, &app.settings.rules)?;
            app.mode = Mode::Normal;
            done(app, store, undo, StatusKind::Success)?;
            if let Some(i) = app.calls.iter().position(|c| c.id == new_id) {
                app.call_sel = Some(i);
            }
            Ok(())
        }
    }
}
