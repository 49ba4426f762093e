//! FF0509 / FF0510 / FF0511: where the pipeline runs and what it can reach.
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

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Source;
use crate::partition::{Feature, partition_of};
use crate::source::escape_token;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0509",
    title: "pipeline region lacks codepipeline features",
    explanation: "The pipeline's home region must be a known region with CodePipeline's \
CloudFormation action, and CodeConnections for a connection source (the China regions have \
neither; `us-gov-west-1` has no CodeConnections).\n\n```yaml\npipeline:\n  region: cn-north-1   # use a commercial region; China regions get a CodeBuild deployer\n```",
};

pub const DOC_ALTERNATIVE: RuleDoc = RuleDoc {
    code: "FF0510",
    title: "region deployed by a codebuild project instead of the pipeline",
    explanation: "A deploy region without CodePipeline's CloudFormation action or CodeConnections \
(the China regions, a separate partition with its own credentials) gets the stack \
`{app}-pipeline-deploy` there: a CodeBuild project that builds and pushes the images, runs the \
unit tests and `fleetform build`, then `aws cloudformation deploy` for each stack in manifest \
order. Uploading the repository as `source.zip` to its bucket starts it (EventBridge). There is \
no manual approval and no final-test step in that region (a warning).",
};

pub const DOC_PARTITION: RuleDoc = RuleDoc {
    code: "FF0511",
    title: "pipeline deploys to another partition",
    explanation: "A pipeline deploys with roles of its own partition; a region of another \
partition (e.g. `us-gov-west-1` from `us-east-1`) needs its own pipeline.\n\n```yaml\npipeline: { region: us-east-1, deploy: [prod] }\nenvironments: { prod: { regions: [us-east-1, us-gov-west-1] } }   # split the environment\n```",
};

pub const DOC_LISTED: RuleDoc = RuleDoc {
    code: "FF0513",
    title: "codebuild-deploy region that does not need it",
    explanation: "`pipeline.codebuild-deploy` lists deploy regions without CodePipeline's \
CloudFormation action (the China regions); any other region is deployed by the pipeline \
itself.\n\n```yaml\npipeline:\n  deploy: [prod]            # prod: [us-east-1, cn-north-1]\n  codebuild-deploy: [cn-north-1]\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let home = p.region.as_str();
    let Some(home_partition) = partition_of(home) else {
        return vec![
            Diagnostic::error("FF0509", format!("unknown pipeline region `{home}`"))
                .label(
                    ctx.app_span("/pipeline/region"),
                    "not a region fleetform knows",
                )
                .help("use a commercial region such as `us-east-1`"),
        ];
    };
    let mut missing = Vec::new();
    if Feature::PipelineCloudFormationAction.available_in(home) == Some(false) {
        missing.push(Feature::PipelineCloudFormationAction.name());
    }
    if matches!(p.source, Source::Connection(_))
        && Feature::CodeConnections.available_in(home) == Some(false)
    {
        missing.push(Feature::CodeConnections.name());
    }
    if !missing.is_empty() {
        out.push(
            Diagnostic::error(
                "FF0509",
                format!("pipeline region `{home}` lacks {}", missing.join(" and ")),
            )
            .label(ctx.app_span("/pipeline/region"), "the pipeline cannot run here")
            .help("run the pipeline in a region that has them; deploy regions without them get a CodeBuild deployer"),
        );
    }
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
                        "FF0510",
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
                        "FF0511",
                        format!(
                            "the pipeline in `{home}` ({}) cannot deploy to `{region}` ({})",
                            home_partition.name(),
                            partition.name()
                        ),
                    )
                    .label(ctx.app_span(&pointer), "another partition")
                    .help("give that region its own environment and pipeline blueprint"),
                );
            }
        }
    }
    out.extend(listed(ctx, p));
    out
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
                    "FF0513",
                    format!("`{region}` is not a deploy region without CodePipeline's CloudFormation action"),
                )
                .label(ctx.app_span(&format!("/pipeline/codebuild-deploy/{i}")), "the pipeline deploys here itself, or does not deploy here")
                .help("list only China regions of the environments in `pipeline.deploy`"),
            );
        }
    }
    out
}
