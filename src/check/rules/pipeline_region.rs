//! Where the pipeline runs and what it can reach.
//!
//! - FF0509: the home region must be known and have CodePipeline's CloudFormation action, and
//!   CodeConnections when the source is a connection.
//! - FF0510 (warning): a deploy region without the CloudFormation action (the China regions)
//!   is deployed by a CodeBuild project in that region instead (`{app}-pipeline-deploy`),
//!   started by uploading the source zip to its bucket: no manual approval, no final tests.
//!   Listing the region in `pipeline.codebuild-deploy` acknowledges this and silences it;
//!   FF0513 catches a listed region that is not such a deploy region.
//! - FF0511: a deploy region in another partition that does have the action (`GovCloud` from
//!   a commercial pipeline): one pipeline cannot hold credentials of two partitions.
//!
//! # FF0509
//!
//! The pipeline's home region must be a known region with CodePipeline's CloudFormation action, and
//! CodeConnections for a connection source (the China regions have neither; in GovCloud only
//! `us-gov-east-1` has CodeConnections, usable only by pipelines there: run a GovCloud pipeline in
//! `us-gov-east-1`, or in `us-gov-west-1` with an S3 source).
//!
//! ```yaml
//! pipeline:
//!   region: us-gov-east-1   # not us-gov-west-1 with a connection source
//!   source: { connection: arn:aws-us-gov:codeconnections:us-gov-east-1:111122223333:connection/0c5a1e4f, repository: acme/shop, branch: main }
//! ```
//!
//! # FF0510
//!
//! A deploy region without CodePipeline's CloudFormation action or CodeConnections (the China
//! regions, a separate partition with its own credentials) gets the stack `{app}-pipeline-deploy`
//! there: a CodeBuild project that builds and pushes the images, runs the unit tests and `fleetform
//! build`, then `aws cloudformation deploy` for each stack in manifest order. Uploading the
//! repository as `source.zip` to its bucket starts it (EventBridge). There is no manual approval
//! and no final-test step in that region (a warning).
//!
//! # FF0511
//!
//! A pipeline deploys with roles of its own partition; a region of another partition (e.g.
//! `us-gov-west-1` from `us-east-1`) needs a pipeline in its own partition: when every deployed
//! region is there, move the pipeline (`us-gov-east-1` for GovCloud with a connection source); else
//! split the environment and deploy the other partition's part from a blueprint of its own.
//!
//! ```yaml
//! pipeline: { region: us-gov-east-1, deploy: [prod] }
//! environments: { prod: { regions: [us-gov-west-1] } }
//! ```
//!
//! # FF0513
//!
//! `pipeline.codebuild-deploy` lists deploy regions without CodePipeline's CloudFormation action
//! (the China regions); any other region is deployed by the pipeline itself.
//!
//! ```yaml
//! pipeline:
//!   deploy: [prod]            # prod: [us-east-1, cn-north-1]
//!   codebuild-deploy: [cn-north-1]
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Source;
use crate::partition::{Feature, Partition, REGIONS, partition_of};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let home = p.region.as_str();
    let Some(home_partition) = partition_of(home) else {
        return vec![
            Diagnostic::error(Code::FF0509, format!("unknown pipeline region `{home}`"))
                .label(
                    ctx.app_span("/pipeline/region"),
                    "not a region fleetform knows",
                )
                .help("use a commercial region such as `us-east-1`"),
        ];
    };
    out.extend(home_region(ctx, p, home_partition));
    let deployed: Vec<&String> = ctx
        .app
        .environments
        .iter()
        .filter(|(name, _)| p.deploy.contains(name))
        .flat_map(|(_, e)| &e.regions)
        .collect();
    let all_elsewhere = !deployed.is_empty()
        && deployed
            .iter()
            .all(|r| partition_of(r).is_some_and(|q| q != home_partition));
    let mut seen = Vec::new();
    for (env_name, env) in &ctx.app.environments {
        if !p.deploy.contains(env_name) {
            continue;
        }
        for (i, region) in env.regions.iter().enumerate() {
            if seen.contains(region) {
                continue;
            }
            let Some(partition) = partition_of(region) else {
                continue;
            };
            let pointer = format!("/environments/{}/regions/{i}", escape_token(env_name));
            if Feature::PipelineCloudFormationAction.available_in(region) == Some(false) {
                seen.push(region.clone());
                if p.codebuild_deploy.contains(region) {
                    continue;
                }
                out.push(
                    Diagnostic::warning(
                        Code::FF0510,
                        format!(
                            // The stack name is `naming::pipeline_deploy_stack` (lowering's).
                            "region `{region}` has no CodePipeline CloudFormation action or CodeConnections: stack `{}-pipeline-deploy` there deploys `{}` with CodeBuild instead",
                            ctx.app.name,
                            ctx.app.name
                        ),
                    )
                    .label(ctx.app_span(&pointer), "deployed by a CodeBuild project started by a source upload")
                    .help(format!("add `{region}` to `pipeline.codebuild-deploy` to accept this; then upload the repository as `source.zip` to that stack's bucket to deploy (no manual approval, no final tests there)")),
                );
            } else if partition != home_partition {
                seen.push(region.clone());
                out.push(
                    Diagnostic::error(
                        Code::FF0511,
                        format!(
                            "the pipeline in `{home}` ({}) cannot deploy to `{region}` ({})",
                            home_partition.name(),
                            partition.name()
                        ),
                    )
                    .label(ctx.app_span(&pointer), "another partition")
                    .help(other_partition_help(partition, all_elsewhere)),
                );
            }
        }
    }
    out.extend(listed(ctx, p));
    out
}

