//! Fixture tests, one named test per case (`invalid/NAME.yaml`, `valid/NAME/`, …): the harness
//! is libtest-mimic (`harness = false` in Cargo.toml), which lists `tests/fixtures/invalid` and
//! `tests/fixtures/valid` at run time, so a new fixture is a new test with no list to edit and
//! a failure names its file (`cargo test --test fixtures -- NAME` runs one).
//!
//! Each `tests/fixtures/invalid/NAME.yaml` (or directory `NAME/` whose `app.yaml` carries the
//! header) starts with a comment `# expect: CODE@line:col, …` listing every diagnostic by the
//! 1-based line and column of its primary label; a label in another file of a directory case is
//! `CODE@file.yaml:line:col`. The case must fail to compile with exactly those diagnostics (or,
//! for a case whose diagnostics are all warnings, compile with exactly those warnings), its
//! rendered diagnostics must match its insta snapshot in `tests/fixtures/snapshots/NAME.snap`,
//! and each machine-applicable fix, applied, must remove its diagnostic. Every file (or
//! directory of files) under `tests/fixtures/valid/` must compile without warnings. A case
//! compiles with no notion of the current time unless its header has `# now: RFC-3339-time`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use std::process::ExitCode;

use fleetform::check::rule_docs;
use fleetform::diagnostic::{Diagnostic, SourceFile, SourceMap, render_fancy, render_short};
use fleetform::{Options, compile};
use libtest_mimic::{Arguments, Failed, Trial};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

struct Case {
    name: String,
    sources: SourceMap,
    expect: BTreeSet<String>,
    /// `# now:` of the header: the build time, for rules about schedules in the past.
    now: Option<jiff::Timestamp>,
}

/// The `# now:` time of a file's leading comment lines.
fn header_now(text: &str) -> Option<jiff::Timestamp> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.trim_start_matches('#').trim().strip_prefix("now:"))
        .map(|t| t.trim().parse().expect("`# now:` is an RFC 3339 time"))
}

/// The `# expect:` entries of a file's leading comment lines.
fn header(text: &str) -> BTreeSet<String> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.trim_start_matches('#').trim().strip_prefix("expect:"))
        .flat_map(|list| list.split(','))
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    entries
}

/// The cases of `tests/fixtures/{kind}`: every `*.yaml` file and every directory, sorted.
fn case_paths(kind: &str) -> Vec<PathBuf> {
    sorted_entries(&root().join(kind))
        .into_iter()
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

/// The test's name for a case: its path under `tests/fixtures`, so a failure names the file.
fn trial_name(path: &Path) -> String {
    let rel = path
        .strip_prefix(root())
        .expect("under tests/fixtures")
        .to_string_lossy()
        .replace('\\', "/");
    if path.is_dir() {
        format!("{rel}/")
    } else {
        rel
    }
}

/// An invalid case: a `NAME.yaml` file, or a directory `NAME/` whose `app.yaml` has the header.
fn load_invalid_case(path: &Path) -> Result<Case, String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 name")
        .to_owned();
    let mut sources = SourceMap::default();
    let expect = if path.is_dir() {
        // `app.yaml` first, so "first defined here" points into it.
        let mut files: Vec<PathBuf> = sorted_entries(path)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort_by_key(|p| p.file_name().is_none_or(|n| n != "app.yaml"));
        for file in &files {
            let name = file
                .file_name()
                .and_then(|s| s.to_str())
                .expect("utf-8 name");
            sources.add(SourceFile {
                name: format!("{stem}/{name}"),
                text: read(file),
            });
        }
        let app = path.join("app.yaml");
        if !app.is_file() {
            return Err(format!(
                "a directory case has its `# expect:` header in `{stem}/app.yaml`, which is missing"
            ));
        }
        header(&read(&app))
    } else {
        let text = read(path);
        let expect = header(&text);
        sources.add(SourceFile {
            name: format!("{stem}.yaml"),
            text,
        });
        expect
    };
    if expect.is_empty() {
        return Err(format!("fixture `{stem}` has no `# expect:` header"));
    }
    let now = sources
        .ids()
        .next()
        .and_then(|id| header_now(&sources.get(id).text));
    Ok(Case {
        name: stem,
        sources,
        expect,
        now,
    })
}

