//! Service-level blueprint types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::deploy::{Deploy, Scheduling};

/// A service: one ECS service with its task definition. Use either the short form (`image`, `port`,
/// …: one container named `app`) or `containers`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Service {
    // Short form: a single container named `app`.
    /// The container image; must carry a tag (`:1.2.3`, `:{{tag}}`) or a digest (`@sha256:…`).
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    /// The container port that receives traffic (1..65535).
    #[schemars(range(min = 1))]
    pub port: Option<u16>,
    /// The container command, as a list of arguments (overrides the image's CMD).
    #[schemars(extend("x-items" = "One argument."))]
    pub command: Option<Vec<String>>,
    /// Plain environment variables (name: value). Never put secrets here: use `secrets`.
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    #[schemars(extend(
        "x-values" = "The variable's value (a string; quote numbers and booleans).",
        "x-names" = "An environment variable name.",
    ))]
    pub env: Option<BTreeMap<String, String>>,
    /// Secrets injected by the ECS agent: name: `ssm:/path-or-name` or
    /// `secretsmanager:name[#json-key]`.
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    #[schemars(extend(
        "x-values" = "A secret reference: `ssm:/path-or-name` or `secretsmanager:name[#json-key]`.",
        "x-names" = "An environment variable name.",
    ))]
    pub secrets: Option<BTreeMap<String, String>>,
    /// Environment variables from central configuration: `VARIABLE: config-name`. ECS injects each
    /// from its SSM parameter (as a secret); the execution role may read exactly those parameters.
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    #[schemars(extend(
        "x-values" = "A name declared in app or environment `config`.",
        "x-names" = "An environment variable name.",
    ))]
    pub config: Option<BTreeMap<String, String>>,
    /// A container health check (ECS HealthCheck).
    pub health: Option<HealthCheck>,
    // Long form.
    /// Several containers (instead of `image`/`port`/`command`/`env`/`secrets`/`health`).
    #[schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    #[schemars(extend("x-values" = "One container of the task.", "x-names" = "A container name."))]
    pub containers: Option<BTreeMap<String, Container>>,

    /// Task CPU units (Fargate: 256, 512, 1024, 2048, 4096, 8192, 16384).
    #[schemars(range(min = 128, max = 16_384))]
    pub cpu: u32,
    /// Task memory in MiB (Fargate: must suit `cpu`).
    #[schemars(range(min = 128, max = 122_880))]
    pub memory: u32,
    /// Desired number of tasks (default 1).
    #[serde(default = "default_count")]
    #[schemars(range(max = 5000))]
    pub count: u32,
    /// Where tasks run: one capacity name from `cluster.capacity` (or `fargate`/`spot`), or a
    /// strategy list.
    #[schemars(extend("minLength" = 1, "minItems" = 1, "maxItems" = 6))]
    #[schemars(extend("x-items" = "One provider of a capacity-provider strategy."))]
    pub capacity: Option<CapacityChoice>,
    /// Assign a public IP and run in public subnets (default false).
    #[serde(default)]
    pub public_ip: bool,
    /// A listener rule on the environment's shared Application Load Balancer.
    pub route: Option<Route>,
    /// Ports of the environment's Network Load Balancer that forward TCP, UDP or TLS to this
    /// service (docs/network.md); at most 4 besides a `route` (ECS takes 5 target groups).
    #[serde(default)]
    #[schemars(extend("x-items" = "One Network Load Balancer port forwarding to the service."))]
    pub listeners: Vec<super::NlbListener>,
    /// Which of `ingress.load-balancers` takes the route (FF0481); default: one chosen by the
    /// service's name among those with `automatic` (docs/network.md).
    #[schemars(length(min = 1))]
    pub load_balancer: Option<String>,
    /// Health-check grace period in seconds (default 30 with a route).
    #[schemars(range(max = 2_147_483_647))]
    pub grace: Option<u32>,
    /// Seconds each container of a task has between SIGTERM and SIGKILL when the task stops (a
    /// deployment, a scale-in, a Fargate Spot interruption): ECS `stopTimeout`. Fargate allows
    /// 1..120 (default 30); on EC2 the default is the agent's `ECS_CONTAINER_STOP_TIMEOUT`.
    #[schemars(range(min = 1, max = 2_147_483_647))]
    pub stop_timeout: Option<u32>,
    /// Task-role statements.
    #[serde(default)]
    #[schemars(extend("x-items" = "One task-role statement: actions allowed on resources."))]
    pub permissions: Vec<Permission>,
    /// CloudWatch Logs settings of the service.
    #[serde(default)]
    pub logs: Logs,
    /// Application Auto Scaling of the task count: bounds, target tracking, step policies and
    /// scheduled actions. With scaling, `count` is not emitted, so a stack update never resets a
    /// scaled-out service.
    pub scaling: Option<super::Scaling>,
    /// How new revisions roll out: `strategy` (rolling, blue-green, canary, linear) and its
    /// settings.
    #[serde(default)]
    pub deploy: Deploy,
    /// `replica` (default: run `count` tasks) or `daemon` (one task on every EC2 container instance
    /// of the service's capacities; no `count`, not on Fargate).
    #[serde(default)]
    pub scheduling: Scheduling,
    /// Task placement on EC2 capacity: a preset (`compact`, `balanced`, `anti-affinity`), a list of
    /// presets, or `{preset, affinity, constraints, strategy}`.
    pub placement: Option<super::Placement>,
    /// `false` keeps this service out of the app's service discovery (with `discovery: cloud-map`
    /// or `service-connect` every service registers by default; with Service Connect it may still
    /// call others as a client). A DNS blue/green service is not registered.
    pub discovery: Option<bool>,
    /// Services this one connects to, by name: each callee's container ports admit this service's
    /// tasks (a security-group rule in the callee's stack). With app `discovery`, reach a callee at
    /// `{callee}.{env}.{app}.internal`.
    #[serde(default)]
    #[schemars(inner(regex(pattern = r"^[a-z][a-z0-9-]{0,30}$")))]
    #[schemars(extend("x-items" = "A service of the same app that has a container port."))]
    pub calls: Vec<String>,
    /// This service's alarms: `false` for none, or overrides of the app's `alarms` (each key
    /// `false`, `true`, a threshold or `{threshold, periods}`).
    pub alarms: Option<super::ServiceAlarms>,
    /// Custom metrics: the task role may `cloudwatch:PutMetricData` only into this namespace
    /// (condition `cloudwatch:namespace`). `true` is `{app}/{service}`.
    pub metrics: Option<super::Metrics>,
    /// ECS Exec (`aws ecs execute-command`): the service's tasks run the SSM agent, the task role
    /// may open Session Manager channels, and sessions are logged to the environment's
    /// `{prefix}/_exec-sessions` log group. Turns the read-only root filesystem off (the agent
    /// needs to write to it). Default false.
    #[serde(default)]
    pub exec: bool,
    /// The user every container runs as: `uid`, `uid:gid`, `user` or `user:group` (ECS `user`).
    /// Default: the image's own `USER`. Root (`root`, `0`) is refused unless
    /// `hardening.non-root` is `false` (FF0324).
    #[schemars(
        length(min = 1, max = 255),
        regex(pattern = r"^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$")
    )]
    pub user: Option<String>,
    /// Paths the containers may write to under a read-only root filesystem: each is a
    /// task-scoped volume (on Fargate, in the task's ephemeral storage), empty and owned by root
    /// unless the image declares the path as a `VOLUME`. Default `[/tmp]`; `[]` for none.
    #[schemars(inner(regex(pattern = r"^(/[A-Za-z0-9._-]+)+$")), length(max = 20))]
    #[schemars(extend("uniqueItems" = true, "x-items" = "An absolute path inside the containers, e.g. `/var/cache/nginx`."))]
    pub writable: Option<Vec<String>>,
    /// Opt-outs of the hardened defaults: `read-only-root`, `drop-capabilities`, `init-process`
    /// and `non-root`, each `true` unless set to `false`.
    #[serde(default)]
    pub hardening: super::Hardening,
    /// EFS volumes of the task by name, each mounted at its `path` (docs/storage.md).
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    #[schemars(extend("x-values" = "An EFS volume of the task.", "x-names" = "A volume name."))]
    pub volumes: BTreeMap<String, super::Volume>,
    /// Fargate task storage in GiB (21..200; default 20 GiB, not emitted). Fargate only (FF0391).
    #[schemars(range(max = 4_294_967_295_u32))]
    pub ephemeral_storage: Option<u32>,
}

