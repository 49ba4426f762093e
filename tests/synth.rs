//! Generated apps of 1, 10, 100 and 500 services (the synthetic app behind `scripts/bench.sh`)
//! compile without errors or warnings into the expected stacks, and every stack stays inside
//! the CloudFormation and load-balancer quotas the issue lists; generated apps that would cross
//! the load balancer's quotas get exactly FF0421 and no output; 1,000 services that all call
//! one another (one call cycle) build too, their caller groups spread over callers stacks
//! deployed before the services. No test here measures time.

#[path = "../benches/synth/generate.rs"]
mod generate;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use serde_json::Value;

fn sources(files: Vec<(String, String)>) -> SourceMap {
    let mut sources = SourceMap::default();
    for (name, text) in files {
        sources.add(SourceFile { name, text });
    }
    sources
}

fn build(files: Vec<(String, String)>) -> fleetform::Build {
    let sources = sources(files);
    let build = fleetform::compile(&sources, &fleetform::Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    assert!(
        build.warnings.is_empty(),
        "{}",
        render_short(&build.warnings, &sources)
    );
    build
}

/// Each stack's template (the file beside its `.config.json`), by path.
fn templates(build: &fleetform::Build) -> BTreeMap<&str, (&str, Value)> {
    build
        .files
        .keys()
        .filter_map(|path| {
            let stem = path.strip_suffix(".config.json")?;
            let (path, text) = build.files.get_key_value(&format!("{stem}.json"))?;
            let json = serde_json::from_str(text).expect("template is JSON");
            Some((path.as_str(), (text.as_str(), json)))
        })
        .collect()
}

fn section_len(template: &Value, section: &str) -> usize {
    template[section]
        .as_object()
        .map_or(0, serde_json::Map::len)
}

fn resources<'t>(template: &'t Value, kind: &'t str) -> impl Iterator<Item = &'t Value> + 't {
    template["Resources"]
        .as_object()
        .into_iter()
        .flat_map(serde_json::Map::values)
        .filter(move |r| r["Type"] == kind)
}

