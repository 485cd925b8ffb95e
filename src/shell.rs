//! What the shell gets from the clap definitions: completion scripts and
//! the man page. Generated, so they can never disagree with `--help`.

use crate::cli::Cli;
use crate::error::{Error, Result};
use clap::CommandFactory;

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "callsheet", &mut out);
    out
}

/// callsheet(1) as roff, subcommands included.
pub fn man_page() -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Error::io("man page", e))?;
    Ok(out)
}
