//! Ringing: the terminal bell, and `notify-send` when it is installed.
//!
//! The decision (which alerts are due) is `domain::notify`; this only asks
//! it once a minute and makes the noise. A failure to notify is never an
//! error: the screen shows everything the bell would have said.

use crate::config::Notifications;
use crate::domain::notify::{Alert, AlertKind, AlertRules, Fired};
use crate::domain::Call;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::io::Write;
use std::process::{Command, Stdio};

pub struct Notifier {
    rules: AlertRules,
    how: Notifications,
    zone: Tz,
    fired: Fired,
}

impl Notifier {
    pub fn new(how: Notifications, grace_minutes: u32, zone: Tz) -> Notifier {
        Notifier {
            rules: AlertRules {
                call_soon_minutes: how.call_soon_minutes,
                grace: how.no_show_grace,
                grace_minutes,
            },
            how,
            zone,
            fired: Fired::default(),
        }
    }

    fn enabled(&self) -> bool {
        self.how.bell || self.how.desktop
    }

    /// Rings for every alert due at `now`; returns how many fired.
    pub fn check(&mut self, store: &Store, now: DateTime<Utc>) -> usize {
        if !self.enabled() {
            return 0;
        }
        // Only calls near now can be due: one small indexed range query.
        let reach = Duration::minutes(
            i64::from(self.rules.call_soon_minutes.max(self.rules.grace_minutes)) + 60,
        );
        let Ok(calls) = store.calls_between(now - reach, now + reach) else {
            return 0;
        };
        self.fired.prune(now);
        let due = self.rules.due(&calls, now, &self.fired);
        for alert in &due {
            self.fired.insert(*alert);
            tracing::info!(call = alert.call_id, kind = ?alert.kind, "notify");
            if self.how.desktop {
                if let Some(call) = calls.iter().find(|c| c.id == alert.call_id) {
                    desktop(&self.message(alert, call));
                }
            }
        }
        if !due.is_empty() && self.how.bell {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        due.len()
    }

    fn message(&self, alert: &Alert, call: &Call) -> String {
        let name = crate::sanitize::line(&call.candidate.name);
        let time = call.start.with_timezone(&self.zone).format("%H:%M");
        match alert.kind {
            AlertKind::CallSoon => format!("Call at {time}: {name}"),
            AlertKind::GraceOver => {
                format!("{time} screen with {name} not marked: no-show?")
            }
        }
    }
}

/// A desktop notification through `notify-send`, if it is there; never
/// waits for it on this thread.
fn desktop(body: &str) {
    let child = Command::new("notify-send")
        .args(["--app-name=callsheet", "callsheet", body])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        std::thread::spawn(move || child.wait());
    }
}