/// The environment × region directory of a template path (`synth/env0/us-east-1`).
fn unit(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Asserts every quota the issue names on every stack of `build`; returns the target groups
/// and listener rules on each environment × region's shared load balancer.
fn assert_within_quotas(build: &fleetform::Build) -> BTreeMap<String, (usize, usize)> {
    let mut load_balancers: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // Security-group rules by (unit, direction, group as written), for rules standing alone.
    let mut standalone: BTreeMap<(String, &str, String), usize> = BTreeMap::new();
    for (path, (text, template)) in &templates(build) {
        // No FF0903 warning (asserted in `build`) means every body fits inline.
        assert!(text.len() <= 51_200, "{path}: {} bytes", text.len());
        for (section, max) in [("Resources", 500), ("Parameters", 200), ("Outputs", 200)] {
            let n = section_len(template, section);
            assert!(n <= max, "{path}: {n} {section}");
        }
        assert!(section_len(template, "Mappings") <= 200, "{path}");
        assert!(text.matches("{{resolve:").count() <= 60, "{path}");
        for rule in resources(template, "AWS::ElasticLoadBalancingV2::ListenerRule") {
            let conditions = rule["Properties"]["Conditions"].as_array().expect("list");
            let values: usize = conditions
                .iter()
                .map(|c| {
                    ["HostHeaderConfig", "PathPatternConfig"]
                        .iter()
                        .filter_map(|k| c[k]["Values"].as_array())
                        .map(Vec::len)
                        .sum::<usize>()
                })
                .sum();
            assert!(values <= 5, "{path}: a rule with {values} condition values");
        }
        let counts = load_balancers.entry(unit(path).to_owned()).or_default();
        counts.0 += resources(template, "AWS::ElasticLoadBalancingV2::TargetGroup").count();
        counts.1 += resources(template, "AWS::ElasticLoadBalancingV2::ListenerRule").count();
        for group in resources(template, "AWS::EC2::SecurityGroup") {
            for direction in ["SecurityGroupIngress", "SecurityGroupEgress"] {
                let n = group["Properties"][direction]
                    .as_array()
                    .map_or(0, Vec::len);
                assert!(
                    n <= 60,
                    "{path}: a security group with {n} {direction} rules"
                );
            }
        }
        for direction in [
            "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::SecurityGroupEgress",
        ] {
            for rule in resources(template, direction) {
                let group = rule["Properties"]["GroupId"].to_string();
                // A group of this stack is its own; one read from a parameter is shared.
                let key = if group.contains("Fn::GetAtt") {
                    format!("{path} {group}")
                } else {
                    group
                };
                *standalone
                    .entry((unit(path).to_owned(), direction, key))
                    .or_default() += 1;
            }
        }
    }
    for (group, n) in &standalone {
        assert!(*n <= 60, "{group:?}: {n} rules");
    }
    for (unit, (target_groups, rules)) in &load_balancers {
        assert!(*target_groups <= 100 && *rules <= 100, "{unit}");
    }
    load_balancers
}

#[test]
fn generated_apps_of_1_10_100_and_500_services_stay_within_quotas() {
    for (services, envs, regions) in [(1, 1, 1), (10, 2, 3), (100, 1, 1), (500, 1, 1)] {
        let files = generate::app(services, envs, regions);
        let routed = files.iter().filter(|(_, t)| t.contains("route:")).count();
        let build = build(files);
        assert_eq!(build.apps, ["synth"]);
        // One environment stack plus one per service, per environment × region.
        assert_eq!(
            templates(&build).len(),
            envs * regions * (services + 1),
            "{services} services"
        );
        let load_balancers = assert_within_quotas(&build);
        assert_eq!(load_balancers.len(), envs * regions);
        // A rolling routed service: one target group and one rule each.
        for (unit, counts) in &load_balancers {
            assert_eq!(*counts, (routed, routed), "{services} services, {unit}");
        }
    }
}

/// The generated app with every service routed, optionally deployed blue/green.
fn all_routed(services: usize, blue_green: bool) -> Vec<(String, String)> {
    let mut files = generate::app(services, 1, 1);
    for (path, text) in &mut files {
        if !path.starts_with("services/") {
            continue;
        }
        if !text.contains("route:") {
            let name = path
                .trim_start_matches("services/")
                .trim_end_matches(".yaml");
            writeln!(
                text,
                "    port: 8080\n    route: {{ path: /{name}/*, health: /healthz }}"
            )
            .expect("writing to a string");
        }
        if blue_green {
            text.push_str("    deploy: { strategy: blue-green }\n");
        }
    }
    files
}

#[test]
fn generated_apps_over_the_load_balancer_quotas_are_ff0421_without_output() {
    // (services, blue/green, target groups and rules, the service that crosses 100)
    for (services, blue_green, total, crossing) in [
        (101, false, 101, "svc0100"),
        (130, false, 130, "svc0100"),
        (51, true, 102, "svc0050"),
    ] {
        let sources = sources(all_routed(services, blue_green));
        let diags = fleetform::compile(&sources, &fleetform::Options::default())
            .expect_err("over the load balancer's quotas");
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["FF0421"], "{}", render_short(&diags, &sources));
        assert!(
            diags[0]
                .message
                .contains(&format!("{total} target groups and {total} listener rules")),
            "{}",
            diags[0].message
        );
        let span = diags[0].primary().expect("labelled");
        assert_eq!(
            sources.get(span.file).name,
            format!("services/{crossing}.yaml")
        );
    }
}

#[test]
fn generated_files_are_deterministic_and_varied() {
    let files = generate::app(20, 2, 3);
    assert_eq!(files, generate::app(20, 2, 3));
    assert_eq!(files.len(), 21);
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    for needle in [
        "capacity: hosts",
        "capacity: spot",
        "route:",
        "secrets:",
        "eu-west-1",
    ] {
        assert!(all.contains(needle), "{needle}");
    }
}

