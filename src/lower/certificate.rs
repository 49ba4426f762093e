//! `ingress.zone`: the environment's domain in Route 53. Each environment × region gets an
//! alias record of the rendered `ingress.domain` to its shared load balancer and, when the
//! blueprint names no `ingress.certificate`, an ACM certificate for that domain, validated by
//! DNS in the zone: `CloudFormation` writes the validation record itself and waits until ACM
//! issues the certificate, so the HTTPS listener is only created with a valid certificate.

use super::Target;
use crate::cfn::resources::certificatemanager::{Certificate, DomainValidationOption};
use crate::cfn::resources::route53::{AliasRecord, AliasTarget};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::naming::id;

/// The rendered domain and zone, when the app names both.
fn domain_and_zone(target: &Target) -> Option<(Value, Value)> {
    let ingress = target.app.ingress.as_ref()?;
    let zone = ingress.zone.as_ref()?;
    let domain = ingress.domain.as_ref()?;
    Some((target.render(domain), target.render(zone)))
}

/// Whether fleetform requests the certificate: a zone and a domain, and no certificate ARN.
pub fn requested(target: &Target) -> bool {
    target
        .app
        .ingress
        .as_ref()
        .is_some_and(|i| i.certificate.is_none())
        && domain_and_zone(target).is_some()
}

/// Adds the requested certificate; `None` when the app names its own (or has no zone).
pub fn add(t: &mut Template, target: &Target) -> Option<LogicalId> {
    if !requested(target) {
        return None;
    }
    let (domain, zone) = domain_and_zone(target)?;
    let id = id::certificate();
    t.add(
        id.clone(),
        Resource::new(Certificate {
            domain_name: domain.clone(),
            validation_method: "DNS",
            domain_validation_options: vec![DomainValidationOption {
                domain_name: domain,
                hosted_zone_id: zone,
            }],
        }),
    );
    Some(id)
}

/// Adds the alias record `A` of the domain to load balancer `lb`. Only `A`: the load balancer
/// is IPv4 (no `IpAddressType: dualstack`), so an `AAAA` alias would answer nothing.
pub fn add_record(t: &mut Template, target: &Target, lb: &LogicalId) {
    let Some((domain, zone)) = domain_and_zone(target) else {
        return;
    };
    t.add(
        id::domain_record(),
        Resource::new(AliasRecord {
            hosted_zone_id: zone,
            name: domain,
            record_type: "A",
            alias_target: AliasTarget {
                dns_name: Value::get_att(lb, "DNSName"),
                hosted_zone_id: Value::get_att(lb, "CanonicalHostedZoneID"),
                evaluate_target_health: true,
            },
        }),
    );
}
