//! FF0421 counts exactly what lowering puts on the environment's shared load balancer: a mixed
//! app (rolling, blue/green, canary and linear routes, a DNS blue/green service with load
//! balancers of its own, an unrouted worker) filled to exactly 100 target groups and 100
//! listener rules compiles and emits that many; one more rolling route, or one rolling route
//! turned canary, is FF0421 and no output.

use std::fmt::Write as _;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Build, Options, compile};
use serde_json::Value;

/// Services `r00…` rolling, `b00…` blue/green, `c00…` canary, `l00…` linear, all routed, plus
/// `dns` (DNS blue/green) and `worker` (no route).
fn app(rolling: usize, blue_green: usize, canary: usize, linear: usize) -> SourceMap {
    let mut text = String::from(
        "blueprint: 1\napp: mixed\nenvironments:\n  test:\n    regions: [us-east-1]\nservices:\n",
    );
    let groups = [
        ("r", rolling, "rolling"),
        ("b", blue_green, "blue-green"),
        ("c", canary, "canary"),
        ("l", linear, "linear"),
    ];
    for (prefix, count, strategy) in groups {
        for i in 0..count {
            write!(
                text,
                "  {prefix}{i:02}:\n    image: {prefix}{i:02}:1.0\n    cpu: 256\n    memory: 512\n    \
port: 8080\n    route: {{ path: /{prefix}{i:02}/* }}\n    deploy: {{ strategy: {strategy} }}\n"
            )
            .expect("writing to a string");
        }
    }
    text.push_str(
        "  dns:\n    image: \"dns:{{tag}}\"\n    cpu: 256\n    memory: 512\n    port: 8080\n    \
route: { health: /healthz }\n    deploy:\n      dns-blue-green:\n        zone: Z0123456789ABCDEFGHIJ\n        \
name: dns.example.com\n        weights: { blue: 100, green: 0 }\n        blue: { tag: \"1.0\" }\n        green: { tag: \"1.1\" }\n  \
worker:\n    image: worker:1.0\n    cpu: 256\n    memory: 512\n",
    );
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text,
    });
    sources
}

/// Each stack's template: the file beside its `.config.json`.
fn templates(build: &Build) -> impl Iterator<Item = (&String, Value)> {
    build.files.keys().filter_map(|path| {
        let template = path.strip_suffix(".config.json")?;
        let (path, text) = build.files.get_key_value(&format!("{template}.json"))?;
        Some((path, serde_json::from_str(text).expect("template is JSON")))
    })
}

fn count(template: &Value, kind: &str) -> usize {
    template["Resources"]
        .as_object()
        .map_or(0, |r| r.values().filter(|r| r["Type"] == kind).count())
}

const TARGET_GROUP: &str = "AWS::ElasticLoadBalancingV2::TargetGroup";
const LISTENER_RULE: &str = "AWS::ElasticLoadBalancingV2::ListenerRule";

#[test]
fn the_count_is_what_lowering_emits() {
    // 20 + 2·20 + 2·10 + 2·10 = 100 of each.
    let sources = app(20, 20, 10, 10);
    let build = compile(&sources, &Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    let (mut target_groups, mut rules, mut own) = (0, 0, 0);
    for (path, template) in templates(&build) {
        if path.contains("mixed-test-dns") {
            // Each colour's target group is its own load balancer's default action.
            assert_eq!(count(&template, LISTENER_RULE), 0, "{path}");
            assert_eq!(
                count(&template, "AWS::ElasticLoadBalancingV2::LoadBalancer"),
                2
            );
            own += count(&template, TARGET_GROUP);
        } else {
            target_groups += count(&template, TARGET_GROUP);
            rules += count(&template, LISTENER_RULE);
        }
    }
    assert_eq!((target_groups, rules, own), (100, 100, 2));
}

#[test]
fn one_more_is_ff0421_and_no_output() {
    let cases = [
        (app(21, 20, 10, 10), 101, "r20"),
        // Services go in name order, so the rolling ones come last.
        (app(19, 20, 11, 10), 101, "r18"),
        (app(0, 0, 0, 51), 102, "l50"),
    ];
    for (sources, total, crossing) in cases {
        let diags = compile(&sources, &Options::default()).expect_err("over the quota");
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["FF0421"], "{}", render_short(&diags, &sources));
        let message = &diags[0].message;
        assert!(
            message.contains(&format!(
                "load balancer of stack `mixed-test` would have {total} target groups and {total} listener rules"
            )),
            "{message}"
        );
        let label = &diags[0].labels[0];
        let text = &sources.get(label.span.file).text[label.span.start..label.span.end];
        assert_eq!(text, format!("{{ path: /{crossing}/* }}"));
    }
}
