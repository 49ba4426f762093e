//! The `fleetform` binary: arguments → `cli::run` → exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
