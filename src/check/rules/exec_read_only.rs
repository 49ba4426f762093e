//! `exec: true` with `hardening: {read-only-root: true}`. ECS Exec bind-mounts the SSM agent
//! into the container and the agent writes its state and logs under the container's root
//! filesystem; AWS documents that ECS Exec does not work with `readonlyRootFilesystem` (the
//! agent stops soon after the task starts and every `execute-command` fails). fleetform turns
//! the read-only root off by itself for a service with `exec`, so this only catches the two
//! asked for together.
//!
//! # FF0323
//!
//! ECS Exec needs a writable root filesystem. Either keep `exec` and let fleetform turn the
//! read-only root off for this service, or keep the read-only root and drop `exec`.
//!
//! ```yaml
//! exec: true
//! hardening:
//!   read-only-root: true   # the ECS Exec agent cannot start
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.workloads()
        .filter(|w| w.service.exec && w.service.hardening.read_only_root == Some(true))
        .map(|w| {
            Diagnostic::error(
                Code::FF0323,
                format!(
                    "{} has `exec: true` and a read-only root filesystem",
                    w.describe()
                ),
            )
            .label(
                ctx.span(w.name, "/hardening/read-only-root"),
                "the ECS Exec agent needs to write to the root filesystem",
            )
            .help("remove `read-only-root: true` (with `exec`, the root filesystem is writable), or remove `exec: true`")
        })
        .collect()
}
