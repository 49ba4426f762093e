//! `AWS::StepFunctions::*`: state machines (here: a scheduled job's run, which retries a failed
//! task and stops an overdue one).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachine {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_machine_name: Option<String>,
    /// `STANDARD`: `.sync` service integrations (wait for an ECS task to stop) exist only in
    /// standard workflows.
    pub state_machine_type: &'static str,
    /// The Amazon States Language definition as a JSON object. It holds no intrinsic: every
    /// value only known at deploy time is a `${Name}` placeholder of `DefinitionSubstitutions`.
    pub definition: serde_json::Value,
    /// Placeholder name → value (strings; intrinsics resolved by `CloudFormation`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub definition_substitutions: BTreeMap<String, Value>,
    pub role_arn: Value,
}

impl Properties for StateMachine {
    const TYPE: &'static str = "AWS::StepFunctions::StateMachine";
}
