//! CI/CD: the `pipeline` section → pipeline stacks (CodePipeline V2, CodeBuild, ECR, S3, IAM).
//!
//! Stacks, in the manifest after every environment stack:
//! - `{app}-pipeline-iam` in the home region, and in the first deployer region of every other
//!   partition: the app's permissions boundary and the role CloudFormation deploys the app's
//!   stacks with, whose permissions are derived from the resource provider schemas of what it
//!   deploys (`iam_stack`, `deploy_role`). An administrator deploys it first; the pipeline
//!   never updates it.
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
mod cross_account;
mod deploy_role;
mod iam_stack;
mod image;
mod provider_permissions;
mod roles;
mod sources;
mod stages;
mod storage;

#[cfg(test)]
mod cross_account_tests;
#[cfg(test)]
mod install_tests;
#[cfg(test)]
mod monorepo_tests;
#[cfg(test)]
mod privilege_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::{Stack, StackKind};
use crate::cfn::Template;
use crate::model::{App, FinalTests, Pipeline, Stage};
use crate::naming;
use crate::partition::{self, Feature};
use crate::resolved::{self, Resolved};

pub use deploy_role::TemplateSummary;

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
    /// Other services and jobs that run this image (built once, deployed with its tag).
    pub users: Vec<String>,
}

/// One pipeline: what it builds, tests and deploys.
pub(crate) struct Unit<'a> {
    /// `None` for the app's pipeline.
    pub name: Option<&'a str>,
    pub stack_name: String,
    pub built: Vec<Built>,
    /// App stacks deployed, in manifest order.
    pub deploys: Vec<&'a Stack>,
    /// Stacks another pipeline deploys that `deploys` depend on (monorepo mode), in manifest
    /// order: each deploy stage first waits until they run this push's templates.
    pub waits: Vec<&'a Stack>,
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
    pub app: &'a Resolved,
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

/// How the pipeline reaches a deploy region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// CodePipeline's CloudFormation action, in the home partition.
    CodePipeline,
    /// The CodeBuild deployer of a region without that action (the China regions).
    Deployer,
}

/// How a pipeline at home `home` deploys `region`: `None` for a region of another partition
/// that has the CloudFormation action (the pipeline cannot reach it).
fn reach(home: &str, region: &str) -> Option<Reach> {
    if Feature::PipelineCloudFormationAction.available_in(region) == Some(false) {
        Some(Reach::Deployer)
    } else if partition::partition_of(region) == partition::partition_of(home) {
        Some(Reach::CodePipeline)
    } else {
        None
    }
}

/// Whether the app's pipeline deploys environment `env` in `region` with its deploy role,
/// which creates roles only under the app's permissions boundary. A StackSet environment is
/// deployed by StackSets into other accounts, where the boundary does not exist.
pub fn deploys(app: &App, env: &str, region: &str) -> bool {
    let Some(pipeline) = &app.pipeline else {
        return false;
    };
    pipeline.deploy.iter().any(|d| d == env)
        && app
            .environments
            .get(env)
            .is_some_and(|e| e.stackset.is_none())
        && reach(&pipeline.region, region).is_some()
}

/// The pipeline stacks of an app (none without `pipeline:`), given its lowered stacks.
pub fn lower(whole: &resolved::App, stacks: &[Stack]) -> Vec<Stack> {
    let summaries: Vec<TemplateSummary> = stacks
        .iter()
        .map(|s| TemplateSummary::of(&s.template))
        .collect();
    lower_summarized(whole, stacks, &summaries)
}

