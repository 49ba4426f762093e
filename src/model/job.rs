//! Batch jobs: a task definition run once on demand (`aws ecs run-task`) or on a schedule by
//! `EventBridge` Scheduler. A job takes the container fields of a service (short form or
//! `containers`) but no `port`, `route`, `count` or `health`: nothing connects to it and it
//! is not kept running.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::service::{CapacityChoice, Container, Logs, Permission, Service};

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Job {
    // Short form: a single container named `app`.
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    pub command: Option<Vec<String>>,
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub env: Option<BTreeMap<String, String>>,
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub secrets: Option<BTreeMap<String, String>>,
    // Long form.
    #[schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    pub containers: Option<BTreeMap<String, Container>>,

    #[schemars(range(min = 128, max = 16_384))]
    pub cpu: u32,
    #[schemars(range(min = 128, max = 122_880))]
    pub memory: u32,
    #[schemars(extend("minLength" = 1, "minItems" = 1, "maxItems" = 6))]
    pub capacity: Option<CapacityChoice>,
    #[serde(default)]
    pub public_ip: bool,
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub logs: Logs,
    /// Where the job's tasks go on EC2 capacity, as for services.
    pub placement: Option<super::Placement>,

    /// `cron(…)`, `rate(…)` or `at(…)`; without one the job only runs on demand.
    #[schemars(length(min = 1, max = 256))]
    pub schedule: Option<String>,
    /// IANA time zone the schedule is evaluated in (Scheduler's default is UTC).
    #[schemars(length(min = 1, max = 50))]
    pub timezone: Option<String>,
    /// Scheduler retry attempts after a failed `RunTask` call.
    #[schemars(range(max = 2_147_483_647))]
    pub retries: Option<u32>,
    /// Seconds Scheduler keeps retrying an invocation.
    #[schemars(range(max = 2_147_483_647))]
    pub max_age: Option<u32>,
    /// Send invocations that failed every retry to an SQS queue (default: on when scheduled).
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
