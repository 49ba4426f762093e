//! Templates, resources, parameters and outputs.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{LogicalId, Properties, Props, Value};

/// One resource. Its properties and metadata stay typed until `emit` serialises the template;
/// its type is that of its properties.
#[derive(Debug, Clone)]
pub struct Resource {
    pub depends_on: Vec<LogicalId>,
    pub deletion_policy: Option<&'static str>,
    pub update_replace_policy: Option<&'static str>,
    pub metadata: Option<Metadata>,
    pub properties: Props,
}

impl Serialize for Resource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // `Type`, then the attributes that are set, then `Properties`.
        let len = 2
            + usize::from(!self.depends_on.is_empty())
            + usize::from(self.deletion_policy.is_some())
            + usize::from(self.update_replace_policy.is_some())
            + usize::from(self.metadata.is_some());
        let mut out = s.serialize_struct("Resource", len)?;
        out.serialize_field("Type", self.type_name())?;
        if !self.depends_on.is_empty() {
            out.serialize_field("DependsOn", &self.depends_on)?;
        }
        if let Some(policy) = self.deletion_policy {
            out.serialize_field("DeletionPolicy", policy)?;
        }
        if let Some(policy) = self.update_replace_policy {
            out.serialize_field("UpdateReplacePolicy", policy)?;
        }
        if let Some(metadata) = &self.metadata {
            out.serialize_field("Metadata", metadata)?;
        }
        out.serialize_field("Properties", &self.properties)?;
        out.end()
    }
}

impl Resource {
    /// A resource of `props`, taken, not copied: a copy of every resource's properties (and
    /// the drop of the original) was a tenth of lowering a service stack.
    pub fn new<P: Properties>(props: P) -> Self {
        Self {
            depends_on: Vec::new(),
            deletion_policy: None,
            update_replace_policy: None,
            metadata: None,
            properties: props.into(),
        }
    }

    /// The resource type (`AWS::…`).
    pub const fn type_name(&self) -> &'static str {
        self.properties.type_name()
    }

    #[must_use]
    pub fn depends_on(mut self, id: &LogicalId) -> Self {
        if !self.depends_on.contains(id) {
            self.depends_on.push(id.clone());
            self.depends_on.sort();
        }
        self
    }

    /// Records in `Metadata.checkov.skip` that a checkov check does not apply, and why; the
    /// reason is printed with every scan, so a skip is never silent.
    #[must_use]
    pub fn skip_check(mut self, check: &str, reason: &str) -> Self {
        let metadata = self.metadata.get_or_insert_with(Metadata::default);
        metadata.checkov.skip.push(CheckovSkip {
            id: check.to_owned(),
            comment: reason.to_owned(),
        });
        self
    }

    /// Keep the resource (and its data) when the stack deletes or replaces it.
    #[must_use]
    pub fn retain(mut self) -> Self {
        self.deletion_policy = Some("Retain");
        self.update_replace_policy = Some("Retain");
        self
    }
}

/// A resource's `Metadata`: only what scanners read (`checkov.skip`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub checkov: Checkov,
}

/// `Metadata.checkov`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Checkov {
    pub skip: Vec<CheckovSkip>,
}

/// One checkov check that does not apply to a resource, with the reason printed on every scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckovSkip {
    pub id: String,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    #[serde(rename = "Type")]
    pub type_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_pattern: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub value: Value,
}

/// One CloudFormation template. Maps are ordered by logical ID so output is stable.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: &'static str,
    pub description: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<LogicalId, Parameter>,
    pub resources: BTreeMap<LogicalId, Resource>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<LogicalId, Output>,
}

impl Template {
    pub fn new(description: impl Into<String>) -> Self {
        Self {
            format_version: "2010-09-09",
            description: description.into(),
            parameters: BTreeMap::new(),
            resources: BTreeMap::new(),
            outputs: BTreeMap::new(),
        }
    }

    /// Adds a resource; a second resource under the same ID is a lowering bug.
    pub fn add(&mut self, id: LogicalId, resource: Resource) {
        assert!(
            !self.resources.contains_key(&id),
            "duplicate logical ID `{id}`"
        );
        self.resources.insert(id, resource);
    }

    pub fn add_parameter(&mut self, id: LogicalId, parameter: Parameter) {
        self.parameters.insert(id, parameter);
    }

    pub fn add_output(&mut self, id: LogicalId, output: Output) {
        self.outputs.insert(id, output);
    }

    /// The template as a JSON value: for the stages after emit (the StackSet pass names the
    /// first path where two regions' templates differ) and for tests. Lowering never reads it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("templates always serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::logs::LogGroup;

    fn group() -> Resource {
        Resource::new(LogGroup {
            log_group_name: "/g".to_owned(),
            retention_in_days: 7,
            kms_key_id: None,
        })
    }

    #[test]
    fn properties_stay_typed_until_serialized() {
        let r = group();
        assert_eq!(r.type_name(), "AWS::Logs::LogGroup");
        let Props::LogGroup(props) = &r.properties else {
            panic!("a log group's properties are a `LogGroup`");
        };
        assert_eq!(props.retention_in_days, 7);
    }

    #[test]
    fn attributes_are_written_between_type_and_properties_only_when_set() {
        let r = group()
            .depends_on(&LogicalId::new("Key").unwrap())
            .retain()
            .skip_check("CKV_AWS_1", "why");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"Type":"AWS::Logs::LogGroup","DependsOn":["Key"],"DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain","Metadata":{"checkov":{"skip":[{"id":"CKV_AWS_1","comment":"why"}]}},"Properties":{"LogGroupName":"/g","RetentionInDays":7}}"#
        );
        assert_eq!(
            serde_json::to_string(&group()).unwrap(),
            r#"{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/g","RetentionInDays":7}}"#
        );
    }

    #[test]
    fn checkov_skips_serialize_in_order_under_metadata() {
        let r = group()
            .skip_check("CKV_AWS_1", "first")
            .skip_check("CKV_AWS_2", "second");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"Type":"AWS::Logs::LogGroup","Metadata":{"checkov":{"skip":[{"id":"CKV_AWS_1","comment":"first"},{"id":"CKV_AWS_2","comment":"second"}]}},"Properties":{"LogGroupName":"/g","RetentionInDays":7}}"#
        );
    }
}
