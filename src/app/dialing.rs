//! `c` dials the selected candidate, `Y` copies their number, and the
//! call in progress is opened, timed and closed.
//!
//! Every dial goes through `domain::dial::dial_target`, so a do-not-call
//! candidate is never dialled (there is no override from the key) and a
//! number that is not international is never guessed at. The dial is
//! recorded (schema 12's `dials`) once the command has started; the next
//! mark closes it with its length and links the attempt the mark wrote.

use super::{App, Confirm, Focus, Mode, Pending, StatusKind};
use crate::domain::callback::week_span;
use crate::domain::dial::{command_line, dial_target, e164_of};
use crate::domain::live_call::{clock_text, ClosedBy, LineResult};
use crate::domain::{Candidate, Undo};
use crate::error::{Error, Result};
use crate::store::Store;

/// The candidate the selection is about, and the screen if it is a call.
fn subject(app: &App, store: &Store) -> Result<(Candidate, Option<i64>)> {
    match &app.mode {
        Mode::Detail(d) => Ok((d.candidate.clone(), d.call.as_ref().map(|c| c.id))),
        Mode::Normal => match app.focus {
            Focus::Day => app
                .selected_call()
                .map(|c| (c.candidate.clone(), Some(c.id)))
                .ok_or_else(super::update::no_call),
            Focus::Queue => {
                let cb = app
                    .selected_callback()
                    .ok_or_else(|| Error::Invalid("no callback selected".into()))?;
                // The record as it is now: the flag may have changed.
                Ok((store.candidate(cb.candidate.id)?, None))
            }
        },
        _ => Err(Error::Invalid("nothing selected to dial".into())),
    }
}

/// `c`: dial the selected call's or callback's candidate, asking first
/// when this would be one attempt too many this week.
pub(super) fn dial(app: &mut App, store: &Store) -> Result<()> {
    if let Some(live) = &app.live_call {
        return Err(Error::Refused(format!(
            "on a call with {} since {}: mark it first",
            crate::sanitize::line(&live.name),
            app.when(live.started)
        )));
    }
    let (candidate, screen_id) = subject(app, store)?;
    let target = dial_target(&candidate).map_err(|r| Error::Refused(r.to_string()))?;
    let attempts = attempts_this_week(app, store, candidate.id)?;
    let policy = &app.settings.rules.policy;
    if policy.over_cadence(attempts) {
        let prompt = format!(
            "{} has had {attempts} call attempts this week (limit {}). Dial again?",
            target.name, policy.weekly_attempt_limit
        );
        let under = std::mem::replace(&mut app.mode, Mode::Normal);
        let on_yes = Pending::Dial {
            candidate_id: candidate.id,
            screen_id,
        };
        app.mode = Mode::Confirm(Box::new(Confirm { prompt, on_yes }), Box::new(under));
        return Ok(());
    }
    dial_now(app, store, candidate.id, screen_id)
}

/// The marks' attempts this week plus the dials no mark accounts for.
fn attempts_this_week(app: &App, store: &Store, candidate_id: i64) -> Result<u32> {
    let zone = app.settings.zone();
    let (from, to) = week_span(zone, app.now);
    Ok(store.attempts_in_week(candidate_id, zone, app.now)?
        + store.unmarked_dials_between(candidate_id, from, to)?)
}

/// Runs the dial command for `candidate_id` and opens the call. The record
/// is read again, so a flag set since the question still refuses.
pub(super) fn dial_now(
    app: &mut App,
    store: &Store,
    candidate_id: i64,
    screen_id: Option<i64>,
) -> Result<()> {
    let candidate = store.candidate(candidate_id)?;
    let target = dial_target(&candidate).map_err(|r| Error::Refused(r.to_string()))?;
    let (program, args) = command_line(&app.settings.dial_command, &target)
        .ok_or_else(|| Error::Invalid("dial_command is empty: set it in the config".into()))?;
    if let Err(e) = app.dialer.spawn(&program, &args, &target.e164) {
        app.clipboard = Some(target.e164.clone());
        app.set_status(
            StatusKind::Warning,
            format!(
                "{e}: copied {} to the clipboard, dial it by hand",
                target.e164
            ),
        );
        return Ok(());
    }
    let live = store.open_dial(candidate.id, screen_id, &target.e164, app.now)?;
    tracing::info!(dial = live.id, "dialled");
    app.live_call = Some(live);
    app.set_status(
        StatusKind::Success,
        format!(
            "Dialling {} {} · the next mark ends the call",
            target.name, target.e164
        ),
    );
    Ok(())
}

