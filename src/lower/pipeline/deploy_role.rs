//! The permissions of the role CloudFormation deploys the app's stacks with.
//!
//! The actions are exactly what the resource providers of the deployed resource types need
//! ([`provider_permissions`]), each granted on the app's own resources wherever the service
//! has resource-level permissions, and on `*` only where IAM's action list (cfn-lint's copy)
//! gives the action no resource type. IAM is what matters for escalation, so:
//! - roles and instance profiles only under the app's path (`role/fleetform/{app}/*`), which
//!   the deploy role itself is not under;
//! - creating a role, and changing its inline or attached policies, only when the role carries
//!   the app's permissions boundary (`iam:PermissionsBoundary`), so no deployed role can ever do
//!   more than the boundary allows;
//! - never removing a boundary, changing a managed policy, or creating users, groups, policies
//!   or access keys (an explicit deny, which no other policy can lift).
//!
//! KMS keys have generated IDs: key actions need the key's `fleetform:app` tag (stack tags reach
//! every tagged resource), and creating one needs that tag in the request. Lambda permissions
//! are granted only on the functions the blueprint names, Route 53 changes only in the hosted
//! zones it names (any zone when a Cloud Map DNS namespace creates its own), and a CodeStar
//! connection is passed only when it is the pipeline's source.

use std::collections::{BTreeMap, BTreeSet};

use super::provider_permissions;
use super::{Plan, roles};
use crate::cfn::resources::iam::Statement;
use crate::cfn::{Expr, Props, Template, Value};
use crate::model::Source;
use crate::naming;

/// The most characters a deploy policy statement list may serialize to: IAM allows 6,144 per
/// managed policy (not counting whitespace), and the resolved ARNs are shorter than the
/// `Fn::Sub` strings measured here.
pub(super) const POLICY_BUDGET: usize = 5_600;

/// Services whose actions are all granted on the app's resources, even those IAM's action list
/// gives no resource type: cfripper rejects any `cloudtrail:` action on `*`, and the trail
/// provider reads only the app's trails.
const ALWAYS_SCOPED: &[&str] = &["cloudtrail"];

/// What the deployed templates name that the role must be scoped to.
#[derive(Default)]
struct Named {
    types: BTreeSet<&'static str>,
    zones: Vec<Value>,
    any_zone: bool,
    functions: Vec<Value>,
}

