//! A `deploy` setting that the chosen strategy ignores: `rolling` with a traffic-shifting strategy,
//! `bake` or `hooks` with `rolling`, `canary` without `strategy: canary`, `linear` without
//! `strategy: linear`. ECS would reject some and ignore others; either way the blueprint says
//! something that would not happen.
//!
//! # FF0356
//!
//! Each strategy has its own settings: `rolling` for rolling deployments; `bake` and `hooks` for
//! `blue-green`, `canary` and `linear`; `canary` for canary, `linear` for linear.
//!
//! ```yaml
//! deploy:
//!   strategy: linear
//!   canary: { percent: 10 }   # a canary setting
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::DeployStrategy;

/// In a region whose overrides change `deploy.strategy` (as FF0425 advises), a setting the
/// override does not write comes from the service, where it belongs to the service's own
/// strategy (or was reported there already): it is left unused, and `null` cannot remove it.
fn inherited(ctx: &Context<'_>, service: &str, key: &str) -> bool {
    let Some((env, region)) = &ctx.only else {
        return false;
    };
    ctx.app.environments.get(env).is_none_or(|e| {
        !crate::model::covered(&e.overrides, region, &["services", service, "deploy", key])
    })
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let d = &s.deploy;
        let strategy = d.strategy;
        let shifting = strategy.shifts_traffic();
        let misplaced = [
            (
                shifting && d.rolling.is_some(),
                "rolling",
                "`rolling` deployments",
            ),
            (
                !shifting && d.bake.is_some(),
                "bake",
                "`blue-green`, `canary` and `linear`",
            ),
            (
                !shifting && !d.hooks.is_empty(),
                "hooks",
                "`blue-green`, `canary` and `linear`",
            ),
            (
                strategy != DeployStrategy::Canary && d.canary.is_some(),
                "canary",
                "`strategy: canary`",
            ),
            (
                strategy != DeployStrategy::Linear && d.linear.is_some(),
                "linear",
                "`strategy: linear`",
            ),
        ];
        for (wrong, key, applies) in misplaced {
            if !wrong || inherited(ctx, name, key) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::FF0356,
                    format!(
                        "service `{name}` sets `deploy.{key}`, but it deploys with `{}`",
                        strategy.name()
                    ),
                )
                .label(
                    ctx.key_span(name, &format!("/deploy/{key}")),
                    format!("only for {applies}"),
                )
                .help(format!(
                    "remove `{key}`, or change `deploy.strategy`; `{key}` applies to {applies}"
                )),
            );
        }
    }
    out
}
