//! Keys → actions, as one table.
//!
//! The footer hints and the `?` help are generated from the same table the
//! keys are looked up in, so they can never drift from what the keys do.
//! User overrides from the config file patch this table (see `overrides`).

mod overrides;
pub use overrides::{action_name, action_names, KeyOverride, KeyProblem};

use crate::app::{Action, App, EditKey, Focus, Mode};
use crate::domain::Outcome;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Day or queue, nothing on top.
    Global,
    Day,
    Queue,
    Detail,
    Picker,
    /// The open promises view (`P`).
    Promises,
    /// The close-the-loop view (`O`).
    Owed,
    /// The report view (`R`).
    Report,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere",
            Context::Day => "Day",
            Context::Queue => "Callback queue",
            Context::Detail => "Candidate detail",
            Context::Picker => "Pickers and menus",
            Context::Promises => "Promises (P)",
            Context::Owed => "Close the loop (O)",
            Context::Report => "Report",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    fn matches(&self, ev: &KeyEvent) -> bool {
        if self.code != ev.code {
            return false;
        }
        // Shift is implied by an upper-case char; ignore it for chars.
        let mods = if matches!(ev.code, KeyCode::Char(_)) {
            ev.modifiers - KeyModifiers::SHIFT
        } else {
            ev.modifiers
        };
        mods == self.mods
    }

    /// How the key is written in hints and help.
    pub fn label(&self) -> String {
        self.written(|n| n.label)
    }

    /// The key's name picked by `pick` from `NAMED` (or the character, or
    /// `F5`), with `C-` for Ctrl.
    fn written(&self, pick: impl Fn(&Named) -> &'static str) -> String {
        let base = match self.code {
            KeyCode::Char(c) if c != ' ' => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => NAMED
                .iter()
                .find(|n| n.code == code)
                .map_or_else(|| format!("{code:?}"), |n| pick(n).to_string()),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{base}")
        } else {
            base
        }
    }
}

/// A key with a name: how hints and help show it, and how the config file
/// writes it (`Key::parse` also takes `aliases`, case-insensitively).
pub struct Named {
    pub code: KeyCode,
    pub label: &'static str,
    pub config: &'static str,
    pub aliases: &'static [&'static str],
}

const fn named(
    code: KeyCode,
    label: &'static str,
    config: &'static str,
    aliases: &'static [&'static str],
) -> Named {
    Named {
        code,
        label,
        config,
        aliases,
    }
}

/// Every key with a name, one row each.
pub const NAMED: &[Named] = &[
    named(KeyCode::Char(' '), "Space", "Space", &[]),
    named(KeyCode::Up, "↑", "Up", &[]),
    named(KeyCode::Down, "↓", "Down", &[]),
    named(KeyCode::Left, "←", "Left", &[]),
    named(KeyCode::Right, "→", "Right", &[]),
    named(KeyCode::Enter, "Enter", "Enter", &["return"]),
    named(KeyCode::Esc, "Esc", "Esc", &["escape"]),
    named(KeyCode::Tab, "Tab", "Tab", &[]),
    named(
        KeyCode::BackTab,
        "S-Tab",
        "BackTab",
        &["s-tab", "shift-tab"],
    ),
    named(KeyCode::Home, "Home", "Home", &[]),
    named(KeyCode::End, "End", "End", &[]),
    named(KeyCode::PageUp, "PgUp", "PageUp", &["pgup"]),
    named(KeyCode::PageDown, "PgDn", "PageDown", &["pgdn"]),
    named(KeyCode::Backspace, "Backspace", "Backspace", &[]),
    named(KeyCode::Delete, "Del", "Delete", &["del"]),
];

/// One row of the key table.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    /// What the help says it does.
    pub help: &'static str,
    /// A short footer label, for the keys worth showing there.
    pub hint: Option<&'static str>,
}

fn b(
    context: Context,
    keys: &[Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys: keys.to_vec(),
        action,
        help,
        hint,
    }
}

