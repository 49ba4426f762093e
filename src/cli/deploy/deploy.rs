//! `fleetform deploy`: each stack through a change set, in manifest order, stacks whose
//! `depends_on` are done in parallel (bounded), nothing new after a failure.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use super::change_set::{self, StackPlan};
use super::cloud::{ChangeSetRequest, Cloud, Event, Prepared};
use super::decide::{self, Action};
use super::order::{self, State};
use super::progress::Console;
use super::targets::Target;
use super::template;

#[derive(Debug, Clone)]
pub struct Options {
    /// Deploy without asking (CI).
    pub yes: bool,
    /// The most stacks deployed at once.
    pub concurrency: usize,
    /// This run's name: the change sets' name and the uploaded templates' key.
    pub run: String,
}

/// How one stack's deploy ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Created or updated; the final status.
    Deployed(String),
    /// Its change set was empty.
    UpToDate,
    /// The failing resources' reasons (or why the deploy could not start).
    Failed(Vec<String>),
    /// The change was not confirmed.
    Declined,
    /// Never started: a stack failed first, or one it depends on did not deploy.
    NotStarted,
}

impl Outcome {
    fn done(&self) -> bool {
        matches!(self, Self::Deployed(_) | Self::UpToDate)
    }
}

/// Deploys `targets`; returns each one's outcome, in order.
pub fn deploy(
    cloud: &dyn Cloud,
    console: &dyn Console,
    targets: &[Target],
    options: &Options,
) -> Vec<Outcome> {
    let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
    let depends_on: Vec<&[String]> = targets.iter().map(|t| t.depends_on.as_slice()).collect();
    let mut states = vec![State::Waiting; targets.len()];
    let mut outcomes = vec![Outcome::NotStarted; targets.len()];
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        loop {
            for i in order::ready(&names, &depends_on, &states, options.concurrency) {
                states[i] = State::Running;
                let tx = tx.clone();
                let target = &targets[i];
                scope.spawn(move || {
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        deploy_one(cloud, console, target, options)
                    }))
                    .unwrap_or_else(|_| Outcome::Failed(vec!["fleetform failed (a bug)".into()]));
                    let _ = tx.send((i, outcome));
                });
            }
            if !states.contains(&State::Running) {
                break;
            }
            let Ok((i, outcome)) = rx.recv() else { break };
            states[i] = if outcome.done() {
                State::Done
            } else {
                State::Failed
            };
            console.finish(&targets[i].name, &describe(&outcome));
            outcomes[i] = outcome;
        }
    });
    outcomes
}

/// The line that ends a stack's progress.
pub fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Deployed(status) => status.clone(),
        Outcome::UpToDate => "up to date".to_owned(),
        Outcome::Failed(reasons) => format!("failed: {}", reasons.join("; ")),
        Outcome::Declined => "not deployed (not confirmed)".to_owned(),
        Outcome::NotStarted => "not started".to_owned(),
    }
}

fn deploy_one(cloud: &dyn Cloud, console: &dyn Console, t: &Target, options: &Options) -> Outcome {
    match steps(cloud, console, t, options) {
        Ok(outcome) => outcome,
        Err(message) => Outcome::Failed(vec![message]),
    }
}

