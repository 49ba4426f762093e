//! The declared caps on what one build emits (FF0905 stacks, FF0906 bytes): lowered caps are
//! reached by small apps, the diagnostic points at what multiplies (the app's `environments`
//! and `services`), nothing is written, `--max-stacks` / `--max-output` raise the caps, and the
//! defaults leave the 1,000-service × 2-environment × 3-region benchmark building.

#[path = "../benches/synth/generate.rs"]
#[allow(
    dead_code,
    reason = "only the synthetic app is used here, not the peer app"
)]
mod generate;

mod common;

use std::fs;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::limits::{DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MAX_STACKS, OutputCaps};
use fleetform::{Options, compile};

/// 2 environments × 2 regions × (2 services + the environment stack) = 12 stacks.
const APP: &str = "blueprint: 1
app: wide
environments:
  dev: { regions: [us-east-1, eu-west-1] }
  prod: { regions: [us-east-1, eu-west-1] }
services:
  a: { image: a:1, cpu: 256, memory: 512 }
  b: { image: b:1, cpu: 256, memory: 512 }
";

fn sources(text: &str) -> SourceMap {
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text: text.to_owned(),
    });
    sources
}

fn with_caps(max_stacks: usize, max_bytes: usize) -> Options {
    Options {
        caps: OutputCaps {
            max_stacks,
            max_bytes,
        },
        ..Options::default()
    }
}

/// The text each label of `d` points at.
fn labelled<'t>(d: &fleetform::diagnostic::Diagnostic, text: &'t str) -> Vec<&'t str> {
    d.labels
        .iter()
        .map(|l| &text[l.span.start..l.span.end])
        .collect()
}

#[test]
fn over_the_stack_cap_is_ff0905_at_what_multiplies() {
    let sources = sources(APP);
    let build = compile(&sources, &with_caps(12, usize::MAX))
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    assert_eq!(
        build
            .files
            .keys()
            .filter(|p| p.ends_with(".config.json"))
            .count(),
        12
    );

    let diags = compile(&sources, &with_caps(11, usize::MAX)).expect_err("over the cap");
    assert_eq!(diags.len(), 1, "{}", render_short(&diags, &sources));
    assert_eq!(diags[0].code, "FF0905");
    assert!(
        diags[0].message.contains("12 stacks, over the cap of 11"),
        "{}",
        diags[0].message
    );
    assert_eq!(labelled(&diags[0], APP), ["environments", "services"]);
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("--max-stacks 1000")
    );
}

#[test]
fn over_the_output_cap_is_ff0906() {
    let sources = sources(APP);
    let bytes: usize = compile(&sources, &Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)))
        .files
        .values()
        .map(String::len)
        .sum();
    assert!(compile(&sources, &with_caps(usize::MAX, bytes)).is_ok());
    let diags = compile(&sources, &with_caps(usize::MAX, bytes - 1)).expect_err("over the cap");
    assert_eq!(diags.len(), 1, "{}", render_short(&diags, &sources));
    assert_eq!(diags[0].code, "FF0906");
    assert_eq!(labelled(&diags[0], APP), ["environments", "services"]);
}

#[test]
fn the_flags_raise_the_caps_and_nothing_is_written_over_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("app.yaml"), APP).unwrap();
    let run = |args: &[&str]| {
        common::command(args, dir.path())
            .output()
            .expect("the binary runs")
    };
    let out = run(&["build", "app.yaml", "--out", "out", "--max-stacks", "11"]);
    assert_eq!(common::code(&out), 1);
    assert!(common::stderr(&out).contains("FF0905"));
    assert!(!dir.path().join("out").exists());
    let out = run(&["build", "app.yaml", "--out", "out", "--max-output", "0"]);
    assert_eq!(common::code(&out), 1);
    assert!(common::stderr(&out).contains("FF0906"));
    assert!(!dir.path().join("out").exists());
    let out = run(&["validate", "app.yaml", "--max-stacks", "11"]);
    assert_eq!(common::code(&out), 1);
    let out = run(&[
        "build",
        "app.yaml",
        "--out",
        "out",
        "--max-stacks",
        "12",
        "--max-output",
        "1",
    ]);
    assert_eq!(common::code(&out), 0, "{}", common::stderr(&out));
    assert!(dir.path().join("out/wide/manifest.json").exists());
}

/// The benchmark (1,000 services × 2 environments × 3 regions) stays inside the default caps.
/// Its tenth is built here (the whole would take a minute in a debug build); stacks and bytes
/// grow with the services, so ten times the tenth bounds the whole from above.
#[test]
fn the_default_caps_leave_the_benchmark_building() {
    let mut sources = SourceMap::default();
    for (name, text) in generate::app(100, 2, 3) {
        sources.add(SourceFile { name, text });
    }
    let build = compile(&sources, &Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    let stacks = build
        .files
        .keys()
        .filter(|p| p.ends_with(".config.json"))
        .count();
    let bytes: usize = build.files.values().map(String::len).sum();
    assert_eq!(stacks, 606);
    assert!(stacks * 10 <= DEFAULT_MAX_STACKS, "{stacks} stacks");
    assert!(bytes * 10 <= DEFAULT_MAX_OUTPUT_BYTES, "{bytes} bytes");
    eprintln!("benchmark tenth: {stacks} stacks, {bytes} bytes");
}
