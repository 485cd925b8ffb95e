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

    /// Rings for every alert due at `now`; returns what each said, for the
    /// status line.
    pub fn check(&mut self, store: &Store, now: DateTime<Utc>) -> Vec<String> {
        let (bell, desktop) = (self.how.bell, self.how.desktop);
        let mut said = Vec::new();
        self.check_with(store, now, |texts| {
            said = texts.to_vec();
            if desktop {
                for t in texts {
                    notify_send(t);
                }
            }
            if bell {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
            }
        });
        said
    }

    /// `check` with the noise made by `ring`, given one text per alert
    /// (tests record it instead of ringing).
    fn check_with(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        ring: impl FnOnce(&[String]),
    ) -> usize {
        if !(self.how.bell || self.how.desktop) {
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
        let mut texts = Vec::new();
        for alert in &due {
            self.fired.insert(*alert);
            tracing::info!(call = alert.call_id, kind = ?alert.kind, "notify");
            if let Some(call) = calls.iter().find(|c| c.id == alert.call_id) {
                texts.push(self.message(alert, call));
            }
        }
        if !due.is_empty() {
            ring(&texts);
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
fn notify_send(body: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewCandidate, NewScreen};
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn store() -> Store {
        let store = Store::open_in_memory().unwrap();
        let screen = NewScreen {
            candidate: NewCandidate {
                name: "Ana \u{1b}[31mSouza".into(),
                phone: "+44 20 7946 0001".into(),
                email: None,
                timezone: None,
            },
            role: None,
            start: at(10, 0),
            minutes: 30,
            note: None,
            source: None,
            origin: "test".into(),
            outcome: None,
        };
        store.import(&[screen], at(7, 0), false).unwrap();
        store
    }

    fn rung(n: &mut Notifier, store: &Store, now: DateTime<Utc>) -> Vec<String> {
        let mut out = Vec::new();
        n.check_with(store, now, |t| out.extend(t.iter().cloned()));
        out
    }

    #[test]
    fn rings_once_a_minute_before_and_once_when_grace_runs_out() {
        let store = store();
        let how = Notifications {
            bell: true,
            ..Notifications::default()
        };
        let mut n = Notifier::new(how, 10, chrono_tz::Europe::London);
        assert!(rung(&mut n, &store, at(9, 58)).is_empty());
        let soon = rung(&mut n, &store, at(9, 59));
        assert_eq!(soon.len(), 1);
        assert!(soon[0].starts_with("Call at 10:00: Ana"), "{soon:?}");
        assert!(!soon[0].contains('\u{1b}'), "sanitised: {soon:?}");
        assert!(rung(&mut n, &store, at(9, 59)).is_empty(), "once");
        let late = rung(&mut n, &store, at(10, 10));
        assert_eq!(late.len(), 1);
        assert!(late[0].contains("not marked: no-show?"), "{late:?}");
        assert!(rung(&mut n, &store, at(10, 11)).is_empty());
    }

    #[test]
    fn nothing_rings_when_both_are_off() {
        let store = store();
        let how = Notifications {
            bell: false,
            desktop: false,
            ..Notifications::default()
        };
        let mut n = Notifier::new(how, 10, chrono_tz::Europe::London);
        assert!(rung(&mut n, &store, at(9, 59)).is_empty());
        assert!(rung(&mut n, &store, at(10, 10)).is_empty());
    }
}
