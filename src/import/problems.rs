//! Every problem in an import, collected rather than stopping at the
//! first: a recruiter fixing an export wants the whole list at once.
//!
//! Each problem is one line, `file:line…: reason`. Past the cap only a
//! count is kept, and the last line says how many more there were, so a
//! file of a million bad rows cannot fill the memory or the screen.
//! `--dry-run` raises the cap to show the full list.
//!
//! Must not import: rusqlite, ratatui, crossterm.

use crate::error::Error;

/// How many problems an import shows by default.
pub const DEFAULT_CAP: usize = 20;

/// How many a dry run shows (the full list, within reason).
pub const DRY_RUN_CAP: usize = 100_000;

/// The problems found so far, in the order they were found.
#[derive(Debug)]
pub struct Problems {
    cap: usize,
    kept: Vec<Error>,
    more: usize,
}

impl Problems {
    pub fn new(cap: usize) -> Problems {
        Problems {
            cap: cap.max(1),
            kept: Vec::new(),
            more: 0,
        }
    }

    pub fn push(&mut self, e: Error) {
        if self.kept.len() < self.cap {
            self.kept.push(e);
        } else {
            self.more += 1;
        }
    }

    /// Adds every problem of `other` (another file of the same import).
    pub fn absorb(&mut self, e: Error) {
        match e {
            Error::Problems(lines) => {
                for line in lines {
                    match parse_more(&line) {
                        Some(n) => self.more += n,
                        None => self.push(Error::Invalid(line)),
                    }
                }
            }
            other => self.push(other),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    pub fn len(&self) -> usize {
        self.kept.len() + self.more
    }

    /// `Ok(value)` when nothing was found; else the problems as one error
    /// (a single one keeps its own type, so its message is unchanged).
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.kept.is_empty() {
            return Ok(value);
        }
        if self.kept.len() == 1 && self.more == 0 {
            return Err(self
                .kept
                .into_iter()
                .next()
                .unwrap_or(Error::Invalid("import failed".into())));
        }
        let mut lines: Vec<String> = self.kept.iter().map(ToString::to_string).collect();
        if self.more > 0 {
            lines.push(more_line(self.more));
        }
        lines.push(format!(
            "{} problems; nothing imported (fix them and import again)",
            self.kept.len() + self.more
        ));
        Err(Error::Problems(lines))
    }
}

fn more_line(n: usize) -> String {
    format!("and {n} more (--dry-run lists them all)")
}

/// Reads back the lines `finish` adds after the problems themselves.
fn parse_more(line: &str) -> Option<usize> {
    if line.ends_with("; nothing imported (fix them and import again)") {
        return Some(0);
    }
    line.strip_prefix("and ")?
        .strip_suffix(" more (--dry-run lists them all)")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_cap_only_a_count_is_kept() {
        let mut p = Problems::new(2);
        for i in 0..5 {
            p.push(Error::Invalid(format!("f.csv:{i}: bad")));
        }
        let Err(Error::Problems(lines)) = p.finish(()) else {
            panic!("expected problems");
        };
        assert_eq!(
            lines,
            vec![
                "f.csv:0: bad",
                "f.csv:1: bad",
                "and 3 more (--dry-run lists them all)",
                "5 problems; nothing imported (fix them and import again)"
            ]
        );
    }

    #[test]
    fn one_problem_keeps_its_own_message_and_files_add_up() {
        let mut p = Problems::new(10);
        p.push(Error::Invalid("a.ics:3: bad".into()));
        let one = p.finish(()).unwrap_err();
        assert!(matches!(one, Error::Invalid(_)));
        let mut all = Problems::new(3);
        all.absorb(one);
        let mut q = Problems::new(1);
        q.push(Error::Invalid("b.csv:1: x".into()));
        q.push(Error::Invalid("b.csv:2: y".into()));
        all.absorb(q.finish(()).unwrap_err());
        assert_eq!(all.len(), 3);
        let e = all.finish(()).unwrap_err().to_string();
        assert_eq!(
            e,
            "a.ics:3: bad\nb.csv:1: x\nand 1 more (--dry-run lists them all)\n3 problems; nothing imported (fix them and import again)"
        );
    }
}