/// FF0509: the home region lacks what the pipeline needs there.
fn home_region(
    ctx: &Context<'_>,
    p: &crate::model::Pipeline,
    home_partition: Partition,
) -> Option<Diagnostic> {
    let home = p.region.as_str();
    let mut missing = Vec::new();
    if Feature::PipelineCloudFormationAction.available_in(home) == Some(false) {
        missing.push(Feature::PipelineCloudFormationAction.name());
    }
    if matches!(p.source, Source::Connection(_))
        && Feature::CodeConnections.available_in(home) == Some(false)
    {
        missing.push(Feature::CodeConnections.name());
    }
    if missing.is_empty() {
        return None;
    }
    let only_connections = missing == [Feature::CodeConnections.name()];
    let help = match pipeline_region_in(home_partition) {
        // GovCloud (US-West): the same partition has a region with connections, or the
        // pipeline stays here with a source that needs none.
        Some(alt) if only_connections => format!(
            "run the pipeline in `{alt}` with a connection created there (`pipeline.region: {alt}`, `connection: arn:{p}:codeconnections:{alt}:ACCOUNT:connection/ID`), or keep `{home}` with an S3 source (`source: {{ s3: {{ bucket: BUCKET, key: source.zip }} }}`)",
            p = home_partition.name()
        ),
        _ => "run the pipeline in a commercial region such as `us-east-1`; deploy regions without CodePipeline's CloudFormation action get a CodeBuild deployer".to_owned(),
    };
    Some(
        Diagnostic::error(
            Code::FF0509,
            format!("pipeline region `{home}` lacks {}", missing.join(" and ")),
        )
        .label(
            ctx.app_span("/pipeline/region"),
            "the pipeline cannot run here",
        )
        .help(help),
    )
}

/// The region of `partition` a pipeline with a connection source can run in: `us-east-1` in
/// the commercial partition, else its first region with CodeConnections and CodePipeline's
/// CloudFormation action (`us-gov-east-1` in GovCloud: the GovCloud user guide has
/// connections only in US-East, usable only by pipelines there; none in China).
fn pipeline_region_in(partition: Partition) -> Option<&'static str> {
    let ok = |r: &str| {
        partition_of(r) == Some(partition)
            && Feature::CodeConnections.available_in(r) == Some(true)
            && Feature::PipelineCloudFormationAction.available_in(r) == Some(true)
    };
    if ok("us-east-1") {
        return Some("us-east-1");
    }
    REGIONS.iter().map(|(r, _)| *r).find(|r| ok(r))
}

/// How to deploy a region of another partition: one pipeline holds the roles of one partition,
/// so that region needs a pipeline in its own partition. When every deployed region is there,
/// moving this pipeline is the whole fix.
fn other_partition_help(partition: Partition, all_elsewhere: bool) -> String {
    let Some(alt) = pipeline_region_in(partition) else {
        return "give that region an environment of its own, deployed by a pipeline in its partition".to_owned();
    };
    let p = partition.name();
    if all_elsewhere {
        format!(
            "every deployed region is in `{p}`: run the pipeline there, `pipeline.region: {alt}` with a connection created there (`connection: arn:{p}:codeconnections:{alt}:ACCOUNT:connection/ID`)"
        )
    } else {
        format!(
            "give that region an environment of its own, remove it from `pipeline.deploy`, and deploy it from a blueprint whose pipeline runs in `{alt}`"
        )
    }
}

/// FF0513 for each `codebuild-deploy` entry that is not a deployed region lacking the action.
fn listed(ctx: &Context<'_>, p: &crate::model::Pipeline) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let deployer_regions: Vec<&String> = ctx
        .app
        .environments
        .iter()
        .filter(|(name, _)| p.deploy.contains(name))
        .flat_map(|(_, e)| &e.regions)
        .filter(|r| Feature::PipelineCloudFormationAction.available_in(r) == Some(false))
        .collect();
    for (i, region) in p.codebuild_deploy.iter().enumerate() {
        if !deployer_regions.contains(&region) {
            out.push(
                Diagnostic::error(
                    Code::FF0513,
                    format!("`{region}` is not a deploy region without CodePipeline's CloudFormation action"),
                )
                .label(ctx.app_span(&format!("/pipeline/codebuild-deploy/{i}")), "the pipeline deploys here itself, or does not deploy here")
                .help("list only China regions of the environments in `pipeline.deploy`"),
            );
        }
    }
    out
}
