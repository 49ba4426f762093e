//! Blue/green deployment by Route 53 weighted records (`deploy: dns-blue-green:`): two ECS
//! services of one blueprint service, each behind its own load balancer, and two alias records
//! of one name whose weights move traffic between them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::Service;

/// Two colours of one service and the weighted alias records that split traffic between them.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DnsBlueGreen {
    /// The hosted zone ID (`Z…`); may use `{{…}}` names (a zone per environment).
    #[schemars(length(min = 1))]
    pub zone: String,
    /// The record name both colours share; may use `{{…}}` names.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The share of each colour (0–255 each, not both 0). One line, so switching is a
    /// one-line change.
    pub weights: ColourWeights,
    pub blue: Colour,
    pub green: Colour,
    /// Per-environment overrides (environment name → settings), so environments switch one at
    /// a time: staging first, then prod.
    #[serde(default)]
    pub environments: BTreeMap<String, Override>,
}

/// What one environment changes: its weights and each colour's fields it names.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Override {
    pub weights: Option<ColourWeights>,
    pub blue: Option<Colour>,
    pub green: Option<Colour>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ColourWeights {
    #[schemars(range(max = 255))]
    pub blue: u32,
    #[schemars(range(max = 255))]
    pub green: u32,
}

/// What differs between the colours: the image tag and, optionally, the receiving port.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Colour {
    /// The value of `{{tag}}` in this colour's images (default: the app's `tag`).
    #[schemars(regex(pattern = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"))]
    pub tag: Option<String>,
    /// The port of the routed container in this colour (default: the service's).
    #[schemars(range(min = 1))]
    pub port: Option<u16>,
}

/// The two colours, in the order fleetform emits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColourName {
    Blue,
    Green,
}

impl ColourName {
    pub const ALL: [Self; 2] = [Self::Blue, Self::Green];

    /// `blue` or `green`: the blueprint key, and the `SetIdentifier` of the colour's record.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Blue => "blue",
            Self::Green => "green",
        }
    }
}

impl ColourWeights {
    pub const fn of(self, colour: ColourName) -> u32 {
        match colour {
            ColourName::Blue => self.blue,
            ColourName::Green => self.green,
        }
    }
}

impl DnsBlueGreen {
    /// The weights in environment `env`: its override, else the service's.
    pub fn weights_in(&self, env: &str) -> ColourWeights {
        self.environments
            .get(env)
            .and_then(|o| o.weights)
            .unwrap_or(self.weights)
    }

    /// A colour in environment `env`: each field of its override, else the service's.
    pub fn colour_in(&self, env: &str, colour: ColourName) -> Colour {
        let base = match colour {
            ColourName::Blue => &self.blue,
            ColourName::Green => &self.green,
        };
        let over = self.environments.get(env).and_then(|o| match colour {
            ColourName::Blue => o.blue.as_ref(),
            ColourName::Green => o.green.as_ref(),
        });
        Colour {
            tag: over
                .and_then(|o| o.tag.clone())
                .or_else(|| base.tag.clone()),
            port: over.and_then(|o| o.port).or(base.port),
        }
    }
}

impl Service {
    /// The service's DNS blue/green settings, if it deploys that way.
    pub fn dns_blue_green(&self) -> Option<&DnsBlueGreen> {
        self.deploy.dns_blue_green.as_ref()
    }

    /// Whether the service has a rule on the environment's shared load balancer: a `route`,
    /// unless its colours have load balancers of their own.
    pub fn on_shared_load_balancer(&self) -> bool {
        self.route.is_some() && self.dns_blue_green().is_none()
    }
}
