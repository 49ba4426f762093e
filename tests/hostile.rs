//! Hostile and broken input: what each file of the stored corpus under `tests/hostile/`
//! (written by `tests/hostile/generate.py`) gives, pinned in one reviewed snapshot; each file is
//! also its own test in `tests/hostile_corpus.rs` (rejected cleanly, by the library and the
//! binary). Huge inputs are generated here rather than stored: they must be rejected cleanly
//! too (no panic, an error, every label inside the file). Hostile file trees (symlinks, FIFOs,
//! devices, deep directories, includes out of the tree) are built by `hostile/trees.rs`.

use std::fmt::Write as _;
use std::fs;

use fleetform::diagnostic::{Diagnostic, FileId, Severity, SourceMap, render_short};

#[path = "hostile/corpus.rs"]
mod corpus;

use corpus::{corpus, is_cli_case, rejected, run};

#[path = "hostile/trees.rs"]
mod trees;

#[cfg(unix)]
#[path = "hostile/includes.rs"]
mod includes;

const BASE: &str = "blueprint: 1
app: hello
environments:
  dev:
    regions: [us-east-1]
ingress: { public: true }
services:
  web:
    image: public.ecr.aws/nginx/nginx:1.27
    cpu: 256
    memory: 512
    port: 80
    route: { path: /* }
";

/// One line per diagnostic: its code and severity, the `line:col` of its primary label and the
/// start of the labelled text, so a wrong span shows up in review.
fn describe(sources: &SourceMap, d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let Some(span) = d.primary() else {
        return format!("{} {severity} (no label)", d.code);
    };
    let (line, col) = sources.line_col(span.file, span.start);
    let text = &sources.get(span.file).text;
    let labelled = text
        .get(span.start..span.end)
        .unwrap_or("<not on char boundaries>");
    let mut shown: String = labelled
        .chars()
        .take(32)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if labelled.chars().count() > 32 {
        shown.push('…');
    }
    format!("{} {severity} @{line}:{col} `{shown}`", d.code)
}

/// The first diagnostics one per line; past [`SHOWN`], how many more of each code.
fn list(out: &mut String, sources: &SourceMap, diags: &[Diagnostic]) {
    const SHOWN: usize = 8;
    for d in diags.iter().take(SHOWN) {
        writeln!(out, "  {}", describe(sources, d)).expect("writing to a string");
    }
    let mut more: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diags.iter().skip(SHOWN) {
        *more.entry(d.code.as_str()).or_default() += 1;
    }
    for (code, n) in more {
        writeln!(out, "  … and {n} more {code}").expect("writing to a string");
    }
}

/// What each file of the corpus gives, pinned: a changed code or a moved span is a visible
/// difference in `tests/snapshots/hostile__corpus_diagnostics.snap`.
#[test]
fn corpus_diagnostics() {
    let mut out = String::new();
    for path in corpus().iter().filter(|p| !is_cli_case(p)) {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let (sources, result) = run(name, &fs::read(path).expect("readable"));
        let diags = match result {
            Ok(build) => {
                writeln!(out, "{name}: compiles").expect("writing to a string");
                build.warnings
            }
            Err(diags) => {
                writeln!(out, "{name}:").expect("writing to a string");
                diags
            }
        };
        list(&mut out, &sources, &diags);
    }
    for (name, text) in huge_cases() {
        let (sources, result) = run(name, text.as_bytes());
        writeln!(out, "{name} (generated):").expect("writing to a string");
        list(&mut out, &sources, &result.err().unwrap_or_default());
    }
    insta::assert_snapshot!(out);
}

/// `head` followed by `count` generated pieces.
fn repeat(
    head: &str,
    count: usize,
    piece: impl Fn(&mut String, usize) -> std::fmt::Result,
) -> String {
    let mut out = head.to_owned();
    for i in 0..count {
        piece(&mut out, i).expect("writing to a string");
    }
    out
}

/// Inputs too big to store: megabyte strings and lines, thousands of keys and services.
fn huge_cases() -> Vec<(&'static str, String)> {
    let long = "x".repeat(1 << 20);
    vec![
        (
            "huge-app-name",
            BASE.replace("app: hello", &format!("app: {long}")),
        ),
        (
            "huge-quoted-value",
            BASE.replace(
                "port: 80",
                &format!("port: 80\n    env: {{ A: \"{long}\" }}\n    cpu: 1"),
            ),
        ),
        ("huge-comment", format!("# {long}\n{BASE}cpu: 1\n")),
        (
            "huge-key",
            BASE.replace("  web:\n", &format!("  {}:\n", "w".repeat(100_000))),
        ),
        (
            "many-top-keys",
            repeat(BASE, 2_000, |out, i| writeln!(out, "k{i}: {i}")),
        ),
        (
            "huge-multibyte-name",
            BASE.replace("app: hello", &format!("app: {}", "é".repeat(300_000))),
        ),
        (
            // A few aliases of a megabyte string: few nodes, many bytes (FF0003).
            "alias-long-string",
            format!("{BASE}x: &s \"{long}\"\ny: [{}]\n", ["*s"; 10].join(", ")),
        ),
        (
            // No alias: a long explicit key above many values, one long path per value (FF0022).
            "long-key-many-values",
            format!(
                "{BASE}z:\n  ? \"{}\"\n  : [{}]\n",
                "k".repeat(500_000),
                ["1"; 200].join(",")
            ),
        ),
        (
            "deep-flow-100k",
            format!("{BASE}x: {}\n", "[".repeat(100_000)),
        ),
    ]
}

#[test]
fn huge_inputs_are_rejected_cleanly() {
    let mut problems = Vec::new();
    for (name, text) in &huge_cases() {
        problems.extend(rejected(name, text.as_bytes()));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A thousand services is a big but valid app: one stack each, no panic, no limit hit.
#[test]
fn a_thousand_services_compile() {
    // Routes on the first 50 only: one load balancer takes at most 100 rules.
    let text = repeat(BASE, 1_000, |out, i| {
        write!(
            out,
            "  s{i}:\n    image: x:1\n    cpu: 256\n    memory: 512\n    port: 80\n"
        )?;
        if i < 50 {
            writeln!(out, "    route: {{ path: /s{i} }}")?;
        }
        Ok(())
    });
    let (sources, result) = run("many.yaml", text.as_bytes());
    let build = result.unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    assert!(build.files.len() > 2_000, "{} files", build.files.len());
}

/// 100,000 names in one string compile, and 20,000 unknown ones are each reported at the name:
/// handlebars compiled the string whole (quadratic) and every name's span was found by scanning
/// the whole scalar again (quadratic), so these took minutes; linear, they take seconds.
#[test]
fn a_hundred_thousand_names_in_one_string() {
    let with = |names: &str| {
        BASE.replace(
            "port: 80",
            &format!("port: 80\n    env: {{ A: \"{names}\" }}"),
        )
    };
    // 10,000 names fit in a task definition and build; 100,000 (500 KB once filled in) are
    // checked after interpolation too, and refused only for ECS's task-definition size (FF0444).
    let (sources, result) = run("names.yaml", with(&"{{app}}".repeat(10_000)).as_bytes());
    let build = result.unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    let expanded = "hello".repeat(10_000);
    assert!(build.files.values().any(|f| f.contains(&expanded)));
    let (_, result) = run("names.yaml", with(&"{{app}}".repeat(100_000)).as_bytes());
    let codes: Vec<&str> = result
        .expect_err("500 KB in one variable is over ECS's limit")
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["FF0444"]);

    let (sources, result) = run("names.yaml", with(&"{{nope}}".repeat(20_000)).as_bytes());
    let diags = result.expect_err("unknown names are errors");
    let text = &sources.get(FileId(0)).text;
    let named: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == "FF0010")
        .map(|d| &text[d.labels[0].span.start..d.labels[0].span.end])
        .collect();
    assert_eq!(named.len(), 20_000);
    assert!(named.iter().all(|n| *n == "nope"));
}
