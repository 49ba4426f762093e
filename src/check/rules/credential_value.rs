//! A credential (by the patterns of `crate::secrets`: access keys, tokens, private keys, passwords
//! in URLs) written into the blueprint outside `env` (which FF0305 covers). Almost every blueprint
//! string ends up in a template or its configuration file (`vars` through `{{…}}`, `command`,
//! `tags`, `config`, names, descriptions), where anyone who can read the stack, the build output or
//! the repository can read it too. So every string and key of every blueprint file is checked,
//! `vars` that are named like secrets too, and so is each interpolated string once its `{{…}}`
//! names are filled in (a key split over two `vars`).
//!
//! # FF0389
//!
//! A blueprint value that looks like a credential (an AWS access key, an AWS secret access key
//! after its name, a GitHub, Slack, Stripe or Google token, a JSON web token, a private key, a
//! password in a URL such as `postgres://user:pass@host`), anywhere (`vars`, `command`, `image`,
//! `tags`, `config`, …), or a variable in `vars` whose name looks secret (`PASSWORD`, `SECRET`,
//! `TOKEN`, `API_KEY`, …), would be written into the templates in plain text. The same holds for a
//! string whose `{{…}}` names, filled in, make one. Store the secret in SSM Parameter Store or
//! Secrets Manager and pass it as a `secrets:` reference, which ECS reads at run time; a key that
//! was ever committed should be rotated. (Plain `env` values are FF0305.)
//!
//! ```yaml
//! vars: { deploy_key: AKIA… }
//! # instead:
//! secrets: { DEPLOY_KEY: "ssm:/shop/{{env}}/deploy-key" }
//! ```

use std::collections::BTreeSet;

use serde_json::Value;

use crate::check::context::Context;
use crate::check::schema::describe;
use crate::secrets::{self, secret_name, secret_value};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::interp::{self, Scope};
use crate::source::{Document, push_index, push_token};

/// Top-level app-file sections whose strings are interpolated (as in FF0010's check).
const INTERPOLATED_SECTIONS: &[&str] = &["/tag", "/tags", "/ingress", "/cluster"];

const HELP: &str = "keep credentials out of the blueprint: store the value in SSM Parameter Store \
or Secrets Manager and pass it through `secrets:` (`\"ssm:/…\"` or `\"secretsmanager:…\"`); rotate \
it if it was ever committed";

/// An interpolated string of a document.
struct Found<'v> {
    pointer: String,
    text: &'v str,
}

