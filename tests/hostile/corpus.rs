//! The stored hostile corpus (`tests/hostile/*.yaml`, written by `generate.py`) and what the
//! CLI does with one file, shared by `tests/hostile.rs` (the corpus's diagnostics, pinned in one
//! snapshot) and `tests/hostile_corpus.rs` (one test per file).

// Each test crate uses its own subset.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use fleetform::diagnostic::{
    Diagnostic, FileId, Severity, SourceFile, SourceMap, render_fancy, render_json, render_short,
};
use fleetform::source::decode;
use fleetform::{Build, Options, compile};
use serde_json::Value;

pub fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/hostile exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

pub fn is_ok_case(path: &Path) -> bool {
    has_prefix(path, "ok-")
}

/// `cli-*` files are wrong only through their `include:`, which the CLI follows.
pub fn is_cli_case(path: &Path) -> bool {
    has_prefix(path, "cli-")
}

fn has_prefix(path: &Path, prefix: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(prefix))
}

/// What the CLI does with one file's bytes: decode, then compile; decode problems join the rest.
pub fn run(name: &str, bytes: &[u8]) -> (SourceMap, Result<Build, Vec<Diagnostic>>) {
    let (text, problem) = decode(FileId(0), bytes);
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: name.to_owned(),
        text,
    });
    let result = match (compile(&sources, &Options::default()), problem) {
        (Ok(_), Some(d)) => Err(vec![d]),
        (Err(mut diags), Some(d)) => {
            diags.insert(0, d);
            Err(diags)
        }
        (result, None) => result,
    };
    (sources, result)
}

/// Every label of every diagnostic lies inside its file, on character boundaries.
pub fn check_spans(name: &str, sources: &SourceMap, diags: &[Diagnostic]) -> Vec<String> {
    let mut problems = Vec::new();
    for d in diags {
        if d.labels.is_empty() {
            problems.push(format!("{name}: {} has no label", d.code));
        }
        // Names are clipped in messages, so a huge input cannot make a huge message.
        if d.message.len() > 1_000 {
            problems.push(format!(
                "{name}: {} message is {} bytes",
                d.code,
                d.message.len()
            ));
        }
        for l in &d.labels {
            let text = &sources.get(l.span.file).text;
            let ok = l.span.start <= l.span.end
                && l.span.end <= text.len()
                && text.is_char_boundary(l.span.start)
                && text.is_char_boundary(l.span.end);
            if !ok {
                problems.push(format!(
                    "{name}: {} label {}..{} is outside the file ({} bytes) or splits a character",
                    d.code,
                    l.span.start,
                    l.span.end,
                    text.len()
                ));
            }
        }
        // Renderers must cope with whatever span they get.
        let one = std::slice::from_ref(d);
        let _ = render_fancy(one, sources, false);
        let _ = render_short(one, sources);
        let json: Value = serde_json::from_str(&render_json(one, sources))
            .unwrap_or_else(|e| panic!("{name}: render_json is not JSON: {e}"));
        assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1));
    }
    problems
}

pub fn rejected(name: &str, bytes: &[u8]) -> Vec<String> {
    let (sources, result) = run(name, bytes);
    match result {
        Ok(_) => vec![format!("{name}: compiled, but it must be rejected")],
        Err(diags) => {
            let mut problems = check_spans(name, &sources, &diags);
            if !diags.iter().any(|d| d.severity == Severity::Error) {
                problems.push(format!("{name}: rejected without an error diagnostic"));
            }
            problems
        }
    }
}
