//! FF0360: DNS blue/green weights that send no traffic anywhere. Both records at 0 makes Route
//! 53 answer with both colours equally (it treats an all-zero weighted set as all equal), which
//! is never what a switch means. The schema already keeps each weight within 0–255.

use super::blue_green;
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0360",
    title: "blue/green weights are both 0",
    explanation: "`deploy.dns-blue-green.weights` gives each colour's record a Route 53 weight, \
0–255 each. At least one must be above 0: Route 53 treats a set whose weights are all 0 as if \
they were all equal, so `{ blue: 0, green: 0 }` would send half the traffic to each colour. \
Switching is a one-line change of this map.\n\n```yaml\ndeploy:\n  dns-blue-green:\n    \
weights: { blue: 0, green: 0 }   # say which colour serves: { blue: 100, green: 0 }\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    blue_green::services(ctx)
        .filter(|(_, bg)| bg.weights.blue == 0 && bg.weights.green == 0)
        .map(|(name, _)| {
            Diagnostic::error(
                "FF0360",
                format!("both blue/green weights of service `{name}` are 0"),
            )
            .label(
                ctx.span(name, &format!("{}/weights", blue_green::POINTER)),
                "no colour gets traffic",
            )
            .help("give the colour that should serve a weight above 0, e.g. `{ blue: 100, green: 0 }`")
        })
        .collect()
}
