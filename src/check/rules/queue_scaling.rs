//! `scaling.queue` (target tracking on an SQS queue's backlog per task) where it could not work.
//! The policy divides the queue's visible messages by the service's running tasks, a Container
//! Insights metric: without insights the ratio never has data, with no running task it has no
//! value, and a queue named wrongly (or in another region: CloudWatch metrics are regional) is a
//! metric nobody publishes. In each case the service would silently never scale on its queue.
//!
//! # FF0463
//!
//! Backlog per task divides by Container Insights' `RunningTaskCount` (`AWS/ECS` publishes no
//! task count). With `cluster.insights: disabled` that metric does not exist; turn insights on
//! (`enabled`, the default, or `enhanced`).
//!
//! ```yaml
//! cluster: { insights: disabled }
//! services:
//!   worker:
//!     scaling: { min: 1, max: 20, queue: { name: jobs, backlog-per-task: 100 } }
//! ```
//!
//! # FF0464
//!
//! With no running task the backlog per task has no value (a division by zero), so target
//! tracking could never add the first task: `scaling.min` must be at least 1 with `queue`.
//!
//! ```yaml
//! scaling: { min: 0, max: 20, queue: { name: jobs, backlog-per-task: 100 } }
//! ```
//!
//! # FF0465
//!
//! `scaling.queue.name` is an SQS queue name (1..80 letters, digits, `-` and `_`, with `.fifo`
//! at the end of a FIFO queue's name) or its ARN `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`. (The
//! queue must be in the region the service deploys to, since its metrics are published there
//! only; an ARN of another region is FF0411, like any ARN.)
//!
//! ```yaml
//! scaling:
//!   min: 1
//!   max: 20
//!   queue: { name: jobs.prod, backlog-per-task: 100 }   # `.` only in `.fifo`
//! ```

use super::rendered;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Insights;

/// Why `name` is not an SQS queue name, if it is not one (a part still holding `{{…}}`, known
/// only at deploy time, passes).
fn name_problem(name: &str) -> Option<&'static str> {
    if name.contains("{{") {
        return None;
    }
    let stem = name.strip_suffix(".fifo").unwrap_or(name);
    if name.is_empty() || name.len() > 80 {
        Some("a queue name has 1 to 80 characters")
    } else if !stem
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some("a queue name holds letters, digits, `-` and `_` (and `.fifo` at the end)")
    } else {
        None
    }
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        let Some(queue) = &scaling.queue else {
            continue;
        };
        if ctx.app.cluster.insights == Insights::Disabled {
            out.push(
                Diagnostic::error(
                    Code::FF0463,
                    format!("service `{name}` scales on its queue's backlog per task, which needs Container Insights"),
                )
                .label(
                    ctx.key_span(name, "/scaling/queue"),
                    "divides by Container Insights' `RunningTaskCount`",
                )
                .help("set `cluster.insights: enabled`"),
            );
        }
        if scaling.min == 0 {
            out.push(
                Diagnostic::error(
                    Code::FF0464,
                    format!("service `{name}` scales on backlog per task from `min: 0`, where the backlog per task has no value"),
                )
                .label(ctx.span(name, "/scaling/min"), "no running task to divide by")
                .label(ctx.key_span(name, "/scaling/queue"), "backlog per task")
                .help("set `scaling.min: 1`"),
            );
        }
        out.extend(check_name(ctx, name, &queue.name));
    }
    out
}

/// Checks the queue `written` for `service` as each environment × region renders it (or as
/// written, where it names a value known only at deploy time).
fn check_name(ctx: &Context<'_>, service: &str, written: &str) -> Vec<Diagnostic> {
    let mut texts = rendered::texts(written, &rendered::scopes(ctx));
    if texts.is_empty() {
        texts.push(written.to_owned());
    }
    let Some((text, label, help)) = texts.iter().find_map(|text| {
        problem(text).map(|(label, help)| (text, label, help))
    }) else {
        return Vec::new();
    };
    let shown = if text == written {
        format!("`{written}`")
    } else {
        format!("`{written}` (`{text}`)")
    };
    vec![
        Diagnostic::error(
            Code::FF0465,
            format!("service `{service}` scales on queue {shown}, which is not an SQS queue name or ARN"),
        )
        .label(ctx.span(service, "/scaling/queue/name"), label)
        .help(help),
    ]
}

/// What is wrong with `text` as a queue name or ARN: the label and the help.
fn problem(text: &str) -> Option<(&'static str, &'static str)> {
    let name = if text.starts_with("arn:") {
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() != 6 || parts[2] != "sqs" {
            return Some((
                "not an SQS queue ARN",
                "write the ARN as `arn:aws:sqs:REGION:ACCOUNT:NAME`, or the queue's name alone",
            ));
        }
        // An ARN of another region is FF0411 (`arn_region`), like every ARN.
        parts[5]
    } else {
        text
    };
    name_problem(name).map(|label| {
        (
            label,
            "name the queue as SQS does, e.g. `jobs-{{env}}` or `orders.fifo`",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::name_problem;

    #[test]
    fn queue_names() {
        assert_eq!(name_problem("jobs-prod_1"), None);
        assert_eq!(name_problem("orders.fifo"), None);
        assert_eq!(name_problem("jobs-{{env}}"), None);
        assert!(name_problem("jobs.prod").is_some());
        assert!(name_problem(&"a".repeat(81)).is_some());
        assert!(name_problem("").is_some());
    }
}
