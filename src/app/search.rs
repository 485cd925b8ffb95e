//! `/`: find a candidate by name or phone from anywhere, and open their
//! record. Every keystroke re-queries the store (index-backed, a few
//! milliseconds on 200,000 candidates), so the list is always what the box
//! says.

use super::update::load_detail;
use super::{App, EditKey, Editor, Mode};
use crate::app::editor::EditOutcome;
use crate::domain::candidate::CandidateHit;
use crate::domain::Outcome;
use crate::error::Result;
use crate::store::Store;

/// How many matches the list shows.
pub const SEARCH_LIMIT: usize = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub input: Editor,
    pub hits: Vec<CandidateHit>,
    pub selected: usize,
}

pub fn open(app: &mut App, _store: &Store) -> Result<()> {
    app.mode = Mode::Search(Search {
        input: Editor::new(None, "Find a candidate: name or phone", "", false),
        hits: Vec::new(),
        selected: 0,
    });
    Ok(())
}

/// A key in the search box: Enter opens the selected record, Esc closes,
/// anything else edits the query and refreshes the matches.
pub fn edit(app: &mut App, store: &Store, key: EditKey) -> Result<()> {
    let Mode::Search(s) = &mut app.mode else {
        return Ok(());
    };
    let before = s.input.text.clone();
    match s.input.apply(key) {
        EditOutcome::Save => return choose(app, store),
        EditOutcome::Cancel => {
            app.mode = Mode::Normal;
            return Ok(());
        }
        EditOutcome::Editing => {}
    }
    if s.input.text != before {
        let hits = store.search_candidates(&s.input.text, app.now, SEARCH_LIMIT)?;
        // Re-borrow: the query above needed `app.now` only.
        if let Mode::Search(s) = &mut app.mode {
            s.hits = hits;
            s.selected = 0;
        }
    }
    Ok(())
}

/// Opens the selected match's record, on their next call if they have one
/// (so `m`, `r` and notes act on it), else their latest.
pub fn choose(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Search(s) = &app.mode else {
        return Ok(());
    };
    let Some(hit) = s.hits.get(s.selected) else {
        return Ok(());
    };
    let id = hit.candidate.id;
    let history = store.calls_for_candidate(id)?;
    let call = history
        .iter()
        .filter(|c| c.start >= app.now && c.outcome == Outcome::Scheduled)
        .min_by_key(|c| c.start)
        .or_else(|| history.iter().max_by_key(|c| c.start))
        .map(|c| c.id);
    let detail = load_detail(app, store, id, call)?;
    app.mode = Mode::Detail(Box::new(detail));
    Ok(())
}
