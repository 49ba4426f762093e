//! `fleetform plan`: a change set per deployed stack (created, read, deleted), or the whole
//! template for a stack not deployed yet.

use fleetform::diff::{self, SecurityChanges};
use serde_json::Value;

use super::change_set::{self, StackPlan};
use super::cloud::{ChangeSetRequest, Cloud, Prepared, StackState};
use super::decide;
use super::targets::Target;
use super::template;

/// Plans every target, in order; a stack that cannot be planned carries its error.
pub fn plan(cloud: &dyn Cloud, targets: &[Target], run: &str) -> Vec<StackPlan> {
    targets
        .iter()
        .map(|t| {
            let mut plan = StackPlan {
                stack: t.name.clone(),
                region: t.region.clone(),
                new_stack: false,
                changes: Vec::new(),
                parameters: Vec::new(),
                security: SecurityChanges::default(),
                error: None,
            };
            if let Err(e) = plan_one(cloud, t, run, &mut plan) {
                plan.error = Some(e);
            }
            plan
        })
        .collect()
}

fn plan_one(cloud: &dyn Cloud, t: &Target, run: &str, plan: &mut StackPlan) -> Result<(), String> {
    let state = cloud.stack(&t.region, &t.name)?;
    let deployed = |s: &StackState| {
        !matches!(
            decide::action(Some(&s.status)),
            decide::Action::Create | decide::Action::Recreate
        )
    };
    let Some(state) = state.filter(deployed) else {
        // A change set would create the stack (in REVIEW_IN_PROGRESS) just to be looked at; a
        // stack in ROLLBACK_COMPLETE takes none and is created anew by `deploy`.
        plan.new_stack = true;
        plan.changes = change_set::all_added(&t.template)?;
        plan.security = diff::security_changes(&Value::Null, &built(t)?);
        return Ok(());
    };
    let request = ChangeSetRequest {
        region: &t.region,
        stack: &t.name,
        name: run,
        create: false,
        template: template::reference(cloud, t, run)?,
        parameters: &t.parameters,
        tags: &t.tags,
        capabilities: &t.capabilities,
    };
    let prepared = cloud.prepare_change_set(&request)?;
    let deleted = cloud.delete_change_set(&t.region, prepared.id());
    match prepared {
        Prepared::Empty { .. } => {}
        Prepared::Failed { reason, .. } if decide::no_changes(&reason) => {}
        Prepared::Failed { reason, .. } => return Err(format!("the change set failed: {reason}")),
        Prepared::Ready { changes, .. } => {
            plan.changes = changes;
            plan.parameters = change_set::parameter_changes(&state.parameters, &t.parameters);
            plan.security = security_against_deployed(cloud, t)?;
        }
    }
    deleted.map_err(|e| format!("cannot delete change set `{run}`: {e}"))
}

/// Only asked when the change set has changes: an up-to-date stack costs no `GetTemplate`.
fn security_against_deployed(cloud: &dyn Cloud, t: &Target) -> Result<SecurityChanges, String> {
    let deployed = cloud
        .template(&t.region, &t.name)
        .map_err(|e| format!("cannot get the deployed template: {e}"))?;
    // fleetform deploys JSON; a template deployed by other means in YAML cannot be tabled.
    let deployed: Value = serde_json::from_str(&deployed)
        .map_err(|e| format!("cannot read the deployed template as JSON: {e}"))?;
    Ok(diff::security_changes(&deployed, &built(t)?))
}

fn built(t: &Target) -> Result<Value, String> {
    serde_json::from_str(&t.template).map_err(|e| format!("cannot read the template: {e}"))
}
