//! EFS volumes of a service (`volumes:`) and its Fargate task storage (`ephemeral-storage:`).
//!
//! A volume mounts an EFS file system into the service's containers, always with TLS
//! (`TransitEncryption: ENABLED`) and the task role (`AuthorizationConfig.IAM: ENABLED`): ECS
//! requires transit encryption for both IAM authorisation and access points, and IAM is what
//! lets the task role's policy decide read-only, write and root access. For `efs: create` the
//! service stack holds the file system (retained when the stack goes: it holds data), a
//! security group that admits NFS only from the service's tasks, and a mount target in each of
//! the subnets the tasks run in. An imported file system is referred to by ID; fleetform may
//! open its mount targets' group to the tasks (`security-group`). An `access-point` is created
//! on either.
//!
//! Kept apart from `task.rs` so that other task-definition volumes (a read-only root
//! filesystem's writable paths) stay separate concerns.

use super::Target;
use super::text::regional_arn;
use crate::cfn::resources::iam::{PolicyDocument, Principal, Statement};
use crate::cfn::resources::{Tag, ec2, ecs, efs};
use crate::cfn::{Expr, LogicalId, Resource, Template, Value};
use crate::model::{AccessPoint, Volume};
use crate::naming::{self, id};
use crate::resolved::Workload;

/// NFS, the only port a mount target needs.
const NFS_PORT: i64 = 2049;

/// The EFS client actions (`elasticfilesystem:Client*`).
const CLIENT_MOUNT: &str = "elasticfilesystem:ClientMount";
const CLIENT_WRITE: &str = "elasticfilesystem:ClientWrite";
const CLIENT_ROOT_ACCESS: &str = "elasticfilesystem:ClientRootAccess";

/// The subnets a mount target is needed in: one per subnet the tasks may run in, so each
/// task mounts in its own zone. `subnets` is the list parameter the tasks use.
fn subnet_count(target: &Target, public_ip: bool) -> usize {
    let network = &target.env.network;
    match network.import.as_ref().and_then(|m| m.get(target.region)) {
        Some(imported) if public_ip => imported.public.len(),
        Some(imported) => imported.private.len(),
        None => usize::from(network.azs.clamp(1, 8)),
    }
}

/// Adds the file systems, security groups, mount targets and access points of the service's
/// volumes; returns the mount targets the ECS service must wait for.
pub fn add(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Workload,
    (service_sg, vpc, subnets): (&LogicalId, &Value, &Value),
) -> Vec<LogicalId> {
    let mut mounts = Vec::new();
    for (volume_name, volume) in &service.volumes {
        if volume.creates() {
            mounts.extend(add_file_system(
                t,
                target,
                (name, volume_name),
                (service_sg, vpc, subnets),
                subnet_count(target, service.public_ip),
            ));
        } else if let Some(group) = &volume.security_group {
            add_nfs_ingress(t, volume_name, target.render(group), service_sg);
        }
        if let Some(access_point) = &volume.access_point {
            add_access_point(t, target, (name, volume_name), volume, access_point);
        }
    }
    mounts
}

