//! Lowering tests of the shared load balancer's edge: `ingress.waf`, `ingress.access-logs` and
//! `ingress.zone`.

use serde_json::{Value as Json, json};

use super::tests::stack_template;

/// One routed service in `region`, with `ingress`.
fn app(region: &str, ingress: &Json) -> Json {
    json!({
        "blueprint": 1,
        "app": "shop",
        "environments": { "prod": { "regions": [region] } },
        "ingress": ingress,
        "services": { "web": {
            "image": "web:1", "cpu": 256, "memory": 512, "port": 80, "route": { "path": "/*" }
        } }
    })
}

fn attributes(t: &Json) -> Vec<(String, Json)> {
    t["Resources"]["LoadBalancer"]["Properties"]["LoadBalancerAttributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .map(|a| {
            (
                a["Key"].as_str().unwrap_or_default().to_owned(),
                a["Value"].clone(),
            )
        })
        .collect()
}

#[test]
fn no_edge_keys_add_no_edge_resources() {
    let t = stack_template(&app("us-east-1", &json!({ "public": true })), "shop-prod");
    for id in [
        "WebAcl",
        "WebAclAssociation",
        "Certificate",
        "DomainRecord",
        "LoadBalancerLogBucket",
    ] {
        assert!(t["Resources"].get(id).is_none(), "{id} without its key");
    }
    assert_eq!(attributes(&t).len(), 2);
}

#[test]
fn a_named_web_acl_is_associated_and_none_is_created() {
    let arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/site/0a1b";
    let t = stack_template(
        &app("us-east-1", &json!({ "waf": { "acl": arn } })),
        "shop-prod",
    );
    let association = &t["Resources"]["WebAclAssociation"]["Properties"];
    assert_eq!(association["WebACLArn"], json!(arn));
    assert_eq!(association["ResourceArn"], json!({ "Ref": "LoadBalancer" }));
    assert!(t["Resources"].get("WebAcl").is_none());
}

#[test]
fn a_created_web_acl_keeps_the_rule_groups_in_order() {
    let rules = [
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesCommonRuleSet",
    ];
    let t = stack_template(
        &app("us-east-1", &json!({ "waf": { "managed-rules": rules } })),
        "shop-prod",
    );
    let acl = &t["Resources"]["WebAcl"]["Properties"];
    assert_eq!(acl["Scope"], json!("REGIONAL"));
    assert_eq!(
        acl["Rules"][0]["Statement"]["ManagedRuleGroupStatement"]["Name"],
        json!(rules[0])
    );
    assert_eq!(acl["Rules"][1]["Priority"], json!(1));
    assert_eq!(
        t["Resources"]["WebAclAssociation"]["Properties"]["WebACLArn"],
        json!({ "Fn::GetAtt": ["WebAcl", "Arn"] })
    );
}

#[test]
fn a_named_log_bucket_is_used_as_written() {
    let ingress = json!({ "access-logs": { "bucket": "shop-logs", "prefix": "alb" } });
    let t = stack_template(&app("us-east-1", &ingress), "shop-prod");
    let attrs = attributes(&t);
    assert!(attrs.contains(&("access_logs.s3.bucket".to_owned(), json!("shop-logs"))));
    assert!(attrs.contains(&("access_logs.s3.prefix".to_owned(), json!("alb"))));
    assert!(t["Resources"].get("LoadBalancerLogBucket").is_none());
}

/// The principal of the created bucket's delivery statement in `region`.
fn delivery_principal(region: &str) -> Json {
    let t = stack_template(&app(region, &json!({ "access-logs": {} })), "shop-prod");
    assert!(
        t["Resources"]["LoadBalancer"]["DependsOn"]
            .as_array()
            .is_some_and(|d| d.contains(&json!("LoadBalancerLogBucketPolicy"))),
        "the load balancer waits for the bucket policy"
    );
    let statements =
        &t["Resources"]["LoadBalancerLogBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"];
    statements
        .as_array()
        .expect("statements")
        .iter()
        .find(|s| s["Sid"] == json!("ElbAccessLogs"))
        .expect("delivery statement")["Principal"]
        .clone()
}

#[test]
fn older_regions_trust_their_elb_account_newer_ones_the_service() {
    assert_eq!(
        delivery_principal("eu-west-1"),
        json!({ "AWS": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::156460612806:root" }] })
    );
    assert_eq!(
        delivery_principal("cn-northwest-1"),
        json!({ "AWS": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::037604701340:root" }] })
    );
    assert_eq!(
        delivery_principal("me-central-1"),
        json!({ "Service": ["logdelivery.elasticloadbalancing.amazonaws.com"] })
    );
}

#[test]
fn a_zone_requests_a_certificate_and_aliases_the_domain() {
    let ingress = json!({ "domain": "{{env}}.shop.example.com", "zone": "Z0123456789ABCDEFGHIJ" });
    let t = stack_template(&app("us-east-1", &ingress), "shop-prod");
    let cert = &t["Resources"]["Certificate"]["Properties"];
    assert_eq!(cert["DomainName"], json!("prod.shop.example.com"));
    assert_eq!(
        cert["DomainValidationOptions"][0]["HostedZoneId"],
        json!("Z0123456789ABCDEFGHIJ")
    );
    assert_eq!(
        t["Resources"]["ListenerHttps"]["Properties"]["Certificates"][0]["CertificateArn"],
        json!({ "Ref": "Certificate" })
    );
    let record = &t["Resources"]["DomainRecord"]["Properties"];
    assert_eq!(record["Name"], json!("prod.shop.example.com"));
    assert!(record.get("SetIdentifier").is_none() && record.get("TTL").is_none());
}

#[test]
fn a_named_certificate_wins_over_the_requested_one() {
    let arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b";
    let ingress = json!({ "domain": "shop.example.com", "zone": "Z0123456789ABCDEFGHIJ", "certificate": arn });
    let t = stack_template(&app("us-east-1", &ingress), "shop-prod");
    assert!(t["Resources"].get("Certificate").is_none());
    assert_eq!(
        t["Resources"]["ListenerHttps"]["Properties"]["Certificates"][0]["CertificateArn"],
        json!(arn)
    );
    assert!(t["Resources"].get("DomainRecord").is_some());
}
