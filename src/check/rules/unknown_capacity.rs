//! A service `capacity` (or the cluster `default`) naming a capacity that is not declared in
//! `cluster.capacity`. `fargate` and `spot` always exist; any other name must be an EC2 group of
//! the cluster, or the capacity-provider strategy points at nothing.
//!
//! # FF0309
//!
//! A capacity named by a service or by `cluster.default` must be `fargate`, `spot` or a name under
//! `cluster.capacity`.
//!
//! ```yaml
//! cluster:
//!   capacity: { general: { instance: c6i.large, max: 4 } }
//! services:
//!   cart: { capacity: genral, … }   # did you mean `general`?
//! ```

use super::strategy_places;
use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut known: Vec<&str> = vec!["fargate", "spot"];
    known.extend(
        ctx.app
            .cluster
            .capacity
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "fargate" && *k != "spot"),
    );
    let mut out = Vec::new();
    for strategy in strategy_places(ctx) {
        for (name, place) in &strategy.items {
            if known.contains(&name.as_str()) {
                continue;
            }
            let span = place.span(ctx);
            let owner = strategy.owner.clone();
            let help = suggest::did_you_mean(name, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "declare it under `cluster.capacity`, or use one of {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            out.push(
                Diagnostic::error(Code::FF0309, format!("{owner} uses unknown capacity `{name}`"))
                    .label(span, "not declared in `cluster.capacity`")
                    .help(help),
            );
        }
    }
    out
}
