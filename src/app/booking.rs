//! `b`: book a screen into a free slot of the day on show.
//!
//! Three steps in one overlay: the free slot (the first after the
//! selected call is offered), then who: found by name or phone as `/`
//! finds them, or, with Tab, someone new (name, phone, zone, role). While
//! choosing, each person's own clock at that slot is shown. The booking is
//! one store write (`Store::book`), refused for a taken slot and a
//! do-not-call person, and undone with `u`.

use super::editor::EditOutcome;
use super::search::SEARCH_LIMIT;
use super::{Action, App, EditKey, Editor, Mode, StatusKind};
use crate::domain::candidate::CandidateHit;
use crate::domain::day::DayRow;
use crate::domain::Interval;
use crate::error::{Error, Result};
use crate::store::{NewCandidate, Store, Who};

/// Where the booking is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Slot,
    Who,
    New,
}

/// The new person's fields, in order.
pub const NEW_FIELDS: [&str; 4] = ["Name", "Phone", "Zone", "Role"];

#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub slots: Vec<Interval>,
    pub slot: usize,
    pub step: Step,
    pub query: Editor,
    pub hits: Vec<CandidateHit>,
    pub selected: usize,
    /// Name, phone, zone (IANA, empty = yours), role.
    pub new: Vec<Editor>,
    pub field: usize,
}

impl Booking {
    pub fn chosen(&self) -> Option<Interval> {
        self.slots.get(self.slot).copied()
    }

    /// The zone typed for a new person, if it is one.
    pub fn new_zone(&self) -> Option<chrono_tz::Tz> {
        self.new
            .get(2)
            .and_then(|e| e.text.trim().parse::<chrono_tz::Tz>().ok())
    }
}

/// `b`: the free slots of the day on show that are not over.
pub(super) fn open(app: &mut App) -> Result<()> {
    let slot_len = chrono::Duration::minutes(i64::from(app.settings.rules.hours.slot_minutes));
    let slots: Vec<Interval> = app
        .rows
        .iter()
        .filter_map(|r| match r {
            DayRow::Free(s) if s.end > app.now => Some(*s),
            _ => None,
        })
        .collect();
    if slots.is_empty() {
        return Err(Error::Refused(format!(
            "no free slot left on {}",
            app.date.format("%a %d %b")
        )));
    }
    // Offer the first free slot after the selected call.
    let after = app.selected_call().map(|c| c.start).unwrap_or(app.now);
    let slot = slots
        .iter()
        .position(|s| s.start + slot_len > after)
        .unwrap_or(0);
    app.mode = Mode::Book(Box::new(Booking {
        slots,
        slot,
        step: Step::Slot,
        query: Editor::new(None, "Book: who", "", false),
        hits: Vec::new(),
        selected: 0,
        new: NEW_FIELDS
            .iter()
            .map(|f| Editor::new(None, *f, "", false))
            .collect(),
        field: 0,
    }));
    Ok(())
}

