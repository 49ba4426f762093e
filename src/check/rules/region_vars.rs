//! FF0417: `region-vars` for a region the environment does not deploy to. Such values are never
//! used, which usually means a typo in the region or a region dropped from `regions` while its
//! values stayed behind.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::source::escape_token;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0417",
    title: "region variables for a region the environment does not deploy to",
    explanation: "`region-vars` gives variables per region of the environment; a region that is \
not in `regions` never uses them.\n\n```yaml\nregions: [us-east-1]\nregion-vars:\n  eu-west-1: { bucket: shop-eu }   # not deployed\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in e.region_vars.keys() {
            if !e.regions.contains(region) {
                out.push(
                    Diagnostic::error(
                        "FF0417",
                        format!("environment `{env}` does not deploy to `{region}`"),
                    )
                    .label(
                        ctx.app_key_span(&format!(
                            "/environments/{}/region-vars/{}",
                            escape_token(env),
                            escape_token(region)
                        )),
                        "not in this environment's `regions`",
                    )
                    .help(format!(
                        "add `{region}` to `regions`, or remove its variables"
                    )),
                );
            }
        }
    }
    out
}
