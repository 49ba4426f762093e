//! App-level blueprint types: the file header, environments, cluster capacity and ingress.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Job, Service};

/// One fleetform blueprint file: an app file (with `environments`) or a service file (only
/// `services`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AppFile {
    /// The blueprint format version; always 1.
    #[schemars(schema_with = "super::schema::version")]
    pub blueprint: u32,
    /// The app name: lowercase letters, digits and `-`, starting with a letter, at most 20
    /// characters (it prefixes stack and resource names).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]{0,19}$"))]
    pub app: String,
    /// More blueprint files or directories, relative to this file (app file only).
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    #[schemars(extend("x-items" = "A file or directory path."))]
    pub include: Vec<String>,
    /// User variables for `{{…}}` interpolation (app file only).
    #[serde(default)]
    #[schemars(extend("x-values" = "A variable's value."))]
    pub vars: BTreeMap<String, String>,
    /// Default image tag, the value of `{{tag}}` (app file only).
    #[schemars(length(min = 1))]
    pub tag: Option<String>,
    /// Tags on every stack (app file only).
    #[serde(default)]
    #[schemars(extend("maxProperties" = 40, "propertyNames" = {"minLength": 1, "maxLength": 128}, "additionalProperties" = {"type": "string", "maxLength": 256}))]
    #[schemars(extend(
        "x-values" = "A tag value (at most 256 characters).",
        "x-names" = "A tag key (1 to 128 characters).",
    ))]
    pub tags: BTreeMap<String, String>,
    /// The app's environments (exactly one file per app has them).
    #[schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,15}$"}))]
    #[schemars(extend(
        "x-values" = "One environment (a set of stacks per region).",
        "x-names" = "An environment name.",
    ))]
    pub environments: Option<BTreeMap<String, Environment>>,
    /// The ECS cluster shared by the app's services in each environment × region.
    pub cluster: Option<Cluster>,
    /// The shared Application Load Balancer per environment × region.
    pub ingress: Option<Ingress>,
    /// Service discovery between the app's services. `cloud-map` creates a private Cloud Map DNS
    /// namespace `{env}.{app}.internal` on each environment × region's VPC and registers every
    /// service (unless it sets `discovery: false`) as A records `{service}.{env}.{app}.internal`.
    /// `service-connect` uses ECS Service Connect instead: a Cloud Map HTTP namespace
    /// `{env}.{app}.internal` as the cluster's default, every service with a port a Service Connect
    /// server reachable as `http://{service}:{port}` from the app's tasks, and every other service
    /// a client. Off when absent.
    pub discovery: Option<super::Discovery>,
    /// Per-service CloudWatch alarms, sent to one SNS topic `{app}-{env}-alarms` per environment ×
    /// region (KMS-encrypted with a key of its own): these are the defaults of every service; a
    /// service's `alarms` overrides them. Without `alarms` at app or service level no alarm or
    /// topic is created.
    pub alarms: Option<super::Alarms>,
    /// One CloudWatch dashboard `{app}-{env}-{region}` per environment × region: CPU, memory and
    /// task counts of every service, and the load balancer's requests, 5xx responses and p99
    /// latency per target group.
    #[serde(default)]
    pub dashboard: bool,
    /// Central configuration: named values shared by every environment (an environment's `config`
    /// overrides them by name). Services read them with `config: {VARIABLE: name}`.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,62}$"}))]
    #[schemars(extend("x-names" = "A configuration name."))]
    pub config: BTreeMap<String, super::ConfigValue>,
    /// The app's services, by name.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    #[schemars(extend(
        "x-values" = "A service: one ECS service with its task definition. Use either the short form (`image`, `port`, …: one container named `app`) or `containers`.",
        "x-names" = "A service name.",
    ))]
    pub services: BTreeMap<String, Service>,
    /// The app's batch jobs, by name (run-once or scheduled); a job and a service may not share a
    /// name.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    #[schemars(extend(
        "x-values" = "A job: a task definition run on demand or on a schedule.",
        "x-names" = "A job name.",
    ))]
    pub jobs: BTreeMap<String, Job>,
    /// CI/CD: a CodePipeline V2 (with CodeBuild projects, ECR repositories and an artifact bucket)
    /// that builds the images, runs the tests and deploys the environments in order on every push.
    /// Emitted as the stack `{app}-pipeline` (and `{app}-pipeline-{service}` per service with
    /// `per-service`) in `region`.
    pub pipeline: Option<super::Pipeline>,
}

