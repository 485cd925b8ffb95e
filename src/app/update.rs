//! Applies one `Action` to the `App` (and, for writes, the `Store`).
//!
//! Every write goes to the store first; only when it has committed does the
//! state change and the status line say so. A failed write leaves the state
//! as it was and says why. Nothing here draws.

use super::editor::EditOutcome;
use super::{
    Action, App, Confirm, Detail, Editor, Focus, Mode, NoteTarget, Pending, SlotPicker, StatusKind,
    DROP_REASONS,
};
use crate::domain::{call::focus_index, Interval, Outcome};
use crate::error::{Error, Result};
use crate::store::{MarkOptions, Store};
use chrono::{DateTime, Duration, Utc};

/// How many free slots the picker offers.
pub const PICKER_SLOTS: usize = 8;
/// Rows a page key moves.
const PAGE: usize = 10;

/// Applies `action` at time `now`. Errors end up in the status line.
pub fn update(app: &mut App, store: &Store, action: Action, now: DateTime<Utc>) {
    let old_today = app.today();
    app.now = now;
    if let Err(e) = apply(app, store, action, old_today) {
        let kind = match e {
            Error::Refused(_) | Error::NotFound(_) | Error::Invalid(_) => StatusKind::Warning,
            _ => StatusKind::Error,
        };
        app.set_status(kind, e.to_string());
    }
}

