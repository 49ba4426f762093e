//! What a service adds to its environment's shared load balancer. Lowering creates exactly
//! these target groups and listener rules, and FF0421 counts them against the load balancer's
//! quotas, so the count and the template come from one place.

use super::{Scheduling, Service};

/// One service's share of the shared load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadBalancerShare {
    /// ECS shifts traffic (blue/green, canary, linear): an alternate target group beside the
    /// primary one, and the route's rule repeated on the test listener.
    pub shifts_traffic: bool,
}

impl LoadBalancerShare {
    /// The service's target groups on the load balancer.
    pub const fn target_groups(self) -> usize {
        if self.shifts_traffic { 2 } else { 1 }
    }

    /// The service's listener rules on the load balancer (production, and test when shifting).
    pub const fn listener_rules(self) -> usize {
        if self.shifts_traffic { 2 } else { 1 }
    }
}

impl Service {
    /// Whether ECS shifts this service's load-balancer traffic (blue/green, canary, linear with a
    /// route; check guarantees the route).
    pub fn shifts_traffic(&self) -> bool {
        self.deploy.strategy.shifts_traffic()
            && self.route.is_some()
            && self.scheduling == Scheduling::Replica
    }

    /// What the service adds to the shared load balancer; `None` when it has no rule there (no
    /// route, or DNS blue/green colours with load balancers of their own).
    pub fn load_balancer_share(&self) -> Option<LoadBalancerShare> {
        self.on_shared_load_balancer().then(|| LoadBalancerShare {
            shifts_traffic: self.shifts_traffic(),
        })
    }
}