/// The built-in key table.
pub fn default_bindings() -> Vec<Binding> {
    use Context::*;
    use KeyCode::*;
    let p = Key::plain;
    let c = Key::ch;
    vec![
        b(
            Day,
            &[c('c')],
            Action::Dial,
            "dial the candidate",
            Some("dial"),
        ),
        b(
            Day,
            &[c('Y')],
            Action::CopyNumber,
            "copy their number",
            None,
        ),
        b(
            Day,
            &[c('b')],
            Action::Book,
            "book a screen into a free slot",
            None,
        ),
        b(
            Day,
            &[c('a')],
            Action::Mark(Outcome::Answered),
            "mark answered",
            Some("answered"),
        ),
        b(
            Day,
            &[c('v')],
            Action::Mark(Outcome::Voicemail),
            "mark voicemail (queues a callback)",
            Some("voicemail"),
        ),
        b(
            Day,
            &[c('n')],
            Action::Mark(Outcome::NoShow),
            "mark no-show (queues a callback)",
            Some("no-show"),
        ),
        b(
            Day,
            &[c('m')],
            Action::OutcomeMenu,
            "more outcomes: busy, no answer, wrong number, cancelled",
            Some("more"),
        ),
        b(
            Day,
            &[c('r')],
            Action::Reschedule,
            "reschedule: a new slot that suits you both",
            Some("move"),
        ),
        b(
            Day,
            &[c('e')],
            Action::EditCallNote,
            "note on the call",
            Some("note"),
        ),
        b(
            Day,
            &[c('i')],
            Action::LogInbound,
            "candidate called in: log it, callback to the top",
            Some("called in"),
        ),
        b(
            Day,
            &[p(Enter)],
            Action::OpenDetail,
            "candidate detail and history",
            Some("detail"),
        ),
        b(
            Day,
            &[c('D')],
            Action::ToggleDoNotCall,
            "set or clear do-not-call",
            None,
        ),
        b(
            Day,
            &[c('p')],
            Action::AddPromise,
            "promise: what, by when",
            None,
        ),
        b(
            Day,
            &[c('y')],
            Action::CopyTemplate,
            "copy the template that fits to the clipboard",
            None,
        ),
        b(
            Queue,
            &[c('c')],
            Action::Dial,
            "dial the candidate",
            Some("dial"),
        ),
        b(
            Queue,
            &[c('Y')],
            Action::CopyNumber,
            "copy their number",
            None,
        ),
        b(
            Queue,
            &[c('p')],
            Action::PlaceCallback,
            "place into a free slot",
            Some("place"),
        ),
        b(
            Queue,
            &[c('r')],
            Action::CallbackReached,
            "mark reached",
            Some("reached"),
        ),
        b(
            Queue,
            &[c('s')],
            Action::SnoozeCallback,
            "snooze to the next free slot",
            Some("snooze"),
        ),
        b(
            Queue,
            &[c('d')],
            Action::DropCallback,
            "drop, with a reason",
            Some("drop"),
        ),
        b(
            Queue,
            &[c('i')],
            Action::LogInbound,
            "candidate called in: callback to the top",
            Some("called in"),
        ),
        b(
            Queue,
            &[c('e')],
            Action::EditCandidateNote,
            "note on the candidate",
            None,
        ),
        b(
            Queue,
            &[p(Enter)],
            Action::OpenDetail,
            "candidate detail and history",
            Some("detail"),
        ),
        b(
            Queue,
            &[c('y')],
            Action::CopyTemplate,
            "copy the template that fits to the clipboard",
            None,
        ),
        b(Global, &[p(Up), c('k')], Action::Up, "move up", None),
        b(Global, &[p(Down), c('j')], Action::Down, "move down", None),
        b(Global, &[p(Home), c('g')], Action::Top, "first", None),
        b(Global, &[p(End), c('G')], Action::Bottom, "last", None),
        b(Global, &[p(PageUp)], Action::PageUp, "page up", None),
        b(Global, &[p(PageDown)], Action::PageDown, "page down", None),
        b(
            Global,
            &[p(Left), c('[')],
            Action::PrevDay,
            "previous day",
            None,
        ),
        b(
            Global,
            &[p(Right), c(']')],
            Action::NextDay,
            "next day",
            None,
        ),
        b(Global, &[c('t')], Action::Today, "today", None),
        b(
            Global,
            &[c('/')],
            Action::OpenSearch,
            "find a candidate by name or phone",
            Some("find"),
        ),
        b(
            Global,
            &[p(Tab), p(BackTab)],
            Action::SwitchFocus,
            "switch day ↔ callbacks",
            Some("switch"),
        ),
        b(
            Global,
            &[c('u')],
            Action::Undo,
            "undo the last action",
            Some("undo"),
        ),
        b(
            Global,
            &[c('E')],
            Action::EditCandidateNote,
            "note on the candidate",
            None,
        ),
        b(
            Global,
            &[c('L')],
            Action::SyncNow,
            "sync the live calendars now",
            None,
        ),
        b(
            Global,
            &[c('?')],
            Action::ToggleHelp,
            "this help",
            Some("help"),
        ),
        b(
            Global,
            &[c('P')],
            Action::TogglePromises,
            "open promises, soonest due first",
            None,
        ),
        b(
            Global,
            &[c('O')],
            Action::ToggleOwed,
            "close the loop: what you owe people",
            None,
        ),
        b(Global, &[c('q')], Action::Quit, "quit", Some("quit")),
        b(
            Global,
            &[c('R')],
            Action::OpenReport,
            "report: the week in numbers",
            None,
        ),
        b(
            Report,
            &[p(Left), c('[')],
            Action::PrevWeek,
            "previous week",
            Some("prev week"),
        ),
        b(
            Report,
            &[p(Right), c(']')],
            Action::NextWeek,
            "next week",
            Some("next week"),
        ),
        b(
            Report,
            &[c('t')],
            Action::ThisWeek,
            "this week",
            Some("this week"),
        ),
        b(
            Report,
            &[p(Esc), c('q'), c('R')],
            Action::Back,
            "close",
            Some("close"),
        ),
        b(
            Detail,
            &[c('c')],
            Action::Dial,
            "dial the candidate",
            Some("dial"),
        ),
        b(
            Detail,
            &[c('e')],
            Action::EditCallNote,
            "note on this call",
            Some("call note"),
        ),
        b(
            Detail,
            &[c('E')],
            Action::EditCandidateNote,
            "note on the candidate",
            Some("candidate note"),
        ),
        b(
            Detail,
            &[c('Y')],
            Action::CopyNumber,
            "copy their number",
            None,
        ),
        b(
            Detail,
            &[c('i')],
            Action::LogInbound,
            "candidate called in",
            Some("called in"),
        ),
        b(
            Detail,
            &[c('D')],
            Action::ToggleDoNotCall,
            "set or clear do-not-call",
            None,
        ),
        b(
            Detail,
            &[c('p')],
            Action::AddPromise,
            "promise: what, by when",
            Some("promise"),
        ),
        b(
            Detail,
            &[c('S')],
            Action::SetStage,
            "set the candidate's stage",
            Some("stage"),
        ),
        b(
            Detail,
            &[c('m')],
            Action::OutcomeMenu,
            "outcome of this call",
            None,
        ),
        b(
            Detail,
            &[c('r')],
            Action::Reschedule,
            "reschedule this call",
            None,
        ),
        b(
            Detail,
            &[c('/')],
            Action::OpenSearch,
            "find another candidate",
            None,
        ),
        b(
            Detail,
            &[c('y')],
            Action::CopyTemplate,
            "copy the template on show to the clipboard",
            None,
        ),
        b(
            Detail,
            &[c('T')],
            Action::NextTemplate,
            "show the next template",
            None,
        ),
        b(Detail, &[p(Up), c('k')], Action::Up, "scroll up", None),
        b(
            Detail,
            &[p(Down), c('j')],
            Action::Down,
            "scroll down",
            None,
        ),
        b(Detail, &[p(Home), c('g')], Action::Top, "to the top", None),
        b(
            Detail,
            &[p(End), c('G')],
            Action::Bottom,
            "to the end",
            None,
        ),
        b(Detail, &[p(PageUp)], Action::PageUp, "page up", None),
        b(Detail, &[p(PageDown)], Action::PageDown, "page down", None),
        b(
            Detail,
            &[p(Esc), c('q'), p(Enter)],
            Action::Back,
            "close",
            Some("close"),
        ),
        b(
            Promises,
            &[c('d')],
            Action::KeepPromise,
            "kept: done",
            Some("kept"),
        ),
        b(
            Promises,
            &[c('m')],
            Action::MovePromise,
            "move to a new day, with a reason",
            Some("move"),
        ),
        b(
            Promises,
            &[c('n')],
            Action::PromiseNoNews,
            "made a \"no news yet\" call",
            Some("no news call"),
        ),
        b(
            Promises,
            &[c('y')],
            Action::CopyTemplate,
            "copy the \"no news yet\" text to the clipboard",
            Some("copy text"),
        ),
        b(
            Promises,
            &[p(Enter)],
            Action::OpenDetail,
            "the candidate",
            Some("candidate"),
        ),
        b(
            Promises,
            &[p(Esc), c('q')],
            Action::Back,
            "close",
            Some("close"),
        ),
        b(
            Owed,
            &[p(Enter)],
            Action::OpenDetail,
            "the candidate",
            Some("candidate"),
        ),
        b(
            Owed,
            &[c('d')],
            Action::KeepPromise,
            "on a promise: kept",
            Some("kept"),
        ),
        b(
            Owed,
            &[c('n')],
            Action::PromiseNoNews,
            "on a promise: made a \"no news yet\" call",
            Some("no news call"),
        ),
        b(
            Owed,
            &[c('m')],
            Action::MovePromise,
            "on a promise: move, with a reason",
            None,
        ),
        b(
            Owed,
            &[c('y')],
            Action::CopyTemplate,
            "copy the template that fits to the clipboard",
            Some("copy text"),
        ),
        b(
            Owed,
            &[p(Esc), c('q')],
            Action::Back,
            "close",
            Some("close"),
        ),
        b(Picker, &[p(Up), c('k')], Action::Up, "previous line", None),
        b(Picker, &[p(Down), c('j')], Action::Down, "next line", None),
        b(Picker, &[p(Home), c('g')], Action::Top, "first", None),
        b(Picker, &[p(End), c('G')], Action::Bottom, "last", None),
        b(Picker, &[p(PageUp)], Action::PageUp, "page up", None),
        b(Picker, &[p(PageDown)], Action::PageDown, "page down", None),
        b(
            Picker,
            &[p(Enter)],
            Action::Choose,
            "choose (or press its number)",
            Some("choose"),
        ),
        b(
            Picker,
            &[p(Esc), c('q')],
            Action::Back,
            "cancel",
            Some("cancel"),
        ),
    ]
}