fn apply(app: &mut App, store: &Store, action: Action, old_today: chrono::NaiveDate) -> Result<()> {
    if let Some(r) = super::forms::intercept(app, store, &action) {
        return r;
    }
    if let Some(r) = super::promises::intercept(app, store, &action) {
        return r;
    }
    if let Some(r) = super::booking::intercept(app, store, &action) {
        return r;
    }
    match action {
        Action::Tick => tick(app, store, old_today),
        Action::Quit => {
            app.should_quit = true;
            Ok(())
        }
        Action::ToggleHelp => {
            app.help_scroll = 0;
            app.mode = if app.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
            Ok(())
        }
        Action::Back => {
            match app.mode {
                Mode::Normal => app.status = None,
                _ => app.mode = Mode::Normal,
            }
            Ok(())
        }
        Action::SwitchFocus => {
            app.focus = match app.focus {
                Focus::Day => Focus::Queue,
                Focus::Queue => Focus::Day,
            };
            Ok(())
        }
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -(PAGE as i64)),
        Action::PageDown => move_by(app, PAGE as i64),
        Action::Top => move_by(app, i64::MIN / 2),
        Action::Bottom => move_by(app, i64::MAX / 2),
        Action::Select(i) => {
            match app.focus {
                Focus::Day if i < app.calls.len() => {
                    app.call_sel = Some(i);
                    clear_done_status(app);
                }
                Focus::Queue if i < app.queue.len() => app.queue_sel = Some(i),
                _ => {}
            }
            Ok(())
        }
        Action::PrevDay => goto_day(app, store, app.date.pred_opt().unwrap_or(app.date)),
        Action::NextDay => goto_day(app, store, app.date.succ_opt().unwrap_or(app.date)),
        Action::Today => goto_day(app, store, app.today()),
        Action::Mark(outcome) => mark(app, store, outcome),
        Action::OutcomeMenu => super::outcomes::open_menu(app),
        Action::Reschedule => super::outcomes::open_reschedule(app, store),
        Action::OpenSearch => super::search::open(app, store),
        Action::Undo => super::undo::undo_last(app, store),
        Action::SyncNow => {
            let msg = if app.calendar.is_some() {
                app.sync_requested = true;
                "syncing the calendars…"
            } else {
                "no live calendars: add [[calendars]] to the config (docs/calendars.md)"
            };
            app.set_status(StatusKind::Info, msg.to_string());
            Ok(())
        }
        Action::OpenDetail => open_detail(app, store),
        Action::EditCallNote => edit_call_note(app),
        Action::EditCandidateNote => edit_candidate_note(app, store),
        Action::LogInbound => log_inbound(app, store),
        Action::PlaceCallback => open_picker(app, store),
        Action::CallbackReached => {
            let cb = selected_callback_id(app)?;
            let undo = store.callback_reached(cb, app.now, &app.settings.rules)?;
            let ended = super::dialing::close_on_mark(app, store, &undo)?;
            done(app, store, undo, StatusKind::Success)?;
            if let Some(s) = app.status.as_mut() {
                s.text.push_str(&ended);
            }
            Ok(())
        }
        Action::SnoozeCallback => {
            let cb = selected_callback_id(app)?;
            if let Some(c) = app.selected_callback().filter(|c| c.candidate.do_not_call) {
                let prompt = format!("{}. Snooze their callback anyway?", dnc_refusal(c));
                ask(app, prompt, Pending::SnoozeAnyway { callback_id: cb });
                return Ok(());
            }
            snooze(app, store, cb, false)
        }
        Action::DropCallback => {
            let cb = app.selected_callback().ok_or_else(no_callback)?;
            let title = format!("Drop the callback to {} because…", cb.candidate.name);
            app.mode = Mode::DropReason {
                callback_id: cb.id,
                candidate: cb.candidate.name.clone(),
                input: Editor::new(None, title, "", false),
            };
            Ok(())
        }
        Action::Choose => match &app.mode {
            Mode::PickSlot(p) => {
                let (id, i) = (p.callback_id, p.selected);
                choose_slot(app, store, id, i)
            }
            Mode::Outcomes(m) => {
                let i = m.selected;
                super::outcomes::menu_choose(app, store, i)
            }
            Mode::Reschedule(r) => {
                let i = r.selected;
                super::outcomes::reschedule_choose(app, store, i)
            }
            Mode::Search(_) => super::search::choose(app, store),
            _ => Ok(()),
        },
        Action::Pick(i) => match &mut app.mode {
            Mode::PickSlot(p) => {
                let id = p.callback_id;
                choose_slot(app, store, id, i)
            }
            Mode::Outcomes(_) => super::outcomes::menu_choose(app, store, i),
            Mode::Reschedule(_) => super::outcomes::reschedule_choose(app, store, i),
            Mode::DropReason { input, .. } => {
                if input.text.is_empty() {
                    if let Some(r) = DROP_REASONS.get(i) {
                        *input = Editor::new(None, input.title.clone(), r, false);
                    }
                } else if let Some(d) = char::from_digit((i + 1) as u32, 10) {
                    input.apply(super::EditKey::Char(d));
                }
                Ok(())
            }
            _ => Ok(()),
        },
        Action::Edit(key) => edit(app, store, key),
        Action::ToggleDoNotCall => super::forms::toggle_dnc(app, store),
        Action::SetStage => super::forms::open_stage(app, store),
        Action::TogglePromises => super::promises::toggle_promises(app),
        Action::ToggleOwed => super::promises::toggle_owed(app, store),
        Action::AddPromise => super::promises::add(app, store),
        Action::KeepPromise => super::promises::keep(app, store),
        Action::MovePromise => super::promises::start_move(app, store),
        Action::PromiseNoNews => super::promises::no_news(app, store),
        Action::Confirm(yes) => confirm(app, store, yes),
        Action::OpenReport => super::report::open(app, store),
        Action::PrevWeek => super::report::shift(app, store, -1),
        Action::NextWeek => super::report::shift(app, store, 1),
        Action::ThisWeek => super::report::this_week(app, store),
        Action::CopyTemplate => super::templates::copy(app, store),
        Action::NextTemplate => super::templates::next(app),
        Action::Dial => super::dialing::dial(app, store),
        Action::CopyNumber => super::dialing::copy_number(app, store),
        Action::Book => super::booking::open(app),
    }
}

/// The refusal when the finder has nothing within the policy's horizon.
pub(super) fn no_free_slot(app: &App, name: &str) -> Error {
    Error::Refused(format!(
        "no free slot in the next {} days that suits {name}",
        app.settings.rules.policy.horizon_days
    ))
}

pub(crate) fn no_call() -> Error {
    Error::Invalid("no call selected".into())
}

fn no_callback() -> Error {
    Error::Invalid("no callback selected".into())
}

fn selected_callback_id(app: &App) -> Result<i64> {
    if app.focus != Focus::Queue {
        return Err(Error::Invalid(
            "switch to the callback queue (Tab) first".into(),
        ));
    }
    app.selected_callback()
        .map(|c| c.id)
        .ok_or_else(no_callback)
}

