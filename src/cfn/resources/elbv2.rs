//! `AWS::ElasticLoadBalancingV2::*`: the shared Application Load Balancer, its listeners, and
//! the per-service target groups and listener rules.

use serde::Serialize;

use super::{KeyValue, Tag};
use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "Type")]
    pub lb_type: String,
    pub scheme: String,
    /// A list of subnet IDs, or a `Ref` to a list parameter.
    pub subnets: Value,
    pub security_groups: Vec<Value>,
    pub load_balancer_attributes: Vec<Attribute>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Properties for LoadBalancer {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
}

/// A load-balancer attribute: a string, or an intrinsic such as the `Ref` of a created
/// access-log bucket.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    pub key: String,
    pub value: Value,
}

impl Attribute {
    pub fn new(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Listener {
    pub load_balancer_arn: Value,
    pub port: i64,
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    pub default_actions: Vec<Action>,
}

impl Properties for Listener {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::Listener";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    pub certificate_arn: Value,
}

/// A listener or rule action; exactly one of the configurations matches `action_type`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    #[serde(rename = "Type")]
    pub action_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward_config: Option<ForwardConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_config: Option<RedirectConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseConfig>,
}

impl Action {
    pub fn forward(target_group: Value) -> Self {
        Self {
            action_type: "forward".to_owned(),
            target_group_arn: Some(target_group),
            forward_config: None,
            redirect_config: None,
            fixed_response_config: None,
        }
    }

    /// Forwards to weighted target groups (ECS moves the weights during blue/green deployments).
    pub fn forward_weighted(groups: Vec<(Value, i64)>) -> Self {
        Self {
            action_type: "forward".to_owned(),
            target_group_arn: None,
            forward_config: Some(ForwardConfig {
                target_groups: groups
                    .into_iter()
                    .map(|(target_group_arn, weight)| TargetGroupTuple {
                        target_group_arn,
                        weight,
                    })
                    .collect(),
            }),
            redirect_config: None,
            fixed_response_config: None,
        }
    }

    pub fn fixed_response(status: &str, content_type: &str, body: &str) -> Self {
        Self {
            action_type: "fixed-response".to_owned(),
            target_group_arn: None,
            forward_config: None,
            redirect_config: None,
            fixed_response_config: Some(FixedResponseConfig {
                status_code: status.to_owned(),
                content_type: content_type.to_owned(),
                message_body: body.to_owned(),
            }),
        }
    }

    pub fn redirect_to_https() -> Self {
        Self {
            action_type: "redirect".to_owned(),
            target_group_arn: None,
            forward_config: None,
            redirect_config: Some(RedirectConfig {
                protocol: "HTTPS".to_owned(),
                port: "443".to_owned(),
                host: "#{host}".to_owned(),
                path: "/#{path}".to_owned(),
                query: "#{query}".to_owned(),
                status_code: "HTTP_301".to_owned(),
            }),
            fixed_response_config: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfig {
    pub target_groups: Vec<TargetGroupTuple>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    pub target_group_arn: Value,
    pub weight: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectConfig {
    pub protocol: String,
    pub port: String,
    pub host: String,
    pub path: String,
    pub query: String,
    pub status_code: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseConfig {
    pub status_code: String,
    pub content_type: String,
    pub message_body: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerRule {
    pub listener_arn: Value,
    pub priority: i64,
    pub conditions: Vec<RuleCondition>,
    pub actions: Vec<Action>,
}

impl Properties for ListenerRule {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::ListenerRule";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleCondition {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_pattern_config: Option<ValuesConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_header_config: Option<ValuesConfig>,
}

impl RuleCondition {
    pub fn path_pattern(values: Vec<Value>) -> Self {
        Self {
            field: "path-pattern".to_owned(),
            path_pattern_config: Some(ValuesConfig { values }),
            host_header_config: None,
        }
    }

    pub fn host_header(values: Vec<Value>) -> Self {
        Self {
            field: "host-header".to_owned(),
            path_pattern_config: None,
            host_header_config: Some(ValuesConfig { values }),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValuesConfig {
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroup {
    pub vpc_id: Value,
    pub port: i64,
    pub protocol: String,
    pub target_type: String,
    pub health_check_enabled: bool,
    pub health_check_protocol: String,
    pub health_check_path: String,
    /// `GRPC` for a gRPC target group; absent for HTTP/1.1 (AWS's default, `HTTP1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<&'static str>,
    pub matcher: Matcher,
    pub target_group_attributes: Vec<KeyValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Properties for TargetGroup {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::TargetGroup";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Matcher {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

impl Matcher {
    /// HTTP status codes of a healthy target, e.g. `200-399`.
    pub fn http(codes: &str) -> Self {
        Self {
            http_code: Some(codes.to_owned()),
            grpc_code: None,
        }
    }

    /// gRPC status codes of a healthy target (0..99), e.g. `0-12`.
    pub fn grpc(codes: &str) -> Self {
        Self {
            http_code: None,
            grpc_code: Some(codes.to_owned()),
        }
    }
}

/// A target group of the Network Load Balancer: TCP, UDP, `TCP_UDP`; health-checked over TCP.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkTargetGroup {
    pub vpc_id: Value,
    pub port: i64,
    pub protocol: String,
    pub target_type: String,
    pub health_check_enabled: bool,
    pub health_check_protocol: String,
    /// A port number, or absent for AWS's default `traffic-port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    pub target_group_attributes: Vec<KeyValue>,
}

impl Properties for NetworkTargetGroup {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::TargetGroup";
}
