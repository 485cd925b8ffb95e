//! The model: what the recruiter sees and where they are.
//!
//! `App` holds the shown day, the queue, the selection and the mode on top
//! (help, detail, a note being typed, a picker, a question). `update`
//! changes it; `ui::render` only reads it.

pub mod action;
pub mod booking;
pub mod dialing;
pub mod editor;
pub mod forms;
pub mod outcomes;
pub mod promises;
pub mod report;
pub mod search;
pub mod templates;
pub mod undo;
pub mod update;

pub use action::{Action, EditKey};
pub use editor::Editor;
pub use forms::Form;
pub use outcomes::{MenuItem, OutcomeMenu, Reschedule, MENU, RESCHEDULE_REASONS};
pub use promises::{MoveForm, OwedList, PromiseForm, PromiseList};
pub use search::Search;

use crate::config::Settings;
use crate::domain::callback::sort_queue;
use crate::domain::day::{day_rows, DayRow};
use crate::domain::{Attempt, Call, Callback, Candidate, Interval, Outcome, Promise, Undo};
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};

/// Reasons offered by number when dropping a callback.
pub const DROP_REASONS: [&str; 6] = [
    "reached another way",
    "no longer interested",
    "accepted another offer",
    "wrong number",
    "role closed",
    "duplicate",
];

/// Which list has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Day,
    Queue,
}

/// What a note belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteTarget {
    Call(i64),
    Candidate(i64),
}

/// The candidate record shown by Enter.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub candidate: Candidate,
    /// The call the detail was opened from, if any.
    pub call: Option<Call>,
    /// Every call on their record, oldest first.
    pub history: Vec<Call>,
    pub attempts: Vec<Attempt>,
    pub candidate_note: String,
    pub attempts_this_week: u32,
    /// What their history adds up to (screens held, no-shows, lateness).
    pub figures: crate::domain::record::Figures,
    /// Every promise made to them, oldest first.
    pub promises: Vec<Promise>,
    pub scroll: u16,
    /// The template on show (`T` steps through them); `None` shows the one
    /// that fits where the candidate stands.
    pub template: Option<crate::domain::template::TemplateKind>,
}

/// A short list of free slots to place a callback into.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotPicker {
    pub callback_id: i64,
    pub candidate: String,
    pub slots: Vec<Interval>,
    pub selected: usize,
    /// The recruiter confirmed placing for a do-not-call candidate.
    pub allow_dnc: bool,
}

/// A yes/no question and what "yes" does.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub prompt: String,
    pub on_yes: Pending,
}

/// An action waiting for the recruiter's "yes".
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Re-mark a marked call with another outcome.
    Remark {
        call_id: i64,
        outcome: Outcome,
    },
    /// Place a callback past the weekly cadence limit.
    Place {
        callback_id: i64,
        slot: Interval,
        allow_dnc: bool,
    },
    /// Open the slot picker for a do-not-call candidate's callback.
    PickSlotAnyway {
        callback_id: i64,
    },
    /// Snooze a do-not-call candidate's callback.
    SnoozeAnyway {
        callback_id: i64,
    },
    /// Clear a candidate's do-not-call flag.
    ClearDnc {
        candidate_id: i64,
    },
    /// Mark voicemail/no-show past the weekly cadence limit: "yes" queues
    /// the callback as usual, "no" marks without queuing one.
    CadenceMark {
        call_id: i64,
        outcome: Outcome,
    },
    /// Undo `app.undo[index]` although it overwrites a later change.
    UndoAnyway {
        index: usize,
    },
    /// Close a note editor, throwing away what was typed.
    DiscardNote,
    /// Dial past the weekly cadence limit.
    Dial {
        candidate_id: i64,
        screen_id: Option<i64>,
    },
    Quit,
}

/// The layer on top of the day and queue.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help,
    Detail(Box<Detail>),
    Note(Box<Editor>),
    PickSlot(SlotPicker),
    DropReason {
        callback_id: i64,
        candidate: String,
        input: Editor,
    },
    Confirm(Box<Confirm>, Box<Mode>),
    /// A follow-through form (do-not-call reason, stage, promise).
    Form(Box<Form>),
    /// `m`: every outcome beyond the one-key marks.
    Outcomes(OutcomeMenu),
    /// "When did they tell you?" for a cancellation.
    ToldAt {
        call_id: i64,
        by: crate::domain::change::ChangedBy,
        input: Editor,
    },
    /// `r`: a new slot for a screen, then who asked.
    Reschedule(Reschedule),
    /// `/`: find a candidate by name or phone.
    Search(Search),
    /// `P`: open promises, soonest due first.
    Promises(PromiseList),
    /// `O`: close the loop, what is owed.
    Owed(Box<OwedList>),
    /// The week in numbers (`R`).
    Report(Box<crate::domain::report::WeekReport>),
    /// `b`: book a screen into a free slot.
    Book(Box<booking::Booking>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Success,
    Warning,
    Error,
}

