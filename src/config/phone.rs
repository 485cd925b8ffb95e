//! `[phone]`: how a dial reaches the line when a softphone is wired in.
//!
//! Without it, a dial runs `dial_command` (top level) and the app only
//! knows that it handed the number over.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Phone {
    /// baresip's `ctrl_tcp` address (`127.0.0.1:4444`): dial through it
    /// and log what the line did. Empty: use `dial_command`.
    pub baresip: String,
    /// Seconds of ringing before "no answer" (and the voicemail offer).
    pub no_answer_seconds: u32,
}

impl Default for Phone {
    fn default() -> Self {
        Phone {
            baresip: String::new(),
            no_answer_seconds: 30,
        }
    }
}

impl Phone {
    /// The file's check: an address that parses, a sane ring time.
    pub fn check(&self) -> Result<(), String> {
        let addr = self.baresip.trim();
        if !addr.is_empty() && addr.parse::<std::net::SocketAddr>().is_err() {
            return Err(format!(
                "baresip '{addr}' is not an address like 127.0.0.1:4444"
            ));
        }
        if !(5..=300).contains(&self.no_answer_seconds) {
            return Err("no_answer_seconds must be between 5 and 300".into());
        }
        Ok(())
    }
}
