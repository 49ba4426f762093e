//! Blueprint strings as the stacks will hold them: rendered with the names of each environment
//! × region they are built for, for rules that check what AWS receives rather than what was
//! written (route values, task-definition sizes).

use crate::check::context::Context;
use crate::interp::{self, Scope};

/// The names of every environment × region this context is about (one, for a region's
/// overrides).
pub fn scopes(ctx: &Context<'_>) -> Vec<Scope> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            let wanted = ctx
                .only
                .as_ref()
                .is_none_or(|(oe, or)| oe == env && or == region);
            if wanted {
                out.push(Scope::for_target(&ctx.app, env, region));
            }
        }
    }
    out
}

/// The distinct texts `text` renders to across `scopes`, in scope order. A rendering that names
/// a deploy-time value (`{{account}}` without an account) is unknown here and left out, as is
/// one with an interpolation error (FF0010-FF0012 report those).
pub fn texts(text: &str, scopes: &[Scope]) -> Vec<String> {
    if !text.contains("{{") {
        return vec![text.to_owned()];
    }
    let mut out: Vec<String> = Vec::new();
    for scope in scopes {
        if !interp::check(text, scope).is_empty() {
            continue;
        }
        if let interp::Rendered::Literal(s) = interp::render(text, scope)
            && !out.contains(&s)
        {
            out.push(s);
        }
    }
    out
}