/// The line under the lists: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

pub struct App {
    pub settings: Settings,
    /// The clock reading this state was built at.
    pub now: DateTime<Utc>,
    /// The recruiter-local date on show.
    pub date: NaiveDate,
    pub calls: Vec<Call>,
    /// Busy blocks overlapping the day, with their summaries.
    pub busy: Vec<(Interval, String)>,
    /// The day's timeline built from the above.
    pub rows: Vec<DayRow>,
    /// Open callbacks in queue order.
    pub queue: Vec<Callback>,
    /// Open promises, soonest due first (the header counts the overdue).
    pub promises: Vec<Promise>,
    pub focus: Focus,
    /// Index into `calls` of the selected call.
    pub call_sel: Option<usize>,
    /// Index into `queue` of the selected callback.
    pub queue_sel: Option<usize>,
    pub mode: Mode,
    pub status: Option<Status>,
    /// This session's actions, newest last.
    pub undo: Vec<Undo>,
    pub should_quit: bool,
    /// The furthest the open detail or help can scroll, as last drawn (the
    /// one thing rendering writes, like a list's scroll offset): lets End,
    /// `G` and the wheel stop at the last line instead of running past it.
    pub max_scroll: std::cell::Cell<Option<u16>>,
    /// How far the help overlay is scrolled (it scrolls when the terminal
    /// is too small to show every key at once).
    pub help_scroll: u16,
    /// `PRAGMA data_version` at the last load, to notice other writers.
    pub data_version: i64,
    /// The view a note editor returns to when it closes.
    pub resume: Option<Box<Mode>>,
    /// The reliability warning for each candidate on the day, by id.
    pub reliability: std::collections::HashMap<i64, String>,
    /// Text waiting to go to the clipboard (`y`): the terminal loop sends
    /// it with OSC 52 and clears it, so `update` never touches the terminal.
    pub clipboard: Option<String>,
    /// The call in progress (`c` opened it; the next mark closes it).
    pub live_call: Option<crate::domain::live_call::LiveCall>,
    /// Starts dial commands and hears of the ones that failed.
    pub dialer: crate::phone::Dialer,
    /// The live calendars' state for the header (`None`: no
    /// `[[calendars]]` in the config).
    pub calendar: Option<crate::ui::sync_line::CalendarState>,
    /// `L` asked for a sync now: the terminal loop tells the sync thread.
    pub sync_requested: bool,
}

impl App {
    /// Loads `date` (or today) with the current or next call selected.
    pub fn new(
        settings: Settings,
        store: &Store,
        now: DateTime<Utc>,
        date: Option<NaiveDate>,
    ) -> Result<App> {
        let today = settings.rules.hours.local_date(now);
        let mut app = App {
            settings,
            now,
            date: date.unwrap_or(today),
            calls: Vec::new(),
            busy: Vec::new(),
            rows: Vec::new(),
            queue: Vec::new(),
            promises: Vec::new(),
            focus: Focus::Day,
            call_sel: None,
            queue_sel: None,
            mode: Mode::Normal,
            status: None,
            undo: Vec::new(),
            should_quit: false,
            max_scroll: std::cell::Cell::new(None),
            help_scroll: 0,
            data_version: 0,
            resume: None,
            reliability: Default::default(),
            clipboard: None,
            live_call: None,
            dialer: Default::default(),
            calendar: None,
            sync_requested: false,
        };
        app.reload(store)?;
        app.call_sel = crate::domain::call::focus_index(&app.calls, now);
        Ok(app)
    }

    pub fn today(&self) -> NaiveDate {
        self.settings.rules.hours.local_date(self.now)
    }