/// Calls `visit(pointer, text, is_key)` for every string and mapping key under `value`, whose
/// pointer is `pointer`. One buffer holds every pointer in turn: this runs over every string
/// of every blueprint file, and a pointer of their own for each was a tenth of the rule's cost.
fn walk<'v>(value: &'v Value, pointer: &mut String, visit: &mut impl FnMut(&str, &'v str, bool)) {
    let len = pointer.len();
    match value {
        Value::String(s) => visit(pointer, s, false),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                push_index(pointer, i);
                walk(v, pointer, visit);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                push_token(pointer, k);
                visit(pointer, k, true);
                walk(v, pointer, visit);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether `pointer` is a plain `env` value of a service, job or container: FF0305's. Read
/// from the end without splitting the pointer: this is asked of every string of every file.
fn plain_env(pointer: &str) -> bool {
    // `…/{services|jobs}/{name}/env/{key}` or `…/{services|jobs}/{name}/containers/{c}/env/{key}`.
    let mut up = pointer.rsplit('/').skip(1);
    if up.next() != Some("env") {
        return false;
    }
    match up.nth(1) {
        Some("services" | "jobs") => true,
        Some("containers") => matches!(up.nth(1), Some("services" | "jobs")),
        _ => false,
    }
}

/// Whether `pointer` is a variable: `/vars/K`, `/environments/E/vars/K` or
/// `/environments/E/region-vars/R/K`.
fn variable(pointer: &str) -> bool {
    if !pointer.starts_with("/vars/") && !pointer.starts_with("/environments/") {
        return false;
    }
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    matches!(
        tokens.as_slice(),
        ["vars", _] | ["environments", _, "vars", _] | ["environments", _, "region-vars", _, _]
    )
}

/// `` `services.web.tags` ``, or "the file" for the root.
fn place(pointer: &str) -> String {
    if pointer.is_empty() {
        "the file".to_owned()
    } else {
        format!("`{}`", describe(pointer))
    }
}

fn diagnostic(span: Span, message: String, label: &str) -> Diagnostic {
    Diagnostic::error(Code::FF0389, message)
        .label(span, label)
        .redacted()
        .help(HELP)
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The app merged with one region's overrides holds nothing new to read: every file, the
    // overrides included, is read for the app itself. Only what interpolation makes differs.
    if ctx.only.is_none() {
        for doc in documents(ctx) {
            walk(&doc.value, &mut String::new(), &mut |pointer, text, is_key| {
                out.extend(literal(ctx, doc, pointer, text, is_key));
            });
        }
    }
    out.extend(interpolated(ctx));
    out
}

/// Every document of the app once: the app file, then each other file that defines services
/// or jobs.
fn documents<'c>(ctx: &'c Context<'_>) -> Vec<&'c Document> {
    let mut seen = BTreeSet::from([ctx.app_doc.file]);
    let mut docs = vec![ctx.app_doc];
    for doc in ctx.service_docs.values().chain(ctx.job_docs.values()) {
        if seen.insert(doc.file) {
            docs.push(doc);
        }
    }
    docs
}

fn literal(
    ctx: &Context<'_>,
    doc: &Document,
    pointer: &str,
    text: &str,
    is_key: bool,
) -> Option<Diagnostic> {
    if is_key {
        let reason = secrets::kind(text)?;
        let span = ctx.key_in(doc, pointer);
        // The key itself must not appear in the message: name its mapping.
        let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        return Some(diagnostic(
            span,
            format!("a key in {} looks like {reason}", place(parent)),
            "credential (hidden here)",
        ));
    }
    if plain_env(pointer) {
        return None;
    }
    // The place and span only for a finding: every string of every file passes here.
    let name = pointer.rsplit('/').next().unwrap_or_default();
    if let Some(reason) = secrets::named_kind(name, text) {
        return Some(diagnostic(
            ctx.value_in(doc, pointer),
            format!(
                "`{}` is written into the templates but its value looks like {reason}",
                describe(pointer)
            ),
            "plain value (hidden here)",
        ));
    }
    (variable(pointer) && secret_name(&name.replace('-', "_"))).then(|| {
        diagnostic(
            ctx.value_in(doc, pointer),
            format!(
                "variable `{}` is written into the templates where used but its name looks like a secret",
                describe(pointer)
            ),
            "plain value (hidden here)",
        )
    })
}

/// The strings under `value` that use `{{…}}`.
fn templated<'v>(
    doc: &'v Document,
    value: &'v Value,
    pointer: &str,
    out: &mut Vec<(&'v Document, Found<'v>)>,
) {
    walk(value, &mut pointer.to_owned(), &mut |pointer, text, is_key| {
        if !is_key && text.contains("{{") {
            let pointer = pointer.to_owned();
            out.push((doc, Found { pointer, text }));
        }
    });
}

/// Interpolated strings (of services, jobs and the app sections that interpolate) that turn
/// into a credential only once their names are filled in, per environment × region.
fn interpolated(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut scopes = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            if ctx
                .only
                .as_ref()
                .is_none_or(|(oe, or)| oe == env && or == region)
            {
                scopes.push(Scope::for_target(&ctx.app, env, region));
            }
        }
    }
    let mut found: Vec<(&Document, Found<'_>)> = Vec::new();
    for name in ctx.app.services.keys().chain(ctx.app.jobs.keys()) {
        let (doc, pointer) = ctx.locate(name, "");
        if let Some(v) = crate::source::pointer(&doc.value, &pointer) {
            templated(doc, v, &pointer, &mut found);
        }
    }
    for section in INTERPOLATED_SECTIONS {
        if let Some(v) = crate::source::pointer(&ctx.app_doc.value, section) {
            templated(ctx.app_doc, v, section, &mut found);
        }
    }
    let mut out = Vec::new();
    let mut reported = BTreeSet::new();
    for (doc, f) in found {
        if secrets::kind(f.text).is_some() {
            continue;
        }
        let names = interp::names(f.text);
        // Environment × regions that give the string's names the values another already gave
        // come out the same: each render (a sixth of the rule's cost at 1,000 services) is
        // made once per distinct set of values.
        let by_names = interp::depends_only_on_names(f.text);
        let mut seen: Vec<Vec<(Option<&String>, Option<&String>)>> = Vec::new();
        for scope in &scopes {
            if by_names {
                let values: Vec<_> = names
                    .iter()
                    .map(|(name, ..)| (scope.literals.get(name), scope.deploy_time.get(name)))
                    .collect();
                if seen.contains(&values) {
                    continue;
                }
                seen.push(values);
            }
            // A variable that is itself a credential is reported where it is defined.
            let uses_flagged = names
                .iter()
                .any(|(name, ..)| scope.literals.get(name).is_some_and(|v| secret_value(v)));
            if uses_flagged {
                continue;
            }
            let rendered = interp::render(f.text, scope);
            // The text it will have in the template (literal parts of an `Fn::Sub`).
            let Some(reason) = secrets::kind(rendered.text()) else {
                continue;
            };
            let span = ctx.value_in(doc, &f.pointer);
            if reported.insert((span.file, span.start, span.end)) {
                out.push(diagnostic(
                    span,
                    format!(
                        "`{}` is written into the templates and, with its `{{{{…}}}}` names filled in, looks like {reason}",
                        describe(&f.pointer)
                    ),
                    "interpolated value (hidden here)",
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_are_left_to_ff0305() {
        assert!(plain_env("/services/web/env/KEY"));
        assert!(plain_env("/jobs/nightly/containers/app/env/KEY"));
        assert!(plain_env(
            "/environments/prod/overrides/eu-west-1/services/web/env/KEY"
        ));
        assert!(!plain_env("/services/web/command/1"));
        assert!(!plain_env("/pipeline/env/KEY"));
        assert!(!plain_env("/env/KEY"));
        assert!(!plain_env("/x/containers/app/env/KEY"));
        assert!(!plain_env("/services/web/containers/app/command/0"));
    }

    #[test]
    fn variables() {
        assert!(variable("/vars/token"));
        assert!(variable("/environments/prod/vars/token"));
        assert!(variable("/environments/prod/region-vars/us-east-1/token"));
        assert!(!variable("/services/web/env/token"));
        assert!(!variable("/config/token"));
    }
}
