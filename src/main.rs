//! The `fleetform` binary: arguments → `cli::run` → exit code.

mod cli;

/// A build allocates and frees millions of small JSON values on several threads; with the
/// system allocator a third of a large build's time went to malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
