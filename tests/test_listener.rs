//! The test listener of traffic-shifting deployments admits only `ingress.test-clients`, else
//! the VPC (the RFC 1918 ranges in an imported network), even on an internet-facing load
//! balancer whose production ports stay open to everyone; FF0430 counts those rules against the
//! security-group quota exactly as lowering emits them.

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Options, compile};
use serde_json::Value;

const IMPORTED: &str = "    network:\n      import:\n        us-east-1: { vpc: vpc-0abc1234, public: [subnet-0abc1234, subnet-0abc1235], private: [subnet-0abc1236, subnet-0abc1237] }\n";

/// A canary service behind an internet-facing load balancer with HTTPS; `ingress` lines and an
/// environment `network` section are added as given.
fn app(ingress: &str, network: &str) -> SourceMap {
    let text = format!(
        "blueprint: 1\napp: shop\nenvironments:\n  prod:\n    regions: [us-east-1]\n{network}\
ingress:\n  certificate: arn:aws:acm:us-east-1:123456789012:certificate/abc\n{ingress}\
services:\n  api:\n    image: api:1.0\n    cpu: 256\n    memory: 512\n    port: 8080\n    \
route: {{ path: /api/* }}\n    deploy: {{ strategy: canary }}\n"
    );
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text,
    });
    sources
}

/// The load balancer's inbound rules as (port, CIDR), from the environment stack.
fn rules(sources: &SourceMap) -> Vec<(i64, String)> {
    let build = compile(sources, &Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, sources)));
    let (_, text) = build
        .files
        .iter()
        .find(|(path, _)| path.ends_with("shop-prod.json"))
        .unwrap_or_else(|| panic!("no environment stack in {:?}", build.files.keys()));
    let template: Value = serde_json::from_str(text).expect("template is JSON");
    let group = template["Resources"]
        .as_object()
        .expect("resources")
        .values()
        .find(|r| {
            r["Type"] == "AWS::EC2::SecurityGroup"
                && r["Properties"]["GroupDescription"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("load balancer of"))
        })
        .expect("the load balancer's security group");
    group["Properties"]["SecurityGroupIngress"]
        .as_array()
        .expect("ingress rules")
        .iter()
        .map(|rule| {
            assert_eq!(rule["FromPort"], rule["ToPort"]);
            let cidr = rule["CidrIp"].as_str().expect("a literal CIDR").to_owned();
            (rule["FromPort"].as_i64().expect("a port"), cidr)
        })
        .collect()
}

fn on(rules: &[(i64, String)], port: i64) -> Vec<&str> {
    rules
        .iter()
        .filter(|(p, _)| *p == port)
        .map(|(_, c)| c.as_str())
        .collect()
}

#[test]
fn by_default_only_the_vpc_reaches_the_test_port() {
    let rules = rules(&app("", ""));
    assert_eq!(on(&rules, 80), ["0.0.0.0/0"]);
    assert_eq!(on(&rules, 443), ["0.0.0.0/0"]);
    assert_eq!(on(&rules, 8443), ["10.0.0.0/16"]);
    assert_eq!(rules.len(), 3);
}

#[test]
fn an_imported_network_admits_the_private_ranges_on_the_test_port() {
    let rules = rules(&app("", IMPORTED));
    assert_eq!(on(&rules, 443), ["0.0.0.0/0"]);
    assert_eq!(
        on(&rules, 8443),
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
    );
}

#[test]
fn declared_test_clients_replace_the_default() {
    let rules = rules(&app(
        "  test-clients: [203.0.113.0/24, 198.51.100.7/32]\n",
        "",
    ));
    assert_eq!(on(&rules, 443), ["0.0.0.0/0"]);
    assert_eq!(on(&rules, 8443), ["203.0.113.0/24", "198.51.100.7/32"]);
}

#[test]
fn an_internal_load_balancer_keeps_its_vpc_on_every_port() {
    let rules = rules(&app("  public: false\n", ""));
    for port in [80, 443, 8443] {
        assert_eq!(on(&rules, port), ["10.0.0.0/16"], "port {port}");
    }
}

#[test]
fn a_malformed_block_is_ff0429_at_the_entry() {
    let sources = app("  test-clients: [203.0.113.0/24, 198.51.100.7/24]\n", "");
    let diags = compile(&sources, &Options::default()).expect_err("invalid CIDR");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["FF0429"], "{}", render_short(&diags, &sources));
    let span = diags[0].labels[0].span;
    assert_eq!(
        &sources.get(span.file).text[span.start..span.end],
        "198.51.100.7/24"
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("198.51.100.0/24")
    );
}

/// `n` distinct /32 blocks.
fn many(n: usize) -> String {
    let blocks: Vec<String> = (0..n).map(|i| format!("203.0.113.{i}/32")).collect();
    format!("  test-clients: [{}]\n", blocks.join(", "))
}

#[test]
fn ff0430_counts_the_rules_lowering_emits() {
    // 80 and 443 for everyone plus 58 testers: exactly the quota, and no warning.
    let sources = app(&many(58), "");
    let build = compile(&sources, &Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    assert!(
        build.warnings.is_empty(),
        "{}",
        render_short(&build.warnings, &sources)
    );
    assert_eq!(rules(&sources).len(), 60);

    let sources = app(&many(59), "");
    let build = compile(&sources, &Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    assert_eq!(rules(&sources).len(), 61);
    let codes: Vec<&str> = build.warnings.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["FF0430"]);
    assert!(build.warnings[0].message.contains("needs 61 inbound rules"));
}
