//! Hardened containers: a read-only root filesystem with task-scoped volumes for the writable
//! paths, the service's `user`, every Linux capability dropped and an init process. Kept apart
//! from the task definition so other volume kinds can sit beside these.

use crate::cfn::resources::ecs;
use crate::model::{DEFAULT_WRITABLE, Service};
use crate::naming;

use super::Target;

/// The writable paths of a workload: as declared, else `/tmp` under a read-only root
/// filesystem (nothing to add when the root is writable).
pub fn writable_paths(service: &Service) -> Vec<String> {
    match &service.writable {
        Some(paths) => paths.clone(),
        None if service.hardening.read_only_root(service.exec) => {
            vec![DEFAULT_WRITABLE.to_owned()]
        }
        None => Vec::new(),
    }
}

/// The task's volumes for the writable paths, in path order.
pub fn volumes(service: &Service) -> Vec<ecs::Volume> {
    let mut paths = writable_paths(service);
    paths.sort();
    paths
        .iter()
        .map(|p| ecs::Volume {
            name: naming::writable_volume(p),
            efs_volume_configuration: None,
        })
        .collect()
}

/// Hardens one of the workload's own containers (not the `FireLens` router fleetform adds).
pub fn apply(target: &Target, service: &Service, d: &mut ecs::ContainerDefinition) {
    let hardening = service.hardening;
    d.readonly_root_filesystem = hardening.read_only_root(service.exec);
    d.user = service.user.as_deref().map(|u| target.render(u));
    let mut paths = writable_paths(service);
    paths.sort();
    d.mount_points = paths
        .iter()
        .map(|p| ecs::MountPoint {
            source_volume: naming::writable_volume(p),
            container_path: p.clone(),
            read_only: false,
        })
        .collect();
    let capabilities = hardening
        .drop_capabilities
        .then(|| ecs::KernelCapabilities {
            drop: vec!["ALL".to_owned()],
        });
    let init = hardening.init_process.then_some(true);
    if capabilities.is_some() || init.is_some() {
        d.linux_parameters = Some(ecs::LinuxParameters {
            capabilities,
            init_process_enabled: init,
        });
    }
}
