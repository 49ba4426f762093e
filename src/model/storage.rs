//! Task storage: EFS volumes mounted into a service's containers.

use schemars::JsonSchema;
use serde::Deserialize;

/// What `efs: create` means: fleetform creates the file system in the service's stack.
pub const CREATE_FILE_SYSTEM: &str = "create";

/// An Amazon EFS volume of the task, mounted into its containers. fleetform always mounts with
/// TLS (`TransitEncryption: ENABLED`) and the task role (`AuthorizationConfig.IAM: ENABLED`),
/// and grants the task role exactly what the volume needs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Volume {
    /// `create` (an encrypted file system with backups, created in this service's stack, with a
    /// mount target in every private subnet) or the ID of an existing file system (`fs-…`). IDs
    /// differ per region: write `{{var}}` with the ID in `region-vars`, or a per-region override.
    #[schemars(length(min = 1))]
    pub efs: String,
    /// Where the containers see the volume: an absolute path such as `/srv/uploads`.
    #[schemars(regex(pattern = "^/"), length(min = 2, max = 4096))]
    pub path: String,
    /// Mount read-only (default false); the task role then gets no `ClientWrite` either.
    #[serde(default)]
    pub read_only: bool,
    /// The containers that mount the volume (default: every container of the service).
    #[schemars(inner(regex(pattern = r"^[a-z][a-z0-9-]{0,30}$")))]
    #[schemars(extend("minItems" = 1))]
    #[schemars(extend("x-items" = "A container name of the service (`app` for the short form)."))]
    pub containers: Option<Vec<String>>,
    /// An access point fleetform creates on the file system: every file operation runs as its
    /// POSIX user, confined to its directory (created on first mount if missing).
    pub access_point: Option<AccessPoint>,
    /// Without an access point: the directory of the file system to mount (default `/`). With an
    /// access point its `path` is the root (FF0394).
    #[schemars(regex(pattern = "^/"), length(min = 1, max = 4096))]
    pub root: Option<String>,
    /// Grant `elasticfilesystem:ClientRootAccess`: the task may act as root (uid 0) on the file
    /// system (default false: root is squashed to an anonymous user).
    #[serde(default)]
    pub root_access: bool,
    /// An existing file system's mount-target security group (`sg-…`): fleetform opens NFS (TCP
    /// 2049) on it to this service's tasks. Without it, that group must already admit them.
    /// Not with `efs: create` (FF0431), whose group fleetform makes.
    #[schemars(length(min = 1))]
    pub security_group: Option<String>,
}

impl Volume {
    /// Whether fleetform creates the file system.
    pub fn creates(&self) -> bool {
        self.efs == CREATE_FILE_SYSTEM
    }

    /// Whether container `name` mounts the volume.
    pub fn mounted_by(&self, name: &str) -> bool {
        self.containers
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c == name))
    }
}

/// An EFS access point: the POSIX identity of every file operation, and its root directory.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AccessPoint {
    /// POSIX user ID of every file operation through the access point (default 1000).
    #[serde(default = "default_id")]
    #[schemars(range(max = 4_294_967_295_u32))]
    pub uid: u32,
    /// POSIX group ID of every file operation through the access point (default 1000).
    #[serde(default = "default_id")]
    #[schemars(range(max = 4_294_967_295_u32))]
    pub gid: u32,
    /// The access point's root directory on the file system (default `/{service}/{volume}`),
    /// created owned by `uid`:`gid` if missing.
    #[schemars(regex(pattern = "^/"), length(min = 1, max = 100))]
    pub path: Option<String>,
    /// Permissions of the root directory when it is created, as octal mode bits (default `750`).
    #[serde(default = "default_permissions")]
    #[schemars(regex(pattern = "^[0-7]{3,4}$"))]
    pub permissions: String,
}

const fn default_id() -> u32 {
    1000
}

fn default_permissions() -> String {
    "750".to_owned()
}
