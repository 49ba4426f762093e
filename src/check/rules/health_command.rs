//! A container health-check command ECS cannot run: nothing to run (`[CMD]`, an empty string),
//! `[CMD-SHELL, …]` split into several words, or Docker's `[NONE]`. ECS would mark every task
//! unhealthy and replace it forever, so refuse it here. A leading `CMD` or `CMD-SHELL` is accepted
//! and normalised.
//!
//! # FF0440
//!
//! `health.command` is a shell string (run with `CMD-SHELL`) or a list of arguments (run with
//! `CMD`); Docker's `[CMD, …]` and `[CMD-SHELL, "…"]` forms mean the same. ECS needs a program to
//! run, `CMD-SHELL` takes the whole shell command as one string, and there is no `NONE`: leave
//! `health` out for a container without a check.
//!
//! ```yaml
//! health: { command: [CMD-SHELL, curl, -f, localhost] }
//! ```

use crate::check::context::Context;
use crate::check::health_command::{HealthCommandError, normalise};
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        for c in Context::containers(w.service) {
            let Some(h) = &c.container.health else {
                continue;
            };
            let Err(error) = normalise(&h.command) else {
                continue;
            };
            let (label, help) = match error {
                HealthCommandError::Empty => (
                    "nothing to run",
                    "name the check to run, such as `command: \"curl -f http://localhost/ || exit 1\"`, or remove `health`"
                        .to_owned(),
                ),
                HealthCommandError::ShellWords(joined) => (
                    "`CMD-SHELL` takes one string",
                    format!("write the shell command as one string: `command: {}`", quoted(&joined)),
                ),
                HealthCommandError::Disabled => (
                    "ECS has no `NONE` health check",
                    "remove `health`: a container without one is not checked".to_owned(),
                ),
            };
            out.push(
                Diagnostic::error(
                    Code::FF0440,
                    format!(
                        "health check of container `{}` in {} has a command ECS cannot run",
                        c.name,
                        w.describe()
                    ),
                )
                .label(
                    ctx.span(w.name, &format!("{}/health/command", c.base)),
                    label,
                )
                .help(help),
            );
        }
    }
    out
}

/// `text` as a YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
