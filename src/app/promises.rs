//! Promises and close-the-loop in the app: the `P` and `O` views, the
//! "what, by when" form (`p`) and the move form, and keep / move / "no
//! news yet" on a selected promise. Every write is one store transaction
//! with its undo; the views re-read on every reload, so undo and writes
//! from another process show at once.

use super::update::{refresh_after, selected_subject};
use super::{Action, App, EditKey, Editor, Focus, Form, Mode, StatusKind};
use crate::app::editor::EditOutcome;
use crate::domain::owed::{Owed, OwedKind};
use crate::domain::promise::parse_due;
use crate::error::{Error, Result};
use crate::store::Store;

/// The open promises view (`P`): `app.promises`, soonest due first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PromiseList {
    pub selected: usize,
}

/// The close-the-loop view (`O`): what is owed, longest wait first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OwedList {
    pub rows: Vec<Owed>,
    pub selected: usize,
}

/// `p`: "what, by when", and whether it waits on the hiring manager.
#[derive(Debug, Clone, PartialEq)]
pub struct PromiseForm {
    pub candidate_id: i64,
    pub screen_id: Option<i64>,
    pub name: String,
    pub what: Editor,
    pub due: Editor,
    pub waiting_on_hm: bool,
    /// 0 what, 1 by when, 2 waiting on the hiring manager.
    pub field: usize,
}

/// Moving a promise: the new day and why.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveForm {
    pub promise_id: i64,
    pub name: String,
    pub what: String,
    pub due: Editor,
    pub reason: Editor,
    /// 0 new due, 1 reason.
    pub field: usize,
}

/// Re-reads the close-the-loop rows when that view is on show (called
/// from `App::reload`).
pub(super) fn reload_view(app: &mut App, store: &Store) -> Result<()> {
    if let Mode::Owed(v) = &mut app.mode {
        let s = &app.settings;
        v.rows = store.owed(app.now, &s.rules.hours, s.owed_after_working_days)?;
        v.selected = v.selected.min(v.rows.len().saturating_sub(1));
    }
    if let Mode::Promises(v) = &mut app.mode {
        v.selected = v.selected.min(app.promises.len().saturating_sub(1));
    }
    Ok(())
}

/// Opens `P`, or closes it when it is on show.
pub(super) fn toggle_promises(app: &mut App) -> Result<()> {
    app.mode = match app.mode {
        Mode::Promises(_) => Mode::Normal,
        _ => Mode::Promises(PromiseList::default()),
    };
    Ok(())
}

/// Opens `O`, or closes it when it is on show.
pub(super) fn toggle_owed(app: &mut App, store: &Store) -> Result<()> {
    if matches!(app.mode, Mode::Owed(_)) {
        app.mode = Mode::Normal;
        return Ok(());
    }
    app.mode = Mode::Owed(Box::default());
    reload_view(app, store)
}

/// Moves within the views; `None` when no view is on show.
pub(super) fn intercept(app: &mut App, store: &Store, action: &Action) -> Option<Result<()>> {
    let len = match &app.mode {
        Mode::Promises(_) => app.promises.len(),
        Mode::Owed(v) => v.rows.len(),
        _ => return None,
    };
    let delta: i64 = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -10,
        Action::PageDown => 10,
        Action::Top => i64::MIN / 2,
        Action::Bottom => i64::MAX / 2,
        Action::OpenDetail => return Some(open_detail(app, store)),
        _ => return None,
    };
    let sel = match &mut app.mode {
        Mode::Promises(v) => &mut v.selected,
        Mode::Owed(v) => &mut v.selected,
        _ => return None,
    };
    let last = len.saturating_sub(1) as i64;
    *sel = (*sel as i64).saturating_add(delta).clamp(0, last) as usize;
    Some(Ok(()))
}

/// The promise the selection is on: in `P`, or a promise row in `O`.
fn selected_promise(app: &App) -> Result<i64> {
    let none = || Error::Invalid("select a promise (P lists them)".into());
    match &app.mode {
        Mode::Promises(v) => app.promises.get(v.selected).map(|p| p.id).ok_or_else(none),
        Mode::Owed(v) => match v.rows.get(v.selected).map(|o| &o.kind) {
            Some(OwedKind::Promise { id, .. }) => Ok(*id),
            Some(_) => Err(Error::Invalid(
                "that row is not a promise: Enter opens the candidate".into(),
            )),
            None => Err(none()),
        },
        _ => Err(none()),
    }
}

/// Enter in a view: the candidate's record.
fn open_detail(app: &mut App, store: &Store) -> Result<()> {
    let cand = match &app.mode {
        Mode::Promises(v) => app.promises.get(v.selected).map(|p| p.candidate.id),
        Mode::Owed(v) => v.rows.get(v.selected).map(|o| o.candidate.id),
        _ => None,
    };
    let cand = cand.ok_or_else(|| Error::Invalid("nothing selected".into()))?;
    let detail = super::update::load_detail(app, store, cand, None)?;
    app.mode = Mode::Detail(Box::new(detail));
    Ok(())
}

