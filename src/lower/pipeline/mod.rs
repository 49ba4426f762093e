//! CI/CD: the `pipeline` section → pipeline stacks (CodePipeline V2, CodeBuild, ECR, S3, IAM).
//!
//! Stacks, in the manifest after every environment stack:
//! - `{app}-pipeline` in the pipeline's home region: source → build (images, `fleetform check`
//!   and `fleetform build`) and unit tests → self-update (the pipeline stacks themselves) →
//!   per environment in `deploy` order: an optional manual approval, then CloudFormation deploy
//!   actions for every stack of every region (environment stack first), then final tests.
//!   In monorepo mode (`per-service`) this one deploys the environment stacks only, and each
//!   service and job gets `{app}-pipeline-{name}`, started by pushes under its own paths, which
//!   builds its image and deploys its stacks.
//! - `{app}-pipeline-artifacts` in every other deploy region the pipeline reaches: the regional
//!   artifact bucket that cross-region actions need, and the image repositories there.
//! - `{app}-pipeline-deploy` in every deploy region without CodePipeline's CloudFormation action
//!   (China): a CodeBuild project that builds, pushes and runs `aws cloudformation deploy` over
//!   the region's stacks in manifest order, started by a new source zip in its bucket.
//!
//! The image tag has one owner: the pipeline. The build derives it from the source revision and
//! exports it (`#{Build.IMAGE_TAG}`); each deploy action of a stack with an `ImageTag` parameter
//! overrides it. Stacks are only deployed by the pipeline that builds their image, and
//! `SUPERSEDED` executions never let an older run deploy after a newer one, so a deploy never
//! rolls an image back.

mod buildspec;
mod china;
mod image;
mod roles;
mod stages;
mod storage;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::naming;
use super::{Stack, StackKind};
use crate::cfn::Template;
use crate::model::{App, FinalTests, Pipeline, Stage};
use crate::partition::{self, Feature};

/// The default CodeBuild image: Docker, the AWS CLI, jq and bash.
pub const DEFAULT_IMAGE: &str = "aws/codebuild/standard:7.0";

/// One image a pipeline builds.
#[derive(Debug, Clone)]
pub(crate) struct Built {
    /// The service or job.
    pub name: String,
    /// The ECR repository name.
    pub repository: String,
    /// The Docker build context in the repository.
    pub dir: String,
    pub commands: Vec<String>,
}

/// One pipeline: what it builds, tests and deploys.
pub(crate) struct Unit<'a> {
    /// `None` for the app's pipeline.
    pub name: Option<&'a str>,
    pub stack_name: String,
    pub built: Vec<Built>,
    /// App stacks deployed, in manifest order.
    pub deploys: Vec<&'a Stack>,
    /// Repository paths that start it (monorepo mode).
    pub paths: Option<Vec<String>>,
    pub build_image: String,
    /// Unit tests, run beside the build.
    pub tests: Option<Stage>,
    pub final_tests: Option<FinalTests>,
    /// The pipeline stacks this one keeps up to date (the app's pipeline in monorepo mode
    /// updates every other one and the regional artifact stacks).
    pub updates: Vec<String>,
}

/// The whole CI/CD of an app.
pub(crate) struct Plan<'a> {
    pub app: &'a App,
    pub pipeline: &'a Pipeline,
    pub home: &'a str,
    /// Deploy regions CodePipeline reaches (its partition, with the CloudFormation action),
    /// sorted; the home region may be among them.
    pub regions: Vec<String>,
    /// Deploy regions that need the CodeBuild deployer, sorted.
    pub deployer_regions: Vec<String>,
    /// Every image built, by repository (each repository once).
    pub repositories: BTreeMap<String, String>,
}

impl Plan<'_> {
    /// Regions other than home that hold a regional artifact stack.
    pub fn remote_regions(&self) -> impl Iterator<Item = &String> {
        self.regions.iter().filter(|r| r.as_str() != self.home)
    }
}

