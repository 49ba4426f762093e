//! Fixture tests. Each `tests/fixtures/invalid/NAME.yaml` (or directory `NAME/` whose
//! `app.yaml` carries the header) starts with a comment `# expect: CODE@line:col, …` listing
//! every diagnostic by the 1-based line and column of its primary label; a label in another file
//! of a directory case is `CODE@file.yaml:line:col`. The case must fail to compile with exactly
//! those diagnostics (or, for a case whose diagnostics are all warnings, compile with exactly
//! those warnings), and its rendered diagnostics are snapshot-tested. Every file (or
//! directory of files) under `tests/fixtures/valid/` must compile without warnings. A case
//! compiles with no notion of the current time unless its header has `# now: RFC-3339-time`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fleetform::check::rule_docs;
use fleetform::diagnostic::{Diagnostic, SourceFile, SourceMap, render_fancy, render_short};
use fleetform::{Options, compile};

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

fn load_invalid() -> Vec<Case> {
    let mut cases = Vec::new();
    for path in sorted_entries(&root().join("invalid")) {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let mut sources = SourceMap::default();
        let expect = if path.is_dir() {
            // `app.yaml` first, so "first defined here" points into it.
            let mut files: Vec<PathBuf> = sorted_entries(&path)
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
            header(&read(&path.join("app.yaml")))
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = read(&path);
            let expect = header(&text);
            sources.add(SourceFile {
                name: format!("{stem}.yaml"),
                text,
            });
            expect
        } else {
            continue;
        };
        assert!(
            !expect.is_empty(),
            "fixture `{stem}` has no `# expect:` header"
        );
        let now = sources
            .ids()
            .next()
            .and_then(|id| header_now(&sources.get(id).text));
        cases.push(Case {
            name: stem,
            sources,
            expect,
            now,
        });
    }
    cases
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

#[test]
fn invalid_fixtures_report_exactly_the_expected_diagnostics() {
    let cases = load_invalid();
    assert!(cases.len() >= 25, "only {} invalid fixtures", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        match diagnostics(case) {
            Err(why) => failures.push(format!("{}: {why}", case.name)),
            Ok(diags) => {
                // The registry's severity is the one the docs and SARIF state.
                for d in diags.iter().filter(|d| d.severity != d.code.severity()) {
                    failures.push(format!(
                        "{}: {} is reported as {:?}, the registry says {:?}",
                        case.name,
                        d.code,
                        d.severity,
                        d.code.severity()
                    ));
                }
                let got: BTreeSet<String> = diags.iter().map(|d| position(d, case)).collect();
                if got != case.expect || got.len() != diags.len() {
                    failures.push(format!(
                        "{}:\n  expected: {}\n  got:      {}\n{}",
                        case.name,
                        case.expect.iter().cloned().collect::<Vec<_>>().join(", "),
                        got.iter().cloned().collect::<Vec<_>>().join(", "),
                        render_short(&diags, &case.sources)
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn invalid_fixture_snapshots() {
    for case in load_invalid() {
        let Ok(diags) = diagnostics(&case) else {
            continue;
        };
        let text = format!(
            "{}\n{}",
            render_short(&diags, &case.sources),
            render_fancy(&diags, &case.sources, false)
        );
        insta::with_settings!({ snapshot_path => "fixtures/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(case.name.clone(), text);
        });
    }
}

#[test]
fn valid_fixtures_compile() {
    let mut count = 0;
    for path in sorted_entries(&root().join("valid")) {
        let name = path
            .file_name()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let files: Vec<PathBuf> = if path.is_dir() {
            sorted_entries(&path)
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        } else if path.extension().is_some_and(|e| e == "yaml") {
            vec![path.clone()]
        } else {
            continue;
        };
        count += 1;
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
            Ok(build) => {
                assert!(
                    build.warnings.is_empty(),
                    "{name}: {}",
                    render_short(&build.warnings, &sources)
                );
                assert!(!build.apps.is_empty(), "{name}: no app built");
            }
            Err(diags) => panic!(
                "{name} does not compile:\n{}",
                render_short(&diags, &sources)
            ),
        }
    }
    assert!(count >= 3, "only {count} valid fixtures");
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

#[test]
fn every_code_has_a_fixture() {
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
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    let unknown: Vec<&String> = covered
        .iter()
        .filter(|code| fleetform::diagnostic::Code::parse(code).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "fixtures expect codes the registry does not have: {unknown:?}"
    );
    for (code, _) in UNREACHABLE {
        assert!(
            rule_docs().iter().any(|d| d.code == *code),
            "allowlisted `{code}` is not a known code"
        );
        assert!(
            !covered.contains(*code),
            "allowlisted `{code}` has a fixture now: drop it from the list"
        );
    }
}

/// Codes whose help proposes one concrete edit, carried as a machine-applicable fix. Each must
/// be exercised by an invalid fixture, so a fix that is dropped (or never set) fails here.
/// FF0036 (found by the CLI) has one too: tests/hostile/includes.rs applies it.
const FIXED_CODES: &[&str] = &[
    "FF0102", "FF0108", "FF0343", "FF0350", "FF0355", "FF0360", "FF0372", "FF0402", "FF0404",
    "FF0410", "FF0419", "FF0420",
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
        "which routes to drop or how to split the app is the user's",
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

/// Every fix a fixture shows belongs to a code listed as fixed, so the list stays the truth.
#[test]
fn every_fix_belongs_to_a_listed_code() {
    for (code, _) in NOT_MACHINE_APPLICABLE {
        assert!(
            *code == "FF0404" || !FIXED_CODES.contains(code),
            "{code} is listed both ways"
        );
    }
    for case in load_invalid() {
        let Ok(diags) = diagnostics(&case) else {
            continue;
        };
        for d in diags.iter().filter(|d| d.fix.is_some()) {
            assert!(
                FIXED_CODES.contains(&d.code.as_str()),
                "{}: {} has a fix but is not in FIXED_CODES",
                case.name,
                d.code
            );
        }
    }
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

/// Every machine-applicable fix, applied literally to its fixture, makes its diagnostic go away
/// and brings no new one: the rest of the fixture's problems are there on purpose.
#[test]
fn every_fix_applied_to_its_fixture_removes_its_diagnostic_and_adds_none() {
    let mut fixed = BTreeSet::new();
    let mut failures = Vec::new();
    for case in load_invalid() {
        let Ok(diags) = diagnostics(&case) else {
            continue;
        };
        for (i, d) in diags.iter().enumerate() {
            let Some(fix) = &d.fix else { continue };
            fixed.insert(d.code.as_str());
            let mut want: Vec<String> = diags
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, d)| said(d))
                .collect();
            let sources = with_fix(&case, fix);
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
                    "{}: replacing with `{}` for `{}` leaves or brings {new:?}",
                    case.name,
                    fix.replacement,
                    said(d)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let missing: Vec<&&str> = FIXED_CODES
        .iter()
        .filter(|c| !fixed.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture exercises the fix of {missing:?}"
    );
}