/// Closes the call in progress after a mark: its length, and the attempt
/// the mark wrote when it is about the same candidate. Returns what to add
/// to the status line ("" when no call was open).
pub(super) fn close_on_mark(app: &mut App, store: &Store, undo: &Undo) -> Result<String> {
    let Some(live) = app.live_call.clone() else {
        return Ok(String::new());
    };
    // The attempt the action wrote: the `attempts` row its journal shows
    // as inserted (a mark, a dial result, a callback reached).
    let attempt = undo
        .rows
        .iter()
        .find(|r| r.table == "attempts" && r.before.is_none() && r.after.is_some())
        .map(|r| r.rowid);
    // Only the candidate's own attempt is linked: a mark on another row
    // still ends the call, but is not what the line did.
    let attempt = match attempt {
        Some(a) => store
            .attempts_for(live.candidate_id)?
            .iter()
            .any(|x| x.id == a)
            .then_some(a),
        None => None,
    };
    let secs = store.close_dial(live.id, app.now, ClosedBy::Mark, None, attempt)?;
    app.live_call = None;
    Ok(format!(
        " · call with {} ended, {}",
        crate::sanitize::line(&live.name),
        clock_text(secs.unwrap_or(0))
    ))
}

/// Each tick: a dial command that failed is said, and its number copied.
/// The call it opened is closed as failed: nothing rang.
pub(super) fn tick(app: &mut App, store: &Store) -> Result<()> {
    for exit in app.dialer.take_exits() {
        if let Some(live) = app.live_call.clone().filter(|l| l.number == exit.number) {
            store.close_dial(
                live.id,
                app.now,
                ClosedBy::HangUp,
                Some(LineResult::Failed),
                None,
            )?;
            app.live_call = None;
        }
        let how = exit
            .code
            .map_or_else(|| "was stopped".to_string(), |c| format!("exited with {c}"));
        app.clipboard = Some(exit.number.clone());
        app.set_status(
            StatusKind::Warning,
            format!(
                "dial_command '{}' {how}: copied {} to the clipboard, dial it by hand",
                exit.program, exit.number
            ),
        );
    }
    Ok(())
}

/// At start: a call left open when the app last quit is closed (its
/// length is not known) and the status line says so.
pub fn close_left_open(app: &mut App, store: &Store) -> Result<()> {
    let closed = store.close_left_open_dials(app.now)?;
    app.live_call = None;
    if let Some(last) = closed.last() {
        app.set_status(
            StatusKind::Warning,
            format!(
                "The call with {} from {} was still open when callsheet quit: closed, length unknown",
                crate::sanitize::line(&last.name),
                app.when(last.started)
            ),
        );
    }
    Ok(())
}

/// `Y`: the selected candidate's number to the clipboard, in E.164 when it
/// can be written so.
pub(super) fn copy_number(app: &mut App, store: &Store) -> Result<()> {
    let (candidate, _) = subject(app, store)?;
    crate::domain::dnc::may_contact(&candidate, false)
        .map_err(|r| Error::Refused(format!("{r}: number not copied")))?;
    let number = e164_of(&candidate.phone)
        .unwrap_or_else(|| crate::sanitize::line(&candidate.phone).trim().to_string());
    let name = crate::sanitize::line(&candidate.name);
    if number.is_empty() {
        return Err(Error::Invalid(format!("{name} has no phone number")));
    }
    app.set_status(StatusKind::Success, format!("Copied {number} ({name})"));
    app.clipboard = Some(number);
    Ok(())
}
