//! FF0311: a `secrets` value that is not a reference fleetform can grant access to. The
//! execution role is given exactly the named parameters and secrets, so the form must be known.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::source::escape_token;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0311",
    title: "malformed secret reference",
    explanation: "A secret is `ssm:/path` or `ssm:name` (SSM Parameter Store) or \
`secretsmanager:name`, optionally `#json-key` (Secrets Manager).\n\n```yaml\nsecrets:\n  DB_PASSWORD: /shop/db   # write ssm:/shop/db\n```",
};

/// Whether a secret reference has a known form.
pub fn valid(reference: &str) -> bool {
    let no_space = |s: &str| !s.is_empty() && !s.chars().any(char::is_whitespace);
    if let Some(rest) = reference.strip_prefix("ssm:") {
        return no_space(rest) && rest != "/";
    }
    if let Some(rest) = reference.strip_prefix("secretsmanager:") {
        return match rest.split_once('#') {
            Some((name, key)) => no_space(name) && no_space(key) && !key.contains('#'),
            None => no_space(rest),
        };
    }
    false
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        for c in Context::containers(s) {
            for (var, value) in &c.container.secrets {
                if valid(value) {
                    continue;
                }
                let pointer = format!("{}/secrets/{}", c.base, escape_token(var));
                out.push(
                    Diagnostic::error("FF0311", format!("secret `{var}` of {kind} `{service}` is not a valid reference"))
                        .label(ctx.span(service, &pointer), "expected `ssm:…` or `secretsmanager:…`")
                        .help("write `ssm:/path/to/parameter` or `secretsmanager:secret-name` (optionally `#json-key`)"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn forms() {
        assert!(valid("ssm:/shop/{{env}}/db"));
        assert!(valid("ssm:db-password"));
        assert!(valid("secretsmanager:shop/stripe#key"));
        assert!(!valid("secretsmanager:shop#"));
        assert!(!valid("/shop/db"));
        assert!(!valid("ssm:"));
    }
}
