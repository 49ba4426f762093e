//! A stack's planned changes (from its change set, or its whole template for a new stack) and
//! how `plan` prints them: for people, as JSON, and as Markdown for pull-request comments.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::cloud::Change;

/// A parameter whose value changes (`old` `None`: new; `new` `None`: no longer passed).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParameterChange {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What deploying one stack would do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StackPlan {
    pub stack: String,
    pub region: String,
    /// No stack by this name is deployed: every resource is added.
    pub new_stack: bool,
    pub changes: Vec<Change>,
    pub parameters: Vec<ParameterChange>,
    /// Why the stack could not be planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl StackPlan {
    pub fn has_changes(&self) -> bool {
        self.new_stack || !self.changes.is_empty() || !self.parameters.is_empty()
    }

    fn count(&self, action: &str) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
}

/// `plan`'s exit code: 2 when a stack could not be planned, 1 when anything changes, else 0.
pub fn exit_code(plans: &[StackPlan]) -> u8 {
    if plans.iter().any(|p| p.error.is_some()) {
        2
    } else {
        u8::from(plans.iter().any(StackPlan::has_changes))
    }
}

/// Every resource of a template, as `Add` changes (a new stack has no change set to ask).
pub fn all_added(template: &str) -> Result<Vec<Change>, String> {
    let value: serde_json::Value =
        serde_json::from_str(template).map_err(|e| format!("cannot read the template: {e}"))?;
    let resources = value
        .get("Resources")
        .and_then(serde_json::Value::as_object)
        .ok_or("the template has no `Resources`")?;
    Ok(resources
        .iter()
        .map(|(id, r)| Change {
            action: "Add".to_owned(),
            logical_id: id.clone(),
            resource_type: r
                .get("Type")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            replacement: None,
        })
        .collect())
}

/// The parameters whose values differ between the deployed stack and the build.
pub fn parameter_changes(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<ParameterChange> {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| ParameterChange {
            key: k.clone(),
            old: old.get(k).cloned(),
            new: new.get(k).cloned(),
        })
        .collect()
}

fn sign(change: &Change) -> &'static str {
    match change.action.as_str() {
        "Add" => "+",
        "Remove" => "-",
        "Modify" => "~",
        _ => "?",
    }
}

fn replacement(change: &Change) -> &'static str {
    match change.replacement.as_deref() {
        Some("True") => " (replaced)",
        Some("Conditional") => " (may be replaced)",
        _ => "",
    }
}

fn headline(plan: &StackPlan) -> String {
    if let Some(error) = &plan.error {
        return format!("error: {error}");
    }
    if !plan.has_changes() {
        return "no changes".to_owned();
    }
    let counts = format!(
        "{} to add, {} to modify, {} to remove",
        plan.count("Add"),
        plan.count("Modify"),
        plan.count("Remove")
    );
    if plan.new_stack {
        format!("new stack, {counts}")
    } else {
        counts
    }
}

fn show(value: Option<&String>) -> &str {
    value.map_or("(none)", String::as_str)
}

/// For people: one headline per stack, then one line per change.
pub fn human(plans: &[StackPlan]) -> String {
    let mut out = String::new();
    for plan in plans {
        let _ = writeln!(out, "{} ({}): {}", plan.stack, plan.region, headline(plan));
        for c in &plan.changes {
            let _ = writeln!(
                out,
                "  {} {} {}{}",
                sign(c),
                c.logical_id,
                c.resource_type,
                replacement(c)
            );
        }
        for p in &plan.parameters {
            let _ = writeln!(
                out,
                "  parameter {}: {} -> {}",
                p.key,
                show(p.old.as_ref()),
                show(p.new.as_ref())
            );
        }
    }
    out
}

/// One JSON document: `{"changes": bool, "stacks": [...]}`.
pub fn json(plans: &[StackPlan]) -> String {
    let doc = serde_json::json!({
        "changes": plans.iter().any(StackPlan::has_changes),
        "errors": plans.iter().filter(|p| p.error.is_some()).count(),
        "stacks": plans,
    });
    fleetform::emit::json(&doc)
}

