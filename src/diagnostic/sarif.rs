//! SARIF 2.1.0, the format code-scanning services read (GitHub's `upload-sarif`, GitLab, IDEs):
//! one run whose driver is fleetform with every rule it knows, and one result per diagnostic.
//!
//! Columns count Unicode code points (declared with `columnKind`), as the other renderers do;
//! `endColumn` is exclusive, as SARIF wants. Artifact URIs are the file paths as shown
//! elsewhere, relative where possible, with `\` made `/` and anything outside the URI's
//! unreserved characters percent-encoded, so a path with spaces stays a valid URI reference.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::clean::Cleaner;
use super::{Diagnostic, Fix, Label, Severity, SourceMap};

/// One rule for the driver's `rules` (the caller passes `check::rule_docs()`).
#[derive(Debug, Clone, Copy)]
pub struct SarifRule<'a> {
    pub code: &'a str,
    pub title: &'a str,
    /// Markdown: what the rule catches, why, and an example.
    pub explanation: &'a str,
}

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders diagnostics as one SARIF log (always a complete document, also when empty). Every
/// diagnostic is kept, as in JSON; user text is masked and escaped like everywhere else.
pub fn render_sarif(diags: &[Diagnostic], sources: &SourceMap, rules: &[SarifRule<'_>]) -> String {
    let clean = Cleaner::new(diags, sources);
    let index: std::collections::HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .rev()
        .collect();
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.explanation },
                "help": { "text": r.explanation, "markdown": r.explanation },
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = clean.text(&d.message);
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(&clean.text(help));
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": { "text": text },
            });
            if let Some(index) = index.get(d.code.as_str()) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(fix) = &d.fix {
                result["fixes"] = json!([fix_of(fix, d.help.as_deref(), sources, &clean)]);
            }
            if let Some((primary, related)) = d.labels.split_first() {
                result["locations"] = json!([location(primary, sources, &clean, None)]);
                if !related.is_empty() {
                    let related: Vec<Value> = related
                        .iter()
                        .zip(1..)
                        .map(|(l, id)| location(l, sources, &clean, Some(id)))
                        .collect();
                    result["relatedLocations"] = json!(related);
                }
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "fleetform",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": driver_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("json values always serialize");
    out.push('\n');
    out
}

fn location(label: &Label, sources: &SourceMap, clean: &Cleaner, id: Option<usize>) -> Value {
    let (start_line, start_column) = sources.line_col(label.span.file, label.span.start);
    let (end_line, end_column) = sources.line_col(label.span.file, label.span.end);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&sources.get(label.span.file).name) },
            "region": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            }
        },
        "message": { "text": clean.text(&label.text) },
    });
    if let Some(id) = id {
        loc["id"] = json!(id);
    }
    loc
}

/// A relative URI reference for a path as shown: `/` separators, percent-encoded otherwise.
/// A SARIF `fix`: one artifact change replacing one region, described by the help.
fn fix_of(fix: &Fix, help: Option<&str>, sources: &SourceMap, clean: &Cleaner) -> Value {
    let (start_line, start_column) = sources.line_col(fix.span.file, fix.span.start);
    let (end_line, end_column) = sources.line_col(fix.span.file, fix.span.end);
    json!({
        "description": { "text": clean.text(help.unwrap_or("apply the suggested replacement")) },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri(&sources.get(fix.span.file).name) },
            "replacements": [{
                "deletedRegion": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
                "insertedContent": { "text": clean.text(&fix.replacement) },
            }],
        }],
    })
}

pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, SourceFile, Span};

    fn sources() -> SourceMap {
        let mut map = SourceMap::default();
        map.add(SourceFile {
            name: "blueprints/my app/app.yaml".to_owned(),
            text: "blueprint: 1\napp: shöp\ncpu: 7\n".to_owned(),
        });
        map
    }

    #[test]
    fn results_point_into_the_file() {
        let sources = sources();
        let f = crate::diagnostic::FileId(0);
        let diags = vec![
            Diagnostic::error(Code::FF0105, "bad name `shöp`")
                .label(Span::new(f, 18, 23), "here")
                .label(Span::new(f, 0, 9), "and here")
                .help("use ascii"),
            Diagnostic::warning(Code::FF0319, "not among the rules passed"),
        ];
        let rules = [SarifRule {
            code: "FF0105",
            title: "value or name has the wrong form",
            explanation: "x",
        }];
        let log: Value = serde_json::from_str(&render_sarif(&diags, &sources, &rules)).unwrap();
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "FF0105");
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "FF0105");
        assert_eq!(r["ruleIndex"], 0);
        assert_eq!(r["level"], "error");
        assert_eq!(r["message"]["text"], "bad name `shöp`\nhelp: use ascii");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "blueprints/my%20app/app.yaml"
        );
        // "shöp" spans 5 bytes but 4 characters: columns 6..10 on line 2.
        assert_eq!(
            loc["region"],
            json!({"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 10})
        );
        assert_eq!(r["relatedLocations"][0]["id"], 1);
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "and here");
        let w = &run["results"][1];
        assert_eq!(w["level"], "warning");
        assert!(w.get("ruleIndex").is_none() && w.get("locations").is_none());
    }

    #[test]
    fn a_fix_is_a_sarif_fix_replacing_its_region() {
        let sources = sources();
        let f = crate::diagnostic::FileId(0);
        let diags = vec![
            Diagnostic::error(Code::FF0102, "`cpu` must be 1")
                .label(Span::new(f, 29, 30), "here")
                .help("write `cpu: 1`")
                .fix(Span::new(f, 29, 30), "1"),
        ];
        let log: Value = serde_json::from_str(&render_sarif(&diags, &sources, &[])).unwrap();
        let fix = &log["runs"][0]["results"][0]["fixes"][0];
        assert_eq!(fix["description"]["text"], "write `cpu: 1`");
        let change = &fix["artifactChanges"][0];
        assert_eq!(
            change["artifactLocation"]["uri"],
            "blueprints/my%20app/app.yaml"
        );
        assert_eq!(
            change["replacements"][0],
            json!({
                "deletedRegion": {"startLine": 3, "startColumn": 6, "endLine": 3, "endColumn": 7},
                "insertedContent": {"text": "1"},
            })
        );
        let json: Value =
            serde_json::from_str(&crate::diagnostic::render_json(&diags, &sources)).unwrap();
        assert_eq!(
            json["diagnostics"][0]["fix"],
            json!({"file": "blueprints/my app/app.yaml", "line": 3, "column": 6,
                   "end_line": 3, "end_column": 7, "replacement": "1"})
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri(r"a\b c/%#?.yaml"), "a/b%20c/%25%23%3F.yaml");
        assert_eq!(
            uri("blueprints/grocery/app.yaml"),
            "blueprints/grocery/app.yaml"
        );
    }
}
