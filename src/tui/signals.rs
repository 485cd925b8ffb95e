//! Signals and suspend: the terminal is given back on every way out.
//!
//! In raw mode the terminal sends no signals of its own (Ctrl-C and
//! Ctrl-Z arrive as keys), but other processes do: `kill` (SIGTERM), a
//! closing terminal window (SIGHUP), a script's interrupt (SIGINT,
//! SIGQUIT). Their default action ends the process at once, leaving the
//! shell on the alternate screen with the cursor hidden, mouse reporting
//! on and, under a script, raw mode.
//!
//! So a thread waits for them ([`Watch`]) and only records which came;
//! the event loop, which owns the terminal and the store, acts on it
//! between two keys. A write under way therefore finishes (it runs on the
//! loop's thread) before the loop sees the signal, restores the terminal
//! and ends with the conventional code, 128 + the signal's number. The
//! thread wakes the loop out of its minute-long `poll` by raising
//! SIGWINCH, which crossterm's event source turns into a resize event: a
//! resize only redraws, so a spurious one costs a frame.
//!
//! Ctrl-Z is a key in raw mode. [`suspend_while`] gives the terminal back,
//! runs a closure (for Ctrl-Z: stop the process with SIGTSTP until the
//! shell's `fg` continues it; for an external editor: run it), then takes
//! the terminal again, throws away every byte typed meanwhile (the user
//! thought they were typing to the shell: `ls -la` Enter must not mark a
//! call) and clears the screen so the next draw repaints all of it. A stop
//! from outside (`kill -STOP`, `kill -TSTP`) takes no handler; SIGCONT is
//! watched so the loop re-takes the terminal the shell may have reset.

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableMouseCapture, Event,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::Backend;
use ratatui::Terminal;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The signals that end the app (each restores the terminal first).
pub const ENDING: [i32; 4] = [SIGTERM, SIGINT, SIGQUIT, SIGHUP];

/// The signal-watching thread; stops watching when dropped.
pub struct Watch {
    /// The first ending signal's number, 0 for none.
    ending: Arc<AtomicI32>,
    /// SIGCONT came: the process was stopped and continued. Set by the
    /// handler itself, not the thread, so it is already set when the
    /// loop reads the keys that waited in the terminal while stopped.
    continued: Arc<AtomicBool>,
    handle: Option<signal_hook::iterator::Handle>,
}

impl Watch {
    /// Starts watching; if the handlers cannot be installed the app runs
    /// without them (as before) rather than not at all.
    pub fn start() -> Watch {
        let ending = Arc::new(AtomicI32::new(0));
        let continued = Arc::new(AtomicBool::new(false));
        if let Err(e) = signal_hook::flag::register(SIGCONT, Arc::clone(&continued)) {
            tracing::warn!(error = %e, "no SIGCONT handler");
        }
        let mut wanted = ENDING.to_vec();
        wanted.push(SIGCONT);
        let handle = match signal_hook::iterator::Signals::new(&wanted) {
            Ok(mut signals) => {
                let handle = signals.handle();
                let seen = Arc::clone(&ending);
                let spawned = std::thread::Builder::new()
                    .name("signals".into())
                    .spawn(move || {
                        for signo in signals.forever() {
                            if signo != SIGCONT {
                                let _ = seen.compare_exchange(
                                    0,
                                    signo,
                                    Ordering::SeqCst,
                                    Ordering::SeqCst,
                                );
                            }
                            // Wakes the loop's `poll` (a resize event).
                            let _ = signal_hook::low_level::raise(SIGWINCH);
                        }
                    });
                match spawned {
                    Ok(_) => Some(handle),
                    Err(e) => {
                        tracing::warn!(error = %e, "no signal thread");
                        handle.close();
                        None
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "no signal handlers");
                None
            }
        };
        Watch {
            ending,
            continued,
            handle,
        }
    }

    /// The ending signal received, if any (it stays pending).
    pub fn ending(&self) -> Option<i32> {
        match self.ending.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }

    /// Whether the process was continued since the last call.
    pub fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::SeqCst)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.close();
        }
    }
}

