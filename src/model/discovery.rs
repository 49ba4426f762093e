//! Service discovery and declared calls between services.

use schemars::JsonSchema;
use serde::Deserialize;

/// Service discovery between the app's services. `cloud-map` creates a private Cloud Map DNS
/// namespace `{env}.{app}.internal` on each environment × region's VPC and registers every service
/// (unless it sets `discovery: false`) as A records `{service}.{env}.{app}.internal`.
/// `service-connect` uses ECS Service Connect instead: a Cloud Map HTTP namespace
/// `{env}.{app}.internal` as the cluster's default, every service with a port a Service Connect
/// server reachable as `http://{service}:{port}` from the app's tasks, and every other service a
/// client. Off when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Discovery {
    /// A private Cloud Map DNS namespace `{env}.{app}.internal` on the environment's VPC; each
    /// service registers A records `{service}.{env}.{app}.internal`.
    CloudMap,
    /// ECS Service Connect: a Cloud Map HTTP namespace `{env}.{app}.internal`, every service
    /// a Service Connect server reachable at `http://{service}:{port}` from the app's tasks
    /// through their Service Connect proxies.
    ServiceConnect,
}
