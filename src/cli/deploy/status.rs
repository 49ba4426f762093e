//! `fleetform status`: what the account holds for each stack of the build: its status, whether
//! the deployed template is the built one, and drift per resource.

use std::fmt::Write as _;

use super::cloud::{Cloud, Drift};
use super::decide;
use super::targets::Target;

/// Whether the deployed template is the one the build makes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateMatch {
    Equal,
    Differs,
    NotDeployed,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StackStatus {
    pub stack: String,
    pub region: String,
    /// `None`: not deployed.
    pub status: Option<String>,
    pub template: TemplateMatch,
    /// The resources that drifted (not `IN_SYNC`); empty when none did.
    pub drifted: Vec<Drift>,
    /// Why drift could not be detected (e.g. a stack still in progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift_error: Option<String>,
    /// Why the stack could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl StackStatus {
    /// Deployed, settled, from this build, and not drifted.
    fn current(&self) -> bool {
        self.status.as_deref().is_some_and(|s| {
            decide::action(Some(s)) == decide::Action::Update && !s.contains("ROLLBACK")
        }) && self.template == TemplateMatch::Equal
            && self.drifted.is_empty()
    }
}

/// `status`'s exit code: 2 when a stack could not be read, 1 when one is not deployed, not
/// settled, not the build's template or drifted, else 0.
pub fn exit_code(statuses: &[StackStatus]) -> u8 {
    if statuses.iter().any(|s| s.error.is_some()) {
        2
    } else {
        u8::from(!statuses.iter().all(StackStatus::current))
    }
}

pub fn status(cloud: &dyn Cloud, targets: &[Target]) -> Vec<StackStatus> {
    targets.iter().map(|t| one(cloud, t)).collect()
}

fn one(cloud: &dyn Cloud, t: &Target) -> StackStatus {
    let mut s = StackStatus {
        stack: t.name.clone(),
        region: t.region.clone(),
        status: None,
        template: TemplateMatch::NotDeployed,
        drifted: Vec::new(),
        drift_error: None,
        error: None,
    };
    let state = match cloud.stack(&t.region, &t.name) {
        Ok(Some(state)) if state.status != "REVIEW_IN_PROGRESS" => state,
        Ok(_) => return s,
        Err(e) => {
            s.error = Some(e);
            return s;
        }
    };
    s.status = Some(state.status);
    match cloud.template(&t.region, &t.name) {
        Ok(deployed) => {
            s.template = if same_template(&deployed, &t.template) {
                TemplateMatch::Equal
            } else {
                TemplateMatch::Differs
            }
        }
        Err(e) => s.error = Some(e),
    }
    match cloud.drift(&t.region, &t.name) {
        Ok(drifts) => {
            s.drifted = drifts
                .into_iter()
                .filter(|d| d.status != "IN_SYNC" && d.status != "NOT_CHECKED")
                .collect();
        }
        Err(e) => s.drift_error = Some(e),
    }
    s
}

/// Templates compare as JSON values: CloudFormation may hand back the body reformatted.
pub fn same_template(deployed: &str, built: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(deployed),
        serde_json::from_str::<serde_json::Value>(built),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => deployed == built,
    }
}

pub fn human(statuses: &[StackStatus]) -> String {
    let mut out = String::new();
    for s in statuses {
        let status = s.status.as_deref().unwrap_or("not deployed");
        let template = match s.template {
            TemplateMatch::Equal => "template as built",
            TemplateMatch::Differs => "template differs from the build",
            TemplateMatch::NotDeployed => "",
        };
        let drift = match (&s.drift_error, s.drifted.len(), &s.status) {
            (_, _, None) => String::new(),
            (Some(e), _, _) => format!("drift unknown ({e})"),
            (None, 0, _) => "no drift".to_owned(),
            (None, n, _) => format!("{n} drifted"),
        };
        let parts: Vec<&str> = [status, template, drift.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let _ = writeln!(out, "{} ({}): {}", s.stack, s.region, parts.join(", "));
        if let Some(e) = &s.error {
            let _ = writeln!(out, "  error: {e}");
        }
        for d in &s.drifted {
            let _ = writeln!(out, "  {} {} {}", d.logical_id, d.resource_type, d.status);
        }
    }
    out
}

pub fn json(statuses: &[StackStatus]) -> String {
    fleetform::emit::json(&serde_json::json!({ "stacks": statuses }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployed(status: &str, template: TemplateMatch, drifted: usize) -> StackStatus {
        StackStatus {
            stack: "hello-dev".into(),
            region: "us-east-1".into(),
            status: Some(status.into()),
            template,
            drifted: (0..drifted)
                .map(|i| Drift {
                    logical_id: format!("R{i}"),
                    resource_type: "AWS::SQS::Queue".into(),
                    status: "MODIFIED".into(),
                })
                .collect(),
            drift_error: None,
            error: None,
        }
    }

    #[test]
    fn exit_0_only_when_every_stack_is_deployed_as_built_without_drift() {
        assert_eq!(
            exit_code(&[deployed("UPDATE_COMPLETE", TemplateMatch::Equal, 0)]),
            0
        );
        assert_eq!(
            exit_code(&[deployed("UPDATE_COMPLETE", TemplateMatch::Differs, 0)]),
            1
        );
        assert_eq!(
            exit_code(&[deployed("UPDATE_COMPLETE", TemplateMatch::Equal, 1)]),
            1
        );
        assert_eq!(
            exit_code(&[deployed(
                "UPDATE_ROLLBACK_COMPLETE",
                TemplateMatch::Equal,
                0
            )]),
            1
        );
        assert_eq!(
            exit_code(&[deployed("UPDATE_IN_PROGRESS", TemplateMatch::Equal, 0)]),
            1
        );
        let mut broken = deployed("UPDATE_COMPLETE", TemplateMatch::Equal, 0);
        broken.error = Some("AccessDenied".into());
        assert_eq!(exit_code(&[broken]), 2);
    }

    #[test]
    fn human_lists_drifted_resources() {
        let text = human(&[deployed("CREATE_COMPLETE", TemplateMatch::Equal, 1)]);
        assert_eq!(
            text,
            "hello-dev (us-east-1): CREATE_COMPLETE, template as built, 1 drifted\n  R0 AWS::SQS::Queue MODIFIED\n"
        );
    }

    #[test]
    fn templates_compare_as_json() {
        assert!(same_template(
            "{\"A\": 1, \"B\": [2]}",
            "{\n  \"A\": 1,\n  \"B\": [\n    2\n  ]\n}"
        ));
        assert!(!same_template("{\"A\": 1}", "{\"A\": 2}"));
    }
}