/// One environment (a set of stacks per region).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Environment {
    /// Regions to deploy to (non-empty, unique), e.g. `[us-east-1]`.
    #[schemars(extend("x-items" = "An AWS region name."))]
    pub regions: Vec<String>,
    /// The AWS account ID (12 digits); then `{{account}}` is a literal.
    #[schemars(regex(pattern = r"^[0-9]{12}$"))]
    pub account: Option<String>,
    /// Variables for `{{…}}` interpolation in this environment (override app `vars`).
    #[serde(default)]
    #[schemars(extend("x-values" = "A variable's value."))]
    pub vars: BTreeMap<String, String>,
    /// Per-region variables: region → name → value. In that region they override `vars`, so any
    /// string value can differ per region through `{{name}}` (a bucket, a certificate, an
    /// endpoint).
    #[serde(default)]
    #[schemars(extend(
        "additionalProperties" = {
            "type": "object",
            "additionalProperties": {
                "description": "A variable's value in this region.",
                "type": "string"
            }
        },
        "x-values" = "The variables of one region of this environment.",
    ))]
    pub region_vars: BTreeMap<String, BTreeMap<String, String>>,
    /// The environment's network: created (default 10.0.0.0/16, 2 AZs, one NAT) or imported per
    /// region.
    #[serde(default)]
    pub network: Network,
    /// One DNS name for the environment across its regions: a Route 53 alias record per region,
    /// pointing at that region's load balancer, chosen by latency, failover or weight.
    pub global: Option<GlobalName>,
    /// Log encryption (`kms-key`) and log analytics (`analytics`) for every service of the
    /// environment.
    #[serde(default)]
    pub logs: super::EnvironmentLogs,
    /// EventBridge rules on the ECS events of the environment's cluster, by kind: `task-stopped`
    /// (an essential container exited non-zero), `deployment-failed` (`SERVICE_DEPLOYMENT_FAILED`),
    /// `service-action` (service action events of type WARN or ERROR); each to SNS, SQS or Lambda
    /// ARNs.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::events")]
    pub events: super::Events,
    /// Audit: a CloudTrail trail (`cloudtrail: true`).
    #[serde(default)]
    pub audit: super::Audit,
    /// Overrides: region → a partial app merged over the app in that region, so any value (a
    /// count, a flag, a list) can differ per region; the key `all` holds what changes in every
    /// region of this environment (counts, sizes, scaling bounds per environment). Precedence:
    /// the app, then `all`, then the region's own. Maps merge key by key; numbers, strings,
    /// booleans and lists replace. The merged result is checked like the blueprint itself.
    #[serde(default)]
    #[schemars(extend(
        "x-values" = "What changes in this region (or, under `all`, in every region) of the environment."
    ))]
    pub overrides: super::RegionOverrides,
    /// Also emit, per stack of this environment, an `AWS::CloudFormation::StackSet` (self-managed
    /// permissions) that deploys the stack to every region of the environment. `{{region}}`,
    /// `{{partition}}` and `{{url_suffix}}` then become `${AWS::Region}`, `${AWS::Partition}` and
    /// `${AWS::URLSuffix}`, so one template serves every region; a stack whose regions still differ
    /// is FF0426.
    pub stackset: Option<super::StackSetOptions>,
    /// Central configuration of this environment: named values (overriding the app's `config`),
    /// stored as SSM parameters and injected into the services that name them.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,62}$"}))]
    #[schemars(extend("x-names" = "A configuration name."))]
    pub config: BTreeMap<String, super::ConfigValue>,
}

/// `latency`: each client gets the closest healthy region; `failover`: the `primary` region while
/// healthy, else the other; `weighted`: traffic split by `weights` (for a gradual regional
/// cutover).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoutingPolicy {
    Latency,
    Failover,
    Weighted,
}