/// Gives the terminal back to the shell (raw mode off, alternate screen
/// left, cursor shown, mouse and bracketed paste off), as after a quit.
/// Every step is tried even if one fails.
pub fn leave(mouse: bool) {
    use std::io::Write;
    let mut out = std::io::stdout();
    if mouse {
        let _ = crossterm::execute!(out, DisableMouseCapture);
    }
    let _ = crossterm::execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Takes the terminal again after [`leave`]: raw mode, alternate screen,
/// mouse; then discards what was typed while it was away.
pub fn enter(mouse: bool) -> std::io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(std::io::stdout(), EnterAlternateScreen)?;
    if mouse {
        crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    }
    discard_input();
    Ok(())
}

/// Throws away every byte the terminal holds for us and every event
/// crossterm has read but not yet handed out: keys typed at the shell
/// while we were stopped (or after Ctrl-Z, in the same read) belong to
/// the shell, never to the app.
pub fn discard_input() {
    #[cfg(target_os = "linux")]
    // SAFETY: tcflush on standard input takes no pointers; on a
    // descriptor that is not a terminal it fails harmlessly (ENOTTY).
    unsafe {
        libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
    }
    // Bounded: a terminal that keeps sending (a held key) is not drained
    // forever.
    for _ in 0..10_000 {
        match event::poll(Duration::ZERO) {
            Ok(true) => {
                if event::read().is_err() {
                    break;
                }
            }
            _ => break,
        }
    }
}

/// Gives the terminal back, runs `f`, takes the terminal again and makes
/// the next draw repaint the whole screen. For Ctrl-Z (`f` =
/// [`stop_until_continued`]) and for running another program on the
/// terminal (an editor). What was typed while `f` ran is discarded.
///
/// `mouse` is whether the app captures the mouse (config `mouse`).
/// Returns `f`'s result, or the error from taking the terminal back.
pub fn suspend_while<B: Backend, T>(
    terminal: &mut Terminal<B>,
    mouse: bool,
    f: impl FnOnce() -> T,
) -> std::io::Result<T> {
    leave(mouse);
    let out = f();
    enter(mouse)?;
    terminal
        .clear()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(out)
}

/// Stops the process as the shell's Ctrl-Z would (SIGTSTP, whose default
/// action is kept for this), returning once a SIGCONT (`fg`, `bg`)
/// continues it.
pub fn stop_until_continued() {
    if let Err(e) = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP) {
        tracing::warn!(error = %e, "could not stop");
    }
}

/// Ctrl-Z as a key (raw mode turns the terminal's suspend into a key).
pub fn is_suspend_key(ev: &Event) -> bool {
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    matches!(ev, Event::Key(k)
        if k.kind == KeyEventKind::Press
            && k.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(k.code, KeyCode::Char('z') | KeyCode::Char('Z')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn only_ctrl_z_is_the_suspend_key() {
        let key = |c, m| Event::Key(KeyEvent::new(KeyCode::Char(c), m));
        assert!(is_suspend_key(&key('z', KeyModifiers::CONTROL)));
        assert!(!is_suspend_key(&key('z', KeyModifiers::NONE)));
        assert!(!is_suspend_key(&key('c', KeyModifiers::CONTROL)));
    }

    #[test]
    fn an_ending_signal_is_recorded_not_acted_on() {
        let watch = Watch::start();
        assert_eq!(watch.ending(), None);
        // SIGHUP to ourselves: with the handler in place the test process
        // lives on and the loop would see it.
        signal_hook::low_level::raise(SIGHUP).unwrap();
        let mut seen = None;
        for _ in 0..200 {
            seen = watch.ending();
            if seen.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(seen, Some(SIGHUP));
    }
}
