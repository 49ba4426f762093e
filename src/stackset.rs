//! StackSet definitions (`environments.{env}.stackset`): for each stack of such an environment,
//! an admin template with one `AWS::CloudFormation::StackSet` that deploys the stack's template
//! to every region of the environment, so CloudFormation StackSets does the copying.
//!
//! A stage after emit: it compares the regions' emitted templates, so `lower` never looks at
//! emitted text.
//!
//! That needs one template for all regions: with `stackset`, `{{region}}`, `{{partition}}` and
//! `{{url_suffix}}` lower to pseudo parameters and descriptions name no region, so the regions'
//! templates are byte-identical unless a value really differs per region (a certificate, an
//! imported network, an override, a literal zone). Such a stack is FF0426, naming the first
//! differing path; per-region stack *parameters* are fine (`ParameterOverrides`).

mod files;

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::cfn::resources::Tag;
use crate::cfn::resources::cloudformation::{
    DeploymentTargets, OperationPreferences, StackInstances, StackSet, StackSetParameter,
};
use crate::cfn::{LogicalId, Parameter, Pseudo, Resource, Template, Value};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::lower::{Stack, StackKind};
use crate::model::App;

pub use files::write;

/// CloudFormation's limit on an inline `TemplateBody` of a StackSet.
const MAX_TEMPLATE_BODY: usize = 51_200;

/// One StackSet admin template: for stack `stack` of environment `env`.
#[derive(Debug, Clone)]
pub struct StackSetTemplate {
    pub env: String,
    pub stack: String,
    /// The regions StackSets deploys the stack to, in deploy order; the first administers it.
    pub regions: Vec<String>,
    /// The stacks (by name) whose StackSets must be deployed first.
    pub depends_on: Vec<String>,
    pub template: Template,
}

/// The StackSet templates of every environment with `stackset`, in manifest order (the
/// environment stack first). `stacks` pairs each lowered stack with its emitted template text;
/// `span` locates an environment's `stackset` key for diagnostics.
pub fn build(
    app: &App,
    stacks: &[(&Stack, &str)],
    span: &dyn Fn(&str) -> Option<Span>,
) -> (Vec<StackSetTemplate>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (env_name, env) in &app.environments {
        let Some(options) = &env.stackset else {
            continue;
        };
        let order: Vec<String> = if options.region_order.is_empty() {
            env.regions.clone()
        } else {
            options.region_order.clone()
        };
        // Stack names in manifest order, each with its stack per region.
        let mut names: Vec<&str> = Vec::new();
        let mut by_name: BTreeMap<&str, Vec<(&Stack, &str)>> = BTreeMap::new();
        for (stack, text) in stacks.iter().filter(|(s, _)| s.environment == *env_name) {
            if !names.contains(&stack.name.as_str()) {
                names.push(&stack.name);
            }
            by_name.entry(&stack.name).or_default().push((stack, text));
        }
        for name in names {
            let per_region = &by_name[name];
            let (first, first_text) = per_region[0];
            let mut portable = true;
            for (other, text) in &per_region[1..] {
                if text == &first_text {
                    continue;
                }
                portable = false;
                let path = first_difference(&first.template.to_json(), &other.template.to_json())
                    .unwrap_or_default();
                let mut d = Diagnostic::error(
                    Code::FF0426,
                    format!(
                        "stack `{name}` differs between `{}` and `{}` at `{path}`, so one StackSet template cannot serve both",
                        first.region, other.region
                    ),
                );
                if let Some(span) = span(env_name) {
                    d = d.label(span, "this environment deploys by StackSets");
                }
                diags.push(d.help(
                    "make the value region-independent (`{{region}}`, a stack parameter), or remove `stackset` and deploy the regions' stacks one by one",
                ));
            }
            if portable {
                out.push(StackSetTemplate {
                    env: env_name.clone(),
                    stack: name.to_owned(),
                    regions: order.clone(),
                    depends_on: first.depends_on.clone(),
                    template: admin_template(
                        app,
                        env_name,
                        env.account.as_deref(),
                        options,
                        &order,
                        per_region,
                        first_text,
                    ),
                });
            }
        }
    }
    (out, diags)
}

