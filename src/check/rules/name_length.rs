//! Physical names derived from blueprint names that exceed AWS limits: the load balancer
//! `{app}-{env}` (32 characters, an ELB API limit the `CloudFormation` schema does not check), the
//! stack `{app}-{env}-{service}` (128) and the ECS cluster `{app}-{env}` (255).
//!
//! # FF0308
//!
//! Names built from the app, environment and service must fit AWS limits: load balancer
//! `{app}-{env}` at most 32 characters, stack `{app}-{env}-{service}` at most 128, ECS cluster
//! `{app}-{env}` at most 255. Shorten the app or environment name.
//!
//! ```yaml
//! app: grocery-checkout-api
//! environments:
//!   staging-europe-1: …   # grocery-checkout-api-staging-europe-1 is 37 > 32
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let app = &ctx.app.name;
    for env in ctx.app.environments.keys() {
        let env_key = ctx.app_key_span(&format!("/environments/{}", escape_token(env)));
        let internal = ctx.app.ingress.as_ref().is_some_and(|i| !i.public);
        let lb = format!("{app}-{env}{}", if internal { "-int" } else { "" });
        if lb.starts_with("internal-") {
            // ELB reserves the prefix for the DNS names of internal load balancers.
            out.push(
                Diagnostic::error(
                    Code::FF0308,
                    format!("load balancer name `{lb}` may not begin with `internal-`"),
                )
                .label(ctx.app_span("/app"), "app name")
                .help("rename the app so it does not start with `internal-`"),
            );
        }
        for (what, name, limit) in [
            ("load balancer", lb, 32),
            ("ecs cluster", format!("{app}-{env}"), 255),
        ] {
            if name.len() > limit {
                out.push(
                    too_long(what, &name, limit)
                        .label(env_key, "environment name")
                        .label(ctx.app_span("/app"), "app name"),
                );
            }
        }
        for w in ctx.workloads() {
            let name = format!("{app}-{env}-{}", w.name);
            if name.len() > 128 {
                out.push(
                    too_long("stack", &name, 128)
                        .label(ctx.key_span(w.name, ""), format!("{} name", w.kind.noun()))
                        .label(env_key, "environment name"),
                );
            }
        }
    }
    out
}

fn too_long(what: &str, name: &str, limit: usize) -> Diagnostic {
    Diagnostic::error(
        Code::FF0308,
        format!(
            "{what} name `{name}` is {} characters, more than {limit}",
            name.len()
        ),
    )
    .help("shorten the app, environment or service name")
}
