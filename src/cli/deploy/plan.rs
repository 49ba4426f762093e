//! `fleetform plan`: a change set per deployed stack (created, read, deleted), or the whole
//! template for a stack not deployed yet.

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
        }
    }
    deleted.map_err(|e| format!("cannot delete change set `{run}`: {e}"))
}
