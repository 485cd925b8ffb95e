//! Reaching the phone line: the dial command (and, later, a softphone's
//! control socket).
//!
//! `domain::dial` decides what number to dial and whether to; this module
//! hands it to something that rings. Nothing here touches the terminal:
//! the child never gets the app's terminal (its input and output go to
//! /dev/null), so a chatty `xdg-open` cannot scribble over the screen.

pub mod command;

pub use command::{Dialer, Exited, SpawnError};