/// A Route 53 name shared by the environment's regions.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GlobalName {
    /// The ID of the public hosted zone that holds the name, e.g. `Z0123456789ABCDEFGHIJ`.
    #[schemars(regex(pattern = r"^Z[A-Z0-9]{1,31}$"))]
    pub zone: String,
    /// The record name, e.g. `api.shop.example.com` (inside the hosted zone's domain).
    #[schemars(
        length(min = 1, max = 253),
        regex(
            pattern = r"^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$"
        )
    )]
    pub name: String,
    /// `latency`: each client gets the closest healthy region; `failover`: the `primary` region
    /// while healthy, else the other; `weighted`: traffic split by `weights` (for a gradual
    /// regional cutover).
    pub policy: RoutingPolicy,
    /// With `weighted`: a weight 0–255 for every region of the environment (not all 0). Changing
    /// weights moves traffic; the diff is just these numbers.
    #[serde(default)]
    #[schemars(extend("additionalProperties" = {"type": "integer", "minimum": 0, "maximum": 255}))]
    #[schemars(extend("x-values" = "The region's weight (0–255)."))]
    pub weights: BTreeMap<String, u32>,
    /// With `failover`: the primary region; the environment's other region is the secondary.
    #[schemars(length(min = 1))]
    pub primary: Option<String>,
}

/// The environment's network: created (default 10.0.0.0/16, 2 AZs, one NAT) or imported per region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(extend("dependentSchemas" = {
    "import": { "properties": { "cidr": false, "azs": false, "nat": false } }
}))]
pub struct Network {
    /// IPv4 block of a created VPC, a /16 to /20, e.g. `10.20.0.0/16`.
    #[serde(default = "default_cidr")]
    pub cidr: String,
    /// Availability zones of a created VPC (2..6).
    #[serde(default = "default_azs")]
    #[schemars(range(min = 2, max = 6))]
    pub azs: u8,
    /// NAT gateways of a created VPC: `none`, `single` (default) or `per-az`.
    #[serde(default)]
    pub nat: Nat,
    /// An imported network per region (instead of `cidr`/`azs`/`nat`).
    #[schemars(extend("x-values" = "An existing VPC in one region."))]
    pub import: Option<BTreeMap<String, ImportedNetwork>>,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            cidr: default_cidr(),
            azs: default_azs(),
            nat: Nat::default(),
            import: None,
        }
    }
}

fn default_cidr() -> String {
    "10.0.0.0/16".to_owned()
}

const fn default_azs() -> u8 {
    2
}

/// NAT gateways of a created VPC: `none`, `single` (default) or `per-az`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Nat {
    None,
    #[default]
    Single,
    PerAz,
}

/// An existing VPC in one region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ImportedNetwork {
    /// The VPC ID, e.g. `vpc-0abc…`.
    #[schemars(regex(pattern = r"^vpc-[0-9a-f]{8,17}$"))]
    pub vpc: String,
    /// Public subnet IDs (for the load balancer).
    #[schemars(inner(regex(pattern = r"^subnet-[0-9a-f]{8,17}$")))]
    #[schemars(extend("x-items" = "A subnet ID."))]
    pub public: Vec<String>,
    /// Private subnet IDs (for tasks); at least 2.
    #[schemars(inner(regex(pattern = r"^subnet-[0-9a-f]{8,17}$")))]
    #[schemars(extend("x-items" = "A subnet ID."))]
    pub private: Vec<String>,
}

/// The ECS cluster shared by the app's services in each environment × region.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cluster {
    /// Container Insights: `enabled` (default), `enhanced` or `disabled`.
    #[serde(default)]
    pub insights: Insights,
    /// Named capacity providers: `fargate` and `spot` are Fargate; any other name is an EC2 Auto
    /// Scaling group.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::capacity")]
    #[schemars(extend(
        "x-values" = "An EC2 Auto Scaling group as a capacity provider.",
        "x-names" = "A capacity name.",
    ))]
    pub capacity: BTreeMap<String, Capacity>,
    /// The cluster's default strategy: capacity names (default: every provider with a weight).
    #[schemars(extend("x-items" = "A capacity name."))]
    pub default: Option<Vec<String>>,
}

/// Container Insights: `enabled` (default), `enhanced` or `disabled`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Insights {
    #[default]
    Enabled,
    Enhanced,
    Disabled,
}

/// `fargate` and `spot` name the Fargate providers; any other name is an EC2 Auto Scaling group.
/// The schema decides which shape a name may take; serde tries EC2 first because it has the
/// required `instance` key. Its schema is `schema::capacity`, on `Cluster::capacity`, which
/// tells the shapes apart by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Capacity {
    Ec2(Ec2Capacity),
    Fargate(FargateCapacity),
}

