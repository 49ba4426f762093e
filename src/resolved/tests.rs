//! The resolve step: what a checked blueprint becomes.

use serde_json::json;

use super::{App, Arch, Compat, StrategyEntry};
use crate::diagnostic::{FileId, SourceMap};
use crate::source::{Document, SpanIndex};

fn checked(file: &serde_json::Value) -> App {
    let doc = Document {
        file: FileId(0),
        value: file.clone(),
        spans: SpanIndex::default(),
    };
    let (mut apps, diags) = crate::check::check(&SourceMap::default(), &[doc]);
    assert!(diags.is_empty(), "{diags:?}");
    apps.remove(0)
}

fn entry(capacity: &str, base: Option<u32>, weight: u32) -> StrategyEntry {
    StrategyEntry {
        capacity: capacity.to_owned(),
        base,
        weight: Some(weight),
    }
}

#[test]
fn the_short_form_is_one_essential_container_app() {
    let app = checked(&json!({
        "blueprint": 1, "app": "shop",
        "environments": {"test": {"regions": ["us-east-1"]}},
        "services": {
            "web": {"image": "web:1", "port": 8080, "cpu": 256, "memory": 512,
                    "env": {"A": "1"}, "route": {"path": "/"}},
            "pair": {"cpu": 256, "memory": 512, "containers": {
                "main": {"image": "main:1", "port": 80},
                "side": {"image": "side:1", "essential": false}}}
        },
        "jobs": {"nightly": {"image": "job:1", "cpu": 256, "memory": 512}}
    }));
    let web = &app.base().services["web"];
    let names: Vec<&String> = web.containers.keys().collect();
    assert_eq!(names, ["app"]);
    let c = &web.containers["app"];
    assert!(c.essential);
    assert_eq!((c.image.as_str(), c.port), ("web:1", Some(8080)));
    assert_eq!(c.env["A"], "1");
    assert_eq!(web.routed(), Some(("app".to_owned(), 8080)));
    let pair = &app.base().services["pair"];
    assert_eq!(pair.containers.keys().collect::<Vec<_>>(), ["main", "side"]);
    assert!(!pair.containers["side"].essential);
    let job = &app.base().jobs["nightly"];
    assert_eq!(job.containers["app"].image, "job:1");
}

#[test]
fn strategies_fall_back_to_the_cluster_default_then_fargate() {
    let services = json!({
        "plain": {"image": "a:1", "cpu": 256, "memory": 512},
        "named": {"image": "a:1", "cpu": 256, "memory": 512, "capacity": "spot"},
        "big": {"image": "a:1", "cpu": 256, "memory": 512, "capacity": "general"}
    });
    let without = checked(&json!({
        "blueprint": 1, "app": "shop",
        "environments": {"test": {"regions": ["us-east-1"]}},
        "services": {"plain": services["plain"], "named": services["named"]}
    }));
    let base = without.base();
    assert_eq!(base.default_strategy, [entry("fargate", None, 1)]);
    assert_eq!(base.services["plain"].strategy, base.default_strategy);
    assert_eq!(base.services["named"].strategy, [entry("spot", None, 1)]);
    assert_eq!(base.services["plain"].compat, Compat::Fargate);

    let with = checked(&json!({
        "blueprint": 1, "app": "shop",
        "environments": {"test": {"regions": ["us-east-1"]}},
        "cluster": {"capacity": {
            "general": {"instance": "c7g.large", "arch": "arm64", "max": 4, "weight": 3, "base": 1},
            "spare": {"instance": "c7g.medium", "arch": "arm64", "max": 2, "weight": 1}
        }},
        "services": services
    }));
    let base = with.base();
    assert_eq!(
        base.default_strategy,
        [entry("general", Some(1), 3), entry("spare", None, 1)]
    );
    assert_eq!(base.services["plain"].compat, Compat::Ec2(Arch::Arm64));
    assert_eq!(base.services["named"].compat, Compat::Fargate);
    assert_eq!(base.services["big"].compat, Compat::Ec2(Arch::Arm64));
}

#[test]
fn a_region_with_overrides_gets_its_own_typed_app_and_targets_come_in_order() {
    let app = checked(&json!({
        "blueprint": 1, "app": "shop",
        "environments": {
            "prod": {"regions": ["us-east-1", "cn-north-1"],
                "overrides": {"cn-north-1": {"services": {"web": {"count": 1, "capacity": "spot"}}}}},
            "alpha": {"regions": ["us-west-2"]}
        },
        "services": {"web": {"image": "web:1", "cpu": 256, "memory": 512, "count": 3}}
    }));
    let targets: Vec<(&str, &str, &str)> = app
        .targets()
        .map(|t| (t.env_name, t.region, t.partition.name()))
        .collect();
    assert_eq!(
        targets,
        [
            ("alpha", "us-west-2", "aws"),
            ("prod", "cn-north-1", "aws-cn"),
            ("prod", "us-east-1", "aws"),
        ]
    );
    let web = |t: &super::Target| t.app.services["web"].clone();
    let all: Vec<_> = app.targets().collect();
    assert_eq!(web(&all[1]).count, 1);
    assert_eq!(web(&all[1]).strategy, [entry("spot", None, 1)]);
    assert_eq!(web(&all[2]).count, 3);
    assert!(std::ptr::eq(all[2].app, app.base()));
    assert!(!app.without_overrides().has_overrides());
    assert!(app.has_overrides());
}

#[test]
fn lowering_uses_each_regions_resolved_launch_type() {
    let app = checked(&json!({
        "blueprint": 1, "app": "shop",
        "environments": {"prod": {"regions": ["us-east-1", "eu-west-1"],
            "overrides": {"eu-west-1": {"services": {"web": {"capacity": "fargate"}}}}}},
        "cluster": {"capacity": {"general": {"instance": "c7g.large", "arch": "arm64", "max": 4}}},
        "services": {"web": {"image": "web:1", "cpu": 256, "memory": 512, "capacity": "general"}}
    }));
    let platform = |region: &str| {
        let stacks = crate::lower::lower(&app);
        let stack = stacks
            .iter()
            .find(|s| s.region == region && s.name == "shop-prod-web")
            .expect("the service stack");
        let props = &stack.template.to_json()["Resources"]["TaskDefinition"]["Properties"];
        (
            props["RequiresCompatibilities"][0].clone(),
            props["RuntimePlatform"]["CpuArchitecture"].clone(),
        )
    };
    assert_eq!(platform("us-east-1"), (json!("EC2"), json!("ARM64")));
    assert_eq!(platform("eu-west-1"), (json!("FARGATE"), json!("X86_64")));
}