/// "Ana Souza is do-not-call (moved abroad)", from the domain rule.
fn dnc_refusal(cb: &crate::domain::Callback) -> String {
    crate::domain::dnc::may_contact(&cb.candidate, false)
        .err()
        .map(|r| r.to_string())
        .unwrap_or_default()
}

/// Asks a yes/no question over the current view.
fn ask(app: &mut App, prompt: String, on_yes: Pending) {
    let under = std::mem::replace(&mut app.mode, Mode::Normal);
    app.mode = Mode::Confirm(Box::new(Confirm { prompt, on_yes }), Box::new(under));
}

fn snooze(app: &mut App, store: &Store, cb: i64, allow_dnc: bool) -> Result<()> {
    let rules = &app.settings.rules;
    let (_, undo) = store.snooze_callback_with(cb, allow_dnc, app.now, rules)?;
    done(app, store, undo, StatusKind::Success)
}

/// `done`, and the detail on show (if any) re-read so it shows the change.
pub(super) fn refresh_after(
    app: &mut App,
    store: &Store,
    undo: crate::domain::Undo,
    kind: StatusKind,
) -> Result<()> {
    done(app, store, undo, kind)?;
    if let Mode::Detail(d) = &app.mode {
        let fresh = refresh_detail(app, store, d)?;
        app.mode = Mode::Detail(Box::new(fresh));
    }
    Ok(())
}

/// After a committed write: remember how to undo it, reload, say so.
pub(super) fn done(
    app: &mut App,
    store: &Store,
    undo: crate::domain::Undo,
    kind: StatusKind,
) -> Result<()> {
    let text = undo.label().to_string();
    app.undo.push(undo);
    app.set_status(kind, format!("Saved: {text}"));
    app.reload(store)
}

fn tick(app: &mut App, store: &Store, old_today: chrono::NaiveDate) -> Result<()> {
    let today = app.today();
    if today != old_today && app.date == old_today {
        // Past midnight with today on show: follow the day.
        app.date = today;
        app.call_sel = None;
        app.reload(store)?;
        app.call_sel = focus_index(&app.calls, app.now);
        return Ok(());
    }
    super::dialing::tick(app, store)?;
    if store.data_version()? != app.data_version {
        // Another window or a CLI `mark` wrote: show it.
        app.reload(store)?;
        if let Mode::Detail(d) = &app.mode {
            let fresh = refresh_detail(app, store, d)?;
            app.mode = Mode::Detail(Box::new(fresh));
        }
        super::report::refresh(app, store)?;
    } else {
        app.rebuild();
    }
    Ok(())
}

fn move_by(app: &mut App, delta: i64) -> Result<()> {
    fn step(sel: Option<usize>, len: usize, delta: i64) -> Option<usize> {
        if len == 0 {
            return None;
        }
        let cur = sel.unwrap_or(0) as i64;
        Some((cur.saturating_add(delta)).clamp(0, len as i64 - 1) as usize)
    }
    match &mut app.mode {
        Mode::Help => {
            let max = app.max_scroll.get().unwrap_or(0);
            let s = i64::from(app.help_scroll.min(max))
                .saturating_add(delta)
                .clamp(0, i64::from(max));
            app.help_scroll = s as u16;
        }
        Mode::Detail(d) => {
            let max = app.max_scroll.get().unwrap_or(u16::MAX);
            let s = i64::from(d.scroll.min(max))
                .saturating_add(delta)
                .clamp(0, i64::from(max));
            d.scroll = s as u16;
        }
        Mode::PickSlot(p) => {
            p.selected = step(Some(p.selected), p.slots.len(), delta).unwrap_or(0);
        }
        Mode::Outcomes(m) => {
            m.selected = step(Some(m.selected), super::MENU.len(), delta).unwrap_or(0);
        }
        Mode::Reschedule(r) => {
            r.selected = step(Some(r.selected), r.len(), delta).unwrap_or(0);
        }
        Mode::Search(s) => {
            s.selected = step(Some(s.selected), s.hits.len(), delta).unwrap_or(0);
        }
        _ => match app.focus {
            Focus::Day => {
                app.call_sel = step(app.call_sel, app.calls.len(), delta);
                clear_done_status(app);
            }
            Focus::Queue => app.queue_sel = step(app.queue_sel, app.queue.len(), delta),
        },
    }
    Ok(())
}

