//! FF0384: a call to a job. A job runs to completion and receives no traffic (FF0377), so it
//! can be no callee; the caller probably means a service of a similar name.

use super::declared_calls;
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0384",
    title: "call to a job",
    explanation: "Only services can be called: a job has no port, no route and no discovery \
name.\n\n```yaml\nservices:\n  web: { calls: [nightly], … }   # `nightly` is a job\njobs:\n  nightly: { schedule: \"cron(0 3 * * ? *)\", … }\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (caller, i, callee) in declared_calls(ctx) {
        if ctx.app.services.contains_key(callee) || !ctx.app.jobs.contains_key(callee) {
            continue;
        }
        out.push(
            Diagnostic::error(
                "FF0384",
                format!("service `{caller}` calls `{callee}`, which is a job"),
            )
            .label(
                ctx.span(caller, &format!("/calls/{i}")),
                "a job receives no traffic",
            )
            .help("remove it from `calls`; a service starts a job through its run-task command"),
        );
    }
    out
}
