//! The network of an environment × region: created (VPC, public and private subnet per AZ,
//! internet gateway, NAT none/single/per-AZ) or imported (literal IDs from the blueprint).

use std::net::Ipv4Addr;

use super::Target;
use crate::cfn::resources::Tag;
use crate::cfn::resources::ec2;
use crate::cfn::{Expr, Resource, Template, Value};
use crate::model::Nat;
use crate::naming::{self, id};

/// What the rest of the environment stack needs from the network.
pub struct NetworkRefs {
    pub vpc: Value,
    /// The VPC CIDR when the network is created (unknown for an imported one).
    pub cidr: Option<String>,
    pub public: Vec<Value>,
    pub private: Vec<Value>,
}

/// Adds the network to `t` (created) or returns the imported IDs.
pub fn add(t: &mut Template, target: &Target) -> NetworkRefs {
    let network = &target.env.network;
    if let Some(imported) = network.import.as_ref().and_then(|m| m.get(target.region)) {
        return NetworkRefs {
            vpc: Value::str(&imported.vpc),
            cidr: None,
            public: imported.public.iter().map(Value::str).collect(),
            private: imported.private.iter().map(Value::str).collect(),
        };
    }
    let (base, prefix) = parse_cidr(&network.cidr).unwrap_or((Ipv4Addr::new(10, 0, 0, 0), 16));
    let cidr = format!("{base}/{prefix}");
    let azs = usize::from(network.azs.clamp(1, 8));
    add_vpc(t, target, &cidr);
    let (public, private) = add_subnets(t, target, base, prefix, azs);
    add_nat(t, target, network.nat, azs);
    NetworkRefs {
        vpc: Value::r#ref(&id::vpc()),
        cidr: Some(cidr),
        public,
        private,
    }
}

/// A `Name` tag for a network resource.
fn name(target: &Target, what: &str) -> Vec<Tag> {
    vec![Tag::new(
        "Name",
        naming::name_tag(target.app_name(), target.env_name, what),
    )]
}

