//! `AWS::Scheduler::*`: `EventBridge` Scheduler schedules (here: Step Functions
//! `StartExecution` targets, whose state machine runs a job's task).

use serde::Serialize;

use super::ecs::CapacityProviderStrategyItem;
use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Schedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub schedule_expression: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression_timezone: Option<String>,
    pub flexible_time_window: FlexibleTimeWindow,
    pub state: &'static str,
    pub target: Target,
}

impl Properties for Schedule {
    const TYPE: &'static str = "AWS::Scheduler::Schedule";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlexibleTimeWindow {
    /// `OFF` or `FLEXIBLE` (then with `MaximumWindowInMinutes`).
    pub mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_window_in_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    pub arn: Value,
    pub role_arn: Value,
    /// Only for an ECS `RunTask` target; a Step Functions target (`Arn` a state machine) takes
    /// none, Scheduler starts an execution with an empty input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_parameters: Option<EcsParameters>,
    pub retry_policy: RetryPolicy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dead_letter_config: Option<DeadLetterConfig>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EcsParameters {
    pub task_definition_arn: Value,
    pub task_count: i64,
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub network_configuration: NetworkConfiguration,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<super::ecs::PlacementConstraint>,
    /// Singular in Scheduler's schema, unlike the ECS service's `PlacementStrategies`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placement_strategy: Vec<super::ecs::PlacementStrategy>,
    #[serde(rename = "EnableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    /// `TASK_DEFINITION`: the task gets the task definition's tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub propagate_tags: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsVpcConfiguration,
}

/// Scheduler spells it `AwsvpcConfiguration` inside `NetworkConfiguration`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsVpcConfiguration {
    pub subnets: Value,
    pub security_groups: Vec<Value>,
    pub assign_public_ip: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RetryPolicy {
    pub maximum_retry_attempts: i64,
    pub maximum_event_age_in_seconds: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeadLetterConfig {
    pub arn: Value,
}
