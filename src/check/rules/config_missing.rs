//! A configuration name a service reads has no value in some environment (declared in other
//! environments only, and not at app level). The task would fail to start there, on a missing SSM
//! parameter.
//!
//! # FF0641
//!
//! A name a service reads through `config` must have a value in every environment: in the app's
//! `config` (the default) or in each environment's own `config`.
//!
//! ```yaml
//! environments:
//!   test: { regions: [us-east-1], config: { flag: "on" } }
//!   prod: { regions: [us-east-1] }   # no `flag` here
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let declared = super::config_unknown::declared(ctx);
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s) = (w.name, w.service);
        for c in Context::containers(s) {
            for (var, name) in &c.container.config {
                // An undeclared name is FF0640's.
                if !declared.contains(name.as_str()) || ctx.app.config.contains_key(name) {
                    continue;
                }
                for (env_name, env) in &ctx.app.environments {
                    if env.config.contains_key(name) {
                        continue;
                    }
                    out.push(
                        Diagnostic::error(
                            Code::FF0641,
                            format!(
                                "configuration `{name}` read by {} has no value in environment `{env_name}`",
                                w.describe()
                            ),
                        )
                        .label(
                            ctx.span(service, &format!("{}/config/{}", c.base, escape_token(var))),
                            "read here",
                        )
                        .label(
                            ctx.app_key_span(&format!("/environments/{}", escape_token(env_name))),
                            "no value here",
                        )
                        .help(format!(
                            "give `{name}` a default in the app's `config`, or a value in `environments.{env_name}.config`"
                        )),
                    );
                }
            }
        }
    }
    out
}
