//! A placement expression that is not valid cluster query language: a syntax error, an unknown
//! subject, or an operator the subject does not take. ECS would reject it at deploy time with a
//! bare "invalid expression"; this points at the column inside the string.
//!
//! # FF0331
//!
//! A `member-of` or `affinity` expression must be ECS cluster query language: `subject operator
//! value`, joined with `and`/`or`, negated with `not(…)`, grouped with parentheses. Subjects are
//! `attribute:NAME`, `ec2InstanceId`, `task:group`, `agentConnected`, `agentVersion`,
//! `registeredAt` and `runningTasksCount`; operators `==`, `!=`, `=~`, `!~`, `in [a, b]`, `!in [a,
//! b]`, `exists`, `!exists`, `>`, `>=`, `<`, `<=`.
//!
//! ```yaml
//! affinity: "attribute:stack = prod"   # `==`, not `=`
//! ```

use crate::check::context::Context;
use super::placement::{owners, rendered, targets};
use crate::diagnostic::{Code, Diagnostic};
use crate::placement::expr;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let targets = targets(ctx);
    let mut out = Vec::new();
    for o in owners(ctx) {
        for w in o.expressions() {
            if let Err(e) = expr::parse(w.text) {
                out.push(
                    Diagnostic::error(Code::FF0331, e.message)
                        .label(o.inner(ctx, &w.pointer, e.at), "here")
                        .help(e.help),
                );
                continue;
            }
            // Valid as written, but a var may bring text that is not.
            let mut seen = Vec::new();
            for t in &targets {
                let text = rendered(w.text, t);
                if let Err(e) = expr::parse(&text)
                    && !seen.contains(&e.message)
                {
                    out.push(
                        Diagnostic::error(
                            Code::FF0331,
                            format!(
                                "{} in `{}` (environment `{}`): `{text}`",
                                e.message, t.region, t.env
                            ),
                        )
                        .label(o.span(ctx, &w.pointer), "after interpolation")
                        .help(e.help.clone()),
                    );
                    seen.push(e.message);
                }
            }
        }
    }
    out
}
