//! A secret written as a plain environment variable (named like one, or a value matching a pattern
//! of `crate::secrets`). Plain `env` values end up in the task definition and the template,
//! readable by anyone who can describe them; secrets belong in SSM Parameter Store or Secrets
//! Manager, injected by the ECS agent.
//!
//! # FF0305
//!
//! An `env` entry whose name looks secret (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`,
//! `ACCESS_KEY`, `CREDENTIAL`…) or whose value looks like an AWS access key or a PEM private key,
//! or any other credential fleetform recognises (an AWS secret access key after its name, a GitHub,
//! Slack, Stripe or Google token, a JSON web token, a password in a URL such as
//! `postgres://user:pass@host`), must move to `secrets:`.
//!
//! ```yaml
//! env: { DB_PASSWORD: hunter2 }
//! # instead:
//! secrets: { DB_PASSWORD: "ssm:/shop/{{env}}/db-password" }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

use crate::secrets::{self, secret_name};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        for c in Context::containers(s) {
            for (var, value) in &c.container.env {
                let pointer = format!("{}/env/{}", c.base, escape_token(var));
                let reason = if let Some(what) = secrets::kind(value) {
                    format!("its value looks like {what}")
                } else if secret_name(var) {
                    "its name looks like a secret".to_owned()
                } else {
                    continue;
                };
                let span = ctx.span(service, &pointer);
                out.push(
                    Diagnostic::error(Code::FF0305, format!("`{var}` in {kind} `{service}` is a plain environment variable but {reason}"))
                        .label(span, "plain value (hidden here)")
                        .redacted()
                        .help(format!(
                            "move it to `secrets:` as `{var}: \"ssm:/…\"` or `\"secretsmanager:…\"`, so the value never appears in the template"
                        )),
                );
            }
        }
    }
    out
}
