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
    pub sid: Option<String>,
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
            sid: None,
            principal: None,
            action,
            resource: Some(resource),
            condition: BTreeMap::new(),
        }
    }

    /// A resource-policy statement: `action` for service principal `service` (key and bucket
    /// policies).
    pub fn service(sid: &str, service: &str, action: Vec<String>, resource: Value) -> Self {
        Self {
            effect: "Allow",
            sid: Some(sid.to_owned()),
            principal: Some(Principal {
                aws: Vec::new(),
                service: vec![service.to_owned()],
            }),
            action,
            resource: Some(vec![resource]),
            condition: BTreeMap::new(),
        }
    }

    /// Adds condition `operator` → `key` → `value`.
    #[must_use]
    pub fn when(mut self, operator: &str, key: &str, value: Value) -> Self {
        self.condition
            .entry(operator.to_owned())
            .or_default()
            .insert(key.to_owned(), value);
        self
    }

    /// `sts:AssumeRole` for one AWS service principal.
    pub fn assume_role(service: &str) -> Self {
        Self::assume_roles(&[service])
    }

    /// Trust for several service principals (one statement, any of them).
    pub fn assume_roles(services: &[&str]) -> Self {
        Self {
            effect: "Allow",
            sid: None,
            principal: Some(Principal {
                aws: Vec::new(),
                service: services.iter().map(|s| (*s).to_owned()).collect(),
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
    /// Account or role ARNs; `"*"` (any principal) in deny statements of resource policies.
    #[serde(rename = "AWS", skip_serializing_if = "Vec::is_empty")]
    pub aws: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<String>,
}

impl Principal {
    /// Any principal (`{"AWS": "*"}`).
    pub fn any() -> Self {
        Self {
            aws: vec![Value::str("*")],
            service: Vec::new(),
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
