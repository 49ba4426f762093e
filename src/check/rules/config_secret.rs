//! A plain configuration value named like a secret (one that looks like a credential, by the
//! patterns of `crate::secrets`, is the error FF0389). Plain values are stored as SSM `String`
//! parameters and written into the template; secrets belong in a `SecureString` parameter
//! (`{secure: …}`) or Secrets Manager.
//!
//! # FF0642
//!
//! A `config` entry whose name looks secret (`password`, `token`, `api-key`, …) is stored in plain
//! text (a value that looks like a credential, such as an AWS access key, a token or a private key,
//! is the error FF0389). Put it in a SecureString parameter yourself and reference it.
//!
//! ```yaml
//! config:
//!   db-password: hunter2
//! # instead:
//!   db-password: { secure: /shop/prod/db-password }
//! ```

use crate::check::context::Context;
use crate::secrets::{secret_name, secret_value};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::ConfigValue;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut entries: Vec<(String, &String, &ConfigValue)> = ctx
        .app
        .config
        .iter()
        .map(|(n, v)| (format!("/config/{}", escape_token(n)), n, v))
        .collect();
    for (env_name, env) in &ctx.app.environments {
        for (n, v) in &env.config {
            entries.push((
                format!(
                    "/environments/{}/config/{}",
                    escape_token(env_name),
                    escape_token(n)
                ),
                n,
                v,
            ));
        }
    }
    entries
        .into_iter()
        .filter_map(|(pointer, name, value)| {
            let text = value.plain()?;
            // A value that looks like a credential is FF0389, an error.
            (secret_name(&name.replace('-', "_")) && !secret_value(text)).then(|| {
                Diagnostic::warning(
                    Code::FF0642,
                    format!("configuration `{name}` looks like a secret but is stored in plain text"),
                )
                .label(ctx.app_span(&pointer), "a plain SSM String parameter")
                .help(format!(
                    "store it as a SecureString and write `{name}: {{ secure: /path/to/parameter }}`"
                ))
            })
        })
        .collect()
}