/// The contexts active in `app`'s current mode, most specific first.
fn contexts(app: &App) -> Vec<Context> {
    match &app.mode {
        Mode::Detail(_) => vec![Context::Detail],
        Mode::PickSlot(_) | Mode::Outcomes(_) | Mode::Reschedule(_) => vec![Context::Picker],
        Mode::Promises(_) => vec![Context::Promises, Context::Global],
        Mode::Owed(_) => vec![Context::Owed, Context::Global],
        Mode::Report(_) => vec![Context::Report],
        _ => match app.focus {
            Focus::Day => vec![Context::Day, Context::Global],
            Focus::Queue => vec![Context::Queue, Context::Global],
        },
    }
}

/// The key table an app uses (one place, so overrides can patch it).
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: default_bindings(),
        }
    }
}

impl Keymap {
    /// The action for a key in the app's current mode, if any. Only key
    /// presses count: some terminals also report releases and repeats.
    pub fn action_for(&self, app: &App, ev: &KeyEvent) -> Option<Action> {
        if ev.kind != KeyEventKind::Press {
            return None;
        }
        if ev.modifiers.contains(KeyModifiers::CONTROL) && ev.code == KeyCode::Char('c') {
            return Some(match app.mode {
                Mode::Note(_) | Mode::DropReason { .. } | Mode::ToldAt { .. } | Mode::Search(_) => {
                    Action::Edit(EditKey::Cancel)
                }
                Mode::Form(_) | Mode::Book(_) => Action::Back,
                _ => Action::Quit,
            });
        }
        match &app.mode {
            Mode::Note(_) => return edit_key(ev, true).map(Action::Edit),
            Mode::DropReason { .. } => {
                if let KeyCode::Char(d @ '1'..='9') = ev.code {
                    if ev.modifiers.is_empty() {
                        return Some(Action::Pick(d as usize - '1' as usize));
                    }
                }
                return edit_key(ev, false).map(Action::Edit);
            }
            Mode::Confirm(..) => {
                return match ev.code {
                    KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                        Some(Action::Confirm(true))
                    }
                    KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                        Some(Action::Confirm(false))
                    }
                    _ => None,
                }
            }
            Mode::Help => {
                // The movement keys scroll a help too long for the screen.
                let bound = self
                    .bindings
                    .iter()
                    .find(|b| b.context == Context::Global && b.keys.iter().any(|k| k.matches(ev)));
                if let Some(b) = bound.filter(|b| {
                    matches!(
                        b.action,
                        Action::Up
                            | Action::Down
                            | Action::PageUp
                            | Action::PageDown
                            | Action::Top
                            | Action::Bottom
                    )
                }) {
                    return Some(b.action.clone());
                }
                let help_key = self.bindings.iter().any(|b| {
                    b.action == Action::ToggleHelp && b.keys.iter().any(|k| k.matches(ev))
                });
                return match ev.code {
                    KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => {
                        Some(Action::ToggleHelp)
                    }
                    _ if help_key => Some(Action::ToggleHelp),
                    _ => None,
                };
            }
            Mode::PickSlot(_) | Mode::Outcomes(_) | Mode::Reschedule(_) => {
                if let KeyCode::Char(d @ '1'..='9') = ev.code {
                    return Some(Action::Pick(d as usize - '1' as usize));
                }
            }
            Mode::ToldAt { .. } => return edit_key(ev, false).map(Action::Edit),
            Mode::Search(_) => {
                return match ev.code {
                    KeyCode::Up => Some(Action::Up),
                    KeyCode::Down => Some(Action::Down),
                    KeyCode::PageUp => Some(Action::PageUp),
                    KeyCode::PageDown => Some(Action::PageDown),
                    KeyCode::Enter => Some(Action::Choose),
                    _ => edit_key(ev, false).map(Action::Edit),
                }
            }
            Mode::Normal => {
                if ev.code == KeyCode::Esc {
                    return Some(Action::Back);
                }
            }
            Mode::Detail(_) | Mode::Promises(_) | Mode::Owed(_) | Mode::Report(_) => {}
            Mode::Form(f) => return form_key(f, ev),
            Mode::Book(b) => return book_key(b.step, ev),
        }
        for ctx in contexts(app) {
            if let Some(bnd) = self
                .bindings
                .iter()
                .find(|bnd| bnd.context == ctx && bnd.keys.iter().any(|k| k.matches(ev)))
            {
                return Some(bnd.action.clone());
            }
        }
        None
    }

    /// Footer hints for the current mode: `(keys, label)`.
    pub fn hints(&self, app: &App) -> Vec<(String, &'static str)> {
        match &app.mode {
            Mode::Note(_) => {
                return vec![
                    ("Esc/C-s".into(), "save & close"),
                    ("C-c".into(), "discard"),
                ]
            }
            Mode::DropReason { .. } => {
                return vec![
                    ("Enter".into(), "drop"),
                    ("1-9".into(), "pick reason"),
                    ("Esc".into(), "cancel"),
                ]
            }
            Mode::ToldAt { .. } => return vec![("Enter".into(), "save"), ("Esc".into(), "cancel")],
            Mode::Search(_) => {
                return vec![
                    ("↑↓".into(), "choose"),
                    ("Enter".into(), "open record"),
                    ("Esc".into(), "close"),
                ]
            }
            Mode::Confirm(..) => return vec![("y".into(), "yes"), ("n".into(), "no")],
            Mode::Form(f) if crate::app::forms::is_text_form(f) => {
                return vec![("Enter".into(), "save"), ("Esc".into(), "cancel")]
            }
            Mode::Form(_) => {
                return vec![
                    ("↑↓".into(), "choose"),
                    ("Enter/1-9".into(), "set"),
                    ("Esc".into(), "cancel"),
                ]
            }
            Mode::Help => return vec![("?".into(), "close help")],
            Mode::Book(b) => {
                use crate::app::booking::Step;
                return match b.step {
                    Step::Slot => vec![
                        ("↑↓/1-9".into(), "slot"),
                        ("Enter".into(), "next: who"),
                        ("Esc".into(), "cancel"),
                    ],
                    Step::Who => vec![
                        ("↑↓".into(), "choose"),
                        ("Enter".into(), "book"),
                        ("Tab".into(), "someone new"),
                        ("Esc".into(), "back"),
                    ],
                    Step::New => vec![
                        ("Tab".into(), "next field"),
                        ("Enter".into(), "book"),
                        ("Esc".into(), "back"),
                    ],
                };
            }
            _ => {}
        }
        let mut out = Vec::new();
        for ctx in contexts(app) {
            for bnd in self.bindings.iter().filter(|b| b.context == ctx) {
                if let Some(h) = bnd.hint {
                    let keys = bnd
                        .keys
                        .iter()
                        .map(Key::label)
                        .collect::<Vec<_>>()
                        .join("/");
                    out.push((keys, h));
                }
            }
        }
        out
    }

    /// The whole table grouped by context, for the help overlay:
    /// `(section title, [(keys, what it does)])`.
    pub fn help(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let mut out: Vec<(&'static str, Vec<(String, &'static str)>)> = Context::ALL
            .iter()
            .map(|ctx| {
                let rows = self
                    .bindings
                    .iter()
                    .filter(|b| b.context == *ctx)
                    .map(|b| {
                        (
                            b.keys.iter().map(Key::label).collect::<Vec<_>>().join(" "),
                            b.help,
                        )
                    })
                    .collect();
                (ctx.title(), rows)
            })
            .collect();
        out.push((
            "Typing a note",
            vec![
                ("Enter".into(), "new line"),
                ("Esc or C-s".into(), "save and close"),
                ("C-c".into(), "discard changes"),
            ],
        ));
        out
    }
}

