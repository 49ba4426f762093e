//! Lowering tests of log keys, log analytics, `FireLens`, event rules and the audit trail.

use serde_json::{Value as Json, json};

use super::lower;
use super::tests::{app, small};

/// `small()` with observability on in `test` (us-east-1) and `prod` (eu-west-1, China-free).
fn observed() -> Json {
    let mut file = small();
    file["environments"]["test"]["logs"] = json!({
        "kms-key": "create",
        "analytics": { "expire": 14 }
    });
    file["environments"]["test"]["events"] = json!({
        "task-stopped": { "sqs": "arn:{{partition}}:sqs:{{region}}:{{account}}:failures" },
        "deployment-failed": { "lambda": "arn:{{partition}}:lambda:{{region}}:{{account}}:function:notify" }
    });
    file["environments"]["test"]["audit"] = json!({ "cloudtrail": true });
    file["environments"]["prod"]["logs"] = json!({ "analytics": {} });
    file["services"]["worker"]["logs"] = json!({ "driver": "firelens", "analytics": false });
    file
}

fn template(name: &str) -> Json {
    super::tests::stack_template(&observed(), name)
}

#[test]
fn created_key_admits_only_the_environment_log_groups() {
    let env = template("shop-test-observability");
    let policy = &env["Resources"]["LogKey"]["Properties"]["KeyPolicy"]["Statement"];
    let logs = &policy[1];
    assert_eq!(
        logs["Principal"]["Service"],
        json!(["logs.us-east-1.amazonaws.com"])
    );
    assert_eq!(
        logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]["Fn::Sub"],
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/ecs/shop/test/*"
    );
    assert_eq!(
        env["Resources"]["ParameterLogKey"]["Properties"]["Name"],
        "/fleetform/shop/test/log-key"
    );
    let cart = template("shop-test-cart");
    assert_eq!(
        cart["Resources"]["LogGroup"]["Properties"]["KmsKeyId"],
        json!({ "Ref": "LogKey" })
    );
    assert!(cart["Resources"]["LogGroup"].get("Metadata").is_none());
    // prod has no key: the log group keeps CloudWatch Logs' own encryption and says so.
    let prod_cart = template("shop-prod-cart");
    assert!(
        prod_cart["Resources"]["LogGroup"]["Properties"]
            .get("KmsKeyId")
            .is_none()
    );
}

#[test]
fn analytics_streams_to_s3_by_date_and_subscribes_log_groups() {
    let prod = template("shop-prod-observability");
    let s3 = &prod["Resources"]["LogStream"]["Properties"]["ExtendedS3DestinationConfiguration"];
    assert_eq!(s3["Prefix"], "logs/!{timestamp:yyyy/MM/dd}/");
    assert!(
        s3["ErrorOutputPrefix"]
            .as_str()
            .unwrap()
            .contains("!{firehose:error-output-type}")
    );
    let bucket = &prod["Resources"]["LogAnalyticsBucket"];
    assert_eq!(
        bucket["Properties"]["LoggingConfiguration"]["DestinationBucketName"],
        json!({ "Ref": "AccessLogBucket" })
    );
    assert_eq!(bucket["DeletionPolicy"], "Retain");
    let cart = template("shop-prod-cart");
    let filter = &cart["Resources"]["LogSubscription"]["Properties"];
    assert_eq!(filter["DestinationArn"], json!({ "Ref": "LogStream" }));
    assert_eq!(filter["RoleArn"], json!({ "Ref": "LogSubscriptionRole" }));
    // `analytics: false` opts the worker out.
    assert!(
        template("shop-prod-worker")["Resources"]
            .get("LogSubscription")
            .is_none()
    );
    // The stream stores one log message a line: CloudWatch Logs' records are decompressed
    // and their messages extracted before S3 (FF0645: never into OpenSearch).
    let test = template("shop-test-observability");
    let stream = &test["Resources"]["LogStream"]["Properties"];
    assert!(
        stream
            .get("AmazonopensearchserviceDestinationConfiguration")
            .is_none()
    );
    let types: Vec<&Json> = stream["ExtendedS3DestinationConfiguration"]["ProcessingConfiguration"]
        ["Processors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["Type"])
        .collect();
    assert_eq!(
        types,
        [
            "Decompression",
            "CloudWatchLogProcessing",
            "AppendDelimiterToRecord"
        ]
    );
}

#[test]
fn firelens_adds_a_router_with_the_regional_image() {
    let worker = template("shop-test-worker");
    assert_eq!(
        worker["Parameters"]["FluentBitImage"]["Default"],
        "/aws/service/aws-for-fluent-bit/stable"
    );
    let containers = worker["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        containers[0]["LogConfiguration"]["LogDriver"],
        "awsfirelens"
    );
    assert_eq!(containers[1]["Name"], "log-router");
    assert_eq!(containers[1]["FirelensConfiguration"]["Type"], "fluentbit");
    let statements = &worker["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"];
    assert!(
        statements
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["Action"][1] == "logs:DescribeLogStreams")
    );
}

#[test]
fn event_rules_match_the_cluster_and_lambda_targets_get_permission() {
    let env = template("shop-test-observability");
    let stopped = &env["Resources"]["EventRuleTaskStopped"]["Properties"];
    assert_eq!(
        stopped["EventPattern"]["detail"]["containers"]["exitCode"],
        json!([{ "anything-but": 0 }])
    );
    assert_eq!(
        stopped["EventPattern"]["detail"]["clusterArn"],
        json!([{ "Fn::Sub": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/shop-test" }])
    );
    assert_eq!(stopped["Targets"][0]["Id"], "sqs");
    let failed = &env["Resources"]["EventRuleDeploymentFailed"]["Properties"]["EventPattern"];
    assert_eq!(
        failed["detail"]["eventName"],
        json!(["SERVICE_DEPLOYMENT_FAILED"])
    );
    let invoke = &env["Resources"]["EventRuleDeploymentFailedInvoke"]["Properties"];
    assert_eq!(
        invoke["SourceArn"],
        json!({ "Fn::GetAtt": ["EventRuleDeploymentFailed", "Arn"] })
    );
    assert!(env["Resources"].get("EventRuleTaskStoppedInvoke").is_none());
}

/// Global-service events are recorded once per partition: China's and `GovCloud`'s IAM are
/// their own, so their first region's trail must record them as well.
#[test]
fn each_partition_records_global_service_events_once() {
    let mut file = observed();
    file["environments"]["test"]["regions"] =
        json!(["us-east-1", "eu-west-1", "cn-north-1", "cn-northwest-1"]);
    let stacks = lower(&app(&file));
    let records: Vec<(String, Json)> = stacks
        .iter()
        .filter(|s| s.name == "shop-test-observability")
        .map(|s| {
            let t = s.template.to_json();
            (
                s.region.clone(),
                t["Resources"]["AuditTrail"]["Properties"]["IncludeGlobalServiceEvents"].clone(),
            )
        })
        .collect();
    let expect = |r: &str, v: bool| (r.to_owned(), json!(v));
    assert_eq!(
        records,
        [
            expect("cn-north-1", true),
            expect("cn-northwest-1", false),
            expect("eu-west-1", false),
            expect("us-east-1", true),
        ]
    );
}

#[test]
fn trail_waits_for_its_bucket_policy() {
    let env = template("shop-test-observability");
    let trail = &env["Resources"]["AuditTrail"];
    assert_eq!(trail["DependsOn"], json!(["AuditBucketPolicy"]));
    assert_eq!(trail["Properties"]["EnableLogFileValidation"], true);
    assert_eq!(trail["Properties"]["IncludeGlobalServiceEvents"], true);
    let write =
        &env["Resources"]["AuditBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][2];
    assert_eq!(write["Sid"], "CloudTrailWrite");
    assert!(
        write["Condition"]["StringEquals"]["aws:SourceArn"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .ends_with(":trail/shop-test")
    );
    assert!(
        template("shop-prod-observability")["Resources"]
            .get("AuditTrail")
            .is_none()
    );
}

#[test]
fn created_event_queue_admits_only_its_rules() {
    let mut file = observed();
    file["environments"]["prod"]["events"] = json!({
        "task-stopped": { "sqs": "create" },
        "service-action": { "sqs": "create", "sns": "arn:{{partition}}:sns:{{region}}:{{account}}:ops" }
    });
    let env = lower(&app(&file))
        .into_iter()
        .find(|s| s.name == "shop-prod-observability")
        .expect("observability stack")
        .template
        .to_json();
    let rule = &env["Resources"]["EventRuleTaskStopped"]["Properties"];
    assert_eq!(
        rule["Targets"][0]["Arn"],
        json!({ "Fn::GetAtt": ["EventQueue", "Arn"] })
    );
    let send =
        &env["Resources"]["EventQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        send["Condition"]["ArnEquals"]["aws:SourceArn"],
        json!([
            { "Fn::GetAtt": ["EventRuleTaskStopped", "Arn"] },
            { "Fn::GetAtt": ["EventRuleServiceAction", "Arn"] }
        ])
    );
    assert_eq!(
        env["Resources"]["ParameterEventsQueue"]["Properties"]["Name"],
        "/fleetform/shop/prod/events-queue"
    );
}