/// Moving to another call lets go of a "Saved: …" message, so the status
/// line shows the new call's reliability warning and note before it is
/// dialled. Warnings and errors stay until Esc.
fn clear_done_status(app: &mut App) {
    if app
        .status
        .as_ref()
        .is_some_and(|s| matches!(s.kind, StatusKind::Success | StatusKind::Info))
    {
        app.status = None;
    }
}

fn goto_day(app: &mut App, store: &Store, date: chrono::NaiveDate) -> Result<()> {
    let before = (app.date, app.calls.clone(), app.busy.clone(), app.call_sel);
    app.date = date;
    app.call_sel = None;
    if let Err(e) = app.reload(store) {
        (app.date, app.calls, app.busy, app.call_sel) = before;
        app.rebuild();
        return Err(e);
    }
    app.call_sel = if date == app.today() {
        focus_index(&app.calls, app.now)
    } else if app.calls.is_empty() {
        None
    } else {
        Some(0)
    };
    app.focus = Focus::Day;
    Ok(())
}

fn mark(app: &mut App, store: &Store, outcome: Outcome) -> Result<()> {
    if app.focus != Focus::Day {
        return Err(Error::Invalid(
            "marks apply to calls in the day: Tab to the day first".into(),
        ));
    }
    let id = app.selected_call().ok_or_else(no_call)?.id;
    mark_call(app, store, id, outcome)
}

/// Marks call `id`, asking first when that would change an earlier mark or
/// queue one callback too many this week.
pub(super) fn mark_call(app: &mut App, store: &Store, id: i64, outcome: Outcome) -> Result<()> {
    let call = match app.calls.iter().find(|c| c.id == id) {
        Some(c) => c.clone(),
        None => store.call(id)?,
    };
    if call.outcome == outcome {
        app.set_status(
            StatusKind::Info,
            format!("{} is already marked {outcome}", call.candidate.name),
        );
        return Ok(());
    }
    if call.outcome.is_marked() {
        // Likeliest slip of the day: a wrong key on a call already marked.
        let prompt = format!(
            "{} {} is marked {}. Change it to {}?",
            app.when(call.start),
            call.candidate.name,
            call.outcome,
            outcome
        );
        let confirm = Confirm {
            prompt,
            on_yes: Pending::Remark {
                call_id: call.id,
                outcome,
            },
        };
        app.mode = Mode::Confirm(Box::new(confirm), Box::new(Mode::Normal));
        return Ok(());
    }
    if let Some(confirm) = super::outcomes::cadence_question(app, store, &call, outcome)? {
        app.mode = Mode::Confirm(Box::new(confirm), Box::new(Mode::Normal));
        return Ok(());
    }
    apply_mark(app, store, id, outcome, &MarkOptions::default())
}

/// Writes a mark and says what it did.
pub(super) fn apply_mark(
    app: &mut App,
    store: &Store,
    id: i64,
    outcome: Outcome,
    opts: &MarkOptions,
) -> Result<()> {
    let done = store.mark_as(id, outcome, opts, app.now, &app.settings.rules)?;
    let ended = super::dialing::close_on_mark(app, store, &done.undo)?;
    let mut text = format!("Saved: {}{ended}", done.undo.label());
    let mut kind = StatusKind::Success;
    if let Some(due) = done.callback_due {
        text.push_str(&format!(" — callback queued {}", app.when(due)));
        if !done.callback_in_free_slot {
            text.push_str(" (no free slot found: place it by hand)");
            kind = StatusKind::Warning;
        }
    } else if let Some(why) = &done.refusal {
        text.push_str(&format!(" — {why}: no callback queued"));
        kind = StatusKind::Warning;
    } else if outcome.queues_callback() && !opts.queue_callback {
        text.push_str(" — no callback queued (weekly limit)");
    }
    app.undo.push(done.undo);
    app.reload(store)?;
    app.set_status(kind, text);
    Ok(())
}

