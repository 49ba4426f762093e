//! The command line: the only place that reads files, writes files and talks to the terminal.
//! Exit codes: 0 ok, 1 invalid blueprint (or differences for `check`), 2 usage or I/O error.
//!
//! (Stub: subcommands pending.)

use std::process::ExitCode;

pub fn run() -> ExitCode {
    ExitCode::from(2)
}
