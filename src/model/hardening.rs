//! Task hardening: what every container of a service or job gives up by default (a writable
//! root filesystem, Linux capabilities, running without an init process), and the opt-outs.

use schemars::JsonSchema;
use serde::Deserialize;

/// Opt-outs of the hardened task defaults. Every setting is on unless set to `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Hardening {
    /// Containers get a read-only root filesystem; only `writable` paths (default `/tmp`) take
    /// writes. Default `true`, but `false` with `exec: true`: the ECS Exec agent needs a writable
    /// root filesystem.
    pub read_only_root: Option<bool>,
    /// Drop every Linux capability (`linuxParameters.capabilities.drop: [ALL]`). Default `true`;
    /// `false` keeps the container runtime's default set (images that start as root and switch
    /// user, such as the official `nginx`, need it).
    #[serde(default = "yes")]
    pub drop_capabilities: bool,
    /// Run an init process as PID 1 that forwards signals and reaps zombie processes
    /// (`linuxParameters.initProcessEnabled`). Default `true`.
    #[serde(default = "yes")]
    pub init_process: bool,
    /// Refuse `user: root` (or UID 0) (FF0324). Default `true`; `false` accepts a container that
    /// runs as root on purpose.
    #[serde(default = "yes")]
    pub non_root: bool,
}

impl Default for Hardening {
    fn default() -> Self {
        Self {
            read_only_root: None,
            drop_capabilities: true,
            init_process: true,
            non_root: true,
        }
    }
}

impl Hardening {
    /// Whether containers get a read-only root filesystem: as set, else on unless the service
    /// has ECS Exec (whose agent writes to the container's root filesystem).
    pub fn read_only_root(&self, exec: bool) -> bool {
        self.read_only_root.unwrap_or(!exec)
    }
}

const fn yes() -> bool {
    true
}

/// The writable paths when none are declared: `/tmp`, which most runtimes and libraries expect
/// to write to.
pub const DEFAULT_WRITABLE: &str = "/tmp";
