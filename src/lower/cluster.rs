//! The ECS cluster of an environment × region.

use super::Target;
use crate::cfn::resources::ecs;
use crate::cfn::{LogicalId, Resource, Template};
use crate::model::Insights;
use crate::naming::{self, id};

/// Adds the cluster; returns its logical ID.
pub fn add(t: &mut Template, target: &Target) -> LogicalId {
    let insights = match target.app.cluster.insights {
        Insights::Enabled => "enabled",
        Insights::Enhanced => "enhanced",
        Insights::Disabled => "disabled",
    };
    let cluster = id::cluster();
    t.add(
        cluster.clone(),
        Resource::new(ecs::Cluster {
            cluster_name: naming::cluster_name(target.app_name(), target.env_name),
            cluster_settings: vec![ecs::ClusterSetting {
                name: "containerInsights".to_owned(),
                value: insights.to_owned(),
            }],
            service_connect_defaults: super::discovery::cluster_defaults(target),
            configuration: super::exec::cluster_configuration(target),
            tags: Vec::new(),
        }),
    );
    cluster
}
