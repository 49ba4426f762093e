//! DNS blue/green: switching the weights in the blueprint is a one-line change whose diff is
//! exactly the two records' `Weight`, updated in place; nothing else in any stack moves.

use std::fs;
use std::path::Path;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::diff::{self, Change, Expected};
use fleetform::{Options, compile};

/// A resource's ID, change and changed paths (with whether each replaces it).
type Summary = (String, String, Vec<(String, bool)>);

const START: &str = "weights: { blue: 100, green: 0 }";
const SWITCHED: &str = "weights: { blue: 0, green: 100 }";

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/blue-green/app.yaml");
    fs::read_to_string(path).expect("the example exists")
}

fn build(text: &str) -> std::collections::BTreeMap<String, String> {
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text: text.to_owned(),
    });
    match compile(&sources, &Options::default()) {
        Ok(build) => build.files,
        Err(diags) => panic!("{}", render_short(&diags, &sources)),
    }
}

#[test]
fn switching_weights_changes_exactly_the_two_weights_in_place() {
    let before = example();
    assert_eq!(before.matches(START).count(), 1, "one weights line");
    let after = before.replace(START, SWITCHED);
    let changed_lines = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed_lines, 1, "a one-line change");

    let a = diff::load(&build(&before), "prism").unwrap();
    let b = diff::load(&build(&after), "prism").unwrap();
    assert!(a.len() >= 4, "both environments' stacks are loaded");
    let report = diff::compare(
        "before",
        "after",
        &diff::pair_by_path(a, b),
        &Expected::default(),
    );
    let changed: Vec<_> = report
        .stacks
        .iter()
        .filter(|s| s.change != Change::Same)
        .collect();
    let titles: Vec<&str> = changed.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["prod/us-east-1/prism-prod-api"],
        "staging has weights of its own, so only prod switches"
    );
    for stack in changed {
        assert!(
            stack.other.is_empty(),
            "parameters and config unchanged: {:?}",
            stack.other
        );
        let summary: Vec<Summary> = stack
            .resources
            .iter()
            .map(|r| {
                (
                    r.id.clone(),
                    r.change.name().to_owned(),
                    r.paths
                        .iter()
                        .map(|p| (p.path.clone(), p.replacement))
                        .collect(),
                )
            })
            .collect();
        let weight = vec![("Properties.Weight".to_owned(), false)];
        assert_eq!(
            summary,
            [
                (
                    "RecordBlue".to_owned(),
                    "changed".to_owned(),
                    weight.clone()
                ),
                ("RecordGreen".to_owned(), "changed".to_owned(), weight),
            ],
            "{}",
            stack.text
        );
        assert!(stack.resources.iter().all(|r| !r.replacement()));
        // The unified diff: two lines out, two in, all of them weights.
        let edits: Vec<&str> = stack
            .text
            .lines()
            .filter(|l| {
                (l.starts_with('-') || l.starts_with('+'))
                    && !l.starts_with("---")
                    && !l.starts_with("+++")
            })
            .collect();
        assert_eq!(edits.len(), 4, "{}", stack.text);
        assert!(edits.iter().all(|l| l.contains("\"Weight\"")), "{edits:?}");
    }
}

#[test]
fn the_weights_land_on_the_records() {
    let files = build(&example().replace(START, "weights: { blue: 30, green: 225 }"));
    let template: serde_json::Value =
        serde_json::from_str(&files["prism/prod/us-east-1/prism-prod-api.json"]).unwrap();
    let record = |id: &str| template["Resources"][id]["Properties"].clone();
    for (id, set, weight) in [("RecordBlue", "blue", 30), ("RecordGreen", "green", 225)] {
        let r = record(id);
        assert_eq!(r["SetIdentifier"], set);
        assert_eq!(r["Weight"], weight);
        assert_eq!(r["Name"], "api-prod.prism.example.com");
        assert_eq!(r["HostedZoneId"], "Z09PRODUCTION4PRISM");
        assert_eq!(
            r["AliasTarget"]["DNSName"]["Fn::GetAtt"][0],
            format!("LoadBalancer{}", &id["Record".len()..])
        );
    }
}

#[test]
fn an_environment_override_switches_that_environment_only() {
    let files = build(&example());
    let weight = |env: &str, id: &str| -> serde_json::Value {
        let t: serde_json::Value =
            serde_json::from_str(&files[&format!("prism/{env}/us-east-1/prism-{env}-api.json")])
                .unwrap();
        t["Resources"][id]["Properties"]["Weight"].clone()
    };
    assert_eq!(weight("prod", "RecordBlue"), 100);
    assert_eq!(weight("prod", "RecordGreen"), 0);
    assert_eq!(weight("staging", "RecordBlue"), 0);
    assert_eq!(weight("staging", "RecordGreen"), 100);
}