/// A Fargate capacity provider in the cluster's default strategy.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FargateCapacity {
    /// Tasks placed on this provider first (0..100000).
    #[schemars(range(max = 100_000))]
    pub base: Option<u32>,
    /// Relative share of tasks (0..1000); with a weight the provider joins the default strategy.
    #[schemars(range(max = 1000))]
    pub weight: Option<u32>,
}

/// An EC2 Auto Scaling group as a capacity provider.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ec2Capacity {
    /// The EC2 instance type, e.g. `c6i.large`.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*\.[a-z0-9]+$"))]
    pub instance: String,
    /// CPU architecture: `x86_64` (default) or `arm64` (picks the ECS-optimized AL2023 AMI).
    #[serde(default = "default_arch")]
    #[schemars(extend("enum" = ["x86_64", "arm64"]))]
    pub arch: String,
    /// Auto Scaling group minimum size (default 0).
    #[serde(default)]
    #[schemars(range(max = 10_000))]
    pub min: u32,
    /// Auto Scaling group maximum size.
    #[schemars(range(min = 1, max = 10_000))]
    pub max: u32,
    /// Auto Scaling group desired size at creation (between `min` and `max`; default: left to the
    /// group).
    #[schemars(range(max = 10_000))]
    pub desired: Option<u32>,
    /// Managed scaling target capacity in percent (1..100, default 100).
    #[serde(default = "default_target")]
    #[schemars(range(min = 1, max = 100))]
    pub target: u32,
    /// Managed scaling: fewest instances added or removed at once (1..10000, default 1).
    #[schemars(range(min = 1, max = 10_000))]
    pub min_step: Option<u32>,
    /// Managed scaling: most instances added or removed at once (1..10000, default 10000).
    #[schemars(range(min = 1, max = 10_000))]
    pub max_step: Option<u32>,
    /// Managed scaling: seconds a new instance warms up before its metrics count (0..10000, default
    /// 300).
    #[schemars(range(max = 10_000))]
    pub warmup: Option<u32>,
    /// Managed termination protection: ECS keeps instances that run tasks from scale-in (default
    /// false).
    #[serde(default)]
    pub termination_protection: bool,
    /// Root volume size in GiB (default 30; gp3, encrypted).
    #[serde(default = "default_volume")]
    #[schemars(range(min = 30, max = 16_384))]
    pub volume: u32,
    /// Custom ECS container-instance attributes.
    #[serde(default)]
    #[schemars(extend("x-values" = "An attribute value."))]
    pub attributes: BTreeMap<String, String>,
    /// Tasks placed on this provider first in the default strategy (0..100000).
    #[schemars(range(max = 100_000))]
    pub base: Option<u32>,
    /// Relative share of tasks in the default strategy (0..1000; default: not in it).
    #[schemars(range(max = 1000))]
    pub weight: Option<u32>,
}

fn default_arch() -> String {
    "x86_64".to_owned()
}

const fn default_target() -> u32 {
    100
}

const fn default_volume() -> u32 {
    30
}

