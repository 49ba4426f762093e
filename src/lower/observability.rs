//! The observability stack `{app}-{env}-observability` of one region: log key and analytics,
//! ECS event rules, the audit trail, the alarm topic and the dashboard. It is deployed after the
//! environment stack (the dashboard reads the load balancer's name from it) and before the
//! service and job stacks (they read the log key, log stream and alarm topic it publishes).
//! Without any of these features there is no such stack.

use std::collections::BTreeMap;

use super::{Stack, StackKind, Target, alarms, audit, dashboard, events, exec, logs};
use crate::cfn::Template;
use crate::naming;

pub fn lower(target: &Target) -> Option<Stack> {
    let mut t = Template::new(format!(
        "fleetform: observability of environment `{}` of app `{}` in {} (logs, events, audit, alarms, dashboard)",
        target.env_name,
        target.app_name(),
        target.place()
    ));
    logs::add_environment(&mut t, target);
    exec::add_log_group(&mut t, target, logs::created_key(target).as_ref());
    events::add(
        &mut t,
        target,
        &naming::cluster_name(target.app_name(), target.env_name),
    );
    audit::add(&mut t, target);
    alarms::add_topic(&mut t, target);
    dashboard::add(&mut t, target);
    if t.resources.is_empty() {
        return None;
    }
    Some(Stack {
        app: target.app.name.clone(),
        environment: target.env_name.to_owned(),
        region: target.region.to_owned(),
        name: naming::observability_stack(target.app_name(), target.env_name),
        kind: StackKind::Observability,
        template: t,
        parameters: BTreeMap::new(),
        tags: target.tags(None),
        depends_on: Vec::new(),
    })
}
