//! Where the roles of an environment's stacks live and what bounds them.
//!
//! Every role and instance profile of an app gets the IAM path `/fleetform/{app}/`, so the
//! pipeline's deploy role can be limited to exactly that app's roles. A role in a stack the
//! app's pipeline deploys also carries the app's permissions boundary: the deploy role may only
//! create roles that carry it, so nothing the pipeline deploys can grant more than the boundary
//! allows. Roles of stacks deployed by hand (no pipeline, an environment the pipeline does not
//! deploy, a StackSet) carry none: the boundary policy exists only where the pipeline's IAM
//! stack was bootstrapped.

use super::{Target, pipeline};
use crate::cfn::Value;
use crate::cfn::resources::iam::RoleScope;
use crate::naming;

/// The scope of every role `target`'s stacks create.
pub(crate) fn of(target: &Target) -> RoleScope {
    let app = target.app_name();
    RoleScope {
        path: Some(naming::iam_path(app)),
        permissions_boundary: pipeline::deploys(target.app, target.env_name, target.region)
            .then(|| Value::sub(naming::boundary_arn(app))),
    }
}