/// A created file system: encrypted, in AWS Backup's daily plan, cold files moved to
/// Infrequent Access after 30 days and back on first access, elastic throughput; its policy
/// refuses clients without TLS, and otherwise leaves access to the task role's policy.
fn add_file_system(
    t: &mut Template,
    target: &Target,
    (service, volume): (&str, &str),
    (service_sg, vpc, subnets): (&LogicalId, &Value, &Value),
    subnet_count: usize,
) -> Vec<LogicalId> {
    let fs = id::efs_file_system(volume);
    let name = naming::volume_name(target.app_name(), target.env_name, service, volume);
    let mut insecure = Statement::deny(client_actions(), vec![Value::str("*")]).when(
        "Bool",
        "aws:SecureTransport",
        Value::str("false"),
    );
    insecure.sid = Some("DenyWithoutTls".to_owned());
    insecure.principal = Some(Principal {
        aws: vec![Value::str("*")],
        service: Vec::new(),
    });
    t.add(
        fs.clone(),
        Resource::new(efs::FileSystem {
            encrypted: true,
            throughput_mode: "elastic",
            backup_policy: efs::BackupPolicy { status: "ENABLED" },
            lifecycle_policies: vec![
                efs::LifecyclePolicy {
                    transition_to_ia: Some("AFTER_30_DAYS"),
                    transition_to_primary_storage_class: None,
                },
                efs::LifecyclePolicy {
                    transition_to_ia: None,
                    transition_to_primary_storage_class: Some("AFTER_1_ACCESS"),
                },
            ],
            file_system_policy: Some(PolicyDocument::new(vec![insecure])),
            file_system_tags: vec![Tag::new("Name", name)],
        })
        // The data outlives the stack: deleting the service or replacing the file system must
        // never delete files.
        .retain(),
    );

    let group = id::efs_security_group(volume);
    t.add(
        group.clone(),
        Resource::new(ec2::SecurityGroup {
            group_description: format!("EFS mount targets of volume {volume} of service {service}"),
            vpc_id: vpc.clone(),
            security_group_ingress: Vec::new(),
            // A mount target starts no connection (NFS replies are stateful): no egress. The
            // rule stands in for "none", which a group cannot say otherwise.
            security_group_egress: vec![ec2::SecurityGroupRule::no_egress("no egress")],
            tags: Vec::new(),
        }),
    );
    add_nfs_ingress(t, volume, Value::get_att(&group, "GroupId"), service_sg);

    (0..subnet_count)
        .map(|az| {
            let mount = id::efs_mount_target(volume, az);
            let index = u32::try_from(az).unwrap_or(u32::MAX);
            t.add(
                mount.clone(),
                Resource::new(efs::MountTarget {
                    file_system_id: Value::r#ref(&fs),
                    subnet_id: Value::from(Expr::Select(index, Box::new(subnets.clone()))),
                    security_groups: vec![Value::get_att(&group, "GroupId")],
                }),
            );
            mount
        })
        .collect()
}

/// Opens NFS on a file system's group (`group_id`) to the service's tasks.
fn add_nfs_ingress(t: &mut Template, volume: &str, group_id: Value, service_sg: &LogicalId) {
    t.add(
        id::efs_ingress(volume),
        Resource::new(ec2::SecurityGroupIngress {
            group_id,
            ip_protocol: "tcp".to_owned(),
            from_port: NFS_PORT,
            to_port: NFS_PORT,
            source_security_group_id: Value::get_att(service_sg, "GroupId"),
            description: Some(format!("NFS for volume {volume} from the service's tasks")),
        }),
    );
}

fn add_access_point(
    t: &mut Template,
    target: &Target,
    (service, volume_name): (&str, &str),
    volume: &Volume,
    access_point: &AccessPoint,
) {
    let uid = access_point.uid.to_string();
    let gid = access_point.gid.to_string();
    t.add(
        id::efs_access_point(volume_name),
        Resource::new(efs::AccessPoint {
            file_system_id: file_system_id(target, volume_name, volume),
            posix_user: efs::PosixUser {
                uid: uid.clone(),
                gid: gid.clone(),
            },
            root_directory: efs::RootDirectory {
                path: access_point
                    .path
                    .clone()
                    .unwrap_or_else(|| naming::access_point_path(service, volume_name)),
                creation_info: efs::CreationInfo {
                    owner_uid: uid,
                    owner_gid: gid,
                    permissions: access_point.permissions.clone(),
                },
            },
            access_point_tags: vec![Tag::new(
                "Name",
                naming::volume_name(target.app_name(), target.env_name, service, volume_name),
            )],
        }),
    );
}

/// The file system's ID: the created one's `Ref`, or the imported ID rendered for the target.
fn file_system_id(target: &Target, volume_name: &str, volume: &Volume) -> Value {
    if volume.creates() {
        Value::r#ref(&id::efs_file_system(volume_name))
    } else {
        target.render(&volume.efs)
    }
}

