//! Batch jobs: a task definition run once on demand (`aws ecs run-task`) or on a schedule by
//! `EventBridge` Scheduler. A job takes the container fields of a service (short form or
//! `containers`) but no `port`, `route`, `count` or `health`: nothing connects to it and it
//! is not kept running.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::service::{CapacityChoice, Container, Logs, Permission, Service};

/// A job: a task definition run once on demand, or on a `schedule` by EventBridge Scheduler. Takes
/// a service's container fields (short form or `containers`), without `port`, `route`, `count` or
/// `health`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Job {
    // Short form: a single container named `app`.
    /// The container image; must carry a tag (`:1.2.3`, `:{{tag}}`) or a digest (`@sha256:…`).
    #[schemars(length(min = 1))]
    pub image: Option<String>,
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
    // Long form.
    /// Several containers (instead of `image`/`command`/`env`/`secrets`).
    #[schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    #[schemars(extend("x-values" = "One container of the task.", "x-names" = "A container name."))]
    pub containers: Option<BTreeMap<String, Container>>,

    /// Task CPU units (Fargate: 256, 512, 1024, 2048, 4096, 8192, 16384).
    #[schemars(range(min = 128, max = 16_384))]
    pub cpu: u32,
    /// Task memory in MiB (Fargate: must suit `cpu`).
    #[schemars(range(min = 128, max = 122_880))]
    pub memory: u32,
    /// Where tasks run: one capacity name from `cluster.capacity` (or `fargate`/`spot`), or a
    /// strategy list.
    #[schemars(extend("minLength" = 1, "minItems" = 1, "maxItems" = 6))]
    #[schemars(extend("x-items" = "One provider of a capacity-provider strategy."))]
    pub capacity: Option<CapacityChoice>,
    /// Assign a public IP and run in public subnets (default false).
    #[serde(default)]
    pub public_ip: bool,
    /// Task-role statements.
    #[serde(default)]
    #[schemars(extend("x-items" = "One task-role statement: actions allowed on resources."))]
    pub permissions: Vec<Permission>,
    /// CloudWatch Logs settings of the job.
    #[serde(default)]
    pub logs: Logs,
    /// Where the job's tasks go on EC2 capacity: presets, `constraints` and `strategy`, as for
    /// services (placement is not for Fargate).
    pub placement: Option<super::Placement>,

    /// When EventBridge Scheduler runs the job: `cron(minutes hours day-of-month month day-of-week
    /// year)`, `rate(N minutes|hours|days)` or `at(yyyy-mm-ddThh:mm:ss)`. Without it the job only
    /// runs on demand (`aws ecs run-task`, see the stack's `RunTask` output).
    #[schemars(length(min = 1, max = 256))]
    pub schedule: Option<String>,
    /// The IANA time zone a `cron`/`at` schedule is evaluated in, e.g. `Europe/Berlin` (default
    /// UTC).
    #[schemars(length(min = 1, max = 50))]
    pub timezone: Option<String>,
    /// How often Scheduler retries a failed `RunTask` call (0 to 185, default 185).
    #[schemars(range(max = 2_147_483_647))]
    pub retries: Option<u32>,
    /// Seconds Scheduler keeps retrying one invocation (60 to 86400, default 86400).
    #[schemars(range(max = 2_147_483_647))]
    pub max_age: Option<u32>,
    /// Send invocations that failed every retry to an encrypted SQS queue of the job (default true
    /// when scheduled).
    pub dead_letter: Option<bool>,
}

impl Job {
    /// The task part of the job in the shape of a service with no port, route or health check
    /// and no tasks kept running: what task-definition, IAM and capacity code (and the
    /// container rules) share between services and jobs.
    pub fn task(&self) -> Service {
        Service {
            image: self.image.clone(),
            port: None,
            command: self.command.clone(),
            env: self.env.clone(),
            secrets: self.secrets.clone(),
            health: None,
            containers: self.containers.clone(),
            cpu: self.cpu,
            memory: self.memory,
            count: 0,
            capacity: self.capacity.clone(),
            public_ip: self.public_ip,
            route: None,
            load_balancer: None,
            grace: None,
            permissions: self.permissions.clone(),
            logs: self.logs.clone(),
            scaling: None,
            deploy: super::Deploy::default(),
            scheduling: super::Scheduling::default(),
            placement: self.placement.clone(),
            discovery: Some(false),
            calls: Vec::new(),
            alarms: None,
            metrics: None,
            config: None,
        }
    }
}
