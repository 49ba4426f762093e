//! Lowering tests of EFS volumes and ephemeral storage.

use serde_json::{Value as Json, json};

use super::tests::{small, stack_template};

/// `small()` with volumes: `cart` (Fargate) mounts a created file system through an access
/// point and an imported one read-only; `worker` (EC2) a created one in one container.
fn stored() -> Json {
    let mut file = small();
    file["environments"]["prod"]["region-vars"] =
        json!({ "eu-west-1": { "media_fs": "fs-0fedcba9876543210" } });
    file["vars"] = json!({ "media_fs": "fs-0123456789abcdef0" });
    file["services"]["cart"]["ephemeral-storage"] = json!(50);
    // Only the EFS volumes here: hardening's writable-path volumes are exec_tests' concern.
    file["services"]["cart"]["writable"] = json!([]);
    file["services"]["worker"]["writable"] = json!([]);
    file["services"]["cart"]["volumes"] = json!({
        "uploads": { "efs": "create", "path": "/uploads", "access-point": { "uid": 33, "gid": 44 } },
        "media": {
            "efs": "{{media_fs}}", "path": "/media", "read-only": true, "root": "/pub",
            "security-group": "sg-0123456789abcdef0"
        }
    });
    file["services"]["worker"]["volumes"] = json!({
        "scratch": { "efs": "create", "path": "/scratch", "root-access": true }
    });
    file
}

fn statement_for<'a>(t: &'a Json, resource_part: &str) -> &'a Json {
    t["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Resource"].to_string().contains(resource_part))
        .unwrap_or_else(|| panic!("no statement on {resource_part}"))
}

#[test]
fn task_definition_mounts_with_tls_and_iam_and_sizes_storage() {
    let t = stack_template(&stored(), "shop-test-cart");
    let task = &t["Resources"]["TaskDefinition"]["Properties"];
    assert_eq!(task["EphemeralStorage"], json!({ "SizeInGiB": 50 }));
    let volumes = task["Volumes"].as_array().unwrap();
    assert_eq!(volumes.len(), 2);
    for v in volumes {
        let efs = &v["EFSVolumeConfiguration"];
        assert_eq!(efs["TransitEncryption"], "ENABLED");
        assert_eq!(efs["AuthorizationConfig"]["IAM"], "ENABLED");
    }
    // Volume-name order: `media` (imported, rendered for us-east-1) before `uploads`.
    assert_eq!(volumes[0]["Name"], "media");
    assert_eq!(
        volumes[0]["EFSVolumeConfiguration"]["FilesystemId"],
        "fs-0123456789abcdef0"
    );
    assert_eq!(
        volumes[0]["EFSVolumeConfiguration"]["RootDirectory"],
        "/pub"
    );
    // With an access point there is no root directory (ECS refuses one).
    let uploads = &volumes[1]["EFSVolumeConfiguration"];
    assert!(uploads.get("RootDirectory").is_none());
    assert_eq!(
        uploads["AuthorizationConfig"]["AccessPointId"],
        json!({ "Ref": "VolumeUploadsAccessPoint" })
    );
    assert_eq!(
        task["ContainerDefinitions"][0]["MountPoints"],
        json!([
            { "SourceVolume": "media", "ContainerPath": "/media", "ReadOnly": true },
            { "SourceVolume": "uploads", "ContainerPath": "/uploads", "ReadOnly": false }
        ])
    );
}

#[test]
fn imported_file_system_takes_each_region_s_id() {
    let t = stack_template(&stored(), "shop-prod-cart");
    let volumes = &t["Resources"]["TaskDefinition"]["Properties"]["Volumes"];
    assert_eq!(
        volumes[0]["EFSVolumeConfiguration"]["FilesystemId"],
        "fs-0fedcba9876543210"
    );
    // No file system, group or mount target for an imported one; its group admits the tasks.
    assert!(t["Resources"].get("VolumeMediaFileSystem").is_none());
    assert!(t["Resources"].get("VolumeMediaMountTarget0").is_none());
    let ingress = &t["Resources"]["VolumeMediaNfsIngress"]["Properties"];
    assert_eq!(ingress["GroupId"], "sg-0123456789abcdef0");
    assert_eq!(ingress["FromPort"], 2049);
    assert_eq!(
        ingress["SourceSecurityGroupId"],
        json!({ "Fn::GetAtt": ["ServiceSecurityGroup", "GroupId"] })
    );
}