/// The file system's ARN, built from its ID for a created one too (the same as its `Arn`
/// attribute; one form for both keeps the policy the same shape).
fn file_system_arn(target: &Target, volume_name: &str, volume: &Volume) -> Value {
    regional_arn(
        "elasticfilesystem",
        "file-system/",
        &file_system_id(target, volume_name, volume),
    )
}

/// The ARN of a volume's access point, built from its ID (`Ref`).
fn access_point_arn(volume_name: &str) -> Value {
    regional_arn(
        "elasticfilesystem",
        "access-point/",
        &Value::r#ref(&id::efs_access_point(volume_name)),
    )
}

fn client_actions() -> Vec<String> {
    [CLIENT_MOUNT, CLIENT_WRITE, CLIENT_ROOT_ACCESS]
        .map(str::to_owned)
        .to_vec()
}

/// The task-definition volumes.
pub fn task_volumes(target: &Target, service: &Workload) -> Vec<ecs::Volume> {
    service
        .volumes
        .iter()
        .map(|(volume_name, volume)| ecs::Volume {
            name: volume_name.clone(),
            efs_volume_configuration: Some(ecs::EfsVolumeConfiguration {
                filesystem_id: file_system_id(target, volume_name, volume),
                // With an access point its directory is the root (ECS refuses another).
                root_directory: volume
                    .root
                    .clone()
                    .filter(|r| volume.access_point.is_none() && r != "/"),
                transit_encryption: "ENABLED",
                authorization_config: ecs::EfsAuthorizationConfig {
                    access_point_id: volume
                        .access_point
                        .as_ref()
                        .map(|_| Value::r#ref(&id::efs_access_point(volume_name))),
                    iam: "ENABLED",
                },
            }),
        })
        .collect()
}

/// The mount points of container `container`, in volume-name order.
pub fn mount_points(service: &Workload, container: &str) -> Vec<ecs::MountPoint> {
    service
        .volumes
        .iter()
        .filter(|(_, v)| v.mounted_by(container))
        .map(|(volume_name, v)| ecs::MountPoint {
            source_volume: volume_name.clone(),
            container_path: v.path.clone(),
            read_only: v.read_only,
        })
        .collect()
}

/// `EphemeralStorage` when the service asks for more than Fargate's default.
pub fn ephemeral_storage(service: &Workload) -> Option<ecs::EphemeralStorage> {
    service.ephemeral_storage.map(|size| ecs::EphemeralStorage {
        size_in_gib: i64::from(size),
    })
}

/// The task-role statements the volumes need: mount (and write, unless read-only; root access
/// only when asked) on exactly that file system, through the mount targets, and through the
/// volume's access point when it has one.
pub fn task_role_statements(target: &Target, service: &Workload) -> Vec<Statement> {
    service
        .volumes
        .iter()
        .map(|(volume_name, volume)| {
            let mut actions = vec![CLIENT_MOUNT.to_owned()];
            if !volume.read_only {
                actions.push(CLIENT_WRITE.to_owned());
            }
            if volume.root_access {
                actions.push(CLIENT_ROOT_ACCESS.to_owned());
            }
            let mut statement =
                Statement::allow(actions, vec![file_system_arn(target, volume_name, volume)]).when(
                    "Bool",
                    "elasticfilesystem:AccessedViaMountTarget",
                    Value::str("true"),
                );
            if volume.access_point.is_some() {
                statement = statement.when(
                    "StringEquals",
                    "elasticfilesystem:AccessPointArn",
                    access_point_arn(volume_name),
                );
            }
            statement
        })
        .collect()
}

/// Makes every ECS service of the stack wait for the mount targets: a task that starts before
/// its zone's mount target exists fails to mount, and the deployment with it.
pub fn wait_for_mounts(t: &mut Template, mounts: &[LogicalId]) {
    for resource in t.resources.values_mut() {
        if resource.type_name() == "AWS::ECS::Service" {
            for mount in mounts {
                if !resource.depends_on.contains(mount) {
                    resource.depends_on.push(mount.clone());
                }
            }
            resource.depends_on.sort();
        }
    }
}
