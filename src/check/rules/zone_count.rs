//! A created network with more availability zones than its region offers. Subnets pick zones by
//! index (`Fn::Select [i, Fn::GetAZs ""]`), so an index past the region's zones fails the
//! environment stack at deploy time.
//!
//! # FF0420
//!
//! `network.azs` must not exceed the zones of every region of the environment (most regions have 3;
//! us-east-1 has 6; us-west-1 offers 2 to most accounts). Lower `azs`, or import the network.
//!
//! ```yaml
//! regions: [eu-west-1]
//! network: { azs: 4 }   # eu-west-1 has 3
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::partition;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        if e.network.import.is_some() {
            continue;
        }
        let azs = usize::from(e.network.azs);
        for region in &e.regions {
            let Some(zones) = partition::zone_count(region) else {
                continue;
            };
            if azs > zones {
                let explicit =
                    ctx.app_has(&format!("/environments/{}/network/azs", escape_token(env)));
                let pointer = if explicit {
                    format!("/environments/{}/network/azs", escape_token(env))
                } else {
                    format!("/environments/{}", escape_token(env))
                };
                let mut d = Diagnostic::error(
                    Code::FF0420,
                    format!("environment `{env}` asks for {azs} availability zones; `{region}` offers {zones}"),
                )
                .label(ctx.app_span(&pointer), format!("more than `{region}` has"))
                .help(format!("set `azs: {zones}` or fewer"));
                // Only a written `azs` can be replaced; the default has no text to edit.
                if explicit {
                    d = d.fix(ctx.app_span(&pointer), zones.to_string());
                }
                out.push(d);
            }
        }
    }
    out
}
