//! Lowering tests of ECS Exec and hardened containers.

use serde_json::{Value as Json, json};

use super::tests::{small, stack_template};

/// `small()` with ECS Exec on `worker` (which has no permissions, so no task role of its own),
/// the created log key in `test` and a key given by ARN in `prod`.
fn with_exec() -> Json {
    let mut file = small();
    file["services"]["worker"]["exec"] = json!(true);
    file["environments"]["test"]["logs"] = json!({ "kms-key": "create" });
    file["environments"]["prod"]["logs"] = json!({ "kms-key": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    file
}

fn container(template: &Json) -> &Json {
    &template["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"][0]
}

#[test]
fn exec_enables_the_service_and_gives_it_a_task_role() {
    let worker = stack_template(&with_exec(), "shop-test-worker");
    let service = &worker["Resources"]["Service"]["Properties"];
    assert_eq!(service["EnableExecuteCommand"], json!(true));
    let statements = &worker["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"];
    assert_eq!(
        statements[0]["Action"],
        json!([
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel"
        ])
    );
    assert_eq!(
        statements[2]["Resource"][0]["Fn::Sub"],
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/ecs/shop/test/_exec-sessions:*"
    );
    // The created key is not the session key (it is made after the cluster): no kms:Decrypt.
    assert_eq!(statements.as_array().map(Vec::len), Some(3));
    assert_eq!(
        worker["Resources"]["TaskDefinition"]["Properties"]["TaskRoleArn"],
        json!({ "Fn::GetAtt": ["TaskRole", "Arn"] })
    );
    // ECS Exec needs a writable root filesystem; the rest of the hardening stays.
    assert_eq!(container(&worker)["ReadonlyRootFilesystem"], json!(false));
    assert!(container(&worker).get("MountPoints").is_none());
    assert_eq!(
        container(&worker)["LinuxParameters"]["Capabilities"]["Drop"],
        json!(["ALL"])
    );
    // cart has no exec: no flag, read-only root with /tmp writable.
    let cart = stack_template(&with_exec(), "shop-test-cart");
    assert!(
        cart["Resources"]["Service"]["Properties"]
            .get("EnableExecuteCommand")
            .is_none()
    );
    assert_eq!(container(&cart)["ReadonlyRootFilesystem"], json!(true));
    assert_eq!(container(&cart)["MountPoints"][0]["ContainerPath"], "/tmp");
}

#[test]
fn cluster_logs_sessions_to_an_encrypted_group() {
    let env = stack_template(&with_exec(), "shop-test");
    let exec =
        &env["Resources"]["Cluster"]["Properties"]["Configuration"]["ExecuteCommandConfiguration"];
    assert_eq!(exec["Logging"], "OVERRIDE");
    assert_eq!(
        exec["LogConfiguration"],
        json!({
            "CloudWatchLogGroupName": "/ecs/shop/test/_exec-sessions",
            "CloudWatchEncryptionEnabled": true
        })
    );
    assert!(exec.get("KmsKeyId").is_none());
    let observability = stack_template(&with_exec(), "shop-test-observability");
    let group = &observability["Resources"]["ExecSessionsLogGroup"]["Properties"];
    assert_eq!(group["LogGroupName"], "/ecs/shop/test/_exec-sessions");
    assert_eq!(
        group["KmsKeyId"],
        json!({ "Fn::GetAtt": ["LogKey", "Arn"] })
    );

    // A key given by ARN also encrypts the sessions, and the task role may decrypt with it.
    let prod = stack_template(&with_exec(), "shop-prod");
    let key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert_eq!(
        prod["Resources"]["Cluster"]["Properties"]["Configuration"]["ExecuteCommandConfiguration"]
            ["KmsKeyId"],
        key
    );
    let worker = stack_template(&with_exec(), "shop-prod-worker");
    let statements = &worker["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"];
    assert_eq!(statements[3]["Action"], json!(["kms:Decrypt"]));
    assert_eq!(statements[3]["Resource"], json!([key]));
}

#[test]
fn without_exec_the_cluster_has_no_configuration() {
    let env = stack_template(&small(), "shop-test");
    assert!(
        env["Resources"]["Cluster"]["Properties"]
            .get("Configuration")
            .is_none()
    );
}

#[test]
fn writable_paths_and_opt_outs() {
    let mut file = small();
    file["services"]["worker"]["writable"] = json!(["/var/cache/nginx", "/tmp"]);
    file["services"]["worker"]["user"] = json!("101:101");
    file["services"]["cart"]["hardening"] =
        json!({ "read-only-root": false, "drop-capabilities": false, "init-process": false });
    let worker = stack_template(&file, "shop-test-worker");
    let volumes = &worker["Resources"]["TaskDefinition"]["Properties"]["Volumes"];
    let names: Vec<&str> = volumes
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names[0].starts_with("writable-tmp-"), "{names:?}");
    assert!(
        names[1].starts_with("writable-var-cache-nginx-"),
        "{names:?}"
    );
    let mounts = &container(&worker)["MountPoints"];
    assert_eq!(mounts[1]["SourceVolume"], names[1]);
    assert_eq!(mounts[1]["ContainerPath"], "/var/cache/nginx");
    assert_eq!(container(&worker)["User"], "101:101");
    assert_eq!(
        container(&worker)["LinuxParameters"]["InitProcessEnabled"],
        json!(true)
    );

    let cart = stack_template(&file, "shop-test-cart");
    assert_eq!(container(&cart)["ReadonlyRootFilesystem"], json!(false));
    assert!(container(&cart).get("LinuxParameters").is_none());
    assert!(container(&cart).get("MountPoints").is_none());
    assert!(
        cart["Resources"]["TaskDefinition"]["Properties"]
            .get("Volumes")
            .is_none()
    );
}
