//! Cross-account environments: an environment in `pipeline.deploy` whose `account` differs from
//! `pipeline.account` is deployed through roles of that account (the bootstrap stack
//! `{app}-pipeline-account-{account}`). What that cannot do:
//!
//! - FF0515: deployed environments in two accounts without `pipeline.account`: they cannot
//!   both be the pipeline's own account, and fleetform cannot tell which one is.
//! - FF0516: a cross-account environment in a region of another partition than the pipeline's
//!   (the China regions among them): an account ID belongs to one partition, and IAM roles of
//!   one partition cannot trust or assume roles of another.
//! - FF0517: a cross-account environment in a region other than the pipeline's: the artifacts
//!   of a cross-region action live in the regional bucket, whose key the pipeline stack could
//!   only name by its ARN, which it cannot know.
//! - FF0518: final tests after a cross-account environment without `url`: the default looks the
//!   load balancer up with the pipeline account's credentials, where it does not exist.
//! - FF0519: a service of a cross-account environment whose pipeline-built image names another
//!   registry than the pipeline account's: the pipeline pushes to its own account's
//!   repositories (and lets the target accounts pull), so `{{account}}`, the target account
//!   there, names a registry without the image.
//! - FF0520: monorepo mode (`per-service`) with a cross-account environment: a service's
//!   pipeline waits for the environment stacks the app's pipeline deploys by reading them
//!   with its build role, in the pipeline's account, where they are not.
//!
//! # FF0515
//!
//! Environments the pipeline deploys name different `account`s, so they cannot all be the
//! account the pipeline runs in; say which account that is, and the others are deployed across
//! accounts.
//!
//! ```yaml
//! pipeline:
//!   account: "111122223333"   # the pipeline's own (tooling) account
//! ```
//!
//! # FF0516
//!
//! A cross-account environment must be in the pipeline's partition: IAM roles cannot trust a
//! principal of another partition. Deploy that region from a pipeline in its own partition, or
//! from the target account itself (no `account` differing from `pipeline.account`).
//!
//! # FF0517
//!
//! A cross-account environment deploys only in the pipeline's region (`pipeline.region`): the
//! regional artifact buckets of cross-region actions would need customer managed keys shared
//! with the target account, named by ARN in the pipeline stack. Split the other regions into an
//! environment deployed from the target account, or run a pipeline in that region.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1], account: "444455556666" }   # pipeline.region: us-east-1
//! ```
//!
//! # FF0518
//!
//! Final tests without `url` find the environment's load balancer with the pipeline account's
//! credentials; in a cross-account environment it is in the other account. Give the URL.
//!
//! ```yaml
//! pipeline:
//!   final-tests: { after: staging, url: https://staging.shop.example.com, commands: [make e2e] }
//! ```
//!
//! # FF0519
//!
//! The pipeline pushes images to repositories in its own account and grants the target
//! accounts' app roles the pull; in a cross-account environment `{{account}}` is the target
//! account, whose registry has no such image. Name the pipeline's account in the image.
//!
//! ```yaml
//! image: "111122223333.dkr.ecr.{{region}}.{{url_suffix}}/shop/web:{{tag}}"
//! ```
//!
//! # FF0520
//!
//! In monorepo mode each service's pipeline waits until the stacks the app's pipeline deploys
//! run this push's templates, reading them from the pipeline's account; a cross-account
//! environment's stacks are in another account. Deploy cross-account environments from one
//! pipeline (`per-service: false`).

use std::collections::BTreeSet;

