//! The synthetic app behind `scripts/bench.sh` compiles without errors or warnings, at the
//! sizes the benchmark uses (the largest only stack by stack: it is checked for shape, not
//! timed; no test here measures time).

#[path = "../benches/synth/generate.rs"]
mod generate;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};

fn build(services: usize, envs: usize, regions: usize) -> fleetform::Build {
    let mut sources = SourceMap::default();
    for (name, text) in generate::app(services, envs, regions) {
        sources.add(SourceFile { name, text });
    }
    let build = fleetform::compile(&sources, &fleetform::Options::default())
        .unwrap_or_else(|d| panic!("{}", render_short(&d, &sources)));
    assert!(
        build.warnings.is_empty(),
        "{}",
        render_short(&build.warnings, &sources)
    );
    build
}

/// Stacks per build: one environment stack plus one per service, per environment × region.
fn stacks(build: &fleetform::Build) -> usize {
    build
        .files
        .keys()
        .filter(|p| p.ends_with(".config.json"))
        .count()
}

#[test]
fn synthetic_apps_compile_cleanly() {
    // 1, 10, 100 and 500 services: compile succeeding means every stack passed the limit
    // checks (resources, parameters, outputs, size) that run after lowering.
    for (services, envs, regions) in [(1, 1, 1), (10, 2, 3), (120, 1, 1), (500, 1, 1)] {
        let build = build(services, envs, regions);
        assert_eq!(build.apps, ["synth"]);
        assert_eq!(stacks(&build), envs * regions * (services + 1));
    }
}

#[test]
fn generated_files_are_deterministic_and_varied() {
    let files = generate::app(20, 2, 3);
    assert_eq!(files, generate::app(20, 2, 3));
    assert_eq!(files.len(), 21);
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    for needle in [
        "capacity: hosts",
        "capacity: spot",
        "route:",
        "secrets:",
        "eu-west-1",
    ] {
        assert!(all.contains(needle), "{needle}");
    }
}