/// The generated app with every service calling the next one (the last calls the first, so
/// the calls make one cycle through all of them).
fn all_calling(services: usize) -> Vec<(String, String)> {
    let mut files = generate::app(services, 1, 1);
    let app = &mut files[0].1;
    app.push_str("discovery: cloud-map\n");
    for i in 0..services {
        let (_, text) = &mut files[i + 1];
        if !text.contains("port:") {
            text.push_str("    port: 9000\n");
        }
        writeln!(text, "    calls: [svc{:04}]", (i + 1) % services).expect("writing to a string");
    }
    files
}

#[test]
fn a_thousand_calling_services_build_within_quotas_in_a_safe_order() {
    let build = build(all_calling(1000));
    assert_within_quotas(&build);
    let manifest: Value =
        serde_json::from_str(&build.files["synth/manifest.json"]).expect("manifest is JSON");
    let stacks = manifest["stacks"].as_array().expect("stacks");
    let names: Vec<&str> = stacks.iter().filter_map(|s| s["name"].as_str()).collect();
    let callers: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.starts_with("synth-env0-callers-"))
        .collect();
    // 1,000 groups in stacks of 500 resources at most: at least four such stacks.
    assert!(callers.len() >= 4, "{callers:?}");
    assert_eq!(names.len(), 1 + callers.len() + 1000);
    let env = &build.files["synth/env0/us-east-1/synth-env0.json"];
    assert!(
        !env.contains("CallerSvc"),
        "the environment stack holds no caller group"
    );
    // Every stack comes after the stacks it depends on, and a service after the callers
    // stacks of its own group and of its caller.
    for (i, stack) in stacks.iter().enumerate() {
        for dep in stack["depends_on"].as_array().expect("list") {
            let dep = dep.as_str().expect("name");
            let at = names.iter().position(|n| *n == dep).expect("a stack");
            assert!(at < i, "{} before {dep}", names[i]);
        }
    }
    let svc0001 = stacks
        .iter()
        .find(|s| s["name"] == "synth-env0-svc0001")
        .expect("svc0001");
    let deps = svc0001["depends_on"].to_string();
    for caller in ["svc0000", "svc0001"] {
        let index = (0..32)
            .map(|n| format!("synth-env0-callers-{n:02}"))
            .find(|stack| {
                build
                    .files
                    .get(&format!("synth/env0/us-east-1/{stack}.json"))
                    .is_some_and(|t| t.contains(&format!("/{caller}/security-group\"")))
            })
            .expect("a callers stack publishes the group");
        assert!(deps.contains(&index), "{deps} lacks {index}");
    }
}

/// The peer app of the benchmark's troposphere comparison builds without warnings into the
/// environment stack and one stack per service, the first 90 services routed and every one
/// scaled on CPU, so both tools are timed on the same resources.
#[test]
fn the_peer_benchmark_app_builds_the_resources_the_troposphere_script_builds() {
    for services in [1, 10, 200] {
        let build = build(generate::peer(services));
        assert_eq!(build.apps, ["peer"]);
        let templates = templates(&build);
        assert_eq!(templates.len(), services + 1, "{services} services");
        let count = |kind: &str| {
            templates
                .values()
                .flat_map(|(_, t)| t["Resources"].as_object().into_iter().flatten())
                .filter(|(_, r)| r["Type"] == kind)
                .count()
        };
        assert_eq!(count("AWS::ECS::Service"), services);
        assert_eq!(
            count("AWS::ElasticLoadBalancingV2::ListenerRule"),
            services.min(90)
        );
        assert_eq!(
            count("AWS::ApplicationAutoScaling::ScalingPolicy"),
            services
        );
        assert_eq!(count("AWS::EC2::NatGateway"), 1);
    }
}
