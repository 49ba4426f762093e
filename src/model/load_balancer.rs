//! What a service adds to its environment's shared load balancer, and which load balancer that
//! is. Lowering creates exactly these target groups and listener rules, and FF0421 / FF0482
//! count them against the load balancer's quotas, so the count, the choice and the template
//! come from one place.
//!
//! With `ingress.load-balancers`, a service without `load-balancer` goes to the automatic load
//! balancer with the highest score `hash(load balancer, service)` (rendezvous hashing): the
//! choice depends on the service's own name and the declared load balancers only, so adding or
//! removing a service never moves another one, and adding a load balancer moves only the
//! services that now score highest on it (about 1/n of them), all onto the new one.

use std::collections::BTreeMap;

use super::{App, NamedLoadBalancer, PerRegion, Scheduling, Service};

/// One load balancer's settings, the `ingress` ones filling what it leaves unset.
#[derive(Debug, Clone, Copy)]
pub struct LbSettings<'a> {
    /// Its name in `ingress.load-balancers`; `None` for the single load balancer of `ingress`.
    pub name: Option<&'a str>,
    pub public: bool,
    pub domain: Option<&'a String>,
    pub certificate: Option<&'a PerRegion<String>>,
    pub idle_timeout: u32,
    pub test_clients: Option<&'a Vec<String>>,
}

impl App {
    /// `ingress.load-balancers`, when declared.
    pub fn named_load_balancers(&self) -> Option<&BTreeMap<String, NamedLoadBalancer>> {
        self.ingress.as_ref()?.load_balancers.as_ref()
    }

    /// The named load balancer a service's route goes to: its `load-balancer`, else the
    /// automatic one chosen by [`rendezvous`]; `None` without `ingress.load-balancers` (the
    /// environment's single load balancer) or when none is automatic (FF0484).
    pub fn load_balancer_of(&self, service: &str) -> Option<&str> {
        let named = self.named_load_balancers()?;
        if let Some(pinned) = self
            .services
            .get(service)
            .and_then(|s| s.load_balancer.as_deref())
        {
            return Some(pinned);
        }
        rendezvous(
            service,
            named
                .iter()
                .filter(|(_, lb)| lb.automatic)
                .map(|(name, _)| name.as_str()),
        )
    }

    /// The services with a rule on load balancer `lb` (`None`: the single one of `ingress`),
    /// by name.
    pub fn services_on<'a>(
        &'a self,
        lb: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a String, &'a Service)> + 'a {
        self.services
            .iter()
            .filter(|(_, s)| s.on_shared_load_balancer())
            .filter(move |(name, _)| self.load_balancer_of(name) == lb)
    }

    /// The settings of load balancer `name` (`None`: the single one of `ingress`).
    pub fn load_balancer_settings(&self, name: Option<&str>) -> LbSettings<'_> {
        let ingress = self.ingress.as_ref();
        let named = name.and_then(|n| self.named_load_balancers()?.get_key_value(n));
        LbSettings {
            name: named.map(|(n, _)| n.as_str()),
            public: named
                .and_then(|(_, lb)| lb.public)
                .unwrap_or_else(|| ingress.is_none_or(|i| i.public)),
            domain: named
                .and_then(|(_, lb)| lb.domain.as_ref())
                .or_else(|| ingress?.domain.as_ref()),
            certificate: named
                .and_then(|(_, lb)| lb.certificate.as_ref())
                .or_else(|| ingress?.certificate.as_ref()),
            idle_timeout: ingress.map_or(60, |i| i.idle_timeout),
            test_clients: ingress.and_then(|i| i.test_clients.as_ref()),
        }
    }

    /// The named load balancer the environments' `global` name points at: the one marked
    /// `global`, or the only one (FF0483 refuses anything else when a global name exists).
    pub fn global_load_balancer(&self) -> Option<&str> {
        let named = self.named_load_balancers()?;
        let mut marked = named.iter().filter(|(_, lb)| lb.global);
        match (marked.next(), marked.next()) {
            (Some((name, _)), None) => Some(name),
            (None, None) if named.len() == 1 => named.keys().next().map(String::as_str),
            _ => None,
        }
    }
}

/// Rendezvous (highest random weight) hashing: the candidate whose score for `service` is
/// highest, ties to the first name. A pure function of the service's name and the candidates.
pub fn rendezvous<'a>(service: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|lb| (score(lb, service), lb))
        .fold(None, |best: Option<(u64, &str)>, (s, lb)| match best {
            Some((b, _)) if b >= s => best,
            _ => Some((s, lb)),
        })
        .map(|(_, lb)| lb)
}

/// FNV-1a of `lb NUL service`, finished with `SplitMix64`'s mixer: FNV alone spreads names that
/// differ only in their last characters (`svc-001`, `svc-002`) badly over the high bits. Fixed
/// constants, no seed: the same on every platform and release.
fn score(lb: &str, service: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in lb.bytes().chain([0]).chain(service.bytes()) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

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

#[cfg(test)]
mod tests {
    use super::rendezvous;

    const LBS: [&str; 4] = ["a", "b", "c", "d"];

    #[test]
    fn rendezvous_spreads_and_depends_only_on_the_name() {
        let mut counts = [0usize; 4];
        for i in 0..1000 {
            let name = format!("svc-{i:04}");
            let lb = rendezvous(&name, LBS.into_iter()).expect("a candidate");
            assert_eq!(Some(lb), rendezvous(&name, LBS.into_iter()));
            counts[LBS.iter().position(|l| *l == lb).expect("one of them")] += 1;
        }
        assert!(counts.iter().all(|c| (200..=300).contains(c)), "{counts:?}");
    }

    #[test]
    fn a_new_load_balancer_takes_services_only_onto_itself() {
        let mut moved = 0;
        for i in 0..1000 {
            let name = format!("svc-{i:04}");
            let before = rendezvous(&name, LBS.into_iter()).expect("a candidate");
            let after = rendezvous(&name, LBS.into_iter().chain(["e"])).expect("a candidate");
            if before != after {
                assert_eq!(after, "e");
                moved += 1;
            }
        }
        assert!((120..=280).contains(&moved), "{moved}");
        assert_eq!(rendezvous("x", std::iter::empty()), None);
    }
}
