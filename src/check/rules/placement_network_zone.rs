//! An availability zone in a placement expression that the environment's network has no subnet in
//! (`attribute:ecs.availability-zone == us-east-1e` with `network.azs: 2`). The network puts its
//! subnets in the first `azs` zones `Fn::GetAZs` lists, and every EC2 instance runs in those
//! subnets, so no instance is ever in another zone: `==` and `in` never match, `!=` and `!in`
//! always do. Imported networks are not checked (their zones are not known).
//!
//! # FF0460
//!
//! A network fleetform creates has subnets in the first `network.azs` availability zones of each
//! region, in letter order, and the cluster's instances run there. A zone past those holds no
//! instance, so a placement that asks for it leaves tasks pending (`==`, `in`) or rules out nothing
//! (`!=`, `!in`). Name one of the network's zones, or give the network more zones.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1], network: { azs: 2 } }
//! …
//! affinity: "attribute:ecs.availability-zone == us-east-1e"   # "{{region}}a", or azs: 5
//! ```

use crate::check::context::Context;
use super::placement::{owners, regions_of, targets, zone_values};
use crate::diagnostic::{Code, Diagnostic};
use crate::partition;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let targets = targets(ctx);
    // The network's zone count of a target, for created networks.
    let azs = |env: &str| {
        ctx.app
            .environments
            .get(env)
            .filter(|e| e.network.import.is_none())
            .map(|e| usize::from(e.network.azs))
    };
    let mut out = Vec::new();
    for o in owners(ctx) {
        for w in o.expressions() {
            let outside = |zone: &str, t: &super::placement::Target| {
                azs(&t.env).is_some_and(|n| {
                    partition::may_be_among_first(&t.region, zone, n) == Some(false)
                })
            };
            for (span, zone, failing) in zone_values(ctx, &o, &w, &targets, outside) {
                let zones: Vec<String> = failing
                    .iter()
                    .filter_map(|(env, _)| azs(env))
                    .map(|n| n.to_string())
                    .collect();
                out.push(
                    Diagnostic::error(
                        Code::FF0460,
                        format!(
                            "`{zone}` in the placement of {} is outside the network's zones in {}",
                            o.name,
                            regions_of(&failing)
                        ),
                    )
                    .label(
                        span,
                        format!("the network has subnets in the first {} zones only", zones.join("/")),
                    )
                    .help("name a zone of the network, such as `{{region}}a`, or raise the environment's `network.azs`"),
                );
            }
        }
    }
    out
}
