//! A `config` variable that the same container also sets in `env` or `secrets`. ECS would get the
//! variable twice; which value wins is not something a blueprint should leave open.
//!
//! # FF0643
//!
//! A variable under `config` is injected from central configuration; the same container may not
//! also set it under `env` or `secrets`.
//!
//! ```yaml
//! env: { TIMEOUT_MS: "3000" }
//! config: { TIMEOUT_MS: payments-timeout-ms }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s) = (w.name, w.service);
        for c in Context::containers(s) {
            for var in c.container.config.keys() {
                let other = if c.container.env.contains_key(var) {
                    "env"
                } else if c.container.secrets.contains_key(var) {
                    "secrets"
                } else {
                    continue;
                };
                out.push(
                    Diagnostic::error(
                        Code::FF0643,
                        format!(
                            "variable `{var}` of {} comes from both `config` and `{other}`",
                            w.describe()
                        ),
                    )
                    .label(
                        ctx.key_span(service, &format!("{}/config/{}", c.base, escape_token(var))),
                        "from configuration",
                    )
                    .label(
                        ctx.key_span(
                            service,
                            &format!("{}/{other}/{}", c.base, escape_token(var)),
                        ),
                        "and set here",
                    )
                    .help(format!(
                        "keep one: remove `{var}` from `config` or from `{other}`"
                    )),
                );
            }
        }
    }
    out
}
