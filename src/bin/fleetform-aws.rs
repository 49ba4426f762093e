//! The `fleetform-aws` binary: the command line of `fleetform` with `plan`, `deploy` and
//! `status` run in-process, the only binary that links the AWS SDK. `fleetform` hands those
//! three commands over to it (`src/cli/hand_over.rs` says why); every other command runs here
//! as it does there.

#[path = "../cli/mod.rs"]
mod cli;

/// As in `src/main.rs`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run::<true>()
}