/// The shared Application Load Balancer per environment × region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ingress {
    /// Internet-facing (default true) or internal.
    #[serde(default = "default_true")]
    pub public: bool,
    /// Default host for routes, e.g. `shop.example.com`.
    #[schemars(length(min = 1))]
    pub domain: Option<String>,
    /// ACM certificate ARN for HTTPS (one for all regions, or a map region: ARN).
    #[schemars(extend("minLength" = 1, "additionalProperties" = {"type": "string", "minLength": 1}))]
    #[schemars(extend("x-values" = "The certificate ARN for this region."))]
    pub certificate: Option<PerRegion<String>>,
    /// Load balancer idle timeout in seconds (1..4000, default 60).
    #[serde(default = "default_idle")]
    #[schemars(range(min = 1, max = 4000))]
    pub idle_timeout: u32,
    /// IPv4 blocks (`a.b.c.d/n`) admitted on the test listener (port 8443, 8080 without a
    /// certificate) through which `blue-green`, `canary` and `linear` deployments send test traffic
    /// to the new revision. Default: the VPC's CIDR only (the RFC 1918 ranges in an imported
    /// network), also on an internet-facing load balancer, whose production ports stay open to
    /// everyone. List who tests, e.g. an office block or a NAT gateway's address as a `/32`
    /// (FF0429).
    #[schemars(length(min = 1), extend("uniqueItems" = true), inner(length(min = 1)))]
    #[schemars(extend("x-items" = "An IPv4 block such as `203.0.113.0/24` or `198.51.100.7/32`."))]
    pub test_clients: Option<Vec<String>>,
    /// The Route 53 hosted zone ID of `domain` (e.g. `Z0123456789ABCDEFGHIJ`, `{{…}}` allowed):
    /// each environment × region gets an alias record `A` of the rendered `domain` to its load
    /// balancer and, without `certificate`, an ACM certificate for the domain that
    /// CloudFormation validates by DNS in this zone (FF0491, FF0492, FF0494, FF0496).
    #[schemars(length(min = 1))]
    pub zone: Option<String>,
    /// A WAF web ACL in front of the load balancer: an existing one by ARN, or one created
    /// with AWS managed rule groups (FF0490).
    pub waf: Option<super::edge::Waf>,
    /// Access logs of the load balancer, into a bucket created per environment × region or an
    /// existing one (FF0493, FF0495).
    pub access_logs: Option<super::edge::AccessLogs>,
    /// Several named load balancers instead of the one above (whose `public`, `domain`,
    /// `certificate`, `idle-timeout` and `test-clients` become their defaults). Each lives in a
    /// stack of its own, `{app}-{env}-lb-{name}`, and takes at most 100 target groups and 100
    /// listener rules (FF0482). A service picks one with `load-balancer`; the others are spread
    /// over those with `automatic` (default true) by rendezvous hashing of the service's name,
    /// so adding or removing a service never moves another one. See docs/network.md.
    #[schemars(length(min = 1))]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9]{0,11}$"}))]
    #[schemars(extend("x-values" = "One load balancer: its name (lowercase letters and digits, at most 12) and settings."))]
    pub load_balancers: Option<BTreeMap<String, NamedLoadBalancer>>,
}

/// One of `ingress.load-balancers`: each unset setting is the `ingress` one.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NamedLoadBalancer {
    /// Internet-facing or internal (default `ingress.public`).
    pub public: Option<bool>,
    /// Default host for the routes of its services (default `ingress.domain`).
    #[schemars(length(min = 1))]
    pub domain: Option<String>,
    /// ACM certificate ARN for HTTPS, one for all regions or a map region: ARN (default
    /// `ingress.certificate`).
    #[schemars(extend("minLength" = 1, "additionalProperties" = {"type": "string", "minLength": 1}))]
    #[schemars(extend("x-values" = "The certificate ARN for this region."))]
    pub certificate: Option<PerRegion<String>>,
    /// Whether services without `load-balancer` may be placed on it (default true). An internal
    /// or dedicated load balancer that only takes the services naming it says `false`.
    #[serde(default = "default_true")]
    pub automatic: bool,
    /// Whether the environments' `global` name points at this load balancer (at most one; with
    /// a single load balancer, that one).
    #[serde(default)]
    pub global: bool,
}

const fn default_true() -> bool {
    true
}

const fn default_idle() -> u32 {
    60
}

/// A value that is either the same everywhere or given per region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type)]
pub enum PerRegion<T> {
    All(T),
    Map(BTreeMap<String, T>),
}

impl<T> PerRegion<T> {
    /// The value for `region`, if any.
    pub fn get(&self, region: &str) -> Option<&T> {
        match self {
            Self::All(v) => Some(v),
            Self::Map(m) => m.get(region),
        }
    }
}

/// One app after its files are merged: the app file's settings plus every service, from
/// whichever file defined it. Built by `check`, which also records where each part came from.
#[derive(Debug, Clone)]
pub struct App {
    pub name: String,
    pub vars: BTreeMap<String, String>,
    pub tag: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub environments: BTreeMap<String, Environment>,
    pub cluster: Cluster,
    pub ingress: Option<Ingress>,
    pub discovery: Option<super::Discovery>,
    pub alarms: Option<super::Alarms>,
    pub dashboard: bool,
    pub config: BTreeMap<String, super::ConfigValue>,
    pub pipeline: Option<super::Pipeline>,
    pub services: BTreeMap<String, Service>,
    pub jobs: BTreeMap<String, Job>,
    /// Which file defined what (for the pipelines' triggers).
    pub files: super::SourceFiles,
}

impl App {
    /// The configuration of environment `env`: the app's, overridden by the environment's.
    pub fn config_of(&self, env: &Environment) -> BTreeMap<String, super::ConfigValue> {
        let mut config = self.config.clone();
        config.extend(env.config.clone());
        config
    }
}
