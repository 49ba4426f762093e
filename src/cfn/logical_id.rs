//! Logical IDs: `[A-Za-z0-9]{1,255}`, checked on construction.

use std::fmt;

use serde::{Serialize, Serializer};

/// A checked CloudFormation logical ID. Build one from stable blueprint names with
/// [`LogicalId::from_parts`], never from list positions: the ID is the resource's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogicalId(String);

impl LogicalId {
    /// Accepts an already well-formed ID.
    pub fn new(id: &str) -> Result<Self, String> {
        if id.is_empty() || id.len() > 255 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "`{id}` is not a valid logical ID (1-255 ASCII letters and digits)"
            ));
        }
        Ok(Self(id.to_owned()))
    }

    /// Joins names in PascalCase: `["Service", "delivery-dispatch"]` → `ServiceDeliveryDispatch`.
    /// Every non-alphanumeric character starts a new word and is dropped.
    pub fn from_parts(parts: &[&str]) -> Self {
        // By bytes: a byte of a multi-byte character is no ASCII alphanumeric either, so such
        // characters separate words as they did by characters (logical IDs are made by the
        // thousand in a large build).
        let mut id = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        for part in parts {
            let mut word_start = true;
            for b in part.bytes() {
                if b.is_ascii_alphanumeric() {
                    id.push(char::from(if word_start {
                        b.to_ascii_uppercase()
                    } else {
                        b
                    }));
                    word_start = false;
                } else {
                    word_start = true;
                }
            }
        }
        if id.is_empty() {
            id.push('X');
        }
        id.truncate(255);
        Self(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for LogicalId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::LogicalId;

    #[test]
    fn pascal_cases_names() {
        assert_eq!(
            LogicalId::from_parts(&["Service", "delivery-dispatch"]).as_str(),
            "ServiceDeliveryDispatch"
        );
        assert_eq!(
            LogicalId::from_parts(&["subnet", "private", "0"]).as_str(),
            "SubnetPrivate0"
        );
    }

    #[test]
    fn rejects_bad_ids() {
        assert!(LogicalId::new("a-b").is_err());
        assert!(LogicalId::new("").is_err());
        assert!(LogicalId::new("Ok1").is_ok());
    }
}