/// Every invalid case; a malformed one fails its own test, so it is left out here.
fn load_invalid() -> Vec<Case> {
    case_paths("invalid")
        .iter()
        .filter_map(|p| load_invalid_case(p).ok())
        .collect()
}

/// `CODE@line:col`, with the file name when the label is not in the case's main file.
fn position(d: &Diagnostic, case: &Case) -> String {
    let Some(span) = d.primary() else {
        return format!("{}@none", d.code);
    };
    let (line, col) = case.sources.line_col(span.file, span.start);
    let file = &case.sources.get(span.file).name;
    let main = file == &format!("{}.yaml", case.name) || file == &format!("{}/app.yaml", case.name);
    if main {
        format!("{}@{line}:{col}", d.code)
    } else {
        let short = file.rsplit('/').next().unwrap_or(file);
        format!("{}@{short}:{line}:{col}", d.code)
    }
}

fn diagnostics(case: &Case) -> Result<Vec<Diagnostic>, String> {
    let options = Options {
        now: case.now,
        ..Options::default()
    };
    match compile(&case.sources, &options) {
        Err(diags) => Ok(diags),
        // A warnings-only case: it compiles, and its header lists exactly those warnings.
        Ok(build) if !build.warnings.is_empty() => Ok(build.warnings),
        Ok(build) => Err(format!(
            "compiled without errors (warnings: {})",
            build
                .warnings
                .iter()
                .map(|d| position(d, case))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// One invalid case: exactly the diagnostics of its header, its rendered diagnostics as in its
/// snapshot, and every machine-applicable fix listed and, applied, removing its diagnostic.
fn invalid_case(path: &Path) -> Result<(), Failed> {
    let case = load_invalid_case(path)?;
    let diags = diagnostics(&case)?;
    // The registry's severity is the one the docs and SARIF state.
    if let Some(d) = diags.iter().find(|d| d.severity != d.code.severity()) {
        return Err(format!(
            "{} is reported as {:?}, the registry says {:?}",
            d.code,
            d.severity,
            d.code.severity()
        )
        .into());
    }
    let got: BTreeSet<String> = diags.iter().map(|d| position(d, &case)).collect();
    if got != case.expect || got.len() != diags.len() {
        return Err(format!(
            "expected: {}\ngot:      {}\n{}",
            case.expect.iter().cloned().collect::<Vec<_>>().join(", "),
            got.iter().cloned().collect::<Vec<_>>().join(", "),
            render_short(&diags, &case.sources)
        )
        .into());
    }
    let text = format!(
        "{}\n{}",
        render_short(&diags, &case.sources),
        render_fancy(&diags, &case.sources, false)
    );
    insta::with_settings!({ snapshot_path => "fixtures/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(case.name.clone(), text);
    });
    for d in diags.iter().filter(|d| d.fix.is_some()) {
        if !FIXED_CODES.contains(&d.code.as_str()) {
            return Err(format!("{} has a fix but is not in FIXED_CODES", d.code).into());
        }
    }
    fixes_remove_their_diagnostic(&case, &diags)?;
    Ok(())
}

/// One valid case (a file, or a directory of files): it compiles without warnings.
fn valid_case(path: &Path) -> Result<(), Failed> {
    let name = path
        .file_name()
        .and_then(|s| s.to_str())
        .expect("utf-8 name");
    let files: Vec<PathBuf> = if path.is_dir() {
        sorted_entries(path)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    let mut sources = SourceMap::default();
    for file in &files {
        let file_name = file
            .file_name()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        sources.add(SourceFile {
            name: format!("{name}/{file_name}"),
            text: read(file),
        });
    }
    match compile(&sources, &Options::default()) {
        Ok(build) if !build.warnings.is_empty() => Err(format!(
            "compiles with warnings:\n{}",
            render_short(&build.warnings, &sources)
        )
        .into()),
        Ok(build) if build.apps.is_empty() => Err("no app built".into()),
        Ok(_) => Ok(()),
        Err(diags) => Err(format!("does not compile:\n{}", render_short(&diags, &sources)).into()),
    }
}

/// One test per fixture, named by its path under `tests/fixtures` (`invalid/NAME.yaml`,
/// `valid/NAME/`), found by listing the directories: a new fixture needs no list entry. Then
/// the tests about all fixtures together.
fn main() -> ExitCode {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for (kind, run) in [
        ("invalid", invalid_case as fn(&Path) -> Result<(), Failed>),
        ("valid", valid_case),
    ] {
        for path in case_paths(kind) {
            trials.push(Trial::test(trial_name(&path), move || run(&path)));
        }
    }
    trials.extend([
        Trial::test("fixtures_are_found", fixtures_are_found),
        Trial::test("every_code_has_a_fixture", every_code_has_a_fixture),
        Trial::test("fix_lists_agree", fix_lists_agree),
        Trial::test(
            "every_fixed_code_is_exercised_by_a_fixture",
            every_fixed_code_is_exercised_by_a_fixture,
        ),
        Trial::test(
            "every_fixture_snapshot_has_its_fixture",
            every_fixture_snapshot_has_its_fixture,
        ),
    ]);
    libtest_mimic::run(&args, trials).exit_code()
}

/// The directories are read: an empty or moved fixtures tree would pass every other test.
fn fixtures_are_found() -> Result<(), Failed> {
    let (invalid, valid) = (case_paths("invalid").len(), case_paths("valid").len());
    if invalid < 25 || valid < 3 {
        return Err(format!("only {invalid} invalid and {valid} valid fixtures").into());
    }
    Ok(())
}

/// A snapshot whose fixture was renamed or removed is stale: insta would never read it again.
fn every_fixture_snapshot_has_its_fixture() -> Result<(), Failed> {
    let dir = root().join("snapshots");
    let orphans: Vec<String> = sorted_entries(&dir)
        .iter()
        .filter_map(|p| {
            p.file_name()?
                .to_str()?
                .strip_suffix(".snap")
                .map(str::to_owned)
        })
        .filter(|name| {
            let case = root().join("invalid").join(name);
            !case.is_dir() && !case.with_extension("yaml").is_file()
        })
        .collect();
    if orphans.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "snapshots without a fixture in tests/fixtures/invalid (delete them): {orphans:?}"
        )
        .into())
    }
}

/// Codes no fixture can reach, each with the reason.
const UNREACHABLE: &[(&str, &str)] = &[
    (
        "FF0006",
        "fixtures are read as UTF-8 text; decoding is tested in source.rs",
    ),
    (
        "FF0008",
        "needs a file nested hundreds of levels deep; tested in source.rs",
    ),
    (
        "FF0022",
        "needs 64 MiB of key paths (a long key above many values); tested in source/tests.rs and the hostile corpus",
    ),
    (
        "FF0020",
        "found by the CLI while gathering files: fixtures in tests/fixtures/cli (tests/hostile/trees.rs)",
    ),
    (
        "FF0021",
        "found by the CLI while gathering files: fixtures in tests/fixtures/cli (tests/hostile/trees.rs)",
    ),
    (
        "FF0035",
        "found by the CLI while gathering files: fixtures in tests/fixtures/cli (tests/hostile/trees.rs)",
    ),
    (
        "FF0036",
        "found by the CLI while gathering files: fixtures in tests/fixtures/cli (tests/hostile/trees.rs)",
    ),
    (
        "FF0037",
        "a path on the command line that cannot be read: tests/hostile/includes.rs",
    ),
    (
        "FF0901",
        "needs a stack of 500 resources; tested in limits.rs",
    ),
    ("FF0902", "needs a template over 1 MB; tested in limits.rs"),
    (
        "FF0701",
        "an import note: fixtures in tests/fixtures/import (tests/import.rs)",
    ),
    (
        "FF0702",
        "an import note: fixtures in tests/fixtures/import (tests/import.rs)",
    ),
    (
        "FF0703",
        "an import note: fixtures in tests/fixtures/import (tests/import.rs)",
    ),
    (
        "FF0704",
        "an import note: fixtures in tests/fixtures/import (tests/import.rs)",
    ),
    (
        "FF0710",
        "an import error: fixtures in tests/fixtures/import (tests/import.rs)",
    ),
    (
        "FF0711",
        "an import error: fixtures in tests/fixtures/import (tests/import.rs)",
    ),
    (
        "FF0109",
        "a fleetform bug (the model rejects what the schema accepted): none is known; the diagnostic is tested in src/check/tests.rs",
    ),
    (
        "FF0903",
        "a warning for templates over 51,200 bytes; tested in limits.rs",
    ),
    (
        "FF0904",
        "needs 61 dynamic references in one template; tested in limits.rs",
    ),
    (
        "FF0905",
        "needs over 10,000 stacks; tested with a lowered cap in tests/output_caps.rs",
    ),
    (
        "FF0906",
        "needs over 256 MB of output; tested with a lowered cap in tests/output_caps.rs",
    ),
];

fn every_code_has_a_fixture() -> Result<(), Failed> {
    let covered: BTreeSet<String> = load_invalid()
        .iter()
        .flat_map(|c| {
            c.expect
                .iter()
                .map(|e| e.split('@').next().unwrap_or_default().to_owned())
        })
        .collect();
    let missing: Vec<&str> = rule_docs()
        .iter()
        .map(|d| d.code)
        .filter(|code| !covered.contains(*code) && !UNREACHABLE.iter().any(|(c, _)| c == code))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "codes without a fixture: {missing:?}; add one to tests/fixtures/invalid or, if \
             no fixture can reach it, to UNREACHABLE with the reason"
        )
        .into());
    }
    let unknown: Vec<&String> = covered
        .iter()
        .filter(|code| fleetform::diagnostic::Code::parse(code).is_none())
        .collect();
    if !unknown.is_empty() {
        return Err(
            format!("fixtures expect codes the registry does not have: {unknown:?}").into(),
        );
    }
    for (code, _) in UNREACHABLE {
        if !rule_docs().iter().any(|d| d.code == *code) {
            return Err(format!("allowlisted `{code}` is not a known code").into());
        }
        if covered.contains(*code) {
            return Err(format!(
                "allowlisted `{code}` has a fixture now: drop it from UNREACHABLE"
            )
            .into());
        }
    }
    Ok(())
}

