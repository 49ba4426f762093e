//! `AWS::IAM::*`: roles, instance profiles, managed policies and policy documents.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// Set only where another stack must name the role before it exists (the pipeline's deploy
    /// role); every other role is named by CloudFormation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    pub assume_role_policy_document: PolicyDocument,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    #[serde(flatten)]
    pub scope: RoleScope,
}

/// Where a role (or instance profile) lives and the most it may ever do: the IAM path keeps one
/// app's role ARNs apart from every other app's (`role/fleetform/shop/*` never matches a role
/// of `shop-admin`), and the permissions boundary caps what any policy on the role can grant.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleScope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Value>,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub action: Vec<String>,
    /// Every action except these (the permissions boundary); empty elsewhere.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_action: Vec<String>,
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
            not_action: Vec::new(),
            resource: Some(resource),
            condition: BTreeMap::new(),
        }
    }

    /// Every action but `not_action` on `resource`: only for a permissions boundary, which
    /// grants nothing itself and names what no role under it may ever do.
    pub fn allow_all_but(not_action: Vec<String>, resource: Vec<Value>) -> Self {
        Self {
            not_action,
            ..Self::allow(Vec::new(), resource)
        }
    }

    /// Denies `action` on `resource` (an explicit deny wins over every allow).
    pub fn deny(action: Vec<String>, resource: Vec<Value>) -> Self {
        Self {
            effect: "Deny",
            ..Self::allow(action, resource)
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
            not_action: Vec::new(),
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
            not_action: Vec::new(),
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub roles: Vec<Value>,
}

impl Properties for InstanceProfile {
    const TYPE: &'static str = "AWS::IAM::InstanceProfile";
}

/// A customer managed policy: the app's permissions boundary, and the deploy role's
/// permissions (a role's inline policies share 10,240 characters; each managed policy has
/// 6,144 of its own).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_policy_name: Option<String>,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub policy_document: PolicyDocument,
}

impl Properties for ManagedPolicy {
    const TYPE: &'static str = "AWS::IAM::ManagedPolicy";
}
