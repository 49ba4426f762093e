//! `examples/china`: one environment in `us-east-1` and `cn-north-1`. The two regions' stacks
//! may differ only in the expected ways (region, partition, URL suffix, the per-region
//! certificate), which the diff core hides; anything else would be a partition bug.

use std::path::Path;

use fleetform::diagnostic::{SourceFile, SourceMap};
use fleetform::diff::{self, Expected};
use fleetform::{Options, compile};

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

    let stacks = diff::load(&build.files, "lantern").unwrap();
    let pairs = diff::pair_by_role(
        &stacks,
        &stacks,
        ("prod", "us-east-1"),
        ("prod", "cn-north-1"),
    );
    assert_eq!(pairs.len(), 3, "environment, api and worker stacks");
    let expected = Expected::regions(app, "prod", "us-east-1", "cn-north-1");
    let report = diff::compare("us-east-1", "cn-north-1", &pairs, &expected);
    // The one difference is the declared override: fewer `api` tasks in cn-north-1.
    let changed: Vec<(&str, &str, Vec<&str>)> = report
        .stacks
        .iter()
        .flat_map(|s| {
            s.resources.iter().map(move |r| {
                (
                    s.title.as_str(),
                    r.id.as_str(),
                    r.paths.iter().map(|p| p.path.as_str()).collect(),
                )
            })
        })
        .collect();
    assert_eq!(
        changed,
        [(
            "lantern-prod-api",
            "Service",
            vec!["Properties.DesiredCount"]
        )],
        "unexpected differences:\n{}",
        diff::render_text(&report)
    );
    assert!(
        report
            .stacks
            .iter()
            .all(|s| s.other.is_empty() && s.iam_added.is_empty() && s.iam_removed.is_empty())
    );
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
fn a_hard_coded_region_is_an_unexpected_difference() {
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
    let stacks = diff::load(&build.files, "lantern").unwrap();
    let pairs = diff::pair_by_role(
        &stacks,
        &stacks,
        ("prod", "us-east-1"),
        ("prod", "cn-north-1"),
    );
    let expected = Expected::regions(&apps[0], "prod", "us-east-1", "cn-north-1");
    let report = diff::compare("us-east-1", "cn-north-1", &pairs, &expected);
    let changed: Vec<&str> = report
        .stacks
        .iter()
        .filter(|s| s.change == diff::Change::Changed)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(changed, ["lantern-prod-api"]);
}