#[test]
fn task_role_grants_exactly_what_each_volume_needs() {
    let t = stack_template(&stored(), "shop-test-cart");
    let media = statement_for(&t, "fs-0123456789abcdef0");
    assert_eq!(media["Action"], json!(["elasticfilesystem:ClientMount"]));
    assert_eq!(
        media["Condition"],
        json!({ "Bool": { "elasticfilesystem:AccessedViaMountTarget": "true" } })
    );
    let uploads = statement_for(&t, "VolumeUploadsFileSystem");
    assert_eq!(
        uploads["Action"],
        json!([
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite"
        ])
    );
    assert!(
        uploads["Condition"]["StringEquals"]["elasticfilesystem:AccessPointArn"]
            .to_string()
            .contains("access-point/${VolumeUploadsAccessPoint}")
    );
    let worker = stack_template(&stored(), "shop-test-worker");
    let scratch = statement_for(&worker, "VolumeScratchFileSystem");
    assert_eq!(
        scratch["Action"],
        json!([
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite",
            "elasticfilesystem:ClientRootAccess"
        ])
    );
}

#[test]
fn created_file_system_is_encrypted_retained_and_mounted_in_every_subnet() {
    let t = stack_template(&stored(), "shop-test-worker");
    let fs = &t["Resources"]["VolumeScratchFileSystem"];
    assert_eq!(fs["DeletionPolicy"], "Retain");
    assert_eq!(fs["UpdateReplacePolicy"], "Retain");
    assert_eq!(fs["Properties"]["Encrypted"], true);
    assert_eq!(fs["Properties"]["BackupPolicy"]["Status"], "ENABLED");
    let deny = &fs["Properties"]["FileSystemPolicy"]["Statement"][0];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
    // `test` has 2 zones: one mount target per private subnet, and the service waits for both.
    for az in 0..2 {
        let mount = &t["Resources"][format!("VolumeScratchMountTarget{az}")]["Properties"];
        assert_eq!(
            mount["SubnetId"],
            json!({ "Fn::Select": [az.to_string(), { "Ref": "PrivateSubnets" }] })
        );
    }
    assert!(t["Resources"].get("VolumeScratchMountTarget2").is_none());
    assert_eq!(
        t["Resources"]["Service"]["DependsOn"],
        json!(["VolumeScratchMountTarget0", "VolumeScratchMountTarget1"])
    );
    // NFS only from the service's tasks.
    let ingress = &t["Resources"]["VolumeScratchNfsIngress"]["Properties"];
    assert_eq!(
        ingress["GroupId"],
        json!({ "Fn::GetAtt": ["VolumeScratchSecurityGroup", "GroupId"] })
    );
    assert_eq!(
        ingress["SourceSecurityGroupId"],
        json!({ "Fn::GetAtt": ["ServiceSecurityGroup", "GroupId"] })
    );
}

#[test]
fn access_point_confines_to_its_directory_as_its_user() {
    let t = stack_template(&stored(), "shop-test-cart");
    let ap = &t["Resources"]["VolumeUploadsAccessPoint"]["Properties"];
    assert_eq!(
        ap["FileSystemId"],
        json!({ "Ref": "VolumeUploadsFileSystem" })
    );
    assert_eq!(ap["PosixUser"], json!({ "Uid": "33", "Gid": "44" }));
    assert_eq!(
        ap["RootDirectory"],
        json!({
            "Path": "/cart/uploads",
            "CreationInfo": { "OwnerUid": "33", "OwnerGid": "44", "Permissions": "750" }
        })
    );
}

#[test]
fn services_without_volumes_are_unchanged() {
    let t = stack_template(&small(), "shop-test-worker");
    let task = &t["Resources"]["TaskDefinition"]["Properties"];
    // Only hardening's name-only writable volumes, no EFS volume.
    let volumes = task["Volumes"].as_array().map_or(&[][..], Vec::as_slice);
    assert!(
        volumes
            .iter()
            .all(|v| v.get("EFSVolumeConfiguration").is_none())
    );
    assert!(task.get("EphemeralStorage").is_none());
    assert!(t["Resources"].get("TaskRole").is_none());
}
