//! With `stackset`, the manifest lists an environment's per-region stacks and the StackSets
//! that replace them; each replaced stack names its StackSet, so a deploy script can deploy
//! one or the other and never both (which would create every named resource twice).

use std::fs;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use serde_json::Value;

#[test]
fn stacks_replaced_by_a_stackset_name_it() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/stackset");
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text: fs::read_to_string(format!("{dir}/app.yaml")).expect("example"),
    });
    let build = fleetform::compile(&sources, &fleetform::Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    let manifest: Value =
        serde_json::from_str(&build.files["orbit/manifest.json"]).expect("manifest is JSON");
    let sets: Vec<&str> = manifest["stacksets"]
        .as_array()
        .expect("stacksets")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let stacks = manifest["stacks"].as_array().expect("stacks");
    assert!(!stacks.is_empty());
    for stack in stacks {
        let set = stack["stackset"]
            .as_str()
            .expect("every prod stack is replaced");
        assert_eq!(Some(set), stack["name"].as_str());
        assert!(sets.contains(&set), "{set}");
    }
    assert!(
        manifest["stacksets_deploy"]
            .as_str()
            .is_some_and(|s| s.contains("entries with `stackset`"))
    );
}