    /// Re-reads the day and the queue, keeping the selection on the same
    /// call and callback where they still exist.
    ///
    /// In one read transaction: the day, queue and promises come from one
    /// snapshot (another window's mark lands wholly before or after), and
    /// SQLite takes its WAL read lock once rather than for each of the
    /// ~40 statements (at 1M screens, 100 of the first frame's `fcntl` and
    /// `fstat` calls).
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        store.snapshot(|| self.load(store))
    }

    fn load(&mut self, store: &Store) -> Result<()> {
        let span = self.settings.rules.hours.day_span(self.date);
        let sel_call = self.selected_call().map(|c| c.id);
        let sel_cb = self.selected_callback().map(|c| c.id);
        self.calls = store.calls_between(span.start, span.end)?;
        self.busy = store.busy_blocks(span.start, span.end)?;
        self.reliability = self.reliability_lines(store)?;
        self.queue = store.open_callbacks(self.now, self.settings.zone())?;
        self.promises = store.open_promises()?;
        self.live_call = store.open_dials()?.pop();
        self.data_version = store.data_version()?;
        self.rebuild();
        self.call_sel = match sel_call {
            Some(id) => self
                .calls
                .iter()
                .position(|c| c.id == id)
                .or(self.clamp(self.call_sel, self.calls.len())),
            None => self.clamp(self.call_sel, self.calls.len()),
        };
        self.queue_sel = match sel_cb {
            Some(id) => self
                .queue
                .iter()
                .position(|c| c.id == id)
                .or(self.clamp(self.queue_sel, self.queue.len())),
            None => self.clamp(self.queue_sel, self.queue.len()),
        };
        promises::reload_view(self, store)?;
        Ok(())
    }

    fn clamp(&self, sel: Option<usize>, len: usize) -> Option<usize> {
        if len == 0 {
            None
        } else {
            Some(sel.unwrap_or(0).min(len - 1))
        }
    }

    /// Re-derives what depends on the clock: queue order and the timeline.
    pub fn rebuild(&mut self) {
        let slot = self.settings.rules.hours.slot_minutes;
        let sel_cb = self.selected_callback().map(|c| c.id);
        sort_queue(&mut self.queue, self.now, slot);
        if let Some(id) = sel_cb {
            self.queue_sel = self.queue.iter().position(|c| c.id == id);
        }
        // Each queued callback holds the slot it is due in (the one slot
        // rule), so the day shows it there rather than "— free —".
        let hours = &self.settings.rules.hours;
        let queued: Vec<Interval> = self
            .queue
            .iter()
            .map(|c| crate::domain::occupancy::queued_span(hours, c.due))
            .collect();
        self.rows = day_rows(hours, self.date, &self.calls, &self.busy, &queued, self.now);
    }

    pub fn selected_call(&self) -> Option<&Call> {
        self.call_sel.and_then(|i| self.calls.get(i))
    }

    pub fn selected_callback(&self) -> Option<&Callback> {
        self.queue_sel.and_then(|i| self.queue.get(i))
    }

    /// The reliability line of every candidate on the day who has one.
    fn reliability_lines(&self, store: &Store) -> Result<std::collections::HashMap<i64, String>> {
        let zone = self.settings.zone();
        let mut out = std::collections::HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for c in &self.calls {
            if !seen.insert(c.candidate.id) {
                continue;
            }
            let figures = crate::domain::record::figures_of(
                store.screen_facts(c.candidate.id)?,
                &store.inbound_calls_of(c.candidate.id)?,
                self.now,
            );
            if let Some(line) = figures.reliability_line(zone) {
                out.insert(c.candidate.id, line);
            }
        }
        Ok(out)
    }

    /// Calls on the day past their no-show grace with no mark: flagged on
    /// the row and in the header until marked.
    pub fn unmarked(&self) -> Vec<&Call> {
        crate::domain::call::unmarked_past(
            &self.calls,
            self.now,
            self.settings.no_show_grace_minutes,
        )
    }

    /// Whether today's working day is over: the header then lists the
    /// screens left unmarked instead of counting them.
    pub fn day_over(&self) -> bool {
        self.date == self.today() && self.now >= self.settings.rules.hours.work_span(self.date).end
    }

    /// Callbacks due now or overdue (the header's tally).
    pub fn callbacks_due(&self) -> usize {
        use crate::domain::Bucket;
        let slot = self.settings.rules.hours.slot_minutes;
        self.queue
            .iter()
            .filter(|c| c.bucket(self.now, slot) != Bucket::Later)
            .count()
    }

    /// How many of the day's calls have each outcome.
    pub fn tally(&self, outcome: Outcome) -> usize {
        self.calls.iter().filter(|c| c.outcome == outcome).count()
    }

    pub fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind,
        });
    }
}