impl Service {
    /// Whether the service registers in the app's service discovery.
    pub fn discoverable(&self, app_discovery: Option<super::Discovery>) -> bool {
        app_discovery.is_some() && self.discovery != Some(false)
    }

    /// The container ports of the service, in container-name order (the short form's `port`
    /// first), without duplicates.
    pub fn ports(&self) -> Vec<u16> {
        let mut ports: Vec<u16> = self.port.into_iter().collect();
        for c in self.containers.iter().flat_map(|m| m.values()) {
            if let Some(p) = c.port.filter(|p| !ports.contains(p)) {
                ports.push(p);
            }
        }
        ports
    }
}

const fn default_count() -> u32 {
    1
}

/// One container of the task.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Container {
    /// The container image; must carry a tag (`:1.2.3`, `:{{tag}}`) or a digest (`@sha256:…`).
    #[schemars(length(min = 1))]
    pub image: String,
    /// The container port that receives traffic (1..65535).
    #[schemars(range(min = 1))]
    pub port: Option<u16>,
    /// Whether the task stops when this container stops (default true). At least one container must
    /// be essential.
    #[serde(default = "default_true")]
    pub essential: bool,
    /// CPU units reserved for this container (within the task's `cpu`).
    #[schemars(range(max = 16_384))]
    pub cpu: Option<u32>,
    /// Hard memory limit in MiB for this container (within the task's `memory`).
    #[schemars(range(min = 6, max = 122_880))]
    pub memory: Option<u32>,
    /// The container command, as a list of arguments (overrides the image's CMD).
    #[schemars(extend("x-items" = "One argument."))]
    pub command: Option<Vec<String>>,
    /// Plain environment variables (name: value). Never put secrets here: use `secrets`.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    #[schemars(extend(
        "x-values" = "The variable's value (a string; quote numbers and booleans).",
        "x-names" = "An environment variable name.",
    ))]
    pub env: BTreeMap<String, String>,
    /// Secrets injected by the ECS agent: name: `ssm:/path-or-name` or
    /// `secretsmanager:name[#json-key]`.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    #[schemars(extend(
        "x-values" = "A secret reference: `ssm:/path-or-name` or `secretsmanager:name[#json-key]`.",
        "x-names" = "An environment variable name.",
    ))]
    pub secrets: BTreeMap<String, String>,
    /// Environment variables from central configuration: `VARIABLE: config-name`. ECS injects each
    /// from its SSM parameter (as a secret); the execution role may read exactly those parameters.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    #[schemars(extend(
        "x-values" = "A name declared in app or environment `config`.",
        "x-names" = "An environment variable name.",
    ))]
    pub config: BTreeMap<String, String>,
    /// A container health check (ECS HealthCheck).
    pub health: Option<HealthCheck>,
}