/// Codes whose help proposes one concrete edit, carried as a machine-applicable fix. Each must
/// be exercised by an invalid fixture, so a fix that is dropped (or never set) fails here.
/// FF0036 (found by the CLI) has one too: tests/hostile/includes.rs applies it.
const FIXED_CODES: &[&str] = &[
    "FF0102", "FF0108", "FF0343", "FF0350", "FF0355", "FF0360", "FF0372", "FF0402", "FF0404",
    "FF0410", "FF0419", "FF0420", "FF0496",
];

/// Codes whose help proposes an edit with no fix, each with the reason: the edit needs a value
/// only the user has, or is one of several choices fleetform cannot make. None of them may
/// carry a fix without moving to [`FIXED_CODES`].
const NOT_MACHINE_APPLICABLE: &[(&str, &str)] = &[
    (
        "FF0020",
        "remove the entry or move the files: the user's choice",
    ),
    (
        "FF0021",
        "remove the entry: which file was meant is the user's",
    ),
    ("FF0035", "the path that was meant is the user's"),
    ("FF0302", "the version to pin is the user's"),
    ("FF0311", "the parameter or secret name is the user's"),
    (
        "FF0334",
        "`{{region}}a` or a per-region var: depends on the zones the user wants",
    ),
    (
        "FF0404",
        "a missing region's certificate ARN is the user's (a wrong partition alone has a fix)",
    ),
    (
        "FF0411",
        "`{{region}}` only if every region has its own resource, else a per-environment var",
    ),
    ("FF0412", "the registry must be replicated first"),
    ("FF0413", "the registry must be replicated first"),
    (
        "FF0421",
        "which routes to drop or how many load balancers to declare is the user's",
    ),
    (
        "FF0425",
        "adds an override block rather than replacing a span: tests/help_lines.rs applies it",
    ),
    ("FF0505", "the connection ARN is the user's"),
    ("FF0600", "the target's name is the user's"),
    ("FF0602", "the domain name is the user's"),
    (
        "FF0631",
        "enable Container Insights or drop the task alarms: the user's choice",
    ),
    ("FF0642", "the parameter path is the user's"),
];

