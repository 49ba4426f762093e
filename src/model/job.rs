//! Batch jobs: a task definition run once on demand (`aws ecs run-task`) or on a schedule by
//! `EventBridge` Scheduler. A job takes the container fields of a service (short form or
//! `containers`) but no `port`, `route`, `count` or `health`: nothing connects to it and it
//! is not kept running.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::service::{CapacityChoice, Container, Logs, Permission, Service};

/// A job: a task definition run once on demand, or on a `schedule` by EventBridge Scheduler
/// through a Step Functions state machine that retries a failed task and stops an overdue one. Takes
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
    /// How often a failed run is retried: `RunTask` refused (no capacity, throttling) or the
    /// task stopped with an essential container exiting non-zero (0 to 185, default 2). A run
    /// stopped by `timeout` is not retried. Waits 60 s before the first retry, doubling up to
    /// an hour.
    #[schemars(range(max = 2_147_483_647))]
    pub retries: Option<u32>,
    /// Seconds one run of the task may take before it is stopped and reported as failed (60 to
    /// 604800, i.e. 7 days; default: no limit).
    #[schemars(range(max = 2_147_483_647))]
    pub timeout: Option<u32>,
    /// Seconds Scheduler keeps retrying to start a run when Step Functions refuses it (60 to
    /// 86400, default 86400).
    #[schemars(range(max = 2_147_483_647))]
    pub max_age: Option<u32>,
    /// Send runs that failed every retry or timed out, and schedule invocations Scheduler could
    /// not deliver, to an encrypted SQS queue of the job (default true when scheduled).
    pub dead_letter: Option<bool>,
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
}

/// How a scheduled job's state machine retries a failed run: `DEFAULT_RETRIES` times unless
/// the blueprint says otherwise, `RETRY_INTERVAL` seconds before the first retry, each wait
/// `BACKOFF_RATE` times the one before, at most `MAX_RETRY_DELAY` seconds. Here, below `check`
/// and `lower`, because the rules bound what lowering emits.
pub const DEFAULT_RETRIES: u32 = 2;
pub const RETRY_INTERVAL: u32 = 60;
pub const BACKOFF_RATE: u32 = 2;
pub const MAX_RETRY_DELAY: u32 = 3_600;

impl Job {
    /// The seconds the state machine waits between runs over all of the job's retries.
    pub fn retry_waits(&self) -> u64 {
        let mut delay = u64::from(RETRY_INTERVAL);
        let mut total = 0;
        for _ in 0..self.retries.unwrap_or(DEFAULT_RETRIES) {
            total += delay;
            delay = (delay * u64::from(BACKOFF_RATE)).min(u64::from(MAX_RETRY_DELAY));
        }
        total
    }

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
            listeners: Vec::new(),
            load_balancer: None,
            grace: None,
            stop_timeout: None,
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
            exec: false,
            user: self.user.clone(),
            writable: self.writable.clone(),
            hardening: self.hardening,
            volumes: std::collections::BTreeMap::new(),
            ephemeral_storage: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Job;

    fn waits(retries: Option<u32>) -> u64 {
        Job {
            retries,
            ..Job::default()
        }
        .retry_waits()
    }

    #[test]
    fn retry_waits_double_from_a_minute_up_to_an_hour() {
        assert_eq!(waits(Some(0)), 0);
        assert_eq!(waits(None), 60 + 120); // default: 2 retries
        assert_eq!(waits(Some(3)), 60 + 120 + 240);
        // 60, 120, 240, 480, 960, 1920, then capped at 3600.
        assert_eq!(waits(Some(10)), 3_780 + 4 * 3_600);
    }
}
