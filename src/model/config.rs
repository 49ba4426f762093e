//! Central configuration (`config:`): named SSM parameters per environment.

use schemars::JsonSchema;
use serde::Deserialize;

/// A configuration value: a plain string (stored by fleetform as an SSM `String` parameter
/// `/fleetform/{app}/{env}/config/{name}`, interpolated), `{value, path}` to store it under a path
/// of your own, or `{secure: /parameter/name, key: KMS key ARN}` for an existing `SecureString`
/// parameter (CloudFormation cannot create one).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum ConfigValue {
    /// A plain value.
    Plain(String),
    Secure(SecureConfig),
    /// A plain value stored under a path of your own.
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

/// A plain value stored under a path of your own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StoredConfig {
    /// The value (interpolated).
    pub value: String,
    /// The parameter name, e.g. `/shop/prod/feature-flags` (starts with `/`; give it in each
    /// environment's `config`, since names differ per environment).
    #[schemars(regex(pattern = r"^/[A-Za-z0-9_./-]{1,1010}$"))]
    pub path: String,
}

/// An existing SecureString parameter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SecureConfig {
    /// The parameter's name or path (`/shop/prod/stripe-key`).
    #[schemars(length(min = 1))]
    pub secure: String,
    /// The ARN of the customer-managed KMS key that encrypts it (the execution role gets
    /// `kms:Decrypt` on it); absent: the `aws/ssm` key.
    pub key: Option<String>,
}
