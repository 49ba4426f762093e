//! FF0354: `count` on a daemon service. A daemon runs exactly one task per container instance;
//! ECS rejects a desired count on one, and the number would silently mean nothing.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Scheduling;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0354",
    title: "count on a daemon",
    explanation: "A daemon service runs one task on every instance of its capacities; the \
number of tasks follows the number of instances. Size the capacity (`min`/`max`) instead.\n\n\
```yaml\nagent:\n  scheduling: daemon\n  count: 3   # remove\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter(|(name, s)| s.scheduling == Scheduling::Daemon && ctx.service_has(name, "/count"))
        .map(|(name, _)| {
            Diagnostic::error(
                "FF0354",
                format!("daemon service `{name}` sets `count`"),
            )
            .label(ctx.key_span(name, "/count"), "a daemon runs one task per instance")
            .help("remove `count`: the daemon's task count follows its capacity's instances (size them with `min`/`max`)")
        })
        .collect()
}
