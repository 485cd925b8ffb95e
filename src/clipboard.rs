//! Putting text on the recruiter's clipboard from a terminal app.
//!
//! OSC 52 (`ESC ] 52 ; c ; <base64> BEL`) asks the terminal itself to set
//! the clipboard, so it works over SSH and inside tmux (with
//! `set -g set-clipboard on`), with no X11 or Wayland tool on the machine
//! running callsheet. Terminals that do not support it ignore it; the
//! recruiter can still select the text on screen.

use base64::Engine;

/// The escape sequence that sets the clipboard to `text`.
pub fn osc52(text: &str) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{data}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_carries_the_text_in_base64() {
        assert_eq!(osc52("Hi Zoë"), "\x1b]52;c;SGkgWm/Dqw==\x07");
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
    }
}