fn admin_template(
    app: &App,
    env_name: &str,
    account: Option<&str>,
    options: &crate::model::StackSetOptions,
    order: &[String],
    per_region: &[(&Stack, &str)],
    text: &str,
) -> Template {
    let (first, _) = per_region[0];
    let what = match &first.kind {
        StackKind::Environment => "the environment stack".to_owned(),
        StackKind::Observability => "the observability stack".to_owned(),
        StackKind::Callers(n) => format!("callers stack {n:02}"),
        StackKind::LoadBalancer(lb) => format!("load balancer `{lb}`"),
        StackKind::Service(s) => format!("service `{s}`"),
        StackKind::Job(j) => format!("job `{j}`"),
        StackKind::Pipeline(_)
        | StackKind::PipelineArtifacts
        | StackKind::PipelineDeploy
        | StackKind::PipelineIam
        | StackKind::PipelineAccount(_) => "a pipeline stack".to_owned(),
    };
    let mut t = Template::new(format!(
        "fleetform: StackSet of {what} of app `{}`, environment `{env_name}` ({})",
        app.name,
        order.join(", ")
    ));
    let (common, groups) = parameter_groups(per_region, order);
    let account = account.map_or_else(|| Value::pseudo(Pseudo::AccountId), Value::str);
    let (template_body, template_url) = if text.len() <= MAX_TEMPLATE_BODY {
        // The compact form of the same typed template the regions' files were emitted from.
        let compact = serde_json::to_string(&first.template).unwrap_or_default();
        (Some(compact), None)
    } else {
        let id = LogicalId::new("TemplateUrl").expect("a valid logical id");
        t.add_parameter(
            id.clone(),
            Parameter {
                type_name: "String".to_owned(),
                default: None,
                description: Some(format!(
                    "S3 URL of {}.json (over the 51,200-byte inline limit)",
                    first.name
                )),
                allowed_pattern: Some("^https://.+".to_owned()),
            },
        );
        (None, Some(Value::r#ref(&id)))
    };
    let props = StackSet {
        stack_set_name: first.name.clone(),
        description: first.template.description.clone(),
        permission_model: "SELF_MANAGED",
        capabilities: vec!["CAPABILITY_IAM"],
        template_body,
        template_url,
        parameters: common,
        stack_instances_group: groups
            .into_iter()
            .map(|(parameter_overrides, regions)| StackInstances {
                deployment_targets: DeploymentTargets {
                    accounts: vec![account.clone()],
                },
                regions,
                parameter_overrides,
            })
            .collect(),
        operation_preferences: OperationPreferences {
            region_concurrency_type: if options.parallel {
                "PARALLEL"
            } else {
                "SEQUENTIAL"
            },
            region_order: order.to_vec(),
            max_concurrent_count: options.concurrency,
            failure_tolerance_count: options.failure_tolerance,
        },
        tags: first
            .tags
            .iter()
            .map(|(k, v)| Tag::new(k.clone(), Value::str(v)))
            .collect(),
    };
    t.add(
        LogicalId::new("StackSet").expect("a valid logical id"),
        Resource::new(props),
    );
    t
}

/// Stack parameters with one value in every region (for the StackSet), and the others grouped
/// by equal values: (overrides, regions in order) per group.
#[allow(clippy::type_complexity)]
fn parameter_groups(
    per_region: &[(&Stack, &str)],
    order: &[String],
) -> (
    Vec<StackSetParameter>,
    Vec<(Vec<StackSetParameter>, Vec<String>)>,
) {
    let (first, _) = per_region[0];
    let common: Vec<StackSetParameter> = first
        .parameters
        .iter()
        .filter(|(k, v)| {
            per_region
                .iter()
                .all(|(s, _)| s.parameters.get(*k) == Some(v))
        })
        .map(|(k, v)| StackSetParameter {
            parameter_key: k.clone(),
            parameter_value: v.clone(),
        })
        .collect();
    let mut groups: Vec<(Vec<StackSetParameter>, Vec<String>)> = Vec::new();
    for region in order {
        let Some((stack, _)) = per_region.iter().find(|(s, _)| s.region == *region) else {
            continue;
        };
        let overrides: Vec<StackSetParameter> = stack
            .parameters
            .iter()
            .filter(|(k, _)| !common.iter().any(|c| c.parameter_key == **k))
            .map(|(k, v)| StackSetParameter {
                parameter_key: k.clone(),
                parameter_value: v.clone(),
            })
            .collect();
        match groups.iter_mut().find(|(o, _)| *o == overrides) {
            Some((_, regions)) => regions.push(region.clone()),
            None => groups.push((overrides, vec![region.clone()])),
        }
    }
    (common, groups)
}

/// The first path (`Resources.X.Properties.Y`) where two templates differ.
fn first_difference(left: &Json, right: &Json) -> Option<String> {
    match (left, right) {
        (Json::Object(lhs), Json::Object(rhs)) => {
            for (key, value) in lhs {
                match rhs.get(key) {
                    Some(other) => {
                        if let Some(rest) = first_difference(value, other) {
                            return Some(join(key, &rest));
                        }
                    }
                    None => return Some(key.clone()),
                }
            }
            rhs.keys().find(|key| !lhs.contains_key(*key)).cloned()
        }
        (Json::Array(lhs), Json::Array(rhs)) => {
            for (i, (value, other)) in lhs.iter().zip(rhs).enumerate() {
                if let Some(rest) = first_difference(value, other) {
                    return Some(join(&format!("[{i}]"), &rest));
                }
            }
            (lhs.len() != rhs.len()).then(|| format!("[{}]", lhs.len().min(rhs.len())))
        }
        _ => (left != right).then(String::new),
    }
}

fn join(head: &str, rest: &str) -> String {
    if rest.is_empty() {
        head.to_owned()
    } else if rest.starts_with('[') {
        format!("{head}{rest}")
    } else {
        format!("{head}.{rest}")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_example_gets_one_stackset_per_stack_with_one_template_for_every_region() {
        use crate::diagnostic::{SourceFile, SourceMap};
        let mut sources = SourceMap::default();
        sources.add(SourceFile {
            name: "app.yaml".to_owned(),
            text: include_str!("../examples/stackset/app.yaml").to_owned(),
        });
        let build = crate::compile(&sources, &crate::Options::default()).expect("compiles");
        let sets: Vec<&String> = build
            .files
            .keys()
            .filter(|p| p.starts_with("orbit/prod/stacksets/"))
            .collect();
        assert_eq!(
            sets,
            [
                "orbit/prod/stacksets/orbit-prod-web.json",
                "orbit/prod/stacksets/orbit-prod-worker.json",
                "orbit/prod/stacksets/orbit-prod.json"
            ]
        );
        let web: Json = serde_json::from_str(&build.files[sets[0]]).unwrap();
        let props = &web["Resources"]["StackSet"]["Properties"];
        assert_eq!(
            props["StackInstancesGroup"][0]["Regions"],
            json!(["us-east-1", "eu-west-1", "ap-southeast-2"])
        );
        assert_eq!(
            props["OperationPreferences"]["RegionConcurrencyType"],
            "SEQUENTIAL"
        );
        // The inline template is the regions' own template, with no region in it.
        let body = props["TemplateBody"].as_str().unwrap();
        let us: Json =
            serde_json::from_str(&build.files["orbit/prod/us-east-1/orbit-prod-web.json"]).unwrap();
        assert_eq!(serde_json::from_str::<Json>(body).unwrap(), us);
        assert!(!body.contains("us-east-1") && body.contains("${AWS::Region}"));
    }

    #[test]
    fn first_difference_names_the_path() {
        let a = json!({"Resources": {"A": {"Properties": {"X": [1, {"Y": "us-east-1"}]}}}});
        let b = json!({"Resources": {"A": {"Properties": {"X": [1, {"Y": "eu-west-1"}]}}}});
        assert_eq!(
            first_difference(&a, &b).as_deref(),
            Some("Resources.A.Properties.X[1].Y")
        );
        assert_eq!(first_difference(&a, &a), None);
        assert_eq!(
            first_difference(&json!({"A": 1}), &json!({"A": 1, "B": 2})).as_deref(),
            Some("B")
        );
    }
}