/// Keys while booking: a short list for the slot, a search box for who,
/// text fields for someone new.
fn book_key(step: crate::app::booking::Step, ev: &KeyEvent) -> Option<Action> {
    use crate::app::booking::Step;
    match step {
        Step::Slot => match ev.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Char(d @ '1'..='9') => Some(Action::Pick(d as usize - '1' as usize)),
            KeyCode::Enter => Some(Action::Choose),
            KeyCode::Esc | KeyCode::Char('q') => Some(Action::Back),
            _ => None,
        },
        Step::Who => match ev.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Enter => Some(Action::Choose),
            KeyCode::Tab => Some(Action::SwitchFocus),
            KeyCode::Esc => Some(Action::Back),
            _ => edit_key(ev, false).map(Action::Edit),
        },
        Step::New => match ev.code {
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Enter => Some(Action::Choose),
            KeyCode::Tab | KeyCode::Down => Some(Action::Edit(EditKey::Down)),
            KeyCode::BackTab | KeyCode::Up => Some(Action::Edit(EditKey::Up)),
            _ => edit_key(ev, false).map(Action::Edit),
        },
    }
}

/// Keys in a follow-through form: typed text for the ones with a field
/// (Tab moves between fields), a short list otherwise.
fn form_key(form: &crate::app::Form, ev: &KeyEvent) -> Option<Action> {
    if crate::app::forms::is_text_form(form) {
        return match ev.code {
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Tab => Some(Action::Edit(EditKey::Down)),
            KeyCode::BackTab => Some(Action::Edit(EditKey::Up)),
            _ => edit_key(ev, false).map(Action::Edit),
        };
    }
    match ev.code {
        KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
        KeyCode::Char(d @ '1'..='9') => Some(Action::Pick(d as usize - '1' as usize)),
        KeyCode::Enter => Some(Action::Choose),
        KeyCode::Esc | KeyCode::Char('q') => Some(Action::Back),
        _ => None,
    }
}