/// The VPC, its internet gateway and the public route table.
fn add_vpc(t: &mut Template, target: &Target, cidr: &str) {
    let name = |what: &str| name(target, what);
    let vpc = id::vpc();
    t.add(
        vpc.clone(),
        Resource::new(ec2::Vpc {
            cidr_block: cidr.to_owned(),
            enable_dns_support: true,
            enable_dns_hostnames: true,
            tags: name("vpc"),
        }),
    );
    let igw = id::internet_gateway();
    t.add(
        igw.clone(),
        Resource::new(ec2::InternetGateway { tags: name("igw") }),
    );
    let attachment = id::gateway_attachment();
    t.add(
        attachment.clone(),
        Resource::new(ec2::VpcGatewayAttachment {
            vpc_id: Value::r#ref(&vpc),
            internet_gateway_id: Value::r#ref(&igw),
        }),
    );
    let public_rt = id::public_route_table();
    t.add(
        public_rt.clone(),
        Resource::new(ec2::RouteTable {
            vpc_id: Value::r#ref(&vpc),
            tags: name("public"),
        }),
    );
    t.add(
        id::public_default_route(),
        Resource::new(ec2::Route {
            route_table_id: Value::r#ref(&public_rt),
            destination_cidr_block: "0.0.0.0/0".to_owned(),
            gateway_id: Some(Value::r#ref(&igw)),
            nat_gateway_id: None,
        })
        .depends_on(&attachment),
    );
}

/// A public and a private subnet per AZ, each with its route-table association; returns the
/// public and private subnet references.
fn add_subnets(
    t: &mut Template,
    target: &Target,
    base: Ipv4Addr,
    prefix: u32,
    azs: usize,
) -> (Vec<Value>, Vec<Value>) {
    let name = |what: &str| name(target, what);
    let vpc = id::vpc();
    let public_rt = id::public_route_table();
    let mut public = Vec::new();
    let mut private = Vec::new();
    for az in 0..azs {
        let zone = Value::from(Expr::Select(
            u32::try_from(az).unwrap_or(0),
            Box::new(Value::from(Expr::GetAzs)),
        ));
        for (tier, block) in [("public", az), ("private", 8 + az)] {
            let subnet = id::subnet(tier, az);
            t.add(
                subnet.clone(),
                Resource::new(ec2::Subnet {
                    vpc_id: Value::r#ref(&vpc),
                    cidr_block: subnet_cidr(base, prefix, block),
                    availability_zone: zone.clone(),
                    map_public_ip_on_launch: None,
                    tags: name(&format!("{tier}-{az}")),
                }),
            );
            let table = if tier == "public" {
                public_rt.clone()
            } else {
                id::private_route_table(az)
            };
            t.add(
                id::route_table_association(tier, az),
                Resource::new(ec2::SubnetRouteTableAssociation {
                    route_table_id: Value::r#ref(&table),
                    subnet_id: Value::r#ref(&subnet),
                }),
            );
            if tier == "public" {
                public.push(Value::r#ref(&subnet));
            } else {
                private.push(Value::r#ref(&subnet));
            }
        }
        // One private route table per AZ whatever the NAT mode, so switching modes only
        // changes routes, never table identities.
        t.add(
            id::private_route_table(az),
            Resource::new(ec2::RouteTable {
                vpc_id: Value::r#ref(&vpc),
                tags: name(&format!("private-{az}")),
            }),
        );
    }

    (public, private)
}

/// NAT gateways (none, one, or one per AZ) and the private default routes through them.
fn add_nat(t: &mut Template, target: &Target, mode: Nat, azs: usize) {
    let name = |what: &str| name(target, what);
    let attachment = id::gateway_attachment();
    let nat_count = match mode {
        Nat::None => 0,
        Nat::Single => 1,
        Nat::PerAz => azs,
    };
    for az in 0..nat_count {
        let eip = id::nat_eip(az);
        t.add(
            eip.clone(),
            Resource::new(ec2::Eip {
                domain: "vpc".to_owned(),
                tags: name(&format!("nat-{az}")),
            })
            .depends_on(&attachment),
        );
        t.add(
            id::nat_gateway(az),
            Resource::new(ec2::NatGateway {
                allocation_id: Value::get_att(&eip, "AllocationId"),
                subnet_id: Value::r#ref(&id::subnet("public", az)),
                tags: name(&format!("nat-{az}")),
            }),
        );
    }
    if nat_count > 0 {
        for az in 0..azs {
            let nat = id::nat_gateway(if nat_count == 1 { 0 } else { az });
            t.add(
                id::private_default_route(az),
                Resource::new(ec2::Route {
                    route_table_id: Value::r#ref(&id::private_route_table(az)),
                    destination_cidr_block: "0.0.0.0/0".to_owned(),
                    gateway_id: None,
                    nat_gateway_id: Some(Value::r#ref(&nat)),
                }),
            );
        }
    }
}

/// Parses `a.b.c.d/p` and masks the address to its network.
pub fn parse_cidr(cidr: &str) -> Option<(Ipv4Addr, u32)> {
    let (addr, prefix) = cidr.split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let prefix: u32 = prefix.parse().ok()?;
    if prefix > 28 {
        return None;
    }
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    Some((Ipv4Addr::from(u32::from(addr) & mask), prefix))
}

/// Block `index` of the network split into 16 blocks of `/(prefix + 4)`.
pub fn subnet_cidr(base: Ipv4Addr, prefix: u32, index: usize) -> String {
    let sub_prefix = (prefix + 4).min(28);
    let size = 1u32 << (32 - sub_prefix);
    let index = u32::try_from(index).unwrap_or(0) % 16;
    let start = u32::from(base).wrapping_add(index * size);
    format!("{}/{sub_prefix}", Ipv4Addr::from(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_16_into_20s() {
        let (base, prefix) = parse_cidr("10.20.0.0/16").unwrap();
        assert_eq!(subnet_cidr(base, prefix, 0), "10.20.0.0/20");
        assert_eq!(subnet_cidr(base, prefix, 1), "10.20.16.0/20");
        assert_eq!(subnet_cidr(base, prefix, 8), "10.20.128.0/20");
        assert_eq!(subnet_cidr(base, prefix, 13), "10.20.208.0/20");
    }

    #[test]
    fn splits_a_24_into_28s_and_masks_host_bits() {
        let (base, prefix) = parse_cidr("192.168.7.9/24").unwrap();
        assert_eq!(base, Ipv4Addr::new(192, 168, 7, 0));
        assert_eq!(subnet_cidr(base, prefix, 9), "192.168.7.144/28");
    }

    #[test]
    fn rejects_malformed_cidrs() {
        assert!(parse_cidr("10.0.0.0").is_none());
        assert!(parse_cidr("10.0.0.0/30").is_none());
        assert!(parse_cidr("nope/16").is_none());
    }
}