const fn default_true() -> bool {
    true
}

/// A container health check (ECS HealthCheck).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HealthCheck {
    /// The check: a shell string (run with CMD-SHELL) or a command list (run with CMD); a leading
    /// CMD or CMD-SHELL, as Docker writes it, means the same (FF0440).
    #[schemars(extend("x-items" = "One argument of the command."))]
    pub command: StringOrList,
    /// Seconds between checks (5..300, default 30).
    #[serde(default = "default_interval")]
    #[schemars(range(min = 5, max = 300))]
    pub interval: u32,
    /// Seconds before a check counts as failed (2..60, default 5); must be less than `interval`.
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 2, max = 60))]
    pub timeout: u32,
    /// Consecutive failures before the container is unhealthy (1..10, default 3).
    #[serde(default = "default_retries")]
    #[schemars(range(min = 1, max = 10))]
    pub retries: u32,
    /// Grace period in seconds before failures count (0..300, default 0).
    #[serde(default)]
    #[schemars(range(max = 300))]
    pub start_period: u32,
}

const fn default_interval() -> u32 {
    30
}
const fn default_timeout() -> u32 {
    5
}
const fn default_retries() -> u32 {
    3
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type, extend("minItems" = 1))]
pub enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

/// One capacity name, or an explicit capacity-provider strategy.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type)]
pub enum CapacityChoice {
    Name(String),
    Strategy(Vec<StrategyItem>),
}

/// One provider of a capacity-provider strategy.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StrategyItem {
    /// A capacity name from `cluster.capacity` (`fargate` and `spot` are always available).
    #[schemars(length(min = 1))]
    pub provider: String,
    /// Tasks placed on this provider first (0..100000). Only one provider of a strategy may have a
    /// base.
    #[schemars(range(max = 100_000))]
    pub base: Option<u32>,
    /// Relative share of tasks beyond the base (0..1000).
    #[schemars(range(max = 1000))]
    pub weight: Option<u32>,
}

