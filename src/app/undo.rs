//! Undo in the app: `u` takes back the newest action, the history (`U`)
//! any listed one. Each entry is the store's journal of one action, so
//! undo restores everything that action changed; when that would
//! overwrite something done after it (here, in another window or by the
//! CLI), the recruiter is told what and asked first.

use super::{App, Confirm, Mode, Pending, StatusKind};
use crate::error::Result;
use crate::store::Store;

/// `u`: the newest action.
pub(super) fn undo_last(app: &mut App, store: &Store) -> Result<()> {
    match app.undo.len().checked_sub(1) {
        Some(i) => undo_at(app, store, i, false),
        None => {
            app.set_status(StatusKind::Info, "Nothing to undo in this session");
            Ok(())
        }
    }
}

/// Takes back `app.undo[index]`; unless `anyway`, asks first when that
/// would overwrite a later change.
pub(super) fn undo_at(app: &mut App, store: &Store, index: usize, anyway: bool) -> Result<()> {
    let Some(entry) = app.undo.get(index).cloned() else {
        return Ok(());
    };
    if anyway {
        store.undo_anyway(&entry)?;
    } else if let Some(why) = store.undo_conflict(&entry)? {
        let mut why = why;
        if let Some(first) = why.get(..1) {
            why = first.to_uppercase() + &why[1..];
        }
        let under = std::mem::replace(&mut app.mode, Mode::Normal);
        let confirm = Confirm {
            prompt: format!("{why}. Undo it anyway?"),
            on_yes: Pending::UndoAnyway { index },
        };
        app.mode = Mode::Confirm(Box::new(confirm), Box::new(under));
        return Ok(());
    } else {
        store.undo_action(&entry)?;
    }
    app.undo.remove(index);
    app.reload(store)?;
    let effects = entry.effects();
    let text = if effects.is_empty() {
        format!("Undone: {}", entry.label())
    } else {
        format!("Undone: {} ({effects})", entry.label())
    };
    app.set_status(StatusKind::Success, text);
    Ok(())
}
