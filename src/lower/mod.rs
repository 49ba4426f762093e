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
/// emits each stack's text and drops its typed template). With at least as many environment ×
/// region units as threads, `finish` runs on the thread that lowered the unit, right after it:
/// a build then never holds more than a unit per thread of typed templates, which were most of
/// a large build's memory (every page of it faulted in and zeroed by the kernel). With fewer
/// units (one environment in one region), the stacks are lowered first and `finish` spread over
/// the threads stack by stack, as they would otherwise wait on one thread.
pub fn lower_each<R: Send>(
    whole: &resolved::App,
    finish: impl Fn(&mut Stack) -> R + Sync,
) -> Vec<(Stack, R)> {
    let priorities = naming::priorities(whole);
    let units: Vec<resolved::Target> = whole.targets().collect();
    if units.len() >= crate::parallel::threads() {
        let finished = crate::parallel::map(&units, 1, |unit| {
            lower_unit(whole, &priorities, unit)
                .into_iter()
                .map(|mut stack| {
                    let made = finish(&mut stack);
                    (stack, made)
                })
                .collect::<Vec<_>>()
        });
        return finished.into_iter().flatten().collect();
    }
    let mut stacks: Vec<Stack> =
        crate::parallel::map(&units, 1, |unit| lower_unit(whole, &priorities, unit))
            .into_iter()
            .flatten()
            .collect();
    let made = crate::parallel::map_mut(&mut stacks, 16, finish);
    stacks.into_iter().zip(made).collect()
}

/// The stacks of one environment × region of `whole`, in [`lower`]'s order; `priorities` are
/// `whole`'s listener rule priorities.
fn lower_unit(
    whole: &resolved::App,
    whole_priorities: &BTreeMap<String, u32>,
    unit: &resolved::Target,
) -> Vec<Stack> {
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
    let mut stacks = vec![env_stack];
    // Service and job stacks read what the environment stacks publish.
    let mut first = vec![env_stack_name.clone()];
    if let Some(mut stack) = observability::lower(&target) {
        stack.depends_on.push(env_stack_name.clone());
        first.push(stack.name.clone());
        stacks.push(stack);
    }
    // Only service stacks read caller groups; jobs never call.
    let mut callers = Vec::new();
    for mut stack in calls::lower(&target) {
        stack.depends_on.push(env_stack_name.clone());
        callers.push(stack.name.clone());
        stacks.push(stack);
    }
    for mut stack in load_balancer::lower(&target) {
        stack.depends_on.push(env_stack_name.clone());
        stack.depends_on.dedup();
        stacks.push(stack);
    }
    for (name, svc) in &resolved.services {
        let mut stack = service::lower(&target, name, svc, priorities.get(name).copied());
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
        stacks.push(stack);
    }
    // `resolved.jobs` holds each job's task part, under the same names.
    for ((name, job), task) in app.jobs.iter().zip(resolved.jobs.values()) {
        let mut stack = job::lower(&target, name, job, task);
        stack.depends_on.extend(first.iter().cloned());
        stacks.push(stack);
    }
    stacks
}
