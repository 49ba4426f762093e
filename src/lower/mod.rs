//! Lowering: a validated app × environment × region → stacks of typed resources.
//!
//! Stack layout per environment × region:
//! - `{app}-{env}`: the environment stack: network (created or imported), ECS cluster and
//!   capacity providers, the shared load balancer and its listeners, and SSM parameters under
//!   `/fleetform/{app}/{env}/…` that publish what service stacks need;
//! - `{app}-{env}-lb-{name}`: one stack per named load balancer (`ingress.load-balancers`)
//!   that carries a service, publishing its listeners like the environment stack does;
//! - `{app}-{env}-{service}`: one stack per service, reading those SSM parameters through
//!   `AWS::SSM::Parameter::Value<…>` stack parameters (never exports, so the environment stack
//!   can change without being pinned by imports), deployable on its own;
//! - `{app}-{env}-{job}`: one stack per job, read the same way: its task definition, and for a
//!   scheduled job the `EventBridge` Scheduler schedule that runs it.
//!
//! Every name and logical ID comes from [`crate::naming`]; each other file lowers one concern.

mod access_logs;
mod alarms;
mod alb;
mod audit;
mod blue_green;
mod bucket;
mod calls;
mod capacity;
mod certificate;
mod cluster;
mod config;
mod dashboard;
mod deploy;
mod discovery;
mod dns;
mod ecs_service;
mod environment;
mod events;
mod exec;
mod hardening;
mod iam;
mod image_tag;
mod job;
mod job_run;
mod load_balancer;
mod logs;
mod network;
mod nlb;
mod observability;
mod params;
pub mod pipeline;
pub mod placement;
mod role_scope;
mod route;
mod scaling;
mod security;
mod service;
mod task;
mod text;
mod volumes;
mod waf;

#[cfg(test)]
mod edge_tests;
#[cfg(test)]
mod exec_tests;
#[cfg(test)]
mod nlb_tests;
#[cfg(test)]
mod observability_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod volumes_tests;

use std::collections::BTreeMap;

use crate::cfn::Template;
use crate::interp::{self, Scope};
use crate::model::{App, Environment};
use crate::naming;
use crate::partition::Partition;
use crate::resolved::{self, Resolved};

/// What a stack holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackKind {
    Environment,
    /// Log keys and analytics, event rules, audit trail, alarm topic and dashboard of one
    /// environment × region: apart from the environment stack, whose inline template they would
    /// push past 51,200 bytes (and the dashboard grows with every service).
    Observability,
    /// One of up to [`naming::CALLER_STACKS`] stacks holding the groups that mark callers'
    /// tasks (see [`calls`]): apart from the environment stack, which they would fill.
    Callers(u32),
    /// A named load balancer of `ingress.load-balancers` (see [`load_balancer`]).
    LoadBalancer(String),
    Service(String),
    Job(String),
    /// A CI/CD pipeline: the app's, or one service's or job's in monorepo mode.
    Pipeline(Option<String>),
    /// A region's artifact bucket and image repositories for the app's pipelines.
    PipelineArtifacts,
    /// The CodeBuild deployer of a region without CodePipeline's CloudFormation action.
    PipelineDeploy,
    /// The app's permissions boundary and deploy role in one partition.
    PipelineIam,
    /// The bootstrap stack of a target account of cross-account environments (its ID).
    PipelineAccount(String),
}

impl StackKind {
    /// Whether the stack belongs to the app's CI/CD rather than to an environment.
    pub const fn is_pipeline(&self) -> bool {
        matches!(
            self,
            Self::Pipeline(_)
                | Self::PipelineArtifacts
                | Self::PipelineDeploy
                | Self::PipelineIam
                | Self::PipelineAccount(_)
        )
    }
}

/// One stack to deploy.
#[derive(Debug, Clone)]
pub struct Stack {
    pub app: String,
    /// The environment (empty for a pipeline stack, which serves every environment).
    pub environment: String,
    pub region: String,
    /// The stack name.
    pub name: String,
    pub kind: StackKind,
    pub template: Template,
    /// Parameter values for the template configuration file.
    pub parameters: BTreeMap<String, String>,
    /// Stack tags for the template configuration file.
    pub tags: BTreeMap<String, String>,
    /// Stacks (by name, same environment and region) that must be deployed first.
    pub depends_on: Vec<String>,
}

/// One environment × region of an app: what every lowering function works on.
pub(crate) struct Target<'a> {
    pub app: &'a App,
    /// The app as this target deploys it, with its workloads resolved (`app` is its model).
    pub resolved: &'a Resolved,
    pub env_name: &'a str,
    pub env: &'a Environment,
    pub region: &'a str,
    pub partition: Partition,
    pub scope: Scope,
    /// Each called service's callers, by name: asking every service "do you call me?" for every
    /// service was quadratic in the app's size.
    pub callers: BTreeMap<&'a str, Vec<&'a str>>,
    /// How many callers stacks hold the caller groups; 0 while the environment stack does.
    pub caller_stacks: u32,
}

impl Target<'_> {
    /// Renders a user string that may use `{{…}}` names.
    pub fn render(&self, text: &str) -> crate::cfn::Value {
        interp::render(text, &self.scope).into()
    }

    /// Where the stack goes, for its description: the region, or for an environment deployed
    /// by StackSets (one template for every region) no region at all.
    pub fn place(&self) -> &str {
        if self.env.stackset.is_some() {
            "each region of its StackSet"
        } else {
            self.region
        }
    }

    pub fn app_name(&self) -> &str {
        &self.app.name
    }

    /// The stack tags: `app.tags`, then fleetform's own (which win).
    fn tags(&self, service: Option<&str>) -> BTreeMap<String, String> {
        let mut tags = self.app.tags.clone();
        tags.insert("fleetform:app".to_owned(), self.app.name.clone());
        tags.insert("fleetform:environment".to_owned(), self.env_name.to_owned());
        if let Some(service) = service {
            tags.insert("fleetform:service".to_owned(), service.to_owned());
        }
        tags
    }
}

