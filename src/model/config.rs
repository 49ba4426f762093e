//! Central configuration (`config:`): named SSM parameters per environment.

use schemars::JsonSchema;
use serde::Deserialize;

/// One configuration entry: a plain value fleetform stores as an SSM `String` parameter
/// `/fleetform/{app}/{env}/config/{name}`, or an existing `SecureString` parameter (which
/// CloudFormation cannot create).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum ConfigValue {
    Plain(String),
    Secure(SecureConfig),
    /// A plain value stored under a path the blueprint gives.
    Stored(StoredConfig),
}

impl ConfigValue {
    /// The plain value fleetform stores, if it stores one.
    pub fn plain(&self) -> Option<&str> {
        match self {
            Self::Plain(v) => Some(v),
            Self::Stored(s) => Some(&s.value),
            Self::Secure(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StoredConfig {
    pub value: String,
    /// The parameter's name (`/shop/prod/feature-flags`) instead of
    /// `/fleetform/{app}/{env}/config/{name}`.
    #[schemars(regex(pattern = r"^/[A-Za-z0-9_./-]{1,1010}$"))]
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SecureConfig {
    /// The parameter's name (`/shop/prod/stripe-key`).
    #[schemars(length(min = 1))]
    pub secure: String,
    /// The customer-managed KMS key ARN that encrypts it (absent: the `aws/ssm` key).
    pub key: Option<String>,
}
