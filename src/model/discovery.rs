//! Service discovery and declared calls between services.

use schemars::JsonSchema;
use serde::Deserialize;

/// How services find each other inside an environment × region.
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
