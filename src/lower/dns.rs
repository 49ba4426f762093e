//! The environment's global name: in each region's environment stack, one Route 53 alias
//! record of the shared name pointing at that region's load balancer. Records of one name live
//! in different stacks (one per region), so each region deploys and rolls back on its own; the
//! `SetIdentifier` is the region, which never changes, so no record is ever replaced.

use super::Target;
use crate::cfn::resources::route53::{AliasTarget, RecordSet};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::RoutingPolicy;
use crate::naming::id;

/// Adds the record when the environment has a global name and this region a load balancer
/// (`lb`, in this stack: the environment's single one, or the named one the name points at).
pub fn add(t: &mut Template, target: &Target, lb: Option<&LogicalId>) {
    let Some(global) = &target.env.global else {
        return;
    };
    let Some(lb) = lb else {
        return;
    };
    let region = target.region.to_owned();
    let (region_field, weight, failover) = match global.policy {
        RoutingPolicy::Latency => (Some(region.clone()), None, None),
        RoutingPolicy::Weighted => (
            None,
            Some(global.weights.get(&region).copied().unwrap_or(0)),
            None,
        ),
        RoutingPolicy::Failover => {
            let primary = global.primary.as_deref() == Some(target.region);
            (
                None,
                None,
                Some(if primary { "PRIMARY" } else { "SECONDARY" }),
            )
        }
    };
    t.add(
        id::global_record(),
        Resource::new(RecordSet {
            hosted_zone_id: global.zone.clone(),
            name: global.name.clone(),
            record_type: "A",
            alias_target: AliasTarget {
                dns_name: Value::get_att(lb, "DNSName"),
                hosted_zone_id: Value::get_att(lb, "CanonicalHostedZoneID"),
                evaluate_target_health: true,
            },
            set_identifier: region,
            region: region_field,
            weight,
            failover,
        }),
    );
}
