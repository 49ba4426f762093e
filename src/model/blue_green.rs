//! Blue/green deployment by Route 53 weighted records (`deploy: dns-blue-green:`): two ECS
//! services of one blueprint service, each behind its own load balancer, and two alias records
//! of one name whose weights move traffic between them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::Service;

/// Blue/green by Route 53 weighted records (see `deploy.dns-blue-green`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DnsBlueGreen {
    /// The ID of the hosted zone that holds `name`, e.g. `Z0123456789ABCDEFGHIJ`; may use `{{…}}`
    /// names (e.g. a zone per environment through `vars`).
    #[schemars(length(min = 1))]
    pub zone: String,
    /// The record name both colours share, e.g. `api.shop.example.com`; may use `{{…}}` names and
    /// must differ between environments and regions (e.g. `api.{{env}}.shop.example.com`).
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The share of traffic of each colour, e.g. `{ blue: 100, green: 0 }`: 0–255 each, not both 0.
    /// Switching is this one line; the diff is just the two weights.
    pub weights: ColourWeights,
    /// The blue colour: its ECS service `SERVICE-blue`, load balancer and record.
    pub blue: Colour,
    /// The green colour: its ECS service `SERVICE-green`, load balancer and record.
    pub green: Colour,
    /// Per-environment overrides (environment name: settings), so environments switch one at a
    /// time: `weights`, and the `blue`/`green` fields to change there.
    #[serde(default)]
    #[schemars(extend("x-values" = "What this environment changes."))]
    pub environments: BTreeMap<String, Override>,
}

/// One environment's blue/green overrides.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Override {
    /// This environment's weights (0–255 each, not both 0).
    pub weights: Option<ColourWeights>,
    /// Blue's fields to change in this environment.
    pub blue: Option<Colour>,
    /// Green's fields to change in this environment.
    pub green: Option<Colour>,
}

/// The share of traffic of each colour, e.g. `{ blue: 100, green: 0 }`: 0–255 each, not both 0.
/// Switching is this one line; the diff is just the two weights.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ColourWeights {
    /// The blue record's weight (0–255).
    #[schemars(range(max = 255))]
    pub blue: u32,
    /// The green record's weight (0–255).
    #[schemars(range(max = 255))]
    pub green: u32,
}

/// What one colour runs: an image tag and, optionally, a port.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Colour {
    /// The value of `{{tag}}` in this colour's images (default: the app's `tag`); a stack
    /// parameter, so CI can still override it.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"))]
    pub tag: Option<String>,
    /// The routed container's port in this colour (default: the service's), e.g. when a new version
    /// listens elsewhere.
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
