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
    assert!(
        !report.has_differences(),
        "unexpected differences:\n{}",
        diff::render_text(&report)
    );

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
