//! Batch jobs: a task definition run once on demand (`aws ecs run-task`) or on a schedule by
//! `EventBridge` Scheduler. A job takes the container fields of a service (short form or
//! `containers`) but no `port`, `route`, `count` or `health`: nothing connects to it and it
//! is not kept running.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::service::{CapacityChoice, Container, Logs, Permission, Service};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Job {
    // Short form: a single container named `app`.
    pub image: Option<String>,
    pub command: Option<Vec<String>>,
    pub env: Option<BTreeMap<String, String>>,
    pub secrets: Option<BTreeMap<String, String>>,
    // Long form.
    pub containers: Option<BTreeMap<String, Container>>,

    pub cpu: u32,
    pub memory: u32,
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
    pub schedule: Option<String>,
    /// IANA time zone the schedule is evaluated in (Scheduler's default is UTC).
    pub timezone: Option<String>,
    /// Scheduler retry attempts after a failed `RunTask` call.
    pub retries: Option<u32>,
    /// Seconds Scheduler keeps retrying an invocation.
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
