//! The layering the module docs promise, checked on the source text:
//! `domain/` names no SQL crate and no terminal crate (rusqlite, ratatui,
//! crossterm), and nothing outside `store/` names rusqlite. Every file
//! under src/ is read whole, its `#[cfg(test)]` code included; comments
//! and string literals are blanked first, so a doc line saying "must not
//! import rusqlite" is not itself a use. A crate counts as used wherever
//! its name stands as a path or identifier in code: `use rusqlite::…`,
//! `rusqlite::Error`, `extern crate rusqlite`, `use {rusqlite, …}`.
//! ARCHITECTURE.md explains the layers.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, relative to src/, with `/` separators.
fn rust_files(dir: &Path, src: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, src, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(src).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
}

/// The text with comments, string literals and char literals replaced by
/// spaces (newlines kept, so line numbers stay right).
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let n = c.len();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, s: &[char]| {
        for &ch in s {
            out.push(if ch == '\n' { '\n' } else { ' ' });
        }
    };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < n {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            let mut j = i;
            while j < n && c[j] != '\n' {
                j += 1;
            }
            blank(&mut out, &c[i..j]);
            i = j;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < n && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &c[i..j.min(n)]);
            i = j.min(n);
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while j < n && c[j] == '#' {
                j += 1;
            }
            j < n && c[j] == '"'
        } {
            // A raw string: r"…", r#"…"#, br"…".
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= n {
                    break;
                }
                if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            blank(&mut out, &c[i..j.min(n)]);
            i = j.min(n);
        } else if c[i] == '"' || (!prev_ident && c[i] == 'b' && c.get(i + 1) == Some(&'"')) {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while j < n && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            j = (j + 1).min(n);
            blank(&mut out, &c[i..j]);
            i = j;
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'); anything else is a
            // lifetime and stays.
            let end = if c.get(i + 1) == Some(&'\\') {
                (i + 2..n.min(i + 14)).find(|&j| c[j] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(j) => {
                    blank(&mut out, &c[i..=j]);
                    i = j + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// `(line, crate)` for each of `crates` named in the code of `text`.
fn uses(text: &str, crates: &[&str]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in code_only(text).lines().enumerate() {
        for word in line.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')) {
            if crates.contains(&word) {
                found.push((n + 1, word.to_string()));
            }
        }
    }
    found
}

/// Every use of `crates` in the files under src/ that `applies` picks,
/// as `src/file:line: crate` lines.
fn violations(applies: impl Fn(&str) -> bool, crates: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under {}",
        files.len(),
        src.display()
    );
    let mut out = Vec::new();
    for (rel, path) in files.iter().filter(|(rel, _)| applies(rel)) {
        let text = std::fs::read_to_string(path).unwrap();
        for (line, name) in uses(&text, crates) {
            out.push(format!("src/{rel}:{line}: {name}"));
        }
    }
    out
}

#[test]
fn domain_names_no_sql_and_no_terminal_crate() {
    let found = violations(
        |rel| rel.starts_with("domain/"),
        &["rusqlite", "ratatui", "crossterm"],
    );
    assert!(
        found.is_empty(),
        "src/domain/ is plain Rust (ARCHITECTURE.md, Invariants): no rusqlite, ratatui or crossterm; found:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_store_names_rusqlite() {
    let found = violations(|rel| !rel.starts_with("store/"), &["rusqlite"]);
    assert!(
        found.is_empty(),
        "SQL lives in src/store/ only (ARCHITECTURE.md, Invariants); rusqlite named outside it:\n{}",
        found.join("\n")
    );
}

/// The scanner itself: it must see each way of naming a crate, and must
/// not see the name in comments, strings or char literals, or the checks
/// above could pass by being blind.
#[test]
fn the_scanner_sees_uses_and_ignores_comments_and_strings() {
    let text = r####"//! Must not import rusqlite.
/* rusqlite /* nested rusqlite */ still comment rusqlite */
use rusqlite::Connection;
fn f(e: rusqlite::Error) -> &'static str { "rusqlite" }
use std::{io, rusqlite as sql};
extern crate crossterm;
let c = '"'; let d = ratatui::style::Style::default();
let raw = r#"rusqlite "quoted" "#; let b = b"crossterm"; let q = '\'';
let life: &'a str = x; /// rusqlite in a doc comment
::ratatui::init();
let myrusqlite_thing = rusqlite_like;
"####;
    let got = uses(text, &["rusqlite", "ratatui", "crossterm"]);
    let want: Vec<(usize, String)> = [
        (3, "rusqlite"),
        (4, "rusqlite"),
        (5, "rusqlite"),
        (6, "crossterm"),
        (7, "ratatui"),
        (10, "ratatui"),
    ]
    .into_iter()
    .map(|(l, c)| (l, c.to_string()))
    .collect();
    assert_eq!(got, want);
}
