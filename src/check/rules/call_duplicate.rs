//! FF0386: the same service twice in one `calls` list. Harmless to the output (one rule per
//! caller and port) but a sign of a merge slip, and the list reads as the service's
//! dependencies, so each belongs once.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0386",
    title: "duplicate call",
    explanation: "Name each callee once in `calls`.\n\n```yaml\nservices:\n  web: { calls: [cart, orders, cart], … }   # `cart` twice\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (caller, service) in &ctx.app.services {
        for (i, callee) in service.calls.iter().enumerate() {
            let Some(first) = service.calls[..i].iter().position(|c| c == callee) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    "FF0386",
                    format!("service `{caller}` calls `{callee}` twice"),
                )
                .label(ctx.span(caller, &format!("/calls/{i}")), "again here")
                .label(ctx.span(caller, &format!("/calls/{first}")), "first here")
                .help("remove the second entry"),
            );
        }
    }
    out
}
