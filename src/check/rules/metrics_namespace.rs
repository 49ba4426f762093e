//! A custom-metrics namespace starting with `AWS/`. CloudWatch reserves those for AWS services and
//! rejects `PutMetricData` into them, so the grant would be useless.
//!
//! # FF0635
//!
//! `metrics.namespace` is where the service publishes its own metrics. Namespaces beginning with
//! `AWS/` belong to AWS services and CloudWatch refuses custom data there.
//!
//! ```yaml
//! metrics: { namespace: AWS/Cart }   # use e.g. Shop/Cart
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Metrics;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(Metrics::Namespace(n)) = &s.metrics else {
            continue;
        };
        if n.namespace.starts_with("AWS/") {
            out.push(
                Diagnostic::error(
                    Code::FF0635,
                    format!(
                        "service `{name}` publishes metrics into the reserved namespace `{}`",
                        n.namespace
                    ),
                )
                .label(ctx.span(name, "/metrics/namespace"), "reserved for AWS")
                .help(format!(
                    "use a namespace of your own, such as `{}/{name}`",
                    ctx.app.name
                )),
            );
        }
    }
    out
}
