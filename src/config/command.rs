//! `callsheet config`: write the example, show the paths, check a file.
//!
//! These run before anything else is resolved (no database, no zone), so
//! a broken config file can always be found and checked.

use super::file::{example, load, ConfigSource};
use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// What `callsheet config` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Init { force: bool },
    Path,
    Paths { json: bool },
    Check,
}

/// Runs `callsheet config`; returns what to print on stdout.
pub fn run(source: &ConfigSource, what: What) -> Result<String> {
    let no_home = || Error::Invalid("cannot find a home directory; pass --config PATH".into());
    let line = match what {
        What::Path => source.path().ok_or_else(no_home)?.display().to_string(),
        What::Init { force } => init(source.path().ok_or_else(no_home)?, force)?,
        What::Check => check(source)?,
        What::Paths { json: false } => {
            let rows: Vec<String> = locations(source)
                .into_iter()
                .map(|(name, p)| format!("{name:<9} {}", p.unwrap_or_else(|| "-".into())))
                .collect();
            rows.join("\n")
        }
        What::Paths { json: true } => {
            let map: serde_json::Map<String, serde_json::Value> = locations(source)
                .into_iter()
                .map(|(name, p)| {
                    (
                        name.to_string(),
                        p.map_or(serde_json::Value::Null, Into::into),
                    )
                })
                .collect();
            serde_json::to_string_pretty(&map)
                .map_err(|e| Error::Invalid(format!("cannot write JSON: {e}")))?
        }
    };
    Ok(format!("{line}\n"))
}

/// Where callsheet keeps its files: the config file, the real and demo
/// databases (by default; `--db` names another), the log directory, and
/// the directory of the recruiter's own templates.
/// For `config --paths` and `doctor`.
pub fn locations(source: &ConfigSource) -> Vec<(&'static str, Option<String>)> {
    let show = |p: Result<std::path::PathBuf>| p.ok().map(|p| p.display().to_string());
    vec![
        ("config", source.path().map(|p| p.display().to_string())),
        ("database", show(super::default_db_path())),
        ("demo", show(super::demo_db_path())),
        ("log", show(super::log_dir())),
        (
            "templates",
            source
                .path()
                .map(|p| super::templates::dir(p).display().to_string()),
        ),
    ]
}

/// Writes the commented example to `path`, creating its directory; an
/// existing file is kept unless `force`. Returns the path written.
pub fn init(path: &Path, force: bool) -> Result<String> {
    if path.exists() && !force {
        return Err(Error::Refused(format!(
            "{} already exists; nothing written (--force replaces it)",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    // Written beside the target and renamed over it, so a full disk never
    // leaves half a config.
    let tmp = path.with_extension("toml.tmp");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(example().as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })?;
    Ok(path.display().to_string())
}

/// Checks the file strictly, wherever it came from: every problem is an
/// error (`Error::Config`, exit 2). A missing file in the default place is
/// fine: the defaults apply.
pub fn check(source: &ConfigSource) -> Result<String> {
    let path = match source {
        ConfigSource::Nowhere => {
            return Ok("no config file (no home directory); the defaults apply".into())
        }
        ConfigSource::Default(p) if !p.exists() => {
            return Ok(format!(
                "{}: no config file; the defaults apply (`callsheet config --init` writes one)",
                p.display()
            ))
        }
        ConfigSource::Default(p) | ConfigSource::Explicit(p) => p,
    };
    // The zone does not matter here; UTC keeps the system out of it.
    load(&ConfigSource::Explicit(path.clone()), Some("UTC"))?;
    Ok(format!("{}: ok", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_the_example_once_and_check_passes_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        init(&path, false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), example());
        std::fs::write(&path, "mouse = true\n").unwrap();
        let err = init(&path, false).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mouse = true\n");
        init(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), example());
        let ok = check(&ConfigSource::Default(path.clone())).unwrap();
        assert!(ok.ends_with(": ok"), "{ok}");
    }

    #[test]
    fn check_is_strict_even_in_the_default_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(check(&ConfigSource::Default(path.clone()))
            .unwrap()
            .contains("no config file"));
        std::fs::write(&path, "[hours]\nstart = 8\n").unwrap();
        match check(&ConfigSource::Default(path)) {
            Err(Error::Config(lines)) => {
                assert!(lines[0].contains(":2: hours.start:"), "{lines:?}")
            }
            other => panic!("{other:?}"),
        }
    }
}
