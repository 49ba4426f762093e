//! Hostile and broken input: every file under `tests/hostile/` (written by
//! `tests/hostile/generate.py`) goes through what the CLI does (`source::decode`, then
//! `compile`) and through the binary. A file must be rejected cleanly: no panic, at least one
//! error, every diagnostic labelled with a span inside its file on character boundaries,
//! renderers that do not panic, exit code 1 and no output directory. The `ok-*` files look
//! dangerous but are valid: they must compile, and what they emit is checked. The `cli-*` files
//! are wrong only through an `include:` the CLI follows, so only the binary sees them.
//! Huge inputs are generated here rather than stored; hostile file trees (symlinks, FIFOs,
//! devices, deep directories, includes out of the tree) are built by `hostile/trees.rs`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use fleetform::diagnostic::{
    Diagnostic, FileId, Severity, SourceFile, SourceMap, render_fancy, render_json, render_short,
};
use fleetform::source::decode;
use fleetform::{Build, Options, compile};
use serde_json::{Value, json};

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

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/hostile exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn is_ok_case(path: &Path) -> bool {
    has_prefix(path, "ok-")
}

/// `cli-*` files are wrong only through their `include:`, which the CLI follows.
fn is_cli_case(path: &Path) -> bool {
    has_prefix(path, "cli-")
}

fn has_prefix(path: &Path, prefix: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(prefix))
}

/// What the CLI does with one file's bytes: decode, then compile; decode problems join the rest.
fn run(name: &str, bytes: &[u8]) -> (SourceMap, Result<Build, Vec<Diagnostic>>) {
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
fn check_spans(name: &str, sources: &SourceMap, diags: &[Diagnostic]) -> Vec<String> {
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

fn rejected(name: &str, bytes: &[u8]) -> Vec<String> {
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

#[test]
fn the_corpus_is_big_and_small() {
    let files = corpus();
    assert!(files.len() >= 100, "only {} hostile files", files.len());
    let bytes: u64 = files
        .iter()
        .map(|p| fs::metadata(p).expect("metadata").len())
        .sum();
    assert!(bytes < 2_000_000, "the corpus is {bytes} bytes");
}

#[test]
fn every_hostile_file_is_rejected_cleanly() {
    let mut problems = Vec::new();
    let mut count = 0;
    for path in corpus()
        .iter()
        .filter(|p| !is_ok_case(p) && !is_cli_case(p))
    {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let bytes = fs::read(path).expect("readable");
        problems.extend(rejected(name, &bytes));
        count += 1;
    }
    assert!(count >= 100, "only {count} files to reject");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

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

/// The `Environment` of the `web` container in the `hello` app's service template.
fn web_environment(build: &Build) -> Value {
    let template: Value =
        serde_json::from_str(&build.files["hello/dev/us-east-1/hello-dev-web.json"])
            .expect("the service template is JSON");
    let resources = template["Resources"].as_object().expect("resources");
    let task = resources
        .values()
        .find(|r| r["Type"] == "AWS::ECS::TaskDefinition")
        .expect("a task definition");
    task["Properties"]["ContainerDefinitions"][0]["Environment"].clone()
}

#[test]
fn dangerous_looking_valid_files_compile_to_the_right_text() {
    let expected: &[(&str, Value)] = &[
        (
            // No deploy-time name: a plain string, so `${` needs no escaping.
            "ok-dollar-in-plain-string.yaml",
            json!([{"Name": "A", "Value": "${AWS::AccountId}"}, {"Name": "B", "Value": "${!x}"}]),
        ),
        (
            // `{{account}}` makes it an Fn::Sub: the user's own `${` must come out as `${!`.
            "ok-dollar-in-sub.yaml",
            json!([{"Name": "A", "Value": {"Fn::Sub": "${AWS::AccountId}-${!AWS::Region}-${!!x}"}}]),
        ),
        (
            "ok-special-characters.yaml",
            json!([
                {"Name": "C", "Value": "k: v"},
                {"Name": "H", "Value": "not # a comment"},
                {"Name": "N", "Value": "a\nb"},
                {"Name": "Q", "Value": "say \"hi\""},
                {"Name": "S", "Value": "it's"}
            ]),
        ),
        (
            "ok-escaped-braces.yaml",
            json!([{"Name": "A", "Value": "{{app}}"}]),
        ),
        (
            "ok-unicode-values.yaml",
            json!([{"Name": "GREETING", "Value": "héllo wörld 👋 \u{202e}"}]),
        ),
        (
            "ok-tab-in-value.yaml",
            json!([{"Name": "A", "Value": "a\tb"}]),
        ),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut compiled = 0;
    for path in corpus().iter().filter(|p| is_ok_case(p)) {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let (sources, result) = run(name, &fs::read(path).expect("readable"));
        let build = result.unwrap_or_else(|diags| {
            panic!("{name} must compile:\n{}", render_short(&diags, &sources))
        });
        assert!(check_spans(name, &sources, &build.warnings).is_empty());
        if let Some((_, want)) = expected.iter().find(|(n, _)| *n == name) {
            assert_eq!(&web_environment(&build), want, "{name}");
        }
        compiled += 1;
    }
    assert!(compiled >= expected.len());
    for (name, _) in expected {
        assert!(
            dir.join(name).is_file(),
            "{name} is missing from the corpus"
        );
    }
}

/// The binary on every file: exit 1 and nothing written for the hostile ones, 0 for `ok-*`.
#[test]
fn the_binary_rejects_every_hostile_file_without_writing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut problems = Vec::new();
    for path in corpus() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let out = tmp.path().join(name);
        let output = Command::new(env!("CARGO_BIN_EXE_fleetform"))
            .args(["--diagnostics", "json", "build"])
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .env("FLEETFORM_NOW", "2026-12-07T00:00:00Z")
            .output()
            .expect("the binary runs");
        let code = output.status.code();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if is_ok_case(&path) {
            if code != Some(0) {
                problems.push(format!("{name}: exit {code:?}, want 0\n{stderr}"));
            }
            continue;
        }
        // An include of a device lies outside the blueprint's tree: refused before it is read,
        // as a diagnostic on the `include` entry (tests/hostile/trees.rs has the other classes).
        if name.starts_with("cli-include-dev-") && !stderr.contains("\"FF0020\"") {
            problems.push(format!(
                "{name}: want FF0020 (include outside the tree)\n{stderr}"
            ));
        }
        if code != Some(1) {
            problems.push(format!("{name}: exit {code:?}, want 1\n{stderr}"));
        }
        if out.exists() {
            problems.push(format!(
                "{name}: wrote {} although it failed",
                out.display()
            ));
        }
        match serde_json::from_str::<Value>(&stderr) {
            Ok(report) if report["errors"].as_u64() >= Some(1) => {}
            _ => problems.push(format!(
                "{name}: stderr is not a JSON report with errors\n{stderr}"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