/// A string or `Fn::Sub` of a property, as its text (anything else, a reference to a resource
/// of the same stack, is `None`).
fn literal(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::Expr(e) => match &**e {
            Expr::Sub(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// What the deploy role needs of one deployed template, all it reads of it: a build drops each
/// stack's typed template as soon as its text is written (`lower::lower_each`), before the
/// pipeline stacks are lowered, and keeps this instead.
#[derive(Debug, Clone, Default)]
pub struct TemplateSummary {
    types: BTreeSet<&'static str>,
    /// The hosted zones its records are in.
    zones: BTreeSet<String>,
    /// Whether it makes a Cloud Map namespace, whose hosted zone AWS creates (its ID is not
    /// known in advance).
    any_zone: bool,
    /// The Lambda functions it grants a permission on, as written.
    functions: BTreeSet<String>,
}

impl TemplateSummary {
    pub fn of(template: &Template) -> Self {
        let mut out = Self::default();
        for resource in template.resources.values() {
            out.types.insert(resource.type_name());
            match &resource.properties {
                Props::RecordSet(record) => {
                    out.zones.insert(record.hosted_zone_id.clone());
                }
                Props::PrivateDnsNamespace(_) => out.any_zone = true,
                Props::Permission(permission) => {
                    if let Some(f) = literal(&permission.function_name) {
                        out.functions.insert(f);
                    }
                }
                _ => {}
            }
        }
        out
    }
}

fn named(templates: &[&TemplateSummary]) -> Named {
    let mut out = Named::default();
    let mut zones = BTreeSet::new();
    let mut functions = BTreeSet::new();
    for template in templates {
        out.types.extend(template.types.iter().copied());
        zones.extend(template.zones.iter().cloned());
        out.any_zone |= template.any_zone;
        functions.extend(template.functions.iter().cloned());
    }
    out.zones = zones
        .into_iter()
        .map(|z| Value::sub(format!("arn:${{AWS::Partition}}:route53:::hostedzone/{z}")))
        .collect();
    // A function may be named by ARN or by name; both forms are granted as given, a name
    // as a function of the account in any region.
    out.functions = functions
        .into_iter()
        .map(|f| {
            if f.starts_with("arn:") && f.contains("${") {
                Value::sub(f)
            } else if f.starts_with("arn:") {
                Value::str(f)
            } else {
                Value::arn(&format!("lambda:*:${{AWS::AccountId}}:function:{f}"))
            }
        })
        .collect();
    out
}

/// The ARNs of the app's own resources of one service (`prefix`): names fleetform chooses
/// start with `{app}-` (CloudFormation names others after their stack, which does too); where
/// AWS generates the IDs (VPCs, load balancers, scalable targets), the account's resources of
/// that service.
fn scopes(prefix: &str, plan: &Plan) -> Vec<Value> {
    let app = plan.app.name.as_str();
    let p = naming::stack_prefix(app);
    let arns = |patterns: &[String]| patterns.iter().map(|s| Value::arn(s)).collect();
    match prefix {
        "application-autoscaling" => {
            arns(&["application-autoscaling:*:${AWS::AccountId}:scalable-target/*".to_owned()])
        }
        "autoscaling" => arns(&[format!(
            "autoscaling:*:${{AWS::AccountId}}:autoScalingGroup:*:autoScalingGroupName/{p}*"
        )]),
        "cloudformation" => {
            let mut out = vec![roles::app_stacks(app)];
            out.extend(arns(&[format!(
                "cloudformation:*:${{AWS::AccountId}}:stackset/{p}*:*"
            )]));
            out
        }
        "cloudtrail" => arns(&[format!("cloudtrail:*:${{AWS::AccountId}}:trail/{p}*")]),
        "cloudwatch" => arns(&[
            format!("cloudwatch:*:${{AWS::AccountId}}:alarm:{p}*"),
            format!("cloudwatch::${{AWS::AccountId}}:dashboard/{p}*"),
        ]),
        "codepipeline" => arns(&[
            format!("codepipeline:*:${{AWS::AccountId}}:{p}*"),
            format!("codepipeline:*:${{AWS::AccountId}}:{p}*/*"),
        ]),
        // The AMIs instances launch from belong to AWS (no account in their ARN).
        "ec2" => arns(&[
            "ec2:*:${AWS::AccountId}:*".to_owned(),
            "ec2:*::image/*".to_owned(),
        ]),
        "ecr" => repositories(plan),
        "ecs" => arns(&[
            format!("ecs:*:${{AWS::AccountId}}:cluster/{p}*"),
            format!("ecs:*:${{AWS::AccountId}}:service/{p}*/*"),
            format!("ecs:*:${{AWS::AccountId}}:service-deployment/{p}*/*"),
            format!("ecs:*:${{AWS::AccountId}}:task-definition/{p}*:*"),
            format!("ecs:*:${{AWS::AccountId}}:capacity-provider/{p}*"),
            // Capacity provider names may not start with `aws`, `ecs` or `fargate`.
            format!("ecs:*:${{AWS::AccountId}}:capacity-provider/ff-{p}*"),
        ]),
        // File system and access point IDs are generated: the account's.
        "elasticfilesystem" => arns(&[
            "elasticfilesystem:*:${AWS::AccountId}:file-system/*".to_owned(),
            "elasticfilesystem:*:${AWS::AccountId}:access-point/*".to_owned(),
        ]),
        // Load balancer names start with the app's; target group names are generated.
        "elasticloadbalancing" => arns(&[
            format!("elasticloadbalancing:*:${{AWS::AccountId}}:loadbalancer/app/{p}*/*"),
            format!("elasticloadbalancing:*:${{AWS::AccountId}}:listener/app/{p}*/*"),
            format!("elasticloadbalancing:*:${{AWS::AccountId}}:listener-rule/app/{p}*/*"),
            "elasticloadbalancing:*:${AWS::AccountId}:targetgroup/*/*".to_owned(),
        ]),
        "events" => arns(&[
            format!("events:*:${{AWS::AccountId}}:rule/{p}*"),
            format!("events:*:${{AWS::AccountId}}:rule/*/{p}*"),
        ]),
        "firehose" => arns(&[format!(
            "firehose:*:${{AWS::AccountId}}:deliverystream/{p}*"
        )]),
        "logs" => arns(&[
            format!("logs:*:${{AWS::AccountId}}:log-group:/ecs/{app}/*"),
            format!("logs:*:${{AWS::AccountId}}:log-group:/codebuild/{p}*"),
            format!("logs:*:${{AWS::AccountId}}:log-group:{p}*"),
            format!("logs:*:${{AWS::AccountId}}:destination:{p}*"),
        ]),
        "s3" => arns(&[format!("s3:::{p}*"), format!("s3:::{p}*/*")]),
        "scheduler" => arns(&[format!("scheduler:*:${{AWS::AccountId}}:schedule/*/{p}*")]),
        "servicediscovery" => arns(&["servicediscovery:*:${AWS::AccountId}:*".to_owned()]),
        "sns" => arns(&[format!("sns:*:${{AWS::AccountId}}:{p}*")]),
        "sqs" => arns(&[format!("sqs:*:${{AWS::AccountId}}:{p}*")]),
        // Scheduled jobs' state machines, named `{app}-{env}-{job}`.
        "states" => arns(&[format!("states:*:${{AWS::AccountId}}:stateMachine:{p}*")]),
        "ssm" => {
            let mut out = roles::ssm_parameters(plan);
            // The ECS-optimized AMI IDs are AWS's public parameters.
            out.push(Value::arn("ssm:*::parameter/aws/*"));
            out
        }
        // Services without resource ARNs fleetform can predict (Organizations, read-only).
        _ => vec![Value::str("*")],
    }
}

/// The app's image repositories: its own (`{app}/…`) by one pattern, others one by one.
fn repositories(plan: &Plan) -> Vec<Value> {
    let own = format!("{}/", plan.app.name);
    let mut repos: Vec<Value> = plan
        .repositories
        .keys()
        .filter(|r| !r.starts_with(&own))
        .map(|r| Value::arn(&format!("ecr:*:${{AWS::AccountId}}:repository/{r}")))
        .collect();
    repos.insert(
        0,
        Value::arn(&format!("ecr:*:${{AWS::AccountId}}:repository/{own}*")),
    );
    repos
}

fn service(action: &str) -> &str {
    action.split(':').next().unwrap_or_default()
}

fn list<'a>(
    actions: impl IntoIterator<Item = &'a String>,
    keep: impl Fn(&str) -> bool,
) -> Vec<String> {
    actions.into_iter().filter(|a| keep(a)).cloned().collect()
}

/// The IAM statements: roles and instance profiles under the app's path, role policies only
/// with the app's boundary, service-linked roles, and the deny that keeps the limits.
fn iam_statements(app: &str, actions: &BTreeSet<String>) -> Vec<Statement> {
    let data = provider_permissions::get();
    let roles = vec![Value::arn(&format!(
        "iam::${{AWS::AccountId}}:role{}*",
        naming::iam_path(app)
    ))];
    let profiles = vec![Value::arn(&format!(
        "iam::${{AWS::AccountId}}:instance-profile{}*",
        naming::iam_path(app)
    ))];
    let iam = list(actions, |a| service(a) == "iam");
    let bounded = list(&iam, |a| data.boundary_conditioned.contains(a));
    let profile = list(&iam, |a| a.contains("InstanceProfile"));
    let linked = list(&iam, |a| a == "iam:CreateServiceLinkedRole");
    let other = list(&iam, |a| {
        !data.boundary_conditioned.contains(a)
            && !a.contains("InstanceProfile")
            && a != "iam:CreateServiceLinkedRole"
    });
    let mut out = Vec::new();
    if !bounded.is_empty() {
        out.push(Statement::allow(bounded, roles.clone()).when(
            "StringEquals",
            "iam:PermissionsBoundary",
            Value::sub(naming::boundary_arn(app)),
        ));
    }
    if !other.is_empty() {
        out.push(Statement::allow(other, roles));
    }
    if !profile.is_empty() {
        out.push(Statement::allow(profile, profiles));
    }
    if !linked.is_empty() {
        // Service-linked roles (ECS, Auto Scaling, Elastic Load Balancing …) are created by
        // AWS with AWS's own policies; they cannot carry a boundary.
        out.push(Statement::allow(
            linked,
            vec![Value::arn("iam::${AWS::AccountId}:role/aws-service-role/*")],
        ));
    }
    out.push(Statement::deny(
        [
            "iam:AddUserToGroup",
            "iam:AttachGroupPolicy",
            "iam:AttachUserPolicy",
            "iam:CreateAccessKey",
            "iam:CreateGroup",
            "iam:CreateLoginProfile",
            "iam:CreatePolicy",
            "iam:CreatePolicyVersion",
            "iam:CreateUser",
            "iam:DeletePolicy",
            "iam:DeletePolicyVersion",
            "iam:DeleteRolePermissionsBoundary",
            "iam:PutGroupPolicy",
            "iam:PutUserPolicy",
            "iam:SetDefaultPolicyVersion",
            "iam:UpdateLoginProfile",
        ]
        .iter()
        .map(|a| (*a).to_owned())
        .collect(),
        vec![Value::str("*")],
    ));
    out
}

/// KMS: keys of the app by their `fleetform:app` tag, aliases under `alias/fleetform/{app}/`.
fn kms_statements(app: &str, actions: &BTreeSet<String>) -> Vec<Statement> {
    let data = provider_permissions::get();
    let kms = list(actions, |a| service(a) == "kms");
    let tag = Value::str(app);
    let mut out = Vec::new();
    let create: Vec<String> = kms
        .iter()
        .filter(|a| *a == "kms:CreateKey" || *a == "kms:TagResource")
        .cloned()
        .collect();
    if kms.iter().any(|a| a == "kms:CreateKey") {
        out.push(Statement::allow(create, vec![Value::str("*")]).when(
            "StringEquals",
            "aws:RequestTag/fleetform:app",
            tag.clone(),
        ));
    }
    let keys: Vec<String> = kms
        .iter()
        .filter(|a| !data.unscoped.contains(*a))
        .cloned()
        .collect();
    if !keys.is_empty() {
        out.push(
            Statement::allow(keys, vec![Value::arn("kms:*:${AWS::AccountId}:key/*")]).when(
                "StringEquals",
                "aws:ResourceTag/fleetform:app",
                tag,
            ),
        );
    }
    let aliases: Vec<String> = kms
        .iter()
        .filter(|a| a.ends_with("Alias"))
        .cloned()
        .collect();
    if !aliases.is_empty() {
        out.push(Statement::allow(
            aliases,
            vec![Value::arn(&format!(
                "kms:*:${{AWS::AccountId}}:alias/fleetform/{app}/*"
            ))],
        ));
    }
    let listed: Vec<String> = kms
        .iter()
        .filter(|a| data.unscoped.contains(*a) && *a != "kms:CreateKey")
        .cloned()
        .collect();
    if !listed.is_empty() {
        out.push(Statement::allow(listed, vec![Value::str("*")]));
    }
    out
}

/// What the deploy role holds for the stacks in `templates`.
pub(super) struct Permissions {
    /// Its own statements, for its managed policies.
    pub statements: Vec<Statement>,
    /// AWS managed read-only policies that grant the providers' read-only wildcards
    /// (`ec2:Describe*`) as written.
    pub aws_policies: Vec<Value>,
}

/// The deploy role's permissions for the stacks in `templates`.
pub(super) fn permissions(plan: &Plan, templates: &[&TemplateSummary]) -> Permissions {
    let data = provider_permissions::get();
    let named = named(templates);
    let aws_policies: BTreeSet<&str> = named
        .types
        .iter()
        .filter_map(|t| data.read_only.get(*t))
        .flatten()
        .filter_map(|w| provider_permissions::read_only_policy(w))
        .collect();
    Permissions {
        statements: statements(plan, &named),
        aws_policies: aws_policies
            .into_iter()
            .map(|p| Value::arn(&format!("iam::aws:policy/{p}")))
            .collect(),
    }
}

/// Every statement of the deploy role for the resources `named`.
fn statements(plan: &Plan, named: &Named) -> Vec<Statement> {
    let app = plan.app.name.as_str();
    let data = provider_permissions::get();
    let actions = provider_permissions::actions(named.types.iter().copied());
    let special = ["iam", "kms", "lambda", "route53", "codestar-connections"];

    let mut out = iam_statements(app, &actions);
    out.extend(kms_statements(app, &actions));

    let lambda = list(&actions, |a| service(a) == "lambda");
    if !lambda.is_empty() && !named.functions.is_empty() {
        out.push(Statement::allow(lambda, named.functions.clone()));
    }
    let route53 = list(&actions, |a| service(a) == "route53");
    let zones = list(&route53, |a| {
        !data.unscoped.contains(a) && a != "route53:GetChange"
    });
    if !zones.is_empty() && (named.any_zone || !named.zones.is_empty()) {
        let arns = if named.any_zone {
            vec![Value::arn("route53:::hostedzone/*")]
        } else {
            named.zones.clone()
        };
        out.push(Statement::allow(zones, arns));
    }
    if route53.iter().any(|a| a == "route53:GetChange") {
        out.push(Statement::allow(
            vec!["route53:GetChange".to_owned()],
            vec![Value::arn("route53:::change/*")],
        ));
    }
    // CodePipeline passes the pipeline's connection to CodeConnections (both names of the
    // service) when it creates or updates a pipeline that reads from it.
    if let Source::Connection(c) = &plan.pipeline.source
        && actions.iter().any(|a| service(a) == "codestar-connections")
    {
        out.push(Statement::allow(
            vec![
                "codeconnections:PassConnection".to_owned(),
                "codestar-connections:PassConnection".to_owned(),
            ],
            vec![Value::str(c.connection.clone())],
        ));
    }

    // Everything else: by service, on the service's scopes, and the actions only `*` grants.
    let mut by_service: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut anywhere = Vec::new();
    for action in &actions {
        let s = service(action);
        if special.contains(&s) {
            if s == "route53" && data.unscoped.contains(action) {
                anywhere.push(action.clone());
            }
            continue;
        }
        if data.unscoped.contains(action) && !ALWAYS_SCOPED.contains(&s) {
            anywhere.push(action.clone());
        } else {
            by_service.entry(s).or_default().push(action.clone());
        }
    }
    for (s, actions) in by_service {
        out.push(Statement::allow(actions, scopes(s, plan)));
    }
    if !anywhere.is_empty() {
        out.push(Statement::allow(anywhere, vec![Value::str("*")]));
    }
    // Templates over the inline limit are read from the pipeline's artifact buckets.
    out.push(Statement::allow(
        vec!["s3:GetObject".to_owned(), "s3:GetObjectVersion".to_owned()],
        vec![Value::arn(&format!(
            "s3:::{}*/*",
            naming::stack_prefix(app)
        ))],
    ));
    out
}

fn size(statement: &Statement) -> usize {
    serde_json::to_string(statement).map_or(0, |s| s.len())
}

/// `statements` packed into managed policies of at most [`POLICY_BUDGET`] characters each,
/// splitting a statement's actions where one alone is too big.
pub(super) fn pack(statements: Vec<Statement>) -> Vec<Vec<Statement>> {
    let mut pieces = Vec::new();
    for statement in statements {
        if size(&statement) <= POLICY_BUDGET {
            pieces.push(statement);
            continue;
        }
        let mut current = Statement {
            action: Vec::new(),
            ..statement.clone()
        };
        for action in &statement.action {
            current.action.push(action.clone());
            if size(&current) > POLICY_BUDGET {
                current.action.pop();
                pieces.push(current.clone());
                current.action = vec![action.clone()];
            }
        }
        pieces.push(current);
    }
    let mut policies: Vec<Vec<Statement>> = Vec::new();
    let mut used = 0;
    for piece in pieces {
        let n = size(&piece) + 1;
        match policies.last_mut() {
            Some(last) if used + n <= POLICY_BUDGET => {
                last.push(piece);
                used += n;
            }
            _ => {
                policies.push(vec![piece]);
                used = n;
            }
        }
    }
    policies
}
