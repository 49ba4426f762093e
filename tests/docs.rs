//! The generated documentation is checked in and current: `docs/reference.md` (from the JSON
//! Schema) and `docs/diagnostics.md` (from `check::rule_docs()`).
//! `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test docs` rewrites them.

use std::fs;
use std::path::PathBuf;

fn current(rel: &str, generated: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("FLEETFORM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        fs::write(&path, generated).unwrap();
        return;
    }
    let stored = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{rel} is stale; FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test docs rewrites it\n{}",
        similar::TextDiff::from_lines(&stored, generated)
            .unified_diff()
            .header(rel, "generated")
    );
}

#[test]
fn reference_is_current() {
    current("docs/reference.md", &fleetform::docgen::reference());
}

#[test]
fn diagnostics_index_is_current() {
    current("docs/diagnostics.md", &fleetform::docgen::diagnostics());
}
