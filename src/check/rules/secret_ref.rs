//! A `secrets` value that is not a reference fleetform can grant exactly. The execution role is
//! given read access to precisely the named parameters and secrets, so the form must be known
//! (FF0311), and a `*` or `?` in the name (FF0397) would become an IAM wildcard: `secretsmanager:*`
//! grants every secret of the region, `ssm:/app/*` a whole path. References are judged once
//! interpolated, for every environment × region, so a var cannot smuggle a wildcard or turn a name
//! into an ARN unseen.
//!
//! # FF0311
//!
//! A secret is `ssm:/path` or `ssm:name` (SSM Parameter Store), `secretsmanager:name`, optionally
//! `#json-key` (Secrets Manager), or a full ARN: `arn:…:ssm:REGION:ACCOUNT:parameter/NAME`, or
//! `arn:…:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf` (the full ARN, with the six characters
//! Secrets Manager appends to the name) optionally followed by
//! `:json-key:version-stage:version-id`.
//!
//! ```yaml
//! secrets:
//!   DB_PASSWORD: /shop/db   # write ssm:/shop/db
//! ```
//!
//! # FF0397
//!
//! The execution role may read exactly the secrets a service names; a `*` or `?` in a name would be
//! an IAM wildcard, giving every task of the service every matching secret (`secretsmanager:*` is
//! every secret of the region). Name each secret.
//!
//! ```yaml
//! secrets:
//!   DB_PASSWORD: "ssm:/shop/*"   # write ssm:/shop/db-password
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::interp::{self, Scope};
use crate::model::{SecretProblem, SecretSource};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut scopes = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            scopes.push(Scope::for_target(&ctx.app, env, region));
        }
    }
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        for c in Context::containers(s) {
            for (var, value) in &c.container.secrets {
                let Some(problem) = problem(value, &scopes) else {
                    continue;
                };
                let span = ctx.span(
                    service,
                    &format!("{}/secrets/{}", c.base, escape_token(var)),
                );
                out.push(match problem {
                    SecretProblem::Wildcard => Diagnostic::error(
                        Code::FF0397,
                        format!("secret `{var}` of {kind} `{service}` names secrets with a wildcard"),
                    )
                    .label(span, "`*` or `?` would grant every matching secret")
                    .help("name one parameter or secret, e.g. `ssm:/app/db-password` or `secretsmanager:app/stripe`"),
                    SecretProblem::Malformed(why) => Diagnostic::error(
                        Code::FF0311,
                        format!("secret `{var}` of {kind} `{service}` is not a valid reference: {why}"),
                    )
                    .label(span, "expected `ssm:…`, `secretsmanager:…` or a full ARN")
                    .help("write `ssm:/path/to/parameter` or `secretsmanager:secret-name` (optionally `#json-key`)"),
                });
            }
        }
    }
    out
}

/// The first problem of `reference` as written or interpolated for any target. Interpolation
/// errors are FF0010-FF0012's, so a reference that does not render is judged as written.
fn problem(reference: &str, scopes: &[Scope]) -> Option<SecretProblem> {
    if let Err(p) = SecretSource::parse(reference) {
        return Some(p);
    }
    if !reference.contains("{{") {
        return None;
    }
    scopes
        .iter()
        .find_map(|scope| match interp::render(reference, scope) {
            interp::Rendered::Literal(text) => SecretSource::parse(&text).err(),
            interp::Rendered::Sub(_) => None,
        })
}

#[cfg(test)]
mod tests {
    use super::problem;
    use crate::interp::Scope;
    use crate::model::SecretProblem;

    #[test]
    fn a_var_cannot_smuggle_a_wildcard() {
        let mut scope = Scope::default();
        scope.literals.insert("prefix".into(), "app/*".into());
        scope.literals.insert("env".into(), "prod".into());
        let scopes = [scope];
        assert_eq!(
            problem("ssm:/{{prefix}}", &scopes),
            Some(SecretProblem::Wildcard)
        );
        assert_eq!(problem("ssm:/app/{{env}}/db", &scopes), None);
        assert_eq!(
            problem("secretsmanager:*", &scopes),
            Some(SecretProblem::Wildcard)
        );
    }
}
