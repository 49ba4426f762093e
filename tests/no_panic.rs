//! Compiling never panics: every valid fixture is mutated line by line (a line dropped, a value
//! replaced by odd scalars and collections) and each variant goes through the whole pipeline
//! (parse, check, lower, emit, limits). Every diagnostic has a label, and the schema never
//! accepts what the model rejects: a variant that passes the JSON Schema deserialises into the
//! model. One test per fixture (libtest-mimic, `harness = false`), named by its file; a failure
//! also names the line and the value of the variant.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::sync::LazyLock;

use fleetform::diagnostic::FileId;
use jsonschema::Validator;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

#[path = "../fuzz/compile_any.rs"]
mod compile_any;

const ODD: &[&str] = &[
    "",
    "~",
    "yes",
    "-1",
    "0",
    "4294967296",
    "1.5",
    "[]",
    "{}",
    "[1, [2]]",
    "\"{{\"",
    "\"{{nope}}\"",
    "*",
];

/// The bundled JSON Schema, compiled once.
static SCHEMA: LazyLock<Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(fleetform::check::SCHEMA).expect("the schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .expect("the schema compiles")
});

/// Whether `value` holds a float with no fraction (`2.0`): JSON Schema's `integer` takes it, the
/// model's integers do not, and `check` reports it against the schema (FF0102), so such a
/// document is not one the schema accepts.
fn has_integral_float(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_f64() && n.as_f64().is_some_and(|f| f.fract() == 0.0),
        Value::Array(items) => items.iter().any(has_integral_float),
        Value::Object(map) => map.values().any(has_integral_float),
        _ => false,
    }
}

/// The schema and the model agree: a document the schema accepts deserialises into the model
/// (else `check` can only report a fleetform bug, FF0107's "the schema accepted what the model
/// rejects").
fn schema_agrees_with_model(text: &str) -> Result<(), String> {
    let Ok(doc) = fleetform::source::parse(FileId(0), text) else {
        return Ok(());
    };
    if !SCHEMA.is_valid(&doc.value) || has_integral_float(&doc.value) {
        return Ok(());
    }
    serde_json::from_value::<fleetform::model::AppFile>(doc.value)
        .map(drop)
        .map_err(|e| format!("the schema accepts what the model rejects: {e}"))
}

/// The fuzz target's property (`fuzz/compile_any.rs`: no panic, an error when the compile
/// fails, every diagnostic labelled inside the file) and [`schema_agrees_with_model`], with
/// the variant named when either fails.
fn run(text: &str, variant: &str) -> Result<(), Failed> {
    catch_unwind(AssertUnwindSafe(|| {
        compile_any::compile_any(text.as_bytes());
    }))
    .map_err(|_| format!("{variant}: compiling panicked (the message is above)"))?;
    schema_agrees_with_model(text).map_err(|e| format!("{variant}: {e}"))?;
    Ok(())
}

/// Every variant of one valid fixture.
fn mutate(path: &Path) -> Result<(), Failed> {
    let text = fs::read_to_string(path).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    let mut variants = 0;
    for i in 0..lines.len() {
        let mut dropped = lines.clone();
        dropped.remove(i);
        run(&dropped.join("\n"), &format!("line {} dropped", i + 1))?;
        variants += 1;
        let Some(colon) = lines[i].find(": ") else {
            continue;
        };
        for odd in ODD {
            let mut changed = lines.clone();
            let replaced = format!("{}: {odd}", &lines[i][..colon]);
            changed[i] = &replaced;
            run(
                &changed.join("\n"),
                &format!("line {} as `{replaced}`", i + 1),
            )?;
            variants += 1;
        }
    }
    if variants < 20 {
        return Err(format!("only {variants} variants").into());
    }
    Ok(())
}

/// The single-file valid fixtures, sorted.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("valid fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let paths = fixtures();
    let count = paths.len();
    let mut trials: Vec<Trial> = paths
        .into_iter()
        .map(|path| {
            let name = format!(
                "mutated/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            Trial::test(name, move || mutate(&path))
        })
        .collect();
    trials.push(Trial::test("fixtures_are_found", move || {
        if count < 5 {
            return Err(format!("only {count} valid fixtures to mutate").into());
        }
        Ok(())
    }));
    libtest_mimic::run(&args, trials).exit_code()
}
