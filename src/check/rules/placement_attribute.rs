//! A placement that names an instance attribute no instance has: a custom attribute that none of
//! the owner's EC2 capacities declares (under `attributes`, registered through
//! `ECS_INSTANCE_ATTRIBUTES`), or a misspelt built-in (`ecs.instance_type`). No instance can
//! satisfy the constraint, so tasks would never be placed.
//!
//! # FF0332
//!
//! A custom attribute in a placement expression or `spread` field must be declared by an EC2
//! capacity the service runs on (`cluster.capacity.NAME.attributes`); otherwise no instance carries
//! it and ECS can place no task.
//!
//! ```yaml
//! cluster:
//!   capacity:
//!     general: { instance: m6i.large, max: 4, attributes: { stack: prod } }
//! services:
//!   api: { capacity: general, placement: { affinity: "attribute:stak == prod" } }   # did you mean `stack`?
//! ```

use super::placement::owners;
use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::placement::eval::{BUILTINS, is_builtin};
use crate::placement::expr::{self, Subject};

/// An attribute name, the pointer of the string it is in, and its bytes there (none: all).
type Used = (String, String, Option<(usize, usize)>);

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in owners(ctx) {
        let ec2 = o.ec2(ctx);
        if ec2.is_empty() {
            continue;
        }
        let declared = o.declared(ctx);
        // (attribute name, pointer, byte range in the string)
        let mut used: Vec<Used> = Vec::new();
        for w in o.expressions() {
            if let Ok(e) = expr::parse(w.text) {
                for c in expr::comparisons(&e) {
                    if let Subject::Attribute(name) = &c.subject {
                        used.push((name.clone(), w.pointer.clone(), Some(c.subject_at)));
                    }
                }
            }
        }
        for w in o.spread_fields() {
            if let Some(name) = w.text.strip_prefix("attribute:") {
                used.push((name.to_owned(), w.pointer.clone(), None));
            }
        }
        for (name, pointer, at) in used {
            if name.contains("{{") || declared.contains(name.as_str()) {
                continue;
            }
            let help = if is_builtin(&name) {
                if BUILTINS.contains(&name.as_str()) || name.starts_with("ecs.capability.") {
                    continue;
                }
                match suggest::did_you_mean(&name, BUILTINS.iter().copied()) {
                    Some(help) => help,
                    // Another built-in (ECS adds capabilities over time).
                    None => continue,
                }
            } else {
                let candidates = declared.iter().copied().chain(BUILTINS.iter().copied());
                suggest::did_you_mean(&name, candidates).unwrap_or_else(|| {
                    let elsewhere: Vec<String> = ctx
                        .app
                        .cluster
                        .capacity
                        .iter()
                        .filter(|(_, c)| {
                            matches!(c, crate::model::Capacity::Ec2(e) if e.attributes.contains_key(&name))
                        })
                        .map(|(n, _)| format!("`{n}`"))
                        .collect();
                    let mine: Vec<String> = ec2.iter().map(|(n, _)| format!("`{n}`")).collect();
                    if elsewhere.is_empty() {
                        format!(
                            "declare it under `attributes` of a capacity it runs on ({})",
                            mine.join(", ")
                        )
                    } else {
                        format!(
                            "{} declares it, but {} runs on {}",
                            elsewhere.join(", "),
                            o.name,
                            mine.join(", ")
                        )
                    }
                })
            };
            let span = match at {
                Some(at) => o.inner(ctx, &pointer, at),
                None => o.span(ctx, &pointer),
            };
            out.push(
                Diagnostic::error(
                    Code::FF0332,
                    format!("no instance of {} has attribute `{name}`", o.name),
                )
                .label(span, "no capacity it runs on declares this attribute")
                .help(help),
            );
        }
    }
    out
}
