//! Property tests over generated apps and bytes: a compile is deterministic, the YAML output is
//! the JSON output in another syntax, and no byte string panics decode + compile.
//!
//! 64 cases per property by default (CI time); `FLEETFORM_PROPTEST_CASES=N` asks for more
//! (`scripts/fuzz.sh` does, when cargo-fuzz cannot run).

use std::collections::BTreeMap;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Build, Format, Options, compile};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

#[path = "../fuzz/compile_any.rs"]
mod compile_any;

fn config() -> Config {
    let cases = std::env::var("FLEETFORM_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        // No regression files: a failure prints its minimal case, which becomes a unit test.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Fargate's cpu → memory table (ECS documentation, as in `check/rules/fargate_size.rs`).
fn fargate_size() -> impl Strategy<Value = (u32, u32)> {
    let table: Vec<(u32, Vec<u32>)> = vec![
        (256, vec![512, 1024, 2048]),
        (512, (1..=4).map(|g| g * 1024).collect()),
        (1024, (2..=8).map(|g| g * 1024).collect()),
        (2048, (4..=16).map(|g| g * 1024).collect()),
        (4096, (8..=30).map(|g| g * 1024).collect()),
        (8192, (4..=15).map(|g| g * 4096).collect()),
        (16384, (4..=15).map(|g| g * 8192).collect()),
    ];
    select(table).prop_flat_map(|(cpu, memories)| (Just(cpu), select(memories)))
}

/// A name matching `^[a-z][a-z0-9-]{0,max}$` that does not end in `-`.
fn name(max: usize) -> impl Strategy<Value = String> {
    let first = select(('a'..='z').collect::<Vec<_>>());
    let rest = proptest::collection::vec(
        select(('a'..='z').chain('0'..='9').collect::<Vec<_>>()),
        0..=max,
    );
    (first, rest).prop_map(|(f, r)| std::iter::once(f).chain(r).collect())
}

#[derive(Debug, Clone)]
struct Service {
    cpu: u32,
    memory: u32,
    count: u32,
    route: bool,
    spot: bool,
}

fn service() -> impl Strategy<Value = Service> {
    (fargate_size(), 1..4_u32, any::<bool>(), any::<bool>()).prop_map(
        |((cpu, memory), count, route, spot)| Service {
            cpu,
            memory,
            count,
            route,
            spot,
        },
    )
}

const REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
];

/// A small valid app blueprint: 1-2 environments, 1-4 Fargate services.
fn app() -> impl Strategy<Value = String> {
    (
        name(8),
        proptest::collection::btree_map(
            name(6),
            proptest::sample::subsequence(REGIONS.to_vec(), 1..=2),
            1..=2,
        ),
        proptest::collection::btree_map(name(10), service(), 1..=4),
        any::<bool>(),
    )
        .prop_map(|(app, envs, services, certificate)| render(&app, &envs, &services, certificate))
}

fn render(
    app: &str,
    envs: &BTreeMap<String, Vec<&str>>,
    services: &BTreeMap<String, Service>,
    certificate: bool,
) -> String {
    use std::fmt::Write as _;
    let mut y = format!(
        "blueprint: 1\napp: {app}\ntag: \"1.0.0\"\nvars: {{ team: t-{app} }}\nenvironments:\n"
    );
    for (env, regions) in envs {
        let _ = writeln!(y, "  {env}:\n    regions: [{}]", regions.join(", "));
    }
    y.push_str("cluster:\n  capacity:\n    fargate: { weight: 1 }\n    spot: { weight: 2 }\n");
    y.push_str("ingress:\n  public: true\n");
    if certificate {
        // One certificate per region: ACM certificates are regional (FF0404).
        let regions: std::collections::BTreeSet<&str> = envs.values().flatten().copied().collect();
        y.push_str("  certificate:\n");
        for r in regions {
            let _ = writeln!(y, "    {r}: arn:aws:acm:{r}:123456789012:certificate/abc");
        }
    }
    y.push_str("services:\n");
    for (name, s) in services {
        let _ = write!(
            y,
            "  {name}:\n    image: \"{{{{account}}}}.dkr.ecr.{{{{region}}}}.{{{{url_suffix}}}}/{name}:{{{{tag}}}}\"\n    cpu: {}\n    memory: {}\n    port: 8080\n    count: {}\n    env: {{ TEAM: \"{{{{team}}}}\", ENV: \"{{{{env}}}}\" }}\n    capacity: {}\n",
            s.cpu,
            s.memory,
            s.count,
            if s.spot { "spot" } else { "fargate" }
        );
        if s.route {
            let _ = writeln!(
                y,
                "    route: {{ path: [/{name}, /{name}/*], health: /healthz }}"
            );
        }
    }
    y
}

fn sources(text: &str) -> SourceMap {
    let mut sources = SourceMap::default();
    // `.yml`: the YAML build's manifest is compared after its `.yaml"` template names become
    // `.json"`, and the manifest's `sources` name this file.
    sources.add(SourceFile {
        name: "app.yml".to_owned(),
        text: text.to_owned(),
    });
    sources
}

fn build(text: &str, format: Format) -> Build {
    let sources = sources(text);
    match compile(
        &sources,
        &Options {
            format,
            ..Options::default()
        },
    ) {
        Ok(build) => build,
        Err(diags) => panic!(
            "a generated app does not compile:\n{}\n{text}",
            render_short(&diags, &sources)
        ),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn compiling_twice_gives_identical_files(text in app()) {
        let first = build(&text, Format::Json);
        let second = build(&text, Format::Json);
        prop_assert!(!first.files.is_empty());
        prop_assert_eq!(first.files, second.files);
        let first = build(&text, Format::Yaml);
        let second = build(&text, Format::Yaml);
        prop_assert_eq!(first.files, second.files);
    }

    #[test]
    fn yaml_output_is_the_json_output(text in app()) {
        let json = build(&text, Format::Json);
        let yaml = build(&text, Format::Yaml);
        prop_assert_eq!(json.files.len(), yaml.files.len());
        let mut templates = 0;
        for (path, body) in &json.files {
            let as_json: serde_json::Value = serde_json::from_str(body).expect("json output parses");
            let yaml_path = match path.strip_suffix(".json") {
                Some(stem) if !stem.ends_with(".config") && !path.ends_with("manifest.json") => {
                    format!("{stem}.yaml")
                }
                _ => path.clone(),
            };
            let other = yaml.files.get(&yaml_path);
            prop_assert!(other.is_some(), "no {} in the yaml build", yaml_path);
            let other = other.expect("checked");
            let as_yaml: serde_json::Value = if yaml_path == *path {
                // The manifest names the template files, whose extension is the one difference.
                serde_json::from_str(&other.replace(".yaml\"", ".json\"")).expect("json output parses")
            } else {
                templates += 1;
                serde_saphyr::from_str(other).expect("yaml output parses")
            };
            prop_assert_eq!(&as_json, &as_yaml, "{} differs", path);
        }
        prop_assert!(templates > 0);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_no_panic(&bytes);
    }

    #[test]
    fn spliced_blueprints_never_panic(
        text in app(),
        at in any::<prop::sample::Index>(),
        cut in 0..40_usize,
        insert in proptest::collection::vec(
            select(b"{}[]:,-&*!|>'\"#%@`\\\n\t \x00\xff{{}}$".to_vec()), 0..12),
    ) {
        let mut bytes = text.into_bytes();
        let at = at.index(bytes.len() + 1);
        let end = (at + cut).min(bytes.len());
        bytes.splice(at..end, insert);
        check_no_panic(&bytes);
    }
}

/// Decode + compile; the fuzz target's property (`fuzz/compile_any.rs`).
fn check_no_panic(bytes: &[u8]) {
    compile_any::compile_any(bytes);
}