/// The candidate (and call) the current selection is about.
pub(super) fn selected_subject(app: &App, store: &Store) -> Result<(i64, Option<i64>)> {
    if let Mode::Detail(d) = &app.mode {
        return Ok((d.candidate.id, d.call.as_ref().map(|c| c.id)));
    }
    match app.focus {
        Focus::Day => app
            .selected_call()
            .map(|c| (c.candidate.id, Some(c.id)))
            .ok_or_else(no_call),
        Focus::Queue => {
            let cb = app.selected_callback().ok_or_else(no_callback)?;
            // The origin call only if it still exists.
            let call = cb.origin_screen_id.filter(|id| store.call(*id).is_ok());
            Ok((cb.candidate.id, call))
        }
    }
}

/// Loads a candidate's record, opened on `call` if given.
pub fn load_detail(app: &App, store: &Store, candidate: i64, call: Option<i64>) -> Result<Detail> {
    let zone = app.settings.zone();
    let history = store.calls_for_candidate(candidate)?;
    let attempts = store.attempts_for(candidate)?;
    Ok(Detail {
        candidate: store.candidate(candidate)?,
        call: match call {
            Some(id) => Some(store.call(id)?),
            None => None,
        },
        figures: crate::domain::record::figures(&history, &attempts, app.now),
        history,
        attempts,
        candidate_note: store.candidate_note(candidate)?,
        attempts_this_week: store.attempts_in_week(candidate, zone, app.now)?,
        promises: store.promises_for(candidate)?,
        scroll: 0,
        template: None,
    })
}

/// The same detail re-read from the store, at the same scroll position.
pub(super) fn refresh_detail(app: &App, store: &Store, d: &Detail) -> Result<Detail> {
    let call = d.call.as_ref().map(|c| c.id);
    Ok(Detail {
        scroll: d.scroll,
        template: d.template,
        ..load_detail(app, store, d.candidate.id, call)?
    })
}

fn open_detail(app: &mut App, store: &Store) -> Result<()> {
    let (cand, call) = selected_subject(app, store)?;
    let detail = load_detail(app, store, cand, call)?;
    app.mode = Mode::Detail(Box::new(detail));
    Ok(())
}

fn edit_call_note(app: &mut App) -> Result<()> {
    let call = match &app.mode {
        Mode::Detail(d) => d.call.clone(),
        _ if app.focus == Focus::Day => app.selected_call().cloned(),
        _ => None,
    }
    .ok_or_else(|| Error::Invalid("no call selected to note".into()))?;
    let title = format!("Note on {} {}", app.when(call.start), call.candidate.name);
    let editor = Editor::new(Some(NoteTarget::Call(call.id)), title, &call.note, true);
    open_editor(app, editor);
    Ok(())
}

fn edit_candidate_note(app: &mut App, store: &Store) -> Result<()> {
    let (cand, _) = selected_subject(app, store)?;
    let candidate = store.candidate(cand)?;
    let text = store.candidate_note(cand)?;
    let title = format!("Note on {}", candidate.name);
    open_editor(
        app,
        Editor::new(Some(NoteTarget::Candidate(cand)), title, &text, true),
    );
    Ok(())
}

fn open_editor(app: &mut App, editor: Editor) {
    let under = std::mem::replace(&mut app.mode, Mode::Normal);
    app.resume = match under {
        Mode::Detail(_) => Some(Box::new(under)),
        _ => None,
    };
    app.mode = Mode::Note(Box::new(editor));
}

/// Closes an editor, back to the detail it was opened from (refreshed).
pub(super) fn close_editor(app: &mut App, store: &Store) -> Result<()> {
    app.mode = Mode::Normal;
    if let Some(prev) = app.resume.take() {
        if let Mode::Detail(d) = *prev {
            app.mode = Mode::Detail(Box::new(refresh_detail(app, store, &d)?));
        }
    }
    Ok(())
}

