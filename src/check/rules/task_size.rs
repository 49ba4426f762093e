//! A task definition larger than ECS accepts. `RegisterTaskDefinition` refuses a task definition
//! over 65,536 bytes of JSON ("Actual length: '…'. Max allowed length is '65536' bytes"; ECS
//! service quotas: task definition size, 64 KiB, not adjustable), so the stack would fail
//! mid-deploy; a value that large also pushes the template over `CloudFormation`'s size limits
//! (FF0902), which cannot say which value did it. The estimate counts the containers' strings as
//! rendered (the longest rendering) plus the JSON around them, a lower bound of what ECS measures,
//! and points at the largest value.
//!
//! # FF0444
//!
//! ECS refuses a task definition over 64 KiB (65,536 bytes of JSON). Large values are the usual
//! cause: keep them out of `env` and `command`, in SSM Parameter Store or Secrets Manager, and pass
//! them as `secrets`, which the task definition holds only as ARNs.
//!
//! ```yaml
//! env: { CATALOG_JSON: "…70 KB of JSON…" }
//! ```

use super::rendered;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::interp::Scope;
use crate::model::{Container, StringOrList};
use crate::source::escape_token;

/// The most bytes a task definition may have.
pub const MAX_BYTES: usize = 65_536;

// What ECS's JSON adds around the values, kept low so the estimate stays a lower bound: the
// task's own fields (family, roles, sizes, platform), a container's (name, essential, logs),
// and an entry's keys and punctuation (`{"name":…,"value":…},`).
const TASK_OVERHEAD: usize = 400;
const CONTAINER_OVERHEAD: usize = 150;
const ENTRY_OVERHEAD: usize = 20;
// A secret's `valueFrom` is an ARN: `arn:aws:ssm:REGION:ACCOUNT:parameter/…` adds at least this.
const ARN_PREFIX: usize = 40;

/// One value of a container, where it is written and what it costs.
struct Item {
    pointer: String,
    /// The env or secret name, for the help.
    key: Option<String>,
    bytes: usize,
}

/// JSON bytes of the longest rendering of `text` (as written when no target can render it).
fn json_bytes(text: &str, scopes: &[Scope]) -> usize {
    let longest = rendered::texts(text, scopes)
        .into_iter()
        .max_by_key(String::len)
        .unwrap_or_else(|| text.to_owned());
    serde_json::Value::String(longest).to_string().len()
}

/// At least [`json_bytes`] of `text`, without rendering it: every `{{` (at most one name each)
/// filled in with the longest value of any scope, `longest`, and every byte escaped as `\u00XX`.
/// Rendering each string in each environment × region was most of what this rule cost, for
/// task definitions a few kilobytes long.
fn json_bytes_at_most(text: &str, longest: usize) -> usize {
    let names = text.as_bytes().windows(2).filter(|w| w == b"{{").count();
    2 + 6 * (text.len() + names * longest)
}

/// The longest text a name can stand for in `scopes`: a value, or the `${…}` of a deploy-time
/// name.
fn longest_value(scopes: &[Scope]) -> usize {
    scopes
        .iter()
        .flat_map(|s| {
            s.literals
                .values()
                .map(String::len)
                .chain(s.deploy_time.values().map(|v| v.len() + 3))
        })
        .max()
        .unwrap_or(0)
}

fn items(base: &str, c: &Container, bytes: &dyn Fn(&str) -> usize) -> Vec<Item> {
    let item = |pointer: String, key: Option<&String>, text: &str, extra: usize| Item {
        pointer,
        key: key.cloned(),
        bytes: bytes(text) + extra,
    };
    let mut out = vec![item(format!("{base}/image"), None, &c.image, 0)];
    for (i, arg) in c.command.iter().flatten().enumerate() {
        out.push(item(format!("{base}/command/{i}"), None, arg, 1));
    }
    for (key, value) in &c.env {
        let p = format!("{base}/env/{}", escape_token(key));
        out.push(item(p, Some(key), value, key.len() + ENTRY_OVERHEAD));
    }
    for (section, map) in [("secrets", &c.secrets), ("config", &c.config)] {
        for (key, value) in map {
            let p = format!("{base}/{section}/{}", escape_token(key));
            out.push(item(
                p,
                None,
                value,
                key.len() + ENTRY_OVERHEAD + ARN_PREFIX,
            ));
        }
    }
    if let Some(h) = &c.health {
        match &h.command {
            StringOrList::One(text) => {
                out.push(item(format!("{base}/health/command"), None, text, 0));
            }
            StringOrList::Many(args) => {
                for (i, arg) in args.iter().enumerate() {
                    out.push(item(format!("{base}/health/command/{i}"), None, arg, 1));
                }
            }
        }
    }
    out
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let scopes = rendered::scopes(ctx);
    let longest = longest_value(&scopes);
    let at_most = |text: &str| json_bytes_at_most(text, longest);
    let exactly = |text: &str| json_bytes(text, &scopes);
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let containers = Context::containers(w.service);
        let total = |bytes: &dyn Fn(&str) -> usize| -> (usize, Vec<Item>) {
            let all: Vec<Item> = containers
                .iter()
                .flat_map(|c| items(&c.base, &c.container, bytes))
                .collect();
            let total = TASK_OVERHEAD
                + CONTAINER_OVERHEAD * containers.len()
                + all.iter().map(|i| i.bytes).sum::<usize>();
            (total, all)
        };
        // Nearly every task definition is far below the limit even when overestimated.
        if total(&at_most).0 <= MAX_BYTES {
            continue;
        }
        let (total, all) = total(&exactly);
        if total <= MAX_BYTES {
            continue;
        }
        // The first of the largest (`max_by_key` keeps the last).
        let Some(largest) = all.iter().rev().max_by_key(|i| i.bytes) else {
            continue;
        };
        let help = match &largest.key {
            Some(key) => format!(
                "keep `{key}` out of the task definition: store it in SSM Parameter Store and pass it as a secret, `secrets: {{ {key}: \"ssm:/{}/{key}\" }}`, instead of in `env`",
                ctx.app.name
            ),
            None => "keep large values out of the task definition: store them in SSM Parameter Store and pass them as `secrets`".to_owned(),
        };
        out.push(
            Diagnostic::error(
                Code::FF0444,
                format!(
                    "the task definition of {} would be at least {total} bytes; ECS accepts at most {MAX_BYTES}",
                    w.describe()
                ),
            )
            .label(
                ctx.span(w.name, &largest.pointer),
                format!("{} bytes", largest.bytes),
            )
            .help(help),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The overestimate that lets the rule skip rendering is never below the exact size, or a
    /// task definition over the limit would pass unreported.
    #[test]
    fn the_overestimate_is_never_below_the_rendered_size() {
        let scope = |long: &str| Scope {
            literals: [("env", "prod"), ("long", long), ("ctl", "\u{1}\u{2}\"\\")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            deploy_time: [("account", "AWS::AccountId")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        };
        let scopes = [scope("x"), scope(&"é\n".repeat(300))];
        let longest = longest_value(&scopes);
        for text in [
            "",
            "plain",
            "\u{0}\u{1f}\"\\",
            "{{long}}",
            "{{ctl}}{{ctl}}{{long}}-{{env}}",
            "{{long}}{{account}}",
            "{{unknown}}",
            "\\{{long}}",
            "{{{long}}}",
            "{{",
            "é☃😀{{long}}",
        ] {
            let exact = json_bytes(text, &scopes);
            let bound = json_bytes_at_most(text, longest);
            assert!(bound >= exact, "{text:?}: {bound} < {exact}");
        }
    }
}
