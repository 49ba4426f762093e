//! `AWS::IAM::*`: roles, instance profiles and policy documents.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    pub assume_role_policy_document: PolicyDocument,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
}

impl Properties for Role {
    const TYPE: &'static str = "AWS::IAM::Role";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    pub policy_name: String,
    pub policy_document: PolicyDocument,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    pub version: &'static str,
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    pub fn new(statement: Vec<Statement>) -> Self {
        Self {
            version: "2012-10-17",
            statement,
        }
    }
}

/// One policy statement. `Condition` is operator → key → value(s).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    pub effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    pub action: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<String, BTreeMap<String, Value>>,
}

impl Statement {
    pub fn allow(action: Vec<String>, resource: Vec<Value>) -> Self {
        Self {
            effect: "Allow",
            principal: None,
            action,
            resource: Some(resource),
            condition: BTreeMap::new(),
        }
    }

    /// `sts:AssumeRole` for one AWS service principal.
    pub fn assume_role(service: &str) -> Self {
        Self::assume_roles(&[service])
    }

    /// Trust for several service principals (one statement, any of them).
    pub fn assume_roles(services: &[&str]) -> Self {
        Self {
            effect: "Allow",
            principal: Some(Principal {
                service: services.iter().map(|s| (*s).to_owned()).collect(),
                aws: None,
            }),
            action: vec!["sts:AssumeRole".to_owned()],
            resource: None,
            condition: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Principal {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<String>,
    /// `"*"`: any principal, for deny statements of resource policies.
    #[serde(rename = "AWS", skip_serializing_if = "Option::is_none")]
    pub aws: Option<&'static str>,
}

impl Principal {
    /// Any principal (`{"AWS": "*"}`).
    pub const fn any() -> Self {
        Self {
            service: Vec::new(),
            aws: Some("*"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfile {
    pub roles: Vec<Value>,
}

impl Properties for InstanceProfile {
    const TYPE: &'static str = "AWS::IAM::InstanceProfile";
}
