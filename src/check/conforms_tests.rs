//! The quick schema walk (`conforms`) agrees with jsonschema wherever it answers: on every
//! blueprint and fixture in the repository and on mutations of each (every value replaced by
//! values of other types and edge numbers, every key removed, an unknown key added), and it does
//! answer `yes` for every example, so valid builds really skip compiling the validator.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::conforms::conforms;
use super::schema::VALIDATOR;
use crate::diagnostic::FileId;

/// Every YAML file under `dir`, recursively, in path order.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    out
}

/// The blueprint documents of the repository's examples and fixtures (files that do not parse,
/// or are not blueprints, are skipped: they never reach the schema).
fn documents(dirs: &[&str]) -> Vec<(PathBuf, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    dirs.iter()
        .flat_map(|d| yaml_files(&root.join(d)))
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let doc = crate::source::parse(FileId(0), &text).ok()?;
            doc.value.get("blueprint")?;
            Some((path, doc.value))
        })
        .collect()
}

/// Holds the walk to jsonschema's verdict; returns whether the walk answered.
fn agrees(value: &Value, what: &str) -> bool {
    let Some(quick) = conforms(value) else {
        return false;
    };
    assert_eq!(
        quick,
        VALIDATOR.is_valid(value),
        "the quick walk says {quick} where jsonschema disagrees: {what}\n{value:#}"
    );
    true
}

/// Every JSON pointer in `value`, parents before children.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(v, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Removes the value at `pointer` (a key of its object or an item of its array).
fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[test]
fn every_example_conforms_without_jsonschema() {
    let docs = documents(&["examples", "blueprints", "tests/fixtures/valid"]);
    assert!(docs.len() > 20, "found only {} documents", docs.len());
    for (path, value) in &docs {
        assert_eq!(
            conforms(value),
            Some(true),
            "{} is valid but the quick walk did not say so: every build would compile jsonschema",
            path.display()
        );
    }
}

#[test]
fn the_quick_walk_agrees_with_jsonschema_on_fixtures_and_their_mutations() {
    // Invalid fixtures are asked as they are; valid documents are mutated too (mutating an
    // invalid one mostly asks again why it is invalid).
    let (mut answered, mut asked) = (0_usize, 0_usize);
    for (path, value) in documents(&["tests/fixtures/invalid", "tests/fixtures/cli"]) {
        asked += 1;
        answered += usize::from(agrees(&value, &path.display().to_string()));
    }
    let docs = documents(&["examples", "blueprints", "tests/fixtures/valid"]);
    let replacements = [
        json!(null),
        json!(true),
        json!("x"),
        json!("Not a Name!"),
        json!(0),
        json!(-1),
        json!(100_000_000_000_u64),
        json!(1.5),
        json!(2.0),
        json!(["x"]),
        json!({ "x": 1 }),
    ];
    for (path, value) in &docs {
        let name = path.display().to_string();
        asked += 1;
        answered += usize::from(agrees(value, &name));
        let mut all = Vec::new();
        pointers(value, "", &mut all);
        for pointer in all.iter().skip(1) {
            for replacement in &replacements {
                let mut mutated = value.clone();
                if let Some(slot) = mutated.pointer_mut(pointer) {
                    *slot = replacement.clone();
                }
                asked += 1;
                answered += usize::from(agrees(
                    &mutated,
                    &format!("{name} with {pointer} = {replacement}"),
                ));
            }
            let mut removed = value.clone();
            remove(&mut removed, pointer);
            asked += 1;
            answered += usize::from(agrees(&removed, &format!("{name} without {pointer}")));
            if let Some(Value::Object(_)) = value.pointer(pointer) {
                let mut extra = value.clone();
                if let Some(Value::Object(map)) = extra.pointer_mut(pointer) {
                    map.insert("unknownKey".to_owned(), json!(1));
                }
                asked += 1;
                answered +=
                    usize::from(agrees(&extra, &format!("{name} with {pointer}/unknownKey")));
            }
        }
    }
    // The walk is useful only if it answers most questions; jsonschema takes the rest.
    assert!(
        answered * 10 >= asked * 8,
        "the quick walk answered {answered} of {asked} documents"
    );
}