/// A listener rule on the environment's shared Application Load Balancer.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Route {
    /// Path pattern(s), e.g. `/cart/*` (at most 5 values together with `host`).
    #[schemars(extend("x-items" = "A path pattern, e.g. `/cart/*`."))]
    pub path: Option<StringOrList>,
    /// Host header value(s); default `ingress.domain` when set.
    #[schemars(extend("x-items" = "A host name, e.g. `shop.example.com`."))]
    pub host: Option<StringOrList>,
    /// The target group's health-check path (default `/`; for `grpc`, AWS's default
    /// `/AWS.ALB/healthcheck`, or a method as `/package.Service/Method`).
    #[serde(default = "default_health_path")]
    #[schemars(regex(pattern = "^/"), length(min = 1, max = 1024))]
    pub health: String,
    /// What the container speaks: `http` (default; HTTP/1.1 to the target) or `grpc` (gRPC
    /// calls over HTTP/2 to the target; the health check is healthy on gRPC status `12` at AWS's
    /// default path, `0` at a method of your own; the load balancer needs a certificate, as AWS
    /// takes gRPC only on HTTPS listeners, FF0406).
    #[serde(default)]
    pub protocol: RouteProtocol,
    /// Pins the listener-rule priority (1..50000); default: derived from the service name.
    #[schemars(range(min = 1, max = 50_000))]
    pub priority: Option<u32>,
    /// With several containers: the one that receives traffic (it needs a `port`).
    pub container: Option<String>,
}

fn default_health_path() -> String {
    "/".to_owned()
}

/// The protocol between the load balancer and a routed service's tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RouteProtocol {
    /// HTTP/1.1 (the target group's `ProtocolVersion` `HTTP1`, AWS's default).
    #[default]
    Http,
    /// gRPC over HTTP/2 (`ProtocolVersion: GRPC`, health checked with gRPC status codes).
    Grpc,
}

/// AWS's default health-check path of a gRPC target group: no server implements it, so AWS
/// counts `UNIMPLEMENTED` (`12`) as healthy there.
pub const GRPC_DEFAULT_HEALTH: &str = "/AWS.ALB/healthcheck";

impl Route {
    /// The health-check path the target group uses: AWS's gRPC default when a `grpc` route
    /// keeps the HTTP default `/`, which no gRPC method is.
    pub fn health_path(&self) -> &str {
        if self.protocol == RouteProtocol::Grpc && self.health == "/" {
            GRPC_DEFAULT_HEALTH
        } else {
            &self.health
        }
    }
}

/// One task-role statement: actions allowed on resources.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Permission {
    /// IAM actions, e.g. `dynamodb:GetItem` (avoid wildcards).
    #[schemars(
        length(min = 1),
        inner(regex(pattern = r"^[a-z0-9-]+:[A-Za-z0-9*]+$|^\*$"))
    )]
    #[schemars(extend("x-items" = "An IAM action `service:Action`."))]
    pub allow: Vec<String>,
    /// Resource ARN(s) the actions apply to (interpolation allowed).
    #[schemars(extend("x-items" = "A resource ARN."))]
    pub on: StringOrList,
}

/// CloudWatch Logs settings of the service.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Logs {
    /// Log retention in days: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    /// 1096, 1827, 2192, 2557, 2922, 3288, 3653 (default 30).
    #[serde(default = "default_retention")]
    #[schemars(range(min = 1, max = 100_000))]
    pub retention: u32,
    /// A KMS key ARN (`arn:…:kms:REGION:ACCOUNT:key/ID`) that encrypts the log group; overrides the
    /// environment's `logs.kms-key`. Its key policy must let `logs.REGION.amazonaws.com` use it.
    #[schemars(length(min = 1, max = 2048))]
    pub kms_key: Option<String>,
    /// `awslogs` (default: containers write to the log group) or `firelens`: an AWS for Fluent Bit
    /// router container (the regional image from the public SSM parameter
    /// `/aws/service/aws-for-fluent-bit/stable`) forwards the containers' logs to the same log
    /// group.
    #[serde(default)]
    pub driver: LogDriver,
    /// `false` keeps this log group out of the environment's log analytics (default `true`).
    #[serde(default = "default_true")]
    pub analytics: bool,
}

impl Default for Logs {
    fn default() -> Self {
        Self {
            retention: default_retention(),
            kms_key: None,
            driver: LogDriver::default(),
            analytics: true,
        }
    }
}

/// `awslogs` (default: containers write to the log group) or `firelens`: an AWS for Fluent Bit
/// router container (the regional image from the public SSM parameter
/// `/aws/service/aws-for-fluent-bit/stable`) forwards the containers' logs to the same log group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LogDriver {
    /// The `awslogs` driver straight to the log group.
    #[default]
    Awslogs,
    /// `awsfirelens`: an AWS for Fluent Bit router container forwards to the log group.
    Firelens,
}

const fn default_retention() -> u32 {
    30
}