/// `p` on a call or in the detail: the promise form.
pub(super) fn add(app: &mut App, store: &Store) -> Result<()> {
    if app.focus == Focus::Queue && !matches!(app.mode, Mode::Detail(_)) {
        return Err(Error::Invalid(
            "promises are made on a call (Tab to the day) or in the detail".into(),
        ));
    }
    let (cand, call) = selected_subject(app, store)?;
    let name = store.candidate(cand)?.name;
    let form = PromiseForm {
        candidate_id: cand,
        screen_id: call,
        what: Editor::new(None, "What", "", false),
        due: Editor::new(None, "By when", "", false),
        waiting_on_hm: false,
        field: 0,
        name,
    };
    super::forms::open(app, Form::Promise(Box::new(form)));
    Ok(())
}

/// `m` on a promise: the move form.
pub(super) fn start_move(app: &mut App, store: &Store) -> Result<()> {
    let p = store.promise(selected_promise(app)?)?;
    let form = MoveForm {
        promise_id: p.id,
        name: p.candidate.name,
        what: p.what,
        due: Editor::new(None, "New date", "", false),
        reason: Editor::new(None, "Why", "", false),
        field: 0,
    };
    super::forms::open(app, Form::MovePromise(Box::new(form)));
    Ok(())
}

/// `d` on a promise: kept.
pub(super) fn keep(app: &mut App, store: &Store) -> Result<()> {
    let undo = store.keep_promise(selected_promise(app)?, app.now)?;
    refresh_after(app, store, undo, StatusKind::Success)
}

/// `n` on a promise: a "no news yet" call was made.
pub(super) fn no_news(app: &mut App, store: &Store) -> Result<()> {
    let id = selected_promise(app)?;
    let s = &app.settings;
    let after = s.owed_after_working_days;
    let (_, undo) = store.promise_no_news(id, app.now, &s.rules.hours, after)?;
    refresh_after(app, store, undo, StatusKind::Success)
}

/// A key in the promise form.
pub(super) fn edit_promise(app: &mut App, store: &Store, key: EditKey) -> Result<()> {
    let Mode::Form(f) = &mut app.mode else {
        return Ok(());
    };
    let Form::Promise(form) = f.as_mut() else {
        return Ok(());
    };
    match key {
        EditKey::Down => form.field = (form.field + 1) % 3,
        EditKey::Up => form.field = (form.field + 2) % 3,
        EditKey::Char(' ') if form.field == 2 => form.waiting_on_hm = !form.waiting_on_hm,
        EditKey::Newline | EditKey::Save => return save_promise(app, store),
        EditKey::Cancel => return super::forms::close(app, store),
        _ if form.field == 2 => {}
        key => {
            let field = if form.field == 0 {
                &mut form.what
            } else {
                &mut form.due
            };
            if field.apply(key) == EditOutcome::Cancel {
                return super::forms::close(app, store);
            }
        }
    }
    Ok(())
}

fn save_promise(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Form(f) = &app.mode else {
        return Ok(());
    };
    let Form::Promise(form) = f.as_ref() else {
        return Ok(());
    };
    let due = parse_due(&form.due.text, app.today()).map_err(Error::Invalid)?;
    let hours = &app.settings.rules.hours;
    let (_, undo) = store.add_promise(
        form.candidate_id,
        form.screen_id,
        &form.what.text,
        due,
        form.waiting_on_hm,
        app.now,
        hours,
    )?;
    super::forms::close(app, store)?;
    refresh_after(app, store, undo, StatusKind::Success)
}

/// A key in the move form.
pub(super) fn edit_move(app: &mut App, store: &Store, key: EditKey) -> Result<()> {
    let Mode::Form(f) = &mut app.mode else {
        return Ok(());
    };
    let Form::MovePromise(form) = f.as_mut() else {
        return Ok(());
    };
    match key {
        EditKey::Down | EditKey::Up => form.field = 1 - form.field.min(1),
        EditKey::Newline | EditKey::Save => return save_move(app, store),
        EditKey::Cancel => return super::forms::close(app, store),
        key => {
            let field = if form.field == 0 {
                &mut form.due
            } else {
                &mut form.reason
            };
            if field.apply(key) == EditOutcome::Cancel {
                return super::forms::close(app, store);
            }
        }
    }
    Ok(())
}

fn save_move(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Form(f) = &app.mode else {
        return Ok(());
    };
    let Form::MovePromise(form) = f.as_ref() else {
        return Ok(());
    };
    let due = parse_due(&form.due.text, app.today()).map_err(Error::Invalid)?;
    let hours = &app.settings.rules.hours;
    let undo = store.move_promise(form.promise_id, due, &form.reason.text, app.now, hours)?;
    super::forms::close(app, store)?;
    refresh_after(app, store, undo, StatusKind::Success)
}
