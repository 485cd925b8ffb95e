//! `y` copies a filled template for the selected candidate; `T` in the
//! detail steps through the four. The copy only sets `App::clipboard`:
//! the terminal loop sends it (OSC 52), so this stays testable.

use super::update::{load_detail, selected_subject};
use super::{App, Detail, Mode, StatusKind};
use crate::domain::template::{relevant, Sender, Subject, TemplateKind};
use crate::error::{Error, Result};
use crate::store::Store;

/// The recruiter's side of every template.
pub fn sender(app: &App) -> Sender<'_> {
    app.settings.sender(app.now)
}

fn subject(d: &Detail) -> Subject<'_> {
    Subject {
        candidate: &d.candidate,
        call: d.call.as_ref(),
        history: &d.history,
        promises: &d.promises,
    }
}

/// The templates in the order they fit the candidate in `d`.
pub fn order(app: &App, d: &Detail) -> [TemplateKind; 4] {
    relevant(subject(d).situation(&sender(app)))
}

/// The template the detail shows: the one picked with `T`, else the one
/// that fits.
pub fn shown(app: &App, d: &Detail) -> TemplateKind {
    d.template.unwrap_or_else(|| order(app, d)[0])
}

/// One template filled for the candidate in `d`.
pub fn filled(app: &App, d: &Detail, kind: TemplateKind) -> String {
    let values = subject(d).values(&sender(app));
    app.settings.templates.fill(kind, &values)
}

/// `T`: the next template in the detail.
pub(super) fn next(app: &mut App) -> Result<()> {
    let Mode::Detail(d) = &app.mode else {
        return Ok(());
    };
    let order = order(app, d);
    let now = shown(app, d);
    let i = order.iter().position(|k| *k == now).unwrap_or(0);
    let kind = order[(i + 1) % order.len()];
    if let Mode::Detail(d) = &mut app.mode {
        d.template = Some(kind);
    }
    Ok(())
}

/// `y`: in the detail, the template on show; in the promises view, the
/// "no news yet" text; anywhere else, the one that fits the selected
/// candidate.
pub(super) fn copy(app: &mut App, store: &Store) -> Result<()> {
    let (detail, kind) = match &app.mode {
        Mode::Detail(d) => (d.as_ref().clone(), Some(shown(app, d))),
        Mode::Promises(v) => {
            let cand = app.promises.get(v.selected).map(|p| p.candidate.id);
            let cand = cand.ok_or_else(nothing)?;
            let d = load_detail(app, store, cand, None)?;
            (d, Some(TemplateKind::NoNews))
        }
        Mode::Owed(v) => {
            let cand = v.rows.get(v.selected).map(|o| o.candidate.id);
            let d = load_detail(app, store, cand.ok_or_else(nothing)?, None)?;
            (d, None)
        }
        Mode::Normal => {
            let (cand, call) = selected_subject(app, store)?;
            (load_detail(app, store, cand, call)?, None)
        }
        _ => return Ok(()),
    };
    let kind = kind.unwrap_or_else(|| order(app, &detail)[0]);
    let text = filled(app, &detail, kind);
    let name = crate::sanitize::line(&detail.candidate.name);
    let mut said = format!(
        "Copied {} for {name} ({} chars)",
        kind.label(),
        text.chars().count()
    );
    let status = if detail.candidate.do_not_call {
        said.push_str(" · they are do-not-call");
        StatusKind::Warning
    } else {
        StatusKind::Success
    };
    app.clipboard = Some(text);
    app.set_status(status, said);
    Ok(())
}

fn nothing() -> Error {
    Error::Invalid("nothing selected".into())
}
