//! The `fleetform` binary: arguments → `cli::run` → exit code. `plan`, `deploy` and `status`
//! are handed over to `fleetform-aws` (`src/bin/fleetform-aws.rs`, see `cli/hand_over.rs`).

mod cli;

/// A build allocates and frees millions of small JSON values on several threads; with the
/// system allocator a third of a large build's time went to malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run::<false>()
}