/// Lowers every environment × region of an app: by environment name, then region name; the
/// environment stack first, then its services by name, then its jobs by name. Environment × region units are
/// independent, so they are lowered on scoped threads and reassembled in that order: the
/// output is the same bytes whatever the thread count.
pub fn lower(whole: &resolved::App) -> Vec<Stack> {
    lower_each(whole, |_| ())
        .into_iter()
        .map(|(stack, ())| stack)
        .collect()
}

/// [`lower`], each stack paired with what `finish` makes of it (and may leave of it: the build
/// emits each stack's text and drops its typed template), `finish` running on the thread that
/// lowered the stack, right after it: a build never holds more than a stack or so per thread
/// of typed templates, which were most of a large build's memory (every page of it faulted in
/// and zeroed by the kernel), and each template is freed where it was allocated. With at least
/// as many environment × region units as threads, the units are spread over the threads; with
/// fewer (one environment in one region), each unit's service and job stacks are.
pub fn lower_each<R: Send>(
    whole: &resolved::App,
    finish: impl Fn(&mut Stack) -> R + Sync,
) -> Vec<(Stack, R)> {
    let priorities = naming::priorities(whole);
    let units: Vec<resolved::Target> = whole.targets().collect();
    let finished = |mut stack: Stack| {
        let made = finish(&mut stack);
        (stack, made)
    };
    if units.len() >= crate::parallel::threads() {
        return crate::parallel::map(&units, 1, |unit| {
            lower_unit(whole, &priorities, unit, usize::MAX, &finished)
        })
        .into_iter()
        .flatten()
        .collect();
    }
    units
        .iter()
        .flat_map(|unit| lower_unit(whole, &priorities, unit, SPREAD_FROM, &finished))
        .collect()
}

/// A unit's service and job stacks are spread over the threads when each thread gets at least
/// this many: a thread costs more to start than a few stacks do to lower.
const SPREAD_FROM: usize = 16;

/// The stacks of one environment × region of `whole`, in [`lower`]'s order, each through
/// `finished` as soon as it is lowered; `priorities` are `whole`'s listener rule priorities. The
/// service stacks, then the job stacks, are lowered on threads of at least `per_thread` each
/// (`usize::MAX`: on this one).
fn lower_unit<R: Send>(
    whole: &resolved::App,
    whole_priorities: &BTreeMap<String, u32>,
    unit: &resolved::Target,
    per_thread: usize,
    finished: &(impl Fn(Stack) -> (Stack, R) + Sync),
) -> Vec<(Stack, R)> {
    // A region with overrides lowers the app merged with them (checked like the app).
    let resolved = unit.app;
    let app: &App = resolved;
    let priorities = if std::ptr::eq(resolved, whole.base()) {
        std::borrow::Cow::Borrowed(whole_priorities)
    } else {
        std::borrow::Cow::Owned(naming::priorities(app))
    };
    let target = Target {
        app,
        resolved,
        env_name: unit.env_name,
        env: unit.env,
        region: unit.region,
        partition: unit.partition,
        scope: Scope::for_target(app, unit.env_name, unit.region),
        callers: calls::callers_by_callee(app),
        caller_stacks: calls::stack_count(app),
    };
    let env_stack = environment::lower(&target);
    let env_stack_name = env_stack.name.clone();
    let mut stacks = vec![finished(env_stack)];
    // Service and job stacks read what the environment stacks publish.
    let mut first = vec![env_stack_name.clone()];
    if let Some(mut stack) = observability::lower(&target) {
        stack.depends_on.push(env_stack_name.clone());
        first.push(stack.name.clone());
        stacks.push(finished(stack));
    }
    // Only service stacks read caller groups; jobs never call.
    for mut stack in calls::lower(&target) {
        stack.depends_on.push(env_stack_name.clone());
        stacks.push(finished(stack));
    }
    for mut stack in load_balancer::lower(&target) {
        stack.depends_on.push(env_stack_name.clone());
        stack.depends_on.dedup();
        stacks.push(finished(stack));
    }
    let services: Vec<_> = resolved.services.iter().collect();
    stacks.extend(crate::parallel::map(
        &services,
        per_thread,
        |(name, svc)| {
            let mut stack = service::lower(&target, name, svc, priorities.get(*name).copied());
            stack.depends_on.extend(first.iter().cloned());
            if svc.on_shared_load_balancer()
                && let Some(lb) = app.load_balancer_of(name)
            {
                stack.depends_on.push(naming::load_balancer_stack(
                    app.name.as_str(),
                    unit.env_name,
                    lb,
                ));
            }
            stack.depends_on.extend(calls::stacks_read(&target, name));
            stack
                .depends_on
                .extend(discovery::deploy_after(&target, name));
            finished(stack)
        },
    ));
    // `resolved.jobs` holds each job's task part, under the same names.
    let jobs: Vec<_> = app.jobs.iter().zip(resolved.jobs.values()).collect();
    stacks.extend(crate::parallel::map(
        &jobs,
        per_thread,
        |((name, job), task)| {
            let mut stack = job::lower(&target, name, job, task);
            stack.depends_on.extend(first.iter().cloned());
            finished(stack)
        },
    ));
    stacks
}
