//! Help lines that propose an edit name one that works for the blueprint at hand (issue 15,
//! item 9): not an `arn:aws:` certificate for a China region, not "two load balancers" when
//! three are needed, not the preset the service is already on. The edits that are machine-applicable are
//! applied and compiled in tests/fixtures.rs; these are the helps that stay prose.

use std::fmt::Write as _;

use fleetform::diagnostic::{Diagnostic, SourceFile, SourceMap};
use fleetform::{Options, compile};

/// Every diagnostic of one blueprint file, warnings included.
fn all_diagnostics(text: &str) -> Vec<Diagnostic> {
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text: text.to_owned(),
    });
    match compile(&sources, &Options::default()) {
        Ok(build) => build.warnings,
        Err(diags) => diags,
    }
}

/// The diagnostics with `code` of one blueprint file.
fn diagnostics(code: &str, text: &str) -> Vec<Diagnostic> {
    let diags = all_diagnostics(text);
    let found: Vec<Diagnostic> = diags.into_iter().filter(|d| d.code == code).collect();
    assert!(!found.is_empty(), "no {code} for:\n{text}");
    found
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or_default()
}

#[test]
fn a_missing_china_certificate_is_asked_for_in_the_china_partition() {
    let text = "blueprint: 1
app: shop
environments:
  prod:
    regions: [us-east-1, cn-north-1]
ingress:
  certificate:
    us-east-1: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d
services:
  cart:
    image: cart:1.0
    cpu: 256
    memory: 512
    port: 8080
    route: { path: /cart/* }
";
    let d = &diagnostics("FF0404", text)[0];
    assert_eq!(
        help(d),
        "add `cn-north-1: arn:aws-cn:acm:cn-north-1:…` (certificates are regional)"
    );
}

#[test]
fn too_many_routes_for_two_load_balancers_asks_for_three() {
    let mut text = String::from(
        "blueprint: 1\napp: big\nenvironments:\n  test:\n    regions: [us-east-1]\nservices:\n",
    );
    for i in 0..250 {
        let _ = write!(
            text,
            "  s{i:03}:\n    image: s:1.0\n    cpu: 256\n    memory: 512\n    port: 8080\n    route: {{ path: /s{i:03}/* }}\n"
        );
    }
    let d = &diagnostics("FF0421", &text)[0];
    assert!(
        help(d).contains("declare at least three load balancers under `ingress.load-balancers`"),
        "{}",
        help(d)
    );
}

#[test]
fn a_stuck_service_is_not_offered_the_preset_it_is_on() {
    let text = "blueprint: 1
app: shop
environments:
  test:
    regions: [us-east-1]
services:
  cart:
    image: cart:1.0
    cpu: 256
    memory: 512
    deploy:
      rolling: least-space
";
    let d = &diagnostics("FF0350", text)[0];
    assert!(!help(d).contains("least-space"), "{}", help(d));
    assert!(help(d).contains("`rolling: same-size`"), "{}", help(d));
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!(fix.replacement, "same-size");
}

#[test]
fn both_weights_zero_is_labelled_as_route53_answers_it() {
    let explain = fleetform::check::rule_docs()
        .iter()
        .find(|d| d.code == "FF0360")
        .expect("FF0360 documented")
        .explanation;
    assert!(explain.contains("half"), "{explain}");
    let text = include_str!("fixtures/invalid/blue-green-weights.yaml");
    let found = diagnostics("FF0360", text);
    let label = &found[0].labels[0].text;
    assert!(!label.contains("no colour gets traffic"), "{label}");
    assert!(label.contains("equally"), "{label}");
}

/// FF0425's help, applied literally to a canary service with settings of its own, gives a
/// blueprint that validates: the override it names is enough (the service's `canary` and `bake`
/// stay, unused in that region; an override cannot remove them).
#[test]
fn the_override_ff0425_proposes_validates() {
    let text = "blueprint: 1
app: shop
environments:
  prod:
    regions: [us-east-1, cn-north-1]
services:
  web:
    image: web:1.0
    cpu: 256
    memory: 512
    port: 8080
    route: { path: /, health: /healthz }
    deploy:
      strategy: canary
      canary: { percent: 10, bake: 5 }
      bake: 5
";
    let d = &diagnostics("FF0425", text)[0];
    let (_, entry) = help(d)
        .split_once("under `environments.prod.overrides` write `")
        .unwrap_or_else(|| panic!("{}", help(d)));
    let entry = entry.trim_end_matches('`');
    let fixed = text.replace(
        "    regions: [us-east-1, cn-north-1]\n",
        &format!("    regions: [us-east-1, cn-north-1]\n    overrides:\n      {entry}\n"),
    );
    let left = all_diagnostics(&fixed);
    assert!(left.is_empty(), "{fixed}\n{left:#?}");
}

/// A number where a string belongs is quoted as written, not as its parsed value prints.
#[test]
fn a_number_for_a_string_is_quoted_as_written() {
    let text = "blueprint: 1
app: shop
tag: 1.10
environments:
  test:
    regions: [us-east-1]
";
    let d = &diagnostics("FF0102", text)[0];
    assert_eq!(help(d), "quote it: `\"1.10\"`");
    assert_eq!(
        d.fix.as_ref().map(|f| f.replacement.as_str()),
        Some("\"1.10\"")
    );
}