/// Markdown for a pull-request comment: a table of stacks, then each stack's changes.
pub fn markdown(plans: &[StackPlan]) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from("| Stack | Region | Plan |\n| --- | --- | --- |\n");
    for plan in plans {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            plan.stack,
            plan.region,
            cell(&headline(plan))
        );
    }
    for plan in plans
        .iter()
        .filter(|p| !p.changes.is_empty() || !p.parameters.is_empty())
    {
        let _ = writeln!(out, "\n### `{}` ({})\n", plan.stack, plan.region);
        if !plan.changes.is_empty() {
            out.push_str("| | Resource | Type | Replaced |\n| --- | --- | --- | --- |\n");
            for c in &plan.changes {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | `{}` | {} |",
                    sign(c),
                    c.logical_id,
                    c.resource_type,
                    c.replacement.as_deref().unwrap_or("")
                );
            }
        }
        if !plan.parameters.is_empty() {
            out.push_str("\n| Parameter | Deployed | Build |\n| --- | --- | --- |\n");
            for p in &plan.parameters {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    p.key,
                    cell(show(p.old.as_ref())),
                    cell(show(p.new.as_ref()))
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(action: &str, id: &str, replacement: Option<&str>) -> Change {
        Change {
            action: action.to_owned(),
            logical_id: id.to_owned(),
            resource_type: "AWS::ECS::Service".to_owned(),
            replacement: replacement.map(str::to_owned),
        }
    }

    fn plans() -> Vec<StackPlan> {
        vec![
            StackPlan {
                stack: "hello-dev".into(),
                region: "us-east-1".into(),
                new_stack: false,
                changes: vec![],
                parameters: vec![],
                error: None,
            },
            StackPlan {
                stack: "hello-dev-web".into(),
                region: "us-east-1".into(),
                new_stack: false,
                changes: vec![
                    change("Modify", "Service", Some("True")),
                    change("Add", "Alarm", None),
                ],
                parameters: parameter_changes(
                    &BTreeMap::from([("ImageTag".into(), "v1".into())]),
                    &BTreeMap::from([("ImageTag".into(), "v2".into())]),
                ),
                error: None,
            },
        ]
    }

    #[test]
    fn human_names_each_changed_resource_and_parameter() {
        assert_eq!(
            human(&plans()),
            "hello-dev (us-east-1): no changes\n\
             hello-dev-web (us-east-1): 1 to add, 1 to modify, 0 to remove\n  \
             ~ Service AWS::ECS::Service (replaced)\n  \
             + Alarm AWS::ECS::Service\n  \
             parameter ImageTag: v1 -> v2\n"
        );
    }

    #[test]
    fn json_says_whether_anything_changes() {
        let doc: serde_json::Value = serde_json::from_str(&json(&plans())).unwrap();
        assert_eq!(doc["changes"], true);
        assert_eq!(doc["errors"], 0);
        assert_eq!(doc["stacks"][1]["changes"][0]["replacement"], "True");
        assert_eq!(doc["stacks"][1]["parameters"][0]["old"], "v1");
        assert_eq!(doc["stacks"][0]["new_stack"], false);
    }

    #[test]
    fn markdown_has_a_summary_table_and_one_section_per_changed_stack() {
        let md = markdown(&plans());
        assert!(md.starts_with("| Stack | Region | Plan |\n| --- | --- | --- |\n| `hello-dev` | us-east-1 | no changes |\n"));
        assert!(md.contains("### `hello-dev-web` (us-east-1)"));
        assert!(md.contains("| ~ | `Service` | `AWS::ECS::Service` | True |"));
        assert!(md.contains("| `ImageTag` | v1 | v2 |"));
        assert!(!md.contains("### `hello-dev` "));
    }

    #[test]
    fn exit_codes() {
        let mut p = plans();
        assert_eq!(exit_code(&p), 1);
        assert_eq!(exit_code(&p[..1]), 0);
        p[0].error = Some("AccessDenied".into());
        assert_eq!(exit_code(&p), 2);
    }

    #[test]
    fn a_new_stack_adds_every_resource_of_its_template() {
        let added = all_added(
            r#"{"Resources":{"A":{"Type":"AWS::SNS::Topic"},"B":{"Type":"AWS::SQS::Queue"}}}"#,
        )
        .unwrap();
        assert_eq!(added.len(), 2);
        assert_eq!(
            (
                added[1].action.as_str(),
                added[1].logical_id.as_str(),
                added[1].resource_type.as_str()
            ),
            ("Add", "B", "AWS::SQS::Queue")
        );
    }
}
