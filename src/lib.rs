//! callsheet: a terminal app for a recruiter's daily call list.
//!
//! The module map, from the inside out:
//! - [`domain`]: the rules (outcomes, slots, callback policy, queue order);
//!   plain Rust, no SQL, no terminal.
//! - [`store`]: the only code that speaks SQL; gives back domain types.
//! - [`import`]: file formats (CSV, iCalendar) into `NewScreen`s, and exports.
//! - [`app`]: the model (`App`), the `Action`s keys become, and `update`.
//! - [`keymap`]: keys → actions, and the help built from the same table.
//! - [`ui`]: `render(&App, frame)`; reads state, never changes it.
//! - [`clipboard`]: the OSC 52 sequence that puts text on the clipboard.
//! - [`tui`]: the terminal: set-up, restore, panic hook, the event loop.
//! - [`cli`]: clap definitions and the non-interactive commands.
//!
//! ARCHITECTURE.md at the repository's root has the whole map.

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod import;
pub mod keymap;
pub mod logging;
pub mod mouse;
pub mod phone;
pub mod report_text;
pub mod sanitize;
pub mod shell;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;
