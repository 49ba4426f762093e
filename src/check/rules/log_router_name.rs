//! FF0603: a container named `log-router` in a workload with `logs.driver: firelens`. fleetform
//! adds the `FireLens` router under that name, and ECS rejects a task definition with two
//! containers of one name.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::model::LogDriver;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0603",
    title: "container name taken by the firelens log router",
    explanation: "With `logs: { driver: firelens }` the task gets a Fluent Bit container named \
`log-router`; no container of the workload may use that name.\n\n```yaml\nlogs: { driver: firelens }\n\
containers:\n  log-router: { image: fluent/fluent-bit }   # rename it, or drop `driver: firelens`\n```",
};

const ROUTER: &str = "log-router";

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let s = w.service;
        if s.logs.driver != LogDriver::Firelens
            || !s
                .containers
                .as_ref()
                .is_some_and(|c| c.contains_key(ROUTER))
        {
            continue;
        }
        out.push(
            Diagnostic::error(
                "FF0603",
                format!(
                    "container `{ROUTER}` of {} `{}` clashes with the firelens log router",
                    w.kind.noun(),
                    w.name
                ),
            )
            .label(
                ctx.key_span(w.name, &format!("/containers/{ROUTER}")),
                "name taken by the log router",
            )
            .help("rename the container, or use `driver: awslogs`"),
        );
    }
    out
}
