//! Lowering: a validated app × environment × region → CloudFormation stacks.
//!
//! Stack layout per environment × region (see README "Output"):
//! - `{app}-{env}`: the environment stack: network (created or imported), ECS cluster and
//!   capacity providers, the shared load balancer and its listeners, and SSM parameters under
//!   `/fleetform/{app}/{env}/…` that publish what service stacks need;
//! - `{app}-{env}-{service}`: one stack per service, reading those SSM parameters through
//!   `AWS::SSM::Parameter::Value<…>` stack parameters (never exports, so the environment stack
//!   can change without being pinned by imports), deployable on its own.
//!
//! (Interface stub: implementation pending.)

use std::collections::BTreeMap;

use crate::cfn::Template;
use crate::check::Validated;
use crate::model::App;

/// What a stack holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackKind {
    Environment,
    Service(String),
}

/// One stack to deploy.
#[derive(Debug, Clone)]
pub struct Stack {
    pub app: String,
    pub environment: String,
    pub region: String,
    /// The CloudFormation stack name.
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

/// Lowers every environment × region of an app, in name order.
pub fn lower(app: &Validated<App>) -> Vec<Stack> {
    let _ = app;
    Vec::new()
}
