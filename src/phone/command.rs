//! Running `dial_command` without a shell and without waiting for it.
//!
//! The program is spawned with stdin, stdout and stderr on /dev/null, in
//! its own process group (Ctrl-C or Ctrl-Z in the app's terminal does not
//! reach a softphone it started), and a small thread waits for it so it
//! never lingers as a zombie. A program that exits with a failure is
//! reported on the next tick through [`Dialer::take_exits`], so the app
//! can say so and copy the number instead.

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// Why the dial command could not be started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpawnError {
    /// No such program on `PATH` (or at that path).
    NotFound(String),
    /// It is there but could not be run (permissions, not an executable).
    Failed { program: String, message: String },
}

impl std::fmt::Display for SpawnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpawnError::NotFound(p) => write!(f, "dial_command: '{p}' is not installed"),
            SpawnError::Failed { program, message } => {
                write!(f, "dial_command: '{program}' could not run ({message})")
            }
        }
    }
}

/// A dial command that ended with a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exited {
    pub program: String,
    /// The exit code, or `None` when a signal ended it.
    pub code: Option<i32>,
    /// The number it was given, to copy instead.
    pub number: String,
}

/// Starts dial commands and collects the ones that failed.
#[derive(Debug, Clone, Default)]
pub struct Dialer {
    failed: Arc<Mutex<Vec<Exited>>>,
}

impl Dialer {
    /// Starts `program args…`; returns as soon as it is running.
    pub fn spawn(&self, program: &str, args: &[String], number: &str) -> Result<(), SpawnError> {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SpawnError::NotFound(program.to_string()),
            _ => SpawnError::Failed {
                program: program.to_string(),
                message: e.to_string(),
            },
        })?;
        let failed = Arc::clone(&self.failed);
        let (program, number) = (program.to_string(), number.to_string());
        std::thread::spawn(move || {
            if let Ok(status) = child.wait() {
                if !status.success() {
                    if let Ok(mut f) = failed.lock() {
                        f.push(Exited {
                            program,
                            code: status.code(),
                            number,
                        });
                    }
                }
            }
        });
        Ok(())
    }

    /// The dial commands that have failed since the last call.
    pub fn take_exits(&self) -> Vec<Exited> {
        self.failed
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_missing_program_is_named() {
        let d = Dialer::default();
        let e = d
            .spawn("callsheet-no-such-dialer", &[], "+442079460101")
            .unwrap_err();
        assert_eq!(
            e,
            SpawnError::NotFound("callsheet-no-such-dialer".to_string())
        );
        assert_eq!(
            e.to_string(),
            "dial_command: 'callsheet-no-such-dialer' is not installed"
        );
    }

    #[test]
    fn the_program_gets_the_arguments_and_a_failure_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let d = Dialer::default();
        let script = format!("printf '%s|' \"$@\" > '{}'; exit 3", out.display());
        d.spawn(
            "sh",
            &[
                "-c".into(),
                script,
                "sh".into(),
                "+44 20".into(),
                "x".into(),
            ],
            "+4420",
        )
        .unwrap();
        // Bounded wait for the child (the spawn itself did not wait).
        let deadline = Instant::now() + Duration::from_secs(10);
        let exits = loop {
            let e = d.take_exits();
            if !e.is_empty() {
                break e;
            }
            assert!(Instant::now() < deadline, "the dial command never ended");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "+44 20|x|");
        assert_eq!(
            exits,
            [Exited {
                program: "sh".into(),
                code: Some(3),
                number: "+4420".into()
            }]
        );
        assert!(d.take_exits().is_empty(), "each failure is reported once");
    }
}
