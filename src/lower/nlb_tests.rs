//! Lowering tests of the Network Load Balancer (`listeners`).

use serde_json::{Value as Json, json};

use super::tests::stack_template;

/// One service `mq` on container port 1883 with `listeners`, in an app with `ingress`.
fn app(listeners: &Json, ingress: &Json) -> Json {
    json!({
        "blueprint": 1,
        "app": "shop",
        "environments": { "prod": { "regions": ["us-east-1"] } },
        "ingress": ingress,
        "services": { "mq": {
            "image": "mq:1", "cpu": 256, "memory": 512, "port": 1883, "listeners": listeners
        } }
    })
}

#[test]
fn no_listeners_add_no_network_load_balancer() {
    let t = stack_template(&app(&json!([]), &json!({ "public": true })), "shop-prod");
    assert!(t["Resources"].get("NetworkLoadBalancer").is_none());
    assert!(
        t["Resources"]
            .get("NetworkLoadBalancerSecurityGroup")
            .is_none()
    );
}

#[test]
fn an_internal_network_load_balancer_sits_in_the_private_subnets() {
    let listeners = json!([{ "port": 1883, "protocol": "tcp" }]);
    let t = stack_template(&app(&listeners, &json!({ "public": false })), "shop-prod");
    let lb = &t["Resources"]["NetworkLoadBalancer"]["Properties"];
    assert_eq!(lb["Type"], json!("network"));
    assert_eq!(lb["Scheme"], json!("internal"));
    assert_eq!(lb["Name"], json!("shop-prod-nlb-int"));
    let subnets = lb["Subnets"].to_string();
    assert!(
        subnets.contains("Private") && !subnets.contains("Public"),
        "{subnets}"
    );
}

#[test]
fn two_listeners_to_one_container_port_share_one_ingress_rule() {
    let arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b";
    let listeners = json!([
        { "port": 8883, "protocol": "tls" },
        { "port": 1883, "protocol": "tcp" }
    ]);
    let t = stack_template(
        &app(&listeners, &json!({ "public": true, "certificate": arn })),
        "shop-prod-mq",
    );
    let resources = t["Resources"].as_object().expect("resources");
    let ingress: Vec<&String> = resources
        .keys()
        .filter(|k| k.starts_with("NlbIngress"))
        .collect();
    assert_eq!(ingress, ["NlbIngress1883Tcp"]);
    let tls = &t["Resources"]["NlbListener8883"]["Properties"];
    assert_eq!(tls["Protocol"], json!("TLS"));
    assert_eq!(tls["Certificates"][0]["CertificateArn"], json!(arn));
    // TLS ends at the load balancer: the target group is plain TCP.
    let group = &t["Resources"]["NlbTargetGroup8883"]["Properties"];
    assert_eq!(group["Protocol"], json!("TCP"));
    assert_eq!(group["Port"], json!(1883));
    let service = &t["Resources"]["Service"];
    assert_eq!(
        service["Properties"]["LoadBalancers"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        service["DependsOn"],
        json!(["NlbListener1883", "NlbListener8883"])
    );
}

#[test]
fn a_udp_listener_is_health_checked_over_tcp_at_its_health_port() {
    let listeners = json!([{ "port": 7777, "protocol": "udp", "health-port": 8080 }]);
    let t = stack_template(&app(&listeners, &json!({ "public": true })), "shop-prod-mq");
    let group = &t["Resources"]["NlbTargetGroup7777"]["Properties"];
    assert_eq!(group["Protocol"], json!("UDP"));
    assert_eq!(group["HealthCheckProtocol"], json!("TCP"));
    assert_eq!(group["HealthCheckPort"], json!("8080"));
    let udp = &t["Resources"]["NlbIngress1883Udp"]["Properties"];
    assert_eq!(udp["IpProtocol"], json!("udp"));
    let health = &t["Resources"]["NlbIngress8080Tcp"]["Properties"];
    assert_eq!(health["FromPort"], json!(8080));
    assert!(t["Resources"].get("NlbIngress1883Tcp").is_none());
}