/// Keys inside a text field.
fn edit_key(ev: &KeyEvent, multiline: bool) -> Option<EditKey> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char('s') if ctrl => EditKey::Save,
        KeyCode::Char(_) if ctrl || ev.modifiers.contains(KeyModifiers::ALT) => return None,
        KeyCode::Char(c) => EditKey::Char(c),
        KeyCode::Enter => EditKey::Newline,
        KeyCode::Backspace => EditKey::Backspace,
        KeyCode::Delete => EditKey::Delete,
        KeyCode::Left => EditKey::Left,
        KeyCode::Right => EditKey::Right,
        KeyCode::Up => EditKey::Up,
        KeyCode::Down => EditKey::Down,
        KeyCode::Home => EditKey::Home,
        KeyCode::End => EditKey::End,
        KeyCode::Tab if multiline => EditKey::Char(' '),
        // Notes save on Esc (typed text is never lost by a reflex);
        // a one-line prompt cancels.
        KeyCode::Esc if multiline => EditKey::Save,
        KeyCode::Esc => EditKey::Cancel,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let table = default_bindings();
        for ctx in [
            Context::Global,
            Context::Day,
            Context::Queue,
            Context::Detail,
            Context::Picker,
            Context::Promises,
            Context::Owed,
            Context::Report,
        ] {
            let mut seen = HashSet::new();
            for bnd in table.iter().filter(|b| b.context == ctx) {
                for k in &bnd.keys {
                    assert!(
                        seen.insert((k.code, k.mods)),
                        "{:?} bound twice in {ctx:?}",
                        k.code
                    );
                }
            }
        }
    }

    #[test]
    fn labels_are_readable() {
        assert_eq!(Key::plain(KeyCode::Up).label(), "↑");
        assert_eq!(Key::ch('a').label(), "a");
        assert_eq!(
            Key {
                code: KeyCode::Char('s'),
                mods: KeyModifiers::CONTROL
            }
            .label(),
            "C-s"
        );
    }
}