/// The pipeline stacks of an app (none without `pipeline:`), given its lowered stacks.
pub fn lower(app: &App, stacks: &[Stack]) -> Vec<Stack> {
    let Some(pipeline) = &app.pipeline else {
        return Vec::new();
    };
    let home = pipeline.region.as_str();
    let home_partition = partition::partition_of(home);
    let mut regions = Vec::new();
    let mut deployer_regions = Vec::new();
    for env in &pipeline.deploy {
        for region in app
            .environments
            .get(env)
            .into_iter()
            .flat_map(|e| &e.regions)
        {
            if Feature::PipelineCloudFormationAction.available_in(region) == Some(false) {
                deployer_regions.push(region.clone());
            } else if partition::partition_of(region) == home_partition {
                regions.push(region.clone());
            }
        }
    }
    regions.sort();
    regions.dedup();
    deployer_regions.sort();
    deployer_regions.dedup();
    let built_all = image::built(app, pipeline);
    let repositories = built_all
        .iter()
        .map(|b| (b.repository.clone(), b.name.clone()))
        .collect();
    let plan = Plan {
        app,
        pipeline,
        home,
        regions,
        deployer_regions,
        repositories,
    };
    let units = units(&plan, stacks, &built_all);
    let mut out = Vec::new();
    for unit in &units {
        out.push(stack(
            &plan,
            StackKind::Pipeline(unit.name.map(str::to_owned)),
            home,
            &unit.stack_name,
            stages::template(&plan, unit),
        ));
    }
    for region in plan.remote_regions() {
        out.push(stack(
            &plan,
            StackKind::PipelineArtifacts,
            region,
            &naming::pipeline_artifacts_stack(&app.name),
            storage::regional_template(&plan, region),
        ));
    }
    for region in &plan.deployer_regions {
        out.push(stack(
            &plan,
            StackKind::PipelineDeploy,
            region,
            &naming::pipeline_deploy_stack(&app.name),
            china::template(&plan, region, stacks, &built_all),
        ));
    }
    out
}

fn stack(plan: &Plan, kind: StackKind, region: &str, name: &str, template: Template) -> Stack {
    let mut tags = plan.app.tags.clone();
    tags.insert("fleetform:app".to_owned(), plan.app.name.clone());
    tags.insert("fleetform:pipeline".to_owned(), name.to_owned());
    Stack {
        app: plan.app.name.clone(),
        environment: String::new(),
        region: region.to_owned(),
        name: name.to_owned(),
        kind,
        template,
        parameters: BTreeMap::new(),
        tags,
        depends_on: Vec::new(),
    }
}

/// The pipelines: one for the app, or (monorepo mode) one per built service or job plus the
/// app's for the environment stacks.
fn units<'a>(plan: &Plan<'a>, stacks: &'a [Stack], built_all: &[Built]) -> Vec<Unit<'a>> {
    let p = plan.pipeline;
    let deployed = |s: &&Stack| p.deploy.contains(&s.environment);
    let default_image = p.build.image.clone().unwrap_or(DEFAULT_IMAGE.to_owned());
    if !p.per_service {
        return vec![Unit {
            name: None,
            stack_name: naming::pipeline_stack(&plan.app.name, None),
            built: built_all.to_vec(),
            deploys: stacks.iter().filter(deployed).collect(),
            paths: None,
            build_image: default_image,
            tests: p.unit_tests.clone(),
            final_tests: p.final_tests.clone(),
            updates: Vec::new(),
        }];
    }
    let mut names: Vec<&'a str> = plan
        .app
        .services
        .keys()
        .chain(plan.app.jobs.keys())
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Vec::new();
    let mut updates = Vec::new();
    for name in names {
        let over = p.services.get(name);
        let stack_name = naming::pipeline_stack(&plan.app.name, Some(name));
        updates.push(stack_name.clone());
        let dir = image::service_dir(p, name);
        let mut paths = vec![format!("{}/**", dir.trim_end_matches('/'))];
        paths.push(format!(
            "{}/**/{name}.yaml",
            p.blueprint.trim_end_matches('/')
        ));
        paths.extend(over.map(|o| o.paths.clone()).unwrap_or_default());
        out.push(Unit {
            name: Some(name),
            stack_name,
            built: built_all
                .iter()
                .filter(|b| b.name == name)
                .cloned()
                .collect(),
            deploys: stacks
                .iter()
                .filter(deployed)
                .filter(
                    |s| matches!(&s.kind, StackKind::Service(n) | StackKind::Job(n) if n == name),
                )
                .collect(),
            paths: Some(paths),
            build_image: over
                .and_then(|o| o.build.as_ref())
                .and_then(|b| b.image.clone())
                .unwrap_or_else(|| default_image.clone()),
            tests: over
                .and_then(|o| o.unit_tests.clone())
                .or_else(|| p.unit_tests.clone()),
            final_tests: over
                .and_then(|o| o.final_tests.clone())
                .or_else(|| p.final_tests.clone()),
            updates: Vec::new(),
        });
    }
    let app_unit = Unit {
        name: None,
        stack_name: naming::pipeline_stack(&plan.app.name, None),
        built: Vec::new(),
        deploys: stacks
            .iter()
            .filter(deployed)
            .filter(|s| {
                matches!(
                    s.kind,
                    StackKind::Environment | StackKind::Observability | StackKind::Callers(_)
                )
            })
            .collect(),
        paths: Some(vec![format!("{}/**", p.blueprint.trim_end_matches('/'))]),
        build_image: default_image,
        tests: None,
        final_tests: p.final_tests.clone(),
        updates,
    };
    out.insert(0, app_unit);
    out
}
