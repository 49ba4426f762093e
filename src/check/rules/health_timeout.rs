//! A container health check whose timeout is not shorter than its interval. ECS would start the
//! next check before the previous one may finish; the timeout must be the smaller.
//!
//! # FF0316
//!
//! `health.timeout` must be less than `health.interval`.
//!
//! ```yaml
//! health: { command: "curl -f localhost/", interval: 10, timeout: 10 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        for c in Context::containers(s) {
            let Some(h) = &c.container.health else {
                continue;
            };
            if h.timeout >= h.interval {
                out.push(
                    Diagnostic::error(
                        Code::FF0316,
                        format!(
                            "health check of container `{}` in {kind} `{service}` times out after {} s but runs every {} s",
                            c.name, h.timeout, h.interval
                        ),
                    )
                    .label(ctx.span(service, &format!("{}/health/timeout", c.base)), "timeout")
                    .help(format!("make `timeout` less than `interval` ({} s)", h.interval)),
                );
            }
        }
    }
    out
}
