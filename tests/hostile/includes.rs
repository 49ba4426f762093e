//! File-level problems of an `include:` entry (a missing file, a Windows-style path, a file over
//! 8 MiB, a FIFO) are diagnostics located on the entry, in every `--diagnostics` format: a CI
//! job that uploads SARIF must get a SARIF document, not a bare `error:` line. And `include: [.]`
//! works when the app file is named without a directory.

use std::fs;

use serde_json::Value;

use super::trees::{fleetform, mkfifo, write, write_app_including};

/// The one diagnostic of `validate` in `--diagnostics json`, with exit 1.
fn only_diagnostic(repo: &std::path::Path) -> Value {
    let run = fleetform(&["--diagnostics", "json", "validate"], repo);
    assert_eq!(run.code, Some(1), "{}", run.both());
    let doc: Value = serde_json::from_str(&run.stderr)
        .unwrap_or_else(|e| panic!("stderr is not one JSON document ({e}):\n{}", run.both()));
    let diags = doc["diagnostics"].as_array().expect("a list");
    assert_eq!(diags.len(), 1, "{doc:#}");
    diags[0].clone()
}

#[test]
fn a_missing_include_is_ff0035_on_the_entry_in_every_format() {
    let repo = tempfile::tempdir().expect("temp dir");
    write_app_including(repo.path(), "services/web.yaml");
    let d = only_diagnostic(repo.path());
    assert_eq!(d["code"], "FF0035", "{d:#}");
    assert_eq!(d["file"], "blueprints/app.yaml", "{d:#}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(11))
    );
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("`blueprints/app.yaml` includes `services/web.yaml`")),
        "{d:#}"
    );
    let sarif = fleetform(&["--diagnostics", "sarif", "validate"], repo.path());
    assert_eq!(sarif.code, Some(1), "{}", sarif.both());
    let doc: Value = serde_json::from_str(&sarif.stderr).expect("one SARIF document");
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "FF0035", "{doc:#}");
    fleetform(&["--diagnostics", "short", "validate"], repo.path())
        .expect(1, "blueprints/app.yaml:3:11: error[FF0035]");
}

#[test]
fn a_windows_style_include_is_ff0036_with_the_path_to_write() {
    let repo = tempfile::tempdir().expect("temp dir");
    write_app_including(repo.path(), r"services\web.yaml");
    let d = only_diagnostic(repo.path());
    assert_eq!(d["code"], "FF0036", "{d:#}");
    assert_eq!(d["help"], "write `services/web.yaml`", "{d:#}");
}

/// FF0036's fix, as `--diagnostics json` gives it, applied to the file: the blueprint validates.
#[test]
fn the_fix_of_a_windows_style_include_validates() {
    let repo = tempfile::tempdir().expect("temp dir");
    write_app_including(repo.path(), r"services\web.yaml");
    write(
        repo.path(),
        "blueprints/services/web.yaml",
        "blueprint: 1\napp: hello\nservices:\n  api:\n    image: api:1.0\n    cpu: 256\n    memory: 512\n",
    );
    let d = only_diagnostic(repo.path());
    let fix = &d["fix"];
    assert_eq!(fix["file"], "blueprints/app.yaml", "{d:#}");
    let app = repo.path().join("blueprints/app.yaml");
    let text = fs::read_to_string(&app).expect("read");
    let line = usize::try_from(fix["line"].as_u64().expect("line")).expect("small");
    let (start, end) = (
        fix["column"].as_u64().expect("column"),
        fix["end_column"].as_u64().expect("end"),
    );
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let chars: Vec<char> = lines[line - 1].chars().collect();
    let (start, end) = (
        usize::try_from(start - 1).expect("small"),
        usize::try_from(end - 1).expect("small"),
    );
    let replacement = fix["replacement"].as_str().expect("text");
    lines[line - 1] = format!(
        "{}{replacement}{}",
        chars[..start].iter().collect::<String>(),
        chars[end..].iter().collect::<String>()
    );
    fs::write(&app, lines.join("\n") + "\n").expect("write");
    let run = fleetform(&["validate"], repo.path());
    assert_eq!(run.code, Some(0), "{}", run.both());
}

#[test]
fn an_oversized_or_irregular_include_is_ff0035_without_a_hang() {
    let repo = tempfile::tempdir().expect("temp dir");
    // Outside `blueprints/`, which `validate` reads whole: only the include reaches it.
    write_app_including(repo.path(), "../big.yaml");
    let big = fs::File::create(repo.path().join("big.yaml")).expect("create");
    big.set_len(8 * 1024 * 1024 + 1).expect("grow");
    let d = only_diagnostic(repo.path());
    assert_eq!(d["code"], "FF0035", "{d:#}");
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains("is over")),
        "{d:#}"
    );
    fs::remove_file(repo.path().join("big.yaml")).expect("rm");
    mkfifo(&repo.path().join("big.yaml"));
    let d = only_diagnostic(repo.path());
    assert_eq!(d["code"], "FF0035", "{d:#}");
}

#[test]
fn include_dot_works_for_an_app_file_named_without_a_directory() {
    let repo = tempfile::tempdir().expect("temp dir");
    write_app_including(repo.path(), ".");
    let dir = repo.path().join("blueprints");
    write(
        &dir,
        "api.yaml",
        "blueprint: 1\napp: hello\nservices:\n  api:\n    image: public.ecr.aws/nginx/nginx:1.27\n    cpu: 256\n    memory: 512\n",
    );
    let run = fleetform(&["validate", "app.yaml"], &dir);
    assert_eq!(run.code, Some(0), "{}", run.both());
    assert_eq!(run.stdout, "ok: 2 files, 1 app\n", "{}", run.both());
}

/// A path on the command line that cannot be read has no entry to point at: exit 2, and under
/// `json` or `sarif` one diagnostic without a location (FF0037), still one document.
#[test]
fn an_unreadable_command_line_path_is_one_document_in_json_and_sarif() {
    let repo = tempfile::tempdir().expect("temp dir");
    let sarif = fleetform(
        &["--diagnostics", "sarif", "validate", "missing.yaml"],
        repo.path(),
    );
    assert_eq!(sarif.code, Some(2), "{}", sarif.both());
    let doc: Value = serde_json::from_str(&sarif.stderr)
        .unwrap_or_else(|e| panic!("not one SARIF document ({e}):\n{}", sarif.both()));
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "FF0037", "{doc:#}");
    assert!(result.get("locations").is_none(), "{doc:#}");
    let json = fleetform(&["--diagnostics", "json", "check", "missing"], repo.path());
    assert_eq!(json.code, Some(2), "{}", json.both());
    let doc: Value = serde_json::from_str(&json.stderr).expect("one JSON document");
    assert_eq!(doc["diagnostics"][0]["code"], "FF0037", "{doc:#}");
    assert!(
        doc["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`missing`")),
        "{doc:#}"
    );
    // People keep the plain line.
    fleetform(&["validate", "missing.yaml"], repo.path())
        .expect(2, "error: cannot read `missing.yaml`");
}