/// No code is listed both as fixed and as not machine-applicable (FF0404 is both: a wrong
/// partition has a fix, a missing region's certificate does not).
fn fix_lists_agree() -> Result<(), Failed> {
    for (code, _) in NOT_MACHINE_APPLICABLE {
        if *code != "FF0404" && FIXED_CODES.contains(code) {
            return Err(format!("{code} is listed both ways").into());
        }
    }
    Ok(())
}

/// The case with `fix` applied to the file it edits.
fn with_fix(case: &Case, fix: &fleetform::diagnostic::Fix) -> SourceMap {
    let mut sources = SourceMap::default();
    for id in case.sources.ids() {
        let file = case.sources.get(id);
        let mut text = file.text.clone();
        if id == fix.span.file {
            text.replace_range(fix.span.start..fix.span.end, &fix.replacement);
        }
        sources.add(SourceFile {
            name: file.name.clone(),
            text,
        });
    }
    sources
}

/// What a diagnostic says, without where: an edit may move the others.
fn said(d: &Diagnostic) -> String {
    format!("{}: {}", d.code, d.message)
}

/// Every machine-applicable fix of a case, applied literally to its fixture, makes its
/// diagnostic go away and brings no new one: the rest of the fixture's problems are there on
/// purpose.
fn fixes_remove_their_diagnostic(case: &Case, diags: &[Diagnostic]) -> Result<(), String> {
    let mut failures = Vec::new();
    for (i, d) in diags.iter().enumerate() {
        let Some(fix) = &d.fix else { continue };
        let mut want: Vec<String> = diags
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, d)| said(d))
            .collect();
        let sources = with_fix(case, fix);
        let got: Vec<String> = match compile(&sources, &Options::default()) {
            Ok(build) => build.warnings.iter().map(said).collect(),
            Err(diags) => diags.iter().map(said).collect(),
        };
        let new: Vec<&String> = got
            .iter()
            .filter(|g| {
                let pos = want.iter().position(|w| w == *g);
                pos.map(|p| want.remove(p)).is_none()
            })
            .collect();
        if !new.is_empty() {
            failures.push(format!(
                "replacing with `{}` for `{}` leaves or brings {new:?}",
                fix.replacement,
                said(d)
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// Every code in [`FIXED_CODES`] has its fix shown by some fixture, so a fix that is dropped
/// (or never set) fails here.
fn every_fixed_code_is_exercised_by_a_fixture() -> Result<(), Failed> {
    let fixed: BTreeSet<&str> = load_invalid()
        .iter()
        .filter_map(|case| diagnostics(case).ok())
        .flatten()
        .filter(|d| d.fix.is_some())
        .map(|d| d.code.as_str())
        .collect();
    let missing: Vec<&&str> = FIXED_CODES
        .iter()
        .filter(|c| !fixed.contains(**c))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("no fixture exercises the fix of {missing:?}").into())
    }
}
