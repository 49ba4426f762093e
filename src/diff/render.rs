//! The diff report as text (summary, tables, then the unified diffs) and as JSON.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Change, Report, Row, StackDiff};

pub(super) fn rows(out: &mut String, title: &str, removed: &[Row], added: &[Row]) {
    if removed.is_empty() && added.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {title}:");
    for (sign, list) in [('-', removed), ('+', added)] {
        for r in list {
            let _ = writeln!(out, "    {sign} {}: {}", r.resource, r.text);
        }
    }
}

fn stack_summary(out: &mut String, s: &StackDiff) {
    let _ = writeln!(out, "{} {}: {}", s.change.sign(), s.title, s.change.name());
    for r in &s.resources {
        let mark = if r.replacement() {
            "  (replacement)"
        } else {
            ""
        };
        let _ = writeln!(out, "  {} {} {}{mark}", r.change.sign(), r.id, r.kind);
        for p in &r.paths {
            let mark = if p.replacement { "  (replacement)" } else { "" };
            let _ = writeln!(out, "      {}{mark}", p.path);
        }
    }
    for path in &s.other {
        let _ = writeln!(out, "  ~ {path}");
    }
    rows(out, "IAM statements", &s.iam_removed, &s.iam_added);
    rows(
        out,
        "security group rules",
        &s.security_removed,
        &s.security_added,
    );
    if !s.expected.is_empty() {
        let _ = writeln!(out, "  expected differences ({}):", s.expected.len());
        for e in &s.expected {
            let _ = writeln!(out, "    {}: {} → {}", e.path, e.a, e.b);
        }
    }
    if !s.declared.is_empty() {
        let _ = writeln!(out, "  declared differences ({}):", s.declared.len());
        for d in &s.declared {
            let by: Vec<String> = d.by.iter().map(|b| format!("`{b}`")).collect();
            let _ = writeln!(
                out,
                "    {}: {} → {}  (declared by {})",
                d.path,
                d.a,
                d.b,
                by.join(" and ")
            );
        }
    }
}

/// The report for a terminal: one line of totals, each stack's summary, then the unified diffs
/// of the changed stacks.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    let count = |c: Change| report.stacks.iter().filter(|s| s.change == c).count();
    let _ = writeln!(
        out,
        "{} → {}: {} stacks, {} changed, {} declared, {} added, {} removed, {} same",
        report.a,
        report.b,
        report.stacks.len(),
        count(Change::Changed),
        count(Change::Declared),
        count(Change::Added),
        count(Change::Removed),
        count(Change::Same)
    );
    for s in &report.stacks {
        stack_summary(&mut out, s);
    }
    for s in report.stacks.iter().filter(|s| !s.text.is_empty()) {
        out.push('\n');
        out.push_str(&s.text);
    }
    out
}

fn rows_json(removed: &[Row], added: &[Row]) -> Value {
    let list = |rs: &[Row]| -> Vec<Value> {
        rs.iter()
            .map(|r| json!({"resource": r.resource, "text": r.text}))
            .collect()
    };
    json!({"removed": list(removed), "added": list(added)})
}

/// The report for machines: `{"a", "b", "differences", "stacks": […]}`; `differences` counts
/// only the unexpected ones (a stack's `declared` lists those its region's overrides set).
pub fn render_json(report: &Report) -> Value {
    let stacks: Vec<Value> = report
        .stacks
        .iter()
        .map(|s| {
            json!({
                "title": s.title,
                "a": s.a,
                "b": s.b,
                "change": s.change.name(),
                "resources": s.resources.iter().map(|r| json!({
                    "id": r.id,
                    "type": r.kind,
                    "change": r.change.name(),
                    "replacement": r.replacement(),
                    "paths": r.paths.iter().map(|p| json!({"path": p.path, "replacement": p.replacement})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "other": s.other,
                "iam": rows_json(&s.iam_removed, &s.iam_added),
                "security_groups": rows_json(&s.security_removed, &s.security_added),
                "expected": s.expected.iter().map(|e| json!({"path": e.path, "a": e.a, "b": e.b})).collect::<Vec<_>>(),
                "declared": s.declared.iter().map(|d| json!({"path": d.path, "a": d.a, "b": d.b, "by": d.by})).collect::<Vec<_>>(),
                "diff": s.text,
            })
        })
        .collect();
    json!({
        "a": report.a,
        "b": report.b,
        "differences": report.has_differences(),
        "stacks": stacks,
    })
}
