//! The order of a pipeline's environments. An environment listed twice in `deploy` (FF0501) would
//! deploy twice per run; an approval or final tests for an environment the pipeline does not deploy
//! (FF0502) would never run.
//!
//! # FF0501
//!
//! Each environment appears once in `pipeline.deploy`, in deploy order.
//!
//! ```yaml
//! pipeline:
//!   deploy: [test, prod, test]   # remove the second `test`
//! ```
//!
//! # FF0502
//!
//! `pipeline.approval` and `final-tests.after` name environments of `pipeline.deploy`: an approval
//! or a test stage exists only in an environment's deploy stage.
//!
//! ```yaml
//! pipeline:
//!   deploy: [test]
//!   approval: [prod]   # add `prod` to `deploy`
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, env) in p.deploy.iter().enumerate() {
        if p.deploy[..i].contains(env) {
            out.push(
                Diagnostic::error(
                    Code::FF0501,
                    format!("the pipeline deploys environment `{env}` twice"),
                )
                .label(
                    ctx.app_span(&format!("/pipeline/deploy/{i}")),
                    "listed before",
                )
                .help("list each environment once, in deploy order"),
            );
        }
    }
    for (env, pointer) in super::pipeline_environment::named_environments(ctx) {
        if pointer.starts_with("/pipeline/deploy/")
            || p.deploy.contains(&env)
            || !ctx.app.environments.contains_key(&env)
        {
            continue;
        }
        let what = if pointer.contains("approval") {
            "an approval"
        } else {
            "final tests"
        };
        out.push(
            Diagnostic::error(
                Code::FF0502,
                format!("the pipeline has {what} for `{env}` but does not deploy it"),
            )
            .label(ctx.app_span(&pointer), "not in `pipeline.deploy`")
            .help(format!("add `{env}` to `pipeline.deploy`, or remove this")),
        );
    }
    out
}
