//! `AWS::CertificateManager::Certificate`: the load balancer's certificate when fleetform
//! requests it.

use serde::Serialize;

use crate::cfn::{Properties, Value};

/// A public certificate validated by DNS: with `HostedZoneId`, `CloudFormation` writes the
/// validation record into the zone and waits until ACM issues the certificate.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    pub domain_name: Value,
    pub validation_method: &'static str,
    pub domain_validation_options: Vec<DomainValidationOption>,
}

impl Properties for Certificate {
    const TYPE: &'static str = "AWS::CertificateManager::Certificate";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainValidationOption {
    pub domain_name: Value,
    pub hosted_zone_id: Value,
}
