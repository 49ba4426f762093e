//! Hostile and broken input, one test per stored file (`hostile/NAME.yaml`, libtest-mimic,
//! `harness = false`; the corpus is listed at run time, so a file `generate.py` adds is a new
//! test). Each goes through what the CLI does (`source::decode`, then `compile`) and through the
//! binary. A file must be rejected cleanly: no panic, at least one error, every diagnostic
//! labelled with a span inside its file on character boundaries, renderers that do not panic,
//! exit code 1, a JSON report and no output directory. The `ok-*` files look dangerous but are
//! valid: they must compile (exit 0), and what some of them emit is checked. The `cli-*` files
//! are wrong only through an `include:` the CLI follows, so only the binary sees them.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use fleetform::Build;
use fleetform::diagnostic::render_short;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{Value, json};

#[path = "hostile/corpus.rs"]
mod corpus;

use corpus::{check_spans, corpus, is_cli_case, is_ok_case, rejected, run};

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

/// What the `ok-*` files whose text is easy to get wrong emit into the web container.
fn expected_environments() -> Vec<(&'static str, Value)> {
    vec![
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
    ]
}

/// An `ok-*` file compiles, with labelled warnings, to the text it means.
fn compiles_to_the_right_text(name: &str, bytes: &[u8]) -> Result<(), String> {
    let (sources, result) = run(name, bytes);
    let build =
        result.map_err(|diags| format!("must compile:\n{}", render_short(&diags, &sources)))?;
    let problems = check_spans(name, &sources, &build.warnings);
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    if let Some((_, want)) = expected_environments()
        .into_iter()
        .find(|(n, _)| *n == name)
    {
        let got = web_environment(&build);
        if got != want {
            return Err(format!(
                "the web container's environment is {got}, want {want}"
            ));
        }
    }
    Ok(())
}

/// The binary on the file: exit 1, a JSON report with errors and nothing written for a hostile
/// one; exit 0 for `ok-*`.
fn binary_handles(path: &Path, name: &str) -> Result<(), String> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_fleetform"))
        .args(["--diagnostics", "json", "build"])
        .arg(path)
        .arg("--out")
        .arg(&out)
        .env("FLEETFORM_NOW", "2026-12-07T00:00:00Z")
        .output()
        .expect("the binary runs");
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if is_ok_case(path) {
        return if code == Some(0) {
            Ok(())
        } else {
            Err(format!("binary: exit {code:?}, want 0\n{stderr}"))
        };
    }
    let mut problems = Vec::new();
    // An include of a device lies outside the blueprint's tree: refused before it is read, as
    // a diagnostic on the `include` entry (tests/hostile/trees.rs has the other classes).
    if name.starts_with("cli-include-dev-") && !stderr.contains("\"FF0020\"") {
        problems.push(format!(
            "binary: want FF0020 (include outside the tree)\n{stderr}"
        ));
    }
    if code != Some(1) {
        problems.push(format!("binary: exit {code:?}, want 1\n{stderr}"));
    }
    if out.exists() {
        problems.push(format!(
            "binary: wrote {} although it failed",
            out.display()
        ));
    }
    match serde_json::from_str::<Value>(&stderr) {
        Ok(report) if report["errors"].as_u64() >= Some(1) => {}
        _ => problems.push(format!(
            "binary: stderr is not a JSON report with errors\n{stderr}"
        )),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// One file of the corpus, through the library (but a `cli-*` file) and the binary.
fn one_file(path: &Path) -> Result<(), Failed> {
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let bytes = fs::read(path).expect("readable");
    if is_ok_case(path) {
        compiles_to_the_right_text(name, &bytes)?;
    } else if !is_cli_case(path) {
        let problems = rejected(name, &bytes);
        if !problems.is_empty() {
            return Err(problems.join("\n").into());
        }
    }
    binary_handles(path, name)?;
    Ok(())
}

/// The corpus is there, and small enough to store: a missing directory would pass every file.
fn the_corpus_is_big_and_small() -> Result<(), Failed> {
    let files = corpus();
    let hostile = files
        .iter()
        .filter(|p| !is_ok_case(p) && !is_cli_case(p))
        .count();
    if hostile < 100 {
        return Err(format!("only {hostile} files to reject").into());
    }
    let bytes: u64 = files
        .iter()
        .map(|p| fs::metadata(p).expect("metadata").len())
        .sum();
    if bytes >= 2_000_000 {
        return Err(format!("the corpus is {bytes} bytes").into());
    }
    let names: Vec<String> = files
        .iter()
        .filter_map(|p| Some(p.file_name()?.to_str()?.to_owned()))
        .collect();
    for (name, _) in expected_environments() {
        if !names.iter().any(|n| n == name) {
            return Err(format!("{name} is missing from the corpus").into());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let mut trials: Vec<Trial> = corpus()
        .into_iter()
        .map(|path| {
            let name = format!(
                "hostile/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            Trial::test(name, move || one_file(&path))
        })
        .collect();
    trials.push(Trial::test(
        "the_corpus_is_big_and_small",
        the_corpus_is_big_and_small,
    ));
    libtest_mimic::run(&args, trials).exit_code()
}
