//! The import corpus, `tests/fixtures/import/corpus/{compose,copilot}/CASE/`: small inputs
//! shaped like real projects, one per behaviour of issue 17 plus whole apps. For each case:
//!
//! - `fleetform import` (the CLI, so `.env`, add-ons and overrides are read as users get them)
//!   must succeed, and its notes and blueprint are snapshot-tested;
//! - the blueprint must compile with the library's `compile`;
//! - fidelity: every key of every input file must be either mapped (one of the patterns below,
//!   whose result the snapshot shows) or named by a note at that key (a note that something is
//!   not carried over or skipped also covers everything under its key). A key the importer
//!   neither maps nor notes fails the test instead of vanishing.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{code, fleetform, root, stderr, stdout};
use fleetform::diagnostic::{Diagnostic, FileId, SourceFile, SourceMap, render_short};
use fleetform::import::{compose, copilot};
use fleetform::source::{self, Document};
use fleetform::{Options, compile};
use serde_json::Value;

/// Compose keys the importer maps (see docs/import.md). `*` is one key, `x-*` any key starting
/// with `x-`, `**` anything below (or nothing).
const COMPOSE_MAPPED: &[&str] = &[
    "/name",
    // Obsolete: Compose ignores it.
    "/version",
    "/x-*/**",
    "/services",
    "/services/*",
    "/services/*/x-*/**",
    "/services/*/image",
    // Noted as a whole: the image is built in CI instead.
    "/services/*/build/**",
    "/services/*/command/**",
    "/services/*/entrypoint/**",
    "/services/*/environment/**",
    "/services/*/secrets/**",
    "/services/*/healthcheck",
    "/services/*/healthcheck/test/**",
    "/services/*/healthcheck/interval",
    "/services/*/healthcheck/timeout",
    "/services/*/healthcheck/retries",
    "/services/*/healthcheck/start_period",
    "/services/*/healthcheck/disable",
    "/services/*/deploy",
    "/services/*/deploy/replicas",
    "/services/*/deploy/resources",
    "/services/*/deploy/resources/limits",
    "/services/*/deploy/resources/limits/cpus",
    "/services/*/deploy/resources/limits/memory",
    "/services/*/deploy/resources/reservations",
    "/services/*/deploy/resources/reservations/cpus",
    "/services/*/deploy/resources/reservations/memory",
    "/services/*/cpus",
    "/services/*/mem_limit",
    "/services/*/ports",
    "/services/*/ports/0/**",
    "/services/*/expose",
    "/services/*/expose/0/**",
    "/services/*/depends_on/**",
];

/// Copilot keys the importer maps, in service, job, environment and `.workspace` files.
const COPILOT_MAPPED: &[&str] = &[
    "/application",
    "/name",
    "/type",
    "/image",
    "/image/location",
    "/image/build/**",
    "/image/port",
    "/image/healthcheck/**",
    "/cpu",
    "/memory",
    "/count",
    "/count/range/**",
    "/count/spot",
    "/count/cpu_percentage",
    "/count/cpu_percentage/value",
    "/count/memory_percentage",
    "/count/memory_percentage/value",
    "/count/requests",
    "/count/requests/value",
    "/count/cooldown",
    "/count/cooldown/in",
    "/count/cooldown/out",
    "/http",
    "/http/path",
    "/http/alias/**",
    "/http/healthcheck",
    "/http/healthcheck/path",
    "/http/target_container",
    "/variables/**",
    "/secrets/**",
    "/command/**",
    "/entrypoint/**",
    "/sidecars",
    "/sidecars/*",
    "/sidecars/*/image/**",
    "/sidecars/*/port",
    "/sidecars/*/essential",
    "/sidecars/*/variables/**",
    "/sidecars/*/secrets/**",
    "/sidecars/*/command/**",
    "/sidecars/*/entrypoint/**",
    "/sidecars/*/healthcheck/**",
    "/on",
    "/on/schedule",
    "/logging",
    "/logging/retention",
    "/deployment",
    "/deployment/rolling",
    "/environments",
    "/environments/*",
    "/environments/*/variables/**",
    "/network",
    "/network/vpc",
    "/network/vpc/placement",
    "/network/vpc/id",
    "/network/vpc/cidr",
    "/network/vpc/subnets/**",
    "/network/connect/**",
    "/exec",
];

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/import/corpus").join(kind);
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    cases
}

