//! The small forms of the follow-through work: why a candidate is
//! do-not-call, which stage they are at (and, beside them, the promise
//! forms). Each is a `Mode::Form` on top of the day or the candidate
//! detail; while one is open it gets every key (see `intercept`), and it
//! closes back to the view it was opened from.

use super::promises::{self, MoveForm, PromiseForm};
use super::update::{refresh_after, refresh_detail, selected_subject};
use super::{Action, App, Confirm, Editor, Mode, Pending, StatusKind};
use crate::app::editor::EditOutcome;
use crate::domain::Stage;
use crate::error::{Error, Result};
use crate::store::Store;

/// A form open on top of the lists or the detail.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// `D`: why this candidate must not be called.
    DncReason {
        candidate_id: i64,
        name: String,
        input: Editor,
    },
    /// `S`: the candidate's stage, picked from the fixed list.
    Stage {
        candidate_id: i64,
        name: String,
        current: Stage,
        selected: usize,
    },
    /// `p`: a promise to the candidate.
    Promise(Box<PromiseForm>),
    /// `m` on a promise: a new due day and why.
    MovePromise(Box<MoveForm>),
}

/// Handles `action` when a form is open; `None` when none is (or for the
/// clock tick, which every mode needs).
pub(super) fn intercept(app: &mut App, store: &Store, action: &Action) -> Option<Result<()>> {
    if matches!(action, Action::Tick) {
        return None;
    }
    let Mode::Form(form) = &mut app.mode else {
        return None;
    };
    Some(match (form.as_mut(), action) {
        (_, Action::Back) => close(app, store),
        (Form::DncReason { input, .. }, Action::Edit(key)) => match input.apply(*key) {
            EditOutcome::Editing => Ok(()),
            EditOutcome::Cancel => close(app, store),
            EditOutcome::Save => save_dnc(app, store),
        },
        (Form::Stage { selected, .. }, Action::Up) => {
            *selected = selected.saturating_sub(1);
            Ok(())
        }
        (Form::Stage { selected, .. }, Action::Down) => {
            *selected = (*selected + 1).min(Stage::ALL.len() - 1);
            Ok(())
        }
        (Form::Stage { selected, .. }, Action::Pick(i)) if *i < Stage::ALL.len() => {
            *selected = *i;
            save_stage(app, store)
        }
        (Form::Stage { .. }, Action::Choose) => save_stage(app, store),
        (Form::Promise(_), Action::Edit(key)) => promises::edit_promise(app, store, *key),
        (Form::MovePromise(_), Action::Edit(key)) => promises::edit_move(app, store, *key),
        _ => Ok(()),
    })
}

/// Puts `form` on top, remembering the view under it (the detail, or
/// the promises or close-the-loop list) to return to.
pub(super) fn open(app: &mut App, form: Form) {
    let under = std::mem::replace(&mut app.mode, Mode::Normal);
    app.resume = match under {
        Mode::Detail(_) | Mode::Promises(_) | Mode::Owed(_) => Some(Box::new(under)),
        _ => None,
    };
    app.mode = Mode::Form(Box::new(form));
}

/// Closes the form, back to the view it was opened from (re-read).
pub(super) fn close(app: &mut App, store: &Store) -> Result<()> {
    app.mode = Mode::Normal;
    match app.resume.take().map(|m| *m) {
        Some(Mode::Detail(d)) => {
            app.mode = Mode::Detail(Box::new(refresh_detail(app, store, &d)?));
        }
        Some(view @ (Mode::Promises(_) | Mode::Owed(_))) => {
            app.mode = view;
            promises::reload_view(app, store)?;
        }
        _ => {}
    }
    Ok(())
}

/// `D`: asks why, to set do-not-call; on a do-not-call candidate, asks
/// whether to clear it.
pub(super) fn toggle_dnc(app: &mut App, store: &Store) -> Result<()> {
    let (id, _) = selected_subject(app, store)?;
    let c = store.candidate(id)?;
    if c.do_not_call {
        let why = c
            .dnc_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let prompt = format!("{} is do-not-call{why}. Clear the flag?", c.name);
        let under = std::mem::replace(&mut app.mode, Mode::Normal);
        let confirm = Confirm {
            prompt,
            on_yes: Pending::ClearDnc { candidate_id: id },
        };
        app.mode = Mode::Confirm(Box::new(confirm), Box::new(under));
        return Ok(());
    }
    let title = format!("Do not call {} because…", c.name);
    open(
        app,
        Form::DncReason {
            candidate_id: id,
            name: c.name,
            input: Editor::new(None, title, "", false),
        },
    );
    Ok(())
}

fn save_dnc(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Form(form) = &app.mode else {
        return Ok(());
    };
    let Form::DncReason {
        candidate_id,
        input,
        ..
    } = form.as_ref()
    else {
        return Ok(());
    };
    let undo = store.set_do_not_call(*candidate_id, true, Some(&input.text), app.now)?;
    close(app, store)?;
    refresh_after(app, store, undo, StatusKind::Success)
}

/// The "yes" to clearing do-not-call: `under` is the view the question
/// was asked over.
pub(super) fn clear_dnc(
    app: &mut App,
    store: &Store,
    candidate_id: i64,
    under: Mode,
) -> Result<()> {
    let undo = store.set_do_not_call(candidate_id, false, None, app.now)?;
    app.mode = under;
    refresh_after(app, store, undo, StatusKind::Success)
}

/// `S` in the candidate detail: the stage picker, on the current stage.
pub(super) fn open_stage(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Detail(d) = &app.mode else {
        return Err(Error::Invalid(
            "open the candidate (Enter) to set their stage".into(),
        ));
    };
    let c = store.candidate(d.candidate.id)?;
    let selected = Stage::ALL.iter().position(|s| *s == c.stage).unwrap_or(0);
    open(
        app,
        Form::Stage {
            candidate_id: c.id,
            name: c.name,
            current: c.stage,
            selected,
        },
    );
    Ok(())
}

fn save_stage(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Form(form) = &app.mode else {
        return Ok(());
    };
    let Form::Stage {
        candidate_id,
        current,
        selected,
        ..
    } = form.as_ref()
    else {
        return Ok(());
    };
    let stage = Stage::ALL[(*selected).min(Stage::ALL.len() - 1)];
    if stage == *current {
        close(app, store)?;
        app.set_status(StatusKind::Info, format!("Stage unchanged: {stage}"));
        return Ok(());
    }
    let undo = store.set_stage(*candidate_id, stage, app.now)?;
    close(app, store)?;
    refresh_after(app, store, undo, StatusKind::Success)
}

/// Whether the form takes typed text (its keys go to the field).
pub fn is_text_form(form: &Form) -> bool {
    !matches!(form, Form::Stage { .. })
}
