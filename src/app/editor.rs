//! A small multi-line text field for notes and reasons.
//!
//! Hand-written because the usual widget crate pulls a second ratatui into
//! the build; this needs only insert, delete and cursor movement.

use super::{EditKey, NoteTarget};

#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    /// What the note belongs to (`None` for one-line prompts).
    pub target: Option<NoteTarget>,
    /// A title for the box: "Note on 10:00 Ana Souza".
    pub title: String,
    pub text: String,
    /// Cursor as a char index into `text`.
    pub cursor: usize,
    pub multiline: bool,
    /// The text when the editor opened, to know if anything changed.
    original: String,
}

/// What a key did to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    Editing,
    Save,
    Cancel,
}

impl Editor {
    pub fn new(
        target: Option<NoteTarget>,
        title: impl Into<String>,
        text: &str,
        multiline: bool,
    ) -> Editor {
        Editor {
            target,
            title: title.into(),
            text: text.to_string(),
            cursor: text.chars().count(),
            multiline,
            original: text.to_string(),
        }
    }

    pub fn is_changed(&self) -> bool {
        self.text != self.original
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// (line, column) of the cursor, in chars.
    pub fn cursor_line_col(&self) -> (usize, usize) {
        let before: String = self.text.chars().take(self.cursor).collect();
        let line = before.matches('\n').count();
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        (line, col)
    }

    fn line_starts(&self) -> Vec<usize> {
        let mut starts = vec![0];
        for (i, c) in self.text.chars().enumerate() {
            if c == '\n' {
                starts.push(i + 1);
            }
        }
        starts
    }

    fn move_vertical(&mut self, down: bool) {
        let (line, col) = self.cursor_line_col();
        let starts = self.line_starts();
        let target = if down { line + 1 } else { line.wrapping_sub(1) };
        let Some(&start) = starts.get(target) else {
            return;
        };
        let len = starts
            .get(target + 1)
            .map_or(self.text.chars().count() - start, |next| next - 1 - start);
        self.cursor = start + col.min(len);
    }

    pub fn apply(&mut self, key: EditKey) -> EditOutcome {
        let count = self.text.chars().count();
        match key {
            EditKey::Char(c) if !c.is_control() => {
                let b = self.byte_at(self.cursor);
                self.text.insert(b, c);
                self.cursor += 1;
            }
            EditKey::Char(_) => {}
            EditKey::Newline if self.multiline => {
                let b = self.byte_at(self.cursor);
                self.text.insert(b, '\n');
                self.cursor += 1;
            }
            EditKey::Newline => return EditOutcome::Save,
            EditKey::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let b = self.byte_at(self.cursor);
                self.text.remove(b);
            }
            EditKey::Delete if self.cursor < count => {
                let b = self.byte_at(self.cursor);
                self.text.remove(b);
            }
            EditKey::Backspace | EditKey::Delete => {}
            EditKey::Left => self.cursor = self.cursor.saturating_sub(1),
            EditKey::Right => self.cursor = (self.cursor + 1).min(count),
            EditKey::Up => self.move_vertical(false),
            EditKey::Down => self.move_vertical(true),
            EditKey::Home => {
                let (_, col) = self.cursor_line_col();
                self.cursor -= col;
            }
            EditKey::End => {
                let rest = self
                    .text
                    .chars()
                    .skip(self.cursor)
                    .take_while(|&c| c != '\n')
                    .count();
                self.cursor += rest;
            }
            EditKey::Save => return EditOutcome::Save,
            EditKey::Cancel => return EditOutcome::Cancel,
        }
        EditOutcome::Editing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Editor {
        let mut e = Editor::new(None, "t", "", true);
        for c in s.chars() {
            e.apply(if c == '\n' {
                EditKey::Newline
            } else {
                EditKey::Char(c)
            });
        }
        e
    }

    #[test]
    fn types_multi_line_text_with_accents() {
        let e = typed("José\nré");
        assert_eq!(e.text, "José\nré");
        assert_eq!(e.cursor_line_col(), (1, 2));
        assert!(e.is_changed());
    }

    #[test]
    fn backspace_and_delete_work_on_chars_not_bytes() {
        let mut e = typed("añb");
        e.apply(EditKey::Left);
        e.apply(EditKey::Backspace);
        assert_eq!(e.text, "ab");
        e.apply(EditKey::Home);
        e.apply(EditKey::Delete);
        assert_eq!(e.text, "b");
    }

    #[test]
    fn up_and_down_keep_the_column_where_they_can() {
        let mut e = typed("hello\nhi\nworld");
        e.apply(EditKey::Up); // from (2,5) to (1,2)
        assert_eq!(e.cursor_line_col(), (1, 2));
        e.apply(EditKey::Up);
        assert_eq!(e.cursor_line_col(), (0, 2));
        e.apply(EditKey::Up);
        assert_eq!(e.cursor_line_col(), (0, 2));
        e.apply(EditKey::Down);
        e.apply(EditKey::Down);
        assert_eq!(e.cursor_line_col(), (2, 2));
    }

    #[test]
    fn one_line_field_saves_on_enter() {
        let mut e = Editor::new(None, "reason", "", false);
        e.apply(EditKey::Char('x'));
        assert_eq!(e.apply(EditKey::Newline), EditOutcome::Save);
        assert_eq!(e.text, "x");
    }

    #[test]
    fn control_chars_are_not_inserted() {
        let mut e = Editor::new(None, "t", "", true);
        e.apply(EditKey::Char('\u{1b}'));
        assert_eq!(e.text, "");
    }
}
