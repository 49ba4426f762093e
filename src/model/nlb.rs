//! Network Load Balancer listeners of a service (`listeners`): TCP, UDP, TCP+UDP or TLS ports
//! of the environment's Network Load Balancer that forward to one of the service's containers.

use schemars::JsonSchema;
use serde::Deserialize;

/// One port of the environment's Network Load Balancer that forwards to this service.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NlbListener {
    /// The port clients connect to on the Network Load Balancer (1..65535); unique across the
    /// app's services (FF0407).
    #[schemars(range(min = 1))]
    pub port: u16,
    /// `tcp`, `udp`, `tcp-udp` (both on the same port) or `tls` (the load balancer terminates
    /// TLS with `ingress.certificate` of the region, FF0408, and forwards TCP).
    pub protocol: NlbProtocol,
    /// The container port that receives the traffic (default: the service's first container
    /// port); one of the service's container ports.
    #[schemars(range(min = 1))]
    pub container_port: Option<u16>,
    /// The port of the task the load balancer health-checks over TCP (default: the container
    /// port). UDP cannot be health-checked, so a `udp` listener's container must accept TCP
    /// connections on this port.
    #[schemars(range(min = 1))]
    pub health_port: Option<u16>,
}

/// The protocol of a Network Load Balancer listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NlbProtocol {
    /// TCP, passed through (`TCP` listener and target group).
    Tcp,
    /// UDP (`UDP` listener and target group; health-checked over TCP on the container port or
    /// `health-port`).
    Udp,
    /// TCP and UDP on the same port (`TCP_UDP` listener and target group).
    TcpUdp,
    /// TLS terminated by the load balancer, TCP to the container (`TLS` listener, `TCP` target
    /// group).
    Tls,
}

impl NlbProtocol {
    /// The listener's `Protocol`.
    pub const fn listener(self) -> &'static str {
        match self {
            Self::Tcp => "TCP",
            Self::Udp => "UDP",
            Self::TcpUdp => "TCP_UDP",
            Self::Tls => "TLS",
        }
    }

    /// The target group's `Protocol`: a TLS listener forwards decrypted TCP.
    pub const fn target(self) -> &'static str {
        match self {
            Self::Tcp | Self::Tls => "TCP",
            Self::Udp => "UDP",
            Self::TcpUdp => "TCP_UDP",
        }
    }

    /// The IP protocol of the traffic to the container port (TCP and UDP for `tcp-udp`); the
    /// TCP health check is opened separately.
    pub const fn ip_protocols(self) -> &'static [&'static str] {
        match self {
            Self::Tcp | Self::Tls => &["tcp"],
            Self::Udp => &["udp"],
            Self::TcpUdp => &["tcp", "udp"],
        }
    }
}
