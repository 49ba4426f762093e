//! CI/CD pipelines of the examples: every pipeline template stays under CloudFormation's
//! inline limit, and the manifest lists the pipeline stacks outside any environment.

use std::fs;

mod common;

use common::root;
use fleetform::diagnostic::{SourceFile, SourceMap};
use fleetform::limits::MAX_INLINE_BYTES;
use fleetform::{Options, compile};

fn build(dir: &str) -> fleetform::Build {
    let mut sources = SourceMap::default();
    let mut paths = vec![root().join(dir).join("app.yaml")];
    // Service files: `services/{name}/service.yaml` (grocery), one directory deep.
    let services = root().join(dir).join("services");
    if services.is_dir() {
        let mut more: Vec<_> = fs::read_dir(services)
            .unwrap()
            .map(|e| e.unwrap().path().join("service.yaml"))
            .collect();
        more.sort();
        paths.extend(more);
    }
    for path in paths {
        sources.add(SourceFile {
            name: path.to_string_lossy().into_owned(),
            text: fs::read_to_string(&path).unwrap(),
        });
    }
    compile(&sources, &Options::default()).unwrap_or_else(|d| panic!("{d:?}"))
}

#[test]
fn pipeline_templates_fit_inline_and_are_in_the_manifest() {
    for (dir, app, pipelines) in [
        ("blueprints/grocery", "grocery", 13),
        ("examples/china", "lantern", 4),
    ] {
        let build = build(dir);
        let templates: Vec<(&String, &String)> = build
            .files
            .iter()
            .filter(|(p, _)| p.contains("/_pipeline/") && !p.ends_with(".config.json"))
            .collect();
        assert_eq!(templates.len(), pipelines, "{app}");
        for (path, text) in &templates {
            assert!(
                text.len() <= MAX_INLINE_BYTES,
                "{path}: {} bytes, over the inline limit",
                text.len()
            );
        }
        let manifest: serde_json::Value =
            serde_json::from_str(&build.files[&format!("{app}/manifest.json")]).unwrap();
        let listed: Vec<&serde_json::Value> = manifest["stacks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"].as_str().unwrap().starts_with("pipeline"))
            .collect();
        assert_eq!(listed.len(), pipelines, "{app}");
        for s in listed {
            assert!(s["environment"].is_null(), "{s}");
            assert!(s["template"].as_str().unwrap().starts_with("_pipeline/"));
        }
    }
}

/// The manifest names the blueprint files that shape each stack: a service's stack its own
/// file and the app file, an environment stack every file.
#[test]
fn the_manifest_lists_the_files_that_shape_each_stack() {
    let build = build("blueprints/grocery");
    let manifest: serde_json::Value =
        serde_json::from_str(&build.files["grocery/manifest.json"]).unwrap();
    let sources = |name: &str| -> Vec<String> {
        let stack = manifest["stacks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap();
        serde_json::from_value(stack["sources"].clone()).unwrap()
    };
    let payments = sources("grocery-test-payments");
    assert!(payments.contains(&"app.yaml".to_owned()), "{payments:?}");
    assert!(
        payments.contains(&"services/payments/service.yaml".to_owned()),
        "{payments:?}"
    );
    assert!(!payments.contains(&"services/search/service.yaml".to_owned()));
    assert_eq!(
        sources("grocery-test").len(),
        11,
        "the app file and ten service files"
    );
}
