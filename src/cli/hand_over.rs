//! `fleetform plan`, `deploy` and `status` run in `fleetform-aws`, the binary beside this one.
//!
//! The AWS SDK is half of the code of a binary that holds it and a third of its start-up:
//! before `main`, the dynamic loader relocated 32,000 of the binary's 58,500 pointers for it
//! and copied the 200 pages they sit on, in every `validate`, `check` and `build`, none of which
//! talks to AWS (a 10-service build: 0.47 M of its 9.9 M instructions, 200 of its 870 page
//! faults). So only `fleetform-aws` links the SDK (`src/bin/fleetform-aws.rs`: the same command
//! line, every command run in-process), and `fleetform` replaces itself with it for those three
//! commands, with the same arguments, once its own parser accepted them (so `--help`, usage
//! errors and completions stay `fleetform`'s). `cargo install` installs both, unless told
//! `--no-default-features` (no `aws` feature: `fleetform` alone, as pipelines install it).

use std::ffi::OsString;
use std::path::PathBuf;

use super::{Status, fail};

/// The file name of the binary that runs the AWS commands.
pub const AWS_BINARY: &str = "fleetform-aws";

/// Runs this process's command in `fleetform-aws`; returns only when it could not be started.
pub fn run() -> Status {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let Some(binary) = beside_this_one() else {
        return fail(&format!(
            "`fleetform plan`, `deploy` and `status` run in `{AWS_BINARY}`, and the path of this binary is unknown, so it cannot be found: run `{AWS_BINARY}` with the same arguments"
        ));
    };
    let mut command = std::process::Command::new(&binary);
    command.args(&args);
    start(&mut command, &binary)
}

/// `fleetform-aws` in the directory of the running binary (symbolic links resolved, so a link
/// to an installed `fleetform` finds the installed `fleetform-aws`).
fn beside_this_one() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.with_file_name(format!("{AWS_BINARY}{}", std::env::consts::EXE_SUFFIX)))
}

/// Replaces this process with `command`: its exit code, signals and terminal are the user's.
#[cfg(unix)]
fn start(command: &mut std::process::Command, binary: &std::path::Path) -> Status {
    use std::os::unix::process::CommandExt as _;
    // Its usage messages then name `fleetform`, the command the user typed.
    let error = command.arg0("fleetform").exec();
    not_started(binary, &error)
}

/// Runs `command` and exits with its exit code (no `exec` here).
#[cfg(not(unix))]
fn start(command: &mut std::process::Command, binary: &std::path::Path) -> Status {
    match command.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(2)),
        Err(error) => not_started(binary, &error),
    }
}

fn not_started(binary: &std::path::Path, error: &std::io::Error) -> Status {
    let shown = binary.display();
    if error.kind() == std::io::ErrorKind::NotFound {
        fail(&format!(
            "`fleetform plan`, `deploy` and `status` run in `{AWS_BINARY}`, which is not beside this binary (`{shown}` is missing): install both binaries (`cargo install` does, unless told `--no-default-features`), or copy `{AWS_BINARY}` next to `fleetform`"
        ))
    } else {
        fail(&format!("cannot start `{shown}`: {error}"))
    }
}
