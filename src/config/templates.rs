//! The recruiter's own templates: `templates/voicemail.txt` (and
//! `follow-up.txt`, `no-news.txt`, `rejection.txt`) beside the config file
//! replace the built-in texts one by one. A file that is missing keeps the
//! built-in text; one that cannot be read, is not UTF-8 or is empty is
//! reported like a bad config key, and the built-in text is used.

use super::Problem;
use crate::domain::template::{TemplateKind, Templates};
use std::path::{Path, PathBuf};

/// The templates directory for a config file: `templates/` beside it.
pub fn dir(config: &Path) -> PathBuf {
    config
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join("templates")
}

/// The texts in force: each file found in `dir` over the built-in one.
pub fn read(dir: &Path) -> (Templates, Vec<Problem>) {
    let mut templates = Templates::default();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (templates, problems);
    }
    for kind in TemplateKind::ALL {
        let path = dir.join(kind.file_name());
        let trouble = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => format!("cannot read it ({e})"),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "not UTF-8 text".to_string(),
                Ok(text) if text.trim().is_empty() => "empty".to_string(),
                Ok(text) => {
                    templates.set(kind, text);
                    continue;
                }
            },
        };
        problems.push(Problem {
            line: None,
            key: "templates".into(),
            message: format!("{}: {trouble}; the built-in text is used", path.display()),
        });
    }
    (templates, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_replaces_its_template_and_a_bad_one_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("config.toml");
        let dir = dir(&config);
        assert_eq!(dir, tmp.path().join("templates"));
        // No directory: the built-in texts, nothing to say.
        assert_eq!(read(&dir), (Templates::default(), vec![]));
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("rejection.txt"), "Sorry {first_name}.\n").unwrap();
        std::fs::write(dir.join("no-news.txt"), b"\xff\xfe bad").unwrap();
        std::fs::write(dir.join("follow-up.txt"), "  \n").unwrap();
        let (t, problems) = read(&dir);
        assert_eq!(t.text(TemplateKind::Rejection), "Sorry {first_name}.\n");
        let builtin = Templates::default();
        for k in [
            TemplateKind::Voicemail,
            TemplateKind::FollowUp,
            TemplateKind::NoNews,
        ] {
            assert_eq!(t.text(k), builtin.text(k));
        }
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("follow-up.txt: empty"), "{said:?}");
        assert!(said[1].contains("no-news.txt: not UTF-8"), "{said:?}");
    }
}