use crate::check::context::Context;
use crate::check::ecr::repository_of;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Pipeline;
use crate::partition::partition_of;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let deployed: Vec<(&String, &crate::model::Environment)> = ctx
        .app
        .environments
        .iter()
        .filter(|(name, _)| p.deploy.contains(name))
        .collect();
    if p.account.is_none() {
        let accounts: BTreeSet<&str> = deployed
            .iter()
            .filter_map(|(_, e)| e.account.as_deref())
            .collect();
        if accounts.len() > 1 {
            let listed: Vec<String> = accounts.iter().map(|a| format!("`{a}`")).collect();
            out.push(
                Diagnostic::error(
                    Code::FF0515,
                    format!(
                        "the pipeline deploys to accounts {}, but `pipeline.account` does not say which one it runs in",
                        listed.join(", ")
                    ),
                )
                .label(ctx.app_span("/pipeline/region"), "in which account?")
                .help(format!(
                    "set `pipeline.account: \"{}\"` (the account the pipeline runs in): the other environments are then deployed across accounts",
                    accounts.first().copied().unwrap_or_default()
                )),
            );
        }
        return out;
    }
    let home_partition = partition_of(&p.region);
    for (name, env) in &deployed {
        let Some(account) = p.target_account(env) else {
            continue;
        };
        for (i, region) in env.regions.iter().enumerate() {
            let pointer = format!("/environments/{}/regions/{i}", escape_token(name));
            let partition = partition_of(region);
            if partition.is_some() && home_partition.is_some() && partition != home_partition {
                out.push(
                    Diagnostic::error(
                        Code::FF0516,
                        format!(
                            "environment `{name}` in account `{account}` is deployed across accounts to `{region}`, a region of another partition than the pipeline's (`{}`)",
                            p.region
                        ),
                    )
                    .label(ctx.app_span(&pointer), "another partition")
                    .help(format!(
                        "deploy `{region}` from a pipeline in its own partition, or remove `account` from `{name}`"
                    )),
                );
            } else if region != &p.region {
                out.push(
                    Diagnostic::error(
                        Code::FF0517,
                        format!(
                            "cross-account environment `{name}` (account `{account}`) deploys to `{region}`, not the pipeline's region `{}`",
                            p.region
                        ),
                    )
                    .label(ctx.app_span(&pointer), "cross-account deploys stay in the pipeline's region")
                    .help(format!(
                        "remove `{region}` from `environments.{name}.regions` and deploy it from an environment of its own in the pipeline's account, or from a pipeline in `{region}`"
                    )),
                );
            }
        }
    }
    if p.per_service
        && let Some((name, env)) = deployed.iter().find(|(_, e)| p.target_account(e).is_some())
    {
        out.push(
            Diagnostic::error(
                Code::FF0520,
                format!(
                    "per-service pipelines cannot deploy cross-account environment `{name}` (account `{}`)",
                    env.account.as_deref().unwrap_or_default()
                ),
            )
            .label(
                ctx.app_span("/pipeline/per-service"),
                "service pipelines wait for stacks in the pipeline's account",
            )
            .help("set `per-service: false`: one pipeline deploys every stack of every environment"),
        );
    }
    out.extend(final_tests(ctx, p));
    out.extend(images(ctx, p));
    out
}

/// FF0518: final tests after a cross-account environment look its load balancer up at home.
fn final_tests(ctx: &Context<'_>, p: &Pipeline) -> Option<Diagnostic> {
    let tests = p.final_tests.as_ref()?;
    if tests.url.is_some() {
        return None;
    }
    let env_name = tests.after.as_ref().or_else(|| p.deploy.first())?;
    let env = ctx.app.environments.get(env_name)?;
    let account = p.target_account(env)?;
    let pointer = if tests.after.is_some() {
        "/pipeline/final-tests/after"
    } else {
        "/pipeline/final-tests"
    };
    Some(
        Diagnostic::error(
            Code::FF0518,
            format!(
                "final tests after cross-account environment `{env_name}` (account `{account}`) need a `url`"
            ),
        )
        .label(ctx.app_span(pointer), "its load balancer is in another account")
        .help(format!(
            "set `pipeline.final-tests.url` to the URL of `{env_name}`, e.g. `url: https://{env_name}.example.com`"
        )),
    )
}

/// FF0519: a built image of a cross-account environment in another registry than the pipeline's.
fn images(ctx: &Context<'_>, p: &Pipeline) -> Vec<Diagnostic> {
    let Some(home) = p.account.as_deref() else {
        return Vec::new();
    };
    let cross: Vec<&String> = ctx
        .app
        .environments
        .iter()
        .filter(|(name, e)| p.deploy.contains(name) && p.target_account(e).is_some())
        .map(|(name, _)| name)
        .collect();
    let Some(first) = cross.first() else {
        return Vec::new();
    };
    let registry = format!("{home}.dkr.ecr.");
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let s = w.service;
        let images = s.image.iter().map(|i| ("/image".to_owned(), i)).chain(
            s.containers.iter().flat_map(|c| {
                c.iter()
                    .map(|(n, c)| (format!("/containers/{}/image", escape_token(n)), &c.image))
            }),
        );
        for (pointer, image) in images {
            if repository_of(image).is_none() || image.starts_with(&registry) {
                continue;
            }
            let repository = repository_of(image).unwrap_or_default();
            out.push(
                Diagnostic::error(
                    Code::FF0519,
                    format!(
                        "{} runs in cross-account environment `{first}`, but its image is not in the pipeline account's registry (`{home}`)",
                        w.describe()
                    ),
                )
                .label(ctx.span(w.name, &pointer), "the pipeline pushes to its own account")
                .help(format!(
                    "name the pipeline's account: `image: \"{home}.dkr.ecr.{{{{region}}}}.{{{{url_suffix}}}}/{repository}:{{{{tag}}}}\"`"
                )),
            );
        }
    }
    out
}
