//! An ECS-native traffic-shifting deployment (`blue-green`, `canary`, `linear`:
//! `DeploymentConfiguration.Strategy`) in a China or `GovCloud` region. AWS announced these
//! strategies (July and October 2025) for the commercial Regions; the China and `GovCloud`
//! documentation does not state them, and cfn-lint cannot tell (it assembles one
//! `AWS::ECS::Service` schema for every region), so a stack may be rejected there at deploy time.
//! See `partition::Feature::EcsTrafficShifting`.
//!
//! # FF0425
//!
//! ECS blue/green, canary and linear deployments were announced for the commercial Regions; in
//! `aws-cn` and `aws-us-gov` they are not confirmed, so the stack may fail there. Use a rolling
//! deployment (the circuit breaker rolls back) or `dns-blue-green` in those regions, e.g. through a
//! per-region override:
//!
//! ```yaml
//! prod:
//!   regions: [us-east-1, cn-north-1]
//!   overrides:
//!     cn-north-1:
//!       services: { api: { deploy: { strategy: rolling } } }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::Feature;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let deploy = &service.deploy;
        if !deploy.strategy.shifts_traffic() {
            continue;
        }
        let targets: Vec<(String, String)> = ctx
            .service_targets(name, "/deploy/strategy")
            .into_iter()
            .filter(|(_, r)| Feature::EcsTrafficShifting.available_in(r) == Some(false))
            .collect();
        let Some((env, region)) = targets.first() else {
            continue;
        };
        let regions: Vec<String> = targets
            .iter()
            .map(|(env, r)| format!("`{r}` (environment `{env}`)"))
            .collect();
        // The override to write, whole: the service's settings of its own strategy may stay
        // (FF0356 leaves inherited ones alone), so this alone is enough.
        let help = format!(
            "deploy `rolling` (or `dns-blue-green`) there: under `environments.{env}.overrides` \
write `{region}: {{ services: {{ {name}: {{ deploy: {{ strategy: rolling }} }} }} }}`{}",
            if targets.len() > 1 {
                ", and likewise for the other regions"
            } else {
                ""
            }
        );
        out.push(
            Diagnostic::warning(
                Code::FF0425,
                format!(
                    "service `{name}` deploys `{}` in {}, where ECS-native {} are not confirmed",
                    deploy.strategy.name(),
                    regions.join(", "),
                    Feature::EcsTrafficShifting.name()
                ),
            )
            .label(
                ctx.span(name, "/deploy/strategy"),
                "announced for commercial regions only",
            )
            .help(help),
        );
    }
    out
}