/// The booking's keys; `None` when the booking is not open.
pub(super) fn intercept(app: &mut App, store: &Store, action: &Action) -> Option<Result<()>> {
    let Mode::Book(b) = &mut app.mode else {
        return None;
    };
    let step = |n: usize, len: usize, d: i64| -> usize {
        if len == 0 {
            0
        } else {
            (n as i64 + d).clamp(0, len as i64 - 1) as usize
        }
    };
    Some(match (b.step, action) {
        (_, Action::Tick) => return None,
        (Step::Slot, Action::Up) => {
            b.slot = step(b.slot, b.slots.len(), -1);
            Ok(())
        }
        (Step::Slot, Action::Down) => {
            b.slot = step(b.slot, b.slots.len(), 1);
            Ok(())
        }
        (Step::Slot, Action::Pick(i)) if *i < b.slots.len() => {
            b.slot = *i;
            b.step = Step::Who;
            Ok(())
        }
        (Step::Slot, Action::Choose) => {
            b.step = Step::Who;
            Ok(())
        }
        (Step::Slot, Action::Back) => {
            app.mode = Mode::Normal;
            Ok(())
        }
        (Step::Who, Action::Up) => {
            b.selected = step(b.selected, b.hits.len(), -1);
            Ok(())
        }
        (Step::Who, Action::Down) => {
            b.selected = step(b.selected, b.hits.len(), 1);
            Ok(())
        }
        (Step::Who, Action::SwitchFocus) => {
            b.step = Step::New;
            Ok(())
        }
        (Step::Who, Action::Back) => {
            b.step = Step::Slot;
            Ok(())
        }
        (Step::Who, Action::Choose) => match b.hits.get(b.selected) {
            Some(h) => {
                let id = h.candidate.id;
                book(app, store, Who::Existing(id), None)
            }
            None => Ok(()),
        },
        (Step::Who, Action::Edit(key)) => {
            let before = b.query.text.clone();
            match b.query.apply(*key) {
                EditOutcome::Cancel => {
                    b.step = Step::Slot;
                    return Some(Ok(()));
                }
                EditOutcome::Save => return intercept(app, store, &Action::Choose),
                EditOutcome::Editing => {}
            }
            if b.query.text == before {
                return Some(Ok(()));
            }
            let query = b.query.text.clone();
            match store.search_candidates(&query, app.now, SEARCH_LIMIT) {
                Ok(hits) => {
                    if let Mode::Book(b) = &mut app.mode {
                        b.hits = hits;
                        b.selected = 0;
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        (Step::New, Action::Back) => {
            b.step = Step::Who;
            Ok(())
        }
        (Step::New, Action::Edit(EditKey::Down)) => {
            b.field = (b.field + 1) % NEW_FIELDS.len();
            Ok(())
        }
        (Step::New, Action::Edit(EditKey::Up)) => {
            b.field = (b.field + NEW_FIELDS.len() - 1) % NEW_FIELDS.len();
            Ok(())
        }
        (Step::New, Action::Choose | Action::Edit(EditKey::Newline | EditKey::Save)) => {
            book_new(app, store)
        }
        (Step::New, Action::Edit(key)) => {
            if let Some(e) = b.new.get_mut(b.field) {
                if e.apply(*key) == EditOutcome::Cancel {
                    b.step = Step::Who;
                }
            }
            Ok(())
        }
        (_, Action::Quit) => return None,
        _ => Ok(()),
    })
}

fn book_new(app: &mut App, store: &Store) -> Result<()> {
    let Mode::Book(b) = &app.mode else {
        return Ok(());
    };
    let text = |i: usize| {
        b.new
            .get(i)
            .map(|e| e.text.trim().to_string())
            .unwrap_or_default()
    };
    let (name, phone, zone, role) = (text(0), text(1), text(2), text(3));
    if name.is_empty() {
        return Err(Error::Invalid("a new candidate needs a name".into()));
    }
    let timezone = if zone.is_empty() {
        None
    } else {
        Some(zone.parse::<chrono_tz::Tz>().map_err(|_| {
            Error::Invalid(format!(
                "unknown time zone '{}' (an IANA name like Asia/Kolkata, or empty for yours)",
                crate::sanitize::line(&zone)
            ))
        })?)
    };
    let who = Who::New(NewCandidate {
        name,
        phone,
        email: None,
        timezone,
    });
    let role = Some(role).filter(|r| !r.is_empty());
    book(app, store, who, role.as_deref())
}

/// Books the chosen slot; on a refusal the booking stays open to pick
/// another slot or person.
fn book(app: &mut App, store: &Store, who: Who, role: Option<&str>) -> Result<()> {
    let Mode::Book(b) = &app.mode else {
        return Ok(());
    };
    let slot = b
        .chosen()
        .ok_or_else(|| Error::Invalid("no slot chosen".into()))?;
    let (id, undo) = store.book(&who, slot, role, app.now, &app.settings.rules)?;
    app.mode = Mode::Normal;
    super::update::done(app, store, undo, StatusKind::Success)?;
    app.call_sel = app.calls.iter().position(|c| c.id == id).or(app.call_sel);
    Ok(())
}
