//! `examples/china`: one environment in `us-east-1` and `cn-north-1`. The two regions' stacks
//! may differ only in the expected ways (region, partition, URL suffix, the per-region
//! certificate), which the diff core hides, and in what cn-north-1's overrides declare (fewer
//! `api` tasks); anything else would be a partition bug.

use std::path::Path;

use fleetform::diagnostic::{SourceFile, SourceMap};
use fleetform::diff::{self, Change, Expected, Overrides, Report};
use fleetform::{Options, build_without_overrides, compile};

const OVERRIDES: &str = "environments.prod.overrides.cn-north-1";

/// us-east-1 against cn-north-1 of `prod`, telling the overrides' differences apart.
fn compare(build: &fleetform::Build, app: &fleetform::resolved::App) -> Report {
    let stacks = diff::load(&build.files, "lantern").unwrap();
    let regions = (("prod", "us-east-1"), ("prod", "cn-north-1"));
    let pairs = diff::pair_by_role(&stacks, &stacks, regions.0, regions.1);
    assert_eq!(pairs.len(), 3, "environment, api and worker stacks");
    let base = diff::load(&build_without_overrides(app), "lantern").unwrap();
    let baseline = diff::pair_by_role(&base, &base, regions.0, regions.1);
    let expected = Expected::regions(app, "prod", "us-east-1", "cn-north-1");
    let overrides = Overrides {
        baseline: &baseline,
        a: None,
        b: Some(OVERRIDES),
    };
    diff::compare_declared("us-east-1", "cn-north-1", &pairs, &overrides, &expected)
}

#[test]
fn the_two_partitions_differ_only_as_expected() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/china/app.yaml");
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "examples/china/app.yaml".to_owned(),
        text: std::fs::read_to_string(&path).unwrap(),
    });
    let build = compile(&sources, &Options::default()).expect("the example compiles");
    assert!(build.warnings.is_empty(), "{:?}", build.warnings);
    let docs: Vec<_> = sources
        .ids()
        .map(|id| fleetform::source::parse(id, &sources.get(id).text).unwrap())
        .collect();
    let (apps, _) = fleetform::check::check(&sources, &docs);
    let app = &apps[0];

    let report = compare(&build, app);
    // No unexpected difference: the one difference is the override, fewer `api` tasks.
    assert!(!report.has_differences(), "{}", diff::render_text(&report));
    let changes: Vec<(&str, Change)> = report
        .stacks
        .iter()
        .map(|s| (s.title.as_str(), s.change))
        .collect();
    assert_eq!(
        changes,
        [
            ("lantern-prod", Change::Same),
            ("lantern-prod-api", Change::Declared),
            ("lantern-prod-worker", Change::Same),
        ]
    );
    let declared: Vec<&diff::DeclaredValue> =
        report.stacks.iter().flat_map(|s| &s.declared).collect();
    assert_eq!(
        declared,
        [&diff::DeclaredValue {
            path: "Resources.Service.Properties.DesiredCount".into(),
            a: "2".into(),
            b: "1".into(),
            by: vec![OVERRIDES.into()],
        }]
    );
    assert!(report.stacks.iter().all(|s| s.resources.is_empty()
        && s.other.is_empty()
        && s.iam_added.is_empty()
        && s.iam_removed.is_empty()));
    let text = diff::render_text(&report);
    assert!(
        text.contains(&format!("(declared by `{OVERRIDES}`)")),
        "{text}"
    );
    let stacks = diff::load(&build.files, "lantern").unwrap();
    let api = |region: &str| {
        let stack = stacks
            .iter()
            .find(|s| s.region == region && s.name == "lantern-prod-api")
            .unwrap();
        stack.template["Resources"]["Service"]["Properties"]["DesiredCount"].clone()
    };
    assert_eq!((api("us-east-1"), api("cn-north-1")), (2.into(), 1.into()));

    // The differences are really there, only expected: the certificate, images, partitions.
    let all: Vec<(String, String)> = report
        .stacks
        .iter()
        .flat_map(|s| s.expected.iter().map(|e| (e.a.clone(), e.b.clone())))
        .collect();
    assert!(
        all.iter()
            .any(|(a, b)| a.starts_with("arn:aws:acm:us-east-1:")
                && b.starts_with("arn:aws-cn:acm:cn-north-1:"))
    );
    assert!(
        all.iter()
            .any(|(a, b)| a.contains(".dkr.ecr.us-east-1.amazonaws.com/")
                && b.contains(".dkr.ecr.cn-north-1.amazonaws.com.cn/"))
    );
    assert!(
        all.iter()
            .any(|(a, b)| a.starts_with("arn:aws:s3:::") && b.starts_with("arn:aws-cn:s3:::"))
    );
    // China's EC2 instance role trusts both EC2 principals (`Partition::ec2_principals`).
    assert!(all.iter().any(|(a, b)| a == r#"["ec2.amazonaws.com"]"#
        && b == r#"["ec2.amazonaws.com","ec2.amazonaws.com.cn"]"#));
}

#[test]
fn a_hard_coded_region_is_unexpected_beside_the_declared_override() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/china/app.yaml");
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("LOG_LEVEL: info", "LOG_LEVEL: info, HOME_REGION: us-east-1");
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text,
    });
    let build = compile(&sources, &Options::default()).expect("compiles");
    let docs: Vec<_> = sources
        .ids()
        .map(|id| fleetform::source::parse(id, &sources.get(id).text).unwrap())
        .collect();
    let (apps, _) = fleetform::check::check(&sources, &docs);
    let report = compare(&build, &apps[0]);
    assert!(report.has_differences(), "{}", diff::render_text(&report));
    let api = report
        .stacks
        .iter()
        .find(|s| s.title == "lantern-prod-api")
        .unwrap();
    // The hard-coded region stays unexpected (and so the stack is changed); the override
    // next to it in the same stack is still declared.
    assert_eq!(api.change, Change::Changed);
    let unexpected: Vec<(&str, Vec<&str>)> = api
        .resources
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.paths.iter().map(|p| p.path.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        unexpected,
        [(
            "TaskDefinition",
            vec!["Properties.ContainerDefinitions[0].Environment[0].Value"]
        )]
    );
    let declared: Vec<&str> = api.declared.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(declared, ["Resources.Service.Properties.DesiredCount"]);
    let changed: Vec<&str> = report
        .stacks
        .iter()
        .filter(|s| s.change == Change::Changed)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(changed, ["lantern-prod-api"]);
}
