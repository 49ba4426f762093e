//! A capacity-provider strategy mixing Fargate (`fargate`, `spot`) and EC2 providers. ECS rejects
//! such a strategy ("the specified capacity provider strategy cannot contain a mix of capacity
//! providers that are using Auto Scaling groups and Fargate providers").
//!
//! # FF0317
//!
//! One capacity-provider strategy is either all Fargate (`fargate`, `spot`) or all EC2 groups; ECS
//! rejects a mix.
//!
//! ```yaml
//! capacity: [{ provider: spot, weight: 1 }, { provider: general, weight: 1 }]
//! ```

use super::{is_fargate, strategy_places};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let known = |n: &str| is_fargate(n) || ctx.app.cluster.capacity.contains_key(n);
    let mut out = Vec::new();
    for strategy in strategy_places(ctx) {
        let names: Vec<&str> = strategy
            .items
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| known(n))
            .collect();
        let fargate: Vec<&str> = names.iter().copied().filter(|n| is_fargate(n)).collect();
        let ec2: Vec<&str> = names.iter().copied().filter(|n| !is_fargate(n)).collect();
        if fargate.is_empty() || ec2.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::FF0317,
                format!(
                    "{} mixes fargate ({}) and ec2 ({}) capacity",
                    strategy.owner,
                    list(&fargate),
                    list(&ec2)
                ),
            )
            .label(strategy.whole.span(ctx), "mixed strategy")
            .help("use only fargate providers or only ec2 providers in one strategy"),
        );
    }
    out
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