fn edit(app: &mut App, store: &Store, key: super::EditKey) -> Result<()> {
    match &mut app.mode {
        Mode::Note(editor) => match editor.apply(key) {
            EditOutcome::Editing => Ok(()),
            EditOutcome::Save => {
                let (target, text) = (editor.target, editor.text.clone());
                let changed = editor.is_changed();
                if changed {
                    // On failure the editor stays open with the text intact.
                    // A note is an action like any other: `u` takes it back.
                    let undo = match target {
                        Some(NoteTarget::Call(id)) => {
                            Some(store.save_call_note(id, &text, app.now)?)
                        }
                        Some(NoteTarget::Candidate(id)) => {
                            Some(store.save_candidate_note(id, &text, app.now)?)
                        }
                        None => None,
                    };
                    app.undo.extend(undo);
                }
                close_editor(app, store)?;
                app.reload(store)?;
                app.set_status(
                    if changed {
                        StatusKind::Success
                    } else {
                        StatusKind::Info
                    },
                    if changed {
                        "Saved: note"
                    } else {
                        "Note unchanged"
                    },
                );
                Ok(())
            }
            EditOutcome::Cancel => {
                if editor.is_changed() {
                    let under = std::mem::replace(&mut app.mode, Mode::Normal);
                    let confirm = Confirm {
                        prompt: "Throw away the changes to this note?".into(),
                        on_yes: Pending::DiscardNote,
                    };
                    app.mode = Mode::Confirm(Box::new(confirm), Box::new(under));
                    Ok(())
                } else {
                    close_editor(app, store)
                }
            }
        },
        Mode::ToldAt { call_id, by, input } => match input.apply(key) {
            EditOutcome::Editing => Ok(()),
            EditOutcome::Save => {
                let (id, by, text) = (*call_id, *by, input.text.clone());
                super::outcomes::save_cancellation(app, store, id, by, &text)
            }
            EditOutcome::Cancel => {
                app.mode = Mode::Normal;
                Ok(())
            }
        },
        Mode::Search(_) => super::search::edit(app, store, key),
        Mode::DropReason {
            callback_id, input, ..
        } => match input.apply(key) {
            EditOutcome::Editing => Ok(()),
            EditOutcome::Save => {
                let (id, reason) = (*callback_id, input.text.clone());
                let undo = store.drop_callback(id, &reason, app.now, &app.settings.rules)?;
                app.mode = Mode::Normal;
                done(app, store, undo, StatusKind::Success)
            }
            EditOutcome::Cancel => {
                app.mode = Mode::Normal;
                Ok(())
            }
        },
        _ => Ok(()),
    }
}

fn log_inbound(app: &mut App, store: &Store) -> Result<()> {
    let (cand, call) = selected_subject(app, store)?;
    // Lateness only means something against a call that has started.
    let detail_call = match &app.mode {
        Mode::Detail(d) => d.call.as_ref(),
        _ => None,
    };
    let started = |id: &i64| {
        app.calls
            .iter()
            .chain(detail_call)
            .find(|c| c.id == *id)
            .is_none_or(|c| c.start <= app.now)
    };
    let call = call.filter(started);
    let done = store.log_inbound(cand, call, app.now)?;
    let label = done.undo.label().to_string();
    app.undo.push(done.undo);
    app.reload(store)?;
    if let Some(why) = done.refusal {
        app.set_status(
            StatusKind::Warning,
            format!("Saved: {label} — {why}: no callback queued"),
        );
        return Ok(());
    }
    app.queue_sel = app
        .queue
        .iter()
        .position(|c| Some(c.id) == done.callback_id)
        .or(app.queue_sel);
    app.set_status(
        StatusKind::Success,
        format!("Saved: {label} — their callback is at the top"),
    );
    Ok(())
}

fn open_picker(app: &mut App, store: &Store) -> Result<()> {
    let cb = app
        .selected_callback()
        .filter(|_| app.focus == Focus::Queue)
        .ok_or_else(|| Error::Invalid("select a callback in the queue (Tab) to place it".into()))?;
    if cb.candidate.do_not_call {
        let prompt = format!("{}. Place a callback anyway?", dnc_refusal(cb));
        let callback_id = cb.id;
        ask(app, prompt, Pending::PickSlotAnyway { callback_id });
        return Ok(());
    }
    let id = cb.id;
    show_picker(app, store, id, false)
}

/// The slot picker for callback `id`; `allow_dnc` carries the recruiter's
/// do-not-call override through to the placing.
fn show_picker(app: &mut App, store: &Store, id: i64, allow_dnc: bool) -> Result<()> {
    let cb = app
        .queue
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(no_callback)?;
    let slots = store.free_slots_for(cb.id, app.now, &app.settings.rules, PICKER_SLOTS)?;
    if slots.is_empty() {
        return Err(no_free_slot(app, &cb.candidate.name));
    }
    app.mode = Mode::PickSlot(SlotPicker {
        callback_id: cb.id,
        candidate: cb.candidate.name.clone(),
        slots,
        selected: 0,
        allow_dnc,
    });
    Ok(())
}

