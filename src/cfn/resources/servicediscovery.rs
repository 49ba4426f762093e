//! `AWS::ServiceDiscovery::*` (Cloud Map).

use serde::Serialize;

use crate::cfn::{Properties, Value};

/// A private DNS namespace: a Route 53 private hosted zone on one VPC.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateDnsNamespace {
    pub name: String,
    pub vpc: Value,
    pub description: String,
}

impl Properties for PrivateDnsNamespace {
    const TYPE: &'static str = "AWS::ServiceDiscovery::PrivateDnsNamespace";
}

/// A Cloud Map service: the records ECS keeps for the tasks of one ECS service.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    pub name: String,
    pub namespace_id: Value,
    pub description: String,
    pub dns_config: DnsConfig,
    pub health_check_custom_config: HealthCheckCustomConfig,
}

impl Properties for Service {
    const TYPE: &'static str = "AWS::ServiceDiscovery::Service";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsConfig {
    pub routing_policy: &'static str,
    pub dns_records: Vec<DnsRecord>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsRecord {
    #[serde(rename = "Type")]
    pub record_type: &'static str,
    #[serde(rename = "TTL")]
    pub ttl: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckCustomConfig {
    pub failure_threshold: i64,
}

/// An HTTP namespace: API-only discovery, what ECS Service Connect registers services in.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HttpNamespace {
    pub name: String,
    pub description: String,
}

impl Properties for HttpNamespace {
    const TYPE: &'static str = "AWS::ServiceDiscovery::HttpNamespace";
}