fn steps(
    cloud: &dyn Cloud,
    console: &dyn Console,
    t: &Target,
    options: &Options,
) -> Result<Outcome, String> {
    let (region, name) = (t.region.as_str(), t.name.as_str());
    let mut state = cloud.stack(region, name)?;
    let create = loop {
        match decide::action(state.as_ref().map(|s| s.status.as_str())) {
            Action::Create => break true,
            Action::Update => break false,
            Action::Refuse(why) => return Ok(Outcome::Failed(vec![format!("`{name}` {why}")])),
            Action::Wait => {
                let status = state.as_ref().map_or("", |s| s.status.as_str());
                console.progress(name, &format!("waiting for {status} to end"));
                cloud.pause();
                state = cloud.stack(region, name)?;
            }
            Action::Recreate => {
                let question = format!(
                    "stack `{name}` is in ROLLBACK_COMPLETE (its first create failed) and can only be deleted: delete it and create it again?"
                );
                if !options.yes && !console.confirm("", &question) {
                    return Ok(Outcome::Declined);
                }
                console.progress(name, "deleting (ROLLBACK_COMPLETE)");
                cloud.delete_stack(region, name)?;
                state = settle(cloud, console, t)?;
                if let Some(s) = state.as_ref().filter(|s| s.status == "DELETE_FAILED") {
                    return Ok(Outcome::Failed(vec![format!(
                        "cannot delete `{name}`: {}",
                        s.reason.as_deref().unwrap_or("DELETE_FAILED")
                    )]));
                }
            }
        }
    };
    let request = ChangeSetRequest {
        region,
        stack: name,
        name: &options.run,
        create,
        template: template::reference(cloud, t, &options.run)?,
        parameters: &t.parameters,
        tags: &t.tags,
        capabilities: &t.capabilities,
    };
    console.progress(name, "creating change set");
    let prepared = cloud.prepare_change_set(&request)?;
    let changes = match prepared {
        Prepared::Empty { ref id } => {
            cloud.delete_change_set(region, id)?;
            return Ok(Outcome::UpToDate);
        }
        Prepared::Failed { ref id, ref reason } if decide::no_changes(reason) => {
            cloud.delete_change_set(region, id)?;
            return Ok(Outcome::UpToDate);
        }
        Prepared::Failed { ref reason, .. } => {
            return Ok(Outcome::Failed(vec![format!(
                "the change set failed: {reason}"
            )]));
        }
        Prepared::Ready { ref changes, .. } => changes.clone(),
    };
    let plan = StackPlan {
        stack: name.to_owned(),
        region: region.to_owned(),
        new_stack: create,
        parameters: state
            .as_ref()
            .map(|s| change_set::parameter_changes(&s.parameters, &t.parameters))
            .unwrap_or_default(),
        changes,
        error: None,
    };
    if !options.yes && !console.confirm(&change_set::human(&[plan]), &format!("deploy `{name}`?")) {
        cloud.delete_change_set(region, prepared.id())?;
        if create {
            // The change set made an empty stack (REVIEW_IN_PROGRESS); leave nothing behind.
            cloud.delete_stack(region, name)?;
        }
        return Ok(Outcome::Declined);
    }
    let marker = cloud.events(region, name)?.first().map(|e| e.id.clone());
    cloud.execute_change_set(region, prepared.id())?;
    let last = settle(cloud, console, t)?;
    let status = last.map(|s| s.status).unwrap_or_default();
    if decide::succeeded(&status) {
        return Ok(Outcome::Deployed(status));
    }
    let events = cloud.events(region, name)?;
    let mut reasons = failure_reasons(&events, marker.as_deref());
    if reasons.is_empty() {
        reasons.push(format!("ended in {status}"));
    }
    Ok(Outcome::Failed(reasons))
}

/// Polls the stack until CloudFormation is done with it, telling each new event; returns its
/// last state (`None` once deleted).
fn settle(
    cloud: &dyn Cloud,
    console: &dyn Console,
    t: &Target,
) -> Result<Option<super::cloud::StackState>, String> {
    let mut seen = cloud
        .events(&t.region, &t.name)?
        .first()
        .map(|e| e.id.clone());
    loop {
        let state = cloud.stack(&t.region, &t.name)?;
        // Events of a deleted stack can no longer be read by name.
        if let Some(events) = state
            .as_ref()
            .and_then(|_| cloud.events(&t.region, &t.name).ok())
        {
            for e in since(&events, seen.as_deref()).iter().rev() {
                console.progress(&t.name, &event_line(e));
            }
            if let Some(first) = events.first() {
                seen = Some(first.id.clone());
            }
        }
        match &state {
            Some(s) if decide::in_progress(&s.status) => cloud.pause(),
            _ => return Ok(state),
        }
    }
}

/// The events newer than `marker` (all of them without one), newest first.
fn since<'e>(events: &'e [Event], marker: Option<&str>) -> &'e [Event] {
    let end = marker
        .and_then(|m| events.iter().position(|e| e.id == m))
        .unwrap_or(events.len());
    &events[..end]
}

fn event_line(e: &Event) -> String {
    match &e.reason {
        Some(reason) if !reason.is_empty() => {
            format!(
                "{} {} {}: {reason}",
                e.logical_id, e.resource_type, e.status
            )
        }
        _ => format!("{} {} {}", e.logical_id, e.resource_type, e.status),
    }
}

/// Why a deploy failed: the reasons of the resources that failed since `marker`, oldest first,
/// without CloudFormation's "cancelled" follow-ups.
pub fn failure_reasons(events: &[Event], marker: Option<&str>) -> Vec<String> {
    since(events, marker)
        .iter()
        .rev()
        .filter(|e| {
            e.status.ends_with("_FAILED") && e.resource_type != "AWS::CloudFormation::Stack"
        })
        .filter_map(|e| {
            let reason = e.reason.as_deref().filter(|r| !r.is_empty())?;
            (!reason.contains("cancelled")).then(|| {
                format!(
                    "{} ({}): {}: {reason}",
                    e.logical_id, e.resource_type, e.status
                )
            })
        })
        .collect()
}