fn name_of(case: &Path) -> String {
    case.file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name")
        .to_owned()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .expect("under the root")
        .to_str()
        .expect("utf-8 path")
        .to_owned()
}

/// Runs the CLI import, compiles its blueprint and snapshots both.
fn import_and_snapshot(kind: &str, case: &Path, input: &Path) {
    let name = name_of(case);
    let rel = relative(input);
    let args = [
        "--diagnostics",
        "short",
        "import",
        kind,
        rel.as_str(),
        "--region",
        "eu-west-1",
    ];
    let out = fleetform(&args, &root());
    assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    let blueprint = stdout(&out);
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: format!("{name}.yaml"),
        text: blueprint.clone(),
    });
    let warnings = match compile(&sources, &Options::default()) {
        Ok(build) => {
            assert!(!build.files.is_empty(), "{name}: nothing built");
            render_short(&build.warnings, &sources)
        }
        Err(diags) => panic!(
            "{name}: the imported blueprint does not compile:\n{}\n{blueprint}",
            render_short(&diags, &sources)
        ),
    };
    let text = format!(
        "--- notes\n{}--- blueprint\n{blueprint}--- compile warnings\n{warnings}",
        stderr(&out)
    );
    insta::with_settings!({ snapshot_path => "snapshots/import_corpus", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("{kind}-{name}"), text);
    });
}

/// Every key and list item of `value`, as JSON pointers.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", source::escape_token(k));
                out.push(p.clone());
                pointers(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, &p, out);
            }
        }
        _ => {}
    }
}

fn matches(pattern: &str, pointer: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').skip(1).collect();
    let pointer: Vec<&str> = pointer.split('/').skip(1).collect();
    for (i, p) in pattern.iter().enumerate() {
        if *p == "**" {
            return true;
        }
        let Some(segment) = pointer.get(i) else {
            return false;
        };
        let ok = match p.strip_suffix('*') {
            Some(prefix) => segment.starts_with(prefix),
            None => p == segment,
        };
        if !ok {
            return false;
        }
    }
    pattern.len() == pointer.len()
}

/// The keys of `doc` neither mapped nor named by a note.
fn unaccounted(doc: &Document, mapped: &[&str], notes: &[Diagnostic]) -> Vec<String> {
    let spans: Vec<(&str, fleetform::diagnostic::Span)> = notes
        .iter()
        .filter_map(|n| n.labels.first().map(|l| (n.code.as_str(), l.span)))
        .filter(|(_, s)| s.file == doc.file)
        .collect();
    let has_note = |pointer: &str, whole: bool| {
        doc.spans.key_span(pointer).is_some_and(|span| {
            spans
                .iter()
                .any(|(code, s)| *s == span && (!whole || ["FF0701", "FF0704"].contains(code)))
        })
    };
    let mut all = Vec::new();
    pointers(&doc.value, "", &mut all);
    all.into_iter()
        .filter(|p| {
            if mapped.iter().any(|m| matches(m, p)) || has_note(p, false) {
                return false;
            }
            // A note that a key is not carried over (or skipped) covers what is under it.
            let mut ancestor = p.as_str();
            while let Some((parent, _)) = ancestor.rsplit_once('/') {
                if !parent.is_empty() && has_note(parent, true) {
                    return false;
                }
                ancestor = parent;
            }
            true
        })
        .collect()
}

fn add(sources: &mut SourceMap, path: &Path) -> FileId {
    sources.add(SourceFile {
        name: relative(path),
        text: fs::read_to_string(path).expect("readable"),
    })
}

fn assert_accounted(
    name: &str,
    sources: &SourceMap,
    ids: &[FileId],
    mapped: &[&str],
    notes: &[Diagnostic],
) {
    for &id in ids {
        let doc = source::parse(id, &sources.get(id).text).expect("valid yaml");
        let missing = unaccounted(&doc, mapped, notes);
        assert!(
            missing.is_empty(),
            "{name}: keys of `{}` neither carried over nor noted: {missing:?}",
            sources.get(id).name
        );
    }
}

