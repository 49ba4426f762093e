//! `writable` paths on a service or job whose root filesystem is writable anyway (`exec: true`
//! or `hardening: {read-only-root: false}`). The volumes are still mounted, but they protect
//! nothing: the container can write everywhere, and the list suggests a hardening the task does
//! not have.
//!
//! # FF0325
//!
//! Writable paths only matter under a read-only root filesystem. Remove `writable`, or make the
//! root read-only again (not possible with `exec: true`, FF0323).
//!
//! ```yaml
//! writable: [/tmp]
//! hardening: { read-only-root: false }   # every path is writable already
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.workloads()
        .filter(|w| {
            w.service.writable.as_ref().is_some_and(|p| !p.is_empty())
                && !w.service.hardening.read_only_root(w.service.exec)
        })
        .map(|w| {
            let why = if w.service.exec && w.service.hardening.read_only_root.is_none() {
                "with `exec: true` the root filesystem is writable"
            } else {
                "`hardening.read-only-root` is `false`"
            };
            Diagnostic::warning(
                Code::FF0325,
                format!(
                    "{} declares `writable` paths but its root filesystem is writable",
                    w.describe()
                ),
            )
            .label(ctx.span(w.name, "/writable"), why)
            .help("remove `writable`; every path of the container is writable already")
        })
        .collect()
}
