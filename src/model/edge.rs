//! What stands in front of the shared load balancer: a WAF web ACL and access logs
//! (`ingress.waf`, `ingress.access-logs`). The certificate and DNS keys (`ingress.zone`) are
//! plain fields of [`super::Ingress`].

use schemars::JsonSchema;
use serde::Deserialize;

use super::PerRegion;

/// A WAF web ACL associated with the load balancer: exactly one of `acl` and `managed-rules`
/// (FF0490).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Waf {
    /// An existing regional web ACL (`arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`), one
    /// for all regions or a map region: ARN; a web ACL serves only its own region.
    #[schemars(extend("minLength" = 1, "additionalProperties" = {"type": "string", "minLength": 1}))]
    #[schemars(extend("x-values" = "The web ACL ARN for this region."))]
    pub acl: Option<PerRegion<String>>,
    /// AWS managed rule groups of a web ACL fleetform creates per environment × region, in
    /// evaluation order, e.g. `AWSManagedRulesCommonRuleSet`. Requests no rule blocks are
    /// allowed; every rule group reports `CloudWatch` metrics and sampled requests.
    #[schemars(length(min = 1, max = 10), extend("uniqueItems" = true))]
    #[schemars(inner(regex(pattern = r"^AWSManagedRules[A-Za-z0-9]{1,100}$")))]
    #[schemars(extend("x-items" = "The name of an AWS managed rule group (vendor `AWS`)."))]
    pub managed_rules: Option<Vec<String>>,
}

/// Access logs of the load balancer.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AccessLogs {
    /// An existing bucket in the load balancer's region (one name, or a map region: name) whose
    /// policy lets Elastic Load Balancing write; default: a bucket created per environment ×
    /// region (SSE-S3, public access blocked, expiring after `expire-days`).
    #[schemars(extend("minLength" = 3, "additionalProperties" = {"type": "string", "minLength": 3}))]
    #[schemars(extend("x-values" = "The bucket name for this region."))]
    pub bucket: Option<PerRegion<String>>,
    /// A prefix of the log objects, without leading or trailing `/` and without `AWSLogs`
    /// (FF0493); default: none.
    #[schemars(length(min = 1, max = 200))]
    pub prefix: Option<String>,
    /// Days the created bucket keeps a log (1..3650, default 90).
    #[serde(default = "default_expire_days")]
    #[schemars(range(min = 1, max = 3650))]
    pub expire_days: u32,
}

const fn default_expire_days() -> u32 {
    90
}
