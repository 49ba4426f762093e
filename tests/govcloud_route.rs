//! A GovCloud app's pipeline: the help of each pipeline diagnostic, applied as written,
//! leads to a blueprint that validates, never around the old circle FF0509 → FF0511 →
//! FF0513 → FF0507 (run elsewhere → other partition → codebuild-deploy → CodeCommit).

use fleetform::diagnostic::{Diagnostic, Severity, SourceFile, SourceMap};
use fleetform::{Options, compile};

const REV: &str = "0123456789abcdef0123456789abcdef01234567";

/// A GovCloud app whose pipeline runs in `region` with `source`.
fn blueprint(region: &str, source: &str) -> String {
    format!(
        r#"blueprint: 1
app: shop
tag: "1.0"
environments:
  prod:
    regions: [us-gov-west-1]
services:
  web:
    image: "{{{{account}}}}.dkr.ecr.{{{{region}}}}.{{{{url_suffix}}}}/shop/web:{{{{tag}}}}"
    cpu: 256
    memory: 512
pipeline:
  region: {region}
  source: {source}
  install: {{ git: https://github.com/acme/fleetform, rev: {REV} }}
  deploy: [prod]
"#
    )
}

fn errors(text: &str) -> Vec<Diagnostic> {
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text: text.to_owned(),
    });
    match compile(&sources, &Options::default()) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

fn connection(region: &str) -> String {
    format!(
        "{{ connection: \"arn:aws-us-gov:codeconnections:{region}:111122223333:connection/0c5a1e4f\", repository: acme/shop, branch: main }}"
    )
}

/// The one error of `text`, with code `code`; its help must not point into the circle.
fn only(text: &str, code: &str) -> String {
    let errors = errors(text);
    let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, [code], "{errors:#?}");
    let help = errors[0].help.clone().expect("a help line");
    for detour in ["codebuild-deploy", "codecommit"] {
        assert!(
            !help.contains(detour),
            "{code} sends the user to {detour}: {help}"
        );
    }
    help
}

#[test]
fn a_pipeline_in_govcloud_west_with_a_connection_moves_to_govcloud_east() {
    let start = blueprint("us-gov-west-1", &connection("us-gov-west-1"));
    let help = only(&start, "FF0509");
    // The help's first route: the pipeline and its connection in us-gov-east-1.
    assert!(help.contains("`pipeline.region: us-gov-east-1`"), "{help}");
    assert!(
        help.contains("arn:aws-us-gov:codeconnections:us-gov-east-1:"),
        "{help}"
    );
    let moved = blueprint("us-gov-east-1", &connection("us-gov-east-1"));
    assert!(errors(&moved).is_empty(), "{:#?}", errors(&moved));
    // Its second route: stay in us-gov-west-1 with an S3 source.
    assert!(
        help.contains("source: { s3: { bucket: BUCKET, key: source.zip } }"),
        "{help}"
    );
    let s3 = blueprint(
        "us-gov-west-1",
        "{ s3: { bucket: BUCKET, key: source.zip } }",
    );
    assert!(errors(&s3).is_empty(), "{:#?}", errors(&s3));
}

#[test]
fn a_commercial_pipeline_deploying_only_govcloud_moves_into_govcloud() {
    // Where the old FF0509 help sent GovCloud users: a commercial pipeline region.
    let commercial = blueprint(
        "us-east-1",
        "{ connection: \"arn:aws:codeconnections:us-east-1:111122223333:connection/0c5a1e4f\", repository: acme/shop, branch: main }",
    );
    let help = only(&commercial, "FF0511");
    assert!(help.contains("`pipeline.region: us-gov-east-1`"), "{help}");
    let moved = blueprint("us-gov-east-1", &connection("us-gov-east-1"));
    assert!(errors(&moved).is_empty(), "{:#?}", errors(&moved));
}

#[test]
fn a_govcloud_pipeline_uses_a_connection_of_its_own_region() {
    let help = only(
        &blueprint("us-gov-east-1", &connection("us-gov-west-1")),
        "FF0505",
    );
    assert!(help.contains("us-gov-east-1"), "{help}");
}

/// FF0514's help, applied as written (its last form: an image that has fleetform), validates.
#[test]
fn a_pipeline_without_install_is_told_a_form_that_validates() {
    let with = blueprint("us-gov-east-1", &connection("us-gov-east-1"));
    let mut without = String::new();
    for line in with
        .lines()
        .filter(|l| !l.trim_start().starts_with("install:"))
    {
        without.push_str(line);
        without.push('\n');
    }
    let help = only(&without, "FF0514");
    let form = r#"install: ["command -v fleetform"]"#;
    assert!(help.contains(&format!("`{form}`")), "{help}");
    let fixed = without.replace("pipeline:\n", &format!("pipeline:\n  {form}\n"));
    assert!(errors(&fixed).is_empty(), "{:#?}", errors(&fixed));
}
