//! FF0635: a custom-metrics namespace starting with `AWS/`. CloudWatch reserves those for AWS
//! services and rejects `PutMetricData` into them, so the grant would be useless.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Metrics;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0635",
    title: "reserved metrics namespace",
    explanation: "`metrics.namespace` is where the service publishes its own metrics. Namespaces \
beginning with `AWS/` belong to AWS services and CloudWatch refuses custom data there.\n\n\
```yaml\nmetrics: { namespace: AWS/Cart }   # use e.g. Shop/Cart\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(Metrics::Namespace(n)) = &s.metrics else {
            continue;
        };
        if n.namespace.starts_with("AWS/") {
            out.push(
                Diagnostic::error(
                    "FF0635",
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
