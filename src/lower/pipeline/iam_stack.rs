//! `{app}-pipeline-iam`: the app's IAM foundation in one partition, deployed once by an
//! administrator before the pipeline stacks and never by the pipeline itself.
//!
//! - `PermissionsBoundary`, the customer managed policy `fleetform-{app}-boundary` under
//!   `/fleetform/{app}/`, which every role the pipeline deploys carries: all actions but IAM,
//!   STS, Organizations and Account, plus passing and assuming the app's own roles. So no role
//!   the pipeline creates can change IAM, assume a role outside the app or touch the account,
//!   whatever its own policies say.
//! - `StackDeployRole`, `/fleetform-deploy/{app}-deploy`, which CloudFormation assumes to deploy
//!   the app's stacks, with its permissions in managed policies (they outgrow the 10,240
//!   characters a role's inline policies share).

use super::deploy_role::{self, Permissions};
use crate::cfn::resources::iam::{ManagedPolicy, PolicyDocument, Role, RoleScope, Statement};
use crate::cfn::{Resource, Template, Value};
use crate::naming::{self, id};

/// The boundary's policy document; `assumable` are roles of other accounts the pipeline's
/// role may assume too (the action roles of cross-account environments).
fn boundary(app: &str, assumable: Vec<Value>) -> PolicyDocument {
    let own_roles = vec![
        Value::arn(&format!(
            "iam::${{AWS::AccountId}}:role{}*",
            naming::iam_path(app)
        )),
        Value::arn(&format!(
            "iam::${{AWS::AccountId}}:role{}{}",
            naming::DEPLOY_ROLE_PATH,
            naming::deploy_role(app)
        )),
    ];
    let mut statements = vec![
        Statement::allow_all_but(
            ["iam:*", "sts:*", "organizations:*", "account:*"]
                .iter()
                .map(|a| (*a).to_owned())
                .collect(),
            vec![Value::str("*")],
        ),
        // The pipeline's build projects hand the deploy role to CloudFormation, and services
        // hand their roles to ECS, EventBridge and the rest.
        Statement::allow(
            vec!["iam:GetRole".to_owned(), "iam:PassRole".to_owned()],
            own_roles.clone(),
        ),
        Statement::allow(
            vec!["sts:AssumeRole".to_owned(), "sts:TagSession".to_owned()],
            own_roles,
        ),
    ];
    if !assumable.is_empty() {
        statements.push(Statement::allow(
            vec!["sts:AssumeRole".to_owned()],
            assumable,
        ));
    }
    PolicyDocument::new(statements)
}

/// The IAM stack's template for the deploy role's `permissions` (`assumable`: see
/// [`boundary`]).
pub(super) fn template(
    app: &str,
    place: &str,
    permissions: Permissions,
    assumable: Vec<Value>,
) -> Template {
    let mut t = Template::new(format!(
        "fleetform: IAM foundation of {app} in {place} (permissions boundary and the role CloudFormation deploys the app with; deployed by an administrator)"
    ));
    let mut boundary = Resource::new(ManagedPolicy {
        managed_policy_name: Some(naming::boundary_policy(app)),
        description: format!(
            "fleetform: the most any role of {app} deployed by its pipeline may do"
        ),
        path: Some(naming::iam_path(app)),
        policy_document: boundary(app, assumable),
    });
    // checkov reads the boundary as a grant; a boundary grants nothing, it caps.
    for check in [
        "CKV_AWS_107",
        "CKV_AWS_108",
        "CKV_AWS_109",
        "CKV_AWS_110",
        "CKV_AWS_111",
    ] {
        boundary = boundary.skip_check(
            check,
            "a permissions boundary grants nothing: it caps roles at all but IAM, STS, Organizations and Account",
        );
    }
    t.add(id::permissions_boundary(), boundary);
    let mut arns = permissions.aws_policies;
    for (i, policy) in deploy_role::pack(permissions.statements)
        .into_iter()
        .enumerate()
    {
        let policy_id = id::deploy_policy(i + 1);
        arns.push(Value::r#ref(&policy_id));
        t.add(
            policy_id,
            Resource::new(ManagedPolicy {
                managed_policy_name: None,
                description: format!("fleetform: deploying the stacks of {app} (part {})", i + 1),
                path: Some(naming::DEPLOY_ROLE_PATH.to_owned()),
                policy_document: PolicyDocument::new(policy),
            }),
        );
    }
    t.add(
        id::stack_deploy_role(),
        Resource::new(Role {
            role_name: Some(naming::deploy_role(app)),
            // CloudFormation documents no `aws:SourceAccount`/`aws:SourceArn` for assuming a
            // stack's service role; a condition on a key it does not set would lock it out.
            assume_role_policy_document: PolicyDocument::new(vec![Statement::assume_role(
                "cloudformation.amazonaws.com",
            )]),
            managed_policy_arns: arns,
            policies: Vec::new(),
            scope: RoleScope {
                path: Some(naming::DEPLOY_ROLE_PATH.to_owned()),
                permissions_boundary: None,
            },
        }),
    );
    t
}