/// [`lower`] of stacks whose templates may be gone: `summaries` holds what the deploy role
/// needs of each (in stack order), `stacks` the rest.
pub fn lower_summarized(
    whole: &resolved::App,
    stacks: &[Stack],
    summaries: &[TemplateSummary],
) -> Vec<Stack> {
    // The pipeline builds and deploys the app as written; overrides only shape region stacks.
    let app = whole.base();
    let Some(pipeline) = &app.pipeline else {
        return Vec::new();
    };
    let home = pipeline.region.as_str();
    let mut regions = Vec::new();
    let mut deployer_regions = Vec::new();
    let deployed = whole
        .targets()
        .filter(|t| pipeline.deploy.iter().any(|d| d == t.env_name));
    for t in deployed {
        match reach(home, t.region) {
            Some(Reach::Deployer) => deployer_regions.push(t.region.to_owned()),
            Some(Reach::CodePipeline) => regions.push(t.region.to_owned()),
            None => {}
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
    let mut iam = iam_stacks(&plan, stacks, summaries, &out);
    iam.extend(account_stacks(&plan, stacks, summaries));
    iam.extend(out);
    iam
}

/// One `{app}-pipeline-iam` per partition the pipeline deploys to: in the home region for the
/// home partition, whose deploy role also updates the pipeline stacks; in the first deployer
/// region of every other partition.
fn iam_stacks(
    plan: &Plan,
    stacks: &[Stack],
    summaries: &[TemplateSummary],
    pipeline_stacks: &[Stack],
) -> Vec<Stack> {
    let app = plan.app.name.as_str();
    let mut homes: Vec<&str> = vec![plan.home];
    for region in &plan.deployer_regions {
        if homes
            .iter()
            .all(|h| partition::partition_of(h) != partition::partition_of(region))
        {
            homes.push(region);
        }
    }
    homes
        .into_iter()
        .map(|home| {
            let partition = partition::partition_of(home);
            let own: Vec<TemplateSummary> = if home == plan.home {
                pipeline_stacks
                    .iter()
                    .filter(|s| s.kind != StackKind::PipelineDeploy)
                    .map(|s| TemplateSummary::of(&s.template))
                    .collect()
            } else {
                Vec::new()
            };
            let templates: Vec<&TemplateSummary> = stacks
                .iter()
                .zip(summaries)
                .filter(|(s, _)| {
                    partition::partition_of(&s.region) == partition
                        && deploys(plan.app, &s.environment, &s.region)
                        && cross_account::account_of(plan, s).is_none()
                })
                .map(|(_, summary)| summary)
                .chain(&own)
                .collect();
            let permissions = deploy_role::permissions(plan, &templates);
            let assumable = if home == plan.home {
                cross_account::action_roles(app, cross_account::accounts(plan, stacks))
            } else {
                Vec::new()
            };
            stack(
                plan,
                StackKind::PipelineIam,
                home,
                &naming::pipeline_iam_stack(app),
                iam_stack::template(app, home, permissions, assumable),
            )
        })
        .collect()
}

/// One bootstrap stack per target account of cross-account environments, in the pipeline's
/// region (where those environments deploy): the app's boundary and deploy role there, with
/// the permissions of that account's stacks, and the role the pipeline's actions assume.
fn account_stacks(plan: &Plan, stacks: &[Stack], summaries: &[TemplateSummary]) -> Vec<Stack> {
    let app = plan.app.name.as_str();
    cross_account::accounts(plan, stacks)
        .into_iter()
        .map(|account| {
            let templates: Vec<&TemplateSummary> = stacks
                .iter()
                .zip(summaries)
                .filter(|(s, _)| {
                    cross_account::account_of(plan, s) == Some(account)
                        && deploys(plan.app, &s.environment, &s.region)
                })
                .map(|(_, summary)| summary)
                .collect();
            let mut permissions = deploy_role::permissions(plan, &templates);
            permissions
                .statements
                .extend(cross_account::artifact_reads(plan));
            let mut template = iam_stack::template(
                app,
                &format!(
                    "account {account} (deployed by the pipeline in {})",
                    plan.home
                ),
                permissions,
                Vec::new(),
            );
            cross_account::add_action_role(&mut template, plan);
            stack(
                plan,
                StackKind::PipelineAccount(account.to_owned()),
                plan.home,
                &naming::pipeline_account_stack(app, account),
                template,
            )
        })
        .collect()
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

/// For each of `stacks`, the blueprint files (relative to the app file's directory, sorted)
/// that shape it, for the manifest's `sources`.
pub fn stack_sources<'a>(
    app: &'a App,
    stacks: &'a [Stack],
) -> impl Iterator<Item = Vec<String>> + 'a {
    let shaping = sources::Shaping::new(app);
    stacks
        .iter()
        .map(move |s| shaping.of(&s.kind).into_iter().map(str::to_owned).collect())
}

/// The services and jobs with a pipeline of their own in monorepo mode, sorted: all but those
/// that run another's image (its builder's pipeline deploys them).
pub fn own_pipelines(app: &Resolved, pipeline: &Pipeline) -> Vec<String> {
    let built = image::built(app, pipeline);
    let mut names: Vec<String> = app
        .services
        .keys()
        .chain(app.jobs.keys())
        .filter(|n| !built.iter().any(|b| b.users.contains(n)))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
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
            waits: Vec::new(),
            paths: None,
            build_image: default_image,
            tests: p.unit_tests.clone(),
            final_tests: p.final_tests.clone(),
            updates: Vec::new(),
        }];
    }
    let shaping = sources::Shaping::new(plan.app);
    let mut out = Vec::new();
    let mut updates = Vec::new();
    for name in own_pipelines(plan.app, p) {
        let name = plan
            .app
            .services
            .keys()
            .chain(plan.app.jobs.keys())
            .find(|n| **n == name)
            .map_or("", String::as_str);
        let over = p.services.get(name);
        let stack_name = naming::pipeline_stack(&plan.app.name, Some(name));
        updates.push(stack_name.clone());
        let built: Vec<Built> = built_all
            .iter()
            .filter(|b| b.name == name)
            .cloned()
            .collect();
        let mut members = vec![name];
        members.extend(
            built
                .iter()
                .flat_map(|b| b.users.iter().map(String::as_str)),
        );
        let deploys: Vec<&Stack> = stacks
            .iter()
            .filter(deployed)
            .filter(|s| {
                matches!(&s.kind, StackKind::Service(n) | StackKind::Job(n) if members.contains(&n.as_str()))
            })
            .collect();
        let mut patterns = vec![format!(
            "{}/**",
            image::service_dir(plan.app, p, name).trim_end_matches('/')
        )];
        patterns.extend(over.map(|o| o.paths.clone()).unwrap_or_default());
        let files = deploys.iter().flat_map(|s| shaping.of(&s.kind)).collect();
        out.push(Unit {
            name: Some(name),
            stack_name,
            built,
            waits: waits(stacks, &deploys),
            paths: Some(sources::triggers(p, patterns, &files)),
            deploys,
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
    let deploys: Vec<&Stack> = stacks
        .iter()
        .filter(deployed)
        .filter(|s| {
            matches!(
                s.kind,
                StackKind::Environment
                    | StackKind::Observability
                    | StackKind::Callers(_)
                    | StackKind::LoadBalancer(_)
            )
        })
        .collect();
    let files = deploys.iter().flat_map(|s| shaping.of(&s.kind)).collect();
    let app_unit = Unit {
        name: None,
        stack_name: naming::pipeline_stack(&plan.app.name, None),
        built: Vec::new(),
        waits: Vec::new(),
        paths: Some(sources::triggers(
            p,
            vec![sources::blueprint_glob(p)],
            &files,
        )),
        deploys,
        build_image: default_image,
        tests: None,
        final_tests: p.final_tests.clone(),
        updates,
    };
    out.insert(0, app_unit);
    out
}

/// The stacks that `deploys` depend on and another pipeline deploys (the environment stacks,
/// Service Connect callees): a monorepo pipeline waits for them to run this push's templates.
fn waits<'a>(stacks: &'a [Stack], deploys: &[&'a Stack]) -> Vec<&'a Stack> {
    stacks
        .iter()
        .filter(|s| !deploys.iter().any(|d| std::ptr::eq(*d, *s)))
        .filter(|s| {
            deploys.iter().any(|d| {
                d.environment == s.environment
                    && d.region == s.region
                    && d.depends_on.contains(&s.name)
            })
        })
        .collect()
}
