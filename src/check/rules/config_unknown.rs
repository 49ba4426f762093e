//! A service's `config` names a configuration entry that no `config` declares (app or any
//! environment). The container would start without the variable; usually a typo.
//!
//! # FF0640
//!
//! Each value under a service's (or container's) `config` must be a name declared in the app's
//! `config` or an environment's `config`.
//!
//! ```yaml
//! config: { payments-timeout-ms: "4000" }
//! services:
//!   payments:
//!     config: { TIMEOUT_MS: payment-timeout-ms }   # did you mean `payments-timeout-ms`?
//! ```

use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

/// Every declared configuration name (app and environments).
pub fn declared<'c>(ctx: &'c Context<'_>) -> std::collections::BTreeSet<&'c str> {
    ctx.app
        .config
        .keys()
        .chain(ctx.app.environments.values().flat_map(|e| e.config.keys()))
        .map(String::as_str)
        .collect()
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let names = declared(ctx);
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s) = (w.name, w.service);
        for c in Context::containers(s) {
            for (var, name) in &c.container.config {
                if names.contains(name.as_str()) {
                    continue;
                }
                let help =
                    suggest::did_you_mean(name, names.iter().copied()).unwrap_or_else(|| {
                        "declare it under `config` (app) or `environments.<env>.config`".to_owned()
                    });
                out.push(
                    Diagnostic::error(
                        Code::FF0640,
                        format!(
                            "{} reads unknown configuration `{name}` into `{var}`",
                            w.describe()
                        ),
                    )
                    .label(
                        ctx.span(service, &format!("{}/config/{}", c.base, escape_token(var))),
                        "no such configuration",
                    )
                    .help(help),
                );
            }
        }
    }
    out
}