fn choose_slot(app: &mut App, store: &Store, callback_id: i64, i: usize) -> Result<()> {
    let Mode::PickSlot(p) = &app.mode else {
        return Ok(());
    };
    let Some(slot) = p.slots.get(i).copied() else {
        return Ok(());
    };
    let allow_dnc = p.allow_dnc;
    let attempts = app
        .queue
        .iter()
        .find(|c| c.id == callback_id)
        .map_or(0, |c| c.attempts_this_week);
    if app.settings.rules.policy.over_cadence(attempts) {
        let prompt = format!(
            "{} has had {attempts} call attempts this week (limit {}). Place another at {}?",
            p.candidate,
            app.settings.rules.policy.weekly_attempt_limit,
            app.when(slot.start)
        );
        let under = std::mem::replace(&mut app.mode, Mode::Normal);
        let confirm = Confirm {
            prompt,
            on_yes: Pending::Place {
                callback_id,
                slot,
                allow_dnc,
            },
        };
        app.mode = Mode::Confirm(Box::new(confirm), Box::new(under));
        return Ok(());
    }
    place(app, store, callback_id, slot, allow_dnc)
}

fn place(
    app: &mut App,
    store: &Store,
    callback_id: i64,
    slot: Interval,
    allow_dnc: bool,
) -> Result<()> {
    let rules = &app.settings.rules;
    let (_, undo) = store.place_callback_with(callback_id, slot, allow_dnc, app.now, rules)?;
    app.mode = Mode::Normal;
    done(app, store, undo, StatusKind::Success)
}

fn confirm(app: &mut App, store: &Store, yes: bool) -> Result<()> {
    let Mode::Confirm(c, under) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return Ok(());
    };
    if let Pending::CadenceMark { call_id, outcome } = c.on_yes {
        // Either way the call is marked; the answer is about the callback.
        let opts = MarkOptions {
            queue_callback: yes,
            ..MarkOptions::default()
        };
        return apply_mark(app, store, call_id, outcome, &opts);
    }
    if !yes {
        app.mode = match *under {
            // "No" to a place question returns to the normal view.
            Mode::PickSlot(_) => Mode::Normal,
            m => m,
        };
        return Ok(());
    }
    match c.on_yes {
        Pending::Remark { call_id, outcome } => {
            apply_mark(app, store, call_id, outcome, &MarkOptions::default())
        }
        Pending::CadenceMark { .. } => Ok(()),
        Pending::Place {
            callback_id,
            slot,
            allow_dnc,
        } => place(app, store, callback_id, slot, allow_dnc),
        Pending::PickSlotAnyway { callback_id } => show_picker(app, store, callback_id, true),
        Pending::SnoozeAnyway { callback_id } => snooze(app, store, callback_id, true),
        Pending::ClearDnc { candidate_id } => {
            super::forms::clear_dnc(app, store, candidate_id, *under)
        }
        Pending::UndoAnyway { index } => {
            app.mode = *under;
            super::undo::undo_at(app, store, index, true)
        }
        Pending::DiscardNote => {
            app.mode = *under;
            close_editor(app, store)?;
            app.set_status(StatusKind::Info, "Note changes thrown away");
            Ok(())
        }
        Pending::Dial {
            candidate_id,
            screen_id,
        } => super::dialing::dial_now(app, store, candidate_id, screen_id),
        Pending::Quit => {
            app.should_quit = true;
            Ok(())
        }
    }
}

impl App {
    /// "14:30" today, "Tue 24 Nov 14:30" another day, in the recruiter's zone.
    pub fn when(&self, t: DateTime<Utc>) -> String {
        let local = t.with_timezone(&self.settings.zone());
        if local.date_naive() == self.today() {
            local.format("%H:%M").to_string()
        } else if (t - self.now).abs() < Duration::days(6) {
            local.format("%a %H:%M").to_string()
        } else {
            local.format("%a %d %b %H:%M").to_string()
        }
    }
}