/// A Copilot workspace read as the CLI reads it (without add-ons and overrides, whose notes
/// point at no key), with the ids of all its files.
fn workspace_of(case: &Path) -> (SourceMap, copilot::Workspace, Vec<FileId>) {
    let mut sources = SourceMap::default();
    let file = case.join(".workspace");
    let mut workspace = copilot::Workspace {
        workspace: file.is_file().then(|| add(&mut sources, &file)),
        ..Default::default()
    };
    let mut ids = Vec::from_iter(workspace.workspace);
    for dir in fs::read_dir(case)
        .expect("case dir")
        .map(|e| e.expect("entry").path())
    {
        let dir_name = name_of(&dir);
        let manifests: Vec<(String, PathBuf)> = if dir_name == "environments" {
            fs::read_dir(&dir)
                .expect("environments")
                .map(|e| e.expect("entry").path())
                .map(|env| (name_of(&env), env.join("manifest.yml")))
                .collect()
        } else {
            vec![(dir_name.clone(), dir.join("manifest.yml"))]
        };
        for (owner, manifest) in manifests.into_iter().filter(|(_, m)| m.is_file()) {
            let id = add(&mut sources, &manifest);
            ids.push(id);
            if dir_name == "environments" {
                workspace.environments.push((owner, id));
            } else {
                workspace.services.push((owner, id));
            }
        }
    }
    workspace.services.sort();
    workspace.environments.sort();
    (sources, workspace, ids)
}

#[test]
fn compose_corpus_imports_compiles_and_accounts_for_every_key() {
    let all = cases("compose");
    assert!(all.len() >= 7, "{all:?}");
    for case in all {
        let name = name_of(&case);
        let file = case.join("compose.yml");
        import_and_snapshot("compose", &case, &file);
        let mut sources = SourceMap::default();
        let id = add(&mut sources, &file);
        let env = case.join(".env");
        let env_files = if env.is_file() {
            vec![add(&mut sources, &env)]
        } else {
            Vec::new()
        };
        let options = compose::Options {
            fallback: name.clone(),
            region: Some("eu-west-1".into()),
            env_files,
            ..Default::default()
        };
        let imported = compose::import(&sources, id, &options).expect("imports");
        assert_accounted(&name, &sources, &[id], COMPOSE_MAPPED, &imported.notes);
    }
}

#[test]
fn copilot_corpus_imports_compiles_and_accounts_for_every_key() {
    let all = cases("copilot");
    assert!(all.len() >= 9, "{all:?}");
    for case in all {
        let name = name_of(&case);
        import_and_snapshot("copilot", &case, &case);
        let (sources, workspace, ids) = workspace_of(&case);
        let options = copilot::Options {
            region: Some("eu-west-1".into()),
            ..Default::default()
        };
        let imported = copilot::import(&sources, &workspace, &options).expect("imports");
        assert_accounted(&name, &sources, &ids, COPILOT_MAPPED, &imported.notes);
    }
}

/// The fidelity check itself catches a key nobody handles.
#[test]
fn an_unhandled_key_is_reported() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    brand_new_key: 1\n";
    let doc = source::parse(FileId(0), text).expect("yaml");
    assert_eq!(
        unaccounted(&doc, COMPOSE_MAPPED, &[]),
        ["/services/web/brand_new_key"]
    );
    assert!(matches("/x-*/**", "/x-common/a/b"));
    assert!(!matches("/services/*/ports/0/**", "/services/a/ports/1"));
}

/// The older import fixtures account for every key too.
#[test]
fn import_fixtures_account_for_every_key() {
    for name in ["voting", "hostile", "wrong-types"] {
        let file = root().join(format!("tests/fixtures/import/compose/{name}.yml"));
        let mut sources = SourceMap::default();
        let id = add(&mut sources, &file);
        let options = compose::Options {
            fallback: name.into(),
            ..Default::default()
        };
        let imported = compose::import(&sources, id, &options).expect("imports");
        assert_accounted(name, &sources, &[id], COMPOSE_MAPPED, &imported.notes);
    }
    for name in ["minimal", "shop", "wrong-types"] {
        let (sources, workspace, ids) =
            workspace_of(&root().join(format!("tests/fixtures/import/copilot/{name}")));
        let imported =
            copilot::import(&sources, &workspace, &copilot::Options::default()).expect("imports");
        assert_accounted(name, &sources, &ids, COPILOT_MAPPED, &imported.notes);
    }
}
