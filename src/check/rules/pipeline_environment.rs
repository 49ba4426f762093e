//! An environment named in `pipeline` (`deploy`, `approval`, `final-tests.after`, also in a
//! service's `final-tests`) that the app does not declare. The pipeline would have no stacks to
//! deploy or test there.
//!
//! # FF0500
//!
//! Every environment in `pipeline.deploy`, `pipeline.approval` and `final-tests.after` must be
//! declared under `environments`.
//!
//! ```yaml
//! environments: { test: …, prod: … }
//! pipeline:
//!   deploy: [test, prdo]   # did you mean `prod`?
//! ```

use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};

/// Every environment name written in `pipeline`, with its JSON pointer.
pub fn named_environments(ctx: &Context<'_>) -> Vec<(String, String)> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, env) in p.deploy.iter().enumerate() {
        out.push((env.clone(), format!("/pipeline/deploy/{i}")));
    }
    for (i, env) in p.approval.iter().enumerate() {
        out.push((env.clone(), format!("/pipeline/approval/{i}")));
    }
    if let Some(after) = p.final_tests.as_ref().and_then(|f| f.after.as_ref()) {
        out.push((after.clone(), "/pipeline/final-tests/after".to_owned()));
    }
    for (name, over) in &p.services {
        if let Some(after) = over.final_tests.as_ref().and_then(|f| f.after.as_ref()) {
            out.push((
                after.clone(),
                format!(
                    "/pipeline/services/{}/final-tests/after",
                    crate::source::escape_token(name)
                ),
            ));
        }
    }
    out
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let known: Vec<&str> = ctx.app.environments.keys().map(String::as_str).collect();
    named_environments(ctx)
        .into_iter()
        .filter(|(env, _)| !ctx.app.environments.contains_key(env))
        .map(|(env, pointer)| {
            let help = suggest::did_you_mean(&env, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "declare it under `environments`, or use one of {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            Diagnostic::error(
                Code::FF0500,
                format!("the pipeline names unknown environment `{env}`"),
            )
            .label(ctx.app_span(&pointer), "not declared in `environments`")
            .help(help)
        })
        .collect()
}
