//! Capacity numbers ECS or Auto Scaling reject: an EC2 group whose `min` exceeds its `max`, a
//! strategy where more than one provider has a `base` (ECS allows a base on only one provider of a
//! strategy), or a strategy whose weights are all zero.
//!
//! # FF0405
//!
//! An EC2 capacity needs `min` ≤ `max`; in a strategy only one provider may have a `base` greater
//! than 0, and at least one must have a weight above 0.
//!
//! ```yaml
//! capacity: [{ provider: fargate, base: 1, weight: 1 }, { provider: spot, base: 1, weight: 3 }]
//! ```

use super::{StrategyItemRef, strategy_places};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Capacity;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, cap) in &ctx.app.cluster.capacity {
        if let Capacity::Ec2(ec2) = cap
            && ec2.min > ec2.max
        {
            let base = format!("/cluster/capacity/{}", escape_token(name));
            out.push(
                Diagnostic::error(
                    Code::FF0405,
                    format!(
                        "capacity `{name}` has `min: {}` above `max: {}`",
                        ec2.min, ec2.max
                    ),
                )
                .label(ctx.app_span(&format!("{base}/min")), "minimum")
                .label(ctx.app_span(&format!("{base}/max")), "maximum")
                .help("make `min` at most `max`"),
            );
        }
    }
    for strategy in strategy_places(ctx) {
        let with_base: Vec<&StrategyItemRef> = strategy
            .numbers
            .iter()
            .filter(|i| i.base.unwrap_or(0) > 0)
            .collect();
        if let [first, second, ..] = with_base.as_slice() {
            out.push(
                Diagnostic::error(
                    Code::FF0405,
                    format!(
                        "{} gives a base to both `{}` and `{}`",
                        strategy.owner, first.name, second.name
                    ),
                )
                .label(second.base_place.span(ctx), "second base")
                .label(first.base_place.span(ctx), "first base")
                .help("ECS allows a `base` on only one provider of a strategy"),
            );
        }
        if !strategy.numbers.is_empty() && strategy.numbers.iter().all(|i| i.weight == Some(0)) {
            out.push(
                Diagnostic::error(
                    Code::FF0405,
                    format!("{} has no provider with a weight above 0", strategy.owner),
                )
                .label(strategy.whole.span(ctx), "every weight is 0")
                .help("give at least one provider a weight of 1 or more"),
            );
        }
    }
    out
}
