//! `schemas/blueprint.schema.json` is the schema generated from the model
//! (`fleetform::model::blueprint_schema`), checked in for editors and read by `check`.
//! `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test schema` rewrites it.

use std::fs;
use std::path::PathBuf;

#[test]
fn checked_in_schema_is_the_generated_one() {
    let rel = "schemas/blueprint.schema.json";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let generated = fleetform::model::blueprint_schema_text();
    if std::env::var_os("FLEETFORM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        fs::write(&path, &generated).unwrap();
        return;
    }
    let stored = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{rel} is stale; FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test schema rewrites it\n{}",
        similar::TextDiff::from_lines(&stored, &generated)
            .unified_diff()
            .header(rel, "generated")
    );
    // What `check` validates against is this same text.
    assert_eq!(fleetform::check::SCHEMA, generated);
}
