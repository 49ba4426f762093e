//! Compiling never panics: every valid fixture is mutated line by line (a line dropped, a value
//! replaced by odd scalars and collections) and each variant goes through the whole pipeline
//! (parse, check, lower, emit, limits). Every diagnostic has a label, and the schema never
//! accepts what the model rejects.

use std::fs;
use std::path::Path;

#[path = "../fuzz/compile_any.rs"]
mod compile_any;

const ODD: &[&str] = &[
    "",
    "~",
    "yes",
    "-1",
    "0",
    "4294967296",
    "1.5",
    "[]",
    "{}",
    "[1, [2]]",
    "\"{{\"",
    "\"{{nope}}\"",
    "*",
];

/// The fuzz target's property (`fuzz/compile_any.rs`): no panic, an error when the compile
/// fails, every diagnostic labelled inside the file.
fn run(text: &str) {
    compile_any::compile_any(text.as_bytes());
}

#[test]
fn mutated_blueprints_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut variants = 0;
    for entry in fs::read_dir(&dir).expect("valid fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let mut dropped = lines.clone();
            dropped.remove(i);
            run(&dropped.join("\n"));
            variants += 1;
            let Some(colon) = lines[i].find(": ") else {
                continue;
            };
            for odd in ODD {
                let mut changed = lines.clone();
                let replaced = format!("{}: {odd}", &lines[i][..colon]);
                changed[i] = &replaced;
                run(&changed.join("\n"));
                variants += 1;
            }
        }
    }
    assert!(variants > 500, "only {variants} variants");
}
