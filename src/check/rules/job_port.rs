//! A `port` on a job's container. A job has no route and no service discovery, so nothing can
//! connect to the port; it usually means a service's container was copied into `jobs:` whole. The
//! port mapping is still emitted (ECS allows it).
//!
//! # FF0377
//!
//! Jobs run to completion and get no load-balancer route, so a container `port` has nothing to
//! receive; remove it.
//!
//! ```yaml
//! jobs:
//!   report:
//!     containers:
//!       app: { image: report:1.0, port: 8080 }   # nothing connects to a job
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        for (container, c) in job.containers.iter().flatten() {
            if c.port.is_none() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::FF0377,
                    format!(
                        "container `{container}` of job `{name}` has a `port` nothing can reach"
                    ),
                )
                .label(
                    ctx.key_span(
                        name,
                        &format!("/containers/{}/port", escape_token(container)),
                    ),
                    "jobs get no route",
                )
                .help("remove `port`: a job runs to completion and receives no traffic"),
            );
        }
    }
    out
}
